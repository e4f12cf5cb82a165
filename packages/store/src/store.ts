/**
 * `openStore`: one store API over an embedded PGlite + PostGIS database (a folder, IndexedDB or
 * memory) or a PostgreSQL + PostGIS server (`url`), with the same schema and SQL.
 */
import {
  type Audience,
  ConfigError,
  canSee,
  filterForAudience,
  LABEL_WITHHOLDS,
  type Labelled,
  type PolicyDecision,
  type PolicyRegistry,
  PUBLIC_AUDIENCE,
  policyGate,
  type TwinRecord,
} from '@ldn-twin/core';
import {
  type AccessEntry,
  type AccessShape,
  appendAccess,
  readAccessHead,
  readAccessLog,
  type StoredAccessEntry,
  shapeOf,
  whoOf,
  withheldIn,
} from './access-log.js';
import { type Db, openPglite, openServer } from './db.js';
import { migrate, SCHEMA_VERSION } from './migrations.js';
import { type StorePolicies, storePolicies } from './policies.js';
import { type PutOptions, type PutReport, putRecords } from './put.js';
import { asOfSource, type StoreQuery, type StoreWithheld, whereOf, withheldOf } from './query.js';
import type { SyncCheckpoint } from './sync.js';

/**
 * Where the store lives: exactly one of `path` (an embedded store in a folder, or `idb://name` in a
 * browser), `memory: true` (embedded, gone on close) or `url` (a PostgreSQL + PostGIS server).
 */
export type StoreLocation =
  | { readonly path: string; readonly memory?: never; readonly url?: never }
  | { readonly memory: true; readonly path?: never; readonly url?: never }
  | {
      readonly url: string;
      /** A schema of its own in the server's database (created if missing); default: the search path's. */
      readonly schema?: string;
      readonly path?: never;
      readonly memory?: never;
    };

/** Options of {@link openStore}. */
export type OpenStoreOptions = StoreLocation & {
  /**
   * The schema version to migrate to (default: the latest). Only for tests and staged upgrades: a
   * store left behind is upgraded by the next open without it. A store below version 3 keeps no
   * access log.
   */
  readonly schemaVersion?: number;
  /** The clock the access log reads (default: the system's); for tests and replays. */
  readonly now?: () => Date;
};

/** A record's earlier or current state, as `store.history` returns it. */
export interface RecordVersion {
  readonly record: TwinRecord;
  /** When this state held from (the record's `observedAt`, else `recordedAt`). */
  readonly from: string;
  /** When the next state replaced it; undefined for the current state. */
  readonly to?: string;
}

/** An open store. Close it when done. */
export interface Store {
  readonly engine: 'pglite' | 'postgres';
  /** The schema version of the store. */
  readonly schemaVersion: number;
  /** Validates and upserts records by twin id, in batches, each in a transaction. */
  put(records: Iterable<unknown> | AsyncIterable<unknown>, options?: PutOptions): Promise<PutReport>;
  /** The current records matching `query`, streamed in id order. */
  query(query?: StoreQuery): AsyncGenerator<TwinRecord, void, undefined>;
  /** The records as they were at `date` (see {@link StoreQuery} for the filters). */
  asOf(date: Date | string, query?: StoreQuery): AsyncGenerator<TwinRecord, void, undefined>;
  /**
   * How many current records match `query` and the audience may see (their labels and their
   * policies, for `display`, as `query` weighs them); logged like a query, without `limit`.
   */
  count(query?: StoreQuery): Promise<number>;
  /** One current record by twin id, if stored and visible to `audience` (default: the public); `purpose` is logged. */
  get(id: string, audience?: Audience, purpose?: string): Promise<TwinRecord | undefined>;
  /** Every stored state of one record, oldest first, if visible to `audience`; `purpose` is logged. */
  history(id: string, audience?: Audience, purpose?: string): Promise<RecordVersion[]>;
  /** The checkpoint last saved for a source (a sync), if any. */
  checkpoint<T = unknown>(source: string): Promise<T | undefined>;
  /** Saves a source's checkpoint. */
  saveCheckpoint(source: string, value: unknown): Promise<void>;
  /** The ODRL policies the store holds (schema version 4 and later): what its reads resolve ids in. */
  readonly policies: StorePolicies;
  /**
   * Every complete sync the store holds (the checkpoints `syncConnector` saved), by source: what a
   * question reading from the store (`restrictionsAt(site, { store })`) may answer, and as of when.
   */
  syncs(): Promise<SyncCheckpoint[]>;
  /**
   * The access log's entries as stored (canonical text and hash), oldest first. Every `query`,
   * `asOf`, `count`, `get` and `history` appends one; read them with {@link verifyAccessLog} and
   * {@link accessReport}.
   */
  accessLog(): AsyncGenerator<StoredAccessEntry, void, undefined>;
  /** The `{ seq, hash }` of the last entry, as the store recorded it when appending. */
  accessHead(): Promise<{ seq: number; hash: string } | undefined>;
  close(): Promise<void>;
}

