import { readFileSync } from 'node:fs';
import {
  DeclaredSizeTooLargeError,
  downloadResource,
  isContentTypeMismatchError,
  londonDatastore,
  openResource,
} from '@ldn-twin/connectors/london-datastore';
import {
  connect,
  createClient,
  isHttpError,
  isResponseTooLargeError,
  isSchemaError,
  type Logger,
  type TwinRecordOf,
} from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * The only recorded body: a MOCK of `GET /api/v3/datasets/export.json` written by the publisher (the
 * GLA's ldndatar2 tests). Its values are synthetic ("Mocking API call", ids 2xxx0/2goo0): the tests
 * rely on its shape (key names, nesting, nulls), never on its values as real data.
 */
const exportMock = JSON.parse(
  readFileSync(
    new URL('./fixtures/london-datastore/londondatastore-v3-export-mock.json', import.meta.url),
    'utf8',
  ),
) as Record<string, unknown>[];
const mockItem = exportMock[0] as Record<string, unknown>;

const BASE = 'https://data.london.gov.uk';

/**
 * A `GET /api/dataset/{id}` body built for these tests in the layout the GLA's client and its mock
 * (`tests/testthat/data.london.gov.uk/api/dataset/test-dataset.json`) show: `resources` an OBJECT keyed
 * by resource id, with `title, url, order, check_http_status, check_size` and (per the field guide)
 * `check_mimetype, format`. Values are synthetic.
 */
function detail(id: string, resources: Record<string, Record<string, unknown>>) {
  return {
    id,
    title: 'Mock Test Dataset',
    sharing: 'public',
    createdAt: '2020-01-01T00:00:00.000Z',
    updatedAt: '2020-06-15T12:30:00.000Z',
    tags: ['transport', 'buses'],
    topics: ['transport'],
    shares: [],
    readonly: [],
    resources,
  };
}
const busData = detail('test-dataset', {
  'res-abc-2': {
    title: 'Bus data 2020',
    url: `${BASE}/download/test-dataset/res-abc-2/bus-data-2020.csv`,
    order: 2,
    check_http_status: 200,
    check_size: 23456,
  },
  'res-abc-1': {
    title: 'Bus data 2019',
    url: `${BASE}/download/test-dataset/res-abc-1/bus-data-2019.csv`,
    order: 1,
    check_http_status: 200,
    check_size: 12345,
    check_mimetype: 'text/csv',
  },
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = (logger?: Logger) =>
  createClient({ cache: false, retry: { limit: 0 }, ...(logger ? { logger } : {}) });
const datastore = (config: Record<string, unknown> = {}, logger?: Logger) =>
  connect(londonDatastore, { client: client(logger), config });
const exportHandler = (body: JsonBodyType) =>
  http.get(`${BASE}/api/v3/datasets/export.json`, () => HttpResponse.json(body));
type Dataset = TwinRecordOf<'Dataset'>;

describe('london-datastore searchDatasets (v3 export mock)', () => {
  it('maps an export dataset to a DCAT-like Dataset record with its resources as distributions', async () => {
    server.use(exportHandler(exportMock));
    const { records, report } = await datastore().searchDatasets({}).collect();
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, complete: true });
    const record = records[0] as Dataset;
    expect(record.id).toBe('urn:ldntwin:dataset:london-datastore:2xxx0');
    expect(record.properties.name).toBe('Mocking API call');
    // The description is HTML upstream: plain text here, the HTML kept alongside.
    expect(record.properties.description).toBe('Mocking API call');
    expect(record.properties.attributes).toMatchObject({
      landingPage: 'https://data.london.gov.uk/dataset/ldndatar2-test-fetch-all-api-metadata-2xxx0',
      publisher: 'Greater London Authority',
      themes: ['Transport'],
      keywords: ['visualisation-data'],
      issued: '2001-01-01T00:00:00.000Z',
      modified: '2001-01-01T00:00:00.000Z',
      descriptionHtml: '<p> Mocking API call</p>',
    });
    expect(record.properties.attributes.distributions).toEqual([
      {
        url: 'https://data.london.gov.uk/download/ldndatar2-test-fetch-all-api-metadata-2xxx0',
        id: 'b71acf1c-1fc4-4aea-9e6b-22b8996741ee',
        title: 'gla-ldndatar2-test.json',
        format: 'json',
        byteSize: 2000,
        fileName: 'gla-ldndatar2-test.json',
        // "2019-07-19T16:00:56" states no zone: only its date is kept.
        modified: '2019-07-19',
        checksum: '2398a191402fb1adaf4816b735e55fd6',
      },
    ]);
    // `licence: null` is not labelled open: it says no licence is stated.
    expect(record.properties.licence.id).toBe('LicenseRef-not-stated');
    expect(record.properties.provenance).toMatchObject({ connector: 'london-datastore', method: 'reported' });
  });

  it('reads an OGL licence value as OGL-UK-3.0 with the OGL attribution', async () => {
    server.use(exportHandler([{ ...mockItem, licence: 'OGL v3' }]));
    const { records } = await datastore().searchDatasets({}).collect();
    expect(records[0]?.properties.licence).toMatchObject({
      id: 'OGL-UK-3.0',
      attribution: [
        'Greater London Authority. Contains public sector information licensed under the Open Government Licence v3.0.',
      ],
    });
  });

  it('maps OGL v1, v2 and v3 as each dataset publishes them, keeping its own OS statement (documented shape)', async () => {
    // The licence values are written for this test: the field's real shape is unconfirmed (null in
    // the publisher's mock), so these are the forms an OGL value takes (codes, titles, an object).
    const osStatement = 'Contains OS data © Crown copyright and database right 2015';
    server.use(
      exportHandler([
        { ...mockItem, id: 'v2', licence: 'ogl-v2' },
        {
          ...mockItem,
          id: 'v1',
          licence: { id: 'uk-ogl-v1', title: 'UK Open Government Licence v1.0' },
          description: `<p>Boundaries.</p><p>${osStatement.replace('©', '&copy;')}</p><p>Contains National Statistics data &copy; Crown copyright and database right 2015.</p>`,
        },
        { ...mockItem, id: 'v3', licence: 'OGL v3' },
        { ...mockItem, id: 'unversioned', licence: 'Open Government Licence' },
      ]),
    );
    const { records } = await datastore().searchDatasets({}).collect();
    const statement = (v: number) =>
      `Greater London Authority. Contains public sector information licensed under the Open Government Licence v${v}.0.`;
    expect(records.map((r) => r.properties.licence)).toEqual([
      {
        id: 'OGL-UK-2.0',
        url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/',
        attribution: [statement(2)],
      },
      {
        id: 'OGL-UK-1.0',
        url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/1/',
        attribution: [
          statement(1),
          `${osStatement}.`,
          'Contains National Statistics data © Crown copyright and database right 2015.',
        ],
      },
      {
        id: 'OGL-UK-3.0',
        url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
        attribution: [statement(3)],
      },
      {
        id: 'OGL-UK-3.0',
        url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
        attribution: [statement(3)],
      },
    ]);
  });

  it('filters by words, topic, tag and publisher here (the CKAN-style search ignores its query)', async () => {
    // Variants of the mock item, built for this test.
    const items = [
      {
        ...mockItem,
        id: 'aaaa1',
        title: 'Cultural Infrastructure Map 2023',
        topics: [{ id: 'arts', title: 'Arts and Culture' }],
      },
      { ...mockItem, id: 'aaaa2', title: 'Statistical GIS Boundary Files for London', tags: ['boundaries'] },
      {
        ...mockItem,
        id: 'aaaa3',
        title: 'Bus data',
        team: { id: 't', title: 'Transport for London' },
        masthead: null,
      },
    ];
    server.use(exportHandler(items));
    const ids = async (params: Record<string, string>) =>
      (await datastore().searchDatasets(params).collect()).records.map(
        (r) => r.properties.identifiers[0]?.value,
      );
    expect(await ids({ query: 'cultural  MAP' })).toEqual(['aaaa1']);
    expect(await ids({ topic: 'arts' })).toEqual(['aaaa1']);
    expect(await ids({ tag: 'Boundaries' })).toEqual(['aaaa2']);
    expect(await ids({ publisher: 'transport for london' })).toEqual(['aaaa3']);
    expect(await ids({ query: 'no such words' })).toEqual([]);
  });

  it('reports a malformed dataset and a malformed resource, and maps the rest', async () => {
    const { id: _dropped, ...noId } = mockItem;
    const badResource = {
      ...mockItem,
      id: 'bbbb2',
      resources: [{ ...(mockItem.resources as Record<string, unknown>[])[0], size: 'two thousand' }],
    };
    server.use(exportHandler([noId, badResource, { ...mockItem, id: 'bbbb3' }]));
    const { records, report } = await datastore().searchDatasets({}).collect();
    expect(records.map((r) => r.id)).toEqual(['urn:ldntwin:dataset:london-datastore:bbbb3']);
    expect(report).toMatchObject({ received: 3, mapped: 1, failed: 2 });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [0, 'parse', 'id'],
      [1, 'parse', 'resources.0.size'],
    ]);
    expect(report.issues[1]?.raw).toMatchObject({ id: 'bbbb2' });
  });

  it('a body that is not an array is a SchemaError', async () => {
    server.use(exportHandler({ result: [] }));
    const error = await datastore()
      .searchDatasets({})
      .collect()
      .catch((e: unknown) => e);
    expect(isSchemaError(error)).toBe(true);
  });
});

