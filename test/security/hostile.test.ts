/**
 * Issue 12: the runtime against hostile or broken services. Each block is one class of the issue;
 * each test fails on the runtime before the fix (a key that followed a redirect, a wait that never
 * ended, a payload mangled by redaction, an untyped crash) and passes now. Waits run on fake timers.
 */
import { downloadResource } from '@ldn-twin/connectors/london-datastore';
import { tfl } from '@ldn-twin/connectors/tfl';
import {
  type Connector,
  collect,
  connect,
  createClient,
  createMappingSession,
  isConfigError,
  isPagingError,
  isRateLimitedError,
  isRedirectError,
  isSchemaError,
  isTimeoutError,
  linkPages,
  OPEN_ACCESS,
  type TwinRecord,
  twinId,
} from '@ldn-twin/core';
import { recordHar } from '@ldn-twin/core/har';
import { createRedactor } from '@ldn-twin/core/http';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

const API = 'https://api.example.test';
const KEY = 'k3y-hostile-0123456789';
const Body = z.object({ ok: z.boolean() });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

/** A valid Facility record, built as the fault-harness test builds them. */
function facility(id: string, name: string, attributes: Record<string, unknown> = {}): TwinRecord {
  const at = '2026-01-01T00:00:00Z';
  return {
    type: 'Feature',
    id: twinId('Facility', 'example', id),
    featureType: 'Facility',
    geometry: { type: 'Point', coordinates: [-0.1, 51.5] },
    time: null,
    properties: {
      kind: 'Facility',
      name,
      identifiers: [],
      recordedAt: at,
      locationPrecision: 'exact',
      relations: [],
      provenance: {
        publisher: 'Example',
        dataset: 'sites',
        retrievedAt: at,
        method: 'reported',
        connector: 'example',
      },
      licence: { id: 'OGL-UK-3.0', attribution: ['Example attribution'] },
      access: OPEN_ACCESS,
      attributes,
    },
  } as TwinRecord;
}

const keyed = { auth: { type: 'header', name: 'x-api-key', value: KEY } } as const;

describe('redirects: keys stay on their host', () => {
  it('refuses a redirect to another host with a typed error, and the key never reaches it', async () => {
    const reached: string[] = [];
    server.use(
      http.get(
        `${API}/data`,
        () =>
          new HttpResponse(null, {
            status: 302,
            headers: { location: 'https://collector.attacker.test/grab' },
          }),
      ),
      http.get('https://collector.attacker.test/grab', ({ request }) => {
        reached.push(request.headers.get('x-api-key') ?? '(no key)');
        return HttpResponse.json({ ok: true });
      }),
    );
    for (const status of [301, 302, 303, 307, 308]) {
      server.use(
        http.get(
          `${API}/data`,
          () =>
            new HttpResponse(null, { status, headers: { location: 'https://collector.attacker.test/grab' } }),
        ),
      );
      const error = await createClient({ cache: false })
        .json(`${API}/data`, Body, keyed)
        .catch((e: unknown) => e);
      expect(isRedirectError(error), `status ${status}`).toBe(true);
      expect(String((error as Error).message)).not.toContain(KEY);
    }
    expect(reached).toEqual([]);
  });

  it('refuses a redirect to a cloud metadata address', async () => {
    server.use(
      http.get(
        `${API}/data`,
        () =>
          new HttpResponse(null, {
            status: 302,
            headers: { location: 'http://169.254.169.254/latest/meta-data/' },
          }),
      ),
    );
    const error = await createClient({ cache: false })
      .json(`${API}/data`, Body)
      .catch((e: unknown) => e);
    expect(isRedirectError(error)).toBe(true);
    expect((error as Error).message).toMatch(/link-local/);
  });

  it('follows a redirect on the same host with the key, and one to a named host without it', async () => {
    const seen: [string, string | null][] = [];
    server.use(
      http.get(`${API}/old`, () => new HttpResponse(null, { status: 301, headers: { location: '/new' } })),
      http.get(`${API}/new`, ({ request }) => {
        seen.push(['same host', request.headers.get('x-api-key')]);
        return new HttpResponse(null, {
          status: 302,
          headers: { location: `https://files.example.test/f.json?api_key=${KEY}` },
        });
      }),
      http.get('https://files.example.test/f.json', ({ request }) => {
        seen.push([
          'files host',
          request.headers.get('x-api-key') ?? new URL(request.url).searchParams.get('api_key'),
        ]);
        return HttpResponse.json({ ok: true });
      }),
    );
    const { data } = await createClient({ cache: false, redirectHosts: ['files.example.test'] }).json(
      `${API}/old`,
      Body,
      keyed,
    );
    expect(data.ok).toBe(true);
    expect(seen).toEqual([
      ['same host', KEY],
      ['files host', null],
    ]);
  });

  it('sends the Datastore key only to the Datastore, never to a resource hosted elsewhere', async () => {
    const headers: (string | null)[] = [];
    server.use(
      http.get('https://files.example.test/venues.csv', ({ request }) => {
        headers.push(request.headers.get('authorization'));
        return new HttpResponse('a,b\n1,2\n', { headers: { 'content-type': 'text/csv' } });
      }),
    );
    const download = await downloadResource(
      createClient({ cache: false }),
      { id: 'r1', dataset: 'd', url: 'https://files.example.test/venues.csv', format: 'csv' } as never,
      { maxBytes: 1000, apiKey: KEY, baseUrl: 'https://data.london.gov.uk' },
    );
    await new Response(download.body).text();
    expect(headers).toEqual([null]);
  });
});

