import { connect, createClient } from '@ldn-twin/core';
import { type Store, syncConnector } from '@ldn-twin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { application, ENGINES, freshStore } from './fixtures.ts';
import { sinceCalls, source, testConnector } from './test-connector.ts';

describe.each(ENGINES)('syncConnector on $engine', ({ engine }) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine);
  }, 120_000);
  afterAll(() => store?.close());
  const bound = connect(testConnector, { client: createClient() });

  it('resumes an operation that takes since from the checkpoint of its last complete run', async () => {
    source.splice(
      0,
      source.length,
      { n: 1, status: 'Registered', recordedAt: '2026-01-01T00:00:00Z' },
      { n: 2, status: 'Registered', recordedAt: '2026-01-02T00:00:00Z' },
    );
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
