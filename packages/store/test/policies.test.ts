import { PassThrough } from 'node:stream';
import {
  isConfigError,
  isSchemaError,
  LABEL_WITHHOLDS,
  LONDON_POLICY_REGISTRY,
  sharedAssetsPolicy,
  type TwinRecord,
} from '@ldn-twin/core';
import {
  type AccessEntry,
  runStoreExport,
  type Store,
  type StoreWithheld,
  verifyAccessLog,
} from '@ldn-twin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, application, ENGINES, freshStore } from './fixtures.ts';

/** Shared with Thames Water for safe digging only, never redistributed (held by the store, not London's). */
const SHARED = sharedAssetsPolicy({
  uid: 'https://example.org/odrl/camden-mains',
  organisations: ['thames-water'],
  purposes: ['safe-digging'],
});
/** Open terms that let anyone see the records but not take them away. */
const NO_REDISTRIBUTION = {
  uid: 'https://example.org/odrl/look-only',
  permission: [{ action: 'display' }],
  prohibition: [{ action: 'distribute' }],
};

const THAMES = { clearance: 'official', organisation: 'thames-water' } as const;

// By construction: 2 official mains under the shared terms, 3 open applications, 1 open look-only one.
const mains = [1, 2].map((n) =>
  application(n, { access: { classification: 'official', policies: [SHARED.uid] } }),
);
const open = [3, 4, 5].map((n) => application(n));
const lookOnly = application(6, { access: { classification: 'open', policies: [NO_REDISTRIBUTION.uid] } });

const entries = async (store: Store): Promise<AccessEntry[]> =>
  (await all(store.accessLog())).map((stored) => JSON.parse(stored.text) as AccessEntry);
const ids = (records: readonly TwinRecord[]) => records.map((record) => record.id);

async function exported(store: Store, options: Record<string, unknown> = {}): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  await runStoreExport({ store, format: 'ndjson', ...options }, out);
  return text;
}