describe('malformed keys and userinfo never reach error text', () => {
  it.each([
    ['a line break', `${KEY}\r\nX-Injected: 1`],
    ['a character outside Latin-1', `${KEY}ключ`],
  ])('refuses a key with %s before any request, without printing it', async (_, bad) => {
    const fetch = vi.fn(async () => Response.json({}));
    let error: unknown;
    try {
      const transport = connect(tfl, { client: createClient({ fetch }), config: { appKey: bad } });
      await transport.lineStatus({ modes: ['tube'] }).collect();
    } catch (e) {
      error = e;
    }
    expect(isConfigError(error)).toBe(true);
    expect(String(error)).not.toContain(KEY);
    expect(String(error)).toMatch(/appKey/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses a base URL carrying a user name and password, without printing them', async () => {
    const error = await createClient()
      .json('https://alice:s3cret-pass-word@api.example.test/x', Body)
      .catch((e: unknown) => e);
    expect(isConfigError(error)).toBe(true);
    expect(String(error)).not.toContain('s3cret-pass-word');
    expect(String(error)).not.toContain('alice');
  });
});

describe('redaction keeps payloads meaningful', () => {
  const NUMERIC = '73518264';

  it('keeps a number equal to a numeric key and redacts the key echoed in a string field', () => {
    const session = createMappingSession('example', 'op', [NUMERIC]);
    const Raw = z.object({ count: z.number(), note: z.string() });
    const [record] = [
      ...session.mapper.each([{ count: Number(NUMERIC), note: `your key is ${NUMERIC}` }], Raw, (raw) =>
        facility('one', raw.note, { capacity: raw.count }),
      ),
    ] as TwinRecord[];
    expect(session.report.issues).toEqual([]);
    expect(record?.properties.attributes).toMatchObject({ capacity: 73518264 });
    expect(JSON.stringify(record)).not.toContain(`is ${NUMERIC}`);
  });

  it('records JSON in a HAR archive that still parses, with the number intact and the echoed key hidden', async () => {
    const recorder = recordHar({ redactor: createRedactor({ secrets: [NUMERIC] }) });
    const upstream = JSON.stringify({ count: Number(NUMERIC), echo: NUMERIC });
    const fetch = recorder.fetch;
    server.use(
      http.get(
        `${API}/n`,
        () => new HttpResponse(upstream, { headers: { 'content-type': 'application/json' } }),
      ),
    );
    await (await fetch(`${API}/n`)).text();
    const text = recorder.archive().log.entries[0]?.response.content.text ?? '';
    expect(JSON.parse(text)).toEqual({ count: 73518264, echo: '[REDACTED]' });
  });
});

describe('every wait is bounded', () => {
  it('fails at once with the server value when Retry-After is beyond the cap', async () => {
    let calls = 0;
    const fetch = async () => {
      calls += 1;
      return new Response('later', { status: 429, headers: { 'retry-after': '86400' } });
    };
    const error = await createClient({ fetch, cache: false })
      .json(`${API}/x`, Body)
      .catch((e: unknown) => e);
    expect(isRateLimitedError(error)).toBe(true);
    expect(isRateLimitedError(error) && [error.retryAfterMs, error.retryAfter]).toEqual([
      86_400_000,
      '86400',
    ]);
    expect(calls).toBe(1);
  });

  it('bounds a dripping body by the total timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const drip = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await new Promise((resolve) => setTimeout(resolve, 1000));
            controller.enqueue(new TextEncoder().encode(' '));
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    const client = createClient({ fetch: drip, cache: false, timeoutMs: 600_000, totalTimeoutMs: 5_000 });
    const result = client.json(`${API}/drip`, Body).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(6_000);
    const error = await result;
    expect(isTimeoutError(error) && error.phase).toBe('total');
  });

  it('bounds a stalled stream, after its headers, by the idle timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const stall = async () =>
      new Response(new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array([65])) }));
    const response = await createClient({ fetch: stall, cache: false, streamIdleTimeoutMs: 10_000 }).stream(
      `${API}/big.csv`,
    );
    const reading = response.text().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(11_000);
    const error = await reading;
    expect(isTimeoutError(error) && error.phase).toBe('stream');
  });

  it('starts the total timeout when a request is sent, not while it waits for a rate-limit slot', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const slow = () =>
      new Promise<Response>((resolve) => setTimeout(() => resolve(Response.json({ ok: true })), 3_000));
    const client = createClient({
      fetch: slow,
      cache: false,
      totalTimeoutMs: 4_000,
      limits: { default: { requestsPerSecond: 1000, burst: 1000, concurrency: 1 } },
    });
    // Three in a row on one slot: the third waits 6 s for its turn, then takes 3 s of its 4 s.
    const results = Promise.allSettled([1, 2, 3].map((n) => client.json(`${API}/q${n}`, Body)));
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await results).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  });

  it('bounds the wait for a rate-limit slot separately, and says so', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const slow = () =>
      new Promise<Response>((resolve) => setTimeout(() => resolve(Response.json({ ok: true })), 5_000));
    const client = createClient({
      fetch: slow,
      cache: false,
      queueTimeoutMs: 1_000,
      limits: { default: { requestsPerSecond: 1000, burst: 1000, concurrency: 1 } },
    });
    const first = client.json(`${API}/a`, Body);
    const second = client.json(`${API}/b`, Body, { retries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(6_000);
    await first;
    const error = await second;
    expect(isTimeoutError(error) && error.phase).toBe('queue');
  });
});

