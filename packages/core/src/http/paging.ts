/**
 * Pagers for the three ways London's services page their results (offset/limit, next links and
 * opaque cursors) as async iterators, plus `items` and `collect` on top. One page is held at a time,
 * so memory stays flat however large the result; every pager honours an `AbortSignal`, stops
 * fetching as soon as the consumer breaks out of its loop, and ends with a {@link PagingError}
 * instead of looping forever when a server keeps sending the same page.
 */
import { ConfigError, PagingError } from '../errors.js';
import { createRedactor } from './redact.js';

// Loop errors quote next links, and next links often carry the API key back to us.
const redactor = createRedactor();

/**
 * One page of an offset/limit listing, as `fetchPage` of {@link offsetPages} returns it.
 *
 * @example
 * ```ts
 * const page: OffsetPage<string> = { items: ['a', 'b'], total: 2 };
 * ```
 */
export interface OffsetPage<T> {
  /** The page's items, in order. */
  items: T[];
  /** How many items the whole listing holds, when the service says. */
  total?: number;
}

/**
 * Options of {@link offsetPages}.
 *
 * @example
 * ```ts
 * const options: OffsetPagesOptions<{ id: string }> = {
 *   pageSize: 100,
 *   fetchPage: async (offset, limit, signal) => ({ items: [] }),
 * };
 * ```
 */
export interface OffsetPagesOptions<T> {
  /** Fetches `limit` items from `offset`; pass `signal` on to `fetch`. */
  fetchPage: (offset: number, limit: number, signal: AbortSignal | undefined) => Promise<OffsetPage<T>>;
  /** How many items to ask for per page; a positive integer. */
  pageSize: number;
  /** The offset of the first item; 0 by default. */
  start?: number;
  /** Stops the listing: the pending or next page rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/**
 * Pages through an offset/limit listing, one array of items per page.
 *
 * It ends on an empty page; when the service gives `total`, once `total` items are passed (a page
 * shorter than `pageSize` then does not end the listing, since many services cap the page size below
 * what was asked); without `total`, on a page shorter than `pageSize`. The next offset moves on by the
 * number of items actually received, so a capped page size skips nothing.
 *
 * A server that ignores the offset would send the same page forever. To catch that without keeping
 * pages around, each page has a fingerprint (a hash of its length and its first, middle and last
 * items). A page whose fingerprint equals the previous page's ends the listing with a
 * {@link PagingError} (items that cannot be serialised to JSON, such as BigInts, turn the check
 * off). Two different consecutive pages with equal length, first, middle and last items would be
 * taken for a repeat; listings of distinct records do not have such pages.
 *
 * @example
 * ```ts
 * const pages = offsetPages({
 *   pageSize: 100,
 *   fetchPage: async (offset, limit, signal) => {
 *     const url = `https://example.london/api/sites?offset=${offset}&limit=${limit}`;
 *     const body = await (await fetch(url, { signal })).json();
 *     return { items: body.results, total: body.count };
 *   },
 * });
 * for await (const page of pages) console.log(page.length);
 * ```
 */
export async function* offsetPages<T>(options: OffsetPagesOptions<T>): AsyncGenerator<T[], void, undefined> {
  const { fetchPage, pageSize, signal } = options;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new ConfigError(`offsetPages: pageSize must be a positive integer, not ${pageSize}`);
  }
  let offset = options.start ?? 0;
  if (!Number.isInteger(offset) || offset < 0) {
    throw new ConfigError(`offsetPages: start must be a non-negative integer, not ${offset}`);
  }
  let previous: string | undefined;
  for (let number = 1; ; number++) {
    const { items, total } = await abortable(() => fetchPage(offset, pageSize, signal), signal);
    if (items.length === 0) return;
    const print = pagePrint(items);
    if (print !== undefined && print === previous) {
      throw new PagingError(
        `offsetPages: page ${number} (offset ${offset}) repeats page ${number - 1}; the server seems to ignore the offset`,
      );
    }
    previous = print;
    offset += items.length;
    yield items;
    if (total !== undefined ? offset >= total : items.length < pageSize) return;
  }
}

