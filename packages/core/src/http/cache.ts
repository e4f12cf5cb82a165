/**
 * The HTTP response cache of the shared client: a small store interface, so a persistent store
 * (IndexedDB, a file, Redis) can plug in, an in-memory LRU store as the default, and the two pure
 * helpers the client needs to use any store: how long a response stays fresh, and what to key it by.
 */

/**
 * A response as a cache holds it: plain data, so any store can serialise it (for example with
 * `JSON.stringify`) and any runtime can rebuild a `Response` from it.
 *
 * @example
 * ```ts
 * const entry: CachedResponse = {
 *   status: 200,
 *   statusText: 'OK',
 *   headers: [['content-type', 'application/json']],
 *   body: '[]',
 *   storedAt: Date.now(),
 *   expiresAt: Date.now() + 60_000,
 * };
 * const response = new Response(entry.body, entry);
 * ```
 */
export interface CachedResponse {
  status: number;
  statusText: string;
  /** The response headers as pairs, in the order received. */
  headers: [string, string][];
  /** The response text. */
  body: string;
  /** When the response was stored, in milliseconds since the epoch. */
  storedAt: number;
  /** When the response stops being fresh, in milliseconds since the epoch. */
  expiresAt: number;
}

/**
 * Where the client keeps responses. Methods may be synchronous or asynchronous, so a store backed
 * by IndexedDB or a file fits as well as a `Map`.
 *
 * Keys from {@link cacheKey} hold the request URL and any headers that vary the response, which
 * can include API keys. A store that writes anywhere outside the process should hash the key
 * first (for example with `crypto.subtle.digest('SHA-256', ...)`, which is why the methods may be
 * asynchronous) so that no secret is written in clear. A store should treat an entry past its
 * `expiresAt` as a miss; the client checks freshness as well, so a store that cannot is still safe.
 *
 * @example
 * ```ts
 * // A store over any async key-value API, hashing keys so no API key is persisted in clear.
 * const sha256 = async (text: string) =>
 *   [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
 *     .map((byte) => byte.toString(16).padStart(2, '0'))
 *     .join('');
 * const store: HttpCache = {
 *   get: async (key) => kv.get(await sha256(key)),
 *   set: async (key, value) => kv.set(await sha256(key), value),
 *   delete: async (key) => kv.delete(await sha256(key)),
 * };
 * ```
 */
export interface HttpCache {
  /** The entry stored under `key`, or `undefined` when there is none or it has expired. */
  get(key: string): Promise<CachedResponse | undefined> | CachedResponse | undefined;
  /** Stores `value` under `key`, replacing any entry there. */
  set(key: string, value: CachedResponse): Promise<void> | void;
  /** Removes the entry under `key`, if any. */
  delete(key: string): Promise<void> | void;
}

/**
 * The in-memory {@link HttpCache}, whose methods answer synchronously.
 *
 * @example
 * ```ts
 * const cache: MemoryCache = createMemoryCache();
 * const body = cache.get('GET https://data.police.uk/api/forces')?.body;
 * ```
 */
export interface MemoryCache extends HttpCache {
  get(key: string): CachedResponse | undefined;
  set(key: string, value: CachedResponse): void;
  delete(key: string): void;
}

/**
 * Options of {@link createMemoryCache}.
 *
 * @example
 * ```ts
 * const options: MemoryCacheOptions = { maxEntries: 100, maxBytes: 10 * 1024 * 1024 };
 * ```
 */
export interface MemoryCacheOptions {
  /** The most entries kept; the least recently used go first. Default 500. */
  maxEntries?: number;
  /**
   * The most bytes kept, estimated as twice the body's length (JavaScript strings are UTF-16).
   * Default 50 MB. A response larger than this on its own is not stored.
   */
  maxBytes?: number;
  /** The clock, in milliseconds since the epoch. Default `Date.now`; tests pass a fake. */
  now?: () => number;
}

const DEFAULT_MAX_ENTRIES = 500;
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Creates an in-memory LRU cache. Reading an entry makes it the most recently used; an expired
 * entry is a miss and is removed when read; when a limit on entries or bytes is passed, the least
 * recently used entries are evicted until both limits hold.
 *
 * Keys may contain secrets (see {@link cacheKey}); that is safe here because this store never
 * leaves the process. Entries are copied in and out, so a caller that edits a returned entry does
 * not change the cache.
 *
 * @example
 * ```ts
 * const cache = createMemoryCache({ maxEntries: 100, maxBytes: 5 * 1024 * 1024 });
 * const key = cacheKey('GET', 'https://data.police.uk/api/forces');
 * cache.set(key, { status: 200, statusText: 'OK', headers: [], body: '[]', storedAt: Date.now(),
 *   expiresAt: Date.now() + 60_000 });
 * cache.get(key)?.body; // '[]'
 * ```
 */
