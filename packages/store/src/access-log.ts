/**
 * The store's access log: one append-only, hash-chained entry per query, so who saw what can be
 * overseen and any edit, deletion or reordering of the log is found. An entry holds who asked (the
 * audience and purpose), the query's shape (filters, a geometry only as its bounding box), how many
 * records of each dataset were shown and how many were withheld and why: never record contents.
 *
 * Each entry carries `prev`, the SHA-256 of the previous entry's canonical serialisation (JSON with
 * sorted keys, no spaces); the first carries {@link GENESIS}. Hashes use Web Crypto, so they are the
 * same in Node, Deno and browsers.
 */
import type { Audience, Classification } from '@ldn-twin/core';
import { CLASSIFICATIONS } from '@ldn-twin/core';
import type { Geometry } from 'geojson';
import * as z from 'zod';
import type { Db, Sql } from './db.js';
import type { StoreQuery, Where, WithheldReason } from './query.js';
import type { Store } from './store.js';

/**
 * The `prev` of the first entry: 64 zeros.
 *
 * @example
 * ```ts
 * import { GENESIS } from '@ldn-twin/store';
 * GENESIS.length; // 64
 * ```
 */
export const GENESIS = '0'.repeat(64);

/**
 * The store operations the log records.
 *
 * @example
 * ```ts
 * import type { AccessOperation } from '@ldn-twin/store';
 * const operation: AccessOperation = 'asOf';
 * ```
 */
export type AccessOperation = 'query' | 'asOf' | 'count' | 'get' | 'history';

/**
 * What was asked: the query's filters, with geometries reduced to their bounding boxes.
 *
 * @example
 * ```ts
 * import type { AccessShape } from '@ldn-twin/store';
 * const shape: AccessShape = { operation: 'query', kind: ['PlanningApplication'], withinBbox: [-0.2, 51.4, -0.1, 51.5] };
 * ```
 */
export interface AccessShape {
  readonly operation: AccessOperation;
  readonly kind?: readonly string[];
  readonly connector?: readonly string[];
  readonly borough?: string;
  readonly time?: { readonly from?: string; readonly to?: string };
  /** `[west, south, east, north]` of the `within` geometry. */
  readonly withinBbox?: readonly number[];
  /** `[west, south, east, north]` of the `intersects` geometry. */
  readonly intersectsBbox?: readonly number[];
  readonly near?: { readonly lon: number; readonly lat: number; readonly radius: number };
  readonly limit?: number;
  /** The date of an `asOf` query. */
  readonly asOf?: string;
  /** The twin id of a `get` or `history`. */
  readonly id?: string;
}

/**
 * One access, as the log holds it.
 *
 * @example
 * ```ts
 * import type { AccessEntry } from '@ldn-twin/store';
 * const withheld = (entry: AccessEntry) => entry.withheld.reduce((n, w) => n + w.count, 0);
 * ```
 */
export interface AccessEntry {
  /** Its position in the log, from 1. */
  readonly seq: number;
  /** When the access ended (ISO instant). */
  readonly at: string;
  /** The SHA-256 (hex) of the previous entry's canonical serialisation; {@link GENESIS} for the first. */
  readonly prev: string;
  readonly who: {
    readonly clearance: Classification;
    readonly organisation?: string;
    readonly groups?: readonly string[];
    readonly purpose?: string;
  };
  readonly what: AccessShape;
  /** Records shown (for a `count`, counted), by dataset (`provenance.dataset`). */
  readonly shown: Readonly<Record<string, number>>;
  /** Records the filters matched but the audience may not see, by dataset and reason (regardless of `limit`). */
  readonly withheld: readonly {
    readonly dataset: string;
    readonly reason: WithheldReason;
    readonly count: number;
  }[];
  /** False when the reader stopped early or the query failed: `shown` counts what was shown until then. */
  readonly complete: boolean;
}

const count = z.number().int().nonnegative();
const bbox = z.array(z.number()).length(4);

