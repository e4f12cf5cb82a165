import { rm } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import type { TwinRecord } from '@ldn-twin/core';
import {
  type AccessEntry,
  accessReport,
  openStore,
  runStoreExport,
  type Store,
  type StoredAccessEntry,
  verifyAccessLog,
  verifyChain,
} from '@ldn-twin/store';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAccessHead, readAccessLog } from '../src/access-log.ts';
import { openPglite } from '../src/db.ts';
import { all, application, BRIXTON, ENGINES, freshStore, freshStoreFolder, SERVER_URL } from './fixtures.ts';

/** Application `n` from another dataset, so counts per dataset are known by construction. */
const survey = (n: number, access?: TwinRecord['properties']['access']): TwinRecord => {
  const record = application(n, access === undefined ? {} : { access });
  return {
    ...record,
    properties: { ...record.properties, provenance: { ...record.properties.provenance, dataset: 'surveys' } },
  };
};

// 3 open applications, 1 official one, 1 for TfL only; 2 open surveys, 1 for the dig-once group.
const RECORDS: TwinRecord[] = [
  application(1),
  application(2),
  application(3),
  application(4, { access: { classification: 'official' } }),
  application(5, { access: { classification: 'open', permittedOrganisations: ['tfl'] } }),
  survey(6),
  survey(7),
  survey(8, { classification: 'open', permittedGroups: ['dig-once'] }),
];

const entries = async (store: Store): Promise<AccessEntry[]> =>
  (await all(store.accessLog())).map((stored) => JSON.parse(stored.text) as AccessEntry);

describe.each(ENGINES)('the access log on $engine', ({ engine }) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine);
    await store.put(RECORDS);
  }, 120_000);
  afterAll(() => store?.close());

  it('records who asked, the query shape, what was shown by dataset and what was withheld and why', async () => {
    const before = (await entries(store)).length;
    const shown = await all(
      store.query({ near: { ...BRIXTON, radius: 100 }, kind: 'PlanningApplication', purpose: 'research' }),
    );
    expect(shown).toHaveLength(5);
    const [entry] = (await entries(store)).slice(before);
    expect(entry).toMatchObject({
      seq: before + 1,
      who: { clearance: 'open', purpose: 'research' },
      what: { operation: 'query', kind: ['PlanningApplication'], near: { ...BRIXTON, radius: 100 } },
      shown: { applications: 3, surveys: 2 },
      complete: true,
    });
    expect(entry?.withheld).toEqual([
      { dataset: 'applications', reason: 'clearance', count: 1 },
      { dataset: 'applications', reason: 'organisation', count: 1 },
      { dataset: 'surveys', reason: 'group', count: 1 },
    ]);
    // Only ids, counts and shapes: no record's name, status or geometry.
    const text = (await all(store.accessLog())).at(-1)?.text ?? '';
    expect(text).not.toMatch(/Application 24\/|Registered|coordinates/);
  });

  it('logs the organisation, a geometry only as its bounding box, a stopped read, get and history', async () => {
    const before = (await entries(store)).length;
    const square = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [-0.2, 51.4],
          [-0.1, 51.4],
          [-0.1, 51.5],
          [-0.2, 51.5],
          [-0.2, 51.4],
        ],
      ],
    };
    const tfl = { clearance: 'official' as const, organisation: 'tfl' };
    for await (const _ of store.query({ intersects: square, audience: tfl })) break;
    expect(await store.get(application(4).id)).toBeUndefined();
    expect(await store.history(application(1).id, tfl, 'audit')).toHaveLength(1);
    const [stopped, get, history] = (await entries(store)).slice(before);
    expect(stopped).toMatchObject({
      who: { clearance: 'official', organisation: 'tfl' },
      what: { operation: 'query', intersectsBbox: [-0.2, 51.4, -0.1, 51.5] },
      shown: { applications: 1 },
      complete: false,
    });
    expect(stopped?.withheld).toEqual([{ dataset: 'surveys', reason: 'group', count: 1 }]);
    expect(get).toMatchObject({
      what: { operation: 'get', id: application(4).id },
      shown: {},
      withheld: [{ dataset: 'applications', reason: 'clearance', count: 1 }],
    });
    expect(history).toMatchObject({ what: { operation: 'history' }, shown: { applications: 1 } });
    expect(history?.who.purpose).toBe('audit');
  });

  it('logs an export as the query it ran, with its purpose', async () => {
    const out = new PassThrough();
    out.resume();
    await runStoreExport({ store, format: 'csv', borough: 'Lambeth', purpose: 'open-data-portal' }, out);
    const last = (await entries(store)).at(-1);
    expect(last).toMatchObject({
      who: { clearance: 'open', purpose: 'open-data-portal' },
      what: { operation: 'query', borough: 'Lambeth' },
      shown: { applications: 3, surveys: 2 },
    });
    expect(last?.withheld.map((w) => w.count)).toEqual([1, 1, 1]);
  });

  it('two writers at once never fork the chain', async () => {
    // On a server, two stores (two connection pools) on one schema; embedded, one store.
    const location = { url: SERVER_URL ?? '', schema: `alog_${process.pid}_${Date.now()}` };
    const [a, b] =
      engine === 'postgres' ? await Promise.all([openStore(location), openStore(location)]) : [store, store];
    const before = (await entries(a)).length;
    await Promise.all(
      Array.from({ length: 12 }, (_, n) => all((n % 2 === 0 ? a : b).query({ limit: n + 1 }))),
    );
    const after = await entries(a);
    expect(after.length).toBe(before + 12);
    expect(after.map((e) => e.seq)).toEqual(after.map((_, i) => i + 1));
    expect(await verifyAccessLog(b)).toMatchObject({ ok: true, entries: before + 12 });
    if (a !== store) await Promise.all([a.close(), b.close()]);
  }, 60_000);
});

