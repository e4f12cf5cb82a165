import { describe, expect, it, vi } from 'vitest';
import { isConfigError, isPagingError } from '../../src/errors.js';
import { collect, cursorPages, items, linkPages, offsetPages } from '../../src/http/paging.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

/** A fake offset/limit service over `count` numbered items. */
function offsetService(count: number, options: { total?: boolean; cap?: number } = {}) {
  return vi.fn(async (offset: number, limit: number, _signal?: AbortSignal) => ({
    items: range(offset, Math.min(offset + Math.min(limit, options.cap ?? limit), count)),
    ...(options.total ? { total: count } : {}),
  }));
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('offsetPages', () => {
  it('ends on a short page', async () => {
    const fetchPage = offsetService(25);
    const pages = await collect(offsetPages({ fetchPage, pageSize: 10 }));
    expect(pages).toEqual([range(0, 10), range(10, 20), range(20, 25)]);
    expect(fetchPage.mock.calls.map(([offset, limit]) => [offset, limit])).toEqual([
      [0, 10],
      [10, 10],
      [20, 10],
    ]);
  });

  it('ends on an empty page without yielding it', async () => {
    const fetchPage = offsetService(20);
    expect(await collect(offsetPages({ fetchPage, pageSize: 10 }))).toEqual([range(0, 10), range(10, 20)]);
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('ends when total is reached, without asking for an empty page', async () => {
    const fetchPage = offsetService(20, { total: true });
    expect(await collect(offsetPages({ fetchPage, pageSize: 10 }))).toHaveLength(2);
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('keeps going past pages capped by the server when total says there is more', async () => {
    const fetchPage = offsetService(25, { total: true, cap: 10 });
    const pages = await collect(offsetPages({ fetchPage, pageSize: 100 }));
    expect(pages.flat()).toEqual(range(0, 25));
    expect(fetchPage.mock.calls.map(([offset]) => offset)).toEqual([0, 10, 20]);
  });

  it('starts at start', async () => {
    const pages = await collect(offsetPages({ fetchPage: offsetService(25), pageSize: 10, start: 15 }));
    expect(pages).toEqual([range(15, 25)]);
  });

  it('stops fetching when the consumer breaks early', async () => {
    const fetchPage = offsetService(1000);
    for await (const page of offsetPages({ fetchPage, pageSize: 10 })) {
      if (page[0] === 20) break;
    }
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('ends with a PagingError when the server ignores the offset', async () => {
    const fetchPage = vi.fn(async () => ({ items: [{ id: 1 }, { id: 2 }], total: 1_000_000 }));
    const seen: unknown[] = [];
    const error = await errorOf(
      (async () => {
        for await (const page of offsetPages({ fetchPage, pageSize: 2 })) seen.push(page);
      })(),
    );
    expect(isPagingError(error)).toBe(true);
    expect((error as Error).message).toContain('page 2 (offset 2) repeats page 1');
    expect(seen).toHaveLength(1);
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('rejects a page size that is not a positive integer', async () => {
    for (const pageSize of [0, -1, 1.5, Number.NaN]) {
      const error = await errorOf(offsetPages({ fetchPage: offsetService(1), pageSize }).next());
      expect(isConfigError(error)).toBe(true);
    }
  });
});

describe('linkPages', () => {
  /** Pages at /p/1 .. /p/n, each linking to the next with the link style given. */
  function linkedService(n: number, link: (i: number) => string | null | undefined) {
    return vi.fn(async (url: string, _signal?: AbortSignal) => {
      const i = Number(new URL(url).pathname.split('/').at(-1));
      return { page: { i, url }, next: i < n ? link(i + 1) : null };
    });
  }

  it('follows absolute next links to the end', async () => {
    const fetchPage = linkedService(3, (i) => `https://x.test/p/${i}`);
    const pages = await collect(linkPages({ first: 'https://x.test/p/1', fetchPage }));
    expect(pages.map((p) => p.i)).toEqual([1, 2, 3]);
  });

  it('resolves relative next links against the current page', async () => {
    const fetchPage = linkedService(4, (i) =>
      i === 2 ? `${i}?token=abc` : i === 3 ? `/p/${i}` : `../p/${i}`,
    );
    const pages = await collect(linkPages({ first: new URL('https://x.test/p/1'), fetchPage }));
    expect(pages.map((p) => p.url)).toEqual([
      'https://x.test/p/1',
      'https://x.test/p/2?token=abc',
      'https://x.test/p/3',
      'https://x.test/p/4',
    ]);
  });

  it('ends on an empty next link', async () => {
    const fetchPage = vi.fn(async () => ({ page: 1, next: '' }));
    expect(await collect(linkPages({ first: 'https://x.test/p/1', fetchPage }))).toEqual([1]);
  });

  it('stops fetching when the consumer breaks early', async () => {
    const fetchPage = linkedService(100, (i) => `https://x.test/p/${i}`);
    for await (const page of linkPages({ first: 'https://x.test/p/1', fetchPage })) {
      if (page.i === 2) break;
    }
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('ends with a PagingError when a next link points back, without quoting keys', async () => {
    const fetchPage = vi.fn(async (url: string) => ({
      page: url,
      next: url.includes('/p/1') ? '/p/2?app_key=s3cret-key' : 'https://x.test/p/1',
    }));
    const seen: string[] = [];
    const error = await errorOf(
      (async () => {
        for await (const page of linkPages({ first: 'https://x.test/p/1', fetchPage })) seen.push(page);
      })(),
    );
    expect(isPagingError(error)).toBe(true);
    expect((error as Error).message).toContain('points back to https://x.test/p/1');
    expect((error as Error).message).not.toContain('s3cret-key');
    expect(seen).toHaveLength(2);

    const sameForever = vi.fn(async (url: string) => ({ page: url, next: url }));
    expect(
      isPagingError(await errorOf(collect(linkPages({ first: 'https://x.test/p', fetchPage: sameForever })))),
    ).toBe(true);
    expect(sameForever).toHaveBeenCalledTimes(1);
  });

  it('rejects a relative first URL', async () => {
    const error = await errorOf(linkPages({ first: '/p/1', fetchPage: linkedService(1, () => null) }).next());
    expect(isConfigError(error)).toBe(true);
  });
});

describe('cursorPages', () => {
  it('passes each cursor on until there is none, with search_after arrays', async () => {
    const data = range(0, 7).map((id) => ({ id, sort: [1700000000 + id, `doc-${id}`] }));
    const fetchPage = vi.fn(async (after: (string | number)[] | undefined, _signal?: AbortSignal) => {
      const from = after === undefined ? 0 : data.findIndex((d) => d.sort[0] === after[0]) + 1;
      const page = data.slice(from, from + 3);
      return { page, cursor: page.length === 3 ? page.at(-1)?.sort : undefined };
    });
    const pages = await collect(cursorPages({ fetchPage }));
    expect(pages.map((p) => p.map((d) => d.id))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(fetchPage.mock.calls.map(([after]) => after)).toEqual([
      undefined,
      [1700000002, 'doc-2'],
      [1700000005, 'doc-5'],
    ]);
  });

  it('ends on a null cursor, as from a missing X-Next-Search-After header', async () => {
    const headers = [new Headers({ 'x-next-search-after': 'abc' }), new Headers()];
    const fetchPage = vi.fn(async (cursor: string | undefined) => ({
      page: cursor ?? 'first',
      cursor: headers[fetchPage.mock.calls.length - 1]?.get('x-next-search-after'),
    }));
    expect(await collect(cursorPages({ fetchPage }))).toEqual(['first', 'abc']);
  });

  it('stops fetching when the consumer breaks early', async () => {
    const fetchPage = vi.fn(async (cursor: number | undefined) => ({
      page: cursor ?? 0,
      cursor: (cursor ?? 0) + 1,
    }));
    for await (const page of cursorPages({ fetchPage })) {
      if (page === 3) break;
    }
    expect(fetchPage).toHaveBeenCalledTimes(4);
  });

  it('ends with a PagingError on a repeated cursor, told apart by key', async () => {
    const fetchPage = vi.fn(async () => ({ page: 'same', cursor: ['a', 1] }));
    const error = await errorOf(collect(cursorPages({ fetchPage })));
    expect(isPagingError(error)).toBe(true);
    expect(fetchPage).toHaveBeenCalledTimes(2);

    // A key that ignores the changing part of the cursor sees a repeat at once.
    let n = 0;
    const tokens = vi.fn(async () => ({ page: n, cursor: { token: 't', at: n++ } }));
    const keyed = await errorOf(collect(cursorPages({ fetchPage: tokens, key: (c) => c.token })));
    expect(isPagingError(keyed)).toBe(true);
    expect(tokens).toHaveBeenCalledTimes(2);
  });
});

describe('repeated pages', () => {
  /** A page of `size` records numbered from `from`, each with some text, as a listing gives them. */
  const records = (from: number, size: number) =>
    range(from, from + size).map((id) => ({ id, name: `site ${id}`, tags: ['a', String(id % 7)] }));

  it('catches a server that mints new links to the same page, whatever its size', async () => {
    for (const size of [1, 2, 3, 500]) {
      const same = records(0, size);
      let n = 0;
      // A fresh copy each time, as from a new parse of the same body.
      const fetchPage = vi.fn(async () => ({ page: structuredClone(same), next: `https://x.test/p/${++n}` }));
      const error = await errorOf(collect(linkPages({ first: 'https://x.test/p/0', fetchPage })));
      expect(isPagingError(error)).toBe(true);
      expect((error as Error).message).toContain('page 2 (https://x.test/p/1) repeats the content');
      expect(fetchPage).toHaveBeenCalledTimes(2);
    }
  });

  it('catches a cursor listing that comes back to an earlier page (A, B, A)', async () => {
    const pages = [records(0, 100), records(100, 100), records(0, 100)];
    const fetchPage = vi.fn(async (cursor: number | undefined) => {
      const at = cursor ?? 0;
      return { page: structuredClone(pages[at]!), cursor: at + 1 < pages.length ? at + 1 : null };
    });
    const error = await errorOf(collect(cursorPages({ fetchPage })));
    expect(isPagingError(error)).toBe(true);
    expect((error as Error).message).toContain('cursorPages: page 3 repeats the content of an earlier page');
  });

  it('does not confuse different pages: 1,000 pages of distinct records, pages of one record, shifted pages', async () => {
    // Consecutive pages of a listing, the last one short.
    const listing = vi.fn(async (cursor: number | undefined) => {
      const from = cursor ?? 0;
      const page = records(from, from === 99_900 ? 37 : 100);
      return { page, cursor: page.length === 100 ? from + 100 : null };
    });
    const pages = await collect(cursorPages({ fetchPage: listing }), { limit: 2000 });
    expect(pages).toHaveLength(1000);
    expect(pages.flat().map((r) => r.id)).toEqual(range(0, 99_937));

    // One record a page: the first, middle and last item is the page.
    const single = await collect(
      linkPages({
        first: 'https://x.test/p/0',
        fetchPage: async (url) => {
          const i = Number(url.split('/').at(-1));
          return { page: records(i, 1), next: i < 50 ? `https://x.test/p/${i + 1}` : null };
        },
      }),
    );
    expect(single).toHaveLength(51);

    // Pages that overlap (data shifting while it loads) share items, but not first, middle and last.
    const overlapping = await collect(
      offsetPages({
        pageSize: 10,
        fetchPage: async (offset) => ({ items: records(Math.max(0, offset - 3), 10), total: 100 }),
      }),
    );
    expect(overlapping).toHaveLength(10);
  });

  it('compares non-array pages by their whole content', async () => {
    let n = 0;
    const changing = vi.fn(async () => ({
      page: { n: n++, items: [1, 2, 3] },
      next: `https://x.test/p/${n}`,
    }));
    const pages = [];
    for await (const page of linkPages({ first: 'https://x.test/p/0', fetchPage: changing })) {
      pages.push(page);
      if (pages.length === 5) break;
    }
    expect(pages.map((p) => p.n)).toEqual([0, 1, 2, 3, 4]);

    const same = vi.fn(async () => ({ page: { n: 0, items: [1, 2, 3] }, next: `https://x.test/p/${n++}` }));
    expect(
      isPagingError(await errorOf(collect(linkPages({ first: 'https://x.test/p/a', fetchPage: same })))),
    ).toBe(true);
  });
});

describe('abort', () => {
  it('rejects a pending page with the reason, even when fetchPage ignores the signal', async () => {
    const controller = new AbortController();
    const reason = new Error('user left the page');
    const pages = offsetPages({
      pageSize: 10,
      signal: controller.signal,
      fetchPage: () => new Promise<{ items: number[] }>(() => {}),
    });
    const next = pages.next();
    controller.abort(reason);
    await expect(next).rejects.toBe(reason);
  });

  it('fetches nothing more once aborted between pages', async () => {
    for (const make of [
      (signal: AbortSignal, fetchPage: () => Promise<unknown>) =>
        offsetPages({ pageSize: 1, signal, fetchPage: async () => ({ items: [await fetchPage()] }) }),
      (signal: AbortSignal, fetchPage: () => Promise<unknown>) =>
        linkPages({
          first: 'https://x.test/1',
          signal,
          fetchPage: async (url) => ({ page: await fetchPage(), next: `${url}1` }),
        }),
      (signal: AbortSignal, fetchPage: () => Promise<unknown>) =>
        cursorPages({
          signal,
          fetchPage: async (c: number | undefined) => ({ page: await fetchPage(), cursor: (c ?? 0) + 1 }),
        }),
    ]) {
      const controller = new AbortController();
      const fetchPage = vi.fn(async (_signal?: AbortSignal) => 'x');
      const pages = make(controller.signal, fetchPage);
      expect((await pages.next()).done).toBe(false);
      controller.abort();
      await expect(pages.next()).rejects.toMatchObject({ name: 'AbortError' });
      expect(fetchPage).toHaveBeenCalledTimes(1);
    }
  });

  it('passes the signal to fetchPage', async () => {
    const controller = new AbortController();
    const fetchPage = vi.fn(async (_offset: number, _limit: number, _signal: AbortSignal | undefined) => ({
      items: [],
    }));
    await collect(offsetPages({ pageSize: 5, signal: controller.signal, fetchPage }));
    expect(fetchPage.mock.calls[0]?.[2]).toBe(controller.signal);
  });
});

/** An async iterable that counts what it handed out and records whether it was stopped. */
function source<T>(values: T[]) {
  const state = { pulled: 0, returned: false };
  const iterable: AsyncIterable<T> = {
    [Symbol.asyncIterator]: () => ({
      next: async () =>
        state.pulled < values.length
          ? { done: false, value: values[state.pulled++] as T }
          : { done: true, value: undefined },
      return: async () => {
        state.returned = true;
        return { done: true, value: undefined };
      },
    }),
  };
  return { iterable, state };
}

describe('items', () => {
  it('flattens pages into items', async () => {
    expect(await collect(items([[1, 2], [], [3]]))).toEqual([1, 2, 3]);
  });

  it('stops the pages when the consumer breaks early', async () => {
    const pages = source([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    for await (const item of items(pages.iterable)) {
      if (item === 3) break;
    }
    expect(pages.state).toEqual({ pulled: 2, returned: true });
  });

  it('runs a pager’s cleanup when the consumer breaks early', async () => {
    const cleanup = vi.fn();
    async function* pager() {
      try {
        yield [1, 2];
        yield [3, 4];
      } finally {
        cleanup();
      }
    }
    for await (const item of items(pager())) {
      if (item === 2) break;
    }
    expect(cleanup).toHaveBeenCalledOnce();
  });
});

describe('collect', () => {
  it('gathers everything under the limit', async () => {
    const values = source(range(0, 5));
    expect(await collect(values.iterable, { limit: 5 })).toEqual(range(0, 5));
    expect(values.state.pulled).toBe(5);
  });

  it('throws a PagingError past the limit by default, and stops the source', async () => {
    const values = source(range(0, 100));
    const error = await errorOf(collect(values.iterable, { limit: 10 }));
    expect(isPagingError(error)).toBe(true);
    expect((error as Error).message).toContain('more than 10 items');
    expect(values.state).toEqual({ pulled: 11, returned: true });
  });

  it('truncates at the limit when asked, without reading further', async () => {
    const values = source(range(0, 100));
    expect(await collect(values.iterable, { limit: 10, onLimit: 'truncate' })).toEqual(range(0, 10));
    expect(values.state).toEqual({ pulled: 10, returned: true });

    const untouched = source([1]);
    expect(await collect(untouched.iterable, { limit: 0, onLimit: 'truncate' })).toEqual([]);
    expect(untouched.state.pulled).toBe(0);
  });

  it('limits to 10,000 items by default', async () => {
    const error = await errorOf(
      collect(items(offsetPages({ fetchPage: offsetService(20_000), pageSize: 1000 }))),
    );
    expect(isPagingError(error)).toBe(true);
    expect((error as Error).message).toContain('more than 10000 items');
    const fetchPage = offsetService(20_000);
    const capped = await collect(items(offsetPages({ fetchPage, pageSize: 1000 })), { onLimit: 'truncate' });
    expect(capped).toHaveLength(10_000);
    expect(fetchPage).toHaveBeenCalledTimes(10);
  });

  it('rejects a limit that is not a non-negative integer', async () => {
    for (const limit of [-1, 1.5, Number.NaN]) {
      expect(isConfigError(await errorOf(collect([1], { limit })))).toBe(true);
    }
    expect(await collect([1, 2], { limit: Number.POSITIVE_INFINITY })).toEqual([1, 2]);
  });
});
