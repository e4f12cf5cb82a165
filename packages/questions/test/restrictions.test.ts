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
/** The datasets the recorded Lambeth query asked (fixtures SOURCES.md): a test asks the same. */
const RECORDED = JSON.parse(
  readFileSync(
    new URL(
      '../../connectors/test/fixtures/planning-data/planningdata-entity-json-lambeth-point.datasets.json',
      import.meta.url,
    ),
    'utf8',
  ),
) as string[];
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../connectors/test/fixtures/planning-data/${name}`, import.meta.url), 'utf8'),
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
      datasets: RECORDED,
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
    // What a planner reads first, in that order, each with where it came from.
    expect(report.summary.slice(1, 6)).toEqual([
      '4 designations intersect it:',
      '- Listed Building grade II: Southbank House, Black Prince Road [planning.data 4/38]',
      '- Conservation Area: Albert Embankment [planning.data CA57]',
      '- Article 4 Direction Area: South Bank House and Newport Street [planning.data 13]',
      '- Central Activities Zone [planning.data CAZ00000001]',
    ]);
    // Every dataset the real query asked and found nothing in, said as a negative (PlanX's "nots"),
    // the new national designations among them.
    expect(report.summary[6]).toBe(
      'Checked and not found here: Registered Park and Garden, National Landscape (Area of Outstanding Natural Beauty), National Park, World Heritage Site, World Heritage Site buffer zone, Special Protection Area, Scheduled Monument, Tree Preservation Order, Site of Special Scientific Interest, Special Area of Conservation, Ancient Woodland.',
    );
    const checks = report.sources[0]?.datasets ?? [];
    expect(checks).toHaveLength(RECORDED.length);
    expect(checks.find((c) => c.dataset === 'conservation-area')).toMatchObject({
      status: 'found',
      records: 1,
    });
    expect(checks.find((c) => c.dataset === 'ancient-woodland')).toMatchObject({
      status: 'empty',
      records: 0,
    });
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

  it('names planning.data as not answered when it answers 503, and states no negative for its datasets', async () => {
    server.use(
      http.get(`${BASE}/entity.json`, () => HttpResponse.json({ detail: 'unavailable' }, { status: 503 })),
    );
    const report = await restrictionsAt(site, {
      client: createClient({ cache: false, retry: { limit: 0 } }),
      sources: ['constraints', 'borough', 'flood', 'applications'],
    });
    const failed = report.sources.find((s) => s.connector === 'planning-data');
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'HTTP', reason: 'HTTP 503' } });
    expect(failed?.datasets?.every((c) => c.status === 'not answered' && c.reason === 'HTTP 503')).toBe(true);
    expect(report.complete).toBe(false);
    expect(report.outcome).toBe('partial');
    expect(report.records.map((r) => r.featureType)).toEqual(['AdministrativeArea', 'Alert', 'Alert']);
    // No "not in a Flood Risk Zone", no "no designation": planning.data could not say.
    expect(report.summary.join('\n')).not.toMatch(/not found|designation|Flood Risk Zone/);
    expect(report.summary).toContain('Not answered: planning constraints (planning.data.gov.uk) (HTTP 503).');
  });

  it('says first that nothing could be asked when every remote source fails (the borough alone is no answer)', async () => {
    const down = () => HttpResponse.json({ detail: 'unavailable' }, { status: 503 });
    server.use(
      http.get(`${BASE}/entity.json`, down),
      http.get('https://environment.data.gov.uk/flood-monitoring/id/floods', down),
      http.post('https://planningdata.london.gov.uk/api-guest/applications/_search', down),
    );
    const report = await restrictionsAt(site, {
      client: createClient({ cache: false, retry: { limit: 0 } }),
      sources: ['constraints', 'borough', 'flood', 'applications'],
    });
    expect(report.sources.map((s) => s.status)).toEqual(['failed', 'answered', 'failed', 'failed']);
    expect(report.outcome).toBe('none');
    expect(report.summary[0]).toBe(
      'Nothing could be asked about 51.4922191, -0.1198903 (Lambeth): no service answered.',
    );
    expect(report.summary.slice(1)).toHaveLength(3);
    expect(report.summary.slice(1).every((line) => line.startsWith('Not answered: '))).toBe(true);
    expect(report.summary.join('\n')).not.toMatch(/\b0 |No flood warning|not found/);
  });

  it('reads a flood zone as "Flood Zone 3" and puts it first', async () => {
    // Documented shape only: no flood-risk-zone entity is recorded; its keys and values
    // ("flood-risk-level" "3", "flood-risk-type" "Tidal Models") are the field guide's, from PlanX mocks.
    const flood = {
      entity: 65000001,
      name: '',
      dataset: 'flood-risk-zone',
      typology: 'geography',
      reference: '311094/3',
      prefix: 'flood-risk-zone',
      'organisation-entity': '600009',
      'entry-date': '2026-01-01',
      'start-date': '',
      'end-date': '',
      'flood-risk-level': '3',
      'flood-risk-type': 'Tidal Models',
    };
    server.use(
      http.get(`${BASE}/entity.json`, () =>
        HttpResponse.json({ ...lambeth, entities: [...lambeth.entities, flood], count: 5 }),
      ),
    );
    const report = await restrictionsAt(site, { client: client(), sources: ['constraints'] });
    expect(report.summary[2]).toBe('- Flood Zone 3 (Tidal Models) [planning.data 311094/3]');
    expect(report.summary.join('\n')).not.toContain('311094/3 ');
    expect(report.summary.join('\n')).not.toMatch(/not found here:.*Flood Risk Zone/);
  });

  it('merges the same designation from two publishers into one line with both provenances', async () => {
    // Real entities (Lambeth Palace): the borough's CA10 and Historic England's copy COA00000232.
    const entities = fixture('planningdata-entity-conservation-area.json');
    server.use(
      http.get(`${BASE}/entity.json`, () =>
        HttpResponse.json({ entities, links: {}, count: entities.length }),
      ),
    );
    const report = await restrictionsAt(site, {
      client: client(),
      sources: ['constraints'],
      datasets: ['conservation-area'],
    });
    expect(report.records).toHaveLength(2);
    expect(report.summary.slice(1)).toEqual([
      '1 designation intersects it:',
      '- Conservation Area: Lambeth Palace [planning.data CA10; planning.data COA00000232]',
    ]);
  });

  it('asks the new datasets, maps tree preservation orders, and asks any dataset by name', async () => {
    // Real Lambeth TPO trees (three trees of order 452), re-packaged in the documented body.
    const trees = fixture('planningdata-entity-tree-lambeth.json');
    const other = {
      ...trees[0],
      entity: 7002008299,
      dataset: 'building-preservation-notice',
      reference: 'BPN1',
      name: 'Old Mill',
    };
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) => {
        asked.push(new URL(request.url));
        return HttpResponse.json({ entities: [...trees, other], links: {}, count: 4 });
      }),
    );
    const byDefault = await restrictionsAt(site, { client: client(), sources: ['constraints'] });
    const datasets = asked[0]?.searchParams.getAll('dataset') ?? [];
    for (const name of [
      'ancient-woodland',
      'special-area-of-conservation',
      'special-protection-area',
      'ramsar',
      'battlefield',
      'area-of-outstanding-natural-beauty',
      'national-park',
      'tree-preservation-order',
      'tree-preservation-zone',
      'heritage-coast',
      'locally-listed-building',
      'flood-storage-area',
      'flood-risk-zone',
    ])
      expect(datasets).toContain(name);
    expect(datasets).not.toContain('brownfield-land');
    expect(byDefault.summary).toContain(
      '- Tree Preservation Order (order 452) [planning.data 1657; planning.data 1658; planning.data 1659]',
    );
    const named = await restrictionsAt(site, {
      client: client(),
      sources: ['constraints'],
      datasets: ['tree', 'building-preservation-notice'],
    });
    expect(asked[1]?.searchParams.getAll('dataset')).toEqual(['tree', 'building-preservation-notice']);
    const notice = named.records.find(
      (r) => r.properties.provenance.dataset === 'building-preservation-notice',
    );
    expect(notice?.featureType === 'PlanningConstraint' && notice.properties.attributes.constraintType).toBe(
      'other',
    );
    expect(named.summary).toContain('- building preservation notice: Old Mill [planning.data BPN1]');
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
      http.get(`${GIS2}/layers`, () => HttpResponse.json(gla('handmade-londonwide-layers.json'))),
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
    expect(report.summary.some((line) => line.startsWith('- Site allocation: '))).toBe(true);
  });
});

describe('restrictionsAt with a very detailed outline', () => {
  /** A wavy ring of `n` vertices around the recorded site, about 200 m across. */
  const outline = (n: number) => {
    const ring = Array.from({ length: n }, (_, i) => {
      const a = (i / n) * 2 * Math.PI;
      const r = 1 + 0.1 * Math.sin(7 * a);
      return [site.point[0] + 0.0014 * r * Math.cos(a), site.point[1] + 0.0009 * r * Math.sin(a)];
    });
    return { type: 'Polygon' as const, coordinates: [[...ring, ring[0]!]] };
  };

  it('simplifies an outline of 10^6 vertices to the request limit and says so', async () => {
    // As given, its WKT would be about 38 MB of URL; the limit is the default 6,000 characters.
    const report = await restrictionsAt(
      { polygon: outline(1_000_000) },
      { client: client(), sources: ['constraints'], datasets: RECORDED },
    );
    const planningAsked = asked.find((url) => url.hostname === 'www.planning.data.gov.uk');
    const sent = new URLSearchParams([['g', planningAsked?.searchParams.get('geometry') ?? '']]);
    expect(sent.toString().length - 2).toBeLessThanOrEqual(6_000);
    expect(planningAsked?.href.length).toBeLessThan(8_192);
    expect(planningAsked?.searchParams.get('geometry')).toMatch(/^POLYGON \(\(/);
    expect(report.summary).toContainEqual(
      expect.stringMatching(
        /^The area's outline was simplified from 1,000,001 vertices to [\d,]+ to fit planning\.data\.gov\.uk's request limit \(6,000 characters of geometry\): what lies within metres of its edge may differ\.$/,
      ),
    );
    expect(report.records.filter((r) => r.featureType === 'PlanningConstraint')).toHaveLength(4);
  }, 60_000);

  it('sends an outline that fits as it is, with no note', async () => {
    const report = await restrictionsAt(
      { polygon: outline(50) },
      { client: client(), sources: ['constraints'], datasets: RECORDED },
    );
    const planningAsked = asked.find((url) => url.hostname === 'www.planning.data.gov.uk');
    expect(planningAsked?.searchParams.get('geometry')?.split(',')).toHaveLength(51);
    expect(report.summary.join('\n')).not.toMatch(/outline/);
  });
});
