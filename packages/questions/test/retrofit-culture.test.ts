import { readFileSync } from 'node:fs';
import { createClient } from '@ldn-twin/core';
import { culturalInfrastructureNear, retrofitCandidates } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// A real EPC search row (94 Lillie Road, Hammersmith and Fulham; see the epc fixtures' SOURCES.md).
const row = JSON.parse(
  readFileSync(
    new URL('../../connectors/test/fixtures/epc/epc-domestic-search-row-hammersmith.json', import.meta.url),
    'utf8',
  ),
) as Record<string, string>;
const KEY = 'epc-key-never-shown-0123456789';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });

describe('retrofitCandidates', () => {
  it('ranks certificates by their efficiency gap, with the CO2 at stake', async () => {
    let asked: URL | undefined;
    // The real row, and the same home before and after a retrofit would stand in as neighbours.
    const better = {
      ...row,
      'lmk-key': `${row['lmk-key']}1`,
      'current-energy-efficiency': '70',
      address: '96 Lillie Road',
    };
    const worse = {
      ...row,
      'lmk-key': `${row['lmk-key']}2`,
      'current-energy-efficiency': '40',
      address: '98 Lillie Road',
    };
    server.use(
      http.get('https://epc.opendatacommunities.org/api/v1/domestic/search', ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json({ 'column-names': Object.keys(row), rows: [row, better, worse] });
      }),
    );
    const report = await retrofitCandidates(
      { borough: 'Hammersmith and Fulham' },
      { client: client(), config: { epc: { email: 'analyst@example.gov.uk', apiKey: KEY } } },
    );
    expect(asked?.searchParams.get('local-authority')).toBe('E09000013');
    expect(report.candidates.map((c) => [c.record.properties.attributes.address, c.efficiencyGap])).toEqual([
      ['98 Lillie Road', 36],
      ['94 Lillie Road', 16],
      ['96 Lillie Road', 6],
    ]);
    expect(report.candidates[0]?.co2AtStake).toBeCloseTo(2.6);
    expect(report.summary[1]).toMatch(
      /^1\. 98 Lillie Road: D to C \(\+36 points, 2\.6 t CO2\/yr\), Maisonette/,
    );
    expect(JSON.stringify(report)).not.toContain(KEY);
  });
});

describe('culturalInfrastructureNear', () => {
  it('finds the venues within the radius by type, and the applications pressing on them', async () => {
    // Built for this test in the documented layout (no real Cultural Infrastructure Map file is
    // recorded; see the london-datastore fixtures' SOURCES.md): one venue at the site, one 2 km away.
    const BASE = 'https://data.london.gov.uk';
    const SLUG = 'cultural-infrastructure-map-2025-2rj5o';
    const MUSIC = '0f0e0d0c-1111-4222-8333-444455556666';
    const csv = [
      'name,address,borough,latitude,longitude',
      'Jazz Basement,"1 Example Street, London",Camden,51.5386,-0.1426',
      'Far Hall,2 Distant Road,Hackney,51.5450,-0.1100',
    ].join('\r\n');
    const listing = {
      id: SLUG,
      title: 'Cultural Infrastructure Map 2023',
      sharing: 'public',
      tags: [],
      topics: [],
      resources: {
        [MUSIC]: {
          title: 'Music venues (grassroots)',
          url: `${BASE}/download/cim/${MUSIC}/music_venues.csv`,
          order: 1,
        },
      },
    };
    // A real Datahub search response (Waltham Forest) stands in for "applications nearby": none of
    // its sites is within 100 m of the venue, so no pressure is reported.
    const applications = JSON.parse(
      readFileSync(
        new URL(
          '../../connectors/test/fixtures/planning-london-datahub/pld-applications-search.json',
          import.meta.url,
        ),
        'utf8',
      ),
    );
    server.use(
      http.get(`${BASE}/api/dataset/:key`, () => HttpResponse.json(listing)),
      http.get(
        `${BASE}/download/cim/:id/:file`,
        () => new HttpResponse(csv, { headers: { 'content-type': 'text/csv' } }),
      ),
      http.post('https://planningdata.london.gov.uk/api-guest/applications/_search', () =>
        HttpResponse.json(applications),
      ),
    );
    const report = await culturalInfrastructureNear(
      { point: [-0.1426, 51.5386] },
      { client: client(), venueTypes: ['music-venues'] },
    );
    expect(report.sources.map((s) => s.status)).toEqual(['answered', 'answered']);
    expect(
      report.records.filter((r) => r.featureType === 'CulturalVenue').map((r) => r.properties.name),
    ).toEqual(['Jazz Basement']);
    expect(report.summary[0]).toMatch(
      /^.*\(Camden\): 1 cultural venue within 500 m, 0 planning applications nearby\.$/,
    );
    expect(report.summary[1]).toBe('- Music venues (grassroots): 1');
    // The real hits are in Waltham Forest, far from the venue: returned, but not "nearby".
    expect(report.summary).toContain('3 applications the Datahub returned lie beyond 500 m: not counted.');
  });
});
