import { readFileSync } from 'node:fs';
import {
  buildQuery,
  buildSearchBody,
  countApplications,
  PLD_HOSTS,
  planningLondonDatahub,
} from '@ldn-twin/connectors/planning-london-datahub';
import { connect, createClient, isHttpError, isPagingError, type TwinRecordOf } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

type Hit = { _id: string; _source: Record<string, unknown>; sort?: unknown[]; [key: string]: unknown };
type SearchBody = { hits: { total: unknown; hits: Hit[] }; [key: string]: unknown };

/** A real `_search` response (see fixtures/planning-london-datahub/SOURCES.md). */
const recorded = JSON.parse(
  readFileSync(
    new URL('./fixtures/planning-london-datahub/pld-applications-search.json', import.meta.url),
    'utf8',
  ),
) as SearchBody;
const hits = recorded.hits.hits;
const withHits = (list: unknown[], total: unknown = { value: list.length, relation: 'eq' }) => ({
  ...recorded,
  hits: { ...recorded.hits, total, hits: list },
});
/** A recorded hit with changes to its `_source`. */
const hitWith = (index: number, source: Record<string, unknown>, id?: string): Hit => ({
  ...hits[index]!,
  ...(id ? { _id: id } : {}),
  _source: { ...hits[index]!._source, ...source },
});

const BASE = PLD_HOSTS.legacy;
const SEARCH = `${BASE}/applications/_search`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const pld = (config: Record<string, unknown> = {}) =>
  connect(planningLondonDatahub, { client: createClient({ cache: false }), config });

/** Serves `_search`, keeping each request's headers and JSON body. */
function serveSearch(answer: (body: Record<string, unknown>, call: number) => unknown) {
  const calls: { body: Record<string, unknown>; headers: Headers; url: string }[] = [];
  server.use(
    http.post(SEARCH, async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      calls.push({ body, headers: request.headers, url: request.url });
      return HttpResponse.json(answer(body, calls.length) as Record<string, unknown>);
    }),
  );
  return calls;
}

type Application = TwinRecordOf<'PlanningApplication'>;