/**
 * What `fetchPage` of {@link linkPages} returns: the page and the link to the next one.
 *
 * @example
 * ```ts
 * const result: LinkPage<{ features: unknown[] }> = { page: { features: [] }, next: '?page=2' };
 * ```
 */
export interface LinkPage<P> {
  /** The page, in whatever shape the service has. */
  page: P;
  /** The next page's URL, absolute or relative to this page's; absent, null or '' at the end. */
  next?: string | null;
}

/**
 * Options of {@link linkPages}.
 *
 * @example
 * ```ts
 * const options: LinkPagesOptions<unknown> = {
 *   first: 'https://example.london/api/items',
 *   fetchPage: async (url, signal) => ({ page: await (await fetch(url, { signal })).json() }),
 * };
 * ```
 */
export interface LinkPagesOptions<P> {
  /** The absolute URL of the first page. */
  first: string | URL;
  /** Fetches the page at `url` (always absolute) and reads its next link; pass `signal` on to `fetch`. */
  fetchPage: (url: string, signal: AbortSignal | undefined) => Promise<LinkPage<P>>;
  /** Stops the listing: the pending or next page rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/**
 * Follows next links (a `next` field, a `Link: <...>; rel="next"` header, an OGC API `links` entry)
 * from a first URL, one page at a time. Relative links are resolved against the URL of the page that
 * gave them. A next link that points to a page already fetched, or a page whose content repeats an
 * earlier one (a server minting new links to the same page), ends the listing with a
 * {@link PagingError}; what is kept grows by two short strings per page.
 *
 * @example
 * ```ts
 * const pages = linkPages({
 *   first: 'https://example.london/ogcapi/collections/trees/items?limit=500',
 *   fetchPage: async (url, signal) => {
 *     const body = await (await fetch(url, { signal })).json();
 *     return { page: body.features, next: body.links.find((l) => l.rel === 'next')?.href };
 *   },
 * });
 * for await (const features of pages) console.log(features.length);
 * ```
 */
export async function* linkPages<P>(options: LinkPagesOptions<P>): AsyncGenerator<P, void, undefined> {
  const { fetchPage, signal } = options;
  let url: string;
  try {
    url = new URL(options.first).toString();
  } catch (cause) {
    throw new ConfigError(
      `linkPages: first must be an absolute URL, not ${redactor.url(String(options.first))}`,
      {
        cause,
      },
    );
  }
  const seen = new Set<string>([url]);
  const contents = new Set<string>();
  for (let number = 1; ; number++) {
    const { page, next } = await abortable(() => fetchPage(url, signal), signal);
    repeatCheck(contents, page, `linkPages: page ${number} (${redactor.url(url)})`);
    yield page;
    if (next === undefined || next === null || next === '') return;
    const resolved = new URL(next, url).toString();
    if (seen.has(resolved)) {
      throw new PagingError(
        `linkPages: the next link of ${redactor.url(url)} points back to ${redactor.url(resolved)}, already fetched`,
      );
    }
    seen.add(resolved);
    url = resolved;
  }
}

/**
 * What `fetchPage` of {@link cursorPages} returns: the page and the cursor of the next one.
 *
 * @example
 * ```ts
 * const result: CursorPage<unknown[], number[]> = { page: [], cursor: [1700000000, 42] };
 * ```
 */
export interface CursorPage<P, C> {
  /** The page, in whatever shape the service has. */
  page: P;
  /** The cursor to fetch the next page with; absent or null at the end. */
  cursor?: C | null;
}

/**
 * Options of {@link cursorPages}.
 *
 * @example
 * ```ts
 * const options: CursorPagesOptions<unknown[], string> = {
 *   fetchPage: async (cursor, signal) => ({ page: [], cursor: null }),
 * };
 * ```
 */
export interface CursorPagesOptions<P, C> {
  /** Fetches the page after `cursor` (undefined for the first page); pass `signal` on to `fetch`. */
  fetchPage: (cursor: C | undefined, signal: AbortSignal | undefined) => Promise<CursorPage<P, C>>;
  /** Stops the listing: the pending or next page rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** How to tell cursors apart; JSON of the cursor by default, which suits strings, numbers and arrays. */
  key?: (cursor: C) => string;
}

/**
 * Pages with opaque cursors: an Elasticsearch `search_after` array, an `X-Next-Search-After` header,
 * a continuation token. The first page is fetched with `undefined`; each next one with the cursor the
 * previous page gave, until a page gives none. A cursor already used, or a page whose content
 * repeats an earlier one, ends the listing with a {@link PagingError} (cursors are told apart by
 * `key`; two short strings kept per page).
 *
 * @example
 * ```ts
 * type Hit = { _id: string; sort: unknown[] };
 * const pages = cursorPages<Hit[], unknown[]>({
 *   fetchPage: async (searchAfter, signal) => {
 *     const body = JSON.stringify({ size: 500, sort: ['_doc'], search_after: searchAfter });
 *     const res = await fetch('https://example.london/es/_search', { method: 'POST', body, signal });
 *     const hits: Hit[] = (await res.json()).hits.hits;
 *     return { page: hits, cursor: hits.at(-1)?.sort };
 *   },
 * });
 * for await (const hits of pages) console.log(hits.length);
 * ```
 */
export async function* cursorPages<P, C>(
  options: CursorPagesOptions<P, C>,
): AsyncGenerator<P, void, undefined> {
  const { fetchPage, signal, key = jsonKey } = options;
  const seen = new Set<string>();
  const contents = new Set<string>();
  let cursor: C | undefined;
  for (let number = 1; ; number++) {
    const result = await abortable(() => fetchPage(cursor, signal), signal);
    repeatCheck(contents, result.page, `cursorPages: page ${number}`);
    yield result.page;
    if (result.cursor === undefined || result.cursor === null) return;
    const id = key(result.cursor);
    // Cursors are not quoted: they can be long, and some services fold credentials into them.
    if (seen.has(id)) throw new PagingError(`cursorPages: page ${number} gave a cursor already used`);
    seen.add(id);
    cursor = result.cursor;
  }
}

/**
 * Flattens pages into their items. Breaking out of the loop stops the pages too (their `return()` is
 * called), so no page beyond the one in hand is fetched.
 *
 * @example
 * ```ts
 * const pages = offsetPages({ pageSize: 100, fetchPage: fetchSites });
 * for await (const site of items(pages)) {
 *   if (site.borough === 'Camden') break; // no further page is fetched
 * }
 * ```
 */
export async function* items<T>(
  pages: AsyncIterable<readonly T[]> | Iterable<readonly T[]>,
): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) {
    for (const item of page) yield item;
  }
}

