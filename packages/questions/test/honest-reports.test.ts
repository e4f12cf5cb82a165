// Every question says what it knows, what it checked and found empty, and what it could not ask:
// one source answering 503 is named as not answered (and no negative is drawn from it), and with
// every remote source failing the summary's first line says nothing could be asked.
import { readFileSync } from 'node:fs';
import { createClient } from '@ldn-twin/core';
import { distanceMetres, parseWkt } from '@ldn-twin/geo';
import {
  culturalInfrastructureNear,
  developmentPipeline,
  digOnce,
  energyOutlook,
  type QuestionReport,
  retrofitCandidates,
} from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../connectors/test/fixtures/${path}`, import.meta.url), 'utf8'));
const BASE_ARCGIS = 'https://services.arcgis.com/drifeOPKLpgnJ8Qa/ArcGIS/rest/services';
const GIS2 = 'https://gis2.london.gov.uk/server/rest/services/apps/planning_data_map_02/FeatureServer';
const DATAHUB = 'https://planningdata.london.gov.uk/api-guest/applications/_search';
const PLANNING = 'https://www.planning.data.gov.uk/entity.json';
const DATASTORE = 'https://data.london.gov.uk';
const unavailable = () => HttpResponse.json({ detail: 'unavailable' }, { status: 503 });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });
const lambeth = { point: [-0.1198903, 51.4922191] as const };
const islington = { point: [-0.1025, 51.5362] as const };

/** Every remote source of the report failed: the first line says so, and no count follows. */
function expectNothingAsked(report: QuestionReport) {
  expect(report.outcome).toBe('none');
  expect(report.complete).toBe(false);
  expect(report.summary[0]).toMatch(/^Nothing could be asked( about .+)?: no service answered\.$/);
  const failed = report.sources.filter((s) => s.status === 'failed');
  expect(failed.length).toBeGreaterThan(0);
  const notAnswered = report.summary.filter((line) => line.startsWith('Not answered: '));
  for (const s of failed) {
    const name = s.source.replace(/ \([^()]+\)$/, '');
    expect(notAnswered.some((line) => line.includes(name) && line.endsWith(`(${s.error?.reason}).`))).toBe(
      true,
    );
  }
  expect(report.summary.join('\n')).not.toMatch(/\b0 |\bnone\b|not found/);
}

/** The GLA Planning Data Map for Islington: its service answering with the site allocations layer. */
const islingtonLocalPlan = (allocations: unknown) => {
  const gla = (name: string) => fixture(`gla-planning-data-map/${name}`);
  return [
    http.get(`${BASE_ARCGIS}/planning_local_plan_data_19/FeatureServer/layers`, () =>
      HttpResponse.json(gla('handmade-layers-19.json')),
    ),
    http.get(`${BASE_ARCGIS}/planning_local_plan_data_19_updated/FeatureServer/layers`, () =>
      HttpResponse.json(gla('handmade-layers-19-updated.json')),
    ),
    http.get(`${BASE_ARCGIS}/:service/FeatureServer/:layer/query`, ({ params }) =>
      HttpResponse.json(
        `${params.service}/${params.layer}` === 'planning_local_plan_data_19_updated/41'
          ? allocations
          : gla('handmade-query-empty.json'),
      ),
    ),
    http.get(`${GIS2}/layers`, () => HttpResponse.json(gla('handmade-londonwide-layers.json'))),
    http.get(`${GIS2}/:layer`, () => HttpResponse.json(gla('handmade-londonwide-layer219.json'))),
    http.get(`${GIS2}/:layer/query`, () => HttpResponse.json(gla('handmade-query-empty.json'))),
  ];
};

describe('developmentPipeline', () => {
  it('names the allocations and brownfield sites with the homes they still allow, asking every source the same radius', async () => {
    // Brownfield land in its documented shape (digital-land/specification brownfield-land fields):
    // no brownfield entity is recorded.
    const brownfield = {
      entity: 1729000001,
      name: 'Former Depot, Example Road',
      dataset: 'brownfield-land',
      reference: 'BF-1',
      'organisation-entity': '128',
      'entry-date': '2025-01-01',
      'start-date': '',
      'end-date': '',
      'site-address': 'Former Depot, Example Road',
      'minimum-net-dwellings': '40',
      'maximum-net-dwellings': '65',
      'planning-permission-status': 'not-permissioned',
    };
    let brownfieldAsked: URL | undefined;
    let datahubAsked: unknown;
    let allocationsAsked: URL | undefined;
    server.use(
      http.get(`${BASE_ARCGIS}/planning_local_plan_data_19_updated/FeatureServer/41/query`, ({ request }) => {
        allocationsAsked = new URL(request.url);
        return HttpResponse.json(fixture('gla-planning-data-map/handmade-query-site-allocations.json'));
      }),
      ...islingtonLocalPlan(fixture('gla-planning-data-map/handmade-query-site-allocations.json')),
      http.get(PLANNING, ({ request }) => {
        brownfieldAsked = new URL(request.url);
        return HttpResponse.json({ entities: [brownfield], links: {}, count: 1 });
      }),
      http.post(DATAHUB, async ({ request }) => {
        datahubAsked = await request.json();
        return HttpResponse.json({ hits: { total: { value: 0, relation: 'eq' }, hits: [] } });
      }),
    );
    const report = await developmentPipeline(islington, { client: client(), radiusMetres: 300 });
    expect(report.outcome).toBe('complete');
    // One radius for all: the Datahub's distance, the GLA query's distance, brownfield's circle.
    expect(JSON.stringify(datahubAsked)).toContain('300m');
    expect(allocationsAsked?.searchParams.get('distance')).toBe('300');
    const circle = parseWkt(brownfieldAsked?.searchParams.get('geometry') ?? '');
    const ring = circle.type === 'Polygon' ? circle.coordinates[0]! : [];
    expect(ring.length).toBeGreaterThan(8);
    for (const [lon, lat] of ring) expect(distanceMetres(-0.1025, 51.5362, lon!, lat!)).toBeCloseTo(300, -1);
    expect(report.summary[0]).toBe(
      '51.5362, -0.1025 (Islington) within 300 m: 0 planning applications, 2 site allocations, 0 opportunity areas, 1 brownfield site.',
    );
    expect(report.summary).toContain('- site allocation: Hand-made allocation one');
    expect(report.summary).toContain('- site allocation: Hand-made allocation two');
    expect(report.summary).toContain(
      '- brownfield site: Former Depot, Example Road, up to 65 net homes (at least 40) (not permissioned)',
    );
  });

  it('names the Datahub as not answered on a 503 and counts no applications from it', async () => {
    server.use(
      ...islingtonLocalPlan(fixture('gla-planning-data-map/handmade-query-empty.json')),
      http.get(PLANNING, () => HttpResponse.json({ entities: [], links: {}, count: 0 })),
      http.post(DATAHUB, unavailable),
    );
    const report = await developmentPipeline(islington, { client: client() });
    expect(report.outcome).toBe('partial');
    expect(report.sources[0]).toMatchObject({ status: 'failed', error: { reason: 'HTTP 503' } });
    expect(report.summary[0]).toBe(
      '51.5362, -0.1025 (Islington) within 500 m: 0 site allocations, 0 opportunity areas, 0 brownfield sites.',
    );
    expect(report.summary).toContain(
      'Not answered: planning applications (Planning London Datahub) (HTTP 503).',
    );
    // Brownfield land was asked and answered empty: a negative it may state.
    expect(report.sources[2]?.datasets).toEqual([
      { dataset: 'brownfield-land', label: 'brownfield land register', status: 'empty', records: 0 },
    ]);
  });

  it('does not count applications the Datahub returns for another borough, and says so', async () => {
    server.use(
      http.get(`${BASE_ARCGIS}/:service/FeatureServer/layers`, unavailable),
      http.get(`${GIS2}/:layer`, unavailable),
      http.get(PLANNING, unavailable),
      // The real Waltham Forest hits, answering a question about Lambeth.
      http.post(DATAHUB, () =>
        HttpResponse.json(fixture('planning-london-datahub/pld-applications-search.json')),
      ),
    );
    const report = await developmentPipeline({ borough: 'Lambeth' }, { client: client() });
    expect(report.summary[0]).toBe('Lambeth: 0 planning applications.');
    expect(report.summary[1]).toBe(
      '3 applications the Datahub returned lie outside Lambeth (Waltham Forest): not counted.',
    );
    expect(report.records.filter((r) => r.featureType === 'PlanningApplication')).toEqual([]);
  });

  it('says first that nothing could be asked when every source fails', async () => {
    server.use(
      http.get(`${BASE_ARCGIS}/:service/FeatureServer/layers`, unavailable),
      http.get(`${GIS2}/:layer`, unavailable),
      http.get(PLANNING, unavailable),
      http.post(DATAHUB, unavailable),
    );
    expectNothingAsked(await developmentPipeline(islington, { client: client() }));
  });
});

describe('culturalInfrastructureNear', () => {
  // A dataset listing in the documented layout (no real Cultural Infrastructure Map file is recorded).
  const SLUG = 'cultural-infrastructure-map-2025-2rj5o';
  const listing = {
    id: SLUG,
    title: 'Cultural Infrastructure Map 2025',
    sharing: 'public',
    tags: [],
    topics: [],
    resources: {
      '0f0e0d0c-1111-4222-8333-444455556666': {
        title: 'Music venues (grassroots)',
        url: `${DATASTORE}/download/cim/0f0e0d0c-1111-4222-8333-444455556666/music_venues.csv`,
        order: 1,
      },
    },
  };

  it('asks every venue type by default, and names the map as not answered on a 503', async () => {
    server.use(
      http.get(`${DATASTORE}/api/dataset/:key`, unavailable),
      http.post(DATAHUB, () =>
        HttpResponse.json(fixture('planning-london-datahub/pld-applications-search.json')),
      ),
    );
    const report = await culturalInfrastructureNear(lambeth, { client: client() });
    const map = report.sources.filter((s) => s.connector === 'cultural-infrastructure-map');
    expect(map.map((s) => s.source)).toContain('artists workspaces (Cultural Infrastructure Map)');
    expect(map.length).toBeGreaterThanOrEqual(12);
    expect(map.every((s) => s.status === 'failed' && s.error?.reason === 'HTTP 503')).toBe(true);
    // The types of one map failing alike share one line.
    expect(report.summary).toContainEqual(
      expect.stringMatching(
        /^Not answered: archives, artists workspaces, .*, pubs \(Cultural Infrastructure Map\) \(HTTP 503\)\.$/,
      ),
    );
    expect(report.outcome).toBe('partial');
    // No "0 cultural venues": the map could not say. The real hits are in Waltham Forest: returned,
    // but not within the radius, so not counted as nearby.
    expect(report.summary[0]).toBe('51.4922191, -0.1198903 (Lambeth): 0 planning applications nearby.');
    expect(report.summary[1]).toBe('3 applications the Datahub returned lie beyond 500 m: not counted.');
  });

  it('asks only the types it is told to, and flags a proposal that changes a cultural use', async () => {
    const csv = [
      'name,address,borough,latitude,longitude',
      'Jazz Basement,1 Example Street,Lambeth,51.4922,-0.1199',
    ].join('\r\n');
    const applications = fixture('planning-london-datahub/pld-applications-search.json');
    const [first] = applications.hits.hits;
    // The real hit, moved beside the venue and given a proposal a planner must read.
    const moved = {
      ...first,
      _source: {
        ...first._source,
        centroid: { lon: -0.1199, lat: 51.4923 },
        description: 'Change of use of ground floor music venue (Sui Generis) to residential (C3), 2 flats.',
      },
    };
    server.use(
      http.get(`${DATASTORE}/api/dataset/:key`, () => HttpResponse.json(listing)),
      http.get(
        `${DATASTORE}/download/cim/:id/:file`,
        () => new HttpResponse(csv, { headers: { 'content-type': 'text/csv' } }),
      ),
      http.post(DATAHUB, () =>
        HttpResponse.json({ ...applications, hits: { ...applications.hits, hits: [moved] } }),
      ),
    );
    const report = await culturalInfrastructureNear(lambeth, { client: client(), types: ['music-venues'] });
    expect(report.sources.map((s) => s.status)).toEqual(['answered', 'answered']);
    expect(report.summary).toContain('  Jazz Basement: 1 application within 100 m');
    expect(report.summary).toContain(
      '    Waltham Forest 190520 (Approved): Change of use of ground floor music venue (Sui Generis) to residential (C3), 2 flats. [may change the use away from a cultural one]',
    );
  });

  it('says first that nothing could be asked when every source fails', async () => {
    server.use(http.get(`${DATASTORE}/api/dataset/:key`, unavailable), http.post(DATAHUB, unavailable));
    expectNothingAsked(await culturalInfrastructureNear(lambeth, { client: client(), types: ['theatres'] }));
  });
});

describe('digOnce, retrofitCandidates and energyOutlook', () => {
  const window = { from: '2025-10-01', to: '2025-10-20' };

  it('digOnce names a failed source and, with all failing, says nothing could be asked', async () => {
    server.use(
      http.get('https://api.tfl.gov.uk/Road/all/Disruption', () =>
        HttpResponse.json(fixture('tfl/tfl-road-disruption.json')),
      ),
      http.get('https://api.tfl.gov.uk/Road/all/Street/Disruption', () =>
        HttpResponse.json(fixture('tfl/tfl-road-street-disruption.json')),
      ),
      http.post(DATAHUB, unavailable),
    );
    const one = await digOnce({ borough: 'Hounslow' }, { client: client(), window });
    expect(one.outcome).toBe('partial');
    expect(one.summary).toContain(
      'Not answered: developments under way (Planning London Datahub) (HTTP 503).',
    );
    server.use(
      http.get('https://api.tfl.gov.uk/Road/all/Disruption', unavailable),
      http.get('https://api.tfl.gov.uk/Road/all/Street/Disruption', unavailable),
    );
    expectNothingAsked(await digOnce({ borough: 'Hounslow' }, { client: client(), window }));
  });

  it('retrofitCandidates says nothing could be asked when the EPC register answers 503', async () => {
    server.use(http.get('https://epc.opendatacommunities.org/api/v1/domestic/search', unavailable));
    const report = await retrofitCandidates(
      { borough: 'Lambeth' },
      { client: client(), config: { epc: { email: 'analyst@example.gov.uk', apiKey: 'k' } } },
    );
    expectNothingAsked(report);
  });

  it('energyOutlook says nothing could be asked when the Carbon Intensity API answers 503', async () => {
    server.use(http.get('https://api.carbonintensity.org.uk/regional/regionid/13', unavailable));
    const report = await energyOutlook({ client: client(), horizon: 'current' });
    expect(report.summary[0]).toBe('Nothing could be asked: no service answered.');
    expectNothingAsked(report);
  });
});
