/**
 * Keys never leak, for every auth style a connector uses: a header (tfl `app_key`, the Planning
 * London Datahub's `X-API-AllowRequest`), a query parameter (OS Places `key`) and HTTP Basic (EPC).
 * Each connector runs end to end against msw, where the server ECHOES the key back: in the body of
 * a good answer and in the body of an error. Checked: the error (message, String, JSON, body), the
 * logger's lines, progress events, a recordHar archive (default redactor: it must learn the key
 * by itself), the records' JSON and the run report (whose issues keep raw items).
 */
import { readFileSync } from 'node:fs';
import { epc, openDataCommunitiesV1 } from '@ldn-twin/connectors/epc';
import { osPlaces } from '@ldn-twin/connectors/os-places';
import { PLD_HOSTS, planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { tfl } from '@ldn-twin/connectors/tfl';
import {
  type AnyConnector,
  connect,
  createClient,
  isLdnTwinError,
  type Logger,
  type RecordStream,
  type TwinRecord,
} from '@ldn-twin/core';
import { recordHar, stringifyHar } from '@ldn-twin/core/har';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const connectorFixture = (path: string) =>
  JSON.parse(
    readFileSync(new URL(`../../packages/connectors/test/fixtures/${path}`, import.meta.url), 'utf8'),
  );

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Leakable {
  readonly connector: AnyConnector;
  readonly config: Record<string, unknown>;
  readonly operation: string;
  readonly params: unknown;
  /** Every form the credential may take on the wire (the key; for Basic also the base64 token). */
  readonly secrets: readonly string[];
}

/** Runs the operation through a logging, recording client and gathers everything it let out. */
async function exposure({ connector, config, operation, params }: Leakable) {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const progress: string[] = [];
  const recorder = recordHar();
  const client = createClient({
    fetch: recorder.fetch,
    logger,
    cache: false,
    retry: { limit: 0 },
    onProgress: (event) => progress.push(JSON.stringify(event)),
  });
  const bound = connect(connector, { client, config }) as unknown as Record<
    string,
    (params: unknown) => RecordStream<TwinRecord>
  >;
  const stream = bound[operation]!(params);
  let error: unknown;
  const records: TwinRecord[] = [];
  try {
    for await (const record of stream) records.push(record);
  } catch (e) {
    error = e;
  }
  const errorText = error
    ? [
        String(error),
        (error as Error).message,
        (error as Error).stack ?? '',
        JSON.stringify(error),
        JSON.stringify((error as { body?: unknown }).body),
        JSON.stringify((error as { request?: unknown }).request),
      ].join('\n')
    : '';
  return {
    error,
    records,
    texts: {
      error: errorText,
      logs: lines.join('\n'),
      progress: progress.join('\n'),
      har: stringifyHar(recorder.archive()),
      records: JSON.stringify(records),
      report: JSON.stringify(stream.report),
    },
    requests: recorder.archive().log.entries.length,
    logLines: lines.length,
  };
}

/** Where a key (raw or URL-encoded) was found, e.g. `records`. */
function leaksIn(texts: Record<string, string>, secrets: readonly string[]): string[] {
  return Object.entries(texts)
    .filter(([, text]) => secrets.some((s) => text.includes(s) || text.includes(encodeURIComponent(s))))
    .map(([where]) => where);
}

/** The channels that must hold no key: errors, logs, progress events, HAR recordings, run reports. */
const REDACTED_CHANNELS = ['error', 'logs', 'progress', 'har', 'report'];

function expectNoSecret(texts: Record<string, string>, secrets: readonly string[]) {
  expect(leaksIn(texts, secrets).filter((where) => REDACTED_CHANNELS.includes(where))).toEqual([]);
}

/**
 * KNOWN GAP (reported): a key the service echoes inside a mapped data field (a description, an
 * address line) is mapped into the records as it came; records are output (the CLI prints them,
 * apps store them), so the key leaves the runtime. An echoed request URL in a header field that is
 * not mapped (OS Places `header.uri`) does not reach them, and run reports stay clean. The mechanism
 * is the same for every auth style, so one test (tfl) stands for all. Fix: redact raw string values
 * by value before mapping (connect() knows the secret config fields from the connector's auth; the
 * RecordMapper can run `redactor.text` over every string of a raw item).
 */
function expectNoSecretInOutput(texts: Record<string, string>, secrets: readonly string[]) {
  expect(leaksIn(texts, secrets)).toEqual([]);
}

describe('header key: tfl app_key', () => {
  const KEY = 'tfl-K3y-0123456789abcdef';
  const run = {
    connector: tfl,
    config: { appKey: KEY },
    operation: 'roadDisruptions',
    params: {},
    secrets: [KEY],
  };
  const roads = connectorFixture('tfl/tfl-road-disruption.json') as Record<string, unknown>[];
  /** A good answer that echoes the key back: in free text, a link and an unmappable item. */
  const echoingKey = () =>
    http.get('https://api.tfl.gov.uk/Road/all/Disruption', ({ request }) => {
      const key = request.headers.get('app_key') ?? '';
      expect(key).toBe(KEY);
      return HttpResponse.json([
        {
          ...roads[0],
          comments: `Requested with app_key=${key}`,
          url: `/Road/All/Disruption?app_key=${key}`,
        },
        { ...roads[0], id: 'TIMS-broken', point: `not a point ${key}` },
      ]);
    });

  it('echoed in a good answer, the key reaches no error, log, progress event, HAR or run report', async () => {
    server.use(echoingKey());
    const { error, records, texts, requests } = await exposure(run);
    expect(error).toBeUndefined();
    expect(records.length).toBeGreaterThan(0);
    expect(requests).toBe(1);
    expectNoSecret(texts, run.secrets);
  });

  it('echoed in a mapped field of a good answer, the key reaches no record', async () => {
    server.use(echoingKey());
    const { error, records, texts, requests } = await exposure(run);
    expect(error).toBeUndefined();
    expect(records.length).toBeGreaterThan(0);
    expect(requests).toBe(1);
    expectNoSecretInOutput(texts, run.secrets);
  });

  it('echoed in an error, the key reaches no error, log or HAR', async () => {
    server.use(
      http.get('https://api.tfl.gov.uk/Road/all/Disruption', ({ request }) =>
        HttpResponse.json(
          {
            message: `Invalid app_key ${request.headers.get('app_key')}`,
            got: request.headers.get('app_key'),
          },
          { status: 403 },
        ),
      ),
    );
    const { error, texts, logLines } = await exposure(run);
    expect(isLdnTwinError(error)).toBe(true);
    expect(logLines).toBeGreaterThan(0);
    expectNoSecret(texts, run.secrets);
  });
});

describe('header key: planning-london-datahub X-API-AllowRequest', () => {
  const KEY = 'pld-Allow-5ecret-98765';
  const SEARCH = `${PLD_HOSTS.legacy}/applications/_search`;
  const run = {
    connector: planningLondonDatahub,
    config: { allowRequest: KEY },
    operation: 'search',
    params: {},
    secrets: [KEY],
  };
  const recorded = connectorFixture('planning-london-datahub/pld-applications-search.json') as {
    hits: { hits: { _source: Record<string, unknown> }[] };
  };

  it('echoed in a good answer, the key reaches no error, log, progress event, HAR or run report', async () => {
    server.use(
      http.post(SEARCH, ({ request }) => {
        const key = request.headers.get('x-api-allowrequest') ?? '';
        expect(key).toBe(KEY);
        const hits = recorded.hits.hits.map((hit, i) =>
          i === 0 ? { ...hit, _source: { ...hit._source, description: `allowed by ${key}` } } : hit,
        );
        return HttpResponse.json({ ...recorded, echo: key, hits: { ...recorded.hits, hits } });
      }),
    );
    const { error, records, texts } = await exposure(run);
    expect(error).toBeUndefined();
    expect(records.length).toBeGreaterThan(0);
    expectNoSecret(texts, run.secrets);
  });

  it('echoed in an error, the key reaches no error, log or HAR', async () => {
    server.use(
      http.post(SEARCH, ({ request }) =>
        HttpResponse.json(
          { error: { reason: `bad X-API-AllowRequest: ${request.headers.get('x-api-allowrequest')}` } },
          { status: 401 },
        ),
      ),
    );
    const { error, texts } = await exposure(run);
    expect(isLdnTwinError(error)).toBe(true);
    expectNoSecret(texts, run.secrets);
  });
});

describe('query key: os-places key', () => {
  const KEY = 'osPlacesKey0123456789ABCDEF';
  const UPRN_URL = 'https://api.os.uk/search/places/v1/uprn';
  const run = {
    connector: osPlaces,
    config: { apiKey: KEY },
    operation: 'uprn',
    params: { uprn: '100023071949' },
    secrets: [KEY],
  };
  const recorded = connectorFixture('os-places/osplaces-uprn-dpa.json') as {
    header: Record<string, unknown>;
    results: { DPA: Record<string, unknown> }[];
  };

  it('echoed in a good answer, the key reaches no error, log, progress event, HAR or run report', async () => {
    server.use(
      http.get(UPRN_URL, ({ request }) => {
        const key = new URL(request.url).searchParams.get('key') ?? '';
        expect(key).toBe(KEY);
        return HttpResponse.json({
          ...recorded,
          // The echo a service gives: the request URL, key and all.
          header: { ...recorded.header, uri: request.url, query: `uprn=100023071949&key=${key}` },
          results: [{ DPA: { ...recorded.results[0]!.DPA, ORGANISATION_NAME: `KEY ${key}` } }],
        });
      }),
    );
    const { error, records, texts } = await exposure(run);
    expect(error).toBeUndefined();
    expect(records.length).toBeGreaterThan(0);
    expectNoSecret(texts, run.secrets);
  });

  it('echoed in an error, the key reaches no error, log or HAR', async () => {
    server.use(
      http.get(UPRN_URL, ({ request }) =>
        HttpResponse.json(
          {
            error: {
              statuscode: 401,
              message: `Invalid key ${new URL(request.url).searchParams.get('key')}`,
              uri: request.url,
            },
          },
          { status: 401 },
        ),
      ),
    );
    const { error, texts } = await exposure(run);
    expect(isLdnTwinError(error)).toBe(true);
    expectNoSecret(texts, run.secrets);
  });
});

describe('Basic credentials: epc', () => {
  const EMAIL = 'analyst@example.gov.uk';
  const KEY = 'epcKey-5ecret-0123456789';
  const TOKEN = btoa(`${EMAIL}:${KEY}`);
  const SEARCH = 'https://epc.opendatacommunities.org/api/v1/domestic/search';
  const run = {
    connector: epc,
    config: { source: openDataCommunitiesV1, email: EMAIL, apiKey: KEY },
    operation: 'search',
    params: { localAuthority: 'E09000013' },
    secrets: [KEY, TOKEN],
  };
  const row = connectorFixture('epc/epc-domestic-search-row-hammersmith.json') as Record<string, string>;

  it('echoed in a good answer, the key reaches no error, log, progress event, HAR or run report', async () => {
    server.use(
      http.get(SEARCH, ({ request }) => {
        const authorization = request.headers.get('authorization') ?? '';
        expect(authorization).toBe(`Basic ${TOKEN}`);
        const echoed = { ...row, address1: `Flat ${KEY}`, address2: authorization };
        return HttpResponse.json({
          'column-names': Object.keys(row),
          rows: [echoed, { ...row, 'lmk-key': '' }],
        });
      }),
    );
    const { error, records, texts } = await exposure(run);
    expect(error).toBeUndefined();
    expect(records.length).toBeGreaterThan(0);
    expectNoSecret(texts, run.secrets);
  });

  it('echoed in an error, the key reaches no error, log or HAR', async () => {
    server.use(
      http.get(SEARCH, ({ request }) =>
        HttpResponse.json(
          { error: 'Unauthorized', got: request.headers.get('authorization'), key: KEY },
          { status: 401 },
        ),
      ),
    );
    const { error, texts } = await exposure(run);
    expect(isLdnTwinError(error)).toBe(true);
    expectNoSecret(texts, run.secrets);
  });
});

describe('Bearer credentials: epc (the replacement register)', () => {
  const TOKEN = 'epcBearer-5ecret-0123456789';
  const SEARCH = 'https://api.get-energy-performance-data.communities.gov.uk/api/domestic/search';
  const run = {
    connector: epc,
    config: { token: TOKEN },
    operation: 'search',
    params: { council: 'Camden' },
    secrets: [TOKEN],
  };
  // Documented shape (the publisher's OpenAPI example), no live capture.
  const example = connectorFixture('epc-2026/epc2026-domestic-search-openapi-example.json') as {
    data: Record<string, unknown>[];
    pagination: Record<string, unknown>;
  };

  it('echoed in a good answer, the token reaches no error, log, progress event, HAR or run report', async () => {
    server.use(
      http.get(SEARCH, ({ request }) => {
        const authorization = request.headers.get('authorization') ?? '';
        expect(authorization).toBe(`Bearer ${TOKEN}`);
        const echoed = { ...example.data[0], addressLine1: `Flat ${TOKEN}`, addressLine2: authorization };
        return HttpResponse.json({
          ...example,
          data: [echoed, { ...example.data[0], certificateNumber: '' }],
        });
      }),
    );
    const { error, records, texts } = await exposure(run);
    expect(error).toBeUndefined();
    expect(records.length).toBeGreaterThan(0);
    expectNoSecret(texts, run.secrets);
  });

  it('echoed in an error, the token reaches no error, log or HAR', async () => {
    server.use(
      http.get(SEARCH, ({ request }) =>
        HttpResponse.json(
          {
            errors: [{ code: 'UNAUTHORISED', title: 'You are not authenticated' }],
            got: request.headers.get('authorization'),
            key: TOKEN,
          },
          { status: 403 },
        ),
      ),
    );
    const { error, texts } = await exposure(run);
    expect(isLdnTwinError(error)).toBe(true);
    expectNoSecret(texts, run.secrets);
  });
});
