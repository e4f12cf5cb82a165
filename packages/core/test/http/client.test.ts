import {
  ConfigError,
  createClient,
  HttpError,
  isHttpError,
  isNetworkError,
  isRateLimitedError,
  isResponseTooLargeError,
  isSchemaError,
  isTimeoutError,
  type Logger,
  NetworkError,
  RateLimitedError,
  SchemaError,
  TimeoutError,
} from '@ldn-twin/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

const API = 'https://api.example.test';
const KEY = 'k3y-that-must-never-leak-0123456789';
const server = setupServer();
const Body = z.object({ ok: z.boolean() });

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

/** A client with no jitter-free waits to worry about: tests that wait use fake timers. */
const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ cache: false, ...options });

/**
 * Runs fake timers forward in small steps until the promise settles: the steps leave room for the
 * real I/O of the mocked server in between, however slow the machine is.
 */
async function settle<T>(promise: Promise<T>, maxMs = 120_000): Promise<T> {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  for (let waited = 0; !done && waited < maxMs; waited += 100) await vi.advanceTimersByTimeAsync(100);
  return promise;
}

describe('retries', () => {
  it('waits as Retry-After says on 429, then succeeds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const seen: number[] = [];
    server.use(
      http.get(`${API}/limited`, () => {
        seen.push(Date.now());
        return seen.length === 1
          ? HttpResponse.json({ error: 'slow down' }, { status: 429, headers: { 'retry-after': '7' } })
          : HttpResponse.json({ ok: true });
      }),
    );
    const { data } = await settle(client().json(`${API}/limited`, Body));
    expect(data).toEqual({ ok: true });
    expect(seen).toHaveLength(2);
    // On the fake clock: the second request went out 7 s after the first, as the server said.
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(7_000);
    expect(seen[1]! - seen[0]!).toBeLessThan(7_500);
  });

  it('retries 503 twice then succeeds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let calls = 0;
    server.use(
      http.get(`${API}/flaky`, () => {
        calls += 1;
        return calls <= 2 ? new HttpResponse('busy', { status: 503 }) : HttpResponse.json({ ok: true });
      }),
    );
    await expect(settle(client().json(`${API}/flaky`, Body))).resolves.toMatchObject({
      data: { ok: true },
      status: 200,
    });
    expect(calls).toBe(3);
  });

  it.each([400, 401, 403, 404, 410, 422])('never retries %i', async (status) => {
    let calls = 0;
    server.use(
      http.get(`${API}/no`, () => {
        calls += 1;
        return HttpResponse.json({ detail: 'entity not found' }, { status });
      }),
    );
    const error = await client()
      .json(`${API}/no`, Body)
      .catch((e: unknown) => e);
    expect(calls).toBe(1);
    expect(error).toBeInstanceOf(HttpError);
    expect(isHttpError(error) && error.status).toBe(status);
    expect(isHttpError(error) && error.body).toEqual({ detail: 'entity not found' });
  });

  it('gives a RateLimitedError with retry-after once retries are spent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    server.use(
      http.get(
        `${API}/always-429`,
        () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '1' } }),
      ),
    );
    const error = await settle(
      client({ retry: { limit: 1 } })
        .json(`${API}/always-429`, Body)
        .catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(isRateLimitedError(error) && error.retryAfterMs).toBe(1000);
  });

  it('treats a service-specific throttling status as rate limiting, without retrying it', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/tfl`, () => {
        calls += 1;
        return new HttpResponse('quota', { status: 403 });
      }),
    );
    const error = await client()
      .json(`${API}/tfl`, Body, { rateLimitStatuses: [403] })
      .catch((e: unknown) => e);
    expect(isRateLimitedError(error)).toBe(true);
    expect(calls).toBe(1);
  });
});

describe('request bodies and per-request retries', () => {
  it('sends a form body', async () => {
    let body = '';
    let type: string | null = null;
    server.use(
      http.post(`${API}/form`, async ({ request }) => {
        type = request.headers.get('content-type');
        body = await request.text();
        return HttpResponse.json({ ok: true });
      }),
    );
    await client().json(`${API}/form`, Body, {
      method: 'POST',
      form: { poly: '51.5,-0.1:51.6,-0.1:51.6,0' },
    });
    expect(type).toMatch(/^application\/x-www-form-urlencoded/);
    expect(new URLSearchParams(body).get('poly')).toBe('51.5,-0.1:51.6,-0.1:51.6,0');
  });

  it('lets one request turn retries off', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/dense`, () => {
        calls += 1;
        return new HttpResponse(null, { status: 503 });
      }),
    );
    const error = await client()
      .json(`${API}/dense`, Body, { retries: 0 })
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(503);
    expect(calls).toBe(1);
  });
});