describe('records withheld by their terms', () => {
  it('are logged as withheld for "policy", by dataset, beside those the label withholds', async () => {
    const store = await freshStore('pglite');
    try {
      // Both official by construction; one names a policy no registry resolves (so it denies above open).
      const unresolved = application(1, {
        access: { classification: 'official', policies: ['https://example.org/odrl/unknown-terms'] },
      });
      const plain = application(2, { access: { classification: 'official' } });
      await store.put([unresolved, plain]);
      const shown = await all(store.query({ audience: { clearance: 'official' }, purpose: 'research' }));
      expect(shown.map((r) => r.id)).toEqual([plain.id]);
      const [entry] = await entries(store);
      const dataset = plain.properties.provenance.dataset;
      expect(entry?.shown).toEqual({ [dataset]: 1 });
      expect(entry?.withheld).toEqual([{ dataset, reason: 'policy', count: 1 }]);
      expect(await verifyAccessLog(store)).toMatchObject({ ok: true, entries: 1 });
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe('tampering with a stored log (embedded store, the append-only trigger bypassed)', () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof openPglite>>;
  beforeAll(async () => {
    dir = await freshStoreFolder();
    const store = await openStore({ path: dir });
    await store.put(RECORDS);
    for (let n = 1; n <= 5; n += 1) await all(store.query({ limit: n }));
    expect(await verifyAccessLog(store)).toMatchObject({ ok: true, entries: 5 });
    await store.close();
    db = await openPglite(dir);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * Runs `sql` on the store's database with the trigger off and verifies the log as the store does
   * (`verifyAccessLog` is `verifyChain` over these two reads), inside a transaction rolled back after,
   * so each case starts from the untouched log.
   */
  async function tamper(sql: string, params: (string | number)[] = []) {
    const rollback = new Error('rollback');
    let result: Awaited<ReturnType<typeof verifyChain>> | undefined;
    await db
      .transaction(async (tx) => {
        await tx.query('ALTER TABLE access_log DISABLE TRIGGER access_log_append_only');
        await tx.query(sql, params);
        result = await verifyChain(readAccessLog(tx), await readAccessHead(tx));
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    if (result === undefined) throw new Error('the tampered log was not verified');
    return result;
  }

  it('refuses updates and deletions while the trigger is on', async () => {
    await expect(db.query(`UPDATE access_log SET hash = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM access_log WHERE seq = 1')).rejects.toThrow(/append-only/);
  }, 60_000);

  it.each([1, 3, 5])(
    'an edited entry %i fails at that entry',
    async (k) => {
      const result = await tamper(
        `UPDATE access_log SET entry = replace(entry, '"clearance":"open"', '"clearance":"secret"') WHERE seq = $1`,
        [k],
      );
      expect(result).toMatchObject({ ok: false, at: k, entries: k - 1 });
      if (!result.ok) expect(result.problem).toMatch(/changed/);
    },
    60_000,
  );

  it.each([1, 3, 5])(
    'a deleted entry %i fails at that entry',
    async (k) => {
      const result = await tamper('DELETE FROM access_log WHERE seq = $1', [k]);
      expect(result).toMatchObject({ ok: false, at: k });
      if (!result.ok) expect(result.problem).toMatch(/missing/);
    },
    60_000,
  );

  it.each([
    [1, 2],
    [2, 5],
  ])(
    'swapped entries %i and %i fail at the first',
    async (i, j) => {
      const swapped = await tamper(
        `UPDATE access_log a SET entry = b.entry, hash = b.hash FROM access_log b
       WHERE (a.seq = $1::bigint AND b.seq = $2::bigint) OR (a.seq = $2::bigint AND b.seq = $1::bigint)`,
        [i, j],
      );
      expect(swapped).toMatchObject({ ok: false, at: i });
    },
    60_000,
  );
});

describe('the oversight report', () => {
  let store: Store;
  let clock = Date.parse('2026-11-02T10:00:00Z');
  beforeAll(async () => {
    store = await freshStore('pglite', { now: () => new Date(clock) });
    await store.put(RECORDS);
    const day = (d: number) => {
      clock = Date.parse(`2026-11-0${d}T10:00:00Z`);
    };
    day(2);
    await all(store.query({})); // public: 5 shown, 3 withheld (one per reason)
    await all(store.query({ audience: { clearance: 'official', organisation: 'tfl' }, purpose: 'works' }));
    day(4);
    await all(store.query({ kind: 'Building' })); // nothing matches: none shown, none withheld
    await all(store.query({ audience: { clearance: 'official', organisation: 'tfl' }, purpose: 'works' }));
    await all(store.query({ audience: { clearance: 'official', organisation: 'tfl' }, purpose: 'works' }));
    day(9); // outside the period
    await all(store.query({}));
  }, 120_000);
  afterAll(() => store?.close());

  it('counts accesses by dataset, organisation and purpose, withholdings by reason, and per day', async () => {
    const { report, markdown, svg } = await accessReport(store, { from: '2026-11-01', to: '2026-11-07' });
    expect(report.log).toMatchObject({ ok: true, entries: 6 });
    expect(report.accesses).toBe(5);
    // TfL at official sees 7 (not the dig-once survey): 5 applications and 2 surveys, 1 withheld.
    expect(report.byOrganisation).toEqual([
      { name: 'tfl', accesses: 3, shown: 21, withheld: 3 },
      { name: '(public)', accesses: 2, shown: 5, withheld: 3 },
    ]);
    expect(report.byPurpose.map((p) => [p.name, p.accesses])).toEqual([
      ['works', 3],
      ['(not stated)', 2],
    ]);
    expect(report.byDataset).toEqual([
      { name: 'applications', accesses: 4, shown: 3 + 3 * 5, withheld: 2 },
      { name: 'surveys', accesses: 4, shown: 2 + 3 * 2, withheld: 4 },
    ]);
    expect(report.denials).toEqual([
      { reason: 'group', accesses: 4, records: 4 },
      { reason: 'clearance', accesses: 1, records: 1 },
      { reason: 'organisation', accesses: 1, records: 1 },
    ]);
    expect(report.overTime).toEqual(
      ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({
        period: `2026-11-${d}`,
        accesses: d === '02' ? 2 : d === '04' ? 3 : 0,
      })),
    );
    expect(markdown).toContain('The access log verifies: 6 entries');
    expect(markdown).toContain('| tfl | 3 | 21 | 3 |');
    expect(markdown).toContain('| group | 4 | 4 |');
    // One bar per day; the tallest (3 accesses) is the full plot height, 2 accesses two thirds of it.
    const heights = [...svg.matchAll(/<rect [^>]*height="(\d+)"/g)].map((m) => Number(m[1]));
    expect(heights).toEqual([0, 100, 0, 150, 0, 0, 0]);
  });

  it('says first when the log fails verification', async () => {
    const stored = await all(store.accessLog());
    const cut: Pick<Store, 'accessLog' | 'accessHead'> = {
      accessLog: async function* (): AsyncGenerator<StoredAccessEntry> {
        yield* stored.slice(0, 2);
        yield* stored.slice(3);
      },
      accessHead: () => store.accessHead(),
    };
    const { report, markdown } = await accessReport(cut, { from: '2026-11-01', to: '2026-11-07' });
    expect(report.log).toMatchObject({ ok: false, at: 3 });
    expect(markdown).toMatch(/\*\*The access log fails verification at entry 3: entry 3 is missing/);
  });

  it('rejects a period that is not one', async () => {
    await expect(accessReport(store, { from: 'last week', to: '2026-11-07' })).rejects.toThrow(
      'from "last week": not an ISO date or instant',
    );
    await expect(accessReport(store, { from: '2026-11-07', to: '2026-11-01' })).rejects.toThrow(
      /^to 2026-11-01: must be after from/,
    );
  });
});

describe.skipIf(SERVER_URL === undefined)('tampering with a server store log', () => {
  it('is refused while the trigger is on, and found at the entry when it is bypassed', async () => {
    const schema = `alog_tamper_${process.pid}_${Date.now()}`;
    const store = await openStore({ url: SERVER_URL ?? '', schema });
    for (let n = 1; n <= 4; n += 1) await all(store.query({ limit: n }));
    const sql = postgres(SERVER_URL ?? '', { onnotice: () => {} });
    try {
      const table = `"${schema}".access_log`;
      await expect(sql.unsafe(`DELETE FROM ${table} WHERE seq = 2`)).rejects.toThrow(/append-only/);
      await sql.unsafe(`ALTER TABLE ${table} DISABLE TRIGGER access_log_append_only`);
      await sql.unsafe(`DELETE FROM ${table} WHERE seq = 2`);
      expect(await verifyAccessLog(store)).toMatchObject({ ok: false, at: 2, entries: 1 });
    } finally {
      await sql.end();
      await store.close();
    }
  }, 60_000);
});