describe.each(ENGINES)('the policy registry of a store on $engine', ({ engine }) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine);
    await store.put([...mains, ...open, lookOnly]);
  }, 120_000);
  afterAll(() => store?.close());

  it('an id the store does not hold denies the restricted records, even to the party they are for', async () => {
    const shown = await all(store.query({ audience: THAMES, purpose: 'safe-digging' }));
    expect(ids(shown)).toEqual(ids([...open, lookOnly]));
  });

  it('keeps policies by uid: put validates all before storing any, get and list read them back', async () => {
    await expect(store.policies.put([SHARED, { uid: 'not a policy' }])).rejects.toSatisfy(isSchemaError);
    expect(await store.policies.list()).toEqual([]);
    expect(await store.policies.put([SHARED, NO_REDISTRIBUTION])).toBe(2);
    expect(await store.policies.get(SHARED.uid)).toEqual(SHARED);
    expect(await store.policies.get('https://example.org/odrl/none')).toBeUndefined();
    expect((await store.policies.list()).map((policy) => policy.uid)).toEqual([
      'https://example.org/odrl/camden-mains',
      'https://example.org/odrl/look-only',
    ]);
    // Put again with the same uid: replaced, not doubled.
    expect(await store.policies.put([SHARED])).toBe(1);
    expect(await store.policies.list()).toHaveLength(2);
    const registry = await store.policies.registry();
    expect(registry.get(SHARED.uid)).toEqual(SHARED);
    expect(registry.get('https://creativecommons.org/licenses/by/4.0/')).toBe(
      LONDON_POLICY_REGISTRY.get('https://creativecommons.org/licenses/by/4.0/'),
    );
  });

  it("queries resolve ids in the store's policies: the stated purpose admits, another denies", async () => {
    const digging = await all(store.query({ audience: THAMES, purpose: 'safe-digging' }));
    expect(ids(digging)).toEqual(ids([...mains, ...open, lookOnly]));
    const marketing = await all(store.query({ audience: THAMES, purpose: 'marketing' }));
    expect(ids(marketing)).toEqual(ids([...open, lookOnly]));
    expect((await entries(store)).at(-1)?.withheld).toEqual([
      { dataset: 'applications', reason: 'policy', count: 2 },
    ]);
    // The reader is told the same: by the policy's reason, and by the label for the public.
    const told: StoreWithheld[] = [];
    await all(store.query({ audience: THAMES, purpose: 'marketing', onWithheld: (w) => told.push(w) }));
    await all(store.query({ onWithheld: (w) => told.push(w) }));
    expect(told.map((w) => w.withheld)).toEqual([2, 2]);
    expect(Object.entries(told[0]?.withheldBecause ?? {})).toEqual([
      [expect.stringContaining(SHARED.uid), 2],
    ]);
    expect(told[1]?.withheldBecause).toEqual({ [LABEL_WITHHOLDS]: 2 });
    // A registry the app gives replaces the store's: London's alone do not hold the shared terms.
    const appOwn = await all(
      store.query({ audience: THAMES, purpose: 'safe-digging', policies: LONDON_POLICY_REGISTRY }),
    );
    expect(ids(appOwn)).toEqual(ids([...open, lookOnly]));
    expect((await store.get(mains[0]!.id, THAMES, 'safe-digging'))?.id).toBe(mains[0]!.id);
    expect(await store.get(mains[0]!.id, THAMES, 'marketing')).toBeUndefined();
    expect((await entries(store)).at(-1)).toMatchObject({
      what: { operation: 'get', id: mains[0]!.id },
      shown: {},
      withheld: [{ dataset: 'applications', reason: 'policy', count: 1 }],
    });
    expect(await store.history(mains[0]!.id, THAMES, 'marketing')).toEqual([]);
    expect((await entries(store)).at(-1)?.withheld).toEqual([
      { dataset: 'applications', reason: 'policy', count: 1 },
    ]);
  });

  it("exports weigh the store's policies for distribute: shown records the terms keep in stay in", async () => {
    const text = await exported(store, { audience: THAMES, purpose: 'safe-digging' });
    const written = text
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as TwinRecord).id);
    // The mains may be seen for digging but never redistributed; the look-only record neither.
    expect(written).toEqual(ids(open));
    // With the app's registry, the look-only terms are unknown: an open record still goes out, reported.
    const withApp = await exported(store, { policies: LONDON_POLICY_REGISTRY });
    expect(withApp.trim().split('\n')).toHaveLength(open.length + 1);
  });

  it('count weighs labels and policies as query does, and is logged like a query (without its limit)', async () => {
    const before = (await entries(store)).length;
    const asked = { audience: THAMES, purpose: 'marketing', limit: 1 } as const;
    expect(await store.count(asked)).toBe(open.length + 1);
    expect(await store.count({ audience: THAMES, purpose: 'safe-digging' })).toBe(6);
    expect(await store.count()).toBe(open.length + 1);
    const log = await entries(store);
    expect(log).toHaveLength(before + 3);
    expect(log[before]).toMatchObject({
      who: { clearance: 'official', organisation: 'thames-water', purpose: 'marketing' },
      what: { operation: 'count' },
      shown: { applications: 4 },
      withheld: [{ dataset: 'applications', reason: 'policy', count: 2 }],
      complete: true,
    });
    expect(log[before]?.what).not.toHaveProperty('limit');
    // The public: the two official mains are withheld by their label.
    expect(log[before + 2]?.withheld).toEqual([{ dataset: 'applications', reason: 'clearance', count: 2 }]);
    expect(await verifyAccessLog(store)).toMatchObject({ ok: true, entries: log.length });
  });
});

describe('a store below schema version 4', () => {
  it('keeps no policies: put says so, list is empty, queries resolve in London’s', async () => {
    const store = await freshStore('pglite', { schemaVersion: 3 });
    try {
      await expect(store.policies.put([SHARED])).rejects.toSatisfy(isConfigError);
      expect(await store.policies.list()).toEqual([]);
      expect(await store.policies.registry()).toEqual(LONDON_POLICY_REGISTRY);
    } finally {
      await store.close();
    }
  }, 180_000);
});