/** Rows fetched per round trip when streaming a query. */
const PAGE = 2000;

/** Every stored state of every record, with the columns the access label is checked on. */
const HISTORY_SOURCE = `(SELECT id, classification, permitted_organisations, permitted_groups, record
    FROM record_versions
  UNION ALL SELECT id, classification, permitted_organisations, permitted_groups, record FROM records) AS h`;

/** Records by dataset (`provenance.dataset`). */
function tally(records: readonly TwinRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) {
    const dataset = record.properties.provenance.dataset;
    counts.set(dataset, (counts.get(dataset) ?? 0) + 1);
  }
  return counts;
}

/** The records of `all` not `shown` although their label admits `audience`: withheld by their terms. */
function byPolicy(
  all: readonly TwinRecord[],
  shown: readonly TwinRecord[],
  audience: Audience,
): AccessEntry['withheld'] {
  const kept = new Set(shown);
  const denied = tally(
    all.filter((record) => !kept.has(record) && canSee(record.properties.access, audience)),
  );
  return [...denied].map(([dataset, count]) => ({ dataset, reason: 'policy' as const, count }));
}

/** A read's withheld records as a question counts them: those its labels hid, then its terms' reasons. */
function withheldOfRead(
  byLabel: AccessEntry['withheld'],
  byPolicy: AccessEntry['withheld'],
  terms: Readonly<Record<string, number>>,
): StoreWithheld {
  const hidden = byLabel.reduce((sum, w) => sum + w.count, 0);
  return {
    withheld: hidden + byPolicy.reduce((sum, w) => sum + w.count, 0),
    withheldBecause: { ...(hidden > 0 ? { [LABEL_WITHHOLDS]: hidden } : {}), ...terms },
  };
}

function locate(options: OpenStoreOptions): Promise<Db> {
  const given = [options.path !== undefined, options.memory === true, options.url !== undefined];
  if (given.filter(Boolean).length !== 1) {
    throw new ConfigError('openStore: give exactly one of path, memory: true or url');
  }
  if (options.url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(options.url)) {
      throw new ConfigError('openStore: url must start with postgres:// or postgresql://');
    }
    const schema = 'schema' in options ? options.schema : undefined;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) {
      throw new ConfigError(
        `openStore: schema ${JSON.stringify(schema)}: use lower-case letters, digits and _`,
      );
    }
    return openServer(options.url, schema);
  }
  return openPglite(options.path);
}

const iso = (value: unknown): string =>
  (value instanceof Date ? value : new Date(String(value))).toISOString();

/**
 * Opens (creating or upgrading as needed) a store of twin records.
 *
 * @throws ConfigError when the location is not exactly one of `path`, `memory` and `url`.
 *
 * @example
 * ```ts
 * import { openStore } from '@ldn-twin/store';
 * const store = await openStore({ path: './london-store' }); // or { memory: true }, or { url: 'postgres://…' }
 * const report = await store.put(planningRecords);
 * console.info(report.stored, report.unchanged, report.rejected);
 * for await (const record of store.query({ kind: 'PlanningApplication', near: { lon: -0.1199, lat: 51.4922, radius: 250 } })) {
 *   console.info(record.id);
 * }
 * await store.close();
 * ```
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  return storeOver(await locate(options), options);
}

/**
 * The store over an open database, migrated as {@link openStore} migrates it; closing the store
 * closes `db`. Internal (not exported by the package): the store's tests open many stores over one
 * PGlite, each in a schema of its own, as they do on a server, since each PGlite + PostGIS instance
 * takes seconds of CPU to start (packages/store/test/fixtures.ts).
 */
