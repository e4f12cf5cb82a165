import { describe, expect, it } from 'vitest';
import { type CachedResponse, cacheKey, createMemoryCache, freshnessMs } from '../../src/http/cache.js';

/** A fake clock the cache reads, moved by hand. */
function clock(start = 1_000_000) {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

function response(body: string, storedAt: number, ttlMs: number): CachedResponse {
  return {
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'application/json']],
    body,
    storedAt,
    expiresAt: storedAt + ttlMs,
  };
}

describe('createMemoryCache', () => {
  it('hits before expiry and misses from the expiry time on', () => {
    const time = clock();
    const cache = createMemoryCache({ now: time.now });
    cache.set('a', response('[1]', time.now(), 1000));

    time.advance(999);
    expect(cache.get('a')).toEqual(response('[1]', time.now() - 999, 1000));
    time.advance(1);
    expect(cache.get('a')).toBeUndefined();
  });

  it('removes an expired entry when it is read, freeing its place', () => {
    const time = clock();
    const cache = createMemoryCache({ maxEntries: 2, now: time.now });
    cache.set('b', response('b', time.now(), 10_000));
    cache.set('a', response('a', time.now(), 100));
    time.advance(100);
    expect(cache.get('a')).toBeUndefined();

    // Had `a` stayed, it would be the most recent and `b` would be evicted to make room for `c`.
    cache.set('c', response('c', time.now(), 10_000));
    expect(cache.get('b')?.body).toBe('b');
    expect(cache.get('c')?.body).toBe('c');
  });

  it('does not store an entry that is already stale', () => {
    const time = clock();
    const cache = createMemoryCache({ maxEntries: 1, now: time.now });
    cache.set('a', response('a', time.now(), 1000));
    cache.set('b', response('b', time.now(), 0));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body).toBe('a');
  });

  it('evicts the least recently stored entry beyond maxEntries', () => {
    const time = clock();
    const cache = createMemoryCache({ maxEntries: 3, now: time.now });
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, response(key, time.now(), 1000));
    expect(cache.get('a')).toBeUndefined();
    expect(['b', 'c', 'd'].map((key) => cache.get(key)?.body)).toEqual(['b', 'c', 'd']);

    cache.set('e', response('e', time.now(), 1000));
    expect(cache.get('b')).toBeUndefined();
  });

  it('makes an entry the most recently used when it is read', () => {
    const time = clock();
    const cache = createMemoryCache({ maxEntries: 3, now: time.now });
    for (const key of ['a', 'b', 'c']) cache.set(key, response(key, time.now(), 1000));
    cache.get('a');
    cache.set('d', response('d', time.now(), 1000));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body).toBe('a');

    cache.set('e', response('e', time.now(), 1000));
    expect(cache.get('c')).toBeUndefined();
  });

  it('makes an entry the most recently used when it is replaced', () => {
    const time = clock();
    const cache = createMemoryCache({ maxEntries: 2, now: time.now });
    cache.set('a', response('a1', time.now(), 1000));
    cache.set('b', response('b', time.now(), 1000));
    cache.set('a', response('a2', time.now(), 1000));
    cache.set('c', response('c', time.now(), 1000));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body).toBe('a2');
  });

  it('evicts least recently used entries until the bytes (twice the body length) fit', () => {
    const time = clock();
    // 100 bytes hold two bodies of 20 characters (40 bytes each), not three.
    const cache = createMemoryCache({ maxBytes: 100, now: time.now });
    const body = (letter: string) => letter.repeat(20);
    cache.set('a', response(body('a'), time.now(), 1000));
    cache.set('b', response(body('b'), time.now(), 1000));
    cache.get('a');
    cache.set('c', response(body('c'), time.now(), 1000));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.body).toBe(body('a'));
    expect(cache.get('c')?.body).toBe(body('c'));

    // One large body evicts as many entries as it needs: 90 bytes leave room for nothing else.
    cache.set('big', response('x'.repeat(45), time.now(), 1000));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('big')?.body).toHaveLength(45);
  });

  it('counts a replaced entry once and skips a body larger than maxBytes without evicting', () => {
    const time = clock();
    const cache = createMemoryCache({ maxBytes: 100, now: time.now });
    for (let i = 0; i < 5; i++) cache.set('a', response('a'.repeat(20), time.now(), 1000));
    cache.set('b', response('b'.repeat(20), time.now(), 1000));
    expect(cache.get('a')).toBeDefined();

    cache.set('huge', response('h'.repeat(51), time.now(), 1000));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('b')).toBeDefined();
  });

  it('deletes entries', () => {
    const time = clock();
    const cache = createMemoryCache({ now: time.now });
    cache.set('a', response('a', time.now(), 1000));
    cache.delete('a');
    cache.delete('missing');
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps its own copies, so callers cannot change what is cached', () => {
    const time = clock();
    const cache = createMemoryCache({ now: time.now });
    const stored = response('a', time.now(), 1000);
    cache.set('a', stored);
    stored.headers.push(['x-added', 'before']);
    cache.get('a')?.headers.push(['x-added', 'after']);
    expect(cache.get('a')?.headers).toEqual([['content-type', 'application/json']]);
  });
});

