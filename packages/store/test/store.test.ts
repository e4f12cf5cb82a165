import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { twinId } from '@ldn-twin/core';
import { openStore, SCHEMA_VERSION, type Store } from '@ldn-twin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, application, ENGINES, freshStore, SERVER_URL } from './fixtures.ts';

describe.each(ENGINES)('store on $engine', ({ engine }) => {
  let store: Store;
  beforeAll(async () => {
    // Embedded, opened from nothing in memory: the other files start from a copy of a migrated store.
    store = engine === 'pglite' ? await openStore({ memory: true }) : await freshStore(engine);
  }, 120_000);
  afterAll(() => store?.close());

  it('opens at the latest schema version, on the engine asked for', () => {
    expect(store.engine).toBe(engine);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('stores new records, writes nothing for unchanged ones, rejects invalid ones with reasons', async () => {
    const records = [0, 1, 2].map((n) => application(n));
    const bad = { ...application(3), id: 'not-a-twin-id' };
    const first = await store.put([...records, bad, 'nonsense']);
    expect(first).toMatchObject({ received: 5, stored: 3, changed: 0, unchanged: 0, rejected: 2 });
    expect(first.rejections.map((r) => r.index)).toEqual([3, 4]);
    expect(first.rejections[0]).toMatchObject({ id: 'not-a-twin-id' });
    expect(first.rejections[0]?.reason).toMatch(/^id: /);
    // A later sync retrieves the same content: only retrievedAt differs, so nothing is written.
    const again = await store.put(
      [0, 1, 2].map((n) => application(n, { retrievedAt: '2026-12-02T00:00:00Z' })),
    );
    expect(again).toMatchObject({ received: 3, stored: 0, unchanged: 3, rejected: 0 });
    expect((await store.get(records[0]!.id))?.properties.provenance.retrievedAt).toBe('2026-12-01T00:00:00Z');
    expect(await store.get(records[1]!.id)).toEqual(records[1]);
  });

  it('keeps the earlier version of a changed record, so asOf answers as it was', async () => {
    const id = application(10).id;
    await store.put([application(10, { status: 'Registered', recordedAt: '2026-01-10T00:00:00Z' })]);
    const report = await store.put([
      application(10, { status: 'Approved', recordedAt: '2026-03-01T00:00:00Z' }),
    ]);
    expect(report).toMatchObject({ stored: 1, changed: 1, unchanged: 0 });
    await store.put([application(10, { status: 'Completed', recordedAt: '2026-06-01T00:00:00Z' })]);

    const statusAt = async (date: string) =>
      (await all(store.asOf(date, { kind: 'PlanningApplication' })))
        .filter((r) => r.id === id)
        .map((r) => (r.featureType === 'PlanningApplication' ? r.properties.attributes.status : undefined));
    expect(await statusAt('2026-01-01')).toEqual([]);
    expect(await statusAt('2026-02-01')).toEqual(['Registered']);
    expect(await statusAt('2026-03-01')).toEqual(['Approved']);
    expect(await statusAt('2026-05-31')).toEqual(['Approved']);
    expect(await statusAt('2026-12-31')).toEqual(['Completed']);
    const history = await store.history(id);
    expect(history.map((v) => [v.from, v.to])).toEqual([
      ['2026-01-10T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      ['2026-03-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z'],
      ['2026-06-01T00:00:00.000Z', undefined],
    ]);
    expect(await store.count({ kind: 'PlanningApplication' })).toBe(4);
  });

  it('puts in batches, one transaction each, and a repeated id in one stream keeps both states', async () => {
    const batches: number[] = [];
    const stream = async function* () {
      for (let n = 100; n < 125; n += 1) yield application(n);
      yield application(122, { status: 'Withdrawn', recordedAt: '2026-02-01T00:00:00Z' });
    };
    const report = await store.put(stream(), { batchSize: 10, onBatch: (r) => batches.push(r.stored) });
    expect(report).toMatchObject({ received: 26, stored: 26, changed: 1, unchanged: 0, rejected: 0 });
    expect(report.received).toBe(report.stored + report.unchanged + report.rejected);
    expect(batches).toEqual([10, 20, 25, 26]);
    expect((await store.history(application(122).id)).length).toBe(2);
  });

  it('puts 5,000 records a batch when no batch size is given', async () => {
    const batches: number[] = [];
    const stream = function* () {
      for (let n = 1000; n <= 6000; n += 1) yield application(n);
    };
    const report = await store.put(stream(), { onBatch: (r) => batches.push(r.stored) });
    expect(report).toMatchObject({ received: 5001, stored: 5001, batches: 2 });
    expect(batches).toEqual([5000, 5001]);
  }, 60_000);

  it('checkpoints per source', async () => {
    expect(await store.checkpoint('a')).toBeUndefined();
    await store.saveCheckpoint('a', { since: '2026-01-01T00:00:00Z' });
    await store.saveCheckpoint('b', { since: 'x' });
    await store.saveCheckpoint('a', { since: '2026-02-01T00:00:00Z' });
    expect(await store.checkpoint('a')).toEqual({ since: '2026-02-01T00:00:00Z' });
    expect(await store.checkpoint('b')).toEqual({ since: 'x' });
  });
});

describe.each(ENGINES)('migrations on $engine', ({ engine }) => {
  it('reopens a version-1 store at the latest version with every record, version and checkpoint table', async () => {
    const dir = engine === 'pglite' ? await mkdtemp(join(tmpdir(), 'ldn-store-')) : undefined;
    const location =
      dir === undefined
        ? { url: SERVER_URL ?? '', schema: `mig_${process.pid}_${Date.now()}` }
        : { path: dir };
    try {
      const old = await openStore({ ...location, schemaVersion: 1 });
      expect(old.schemaVersion).toBe(1);
      await old.put([1, 2, 3].map((n) => application(n)));
      await old.put([application(1, { status: 'Approved', recordedAt: '2026-04-01T00:00:00Z' })]);
      await expect(old.saveCheckpoint('x', 1)).rejects.toThrow(/checkpoints/);
      await old.close();

      const store = await openStore(location);
      expect(store.schemaVersion).toBe(SCHEMA_VERSION);
      expect(await store.count()).toBe(3);
      expect((await all(store.query())).map((r) => r.id)).toEqual([1, 2, 3].map((n) => application(n).id));
      const id = twinId('PlanningApplication', 'lpa-test', '24/00001/FUL');
      expect((await store.history(id)).map((v) => v.record)).toEqual([
        application(1),
        application(1, { status: 'Approved', recordedAt: '2026-04-01T00:00:00Z' }),
      ]);
      await store.saveCheckpoint('x', { ok: true });
      expect(await store.checkpoint('x')).toEqual({ ok: true });
      await store.close();
    } finally {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
