import { describe, expect, it } from 'vitest';
import { type HarNoMatchError, isConfigError, isHarNoMatchError } from '../../src/errors.js';
import {
  type HarArchive,
  type HarEntry,
  parseHar,
  recordHar,
  replayHar,
  stringifyHar,
} from '../../src/http/har.js';
import { matchesPattern } from '../../src/http/har-match.js';
import { createRedactor, REDACTED } from '../../src/http/redact.js';

/** A minimal entry answering `method url` (and `body`, when given) with a JSON `answer`. */
function entry(method: string, url: string, answer: unknown, body?: string): HarEntry {
  const text = JSON.stringify(answer);
  return {
    startedDateTime: '2026-01-01T00:00:00.000Z',
    time: 1,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      queryString: [],
      ...(body === undefined ? {} : { postData: { mimeType: 'application/json', text: body } }),
      headersSize: -1,
      bodySize: body?.length ?? 0,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'content-type', value: 'application/json' }],
      content: { size: text.length, mimeType: 'application/json', text },
      redirectURL: '',
      headersSize: -1,
      bodySize: text.length,
    },
    cache: {},
    timings: { send: 0, wait: 1, receive: 0 },
  };
}

function archiveOf(...entries: HarEntry[]): HarArchive {
  return { log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } };
}

async function answer(fetch: typeof globalThis.fetch, url: string, init?: RequestInit): Promise<unknown> {
  return (await fetch(url, init)).json();
}

async function noMatch(promise: Promise<unknown>): Promise<HarNoMatchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isHarNoMatchError(error)) throw new Error(`expected HarNoMatchError, got ${String(error)}`);
  return error;
}