describe('timeouts, aborts and failures', () => {
  it('times out a slow attempt', async () => {
    server.use(http.get(`${API}/slow`, () => new Promise<Response>(() => {})));
    const error = await client({ timeoutMs: 50, retry: { limit: 0 } })
      .json(`${API}/slow`, Body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(isTimeoutError(error)).toBe(true);
  });

  it('rejects with the abort reason when the caller aborts, even if fetch ignores the signal', async () => {
    // An injected fetch that never settles and never looks at its signal.
    const pending = client({ fetch: () => new Promise<Response>(() => {}) });
    const controller = new AbortController();
    const request = pending.json(`${API}/hang`, Body, { signal: controller.signal });
    const reason = new Error('user left the page');
    controller.abort(reason);
    await expect(request).rejects.toBe(reason);
  });

  it('times out a body that stalls after the headers', async () => {
    const stalled = () =>
      Promise.resolve(
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"ok":'));
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      );
    const error = await client({ fetch: stalled, timeoutMs: 50, retry: { limit: 0 } })
      .json(`${API}/slow-body`, Body)
      .catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
  });

  it('lets a stream take longer than the attempt timeout once the headers are in', async () => {
    const slowBody = () =>
      Promise.resolve(
        new Response(
          new ReadableStream({
            async start(controller) {
              for (const part of ['first,', 'second']) {
                await new Promise((resolve) => setTimeout(resolve, 60));
                controller.enqueue(new TextEncoder().encode(part));
              }
              controller.close();
            },
          }),
        ),
      );
    const response = await client({ fetch: slowBody, timeoutMs: 50 }).stream(`${API}/big.csv`);
    expect(await response.text()).toBe('first,second');
  });

  it('turns a dropped connection into a NetworkError', async () => {
    server.use(http.get(`${API}/drop`, () => HttpResponse.error()));
    const error = await client({ retry: { limit: 0 } })
      .json(`${API}/drop`, Body)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(isNetworkError(error)).toBe(true);
  });

  it('reports an HTML page with status 200 as a schema error with the raw text', async () => {
    server.use(
      http.get(`${API}/html`, () => HttpResponse.html('<html><body>Service unavailable</body></html>')),
    );
    const error = await client()
      .json(`${API}/html`, Body, { label: 'example search' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(isSchemaError(error) && error.message).toMatch(/example search: .*not JSON \(text\/html/);
    expect(isSchemaError(error) && error.raw).toContain('Service unavailable');
  });

  it('reports a renamed field as a schema error carrying the raw value', async () => {
    server.use(http.get(`${API}/drift`, () => HttpResponse.json({ okay: true })));
    const error = await client()
      .json(`${API}/drift`, Body)
      .catch((e: unknown) => e);
    expect(isSchemaError(error) && error.raw).toEqual({ okay: true });
    expect(isSchemaError(error) && error.issues[0]?.path).toEqual(['ok']);
  });

  it('stops reading a body larger than the limit', async () => {
    server.use(http.get(`${API}/huge`, () => HttpResponse.text('x'.repeat(5000))));
    const error = await client({ maxResponseBytes: 1000 })
      .text(`${API}/huge`)
      .catch((e: unknown) => e);
    expect(isResponseTooLargeError(error)).toBe(true);
  });

  it('drops __proto__ keys so upstream JSON cannot reach a prototype', async () => {
    server.use(
      http.get(`${API}/proto`, () => HttpResponse.text('{"ok":true,"__proto__":{"polluted":true}}')),
    );
    const { data } = await client().json(`${API}/proto`, z.looseObject({ ok: z.boolean() }));
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('refuses JSON nested deeper than maxJsonDepth with a SchemaError, not a stack overflow', async () => {
    server.use(
      http.get(`${API}/deep`, () => HttpResponse.text(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)),
    );
    const error = await client({ maxJsonDepth: 64 })
      .json(`${API}/deep`, z.unknown())
      .catch((e: unknown) => e);
    expect(isSchemaError(error)).toBe(true);
    expect((error as SchemaError).message).toContain('deeper than 64 levels (maxJsonDepth)');
  });

  it('decodes a body that arrives in many chunks, a character split between two', async () => {
    const text = JSON.stringify({ ok: true, name: 'Café Ω 🏙'.repeat(50) });
    const bytes = new TextEncoder().encode(text);
    server.use(
      http.get(
        `${API}/chunks`,
        () =>
          new HttpResponse(
            new ReadableStream({
              start(controller) {
                // 7-byte pieces cut through the two-, three- and four-byte characters.
                for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.subarray(i, i + 7));
                controller.close();
              },
            }),
            { headers: { 'content-type': 'application/json' } },
          ),
      ),
    );
    const { data } = await client().json(
      `${API}/chunks`,
      z.looseObject({ ok: z.boolean(), name: z.string() }),
    );
    expect(data.name).toBe('Café Ω 🏙'.repeat(50));
  });
});

describe('cache', () => {
  it('answers a repeated request from the cache with no second request', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/cached`, () => {
        calls += 1;
        return HttpResponse.json({ ok: true }, { headers: { 'cache-control': 'max-age=300' } });
      }),
    );
    const shared = createClient();
    const first = await shared.json(`${API}/cached`, Body);
    const second = await shared.json(`${API}/cached`, Body);
    expect(calls).toBe(1);
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.data).toEqual({ ok: true });
  });

  it('caches a POST query only when asked, keyed by its body', async () => {
    let calls = 0;
    server.use(
      http.post(`${API}/_search`, async ({ request }) => {
        calls += 1;
        return HttpResponse.json({ ok: (await request.json()) !== null });
      }),
    );
    const shared = createClient();
    const ask = (query: unknown, cache?: boolean) =>
      shared.json(`${API}/_search`, Body, {
        method: 'POST',
        json: query,
        ...(cache === undefined ? {} : { cache }),
      });
    await ask({ q: 'a' });
    await ask({ q: 'a' });
    expect(calls).toBe(2); // not cached by default
    await ask({ q: 'b' }, true);
    const again = await ask({ q: 'b' }, true);
    const other = await ask({ q: 'c' }, true);
    expect(again.fromCache).toBe(true);
    expect(other.fromCache).toBe(false);
    expect(calls).toBe(4);
  });

  it('does not keep a no-store response', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/fresh`, () => {
        calls += 1;
        return HttpResponse.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
      }),
    );
    const shared = createClient();
    await shared.json(`${API}/fresh`, Body);
    await shared.json(`${API}/fresh`, Body);
    expect(calls).toBe(2);
  });
});

describe('security', () => {
  it('refuses plain http unless the host is allowed', async () => {
    await expect(client().json('http://api.example.test/x', Body)).rejects.toBeInstanceOf(ConfigError);
    server.use(http.get('http://localhost:8080/x', () => HttpResponse.json({ ok: true })));
    const { data } = await client({ allowHttpHosts: ['localhost'] }).json('http://localhost:8080/x', Body);
    expect(data.ok).toBe(true);
    await expect(
      client({ allowHttpHosts: ['localhost'] }).json('http://api.example.test/x', Body),
    ).rejects.toBeInstanceOf(ConfigError);
    await expect(client().json('ftp://api.example.test/x', Body)).rejects.toBeInstanceOf(ConfigError);
  });

  it('allows plain http only to loopback hosts', () => {
    expect(() => createClient({ allowHttpHosts: ['proxy.borough.gov.uk'] })).toThrow(ConfigError);
    expect(() => createClient({ allowHttpHosts: ['10.0.0.5'] })).toThrow(/only allowed to loopback/);
    expect(() =>
      createClient({ allowHttpHosts: ['localhost', '127.0.0.1', '[::1]', 'api.localhost'] }),
    ).not.toThrow();
  });

  it.each([
    ['header', { type: 'header', name: 'app_key', value: KEY }],
    ['query', { type: 'query', name: 'app_key', value: KEY }],
    ['basic', { type: 'basic', username: 'me@example.org', password: KEY }],
  ] as const)('never shows a %s key in errors or logs', async (_, auth) => {
    server.use(
      http.get(`${API}/secret`, ({ request }) =>
        // A service that echoes the request back, key included.
        HttpResponse.json({ echo: request.url, auth: request.headers.get('authorization') }, { status: 400 }),
      ),
    );
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m, f) => lines.push(m + JSON.stringify(f)),
      info: (m, f) => lines.push(m + JSON.stringify(f)),
      warn: (m, f) => lines.push(m + JSON.stringify(f)),
    };
    const events: string[] = [];
    const error = await client({ logger, onProgress: (e) => events.push(JSON.stringify(e)) })
      .json(`${API}/secret`, Body, { auth })
      .catch((e: unknown) => e);
    expect(isHttpError(error)).toBe(true);
    const basic = btoa(`me@example.org:${KEY}`);
    const everything = [
      JSON.stringify(error),
      String(error),
      (error as Error).stack,
      ...lines,
      ...events,
    ].join('\n');
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(basic);
    expect(lines.length).toBeGreaterThan(0);
  });

  it('sends a User-Agent naming the SDK', async () => {
    let agent: string | null = null;
    server.use(
      http.get(`${API}/ua`, ({ request }) => {
        agent = request.headers.get('user-agent');
        return HttpResponse.json({ ok: true });
      }),
    );
    await client({ userAgent: 'borough-dashboard' }).json(`${API}/ua`, Body);
    expect(agent).toMatch(/^ldn-twin\/\S+ borough-dashboard$/);
  });
});