/**
 * Options of {@link collect}.
 *
 * @example
 * ```ts
 * const options: CollectOptions = { limit: 50_000, onLimit: 'truncate' };
 * ```
 */
export interface CollectOptions {
  /** The most items to gather; 10,000 by default. */
  limit?: number;
  /**
   * What to do when the source holds more than `limit` items: `'throw'` (the default) a
   * {@link PagingError}, or `'truncate'` to return the first `limit` items.
   */
  onLimit?: 'throw' | 'truncate';
}

/**
 * Gathers an async iterable into an array, at most `limit` items (10,000 by default). Once the
 * limit is reached the source is stopped (its `return()` is called), so no further page is fetched.
 *
 * When the source holds more than `limit` items, `collect` throws a {@link PagingError} (its
 * `partial` holds the first `limit` items) unless
 * `onLimit: 'truncate'` is passed. Throwing is the default because a silently cut list gives wrong
 * answers that look right (a count of exactly 10,000 planning applications is plausible); the error
 * says so at once, and the fix is one option away: a higher `limit`, `'truncate'` for a preview, or
 * `for await` to stream. Telling "exactly `limit`" from "more" costs reading one item past the limit
 * in `'throw'` mode, which may fetch one more page; `'truncate'` stops at the limit.
 *
 * @example
 * ```ts
 * const sites = await collect(items(pages), { limit: 50_000 });
 * const firstTen = await collect(items(pages), { limit: 10, onLimit: 'truncate' });
 * ```
 */
