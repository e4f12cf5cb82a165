import { connect, createClient, type Operation, type TwinRecord } from '@ldn-twin/core';
import { type Store, syncConnector } from '@ldn-twin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { application, ENGINES, freshStore } from './fixtures.ts';

// A connector whose source is an in-memory list of applications: `changes` yields those recorded
// after `since` (the shape of a change stream), `all` yields every one. No network is involved.
const Raw = z.object({ n: z.number(), status: z.string(), recordedAt: z.string() });
type RawItem = z.infer<typeof Raw>;
let source: RawItem[] = [];
const sinceCalls: (string | undefined)[] = [];
const toRecord = (raw: RawItem) => application(raw.n, { status: raw.status, recordedAt: raw.recordedAt });

const changes: Operation<z.ZodObject<{ since: z.ZodString }>, TwinRecord> = {
  title: 'Changes',
  description: 'Applications recorded after since',
  params: z.object({ since: z.string() }),
  produces: ['PlanningApplication'],
  async *run(params, ctx) {
    sinceCalls.push(params.since);
    ctx.page(source.length);
    yield* ctx.mapper.each(
      source.filter((raw) => raw.recordedAt > params.since),
      Raw,
      toRecord,
    );
  },
};
const everything: Operation<z.ZodObject<{ authority: z.ZodString }>, TwinRecord> = {
  title: 'All',
  description: 'Every application',
  params: z.object({ authority: z.string() }),
  produces: ['PlanningApplication'],
  async *run(_params, ctx) {
    yield* ctx.mapper.each([...source, { n: 'broken' }], Raw, toRecord);
  },
};
const testConnector = {
  id: 'test-planning',
  title: 'Test planning',
  description: 'In-memory applications',
  twins: ['growth-and-development' as const],
  publisher: { name: 'Test' },
  homepage: 'https://example.org',
  licence: { id: 'OGL-UK-3.0', attribution: ['Test'] },
  auth: { type: 'none' as const },
  browser: { cors: true },
  config: z.object({}),
  operations: { changes, everything },
};

describe.each(ENGINES)('syncConnector on $engine', ({ engine }) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine);
  }, 120_000);
  afterAll(() => store?.close());
  const bound = connect(testConnector, { client: createClient() });

  it('resumes an operation that takes since from the checkpoint of its last complete run', async () => {
    source = [
      { n: 1, status: 'Registered', recordedAt: '2026-01-01T00:00:00Z' },
      { n: 2, status: 'Registered', recordedAt: '2026-01-02T00:00:00Z' },
    ];
    const first = await syncConnector(store, bound, 'changes', { since: '2025-12-31T00:00:00Z' });
    expect(first).toMatchObject({ since: '2025-12-31T00:00:00Z', complete: true });
    expect(first.put).toMatchObject({ received: 2, stored: 2 });
    expect(first.source).toBe('test-planning.changes {}');

    // The source moves on: one application changes, one is new, with times after the first sync.
    const later = new Date(Date.now() + 60_000).toISOString();
    source.push(
      { n: 2, status: 'Approved', recordedAt: later },
      { n: 3, status: 'Registered', recordedAt: later },
    );
    const second = await syncConnector(store, bound, 'changes', {});
    const checkpoint = await store.checkpoint<{ startedAt: string }>(first.source);
    expect(second.since).toBeDefined();
    expect(Date.parse(second.since ?? '')).toBeGreaterThan(Date.parse('2026-01-02T00:00:00Z'));
    expect(sinceCalls.at(-1)).toBe(second.since);
    expect(second.put).toMatchObject({ received: 2, stored: 2, changed: 1, unchanged: 0 });
    expect(checkpoint?.startedAt).not.toBe(second.since);
    expect(await store.count()).toBe(3);
    expect((await store.history(application(2).id)).length).toBe(2);
  });

  it('reads an operation without since whole, writing only what changed, and reports what failed', async () => {
    const report = await syncConnector(store, bound, 'everything', { authority: 'Test' });
    expect(report.since).toBeUndefined();
    expect(report.run).toMatchObject({ received: 5, mapped: 4, failed: 1 });
    // Both states of application 2 arrive in one stream: the older changes it back, the newer again.
    expect(report.put).toMatchObject({ received: 4, stored: 2, changed: 2, unchanged: 2, rejected: 0 });
    expect(report.put.received).toBe(report.put.stored + report.put.unchanged + report.put.rejected);
    expect(await store.checkpoint(report.source)).toMatchObject({ run: { failed: 1 }, put: { received: 4 } });
  });
});
