import { readFileSync } from 'node:fs';
import { createClient, OPEN_ACCESS, type TwinRecordOf, twinId } from '@ldn-twin/core';
import { digOnce } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../connectors/test/fixtures/${path}`, import.meta.url), 'utf8'));

// Real TfL responses: roadworks on Burlington Lane (W4) and a street segment on Windmill Road (TW8), Hounslow.
const server = setupServer(
  http.get('https://api.tfl.gov.uk/Road/all/Disruption', () =>
    HttpResponse.json(fixture('tfl/tfl-road-disruption.json')),
  ),
  http.get('https://api.tfl.gov.uk/Road/all/Street/Disruption', () =>
    HttpResponse.json(fixture('tfl/tfl-road-street-disruption.json')),
  ),
  http.post('https://planningdata.london.gov.uk/api-guest/applications/_search', () =>
    HttpResponse.json({ hits: { total: { value: 0, relation: 'eq' }, hits: [] } }),
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A permit as the street-manager connector would map it, placed beside the TfL roadworks. */
function permit(id: string, lon: number, from: string, to: string): TwinRecordOf<'StreetWork'> {
  return {
    type: 'Feature',
    id: twinId('StreetWork', 'street-manager', id),
    featureType: 'StreetWork',
    geometry: { type: 'Point', coordinates: [lon, 51.486126] },
    time: { interval: [from, to] },
    properties: {
      kind: 'StreetWork',
      name: `permit ${id}`,
      identifiers: [],
      validFrom: from,
      validTo: to,
      recordedAt: from,
      locationPrecision: 'exact',
      relations: [],
      provenance: {
        publisher: 'DfT Street Manager',
        dataset: 'permits',
        retrievedAt: from,
        method: 'reported',
      },
      licence: {
        id: 'OGL-UK-3.0',
        attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'],
      },
      access: OPEN_ACCESS,
      attributes: {},
    },
  };
}

const client = () => createClient({ cache: false, retry: { limit: 0 } });
const window = { from: '2025-10-01', to: '2025-10-20' };

describe('digOnce', () => {
  it('finds no shared dig between works 4 km apart, and says how many works it saw', async () => {
    const report = await digOnce({ borough: 'Hounslow' }, { client: client(), window });
    expect(report.sources.every((s) => s.status === 'answered')).toBe(true);
    expect(report.opportunities).toEqual([]);
    expect(report.summary[0]).toMatch(
      /^Hounslow, 2025-10-01 to 2025-10-20: \d+ works in the window, 0 chances to dig once\.$/,
    );
  });

  it('groups a permit beside the TfL roadworks, and ranks by the days saved', async () => {
    const near = permit('A1', -0.25318, '2025-10-05', '2025-10-15'); // about 6 m away
    const far = permit('B2', -0.2, '2025-10-05', '2025-10-15'); // about 3.7 km away
    const later = permit('C3', -0.25312, '2025-11-01', '2025-11-05'); // beside it but after the window
    const report = await digOnce(
      { borough: 'Hounslow' },
      { client: client(), window, streetWorks: [near, far, later] },
    );
    expect(report.opportunities).toHaveLength(1);
    const [opportunity] = report.opportunities;
    expect(opportunity?.works.map((w) => w.featureType)).toEqual(['TransportDisruption', 'StreetWork']);
    expect(opportunity?.reason).toBe('within 50 m');
    expect(opportunity?.daysSaved).toBe(10); // the permit's 10 days happen inside the longer roadworks
    expect(report.records.map((r) => r.id)).toContain(near.id);
    expect(report.summary[1]).toMatch(
      /^1\. 2 works within 50 m, 2025-10-01 to 2025-10-21: 10 days of disruption saved/,
    );
  });
});
