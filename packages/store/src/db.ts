/**
 * The one database interface the store speaks, over two drivers: PGlite with PostGIS (embedded: a
 * folder, IndexedDB or memory) and a PostgreSQL + PostGIS server through `postgres`. The store's SQL
 * is the same for both; only opening, transactions and closing differ.
 */
// The drivers load when a store of theirs is opened: a browser app never loads the server driver
// (Node-only), and a server store never loads PGlite's WebAssembly.
import type { PGlite } from '@electric-sql/pglite';
import type postgres from 'postgres';

/** A parameter value: the store passes text, numbers, text arrays and null (JSON travels as text). */
export type SqlValue = string | number | boolean | null | readonly string[];

/** A connection or a transaction: parameterised queries and multi-statement scripts. */
export interface Sql {
  query<T extends object>(text: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  script(text: string): Promise<void>;
}

/** An open database: a {@link Sql} that can also run transactions and be closed. */
export interface Db extends Sql {
  readonly engine: 'pglite' | 'postgres';
  transaction<T>(run: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Opens an embedded PGlite database with PostGIS: `dataDir` a folder, `idb://name`, or memory when undefined. */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  const [{ PGlite }, { postgis }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-postgis'),
  ]);
  const pg = await PGlite.create({ ...(dataDir === undefined ? {} : { dataDir }), extensions: { postgis } });
  await pg.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    async query<T extends object>(text: string, params: readonly SqlValue[] = []) {
      return (await target.query<T>(text, [...params])).rows;
    },
    async script(text: string) {
      await target.exec(text);
    },
  });
  return {
    engine: 'pglite',
    ...wrap(pg),
    transaction: (run) => pg.transaction((tx) => run(wrap(tx))),
    close: () => pg.close(),
  };
}

/**
 * Connects to a PostgreSQL + PostGIS server. `schema`, when given, is created if missing and put
 * first on the search path (PostGIS stays reachable in `public`), so several stores can share a database.
 */
export async function openServer(url: string, schema: string | undefined): Promise<Db> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(url, {
    max: 4,
    onnotice: () => {},
    ...(schema === undefined ? {} : { connection: { search_path: `"${schema}", public` } }),
  });
  if (schema !== undefined) {
    // Two openers at once race even with IF NOT EXISTS; the lock (held to the transaction's end)
    // makes the second wait and find the schema made.
    await sql.begin(async (tx) => {
      await tx.unsafe(`SELECT pg_advisory_xact_lock(hashtext('ldn-twin-store-schema'))`);
      await tx.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    });
  }
  const wrap = (target: postgres.Sql | postgres.TransactionSql): Sql => ({
    async query<T extends object>(text: string, params: readonly SqlValue[] = []) {
      const rows = await target.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return [...rows] as unknown as T[];
    },
    async script(text: string) {
      await target.unsafe(text).simple();
    },
  });
  return {
    engine: 'postgres',
    ...wrap(sql),
    transaction: async <T>(run: (tx: Sql) => Promise<T>) => (await sql.begin((tx) => run(wrap(tx)))) as T,
    close: () => sql.end(),
  };
}
