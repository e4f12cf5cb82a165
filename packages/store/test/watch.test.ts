import { connect, createClient } from '@ldn-twin/core';
import { type ChangeEvent, type Store, watchConnector } from '@ldn-twin/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { application, ENGINES, freshStore } from './fixtures.ts';
import { source, testConnector } from './test-connector.ts';

/** Each change as `type id-number status`, so a whole feed compares in one line. */
function describeChange(change: ChangeEvent): string {
  if (change.type === 'removed') return `removed ${change.id}`;
  const { attributes } = change.record.properties as { attributes: { status?: string } };
  return `${change.type} ${change.record.id} ${attributes.status ?? ''}`.trim();
}

describe.each(ENGINES)('watchConnector on $engine', ({ engine }) => {
  let store: Store;
  beforeEach(async () => {
    store = await freshStore(engine);
    source.splice(0, source.length);
  }, 120_000);
  afterEach(() => store?.close());
  const bound = connect(testConnector, { client: createClient() });
  const id = (n: number) => application(n).id;

  it('after a restart reports only what changed since, each change once', async () => {
    source.push(
      { n: 1, status: 'Registered', recordedAt: '2026-01-01T00:00:00Z' },
      { n: 2, status: 'Registered', recordedAt: '2026-01-02T00:00:00Z' },
    );
    const first: string[] = [];
    await watchConnector(
      store,
      bound,
      'changes',
      { since: '2025-12-31T00:00:00Z' },
      { polls: 1, onChange: (c) => void first.push(describeChange(c)) },
    );
    expect(first).toEqual([`added ${id(1)} Registered`, `added ${id(2)} Registered`]);

    // The process stops; the source moves on; a new process watches the same source.
    const later = new Date(Date.now() + 60_000).toISOString();
    source.push(
      { n: 2, status: 'Approved', recordedAt: later },
      { n: 3, status: 'Registered', recordedAt: later },
    );
    const second: string[] = [];
    const summary = await watchConnector(
      store,
      bound,
      'changes',
      {},
      { polls: 2, intervalMs: 1, onChange: (c) => void second.push(describeChange(c)) },
    );
    expect(second).toEqual([`changed ${id(2)} Approved`, `added ${id(3)} Registered`]);
    expect(summary).toMatchObject({ polls: 2, failed: 0, added: 1, changed: 1, removed: 0 });
  });

  it('loses no change when the consumer fails mid-batch: the batch rolls back and comes again', async () => {
    source.push(
      { n: 1, status: 'Registered', recordedAt: '2026-01-01T00:00:00Z' },
      { n: 2, status: 'Registered', recordedAt: '2026-01-02T00:00:00Z' },
    );
    const delivered: string[] = [];
    let calls = 0;
    const polls: unknown[] = [];
    const summary = await watchConnector(
      store,
      bound,
      'changes',
      { since: '2025-12-31T00:00:00Z' },
      {
        polls: 1,
        onPoll: (poll) => polls.push(poll.error),
        onChange: (c) => {
          calls += 1;
          if (calls === 2) throw new Error('stdout closed');
          delivered.push(describeChange(c));
        },
      },
    );
    expect(summary.failed).toBe(1);
    expect(polls).toHaveLength(1);
    expect(await store.count()).toBe(0); // nothing committed that was not handed over

    const again: string[] = [];
    await watchConnector(
      store,
      bound,
      'changes',
      { since: '2025-12-31T00:00:00Z' },
      { polls: 1, onChange: (c) => void again.push(describeChange(c)) },
    );
    // The first change came twice (the price of never losing one); the second was not lost.
    expect(delivered).toEqual([`added ${id(1)} Registered`]);
    expect(again).toEqual([`added ${id(1)} Registered`, `added ${id(2)} Registered`]);
    expect(await store.count()).toBe(2);
  });

  it('reports a record a whole source no longer returns as removed, once', async () => {
    source.push(
      { n: 1, status: 'Registered', recordedAt: '2026-01-01T00:00:00Z' },
      { n: 2, status: 'Registered', recordedAt: '2026-01-01T00:00:00Z' },
      { n: 3, status: 'Registered', recordedAt: '2026-01-01T00:00:00Z' },
    );
    const changes: string[] = [];
    const watch = (polls: number) =>
      watchConnector(
        store,
        bound,
        'everything',
        { authority: 'Test' },
        { polls, intervalMs: 1, onChange: (c) => void changes.push(describeChange(c)) },
      );
    await watch(1);
    expect(changes).toHaveLength(3);
    source.splice(1, 1); // application 2 is withdrawn from the source
    changes.length = 0;
    await watch(2);
    expect(changes).toEqual([`removed ${id(2)}`]);
  });
});
