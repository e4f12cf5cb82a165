import { readFileSync } from 'node:fs';
import { createClient, TwinRecordSchema } from '@ldn-twin/core';
import { PlaceError, restrictionsAt } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The real planning.data.gov.uk response for this very site (see the connectors' fixtures SOURCES.md).
const lambeth = JSON.parse(
  readFileSync(
    new URL(
      '../../connectors/test/fixtures/planning-data/planningdata-entity-json-lambeth-point.json',
      import.meta.url,
    ),
    'utf8',
  ),
);
const BASE = 'https://www.planning.data.gov.uk';
// The real EA answer to /id/floods (two warnings on the Ouse in 2015): the service does the
// "near" filtering, so in these tests it stands for "what the EA said is in force nearby".
const warnings = JSON.parse(
  readFileSync(
    new URL('../../connectors/test/fixtures/ea-flood/ea-flood-warnings.json', import.meta.url),
    'utf8',
  ),
);
const noApplications = { hits: { total: { value: 0, relation: 'eq' }, hits: [] } };
const site = { point: [-0.1198903, 51.4922191] as const };
let asked: URL[] = [];
const server = setupServer(
  http.get(`${BASE}/entity.json`, ({ request }) => {
    asked.push(new URL(request.url));
    return HttpResponse.json(lambeth);
  }),
  http.get(`${BASE}/dataset/:name`, () => HttpResponse.json({ detail: 'not recorded' }, { status: 404 })),
  http.get('https://environment.data.gov.uk/flood-monitoring/id/floods', ({ request }) => {
    asked.push(new URL(request.url));
    return HttpResponse.json(warnings);
  }),
  http.post('https://planningdata.london.gov.uk/api-guest/applications/_search', () =>
    HttpResponse.json(noApplications),
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  asked = [];
});
afterAll(() => server.close());

const client = () => createClient({ cache: false });

describe('restrictionsAt', () => {
  it('answers with the constraints that intersect the site and its borough', async () => {
    const report = await restrictionsAt(site, {
      client: client(),
      sources: ['constraints', 'borough', 'flood', 'applications'],
    });
    const planningAsked = asked.find((url) => url.hostname === 'www.planning.data.gov.uk');
    expect(planningAsked?.searchParams.get('geometry_relation')).toBe('intersects');
    expect(planningAsked?.searchParams.getAll('dataset')).toContain('conservation-area');
    const floodAsked = asked.find((url) => url.hostname === 'environment.data.gov.uk');
    expect(floodAsked?.searchParams.get('lat')).toBe('51.4922191');
    expect(report.place?.borough).toMatchObject({ code: 'E09000022', name: 'Lambeth' });
    expect(report.records.filter((r) => r.featureType === 'PlanningConstraint')).toHaveLength(4);
    expect(report.records.find((r) => r.featureType === 'AdministrativeArea')?.id).toBe(
      'urn:ldntwin:administrative-area:gss:E09000022',
    );
    // Every record, the borough one the question builds itself included, is a valid twin record.
    for (const record of report.records) expect(TwinRecordSchema.safeParse(record).error).toBeUndefined();
    expect(report.summary[0]).toMatch(/in Lambeth \(E09000022\), Inner London/);
    expect(report.summary).toContain('- conservation area: Albert Embankment');
    expect(report.summary).toContain('- listed building: Southbank House, Black Prince Road (grade II)');
    expect(report.sources.map((s) => s.status)).toEqual(['answered', 'answered', 'answered', 'answered']);
    expect(report.summary).toContain(
      '2 flood warnings or alerts in force nearby: Flood Alert: Upper River Ouse; Flood Warning: River Ouse at Naburn Lock',
    );
    expect(report.summary.at(-1)).toBe('0 recent planning applications around the site.');
    expect(report.complete).toBe(true);
    expect(report.attributions).toContain(
      'Contains Ordnance Survey data © Crown copyright and database right',
    );
    expect(report.access.classification).toBe('open');
  });

  it('still answers, and names the failed source, when planning.data fails', async () => {
    server.use(http.get(`${BASE}/entity.json`, () => HttpResponse.json({ detail: 'boom' }, { status: 500 })));
    const report = await restrictionsAt(site, {
      client: createClient({ cache: false, retry: { limit: 0 } }),
      sources: ['constraints', 'borough', 'flood', 'applications'],
    });
    const failed = report.sources.find((s) => s.connector === 'planning-data');
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'HTTP' } });
    expect(report.complete).toBe(false);
    expect(report.records.map((r) => r.featureType)).toEqual(['AdministrativeArea', 'Alert', 'Alert']);
    expect(report.summary.at(-1)).toMatch(/^Could not ask planning constraints/);
  });

  it('asks only the sources it is told to', async () => {
    const report = await restrictionsAt(site, { client: client(), sources: ['constraints', 'borough'] });
    expect(report.sources.map((s) => s.source)).toEqual([
      'planning constraints (planning.data.gov.uk)',
      'borough (@ldn-twin/geo boundaries)',
    ]);
    expect(asked.every((url) => url.hostname === 'www.planning.data.gov.uk')).toBe(true);
  });

  it('resolves an OS grid reference and a borough name', async () => {
    const only = ['constraints'] as const;
    const byGridRef = await restrictionsAt({ gridRef: 'TQ 30 78' }, { client: client(), sources: only });
    expect(byGridRef.place?.borough?.name).toBe('Lambeth');
    expect(asked[0]?.searchParams.get('geometry')).toMatch(/^POINT\(-0\.1\d+ 51\.4\d+\)$/);
    const byBorough = await restrictionsAt({ borough: 'lambeth' }, { client: client(), sources: only });
    expect(byBorough.place?.borough?.code).toBe('E09000022');
    expect(asked[1]?.searchParams.get('geometry')).toMatch(/^(MULTI)?POLYGON/);
  });

  it.each([
    [{ point: [-1.2577, 51.752] as const }, /outside Greater London/],
    [{ borough: 'Gotham' }, /unknown borough "Gotham"/],
    [{ gridRef: 'TQ 123' }, /./],
  ])('says clearly what is wrong with %j', async (badSite, message) => {
    await expect(restrictionsAt(badSite, { client: client() })).rejects.toThrow(message);
    await expect(restrictionsAt(badSite, { client: client() })).rejects.toBeInstanceOf(PlaceError);
    expect(asked).toHaveLength(0);
  });

  it("includes the borough's local plan layers from the GLA Planning Data Map", async () => {
    // Hand-made to the documented Esri shapes (see the connector's fixtures SOURCES.md).
    const gla = (name: string) =>
      JSON.parse(
        readFileSync(
          new URL(`../../connectors/test/fixtures/gla-planning-data-map/${name}`, import.meta.url),
          'utf8',
        ),
      );
    const BASE_ARCGIS = 'https://services.arcgis.com/drifeOPKLpgnJ8Qa/ArcGIS/rest/services';
    const GIS2 = 'https://gis2.london.gov.uk/server/rest/services/apps/planning_data_map_02/FeatureServer';
    server.use(
      http.get(`${BASE_ARCGIS}/planning_local_plan_data_19/FeatureServer/layers`, () =>
        HttpResponse.json(gla('handmade-layers-19.json')),
      ),
      http.get(`${BASE_ARCGIS}/planning_local_plan_data_19_updated/FeatureServer/layers`, () =>
        HttpResponse.json(gla('handmade-layers-19-updated.json')),
      ),
      http.get(`${BASE_ARCGIS}/:service/FeatureServer/:layer/query`, ({ params }) =>
        HttpResponse.json(
          `${params.service}/${params.layer}` === 'planning_local_plan_data_19_updated/41'
            ? gla('handmade-query-site-allocations.json')
            : gla('handmade-query-empty.json'),
        ),
      ),
      http.get(`${GIS2}/219`, () => HttpResponse.json(gla('handmade-londonwide-layer219.json'))),
      http.get(`${GIS2}/220`, () => HttpResponse.json(gla('handmade-londonwide-layer220.json'))),
      http.get(`${GIS2}/:layer/query`, () => HttpResponse.json(gla('handmade-query-empty.json'))),
    );
    const islington = { point: [-0.1025, 51.5362] as const };
    const report = await restrictionsAt(islington, { client: client(), sources: ['local-plan'] });
    expect(report.place?.borough?.name).toBe('Islington');
    expect(report.sources).toMatchObject([{ connector: 'gla-planning-data-map', status: 'answered' }]);
    const allocations = report.records.filter(
      (r) =>
        r.featureType === 'PlanningConstraint' &&
        r.properties.attributes.constraintType === 'site-allocation',
    );
    expect(allocations.length).toBeGreaterThan(0);
    expect(report.summary.some((line) => line.startsWith('- site allocation: '))).toBe(true);
  });
});