describe('planning-london-datahub search', () => {
  it('POSTs the built body with the X-API-AllowRequest header and maps the recorded hits', async () => {
    const calls = serveSearch(() => recorded);
    const { records, report } = await pld().search({}).collect();

    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers.get('x-api-allowrequest')).toBe('be2rmRnt&');
    expect(calls[0]?.body).toEqual({ query: { match_all: {} }, size: 1000, sort: [{ id: 'asc' }] });
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0, pages: 1, complete: true });

    const [first, second, third] = records as Application[];
    expect(first?.id).toBe('urn:ldntwin:planning-application:planning-london-datahub:Waltham_Forest-190520');
    expect(first?.properties.name).toBe('Waltham Forest 190520');
    expect(first?.properties.description).toMatch(/^Demolition of existing building/);
    expect(first?.properties.identifiers).toEqual([
      { scheme: 'lpa-ref', value: '190520', issuer: 'E09000031' },
      { scheme: 'uprn', value: '100022963618' },
      { scheme: 'gss', value: 'E09000031', issuer: 'ONS' },
      { scheme: 'other', value: 'Waltham_Forest-190520', issuer: 'planning-london-datahub' },
    ]);
    expect(first?.properties.attributes).toMatchObject({
      reference: '190520',
      authority: 'Waltham Forest',
      authorityCode: 'E09000031',
      status: 'Approved',
      stage: 'approved',
      developmentType: 'New Build',
      applicationTypeFull: 'Full planning permission',
      decisionDate: '2020-01-20',
      lapsedDate: '2023-01-20',
      siteName: '313-319',
      streetName: 'High Road Leytonstone',
      postcode: 'E11 4JT',
      residential: {
        proposedUnits: 9,
        proposedBedrooms: 21,
        proposedAffordableUnits: 0,
        proposedMarketForSaleUnits: 9,
      },
    });
    expect(first?.properties.attributes.commencementDate).toBeUndefined(); // null in the hit
    expect(first?.properties.attributes.residential?.units).toHaveLength(9);
    expect(first?.properties.attributes.residential?.units?.[0]).toEqual({ changeType: 'Gain', bedrooms: 3 });
    expect(first?.geometry).toEqual({ type: 'Point', coordinates: [0.005038, 51.554645] });
    expect(first?.properties.locationPrecision).toBe('centroid');
    expect(first?.properties.provenance).toMatchObject({
      dataset: 'applications',
      sourceId: 'Waltham_Forest-190520',
      connector: 'planning-london-datahub',
      method: 'reported',
    });
    expect(first?.properties.licence.id).toBe('OGL-UK-3.0');
    expect(first?.properties.access.classification).toBe('open');

    // No residential_units when nothing is proposed: totals only.
    expect(second?.properties.attributes.residential).toEqual({
      proposedUnits: 0,
      proposedBedrooms: 0,
      proposedAffordableUnits: 0,
      proposedMarketForSaleUnits: 0,
    });
    expect(third?.properties.attributes).toMatchObject({
      stage: 'completed',
      completionDate: '2019-06-06',
      commencementDate: '2019-06-06',
    });
  });

  it('reads last_updated with spaces inside it as the ISO timestamp it is', async () => {
    serveSearch(() => recorded);
    const { records } = await pld().search({}).collect();
    const first = records[0] as Application;
    expect(hits[0]?._source.last_updated).toBe('2020-11-25T13: 43: 30.207Z');
    expect(first.properties.attributes.lastUpdated).toBe('2020-11-25T13:43:30.207Z');
    expect(first.properties.recordedAt).toBe('2020-11-25T13:43:30.207Z');
  });

  it('keeps _ignored (fields Elasticsearch could not index) in extra', async () => {
    serveSearch(() => recorded);
    const { records } = await pld().search({}).collect();
    expect(hits[0]?._ignored).toEqual(['polygon']);
    expect((records[0] as Application).properties.attributes.extra).toEqual({ _ignored: 'polygon' });
    expect((records[1] as Application).properties.attributes.extra).toEqual({});
  });

  it('reads hits.total as an object and as a plain number (older clusters)', async () => {
    serveSearch(() => ({ ...recorded, hits: { ...recorded.hits, total: 3 } }));
    const { report } = await pld().search({}).collect();
    expect(recorded.hits.total).toEqual({ value: 134, relation: 'eq' });
    expect(report).toMatchObject({ received: 3, mapped: 3, complete: true });
  });

  it('sends the body built from typed filters, with the configured fields and sort', async () => {
    const calls = serveSearch(() => withHits([]));
    await pld({
      lpaNameField: 'lpa_name.raw',
      geoField: 'location',
      sort: [{ last_updated: 'desc' }, { id: 'asc' }],
    })
      .search({
        filters: { boroughs: ['E09000031'], near: { point: [0.005, 51.55], distanceMetres: 250 } },
        pageSize: 50,
      })
      .collect();
    expect(calls[0]?.body).toEqual({
      query: {
        bool: {
          filter: [
            { match_phrase: { 'lpa_name.raw': 'Waltham Forest' } },
            { geo_distance: { distance: '250m', location: { lat: 51.55, lon: 0.005 } } },
          ],
        },
      },
      size: 50,
      sort: [{ last_updated: 'desc' }, { id: 'asc' }],
    });
  });

  it('rejects filters it cannot build before sending anything', () => {
    expect(() =>
      pld().search({ filters: { bbox: [0, 51, 0.1, 51.6], near: { point: [0, 51], distanceMetres: 5 } } }),
    ).toThrow(/invalid params/);
    expect(() => pld().search({ filters: { decisionDate: { from: '01/02/2024' } } })).toThrow(
      /invalid params/,
    );
    expect(() => pld().search({ pageSize: 10_001 })).toThrow(/invalid params/);
  });
});

