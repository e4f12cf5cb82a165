/**
 * Putting records: validated with core's schema, then upserted by twin id in batches, each batch in
 * one transaction. Unchanged content (ignoring `provenance.retrievedAt`) writes nothing; a changed
 * record's previous state moves to `record_versions`, so nothing is overwritten.
 */
import { type TwinRecord, TwinRecordSchema } from '@ldn-twin/core';
import { columnsOf, type RecordColumns } from './columns.js';
import type { Db } from './db.js';

/** At most this many rejections are kept in a report (the counts stay exact). */
const MAX_KEPT_REJECTIONS = 1000;

/** Records per batch when `batchSize` is not given. */
const DEFAULT_BATCH_SIZE = 5000;

/** Why one record was not stored. */
export interface Rejection {
  /** The record's position in the stream, counting from 0. */
  readonly index: number;
  /** Its id, when it has a string one. */
  readonly id?: string;
  /** What is wrong, `path: message` per issue. */
  readonly reason: string;
}

/** The account of one put: `received === stored + unchanged + rejected`, always. */
export interface PutReport {
  readonly received: number;
  /** Records written: new ones and changed ones. */
  readonly stored: number;
  /** Of the stored, those that replaced an earlier version (kept in the history). */
  readonly changed: number;
  /** Records whose content was already stored: nothing written. */
  readonly unchanged: number;
  readonly rejected: number;
  /** Each rejection's reason (the first 1,000). */
  readonly rejections: readonly Rejection[];
  /** Batches committed. */
  readonly batches: number;
}

/** Options of `store.put`. */
export interface PutOptions {
  /**
   * Records per transaction (default 5,000: each batch's fixed costs, its transaction, statement and
   * commit, weigh on the put five times less than at 1,000; see the store's README).
   */
  readonly batchSize?: number;
  /** Called after each batch commits, with the report so far. */
  readonly onBatch?: (report: PutReport) => void;
  /**
   * Called inside each batch's transaction, before it commits, with what the batch adds, changes and
   * finds unchanged. The batch commits only when the returned promise resolves, and rolls back when it
   * rejects: a change feed built on it (see `watchConnector`) never loses a change, and repeats one
   * only when the process stops between the call and the commit.
   */
  readonly onWrite?: (batch: WrittenBatch) => void | Promise<void>;
}

/** What one committed batch did, record by record (see {@link PutOptions.onWrite}). */
export interface WrittenBatch {
  /** The records written, in the order they arrived: new to the store, or replacing a stored version. */
  readonly written: readonly { readonly change: 'added' | 'changed'; readonly record: TwinRecord }[];
  /** Ids of records whose content was already stored. */
  readonly unchanged: readonly string[];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };

// The put of one batch: lock the ids (so concurrent writers to a server store serialise per id and
// lose no update), then, in one statement, archive the changed records' current state and upsert.
const LOCK_IDS = `SELECT count(pg_advisory_xact_lock(h)) AS locked
  FROM (SELECT hashtextextended(id, 0) AS h FROM unnest($1::text[]) AS id ORDER BY 1) AS ids`;