export function createMemoryCache(options: MemoryCacheOptions = {}): MemoryCache {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // Read at each call, not captured once, so fake timers installed later still apply.
  const now = options.now ?? (() => Date.now());
  // A Map iterates in insertion order, so deleting and re-inserting a key on use keeps the least
  // recently used entry first: an LRU without a linked list.
  const entries = new Map<string, { value: CachedResponse; bytes: number }>();
  let totalBytes = 0;

  const remove = (key: string): void => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    totalBytes -= entry.bytes;
  };

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now() >= entry.value.expiresAt) {
        remove(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      return copy(entry.value);
    },
    set(key, value) {
      remove(key);
      const bytes = sizeOf(value);
      // Storing what is already stale or can never fit would only evict useful entries.
      if (now() >= value.expiresAt || bytes > maxBytes || maxEntries < 1) return;
      entries.set(key, { value: copy(value), bytes });
      totalBytes += bytes;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries && totalBytes <= maxBytes) break;
        remove(oldest);
      }
    },
    delete(key) {
      remove(key);
    },
  };
}

function sizeOf(value: CachedResponse): number {
  return value.body.length * 2;
}

function copy(value: CachedResponse): CachedResponse {
  return { ...value, headers: value.headers.map(([name, text]) => [name, text]) };
}

/**
 * How long a response stays fresh, in milliseconds, from its `Cache-Control`, `Expires` and `Date`
 * headers (RFC 9111, section 4.2.1), or `defaultTtlMs` when the server says nothing.
 *
 * - `no-store`, `no-cache` or `private` → 0: not stored. `no-cache` would allow storing with
 *   revalidation, which this client does not do. `private` would allow a private cache to store,
 *   but one SDK process may serve many users (a dashboard server), so the client is conservative.
 * - `max-age=N` → N seconds; a malformed `max-age` → 0, as RFC 9111 encourages.
 * - `s-maxage` is ignored: it only applies to shared caches (proxies, CDNs), and an in-process
 *   client cache is not one.
 * - Otherwise `Expires` minus `Date` (or minus `now` when there is no valid `Date`); an invalid
 *   `Expires` (such as `0`) → 0.
 * - Otherwise `defaultTtlMs`.
 *
 * Never negative.
 *
 * @param now - The time the response was received, used when it has no valid `Date` header.
 * @example
 * ```ts
 * freshnessMs(new Headers({ 'cache-control': 'public, max-age=300' }), 60_000); // 300000
 * freshnessMs(new Headers({ 'cache-control': 'no-store' }), 60_000); // 0
 * freshnessMs(new Headers(), 60_000); // 60000
 * ```
 */
export function freshnessMs(headers: Headers, defaultTtlMs: number, now: number = Date.now()): number {
  const cacheControl = headers.get('cache-control');
  if (cacheControl !== null) {
    const directives = parseCacheControl(cacheControl);
    if (directives.has('no-store') || directives.has('no-cache') || directives.has('private')) return 0;
    if (directives.has('max-age')) {
      const value = directives.get('max-age') ?? '';
      return /^\d+$/.test(value) ? Number(value) * 1000 : 0;
    }
  }
  const expires = headers.get('expires');
  if (expires !== null) {
    const expiresAt = Date.parse(expires);
    if (Number.isNaN(expiresAt)) return 0;
    const date = Date.parse(headers.get('date') ?? '');
    return Math.max(0, expiresAt - (Number.isNaN(date) ? now : date));
  }
  return Math.max(0, defaultTtlMs);
}

/**
 * Directive names in lower case, mapped to their value without quotes (`''` when there is none).
 * The first occurrence of a repeated directive wins, as RFC 9111 allows.
 */
function parseCacheControl(header: string): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of header.split(',')) {
    const [rawName = '', ...rest] = part.split('=');
    const name = rawName.trim().toLowerCase();
    if (name === '' || directives.has(name)) continue;
    directives.set(
      name,
      rest
        .join('=')
        .trim()
        .replace(/^"(.*)"$/, '$1'),
    );
  }
  return directives;
}

/**
 * The cache key of a request: the upper-case method and the URL as given, then each request
 * header that changes the response (for example an API key sent as a header, or `Accept`) as
 * `name: value` lines with lower-case names, sorted so the order they are passed in does not matter.
 *
 * The URL is used as given, not normalised: pass the URL the client actually requests, with its
 * query parameters in a stable order. Keys hold API keys in clear when the URL or a header carries
 * one; that is what makes two keys' responses distinct. The memory cache never lets them leave the
 * process; a persistent {@link HttpCache} should hash keys before writing them.
 *
 * @example
 * ```ts
 * cacheKey('get', 'https://data.police.uk/api/forces'); // 'GET https://data.police.uk/api/forces'
 * cacheKey('GET', 'https://api.example.org/v1/sites', [['Ocp-Apim-Subscription-Key', key]]);
 * // 'GET https://api.example.org/v1/sites\nocp-apim-subscription-key: <key>'
 * ```
 */
export function cacheKey(
  method: string,
  url: string | URL,
  varyHeaders?: Headers | Iterable<readonly [string, string]>,
): string {
  const head = `${method.toUpperCase()} ${String(url)}`;
  if (!varyHeaders) return head;
  // A URL and a header value never contain a line break, so these lines cannot be confused.
  const lines = [...varyHeaders]
    .map(([name, value]) => `${name.trim().toLowerCase()}: ${value.trim()}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [head, ...lines].join('\n');
}
