import { readFileSync } from 'node:fs';
import { createClient } from '@ldn-twin/core';
import { developmentPipeline, energyOutlook } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../connectors/test/fixtures/${path}`, import.meta.url), 'utf8'));
const london = fixture('carbon-intensity/carbonintensity-regional-regionid-13.json');
const walthamForest = fixture('planning-london-datahub/pld-applications-search.json');

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });

describe('energyOutlook', () => {
  it("reads London's intensity now from the real regional response", async () => {
    server.use(
      http.get('https://api.carbonintensity.org.uk/regional/regionid/13', () => HttpResponse.json(london)),
    );
    const report = await energyOutlook({ client: client(), horizon: 'current' });
    expect(report.complete).toBe(true);
    expect(report.summary[0]).toMatch(
      /^London's forecast carbon intensity: 1 half hours from 2021-12-13T16:30/,
    );
    expect(report.summary[1]).toMatch(/^1\. 2021-12-13T16:30.* 435 gCO2\/kWh on average$/);
    expect(report.attributions.join(' ')).toMatch(/CC BY 4\.0/);
  });

  it('picks the cleanest non-overlapping windows of a forecast', async () => {
    // The regional forecast's documented shape, with a day of made-up half-hour values.
    const start = Date.parse('2026-11-26T00:00:00Z');
    const values = Array.from({ length: 48 }, (_, i) => 200 + 100 * Math.sin((i / 48) * 2 * Math.PI));
    const periods = values.map((forecast, i) => ({
      from: new Date(start + i * 1_800_000).toISOString().replace(':00.000Z', 'Z'),
      to: new Date(start + (i + 1) * 1_800_000).toISOString().replace(':00.000Z', 'Z'),
      intensity: { forecast: Math.round(forecast), index: 'moderate' },
      generationmix: [{ fuel: 'wind', perc: 30 }],
    }));
    server.use(
      http.get('https://api.carbonintensity.org.uk/regional/intensity/:from/fw24h/regionid/13', () =>
        HttpResponse.json({
          data: { regionid: 13, dnoregion: 'UKPN London', shortname: 'London', data: periods },
        }),
      ),
    );
    const report = await energyOutlook({ client: client(), horizon: '24h', windowHours: 2, windows: 2 });
    // The sine is lowest three quarters of the way through the day: 18:00.
    expect(report.summary[1]).toMatch(/^1\. 2026-11-26T17:00:00Z to 2026-11-26T19:00:00Z/);
    expect(report.summary).toHaveLength(3);
  });
});

describe('developmentPipeline', () => {
  it('counts applications by stage with their homes, and asks for brownfield land', async () => {
    let searched: unknown;
    let geometry = '';
    server.use(
      http.post('https://planningdata.london.gov.uk/api-guest/applications/_search', async ({ request }) => {
        searched = await request.json();
        return HttpResponse.json(walthamForest);
      }),
      // Waltham Forest's local plan service, answering with no layers (the documented Esri shape).
      http.get(
        'https://services.arcgis.com/drifeOPKLpgnJ8Qa/ArcGIS/rest/services/planning_local_plan_data_31/FeatureServer/layers',
        () => HttpResponse.json({ layers: [], tables: [] }),
      ),
      http.get('https://www.planning.data.gov.uk/entity.json', ({ request }) => {
        expect(new URL(request.url).searchParams.getAll('dataset')).toEqual(['brownfield-land']);
        geometry = new URL(request.url).searchParams.get('geometry') ?? '';
        return HttpResponse.json({ entities: [], links: {}, count: 0 });
      }),
    );
    const report = await developmentPipeline({ borough: 'Waltham Forest' }, { client: client() });
    // The borough's full outline would not fit a URL: it is sent simplified, and the summary says so.
    expect(new URLSearchParams([['g', geometry]]).toString().length - 2).toBeLessThanOrEqual(6_000);
    expect(report.summary).toContainEqual(
      expect.stringMatching(
        /^The area's outline was simplified from [\d,]+ vertices to [\d,]+ to fit planning\.data\.gov\.uk's request limit/,
      ),
    );
    expect(JSON.stringify(searched)).toContain('Waltham Forest');
    expect(report.sources.map((s) => s.status)).toEqual(['answered', 'answered', 'answered']);
    expect(report.summary[0]).toBe(
      'Waltham Forest: 3 planning applications, 0 site allocations, 0 opportunity areas, 0 brownfield sites.',
    );
    const total = report.summary
      .slice(1)
      .reduce((sum, line) => sum + Number(/: (\d+) application/.exec(line)?.[1] ?? 0), 0);
    expect(total).toBe(3);
  });
});