describe('london-datastore dataset and resources', () => {
  it('reads one dataset with its resources (an object keyed by id) as distributions in publisher order', async () => {
    server.use(http.get(`${BASE}/api/dataset/test-dataset`, () => HttpResponse.json(busData)));
    const { records } = await datastore().dataset({ dataset: 'test-dataset' }).collect();
    const record = records[0] as Dataset;
    expect(record.properties.name).toBe('Mock Test Dataset');
    expect(record.properties.attributes.themes).toEqual(['transport']);
    expect(
      record.properties.attributes.distributions?.map((d) => [d.id, d.byteSize, d.format, d.mediaType]),
    ).toEqual([
      ['res-abc-1', 12345, 'csv', 'text/csv'],
      ['res-abc-2', 23456, 'csv', undefined],
    ]);
  });

  it('lists each resource as a Dataset record partOf its dataset, reporting a malformed one', async () => {
    const body = detail('test-dataset', {
      ...busData.resources,
      'res-bad': { title: 'Broken', url: `${BASE}/download/test-dataset/res-bad/x.csv`, check_size: 'big' },
    });
    server.use(http.get(`${BASE}/api/dataset/test-dataset`, () => HttpResponse.json(body)));
    const { records, report } = await datastore().resources({ dataset: 'test-dataset' }).collect();
    expect(records.map((r) => r.id)).toEqual([
      'urn:ldntwin:dataset:london-datastore-resource:res-abc-2',
      'urn:ldntwin:dataset:london-datastore-resource:res-abc-1',
    ]);
    expect(records[0]?.properties.relations).toEqual([
      { rel: 'partOf', target: 'urn:ldntwin:dataset:london-datastore:test-dataset' },
    ]);
    expect(report).toMatchObject({ received: 3, mapped: 2, failed: 1 });
    expect(report.issues[0]).toMatchObject({ stage: 'parse', path: '1.check_size' });
    // Each file carries its dataset's own licence; this listing states none.
    expect(records[0]?.properties.licence).toEqual({
      id: 'LicenseRef-not-stated',
      attribution: ['Publisher not stated, via the London Datastore; the dataset states no licence.'],
    });
  });

  it('lists the boundary files of the statistical GIS boundaries dataset by default', async () => {
    // The resource as the field guide gives it (URL with its resource id); other values synthetic.
    // The licence value's shape is unconfirmed; an OGL string is one the connector reads.
    const boundaries = {
      ...detail('statistical-gis-boundary-files-london', {
        '9ba8c833-6370-4b11-abdc-314aa020d5e0': {
          title: 'Statistical GIS Boundary Files for London',
          url: `${BASE}/download/statistical-gis-boundary-files-london/9ba8c833-6370-4b11-abdc-314aa020d5e0/statistical-gis-boundaries-london.zip`,
          order: 1,
          check_size: 28_000_000,
        },
      }),
      licence: 'OGL v3',
      masthead: { id: 'gla', title: 'Greater London Authority' },
    };
    let asked = '';
    server.use(
      http.get(`${BASE}/api/dataset/:key`, ({ params }) => {
        asked = String(params.key);
        return HttpResponse.json(boundaries);
      }),
    );
    const { records } = await datastore().boundaryResources({}).collect();
    expect(asked).toBe('statistical-gis-boundary-files-london');
    expect(records[0]?.properties.attributes).toMatchObject({
      keywords: ['boundaries'],
      distributions: [{ id: '9ba8c833-6370-4b11-abdc-314aa020d5e0', format: 'zip', byteSize: 28_000_000 }],
    });
    expect(records[0]?.properties.licence.id).toBe('OGL-UK-3.0');
  });

  it('gives a typed HttpError for a private (403) dataset and never shows the key in errors or logs', async () => {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
      info: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
      warn: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
      error: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
    };
    let sent: string | null = null;
    server.use(
      http.get(`${BASE}/api/dataset/private-one`, ({ request }) => {
        sent = request.headers.get('authorization');
        return HttpResponse.json({ error: `no access for ${sent}` }, { status: 403 });
      }),
    );
    const error = await datastore({ apiKey: 'sekrit-key-123' }, logger)
      .dataset({ dataset: 'private-one' })
      .collect()
      .catch((e: unknown) => e);
    expect(sent).toBe('sekrit-key-123');
    expect(isHttpError(error) && error.status).toBe(403);
    expect(
      JSON.stringify({ message: (error as Error).message, body: (error as { body: unknown }).body }),
    ).not.toContain('sekrit');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('sekrit');
  });
});