describe('freshnessMs', () => {
  const fresh = (headers: Record<string, string>, now?: number) =>
    freshnessMs(new Headers(headers), 60_000, now);

  it.each([
    'no-store',
    'no-cache',
    'private',
    'public, max-age=300, no-store',
    'max-age=300, No-Cache',
    'private, max-age=300',
    'private="set-cookie", max-age=300',
  ])('is 0 for Cache-Control: %s', (value) => {
    expect(fresh({ 'cache-control': value })).toBe(0);
  });

  it('takes max-age in seconds', () => {
    expect(fresh({ 'cache-control': 'public, max-age=300' })).toBe(300_000);
    expect(fresh({ 'cache-control': 'max-age=0' })).toBe(0);
    expect(fresh({ 'cache-control': 'MAX-AGE="120"' })).toBe(120_000);
    // The first of repeated directives wins.
    expect(fresh({ 'cache-control': 'max-age=10, max-age=20' })).toBe(10_000);
  });

  it('treats a malformed max-age as stale', () => {
    expect(fresh({ 'cache-control': 'max-age=abc' })).toBe(0);
    expect(fresh({ 'cache-control': 'max-age=-5' })).toBe(0);
    expect(fresh({ 'cache-control': 'max-age' })).toBe(0);
  });

  it('ignores s-maxage, which is for shared caches only', () => {
    expect(fresh({ 'cache-control': 's-maxage=600, max-age=30' })).toBe(30_000);
    expect(fresh({ 'cache-control': 's-maxage=600' })).toBe(60_000);
  });

  it('prefers max-age to Expires', () => {
    const date = 'Wed, 25 Nov 2026 10:00:00 GMT';
    expect(fresh({ 'cache-control': 'max-age=30', date, expires: 'Wed, 25 Nov 2026 11:00:00 GMT' })).toBe(
      30_000,
    );
  });

  it('falls back to Expires relative to Date', () => {
    const headers = { date: 'Wed, 25 Nov 2026 10:00:00 GMT', expires: 'Wed, 25 Nov 2026 10:05:00 GMT' };
    expect(fresh(headers)).toBe(300_000);
    // Cache-Control without freshness directives leaves Expires in charge.
    expect(fresh({ ...headers, 'cache-control': 'public' })).toBe(300_000);
  });

  it('measures Expires from now when there is no valid Date', () => {
    const now = Date.parse('Wed, 25 Nov 2026 10:00:00 GMT');
    expect(fresh({ expires: 'Wed, 25 Nov 2026 10:01:00 GMT' }, now)).toBe(60_000);
    expect(fresh({ date: 'yesterday', expires: 'Wed, 25 Nov 2026 10:01:00 GMT' }, now)).toBe(60_000);
  });

  it('is 0 for an Expires in the past or invalid', () => {
    expect(fresh({ date: 'Wed, 25 Nov 2026 10:00:00 GMT', expires: 'Wed, 25 Nov 2026 09:00:00 GMT' })).toBe(
      0,
    );
    expect(fresh({ expires: '0' })).toBe(0);
    expect(fresh({ expires: '-1' })).toBe(0);
  });

  it('uses the default when the server says nothing', () => {
    expect(fresh({})).toBe(60_000);
    expect(fresh({ 'cache-control': 'public' })).toBe(60_000);
    expect(freshnessMs(new Headers(), -5)).toBe(0);
  });
});

describe('cacheKey', () => {
  it('is the upper-case method and the URL as given', () => {
    expect(cacheKey('get', 'https://data.police.uk/api/forces')).toBe(
      'GET https://data.police.uk/api/forces',
    );
    expect(cacheKey('GET', new URL('https://data.police.uk/api/forces'))).toBe(
      'GET https://data.police.uk/api/forces',
    );
  });

  it('adds varying headers in a stable order, so different API keys get different keys', () => {
    const url = 'https://api.example.org/v1/sites';
    const one = cacheKey('GET', url, [
      ['Ocp-Apim-Subscription-Key', 'key-one'],
      ['Accept', 'application/json'],
    ]);
    expect(one).toBe(
      'GET https://api.example.org/v1/sites\naccept: application/json\nocp-apim-subscription-key: key-one',
    );
    expect(
      cacheKey(
        'GET',
        url,
        new Headers({ accept: 'application/json', 'ocp-apim-subscription-key': 'key-one' }),
      ),
    ).toBe(one);
    expect(
      cacheKey('GET', url, [
        ['Ocp-Apim-Subscription-Key', 'key-two'],
        ['Accept', 'application/json'],
      ]),
    ).not.toBe(one);
    expect(cacheKey('GET', url, [])).toBe(cacheKey('GET', url));
  });
});