/** The schema of an entry read back from the log (the database is a boundary too). */
export const AccessEntrySchema = z.strictObject({
  seq: z.number().int().positive(),
  at: z.iso.datetime(),
  prev: z.string().regex(/^[0-9a-f]{64}$/),
  who: z.strictObject({
    clearance: z.enum(CLASSIFICATIONS),
    organisation: z.string().optional(),
    groups: z.array(z.string()).optional(),
    purpose: z.string().optional(),
  }),
  what: z.strictObject({
    operation: z.enum(['query', 'asOf', 'count', 'get', 'history']),
    kind: z.array(z.string()).optional(),
    connector: z.array(z.string()).optional(),
    borough: z.string().optional(),
    time: z.strictObject({ from: z.string().optional(), to: z.string().optional() }).optional(),
    withinBbox: bbox.optional(),
    intersectsBbox: bbox.optional(),
    near: z.strictObject({ lon: z.number(), lat: z.number(), radius: z.number() }).optional(),
    limit: count.optional(),
    asOf: z.string().optional(),
    id: z.string().optional(),
  }),
  shown: z.record(z.string(), count),
  withheld: z.array(
    z.strictObject({
      dataset: z.string(),
      reason: z.enum(['clearance', 'organisation', 'group', 'policy']),
      count,
    }),
  ),
  complete: z.boolean(),
});

/**
 * An entry as stored: its canonical text and the hash stored with it.
 *
 * @example
 * ```ts
 * import { openStore, type StoredAccessEntry } from '@ldn-twin/store';
 * const store = await openStore({ path: './london-store' });
 * const log: StoredAccessEntry[] = [];
 * for await (const stored of store.accessLog()) log.push(stored);
 * ```
 */
export interface StoredAccessEntry {
  readonly text: string;
  readonly hash: string;
}

/**
 * The canonical serialisation of a JSON value: object keys sorted, no whitespace, `undefined`
 * members left out (RFC 8785 for the strings, integers and finite numbers the log holds).
 *
 * @example
 * ```ts
 * import { canonicalJson } from '@ldn-twin/store';
 * canonicalJson({ b: 1, a: [true, 'x'] }); // '{"a":[true,"x"],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The SHA-256 of a text (UTF-8), as lower-case hex, by Web Crypto.
 *
 * @example
 * ```ts
 * import { sha256Hex } from '@ldn-twin/store';
 * await sha256Hex(''); // 'e3b0c442…b855'
 * ```
 */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function bboxOf(geometry: Geometry): number[] {
  const xs: number[] = [];
  const ys: number[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === 'number') {
      xs.push(value[0]);
      ys.push(Number(value[1]));
    } else if (Array.isArray(value)) for (const inner of value) walk(inner);
  };
  if (geometry.type === 'GeometryCollection') for (const inner of geometry.geometries) walk(bboxOf(inner));
  else walk(geometry.coordinates);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const listOf = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? value : [value as T]);

