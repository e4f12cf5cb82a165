import { readFileSync } from 'node:fs';
import { createClient } from '@ldn-twin/core';
import { culturalInfrastructureNear } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });

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