export async function collect<T>(
  iterable: AsyncIterable<T> | Iterable<T>,
  options: CollectOptions = {},
): Promise<T[]> {
  const { limit = 10_000, onLimit = 'throw' } = options;
  if (!(Number.isInteger(limit) || limit === Number.POSITIVE_INFINITY) || limit < 0) {
    throw new ConfigError(`collect: limit must be a non-negative integer, not ${limit}`);
  }
  const out: T[] = [];
  // Not even starting the source is the cheapest way to take nothing from it.
  if (limit === 0 && onLimit === 'truncate') return out;
  // Leaving the loop by break or throw calls the source's return(), which stops its fetching.
  for await (const item of iterable) {
    if (out.length >= limit) {
      throw new PagingError(
        `collect: more than ${limit} items; pass a higher limit, onLimit: 'truncate', or iterate with for await`,
        { partial: out },
      );
    }
    out.push(item);
    if (out.length >= limit && onLimit === 'truncate') break;
  }
  return out;
}

/**
 * Runs `task`, rejecting with `signal.reason` as soon as the signal aborts, even when the task
 * ignores the signal: a pager must stop when told, whatever its `fetchPage` does.
 */
async function abortable<R>(task: () => Promise<R>, signal: AbortSignal | undefined): Promise<R> {
  if (!signal) return task();
  signal.throwIfAborted();
  const promise = task();
  const result = await new Promise<R>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
  // A task that settles in the same turn as the abort still loses: the caller asked to stop.
  signal.throwIfAborted();
  return result;
}

/**
 * Throws a {@link PagingError} when `page` has the fingerprint of a page already fetched (it is in
 * `contents`): a server handing out new links or cursors to the same page forever. Empty pages and
 * pages that cannot be serialised are not compared.
 */
function repeatCheck(contents: Set<string>, page: unknown, where: string): void {
  const print = pagePrint(page);
  if (print === undefined) return;
  if (contents.has(print)) {
    throw new PagingError(
      `${where} repeats the content of an earlier page; the server seems to page forever`,
    );
  }
  contents.add(print);
}

/**
 * A short fingerprint of a page: the length of a JSON text and a 53-bit hash of it. The text of an
 * array page (every pager of the library pages arrays of records) is that of its length and its
 * first, middle and last items, so the print costs the same whatever the page's size (the whole
 * page's JSON cost as much as parsing it); any other page's is its whole JSON. A page that repeats
 * an earlier one always has its print; two different array pages share one only when they have the
 * same length and the same first, middle and last items, which pages of distinct records never do.
 */
function pagePrint(page: unknown): string | undefined {
  let text: string | undefined;
  try {
    text = Array.isArray(page)
      ? page.length === 0
        ? undefined
        : JSON.stringify([page.length, page[0], page[page.length >> 1], page[page.length - 1]])
      : JSON.stringify(page);
  } catch {
    return undefined;
  }
  if (text === undefined || text === '{}' || text === 'null') return undefined;
  // cyrb53: fast and well spread; a collision would need two different texts of equal length.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${text.length}:${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

function jsonKey(cursor: unknown): string {
  try {
    return JSON.stringify(cursor) ?? String(cursor);
  } catch {
    return String(cursor);
  }
}