describe('planning-london-datahub search_after paging', () => {
  const sorted = (list: Hit[]) => list.map((hit) => ({ ...hit, sort: [hit._id] }));

  it('pages with search_after = the last hit’s sort values until a short page', async () => {
    const page2 = sorted([hitWith(0, {}, 'Waltham_Forest-200001'), hitWith(1, {}, 'Waltham_Forest-200002')]);
    const calls = serveSearch((body) =>
      body.search_after
        ? withHits(page2, { value: 10_000, relation: 'gte' })
        : withHits(sorted(hits), { value: 10_000, relation: 'gte' }),
    );
    const { records, report } = await pld().search({ pageSize: 3 }).collect();
    expect(calls).toHaveLength(2);
    expect(calls[0]?.body.search_after).toBeUndefined();
    expect(calls[1]?.body).toMatchObject({
      size: 3,
      sort: [{ id: 'asc' }],
      search_after: ['Waltham_Forest-190563'],
    });
    expect(records).toHaveLength(5);
    expect(report).toMatchObject({ pages: 2, received: 5, complete: true });
  });

  it('stops without an empty request once an exact total is reached', async () => {
    const calls = serveSearch(() => withHits(sorted(hits), { value: 3, relation: 'eq' }));
    const { records } = await pld().search({ pageSize: 3 }).collect();
    expect(calls).toHaveLength(1);
    expect(records).toHaveLength(3);
  });

  it('asks again after a full page when the total is only a lower bound, and ends on an empty page', async () => {
    const calls = serveSearch((body) =>
      body.search_after
        ? withHits([], { value: 3, relation: 'gte' })
        : withHits(sorted(hits), { value: 3, relation: 'gte' }),
    );
    const { records, report } = await pld().search({ pageSize: 3 }).collect();
    expect(calls).toHaveLength(2);
    expect(records).toHaveLength(3);
    expect(report.complete).toBe(true);
  });

  it('ends with a PagingError when the server keeps giving the same cursor', async () => {
    serveSearch(() => withHits(sorted(hits), { value: 10_000, relation: 'gte' }));
    const error = await pld()
      .search({ pageSize: 3 })
      .collect()
      .catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
  });

  it('stops early without fetching further pages when the consumer stops', async () => {
    const calls = serveSearch(() => withHits(sorted(hits), { value: 10_000, relation: 'gte' }));
    const { records } = await pld().search({ pageSize: 3 }).collect({ limit: 2, onLimit: 'truncate' });
    expect(records).toHaveLength(2);
    expect(calls).toHaveLength(1);
  });
});

describe('planning-london-datahub query builder', () => {
  it('builds every filter into the Elasticsearch body', () => {
    const query = buildQuery({
      boroughs: ['E09000021', 'E09000013', 'Waltham Forest', 'LLDC'],
      validDate: { from: '2024-01-01', to: '2024-06-30' },
      decisionDate: { to: '2024-12-31' },
      lastUpdated: { from: '2025-01-01T00:00:00Z' },
      decisions: ['Approved'],
      statuses: ['Approved', 'Completed'],
      applicationTypes: ['Full Planning Permission'],
      developmentTypes: ['New Build'],
      bbox: [-0.05, 51.5, 0.02, 51.6],
      text: 'balconies retail',
    });
    expect(query).toEqual({
      bool: {
        filter: [
          {
            bool: {
              should: [
                { match_phrase: { lpa_name: 'Kingston' } },
                { match_phrase: { lpa_name: 'Hammersmith & Fulham' } },
                { match_phrase: { lpa_name: 'Waltham Forest' } },
                { match_phrase: { lpa_name: 'LLDC' } },
              ],
              minimum_should_match: 1,
            },
          },
          { range: { valid_date: { gte: '01/01/2024', lte: '30/06/2024', format: 'dd/MM/yyyy' } } },
          { range: { decision_date: { lte: '31/12/2024', format: 'dd/MM/yyyy' } } },
          { range: { last_updated: { gte: '2025-01-01T00:00:00Z' } } },
          { match_phrase: { decision: 'Approved' } },
          {
            bool: {
              should: [{ match_phrase: { status: 'Approved' } }, { match_phrase: { status: 'Completed' } }],
              minimum_should_match: 1,
            },
          },
          { match_phrase: { application_type: 'Full Planning Permission' } },
          { match_phrase: { development_type: 'New Build' } },
          {
            geo_bounding_box: {
              centroid: { top_left: { lat: 51.6, lon: -0.05 }, bottom_right: { lat: 51.5, lon: 0.02 } },
            },
          },
        ],
        must: [
          {
            multi_match: {
              query: 'balconies retail',
              fields: ['description', 'site_name', 'street_name', 'locality', 'postcode'],
              operator: 'and',
            },
          },
        ],
      },
    });
  });

  it('builds match_all without filters and adds search_after only after the first page', () => {
    expect(buildSearchBody({}, { size: 10, sort: [{ id: 'asc' }] })).toEqual({
      query: { match_all: {} },
      size: 10,
      sort: [{ id: 'asc' }],
    });
    expect(
      buildSearchBody({}, { size: 10, sort: [{ id: 'asc' }], searchAfter: ['Hackney-2021_2491'] }),
    ).toEqual({
      query: { match_all: {} },
      size: 10,
      sort: [{ id: 'asc' }],
      search_after: ['Hackney-2021_2491'],
    });
  });
});

