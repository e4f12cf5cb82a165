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

  it('keeps only the venues within the radius as the file streams in, and says how many of how many', async () => {
    // A London-wide file built for this test: one venue at the site and 2,000 spread 5 to 25 km away,
    // so the answer is known by construction (1 venue) and the report must say 1 of 2,001 kept.
    const BASE = 'https://data.london.gov.uk';
    const SLUG = 'cultural-infrastructure-map-2025-2rj5o';
    const ID = '0f0e0d0c-1111-4222-8333-444455556667';
    const far = Array.from({ length: 2000 }, (_, i) => {
      const angle = (i / 2000) * 2 * Math.PI;
      const km = 5 + (i % 21);
      return `Far ${i},${i} Far Road,Elsewhere,${(51.5386 + (km / 111) * Math.sin(angle)).toFixed(5)},${(-0.1426 + (km / 69) * Math.cos(angle)).toFixed(5)}`;
    });
    const csv = [
      'name,address,borough,latitude,longitude',
      'Rehearsal Rooms,1 Near Street,Camden,51.5386,-0.1426',
      ...far,
    ].join('\n');
    server.use(
      http.get(`${BASE}/api/dataset/:key`, () =>
        HttpResponse.json({
          id: SLUG,
          title: 'Cultural Infrastructure Map 2025',
          resources: {
            [ID]: {
              title: 'Music venues (grassroots)',
              url: `${BASE}/download/cim/${ID}/music_venues.csv`,
              order: 1,
            },
          },
        }),
      ),
      http.get(
        `${BASE}/download/cim/:id/:file`,
        () => new HttpResponse(csv, { headers: { 'content-type': 'text/csv' } }),
      ),
    );
    const report = await culturalInfrastructureNear(
      { point: [-0.1426, 51.5386] },
      { client: client(), types: ['music-venues'], connectors: ['cultural-infrastructure-map'] },
    );
    const venues = report.sources.find((s) => s.connector === 'cultural-infrastructure-map');
    expect(venues).toMatchObject({ status: 'answered', records: 1, note: '1 of 2001 kept (within 500 m)' });
    expect(report.records.map((r) => r.properties.name)).toEqual(['Rehearsal Rooms']);
    expect(report.summary[0]).toMatch(/: 1 cultural venue within 500 m\.$/);
  });
});