describe('pagers and collect end, typed, with the partial result', () => {
  it('stops a pager that mints new links to the same content', async () => {
    let calls = 0;
    const pages = linkPages({
      first: `${API}/p?page=1`,
      fetchPage: async (url) => {
        calls += 1;
        if (calls > 100) throw new Error('the pager did not stop');
        return { page: [{ id: 1 }, { id: 2 }], next: `${url.split('?')[0]}?page=${calls + 1}` };
      },
    });
    const error = await collect(pages).catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
    expect(calls).toBe(2);
  });

  const endless = {
    id: 'endless',
    title: 'Endless',
    description: 'new items forever',
    twins: ['open-data-catalogue'],
    publisher: { name: 'Example' },
    homepage: 'https://example.test',
    licence: { id: 'OGL-UK-3.0', attribution: ['Example attribution'] },
    auth: { type: 'none' },
    browser: { cors: true },
    config: z.object({}),
    operations: {
      items: {
        title: 'Items',
        description: 'pages of new items, forever',
        params: z.object({}),
        produces: ['Facility'],
        async *run(_params, ctx) {
          for (let page = 0; page < 1_000_000; page++) {
            ctx.page(1);
            const id = `item-${page}`;
            yield* ctx.mapper.each([{ id }], z.object({ id: z.string() }), (raw) => facility(raw.id, raw.id));
          }
        },
      },
    },
  } satisfies Connector;

  it('bounds the pages of one call with a typed error, keeping what came before', async () => {
    const bound = connect(endless, { client: createClient() });
    const records: TwinRecord[] = [];
    const error = await (async () => {
      for await (const record of bound.items({}, { maxPages: 25 })) records.push(record);
    })().catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
    expect(records).toHaveLength(25);
  });

  it('collect over its limit throws with the partial result, or truncates and says so', async () => {
    const bound = connect(endless, { client: createClient() });
    const error = await bound
      .items({})
      .collect({ limit: 30 })
      .catch((e: unknown) => e);
    expect(isPagingError(error) && error.partial?.length).toBe(30);
    const cut = await bound.items({}).collect({ limit: 30, onLimit: 'truncate' });
    expect([cut.records.length, cut.truncated]).toEqual([30, true]);
  });
});

describe('deep nesting', () => {
  it('fails typed, naming the source, instead of overflowing the stack', async () => {
    const deep = `{"ok":true,"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const fetch = async () => new Response(deep, { headers: { 'content-type': 'application/json' } });
    const error = await createClient({ fetch, cache: false })
      .json(`${API}/deep`, z.object({ ok: z.boolean(), a: z.unknown() }), { label: 'example deep source' })
      .catch((e: unknown) => e);
    expect(isSchemaError(error)).toBe(true);
    expect((error as Error).message).toMatch(/example deep source.*deeper than 256/);
  });
});