describe('planning-london-datahub _count', () => {
  it('POSTs the query to _count and returns the number', async () => {
    let asked: { body: unknown; header: string | null } | undefined;
    server.use(
      http.post(`${BASE}/applications/_count`, async ({ request }) => {
        asked = { body: await request.json(), header: request.headers.get('x-api-allowrequest') };
        return HttpResponse.json({ count: 134, _shards: { total: 1, successful: 1, skipped: 0, failed: 0 } });
      }),
    );
    const count = await countApplications(createClient({ cache: false }), { boroughs: ['E09000031'] });
    expect(count).toBe(134);
    expect(asked).toEqual({
      body: { query: { bool: { filter: [{ match_phrase: { lpa_name: 'Waltham Forest' } }] } } },
      header: 'be2rmRnt&',
    });
  });

  it('uses the configured host', async () => {
    server.use(
      http.post(`${PLD_HOSTS.current}/applications/_count`, () =>
        HttpResponse.json({ count: '7', _shards: {} }),
      ),
    );
    const count = await countApplications(
      createClient({ cache: false }),
      {},
      { config: { baseUrl: PLD_HOSTS.current } },
    );
    expect(count).toBe(7);
  });
});

describe('planning-london-datahub quirks', () => {
  it('converts dd/MM/yyyy to ISO and keeps impossible or junk dates as published in extra', async () => {
    serveSearch(() =>
      withHits([
        hitWith(0, {
          valid_date: '23/04/9187',
          decision_date: '31/02/2020',
          decision_target_date: '5/3/2020',
          appeal_decision_date: '',
        }),
      ]),
    );
    const { records, report } = await pld().search({}).collect();
    expect(report).toMatchObject({ mapped: 1, failed: 0 });
    const attributes = (records[0] as Application).properties.attributes;
    expect(attributes.decisionTargetDate).toBe('2020-03-05');
    expect(attributes.validDate).toBeUndefined();
    expect(attributes.decisionDate).toBeUndefined();
    expect(attributes.appealDecisionDate).toBeUndefined();
    expect(attributes.extra).toMatchObject({ valid_date: '23/04/9187', decision_date: '31/02/2020' });
    expect(attributes.extra).not.toHaveProperty('appeal_decision_date');
    expect(records[0]?.time).toBeNull();
  });

  it('reads numbers served as strings and references served as integers', async () => {
    serveSearch(() =>
      withHits([
        hitWith(0, {
          lpa_name: 'Hammersmith & Fulham',
          lpa_app_no: 2021,
          uprn: 34012345,
          centroid: { lat: '51.4927', lon: '-0.2240' },
          application_details: {
            site_area: '0.12',
            total_gia_gained: '250',
            residential_details: {
              total_no_proposed_residential_units: '2',
              residential_units: [{ change_type: 'Gain', no_bedrooms: '2', tenure: 'Social rent' }],
            },
          },
        }),
      ]),
    );
    const { records, report } = await pld().search({}).collect();
    expect(report.failed).toBe(0);
    const record = records[0] as Application;
    expect(record.properties.attributes).toMatchObject({
      reference: '2021',
      authority: 'Hammersmith & Fulham',
      authorityCode: 'E09000013',
      siteArea: 0.12,
      floorspace: { gainedGia: 250 },
      residential: { proposedUnits: 2, units: [{ changeType: 'Gain', bedrooms: 2, tenure: 'Social rent' }] },
    });
    expect(record.properties.identifiers).toContainEqual({ scheme: 'uprn', value: '34012345' });
    expect(record.properties.identifiers[0]).toEqual({
      scheme: 'lpa-ref',
      value: '2021',
      issuer: 'E09000013',
    });
    expect(record.geometry).toEqual({ type: 'Point', coordinates: [-0.224, 51.4927] });
  });

  it('pairs a development corporation reference with its name (no borough GSS code)', async () => {
    serveSearch(() =>
      withHits([hitWith(0, { lpa_name: 'LLDC', lpa_app_no: '22/00123/FUL' }, 'LLDC-22_00123_FUL')]),
    );
    const { records } = await pld().search({}).collect();
    const record = records[0] as Application;
    expect(record.properties.identifiers[0]).toEqual({
      scheme: 'lpa-ref',
      value: '22/00123/FUL',
      issuer: 'LLDC',
    });
    expect(record.properties.attributes.authorityCode).toBeUndefined();
    expect(record.properties.identifiers.some((i) => i.scheme === 'gss')).toBe(false);
  });

  it('normalises status spellings and drops the NULL placeholder', async () => {
    serveSearch(() =>
      withHits([
        hitWith(0, { status: 'Refusal' }, 'Brent-1'),
        hitWith(0, { status: 'Application under consideration' }, 'Brent-2'),
        hitWith(0, { status: 'NULL' }, 'Brent-3'),
        hitWith(0, { status: 'Declined to Determine' }, 'Brent-4'),
      ]),
    );
    const { records } = await pld().search({}).collect();
    const attributes = records.map((r) => (r as Application).properties.attributes);
    expect(attributes.map((a) => [a.status, a.stage])).toEqual([
      ['Refusal', 'refused'],
      ['Application under consideration', 'under-consideration'],
      [undefined, undefined],
      ['Declined to Determine', 'other'],
    ]);
    expect(attributes[0]?.authorityCode).toBe('E09000005');
  });

  it('uses wgs84_polygon as the geometry, keeps a relative register URL in extra, and other fields as strings', async () => {
    const polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0.0049, 51.5545],
          [0.0052, 51.5545],
          [0.0052, 51.5548],
          [0.0049, 51.5545],
        ],
      ],
    };
    serveSearch(() =>
      withHits([
        hitWith(0, {
          wgs84_polygon: polygon,
          polygon: { type: 'Polygon', coordinates: [[[538000, 186000]]] },
          url_planning_app: '/planning/applications/190520',
          constraints_details: [{ constraints_layer_description: 'Conservation Area', result: 'No' }],
          cil_liability: true,
        }),
        hitWith(1, { url_planning_app: 'https://planning.walthamforest.gov.uk/181241' }),
      ]),
    );
    const { records } = await pld().search({}).collect();
    const [first, second] = records as Application[];
    expect(first?.geometry).toEqual(polygon);
    expect(first?.properties.locationPrecision).toBe('exact');
    expect(first?.properties.attributes.url).toBeUndefined();
    expect(first?.properties.attributes.extra).toEqual({
      _ignored: 'polygon',
      url_planning_app: '/planning/applications/190520',
      constraints_details: '[{"constraints_layer_description":"Conservation Area","result":"No"}]',
      cil_liability: 'true',
    });
    expect(second?.properties.attributes.url).toBe('https://planning.walthamforest.gov.uk/181241');
  });

  it('reports a malformed hit instead of crashing or dropping it, and the rest arrive', async () => {
    const { _id: _dropped, ...withoutId } = hits[0]!;
    serveSearch(() =>
      withHits([
        withoutId,
        hitWith(1, { centroid: { lat: 'north', lon: 0 } }),
        hits[2],
        { ...hits[0], _id: 'nodash' },
      ]),
    );
    const { records, report } = await pld().search({}).collect();
    expect(records.map((r) => r.properties.provenance.sourceId)).toEqual(['Waltham_Forest-190563']);
    expect(report).toMatchObject({ received: 4, mapped: 1, failed: 3 });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [0, 'parse', '_id'],
      [1, 'parse', '_source.centroid'],
      [3, 'map', undefined],
    ]);
    expect(report.issues[2]?.message).toMatch(/no planning authority and reference/);
    expect(report.issues[0]?.raw).toEqual(withoutId);
  });
});