describe('london-datastore downloads', () => {
  /** Serves a dataset listing whose single CSV resource has `resourceId`, and its file. */
  function edition(
    resourceId: string,
    file: { body: BodyInit; headers?: Record<string, string> },
    size = 11,
  ) {
    const downloads: string[] = [];
    server.use(
      http.get(`${BASE}/api/dataset/cultural-infrastructure-map`, () =>
        HttpResponse.json(
          detail('cultural-infrastructure-map', {
            [resourceId]: {
              title: 'Music venues',
              url: `${BASE}/download/cultural-infrastructure-map/${resourceId}/music_venues.csv`,
              order: 1,
              check_size: size,
            },
          }),
        ),
      ),
      http.get(`${BASE}/download/cultural-infrastructure-map/:id/:file`, ({ params }) => {
        downloads.push(String(params.id));
        return new HttpResponse(file.body, { headers: { 'content-type': 'text/csv', ...file.headers } });
      }),
    );
    return downloads;
  }
  const pick = {
    dataset: 'cultural-infrastructure-map',
    pick: (r: { format?: string }) => r.format === 'csv',
  };

  it('takes the resource id from the dataset listing, so a new edition is followed', async () => {
    const first = edition('11111111-aaaa-4aaa-8aaa-111111111111', { body: 'name\nJazz\n' });
    const one = await openResource(client(), pick);
    expect(await new Response(one.body).text()).toBe('name\nJazz\n');
    expect(first).toEqual(['11111111-aaaa-4aaa-8aaa-111111111111']);

    const second = edition('22222222-bbbb-4bbb-8bbb-222222222222', { body: 'name\nBlues\n' });
    const two = await openResource(client(), pick);
    expect(await new Response(two.body).text()).toBe('name\nBlues\n');
    expect(second).toEqual(['22222222-bbbb-4bbb-8bbb-222222222222']);
    expect(two.resource.id).toBe('22222222-bbbb-4bbb-8bbb-222222222222');
  });

  it('refuses a resource whose declared size is above the maximum, before any download', async () => {
    const downloads = edition('33333333-cccc-4ccc-8ccc-333333333333', { body: 'x' }, 5_000);
    const error = await openResource(client(), { ...pick, maxDownloadBytes: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeclaredSizeTooLargeError);
    expect(isResponseTooLargeError(error)).toBe(true);
    expect((error as DeclaredSizeTooLargeError).declaredBytes).toBe(5_000);
    expect(downloads).toEqual([]);
  });

  it('refuses a content-length above the maximum', async () => {
    edition(
      '44444444-dddd-4ddd-8ddd-444444444444',
      { body: 'a'.repeat(2_000), headers: { 'content-length': '2000' } },
      0,
    );
    const error = await openResource(client(), { ...pick, maxDownloadBytes: 1_000 }).catch((e: unknown) => e);
    expect(isResponseTooLargeError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(DeclaredSizeTooLargeError);
  });

  it('errors the stream once more bytes than the maximum arrive without a content-length', async () => {
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('a'.repeat(400)));
        controller.close();
      },
    });
    edition('55555555-eeee-4eee-8eee-555555555555', { body: chunks }, 0);
    const download = await openResource(client(), { ...pick, maxDownloadBytes: 1_000 });
    const error = await new Response(download.body).text().catch((e: unknown) => e);
    expect(isResponseTooLargeError(error)).toBe(true);
  });

  it('refuses a content type the resource does not declare (an HTML page for a CSV)', async () => {
    edition('66666666-ffff-4fff-8fff-666666666666', {
      body: '<html>Sign in</html>',
      headers: { 'content-type': 'text/html; charset=utf-8' },
    });
    const error = await openResource(client(), pick).catch((e: unknown) => e);
    expect(isContentTypeMismatchError(error)).toBe(true);
    expect(isSchemaError(error)).toBe(true);
    expect(error).toMatchObject({ received: 'text/html', expected: expect.arrayContaining(['text/csv']) });
  });

  it('accepts application/octet-stream by default, and refuses it when asked to be strict', async () => {
    edition('77777777-aaaa-4aaa-8aaa-777777777777', {
      body: 'name\n',
      headers: { 'content-type': 'application/octet-stream' },
    });
    const ok = await openResource(client(), pick);
    expect(ok.contentType).toBe('application/octet-stream');
    await ok.body.cancel();
    const error = await openResource(client(), { ...pick, acceptGenericContentTypes: false }).catch(
      (e: unknown) => e,
    );
    expect(isContentTypeMismatchError(error)).toBe(true);
  });

  it('logs, but accepts, a content-length that differs from the declared size (a replaced file)', async () => {
    const lines: string[] = [];
    edition(
      '88888888-aaaa-4aaa-8aaa-888888888888',
      { body: 'name\nJazz\n', headers: { 'content-length': '10' } },
      7,
    );
    const download = await openResource(
      createClient({ cache: false, logger: { info: (m) => lines.push(m) } }),
      pick,
    );
    expect(await new Response(download.body).text()).toBe('name\nJazz\n');
    expect(lines).toContain('london-datastore: the download size differs from the listing');
  });

  it('uses the media type the link checker recorded when the resource has one', async () => {
    server.use(
      http.get(
        `${BASE}/download/d/r1/data.bin`,
        () => new HttpResponse('{}', { headers: { 'content-type': 'application/json' } }),
      ),
    );
    const resource = {
      id: 'r1',
      dataset: 'd',
      url: `${BASE}/download/d/r1/data.bin`,
      mediaType: 'application/json',
    };
    const download = await downloadResource(client(), resource, { maxBytes: 100 });
    expect(await new Response(download.body).text()).toBe('{}');
  });
});

describe('london-datastore conformance', () => {
  it('passes validateConnector', async () => {
    server.use(
      exportHandler(exportMock),
      http.get(`${BASE}/api/dataset/test-dataset`, () => HttpResponse.json(busData)),
      http.get(`${BASE}/api/dataset/statistical-gis-boundary-files-london`, () =>
        HttpResponse.json(detail('statistical-gis-boundary-files-london', busData.resources)),
      ),
      http.get(`${BASE}/api/dataset/missing`, () =>
        HttpResponse.json({ error: 'not found' }, { status: 404 }),
      ),
    );
    const result = await validateConnector(londonDatastore, {
      client: client(),
      cases: [
        { operation: 'searchDatasets', params: {} },
        { operation: 'dataset', params: { dataset: 'test-dataset' } },
        { operation: 'resources', params: { dataset: 'test-dataset' }, minRecords: 2 },
        { operation: 'boundaryResources', params: {}, minRecords: 2 },
        { operation: 'dataset', params: { dataset: 'missing' }, expectError: true },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([1, 1, 2, 2, 0]);
  });
});
