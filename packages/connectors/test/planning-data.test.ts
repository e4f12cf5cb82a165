import { readFileSync } from 'node:fs';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { connect, createClient, isHttpError, isPagingError, type TwinRecord } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/planning-data/${name}`, import.meta.url), 'utf8'));

/** Real responses (see fixtures/SOURCES.md). */
const lambethPoint = fixture('planningdata-entity-json-lambeth-point.json') as {
  entities: Record<string, unknown>[];
  links: Record<string, string>;
  count: number;
};
const lambethPalace = fixture('planningdata-entity-conservation-area.json') as Record<string, unknown>[];
/** Real `/dataset/{x}.json` bodies, keyed by the `dataset` each describes. */
const metadata = Object.fromEntries(
  Object.values(fixture('planningdata-dataset-metadata.json') as Record<string, Record<string, unknown>>).map(
    (body) => [body.dataset as string, body],
  ),
);

const BASE = 'https://www.planning.data.gov.uk';
/** Dataset metadata requests, by dataset, across a test. */
let metadataAsked: string[] = [];
const datasetMetadata = http.get(`${BASE}/dataset/:file`, ({ params }) => {
  const name = String(params.file).replace(/\.json$/, '');
  metadataAsked.push(name);
  const body = metadata[name];
  return body ? HttpResponse.json(body) : HttpResponse.json({ detail: 'Not Found' }, { status: 404 });
});
/** `/dataset.json` list requests across a test. No capture of that list: by default it is unavailable. */
let listsAsked: URL[] = [];
const datasetList = http.get(`${BASE}/dataset.json`, ({ request }) => {
  listsAsked.push(new URL(request.url));
  return HttpResponse.json({ detail: 'Not Found' }, { status: 404 });
});
const server = setupServer(datasetMetadata, datasetList);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  metadataAsked = [];
  listsAsked = [];
});
afterAll(() => server.close());

const planning = () => connect(planningData, { client: createClient({ cache: false }) });
const point: [number, number] = [-0.1198903, 51.4922191];
const datasets = [
  'central-activities-zone',
  'conservation-area',
  'listed-building-outline',
  'article-4-direction-area',
] as const;

describe('planning-data searchEntities', () => {
  it('asks what intersects the site with repeated dataset parameters, and maps every entity', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(lambethPoint);
      }),
    );
    const { records, report } = await planning()
      .searchEntities({ point, datasets: [...datasets] })
      .collect();

    expect(asked?.searchParams.getAll('dataset')).toEqual([...datasets]);
    expect(asked?.searchParams.get('geometry')).toBe('POINT(-0.1198903 51.4922191)');
    expect(asked?.searchParams.get('geometry_relation')).toBe('intersects');
    expect(asked?.searchParams.get('period')).toBe('current');
    expect(report).toMatchObject({ received: 4, mapped: 4, failed: 0, records: 4, pages: 1, complete: true });

    const byDataset = Object.fromEntries(records.map((r) => [r.properties.provenance.dataset, r]));
    const outline = byDataset['listed-building-outline'] as Extract<
      TwinRecord,
      { featureType: 'PlanningConstraint' }
    >;
    expect(outline.id).toBe('urn:ldntwin:planning-constraint:planning-data:42101437');
    expect(outline.properties.name).toBe('Southbank House, Black Prince Road');
    expect(outline.properties.attributes).toMatchObject({
      constraintType: 'listed-building',
      reference: '4/38',
      organisationEntity: 192,
      grade: 'II',
    });
    const caz = byDataset['central-activities-zone'] as Extract<
      TwinRecord,
      { featureType: 'PlanningConstraint' }
    >;
    expect(caz.properties.name).toBeUndefined(); // "" is absent, not an empty name
    expect(caz.properties.validFrom).toBe('2018-06-04');
    expect(caz.properties.validTo).toBeUndefined(); // "end-date": "" is open-ended
    expect(caz.properties.attributes.extra.notes).toMatch(/^Central London Area/);
    expect(caz.time).toEqual({ interval: ['2018-06-04', '..'] });
    // The recording had its geometry stripped: no geometry, said so.
    expect(caz.geometry).toBeNull();
    expect(caz.properties.locationPrecision).toBe('none');
    expect(caz.properties.licence.id).toBe('OGL-UK-3.0');
    expect(caz.properties.access.classification).toBe('open');
  });

  it('searches at a postcode through its postcodes.io centroid (planning.data has no postcode search)', async () => {
    // postcodes.io's own documented answer for SW1A 2DD (fixtures/postcodes-io/SOURCES.md).
    const westminster = (
      JSON.parse(
        readFileSync(
          new URL('./fixtures/postcodes-io/postcodes-io-reverse-geocode.json', import.meta.url),
          'utf8',
        ),
      ) as { result: Record<string, unknown>[] }
    ).result[0];
    let lookedUp = '';
    let asked: URL | undefined;
    server.use(
      http.get('https://api.postcodes.io/postcodes/:postcode', ({ params }) => {
        lookedUp = String(params.postcode);
        return HttpResponse.json({ status: 200, result: westminster });
      }),
      http.get(`${BASE}/entity.json`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(lambethPoint);
      }),
    );
    const { report } = await planning()
      .searchEntities({ postcode: 'SW1A 2DD', datasets: [...datasets] })
      .collect();
    expect(lookedUp).toBe('SW1A 2DD');
    const { longitude, latitude } = westminster as { longitude: number; latitude: number };
    expect(asked?.searchParams.get('geometry')).toBe(`POINT(${longitude} ${latitude})`);
    expect(asked?.searchParams.get('geometry_relation')).toBe('intersects');
    expect(report).toMatchObject({ mapped: 4, complete: true });
  });

  it('refuses a postcode with a point, and fails clearly on a postcode postcodes.io does not place', async () => {
    expect(() =>
      planning().searchEntities({ postcode: 'SW1A 2DD', point, datasets: ['conservation-area'] }),
    ).toThrow(/one of point, geometry and postcode/);
    server.use(
      http.get('https://api.postcodes.io/postcodes/:postcode', () =>
        HttpResponse.json({ status: 200, result: { postcode: 'GY1 1AA', longitude: null, latitude: null } }),
      ),
    );
    await expect(
      planning()
        .searchEntities({ postcode: 'GY1 1AA', datasets: ['conservation-area'] })
        .collect(),
    ).rejects.toThrow(/postcode "GY1 1AA": postcodes.io gives it no location/);
  });

  it("filters by entry date with the server's entry_date_* parameters (documented by its source)", async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(lambethPoint);
      }),
    );
    const { report } = await planning()
      .searchEntities({
        point,
        datasets: ['conservation-area'],
        entryDate: { date: '2024-03-07', match: 'since' },
      })
      .collect();
    expect(asked?.searchParams.get('entry_date_year')).toBe('2024');
    expect(asked?.searchParams.get('entry_date_month')).toBe('3');
    expect(asked?.searchParams.get('entry_date_day')).toBe('7');
    expect(asked?.searchParams.get('entry_date_match')).toBe('since');
    // The spatial filter is kept beside it.
    expect(asked?.searchParams.get('geometry')).toBe('POINT(-0.1198903 51.4922191)');
    expect(report).toMatchObject({ received: 4, mapped: 4, failed: 0 });
  });

  it('sends no entry_date_* parameter without entryDate, and refuses a date that is not YYYY-MM-DD', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(lambethPoint);
      }),
    );
    await planning()
      .searchEntities({ point, datasets: ['conservation-area'] })
      .collect();
    expect([...(asked?.searchParams.keys() ?? [])].filter((k) => k.startsWith('entry_date'))).toEqual([]);
    expect(() =>
      planning().searchEntities({
        point,
        datasets: ['conservation-area'],
        entryDate: { date: '07/03/2024', match: 'since' },
      }),
    ).toThrow(/entryDate/);
  });

  it('turns WKT geometry (lon lat) into GeoJSON', async () => {
    const withGeometry = {
      ...lambethPoint,
      entities: [
        {
          ...lambethPoint.entities[1],
          geometry: 'MULTIPOLYGON (((-0.12 51.49, -0.11 51.49, -0.11 51.5, -0.12 51.49)))',
          point: 'POINT (-0.115 51.493)',
        },
      ],
      count: 1,
    };
    server.use(http.get(`${BASE}/entity.json`, () => HttpResponse.json(withGeometry)));
    const { records } = await planning()
      .searchEntities({ point, datasets: ['conservation-area'] })
      .collect();
    expect(records[0]?.geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [-0.12, 51.49],
            [-0.11, 51.49],
            [-0.11, 51.5],
            [-0.12, 51.49],
          ],
        ],
      ],
    });
    expect(records[0]?.properties.locationPrecision).toBe('exact');
  });

  it('follows links.next through every page', async () => {
    const next = `${BASE}/entity.json?dataset=conservation-area&limit=4&offset=4`;
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) =>
        new URL(request.url).searchParams.get('offset') === '4'
          ? HttpResponse.json({ entities: lambethPalace, links: {}, count: 6 })
          : HttpResponse.json({ ...lambethPoint, links: { next }, count: 6 }),
      ),
    );
    const { records, report } = await planning()
      .searchEntities({ point, datasets: ['conservation-area'], pageSize: 4 })
      .collect();
    expect(records).toHaveLength(6);
    expect(report.pages).toBe(2);
    expect(records.map((r) => r.properties.provenance.sourceId)).toContain('44006852');
  });

  it('ends with a PagingError when the server sends the same page forever', async () => {
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) =>
        HttpResponse.json({ ...lambethPoint, links: { next: request.url } }),
      ),
    );
    const error = await planning()
      .searchEntities({ point, datasets: ['conservation-area'] })
      .collect()
      .catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
  });

  it('reports an entity with a missing or renamed field instead of crashing or dropping it', async () => {
    const [first, second, ...rest] = lambethPoint.entities;
    const { dataset: _dropped, ...missingDataset } = first!;
    const { entity: id, ...renamed } = second!;
    server.use(
      http.get(`${BASE}/entity.json`, () =>
        HttpResponse.json({
          ...lambethPoint,
          entities: [missingDataset, { ...renamed, 'entity-id': id }, ...rest],
        }),
      ),
    );
    const stream = planning().searchEntities({ point, datasets: [...datasets] });
    const { records, report } = await stream.collect();
    expect(records).toHaveLength(2);
    expect(report).toMatchObject({ received: 4, mapped: 2, failed: 2 });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [0, 'parse', 'dataset'],
      [1, 'parse', 'entity'],
    ]);
    expect(report.issues[1]?.raw).toMatchObject({ 'entity-id': id });
  });

  it('asks any dataset by name, mapping one without a specific mapping as a constraint of type other', async () => {
    let asked: string[] = [];
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) => {
        asked = new URL(request.url).searchParams.getAll('dataset');
        return HttpResponse.json({
          entities: [entityOf('building-preservation-notice', { reference: 'BPN1' })],
          links: {},
          count: 1,
        });
      }),
    );
    const { records, report } = await planning()
      .searchEntities({ point, datasets: ['building-preservation-notice'] })
      .collect();
    expect(asked).toEqual(['building-preservation-notice']);
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0 });
    expect(
      records[0]?.featureType === 'PlanningConstraint' && records[0].properties.attributes,
    ).toMatchObject({
      dataset: 'building-preservation-notice',
      constraintType: 'other',
      reference: 'BPN1',
    });
  });

  it('rejects a dataset name that is not kebab-case before sending anything', () => {
    expect(() => planning().searchEntities({ point, datasets: ['Title Boundary'] })).toThrow(
      /invalid params: datasets.0/,
    );
  });
});

describe('planning-data entity', () => {
  it('follows the 301 of a retired entity to its successor', async () => {
    server.use(
      http.get(
        `${BASE}/entity/3022165.json`,
        () => new HttpResponse(null, { status: 301, headers: { location: `${BASE}/entity/44006852.json` } }),
      ),
      http.get(`${BASE}/entity/44006852.json`, () => HttpResponse.json(lambethPalace[0])),
    );
    const { records } = await planning().entity({ entity: 3022165 }).collect();
    expect(records.map((r) => r.id)).toEqual(['urn:ldntwin:planning-constraint:planning-data:44006852']);
  });

  it.each([
    [410, { detail: 'Entity 3022165 has been removed' }],
    [404, { detail: 'entity not found' }],
  ])('gives a typed HttpError for %i', async (status, body) => {
    server.use(http.get(`${BASE}/entity/3022165.json`, () => HttpResponse.json(body, { status })));
    const error = await planning()
      .entity({ entity: 3022165 })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(status);
    expect(isHttpError(error) && error.body).toEqual(body);
  });
});

describe('planning-data conformance', () => {
  it('passes validateConnector on the recorded responses', async () => {
    server.use(
      http.get(`${BASE}/entity.json`, () => HttpResponse.json(lambethPoint)),
      http.get(`${BASE}/entity/44006852.json`, () => HttpResponse.json(lambethPalace[0])),
      http.get(`${BASE}/entity/1.json`, () =>
        HttpResponse.json({ detail: 'entity not found' }, { status: 404 }),
      ),
    );
    const result = await validateConnector(planningData, {
      client: createClient({ cache: false }),
      cases: [
        { operation: 'searchEntities', params: { point, datasets: [...datasets] }, minRecords: 4 },
        {
          operation: 'searchEntities',
          params: { point, datasets: [...datasets], entryDate: { date: '2024-01-01', match: 'before' } },
          minRecords: 4,
        },
        { operation: 'entity', params: { entity: 44006852 } },
        { operation: 'entity', params: { entity: 1 }, expectError: true },
        { operation: 'dataset', params: { dataset: 'flood-risk-zone' } },
        { operation: 'dataset', params: { dataset: 'no-such-dataset' }, expectError: true },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([4, 4, 1, 0, 1, 0]);
  });
});

type Constraint = Extract<TwinRecord, { featureType: 'PlanningConstraint' }>;
const search = (body: Record<string, unknown>) =>
  http.get(`${BASE}/entity.json`, () => HttpResponse.json(body));
/** A real entity (the Lambeth CA10 conservation area) turned into another dataset's entity. */
const entityOf = (dataset: string, fields: Record<string, unknown>) => ({
  ...lambethPalace[0],
  dataset,
  prefix: dataset,
  ...fields,
});

describe('planning-data licence and attribution per dataset', () => {
  it("gives each record its dataset's licence and attribution text, reading each dataset's metadata once per run", async () => {
    const next = `${BASE}/entity.json?dataset=conservation-area&limit=4&offset=4`;
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) =>
        new URL(request.url).searchParams.get('offset') === '4'
          ? HttpResponse.json({ entities: lambethPalace, links: {}, count: 6 })
          : HttpResponse.json({ ...lambethPoint, links: { next }, count: 6 }),
      ),
    );
    const { records } = await planning()
      .searchEntities({ point, datasets: [...datasets], pageSize: 4 })
      .collect();
    expect(records).toHaveLength(6);
    // Two pages, three conservation areas: still one request per dataset (the client cache is off).
    expect([...metadataAsked].sort()).toEqual([
      'article-4-direction-area',
      'central-activities-zone',
      'conservation-area',
      'listed-building-outline',
    ]);
    const licenceOf = (dataset: string) =>
      records.find((r) => r.properties.provenance.dataset === dataset)?.properties.licence;
    expect(licenceOf('conservation-area')).toEqual({
      id: 'OGL-UK-3.0',
      url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      attribution: [metadata['conservation-area']?.['attribution-text']],
    });
    expect(licenceOf('conservation-area')?.attribution[0]).toMatch(/^© Historic England 2026\./);
    expect(licenceOf('listed-building-outline')?.attribution).toEqual([
      '© Crown copyright and database right 2026',
    ]);
    // No metadata for these in the recording (404): the generic OGL statement, never no licence.
    expect(licenceOf('central-activities-zone')).toEqual(planningData.licence);
    expect(licenceOf('article-4-direction-area')?.attribution).toEqual([
      'Contains public sector information licensed under the Open Government Licence v3.0.',
    ]);
  });

  it('asks the licences of every named dataset in one list request beside the search, and reads only the rest one by one', async () => {
    // DOCUMENTED SHAPE (no capture of /dataset.json): `{"datasets": [...]}` whose items are the real
    // `/dataset/{x}.json` bodies. The search answers only once the list has been asked (or after 2 s),
    // so a list asked after the first page fails the first expectation.
    let listedBeforeAnswer = false;
    server.use(
      http.get(`${BASE}/dataset.json`, ({ request }) => {
        listsAsked.push(new URL(request.url));
        return HttpResponse.json({
          datasets: [metadata['conservation-area'], metadata['listed-building-outline']],
        });
      }),
      http.get(`${BASE}/entity.json`, async () => {
        for (let waited = 0; listsAsked.length === 0 && waited < 2000; waited += 10)
          await new Promise((resolve) => setTimeout(resolve, 10));
        listedBeforeAnswer = listsAsked.length > 0;
        return HttpResponse.json(lambethPoint);
      }),
    );
    const { records, report } = await planning()
      .searchEntities({ point, datasets: [...datasets] })
      .collect();
    expect(listedBeforeAnswer).toBe(true);
    expect(listsAsked).toHaveLength(1);
    expect(listsAsked[0]?.searchParams.getAll('dataset')).toEqual([...datasets]);
    // The two the list gave are not asked again; the two it lacks are read one by one.
    expect([...metadataAsked].sort()).toEqual(['article-4-direction-area', 'central-activities-zone']);
    expect(report).toMatchObject({ received: 4, mapped: 4, failed: 0 });
    const licenceOf = (dataset: string) =>
      records.find((r) => r.properties.provenance.dataset === dataset)?.properties.licence;
    expect(licenceOf('conservation-area')?.attribution).toEqual([
      metadata['conservation-area']?.['attribution-text'],
    ]);
    expect(licenceOf('listed-building-outline')?.attribution).toEqual([
      '© Crown copyright and database right 2026',
    ]);
    expect(licenceOf('central-activities-zone')).toEqual(planningData.licence);
  });

  it('trusts no list item without the kebab-case attribution-text key: that dataset is read from its own metadata', async () => {
    const { 'attribution-text': _dropped, ...snakeCased } = metadata['conservation-area'] ?? {};
    server.use(
      http.get(`${BASE}/dataset.json`, () =>
        HttpResponse.json({ datasets: [{ ...snakeCased, attribution_text: 'another shape' }] }),
      ),
      search({ entities: [lambethPalace[0]], links: {}, count: 1 }),
    );
    const { records } = await planning()
      .searchEntities({ point, datasets: ['conservation-area'] })
      .collect();
    expect(metadataAsked).toEqual(['conservation-area']);
    expect(records[0]?.properties.licence.attribution).toEqual([
      metadata['conservation-area']?.['attribution-text'],
    ]);
  });

  it('falls back to the generic statement when the metadata is malformed, and logs it', async () => {
    const warnings: string[] = [];
    server.use(
      search({ entities: [lambethPalace[0]], links: {}, count: 1 }),
      http.get(`${BASE}/dataset/conservation-area.json`, () => HttpResponse.json({ licence: 'ogl3' })),
    );
    const client = createClient({ cache: false, logger: { warn: (message) => warnings.push(message) } });
    const { records } = await connect(planningData, { client })
      .searchEntities({ point, datasets: ['conservation-area'] })
      .collect();
    expect(records[0]?.properties.licence).toEqual(planningData.licence);
    expect(warnings.some((w) => w.includes('generic OGL attribution'))).toBe(true);
  });

  it('skips the metadata requests when datasetMetadata is false', async () => {
    server.use(search(lambethPoint));
    const { records } = await connect(planningData, {
      client: createClient({ cache: false }),
      config: { datasetMetadata: false },
    })
      .searchEntities({ point, datasets: [...datasets] })
      .collect();
    expect(records).toHaveLength(4);
    expect(metadataAsked).toEqual([]);
    expect(new Set(records.map((r) => r.properties.licence.attribution[0]))).toEqual(
      new Set(['Contains public sector information licensed under the Open Government Licence v3.0.']),
    );
  });
});

describe('planning-data datasets (the /dataset.json list)', () => {
  it('lists the datasets planning.data publishes as Dataset records, each parsed on its own', async () => {
    // Documented shape only (digital-land.info list_datasets: {"datasets": [...], ...}): no capture
    // of /dataset.json exists, so the list wraps real /dataset/{x}.json bodies (the new datasets').
    const nature = Object.values(
      fixture('planningdata-dataset-metadata-nature-trees.json') as Record<string, unknown>,
    );
    let url: URL | undefined;
    server.use(
      http.get(`${BASE}/dataset.json`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({
          datasets: [...nature, { name: 'no dataset key' }],
          feedback_form_footer: true,
        });
      }),
    );
    const { records, report } = await planning()
      .datasets({ datasets: ['ancient-woodland', 'special-protection-area'] })
      .collect();
    expect(url?.searchParams.getAll('dataset')).toEqual(['ancient-woodland', 'special-protection-area']);
    expect(url?.searchParams.get('include_typologies')).toBe('false');
    expect(report).toMatchObject({ received: 4, mapped: 3, failed: 1 });
    expect(
      records.map((r) => [r.properties.identifiers[0]?.value, r.properties.attributes.entityCount]),
    ).toEqual([
      ['ancient-woodland', 44373],
      ['tree-preservation-zone', 72432],
      ['special-protection-area', 88],
    ]);
    expect(records[0]?.properties.licence.attribution[0]).toMatch(/^© Natural England copyright\./);
  });
});

describe('planning-data dataset', () => {
  it('maps /dataset/{dataset}.json to a Dataset record (entity-count as an object, "" as absent)', async () => {
    const { records, report } = await planning().dataset({ dataset: 'conservation-area' }).collect();
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0 });
    const [record] = records;
    expect(record?.id).toBe('urn:ldntwin:dataset:planning-data:conservation-area');
    expect(record?.properties.name).toBe('Conservation area');
    expect(record?.properties.description).toMatch(/^areas of special architectural or historic interest/);
    expect(record?.properties.attributes).toMatchObject({
      landingPage: `${BASE}/dataset/conservation-area`,
      themes: ['heritage'],
      entityCount: 10907,
      typology: 'geography',
      phase: 'beta',
      attributionCode: 'historic-england',
      licenceCode: 'ogl3',
      wikidata: 'Q5162904',
    });
    // "prefix": "" and "replacement-dataset": "" are absent, not empty strings.
    expect(record?.properties.attributes).not.toHaveProperty('prefix');
    expect(record?.properties.attributes).not.toHaveProperty('replacementDataset');
    expect(record?.properties.attributes.distributions?.map((d) => d.url)).toContain(
      'https://files.planning.data.gov.uk/dataset/conservation-area.csv',
    );
    expect(record?.properties.licence.attribution[0]).toMatch(/^© Historic England 2026\./);
    // "entry-date": "" in this body: the record time is the retrieval time.
    expect(record?.properties.recordedAt).toBe(record?.properties.provenance.retrievedAt);
    expect(record?.geometry).toBeNull();
  });

  it('reads entity-count as a plain number too (the Python model says int), and keeps an unknown licence code', async () => {
    const body = { ...metadata['flood-risk-zone'], 'entity-count': 780636, licence: 'cc-by-4.0' };
    server.use(http.get(`${BASE}/dataset/flood-risk-zone.json`, () => HttpResponse.json(body)));
    const { records } = await planning().dataset({ dataset: 'flood-risk-zone' }).collect();
    expect(records[0]?.properties.attributes).toMatchObject({ entityCount: 780636, phase: 'live' });
    expect(records[0]?.properties.licence).toEqual({
      id: 'cc-by-4.0',
      attribution: ['© Crown copyright and database right 2026'],
    });
  });

  it('takes entry-date as the record time when the dataset has one', async () => {
    const { records } = await planning().dataset({ dataset: 'archaeological-priority-area' }).collect();
    expect(records[0]?.properties.recordedAt).toBe('2025-02-04');
    expect(records[0]?.properties.attributes).toMatchObject({ entityCount: 796 });
  });

  it('gives a typed HttpError for an unknown dataset', async () => {
    const error = await planning()
      .dataset({ dataset: 'no-such-dataset' })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(404);
  });
});

describe('planning-data quirks of section 1', () => {
  it('always asks /entity.json, never /entity.geojson (which silently drops entities without geometry)', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(lambethPoint);
      }),
    );
    const { records } = await planning()
      .searchEntities({ point, datasets: [...datasets] })
      .collect();
    expect(path).toBe('/entity.json');
    // Every entity arrives, with or without geometry (this recording has none).
    expect(records).toHaveLength(lambethPoint.count);
  });

  it('sends exclude_field=geometry,point when geometry is not wanted', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json({ entities: lambethPalace, links: {}, count: 2 });
      }),
    );
    const { records } = await planning()
      .searchEntities({ point, datasets: ['conservation-area'], includeGeometry: false })
      .collect();
    expect(asked?.searchParams.get('exclude_field')).toBe('geometry,point');
    expect(records.every((r) => r.geometry === null && r.properties.locationPrecision === 'none')).toBe(true);
  });

  it('stops after one request when links is {} (count <= limit)', async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE}/entity.json`, () => {
        requests += 1;
        return HttpResponse.json(lambethPoint);
      }),
    );
    const { report } = await planning()
      .searchEntities({ point, datasets: [...datasets] })
      .collect();
    expect(lambethPoint.links).toEqual({});
    expect(requests).toBe(1);
    expect(report).toMatchObject({ pages: 1, complete: true });
  });

  it('reads kebab-case keys, organisation-entity as a string, an integer or "" (absent)', async () => {
    const [asString, second] = lambethPalace;
    server.use(
      search({
        entities: [
          asString,
          { ...second, 'organisation-entity': 16 },
          { ...second, entity: 44008830, 'organisation-entity': '' },
        ],
        links: {},
        count: 3,
      }),
    );
    const { records } = await planning()
      .searchEntities({ point, datasets: ['conservation-area'] })
      .collect();
    const attributes = records.map((r) => (r as Constraint).properties.attributes);
    expect(attributes.map((a) => a.organisationEntity)).toEqual([192, 16, undefined]);
    expect(records[0]?.properties.recordedAt).toBe('2024-01-13'); // entry-date
    expect(records[0]?.properties.validFrom).toBe('1968-06-20'); // start-date
    expect(attributes[0]?.designationDate).toBe('1968-06-20'); // designation-date
  });

  it('reads a WKT POINT (lon lat) as the centroid when there is no geometry', async () => {
    server.use(
      search({
        entities: [{ ...lambethPalace[0], point: 'POINT (-0.1198903 51.4922191)' }],
        links: {},
        count: 1,
      }),
    );
    const { records } = await planning()
      .searchEntities({ point, datasets: ['conservation-area'] })
      .collect();
    expect(records[0]?.geometry).toEqual({ type: 'Point', coordinates: [-0.1198903, 51.4922191] });
    expect(records[0]?.properties.locationPrecision).toBe('centroid');
  });

  it('types the dataset-specific fields the guide names and keeps every other one in extra', async () => {
    const entities = [
      entityOf('flood-risk-zone', {
        entity: 65000001,
        'flood-risk-level': '3',
        'flood-risk-type': 'Tidal Models',
      }),
      entityOf('listed-building', {
        entity: 31000001,
        'listed-building-grade': 'II*',
        'documentation-url': 'https://historicengland.org.uk/listing/the-list/list-entry/1080470',
        wikidata: 'Q1',
      }),
      entityOf('tree', {
        entity: 19000001,
        'tree-preservation-order': 'TPO 12',
        'tree-preservation-order-tree': 'T3',
        'tree-species': 'London plane',
      }),
      entityOf('archaeological-priority-area', { entity: 40001, 'archaeological-risk-tier': 'Tier 2' }),
      entityOf('world-heritage-site-buffer-zone', { entity: 16000001, 'world-heritage-site': '426' }),
      entityOf('park-and-garden', { entity: 17000001, 'park-and-garden-grade': 'II' }),
      entityOf('brownfield-land', {
        entity: 1700001,
        'site-address': 'Land at 1 Lambeth High Street',
        hectares: '1.25',
        'minimum-net-dwellings': '10',
        'maximum-net-dwellings': 'about 20',
        'ownership-status': 'not owned by a public authority',
        'planning-permission-status': 'permissioned',
        'planning-permission-date': '2019-03-01',
        deliverable: 'yes',
        'site-plan-url': 'see the register',
      }),
    ];
    server.use(search({ entities, links: {}, count: entities.length }));
    const { records, report } = await planning()
      .searchEntities({
        point,
        datasets: [
          'flood-risk-zone',
          'listed-building',
          'tree',
          'archaeological-priority-area',
          'brownfield-land',
        ],
      })
      .collect();
    expect(report).toMatchObject({ received: 7, mapped: 7, failed: 0 });
    const [flood, listed, tree, apa, buffer, park, brownfield] = records.map(
      (r) => (r as Constraint).properties.attributes,
    );
    expect(flood).toMatchObject({
      constraintType: 'flood-risk',
      floodRiskLevel: '3',
      floodRiskType: 'Tidal Models',
    });
    expect(listed).toMatchObject({
      grade: 'II*',
      documentationUrl: 'https://historicengland.org.uk/listing/the-list/list-entry/1080470',
      extra: { wikidata: 'Q1' },
    });
    expect(tree).toMatchObject({
      constraintType: 'tree-preservation',
      treePreservationOrder: 'TPO 12',
      treePreservationOrderTree: 'T3',
      treeSpecies: 'London plane',
    });
    expect(apa).toMatchObject({ archaeologicalRiskTier: 'Tier 2' });
    expect(buffer).toMatchObject({ constraintType: 'world-heritage-site', worldHeritageSite: '426' });
    expect(park).toMatchObject({ grade: 'II' });
    expect(brownfield).toMatchObject({
      siteAddress: 'Land at 1 Lambeth High Street',
      hectares: 1.25,
      minimumNetDwellings: 10,
      ownershipStatus: 'not owned by a public authority',
      planningPermissionStatus: 'permissioned',
      planningPermissionDate: '2019-03-01',
      deliverable: 'yes',
    });
    // Values that do not parse as their type stay in extra under their key, not dropped.
    expect(brownfield?.maximumNetDwellings).toBeUndefined();
    expect(brownfield?.sitePlanUrl).toBeUndefined();
    expect(brownfield?.extra).toEqual({
      'maximum-net-dwellings': 'about 20',
      'site-plan-url': 'see the register',
    });
    // Typed fields leave extra; the designation-date of the source entity is typed too.
    expect(flood?.extra).toEqual({});
  });
});