const UPSERT = `WITH incoming AS (
    SELECT r.*, md5((r.record #- '{properties,provenance,retrievedAt}')::text) AS content_hash,
      CASE WHEN jsonb_typeof(r.record->'geometry') = 'object'
        THEN ST_SetSRID(ST_GeomFromGeoJSON((r.record->'geometry')::text), 4326) END AS geom
    FROM jsonb_to_recordset($1::text::jsonb) AS r(
      id text, kind text, connector text, borough text, classification text,
      permitted_organisations text[], permitted_groups text[],
      t_start timestamptz, t_end timestamptz, known_from timestamptz, record jsonb)
  ),
  existing AS (SELECT c.* FROM records c JOIN incoming i ON i.id = c.id),
  archived AS (
    INSERT INTO record_versions (id, kind, connector, borough, classification, permitted_organisations,
      permitted_groups, t_start, t_end, known_from, known_to, content_hash, stored_at, record, geom)
    SELECT c.id, c.kind, c.connector, c.borough, c.classification, c.permitted_organisations,
      c.permitted_groups, c.t_start, c.t_end, c.known_from, greatest(i.known_from, c.known_from),
      c.content_hash, c.stored_at, c.record, c.geom
    FROM existing c JOIN incoming i ON i.id = c.id
    WHERE c.content_hash <> i.content_hash
    RETURNING id
  ),
  written AS (
    INSERT INTO records (id, kind, connector, borough, classification, permitted_organisations,
      permitted_groups, t_start, t_end, known_from, content_hash, record, geom)
    SELECT i.id, i.kind, i.connector, i.borough, i.classification, i.permitted_organisations,
      i.permitted_groups, i.t_start, i.t_end, i.known_from, i.content_hash, i.record, i.geom
    FROM incoming i
    WHERE NOT EXISTS (SELECT 1 FROM existing c WHERE c.id = i.id AND c.content_hash = i.content_hash)
    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, connector = excluded.connector,
      borough = excluded.borough, classification = excluded.classification,
      permitted_organisations = excluded.permitted_organisations,
      permitted_groups = excluded.permitted_groups, t_start = excluded.t_start, t_end = excluded.t_end,
      known_from = excluded.known_from, content_hash = excluded.content_hash,
      stored_at = now(), record = excluded.record, geom = excluded.geom
    RETURNING id
  )
  SELECT array(SELECT id FROM written) AS written, array(SELECT id FROM archived) AS archived`;

function describe(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

async function writeBatch(
  db: Db,
  batch: readonly RecordColumns[],
  records: readonly TwinRecord[],
  onWrite: PutOptions['onWrite'],
): Promise<{ written: number; archived: number }> {
  return db.transaction(async (tx) => {
    // An embedded store has one connection, whose transactions run one at a time: nothing to lock.
    if (db.engine === 'postgres') await tx.query(LOCK_IDS, [batch.map((row) => row.id)]);
    const [ids] = await tx.query<{ written: string[]; archived: string[] }>(UPSERT, [JSON.stringify(batch)]);
    const written = new Set(ids?.written ?? []);
    const archived = new Set(ids?.archived ?? []);
    if (onWrite) {
      await onWrite({
        written: records
          .filter((record) => written.has(record.id))
          .map((record) => ({ change: archived.has(record.id) ? 'changed' : 'added', record })),
        unchanged: records.filter((record) => !written.has(record.id)).map((record) => record.id),
      });
    }
    return { written: written.size, archived: archived.size };
  });
}

/** Validates and stores records; see {@link PutReport}. */
export async function putRecords(
  db: Db,
  records: Iterable<unknown> | AsyncIterable<unknown>,
  options: PutOptions = {},
): Promise<PutReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a positive integer');
  const report: Mutable<PutReport> = {
    received: 0,
    stored: 0,
    changed: 0,
    unchanged: 0,
    rejected: 0,
    rejections: [],
    batches: 0,
  };
  let batch: RecordColumns[] = [];
  let kept: TwinRecord[] = [];
  let ids = new Set<string>();
  const flush = async () => {
    if (batch.length === 0) return;
    const { written, archived } = await writeBatch(db, batch, kept, options.onWrite);
    report.stored += written;
    report.changed += archived;
    report.unchanged += batch.length - written;
    report.batches += 1;
    batch = [];
    kept = [];
    ids = new Set();
    options.onBatch?.({ ...report, rejections: [...report.rejections] });
  };
  for await (const value of records) {
    const index = report.received;
    report.received += 1;
    const parsed = TwinRecordSchema.safeParse(value);
    if (!parsed.success) {
      report.rejected += 1;
      if (report.rejections.length < MAX_KEPT_REJECTIONS) {
        const id = (value as { id?: unknown } | null)?.id;
        report.rejections.push({
          index,
          ...(typeof id === 'string' ? { id } : {}),
          reason: describe(parsed.error.issues),
        });
      }
      continue;
    }
    const record = parsed.data as TwinRecord;
    // One statement cannot upsert an id twice, so a repeated id starts the next batch.
    if (ids.has(record.id)) await flush();
    batch.push(columnsOf(record));
    kept.push(record);
    ids.add(record.id);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return report;
}