export async function storeOver(
  db: Db,
  options: Pick<OpenStoreOptions, 'schemaVersion' | 'now'>,
): Promise<Store> {
  let version: number;
  try {
    version = await migrate(db, options.schemaVersion ?? SCHEMA_VERSION);
  } catch (error) {
    await db.close();
    throw error;
  }

  const now = options.now ?? (() => new Date());
  const logs = version >= 3;
  const policies = storePolicies(db, version);
  /** The registry a read resolves policy ids in: the app's, else the store's. */
  const registryOf = (given: PolicyRegistry | undefined) =>
    given === undefined ? policies.registry() : Promise.resolve(given);
  /** The party a read's policies are weighed for: the audience, with the purpose it states. */
  const partyOf = (audience: Audience, purpose: string | undefined): Audience =>
    purpose === undefined ? audience : { ...audience, purpose };

  /** Appends the log entry of one access. */
  async function log(
    what: AccessShape,
    audience: Audience,
    purpose: string | undefined,
    shown: Map<string, number>,
    withheld: AccessEntry['withheld'],
    complete: boolean,
  ): Promise<void> {
    if (!logs) return;
    await appendAccess(db, {
      at: now().toISOString(),
      who: whoOf(audience, purpose),
      what,
      shown: Object.fromEntries(shown),
      withheld,
      complete,
    });
  }

  async function* select(
    source: string,
    where: { sql: string; params: unknown[] },
    audience: Audience,
    limit: number | undefined,
    access: {
      what: AccessShape;
      purpose: string | undefined;
      policies: PolicyRegistry | undefined;
      withheld: () => Promise<AccessEntry['withheld']>;
      onWithheld: StoreQuery['onWithheld'];
    },
  ): AsyncGenerator<TwinRecord, void, undefined> {
    let after = '';
    let remaining = limit ?? Number.POSITIVE_INFINITY;
    const shown = new Map<string, number>();
    // Records the label admits but whose terms (ODRL policies) do not permit display to the party.
    const denied = new Map<string, number>();
    const terms: Record<string, number> = {};
    const party = partyOf(audience, access.purpose);
    const onReport = (record: Labelled, decision: PolicyDecision) => {
      if (decision.permitted || decision.reasons.includes(LABEL_WITHHOLDS)) return;
      const dataset = (record as TwinRecord).properties.provenance.dataset;
      denied.set(dataset, (denied.get(dataset) ?? 0) + 1);
      for (const reason of decision.reasons) terms[reason] = (terms[reason] ?? 0) + 1;
    };
    let complete = false;
    try {
      const registry = await registryOf(access.policies);
      while (remaining > 0) {
        const n = where.params.length;
        const size = Math.min(PAGE, remaining);
        const rows = await db.query<{ id: string; record: TwinRecord }>(
          `SELECT id, record FROM ${source} WHERE ${where.sql} AND id > $${n + 1} ORDER BY id LIMIT ${size}`,
          [...(where.params as never[]), after],
        );
        // The SQL filter narrows; core's canSee decides, so the store and the SDK never disagree.
        for (const record of filterForAudience(
          rows.map((row) => row.record),
          party,
          { registry, onReport },
        )) {
          const dataset = record.properties.provenance.dataset;
          shown.set(dataset, (shown.get(dataset) ?? 0) + 1);
          yield record;
        }
        remaining -= rows.length;
        const last = rows.at(-1);
        if (last === undefined || rows.length < size) break;
        after = last.id;
      }
      complete = true;
    } finally {
      // Logged when the reader finishes, stops early or the query fails: what was shown until then.
      const byPolicy = [...denied].map(([dataset, count]) => ({ dataset, reason: 'policy' as const, count }));
      const byLabel = logs || access.onWithheld ? await access.withheld() : [];
      await log(
        access.what,
        audience,
        access.purpose,
        shown,
        logs ? [...byLabel, ...byPolicy] : [],
        complete,
      );
      access.onWithheld?.(withheldOfRead(byLabel, byPolicy, terms));
    }
  }

  const store: Store = {
    engine: db.engine,
    schemaVersion: version,
    put: (records, putOptions) => putRecords(db, records, putOptions),
    query(query = {}) {
      const audience = query.audience ?? PUBLIC_AUDIENCE;
      const withheld = withheldOf(query, audience);
      return select('records', whereOf(query, audience), audience, query.limit, {
        what: shapeOf('query', query),
        purpose: query.purpose,
        policies: query.policies,
        withheld: () => withheldIn(db, 'records', withheld),
        onWithheld: query.onWithheld,
      });
    },
    asOf(date, query = {}) {
      const audience = query.audience ?? PUBLIC_AUDIENCE;
      const where = whereOf(query, audience);
      const withheld = withheldOf(query, audience);
      const at = iso(date);
      if (Number.isNaN(Date.parse(at))) throw new ConfigError(`asOf ${String(date)}: not a date`);
      where.params.push(at);
      withheld.params.push(at);
      return select(asOfSource(`$${where.params.length}`), where, audience, query.limit, {
        what: { ...shapeOf('asOf', query), asOf: at },
        purpose: query.purpose,
        policies: query.policies,
        withheld: () => withheldIn(db, asOfSource(`$${withheld.params.length}`), withheld),
        onWithheld: query.onWithheld,
      });
    },
    async count(query = {}) {
      const audience = query.audience ?? PUBLIC_AUDIENCE;
      const { limit: _limit, ...unlimited } = query;
      const where = whereOf(unlimited, audience);
      // The records the label admits, grouped by what their policies are weighed on: one decision
      // per group, as a query makes one per distinct label.
      const groups = await db.query<{
        dataset: string;
        classification: TwinRecord['properties']['access']['classification'];
        policies: string[] | null;
        attributed: boolean;
        n: number;
      }>(
        `SELECT record->'properties'->'provenance'->>'dataset' AS dataset, classification,
           record->'properties'->'access'->'policies' AS policies,
           coalesce(jsonb_array_length(record->'properties'->'licence'->'attribution'), 0) > 0 AS attributed,
           count(*)::int AS n
         FROM records WHERE ${where.sql} GROUP BY 1, 2, 3, 4`,
        where.params,
      );
      const gate = policyGate('display', {
        party: partyOf(audience, query.purpose),
        registry: await registryOf(query.policies),
      });
      const counted = new Map<string, number>();
      const denied = new Map<string, number>();
      for (const group of groups) {
        const decision = gate({
          properties: {
            licence: { id: '', attribution: group.attributed ? ['(attributed)'] : [] },
            access: {
              classification: group.classification,
              ...(group.policies === null ? {} : { policies: group.policies }),
            },
          },
        });
        const into = decision.permitted ? counted : denied;
        into.set(group.dataset, (into.get(group.dataset) ?? 0) + Number(group.n));
      }
      const withheld = logs ? await withheldIn(db, 'records', withheldOf(unlimited, audience)) : [];
      const byPolicy = [...denied].map(([dataset, count]) => ({ dataset, reason: 'policy' as const, count }));
      await log(
        shapeOf('count', unlimited),
        audience,
        query.purpose,
        counted,
        [...withheld, ...byPolicy],
        true,
      );
      return [...counted.values()].reduce((sum, n) => sum + n, 0);
    },
    async get(id, audience = PUBLIC_AUDIENCE, purpose = undefined) {
      const rows = await db.query<{ record: TwinRecord }>('SELECT record FROM records WHERE id = $1', [id]);
      const shown = filterForAudience(
        rows.map((row) => row.record),
        partyOf(audience, purpose),
        { registry: await policies.registry() },
      );
      const withheld =
        shown.length === rows.length
          ? []
          : [
              ...(await withheldIn(db, 'records', withheldOf({}, audience, id))),
              ...byPolicy(
                rows.map((row) => row.record),
                shown,
                audience,
              ),
            ];
      await log({ operation: 'get', id }, audience, purpose, tally(shown), withheld, true);
      return shown[0];
    },
    async history(id, audience = PUBLIC_AUDIENCE, purpose = undefined) {
      const rows = await db.query<{ record: TwinRecord; known_from: unknown; known_to: unknown }>(
        `SELECT record, known_from, known_to FROM record_versions WHERE id = $1
         UNION ALL SELECT record, known_from, NULL FROM records WHERE id = $1
         ORDER BY 2, 3 NULLS LAST`,
        [id],
      );
      const registry = await policies.registry();
      const party = partyOf(audience, purpose);
      const shown = rows.filter((row) => filterForAudience([row.record], party, { registry }).length === 1);
      const withheld =
        shown.length === rows.length
          ? []
          : [
              ...(await withheldIn(db, HISTORY_SOURCE, withheldOf({}, audience, id))),
              ...byPolicy(
                rows.map((row) => row.record),
                shown.map((row) => row.record),
                audience,
              ),
            ];
      await log(
        { operation: 'history', id },
        audience,
        purpose,
        tally(shown.map((row) => row.record)),
        withheld,
        true,
      );
      return shown.map((row) => ({
        record: row.record,
        from: iso(row.known_from),
        ...(row.known_to === null ? {} : { to: iso(row.known_to) }),
      }));
    },
    async checkpoint<T>(source: string) {
      const rows = await db.query<{ value: T }>('SELECT value FROM checkpoints WHERE source = $1', [source]);
      return rows[0]?.value;
    },
    async saveCheckpoint(source, value) {
      await db.query(
        `INSERT INTO checkpoints (source, value) VALUES ($1, $2::text::jsonb)
         ON CONFLICT (source) DO UPDATE SET value = excluded.value, updated_at = now()`,
        [source, JSON.stringify(value)],
      );
    },
    policies,
    async syncs() {
      const rows = await db.query<{ value: SyncCheckpoint }>('SELECT value FROM checkpoints ORDER BY source');
      // Other checkpoints (a watch's snapshot of ids) share the table: a sync's names its operation.
      return rows
        .map((row) => row.value)
        .filter(
          (value) =>
            typeof value?.connector === 'string' &&
            typeof value.operation === 'string' &&
            typeof value.startedAt === 'string' &&
            typeof value.completedAt === 'string' &&
            typeof value.params === 'object' &&
            value.params !== null,
        );
    },
    accessLog: () => readAccessLog(db),
    accessHead: () => readAccessHead(db),
    close: () => db.close(),
  };
  return store;
}