describe('replayHar matching', () => {
  it('requires the same method', async () => {
    const fetch = replayHar(archiveOf(entry('GET', 'https://x.test/a', 'get')));
    expect(await answer(fetch, 'https://x.test/a')).toBe('get');
    const error = await noMatch(fetch('https://x.test/a', { method: 'DELETE' }));
    expect(error.closest).toEqual(['GET https://x.test/a (method: DELETE ≠ GET)']);
  });

  it('requires the same origin', async () => {
    const fetch = replayHar(archiveOf(entry('GET', 'https://x.test/a', 'x')));
    const error = await noMatch(fetch('https://y.test/a'));
    expect(error.closest).toEqual(['GET https://x.test/a (origin: https://y.test ≠ https://x.test)']);
    await noMatch(fetch('http://x.test/a'));
    await noMatch(fetch('https://x.test:8443/a'));
    expect(await answer(fetch, 'https://x.test:443/a')).toBe('x');
  });

  it('requires the same path', async () => {
    const fetch = replayHar(archiveOf(entry('GET', 'https://x.test/a/b', 'ab')));
    expect(await answer(fetch, 'https://x.test/a/b')).toBe('ab');
    const error = await noMatch(fetch('https://x.test/a/c'));
    expect(error.closest).toEqual(['GET https://x.test/a/b (path: /a/c ≠ /a/b)']);
    await noMatch(fetch('https://x.test/a/b/'));
  });

  it('requires every recorded query parameter with the same values', async () => {
    const fetch = replayHar(archiveOf(entry('GET', 'https://x.test/y?a=1&b=2', 'ab')));
    expect(await answer(fetch, 'https://x.test/y?a=1&b=2')).toBe('ab');
    let error = await noMatch(fetch('https://x.test/y?a=2&b=2'));
    expect(error.closest).toEqual(['GET https://x.test/y?a=1&b=2 (query a: 2 ≠ 1)']);
    error = await noMatch(fetch('https://x.test/y?a=1'));
    expect(error.closest).toEqual(['GET https://x.test/y?a=1&b=2 (query b: missing ≠ 2)']);
  });

  it('ignores the order of query parameters, and of repeated values', async () => {
    const fetch = replayHar(archiveOf(entry('GET', 'https://x.test/y?a=1&b=2&c=3&c=4', 'ok')));
    expect(await answer(fetch, 'https://x.test/y?c=4&b=2&c=3&a=1')).toBe('ok');
  });

  it('lets the request carry more query parameters', async () => {
    const fetch = replayHar(archiveOf(entry('GET', 'https://x.test/y?a=1', 'ok')));
    expect(await answer(fetch, 'https://x.test/y?a=1&extra=zz&_=123')).toBe('ok');
  });

  it('treats a redacted value as matching any value', async () => {
    const fetch = replayHar(archiveOf(entry('GET', `https://x.test/y?app_key=${REDACTED}&q=1`, 'ok')));
    expect(await answer(fetch, 'https://x.test/y?q=1&app_key=real-key-123')).toBe('ok');
    // Still required to be present.
    const error = await noMatch(fetch('https://x.test/y?q=1'));
    expect(error.closest[0]).toContain('query app_key: missing ≠ [REDACTED]');
    // A partly redacted value matches on the rest.
    expect(matchesPattern(`Bearer ${REDACTED}`, 'Bearer abc')).toBe(true);
    expect(matchesPattern(`Bearer ${REDACTED}`, 'Basic abc')).toBe(false);
    expect(matchesPattern(`a${REDACTED}b${REDACTED}c`, 'aXXbYYc')).toBe(true);
    expect(matchesPattern(`a${REDACTED}b${REDACTED}c`, 'aXXcYYb')).toBe(false);
  });

  it('matches a redacted path segment', async () => {
    const recorded = createRedactor({ secrets: ['path-secret-1'] }).url(
      'https://x.test/keys/path-secret-1/items',
    );
    const fetch = replayHar(archiveOf(entry('GET', recorded, 'ok')));
    expect(await answer(fetch, 'https://x.test/keys/other-secret/items')).toBe('ok');
  });

  it('compares JSON bodies by value, whatever the key order', async () => {
    const fetch = replayHar(
      archiveOf(
        entry('POST', 'https://x.test/search', 'found', '{"query":{"term":"E1"},"size":10,"sort":[1,2]}'),
      ),
    );
    const body = JSON.stringify({ size: 10, sort: [1, 2], query: { term: 'E1' } });
    expect(await answer(fetch, 'https://x.test/search', { method: 'POST', body })).toBe('found');
    const error = await noMatch(
      fetch('https://x.test/search', {
        method: 'POST',
        body: '{"query":{"term":"E2"},"size":10,"sort":[1,2]}',
      }),
    );
    expect(error.closest).toEqual(['POST https://x.test/search (body: JSON differs at $.query.term)']);
    await noMatch(
      fetch('https://x.test/search', {
        method: 'POST',
        body: '{"query":{"term":"E1"},"size":10,"sort":[2,1]}',
      }),
    );
    await noMatch(fetch('https://x.test/search', { method: 'POST' }));
  });

  it('compares other bodies as text', async () => {
    const fetch = replayHar(archiveOf(entry('POST', 'https://x.test/form', 'ok', 'a=1&b=2')));
    expect(await answer(fetch, 'https://x.test/form', { method: 'POST', body: 'a=1&b=2' })).toBe('ok');
    const error = await noMatch(fetch('https://x.test/form', { method: 'POST', body: 'b=2&a=1' }));
    expect(error.closest).toEqual(['POST https://x.test/form (body: text differs)']);
  });

  it('compares binary bodies byte for byte', async () => {
    const recorded = entry('POST', 'https://x.test/bin', 'ok');
    recorded.request.postData = { mimeType: 'application/octet-stream', text: 'AP8Q', _encoding: 'base64' };
    const fetch = replayHar(archiveOf(recorded));
    const bytes = new Uint8Array([0, 255, 16]);
    expect(await answer(fetch, 'https://x.test/bin', { method: 'POST', body: bytes })).toBe('ok');
    await noMatch(fetch('https://x.test/bin', { method: 'POST', body: new Uint8Array([0, 255, 17]) }));
  });

  it('answers with the most specific entry, and the first of equals', async () => {
    const fetch = replayHar(
      archiveOf(
        entry('GET', 'https://x.test/y', 'none'),
        entry('GET', 'https://x.test/y?a=1', 'a'),
        entry('GET', 'https://x.test/y?a=1&b=2', 'ab'),
        entry('GET', 'https://x.test/y?b=2', 'b'),
        entry('GET', 'https://x.test/y?c=3', 'c'),
      ),
    );
    expect(await answer(fetch, 'https://x.test/y?a=1&b=2')).toBe('ab');
    expect(await answer(fetch, 'https://x.test/y?b=2&a=1&z=0')).toBe('ab');
    expect(await answer(fetch, 'https://x.test/y?a=1')).toBe('a');
    expect(await answer(fetch, 'https://x.test/y?z=0')).toBe('none');
    // b=2 and c=3 both match one value: the first in archive order answers.
    expect(await answer(fetch, 'https://x.test/y?c=3&b=2')).toBe('b');
  });

  it('replays a request recorded twice in order, then starts over', async () => {
    const fetch = replayHar(
      archiveOf(
        entry('GET', 'https://x.test/poll', 1),
        entry('GET', 'https://x.test/other', 0),
        entry('GET', 'https://x.test/poll', 2),
      ),
    );
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push(await answer(fetch, 'https://x.test/poll'));
    expect(seen).toEqual([1, 2, 1, 2, 1]);
  });

  it('names up to three closest entries, nearest first, without secrets', async () => {
    const fetch = replayHar(
      archiveOf(
        entry('GET', 'https://other.test/y?a=1', 'far'),
        entry('POST', 'https://x.test/y?a=1', 'method'),
        entry('GET', 'https://x.test/y?a=1&b=1', 'two'),
        entry('GET', 'https://x.test/y?a=1', 'one'),
        entry('GET', 'https://x.test/z?a=2', 'path'),
      ),
    );
    const error = await noMatch(fetch('https://x.test/y?a=2&b=2&app_key=top-secret-key'));
    expect(error.closest).toEqual([
      'GET https://x.test/y?a=1 (query a: 2 ≠ 1)',
      'GET https://x.test/y?a=1&b=1 (query a: 2 ≠ 1; query b: 2 ≠ 1)',
      'POST https://x.test/y?a=1 (method: GET ≠ POST; query a: 2 ≠ 1)',
    ]);
    expect(error.request).toEqual({ method: 'GET', url: `https://x.test/y?a=2&b=2&app_key=${REDACTED}` });
    expect(error.message).not.toContain('top-secret-key');
    expect(error.message).toContain('closest:\n  GET https://x.test/y?a=1 (query a: 2 ≠ 1)');
  });

  it('says when the archive is empty', async () => {
    const error = await noMatch(replayHar(archiveOf())('https://x.test/'));
    expect(error.closest).toEqual([]);
    expect(error.message).toContain('the archive is empty');
  });

  it('rejects with the reason of an aborted signal', async () => {
    const fetch = replayHar(archiveOf(entry('GET', 'https://x.test/a', 'a')));
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(fetch('https://x.test/a', { signal: controller.signal })).rejects.toBe(reason);
    await expect(fetch(new Request('https://x.test/a', { signal: controller.signal }))).rejects.toBe(reason);
  });

  it('rebuilds status, headers and body', async () => {
    const recorded = entry('GET', 'https://x.test/missing', { error: 'nope' });
    recorded.response.status = 404;
    recorded.response.statusText = 'Not Found';
    recorded.response.headers.push(
      { name: 'x-request-id', value: 'abc' },
      { name: 'content-encoding', value: 'gzip' },
      { name: ':status', value: '404' },
    );
    const response = await replayHar(archiveOf(recorded))('https://x.test/missing');
    expect(response.status).toBe(404);
    expect(response.statusText).toBe('Not Found');
    expect(response.headers.get('x-request-id')).toBe('abc');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(response.url).toBe('https://x.test/missing');
    expect(await response.json()).toEqual({ error: 'nope' });
  });

  it('answers HEAD and 204 without a body', async () => {
    const noContent = entry('DELETE', 'https://x.test/a', '');
    noContent.response.status = 204;
    const fetch = replayHar(archiveOf(noContent, entry('HEAD', 'https://x.test/b', 'x')));
    expect((await fetch('https://x.test/a', { method: 'DELETE' })).body).toBeNull();
    expect((await fetch('https://x.test/b', { method: 'HEAD' })).body).toBeNull();
  });
});