describe('planning-london-datahub configuration', () => {
  it('goes through a proxy base URL without the header when allowRequest is null', async () => {
    const proxy = 'https://planning-proxy.example-borough.gov.uk/pld';
    let header: string | null | undefined;
    server.use(
      http.post(`${proxy}/applications/_search`, ({ request }) => {
        header = request.headers.get('x-api-allowrequest');
        return HttpResponse.json(recorded);
      }),
    );
    const { records } = await pld({ baseUrl: `${proxy}/`, allowRequest: null })
      .search({})
      .collect();
    expect(records).toHaveLength(3);
    expect(header).toBeNull();
  });

  it('never puts the X-API-AllowRequest value in errors or logs', async () => {
    const secret = 'not-the-guest-value-123';
    const lines: string[] = [];
    const log = (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${message} ${JSON.stringify(fields)}`);
    server.use(
      http.post(SEARCH, ({ request }) =>
        HttpResponse.json(
          { error: `header ${request.headers.get('x-api-allowrequest')} refused` },
          { status: 403 },
        ),
      ),
    );
    const client = createClient({ cache: false, logger: { debug: log, info: log, warn: log, error: log } });
    const error = await connect(planningLondonDatahub, { client, config: { allowRequest: secret } })
      .search({})
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(403);
    expect(lines.length).toBeGreaterThan(0);
    const seen = [
      String(error),
      JSON.stringify(error),
      JSON.stringify(isHttpError(error) && error.body),
      ...lines,
    ];
    expect(seen.join('\n')).not.toContain(secret);
  });

  it('declares that browsers cannot call it, and says what to do', () => {
    expect(planningLondonDatahub.browser.cors).toBe(false);
    expect(planningLondonDatahub.browser.note).toMatch(/proxy/);
    expect(planningLondonDatahub.auth).toMatchObject({ type: 'header', name: 'X-API-AllowRequest' });
  });
});

describe('planning-london-datahub conformance', () => {
  it('passes validateConnector on the recorded response', async () => {
    server.use(
      http.post(SEARCH, async ({ request }) => {
        const body = (await request.json()) as { query: unknown };
        return body.query && JSON.stringify(body.query).includes('Nowhere')
          ? HttpResponse.json({ error: 'bad request' }, { status: 400 })
          : HttpResponse.json(recorded);
      }),
    );
    const result = await validateConnector(planningLondonDatahub, {
      client: createClient({ cache: false }),
      cases: [
        { operation: 'search', params: { filters: { boroughs: ['E09000031'] } }, minRecords: 3 },
        { operation: 'search', params: { filters: { text: 'Nowhere' } }, expectError: true },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([3, 0]);
  });
});

describe('planning-london-datahub unit progress', () => {
  it('reads per-unit commencement, completion and superseded dates (documented unit fields, not in the capture)', async () => {
    const [first] = hits;
    const details = (first!._source.application_details as { residential_details: Record<string, unknown> })
      .residential_details;
    const units = [
      {
        change_type: 'Gain',
        no_bedrooms: 2,
        actual_commencement_date: '01/02/2021',
        actual_completion_date: '15/09/2022',
      },
      {
        change_type: 'Gain',
        no_bedrooms: 1,
        actual_commencement_date: '01/02/2021',
        superseded_date: '32/13/2022',
      },
    ];
    server.use(
      http.post(SEARCH, () =>
        HttpResponse.json(
          withHits([
            hitWith(0, {
              application_details: { residential_details: { ...details, residential_units: units } },
            }),
          ]),
        ),
      ),
    );
    const { records, report } = await pld().search({}).collect();
    expect(report.failed).toBe(0);
    const a = records[0]!.properties.attributes;
    expect(a.residential?.units).toEqual([
      { changeType: 'Gain', bedrooms: 2, commencementDate: '2021-02-01', completionDate: '2022-09-15' },
      { changeType: 'Gain', bedrooms: 1, commencementDate: '2021-02-01' },
    ]);
    // A date that cannot be read is kept as published, never dropped.
    expect(a.extra?.['residential_units.superseded_date']).toBe('32/13/2022');
  });
});