/** The shape of a store query, as the log records it. */
export function shapeOf(operation: AccessOperation, query: StoreQuery): AccessShape {
  return {
    operation,
    ...(query.kind === undefined ? {} : { kind: listOf(query.kind) }),
    ...(query.connector === undefined ? {} : { connector: listOf(query.connector) }),
    ...(query.borough === undefined ? {} : { borough: query.borough }),
    ...(query.time === undefined ? {} : { time: query.time }),
    ...(query.within === undefined ? {} : { withinBbox: bboxOf(query.within) }),
    ...(query.intersects === undefined ? {} : { intersectsBbox: bboxOf(query.intersects) }),
    ...(query.near === undefined ? {} : { near: query.near }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
  };
}

/** Who asked, as the log records it. */
export function whoOf(audience: Audience, purpose: string | undefined): AccessEntry['who'] {
  return {
    clearance: audience.clearance,
    ...(audience.organisation === undefined ? {} : { organisation: audience.organisation }),
    ...(audience.groups === undefined ? {} : { groups: [...audience.groups] }),
    ...(purpose === undefined ? {} : { purpose }),
  };
}

/** The key of the log's head (`{ seq, hash }` of the last entry) in `store_meta`. */
const HEAD_KEY = 'access_log_head';

/** The next entry after `last` (undefined for the first), with its canonical text and hash. */
export async function chainEntry(
  last: { readonly seq: number; readonly hash: string } | undefined,
  entry: Omit<AccessEntry, 'seq' | 'prev'>,
): Promise<StoredAccessEntry & { readonly seq: number }> {
  const seq = (last?.seq ?? 0) + 1;
  const text = canonicalJson({ ...entry, seq, prev: last?.hash ?? GENESIS });
  return { seq, text, hash: await sha256Hex(text) };
}

/**
 * Appends an entry under the log's lock, so two writers (two processes on one server store) never
 * fork the chain: the second waits, then chains onto the first's entry.
 */
export async function appendAccess(db: Db, entry: Omit<AccessEntry, 'seq' | 'prev'>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ldn-twin-access-log'))`);
    const [last] = await tx.query<{ seq: number | string; hash: string }>(
      'SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1',
    );
    const next = await chainEntry(
      last === undefined ? undefined : { seq: Number(last.seq), hash: last.hash },
      entry,
    );
    await tx.query('INSERT INTO access_log (seq, entry, hash) VALUES ($1, $2, $3)', [
      next.seq,
      next.text,
      next.hash,
    ]);
    await tx.query(
      `INSERT INTO store_meta (key, value) VALUES ('${HEAD_KEY}', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [JSON.stringify({ seq: next.seq, hash: next.hash })],
    );
  });
}

/** The records `withheld` matches in `source` and withholds, by dataset and reason (see `withheldOf`). */
export async function withheldIn(
  db: Db,
  source: string,
  withheld: Where & { readonly reason: string },
): Promise<AccessEntry['withheld']> {
  const rows = await db.query<{
    dataset: string;
    reason: AccessEntry['withheld'][number]['reason'];
    n: number;
  }>(
    `SELECT dataset, reason, count(*)::int AS n FROM (
         SELECT record->'properties'->'provenance'->>'dataset' AS dataset, ${withheld.reason} AS reason
         FROM ${source} WHERE ${withheld.sql}) AS w
       WHERE reason IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
    withheld.params,
  );
  return rows.map((row) => ({ dataset: row.dataset, reason: row.reason, count: Number(row.n) }));
}

/** Rows read per round trip. */
const PAGE = 1000;

/** The log's entries as stored, in order. */
export async function* readAccessLog(db: Sql): AsyncGenerator<StoredAccessEntry, void, undefined> {
  let after = 0;
  for (;;) {
    const rows = await db.query<{ seq: number | string; entry: string; hash: string }>(
      `SELECT seq, entry, hash FROM access_log WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
      [after],
    );
    for (const row of rows) yield { text: row.entry, hash: row.hash };
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return;
    after = Number(last.seq);
  }
}

/** The head the store recorded with its last append, if any. */
export async function readAccessHead(db: Sql): Promise<{ seq: number; hash: string } | undefined> {
  const [row] = await db.query<{ value: string }>(`SELECT value FROM store_meta WHERE key = '${HEAD_KEY}'`);
  if (row === undefined) return undefined;
  const head = z
    .object({ seq: z.number().int(), hash: z.string() })
    .safeParse(JSON.parse(row.value) as unknown);
  return head.success ? head.data : { seq: -1, hash: '' };
}

/**
 * The outcome of verifying a log.
 *
 * @example
 * ```ts
 * import { type AccessLogVerification, openStore, verifyAccessLog } from '@ldn-twin/store';
 * const result: AccessLogVerification = await verifyAccessLog(await openStore({ path: './london-store' }));
 * console.info(result.ok ? `verified, head ${result.head}` : `fails at ${result.at}: ${result.problem}`);
 * ```
 */
export type AccessLogVerification =
  | {
      readonly ok: true;
      /** Entries checked. */
      readonly entries: number;
      /** The hash of the last entry (publish it: a later verify against it finds a truncated log). */
      readonly head: string;
    }
  | {
      readonly ok: false;
      /** Entries that verified before the first problem. */
      readonly entries: number;
      /** The position (from 1) of the first entry that fails. */
      readonly at: number;
      /** What is wrong there, in one line. */
      readonly problem: string;
    };

/**
 * Verifies a chain of stored entries: each entry's text must hash to the hash stored with it, be a
 * valid entry, hold its position (`seq`) and carry the hash of the entry before it; the last must be
 * the head the store recorded and, when given, a head published earlier (`published`) must be the
 * hash of one of its entries (so a log cut back and re-headed is found).
 *
 * An edited entry fails at itself (its hash; or, when its hash was rewritten too, at the next
 * entry); a deleted one fails where it is missing; two swapped ones fail at the first of them.
 *
 * @example
 * ```ts
 * import { openStore, verifyChain } from '@ldn-twin/store';
 * const store = await openStore({ path: './london-store' });
 * const copy = []; // e.g. an archived copy of the log, checked against the head published with a report
 * for await (const stored of store.accessLog()) copy.push(stored);
 * await verifyChain(copy, await store.accessHead(), '31a454d1…'); // { ok: false, at, problem } when cut
 * ```
 */
export async function verifyChain(
  entries: Iterable<StoredAccessEntry> | AsyncIterable<StoredAccessEntry>,
  recordedHead: { readonly seq: number; readonly hash: string } | undefined,
  published?: string,
): Promise<AccessLogVerification> {
  let n = 0;
  let prev = GENESIS;
  let sawPublished = false;
  const fail = (problem: string, at = n + 1): AccessLogVerification => ({
    ok: false,
    entries: at - 1,
    at,
    problem,
  });
  for await (const stored of entries) {
    const position = n + 1;
    const hash = await sha256Hex(stored.text);
    let parsed: z.ZodSafeParseResult<z.infer<typeof AccessEntrySchema>>;
    try {
      parsed = AccessEntrySchema.safeParse(JSON.parse(stored.text) as unknown);
    } catch {
      return fail(`entry ${position} is not JSON`);
    }
    if (!parsed.success) return fail(`entry ${position} is not an access entry`);
    const entry = parsed.data;
    if (entry.seq > position) {
      return fail(
        `entry ${position} is missing or moved: the entry in its place says it is number ${entry.seq}`,
      );
    }
    if (entry.seq < position) {
      return fail(`entry ${position} is out of order (it says it is number ${entry.seq})`);
    }
    if (canonicalJson(entry) !== stored.text || hash !== stored.hash) {
      return fail(`entry ${position} was changed: its content does not match its hash`);
    }
    if (entry.prev !== prev) {
      return fail(
        `entry ${position} does not follow entry ${position - 1}: the hash it carries is not that entry's (changed, removed or moved)`,
      );
    }
    prev = hash;
    n = position;
    if (hash === published) sawPublished = true;
  }
  if (recordedHead !== undefined && (recordedHead.seq !== n || recordedHead.hash !== prev)) {
    return recordedHead.seq > n
      ? fail(`entry ${n + 1} is missing: the store recorded ${recordedHead.seq} entries`)
      : fail(`the log's last entry is not the head the store recorded`, Math.max(n, 1));
  }
  if (published !== undefined && !sawPublished) {
    return fail(`no entry has the published head ${published.slice(0, 12)}…: the log was cut or rewritten`);
  }
  if (recordedHead === undefined && n > 0) return fail('the store recorded no head for its log', n);
  return { ok: true, entries: n, head: prev };
}

/**
 * Verifies a store's access log (see {@link verifyChain}): whether any entry was edited, deleted or
 * moved, and at which entry. Give `head`, a hash published earlier (e.g. in an oversight report),
 * to also find a log cut back to before it.
 *
 * @example
 * ```ts
 * import { openStore, verifyAccessLog } from '@ldn-twin/store';
 * const store = await openStore({ path: './london-store' });
 * const result = await verifyAccessLog(store);
 * if (!result.ok) console.error(`access log fails at entry ${result.at}: ${result.problem}`);
 * ```
 */
export async function verifyAccessLog(
  store: Pick<Store, 'accessLog' | 'accessHead'>,
  options: { readonly head?: string } = {},
): Promise<AccessLogVerification> {
  return verifyChain(store.accessLog(), await store.accessHead(), options.head);
}