describe('HAR files', () => {
  it('parses and writes archives', async () => {
    const archive = archiveOf(entry('GET', 'https://x.test/a', 'a'));
    const text = stringifyHar(archive);
    expect(text).toMatch(/^\{\n {2}"log": \{\n/);
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseHar(text)).toEqual(archive);
    expect(await answer(replayHar(text), 'https://x.test/a')).toBe('a');
  });

  it('refuses text that is not a HAR archive', () => {
    for (const bad of ['not json', '{}', '{"log":{"entries":[{}]}}', 'null']) {
      expect(() => parseHar(bad), bad).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    }
    expect(isConfigError(catchError(() => replayHar('{"log":{}}')))).toBe(true);
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** A fake server: echoes what it was sent, and serves a binary body on /bin. */
function fakeServer(): { fetch: typeof fetch; requests: Request[] } {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push(request.clone());
    const url = new URL(request.url);
    if (url.pathname === '/bin') {
      return new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 128]), {
        headers: { 'content-type': 'image/png' },
      });
    }
    const body = request.body ? await request.text() : null;
    return Response.json(
      { url: request.url, body, authorization: request.headers.get('authorization') },
      { status: url.pathname === '/created' ? 201 : 200, headers: { 'x-served-by': 'fake' } },
    );
  };
  return { fetch, requests };
}

describe('recordHar', () => {
  it('passes requests through and keeps the response readable', async () => {
    const server = fakeServer();
    const recorder = recordHar({ fetch: server.fetch });
    const response = await recorder.fetch('https://x.test/created?b=2', {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ body: '{"a":1}' });
    expect(server.requests).toHaveLength(1);

    const [recorded] = recorder.archive().log.entries;
    expect(recorded?.request).toMatchObject({
      method: 'POST',
      url: 'https://x.test/created?b=2',
      queryString: [{ name: 'b', value: '2' }],
      postData: { mimeType: 'application/json', text: '{"a":1}' },
      headersSize: -1,
      bodySize: 7,
    });
    expect(recorded?.request.headers).toContainEqual({ name: 'content-type', value: 'application/json' });
    expect(recorded?.response).toMatchObject({ status: 201, redirectURL: '' });
    expect(recorded?.response.headers).toContainEqual({ name: 'x-served-by', value: 'fake' });
    expect(recorded?.response.content.mimeType).toBe('application/json');
    expect(JSON.parse(recorded?.response.content.text ?? '')).toMatchObject({ body: '{"a":1}' });
    expect(recorded?.cache).toEqual({});
    expect(Number.isNaN(Date.parse(recorded?.startedDateTime ?? ''))).toBe(false);
  });

  it('leaves a Request input unread for the underlying fetch', async () => {
    const server = fakeServer();
    const recorder = recordHar({ fetch: server.fetch });
    const request = new Request('https://x.test/echo', { method: 'PUT', body: 'hello' });
    const response = await recorder.fetch(request);
    expect(await response.json()).toMatchObject({ body: 'hello' });
    expect(recorder.archive().log.entries[0]?.request.postData?.text).toBe('hello');
  });

  it('round-trips: what was recorded replays with no network', async () => {
    const server = fakeServer();
    const recorder = recordHar({ fetch: server.fetch });
    const live = [
      await (await recorder.fetch('https://x.test/a?page=1')).json(),
      await (await recorder.fetch('https://x.test/a?page=2')).json(),
      await (await recorder.fetch('https://x.test/q', { method: 'POST', body: '{"x":[1,2]}' })).json(),
    ];
    const replay = replayHar(stringifyHar(recorder.archive()));
    const replayed = [
      await (await replay('https://x.test/a?page=1')).json(),
      await (await replay('https://x.test/a?page=2')).json(),
      await (await replay('https://x.test/q', { method: 'POST', body: '{ "x": [1, 2] }' })).json(),
    ];
    expect(replayed).toEqual(live);
    expect(server.requests).toHaveLength(3);
  });

  it('keeps binary bodies as base64', async () => {
    const server = fakeServer();
    const recorder = recordHar({ fetch: server.fetch });
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    await recorder.fetch('https://x.test/upload', { method: 'POST', body: bytes });
    const live = new Uint8Array(await (await recorder.fetch('https://x.test/bin')).arrayBuffer());
    const [upload, bin] = recorder.archive().log.entries;
    expect(upload?.request.postData).toMatchObject({ text: 'AAEC/v8=', _encoding: 'base64' });
    expect(bin?.response.content).toEqual({
      size: 7,
      mimeType: 'image/png',
      text: 'iVBORwD/gA==',
      encoding: 'base64',
    });

    const replay = replayHar(recorder.archive());
    const replayed = new Uint8Array(await (await replay('https://x.test/bin')).arrayBuffer());
    expect(replayed).toEqual(live);
    expect((await replay('https://x.test/upload', { method: 'POST', body: bytes })).status).toBe(200);
  });

  it('never writes a secret into the archive', async () => {
    const key = 'sk-live-0123456789abcdef';
    const user = 'svc-user';
    const password = 'hunter2-password';
    const basic = `Basic ${btoa(`${user}:${password}`)}`;
    const server = fakeServer();
    // By name only (the default redactor): credential headers and parameters.
    const byName = recordHar({ fetch: server.fetch });
    await byName.fetch(`https://x.test/a?app_key=${key}&q=1`, {
      headers: { 'x-api-key': key, authorization: basic },
    });
    const nameText = JSON.stringify(byName.archive());
    for (const secret of [key, btoa(`${user}:${password}`)]) expect(nameText).not.toContain(secret);
    expect(byName.archive().log.entries[0]?.request.queryString).toEqual(
      expect.arrayContaining([
        { name: 'app_key', value: REDACTED },
        { name: 'q', value: '1' },
      ]),
    );

    // By value too: the server echoes the key and the Basic credentials in its body, and the key
    // travels in a header and a parameter whose names are not known to be credentials.
    const byValue = recordHar({
      fetch: server.fetch,
      redactor: createRedactor({ secrets: [key, password] }),
    });
    await byValue.fetch(`https://x.test/a?mykey=${encodeURIComponent(key)}`, {
      method: 'POST',
      body: JSON.stringify({ key, password }),
      headers: { 'x-custom': key, authorization: basic },
    });
    const response = await byValue.fetch('https://x.test/bin', { headers: { 'x-custom': `prefix ${key}` } });
    expect(response.status).toBe(200);
    const valueText = JSON.stringify(byValue.archive());
    for (const secret of [key, encodeURIComponent(key), password, btoa(`${user}:${password}`)]) {
      expect(valueText).not.toContain(secret);
    }
    expect(valueText).toContain(REDACTED);

    // The redacted recording still replays for a request carrying a different key.
    const replay = replayHar(byValue.archive());
    const other = 'sk-live-ffffffffffffffff';
    const replayed = await replay(`https://x.test/a?mykey=${other}`, {
      method: 'POST',
      body: JSON.stringify({ password: 'p', key: other }),
    });
    expect(replayed.status).toBe(200);
  });

  it('hides a credential seen by name wherever it shows up later', async () => {
    const token = 'bearer-token-0123456789';
    const recorder = recordHar({
      fetch: async (input) =>
        new Response(String(input).endsWith('/whoami') ? `{"token":"${token}"}` : '{}', {
          headers: { 'content-type': 'application/json' },
        }),
    });
    await recorder.fetch('https://x.test/login', { headers: { authorization: `Bearer ${token}` } });
    await recorder.fetch('https://x.test/whoami');
    const text = JSON.stringify(recorder.archive());
    expect(text).not.toContain(token);
    expect(recorder.archive().log.entries[1]?.response.content.text).toBe(`{"token":"${REDACTED}"}`);
  });

  it('records a streamed request body and still sends it', async () => {
    const server = fakeServer();
    const recorder = recordHar({ fetch: server.fetch });
    const body = new Blob(['streamed ', 'text']).stream();
    const response = await recorder.fetch('https://x.test/echo', {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(await response.json()).toMatchObject({ body: 'streamed text' });
    expect(recorder.archive().log.entries[0]?.request.postData?.text).toBe('streamed text');
  });

  it('redacts a secret inside a binary body', async () => {
    const key = 'BINARY-SECRET-KEY';
    const payload = new Uint8Array([0xff, 0x00, ...new TextEncoder().encode(key), 0xfe]);
    const recorder = recordHar({
      fetch: async () => new Response(payload, { headers: { 'content-type': 'application/octet-stream' } }),
      redactor: createRedactor({ secrets: [key] }),
    });
    await recorder.fetch('https://x.test/bin');
    const content = recorder.archive().log.entries[0]?.response.content;
    expect(content?.encoding).toBe('base64');
    expect(atob(content?.text ?? '')).not.toContain(key);
    expect(atob(content?.text ?? '')).toContain(REDACTED);
  });

  it('records in the order requests started and skips failed ones', async () => {
    const recorder = recordHar({
      fetch: async (input) => {
        const url = new URL(String(input instanceof Request ? input.url : input));
        if (url.pathname === '/fail') throw new TypeError('fetch failed');
        await new Promise((resolve) => setTimeout(resolve, Number(url.searchParams.get('delay'))));
        return new Response(url.search);
      },
    });
    await Promise.all([
      recorder.fetch('https://x.test/a?delay=30'),
      recorder.fetch('https://x.test/fail').catch(() => undefined),
      recorder.fetch('https://x.test/b?delay=0'),
    ]);
    const archive = recorder.archive();
    expect(archive.log.version).toBe('1.2');
    expect(archive.log.creator.name).toBe('@ldn-twin/core');
    expect(archive.log.entries.map((e) => e.request.url)).toEqual([
      'https://x.test/a?delay=30',
      'https://x.test/b?delay=0',
    ]);
    const [slow] = archive.log.entries;
    expect(slow?.time).toBeGreaterThanOrEqual(slow?.timings.wait ?? Number.NaN);
    expect(slow?.timings.wait).toBeGreaterThanOrEqual(25);
  });

  it('uses the given creator and hands out snapshots', async () => {
    const recorder = recordHar({
      fetch: async () => new Response('x'),
      creator: { name: 'nb', version: '2' },
    });
    const before = recorder.archive();
    await recorder.fetch('https://x.test/');
    expect(before.log.entries).toHaveLength(0);
    expect(recorder.archive().log.creator).toEqual({ name: 'nb', version: '2' });
    expect(recorder.archive().log.entries).toHaveLength(1);
  });
});
