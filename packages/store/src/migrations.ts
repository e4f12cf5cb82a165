/**
 * The store's schema, as numbered migrations. A store records its version in `store_meta`; opening
 * applies every later migration in one transaction each, so an old store is upgraded in place and a
 * failed migration leaves it at its previous version. No record or version is ever dropped; an
 * index may be, when a query no longer needs it.
 */
import type { Db } from './db.js';

/** One schema step: its version and the SQL that takes a store from the previous version to it. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** The store's migrations, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'current records and their earlier versions',
    sql: `
      CREATE TABLE records (
        id text PRIMARY KEY,
        kind text NOT NULL,
        connector text,
        borough text,
        classification text NOT NULL,
        permitted_organisations text[],
        permitted_groups text[],
        t_start timestamptz,
        t_end timestamptz,
        known_from timestamptz NOT NULL,
        content_hash text NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        record jsonb NOT NULL,
        geom geometry(Geometry, 4326)
      );
      CREATE INDEX records_kind ON records (kind);
      CREATE INDEX records_geom ON records USING gist (geom);
      CREATE INDEX records_geog ON records USING gist ((geom::geography));
      CREATE TABLE record_versions (
        id text NOT NULL,
        kind text NOT NULL,
        connector text,
        borough text,
        classification text NOT NULL,
        permitted_organisations text[],
        permitted_groups text[],
        t_start timestamptz,
        t_end timestamptz,
        known_from timestamptz NOT NULL,
        known_to timestamptz NOT NULL,
        content_hash text NOT NULL,
        stored_at timestamptz NOT NULL,
        superseded_at timestamptz NOT NULL DEFAULT now(),
        record jsonb NOT NULL,
        geom geometry(Geometry, 4326)
      );
      CREATE INDEX record_versions_id ON record_versions (id, known_from);`,
  },
  {
    version: 2,
    description: 'sync checkpoints per source, and lookups by connector and borough',
    sql: `
      CREATE TABLE checkpoints (
        source text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX records_connector ON records (connector);
      CREATE INDEX records_borough ON records (borough);`,
  },
  {
    version: 3,
    description: 'the access log: one hash-chained entry per query, never updated or deleted',
    sql: `
      CREATE TABLE access_log (
        seq bigint PRIMARY KEY,
        entry text NOT NULL,
        hash text NOT NULL
      );
      CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'access_log is append-only'; END $$;
      CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON access_log
        FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only();`,
  },
  {
    version: 4,
    description: 'the policy registry: the ODRL policies records name, by uid',
    sql: `
      CREATE TABLE policies (
        uid text PRIMARY KEY,
        policy jsonb NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
  {
    version: 5,
    description:
      'near queries use the geometry index with a lon/lat box around the point; the geography index goes (about a fifth of an embedded put in CPU time)',
    sql: 'DROP INDEX IF EXISTS records_geog;',
  },
];

/** The schema version a store opened by this release has. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The schema version of an open store (0 for an empty database). */
export async function schemaVersion(db: Db): Promise<number> {
  // Under the migration lock: two openers creating the table at once race even with IF NOT EXISTS.
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ldn-twin-store-migrate'))`);
    await tx.script('CREATE TABLE IF NOT EXISTS store_meta (key text PRIMARY KEY, value text NOT NULL)');
  });
  const rows = await db.query<{ value: string }>(`SELECT value FROM store_meta WHERE key = 'schema_version'`);
  return rows[0] === undefined ? 0 : Number(rows[0].value);
}

/**
 * Applies the migrations after the store's version, up to `target` (default: the latest), each in
 * its own transaction; concurrent openers of a server store wait on a lock and apply each step once.
 *
 * @returns the version the store is at afterwards.
 */
export async function migrate(db: Db, target = SCHEMA_VERSION): Promise<number> {
  let version = await schemaVersion(db);
  if (version > SCHEMA_VERSION) {
    throw new RangeError(
      `the store has schema version ${version}, newer than this release of @ldn-twin/store knows (${SCHEMA_VERSION}); upgrade the package`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= version || migration.version > target) continue;
    version = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('ldn-twin-store-migrate'))`);
      const rows = await tx.query<{ value: string }>(
        `SELECT value FROM store_meta WHERE key = 'schema_version'`,
      );
      const current = rows[0] === undefined ? 0 : Number(rows[0].value);
      if (current >= migration.version) return current;
      await tx.script(migration.sql);
      await tx.query(
        `INSERT INTO store_meta (key, value) VALUES ('schema_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(migration.version)],
      );
      return migration.version;
    });
  }
  return version;
}
