/**
 * The store engines the suite runs against: embedded always, the server when a URL is given (CI
 * always gives one: with LDN_TWIN_REQUIRE_POSTGRES=1, as scripts/ldn.sh sets it, a missing URL fails here).
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openStore, type Store } from '@ldn-twin/store';
import { afterAll, inject } from 'vitest';
import { type Db, openPglite, type Sql } from '../src/db.ts';
import { storeOver } from '../src/store.ts';

export * from './records.ts';

export const SERVER_URL = process.env.LDN_TWIN_TEST_POSTGRES_URL;
if (SERVER_URL === undefined && process.env.LDN_TWIN_REQUIRE_POSTGRES === '1') {
  throw new Error(
    'LDN_TWIN_TEST_POSTGRES_URL is not set, yet scripts/ldn.sh test requires the server (scripts/postgres.sh)',
  );
}
if (SERVER_URL === undefined) {
  console.warn(
    '@ldn-twin/store: LDN_TWIN_TEST_POSTGRES_URL not set, server store tests skipped (scripts/postgres.sh starts one)',
  );
}

/**
 * A new folder holding an empty embedded store at the latest schema version: a copy of the one the
 * run made once (support/store-template.ts), in the run's folder (removed after the run).
 */
export function freshStoreFolder(): Promise<string> {
  return copyOf('storeTemplate', 'store-');
}

/** A copy of the run's template `name` (support/store-template.ts) in the run's folder. */
async function copyOf(name: 'storeTemplate' | 'postgisTemplate', prefix: string): Promise<string> {
  const template = inject(name);
  const dir = await mkdtemp(join(dirname(template), prefix));
  await cp(template, dir, { recursive: true });
  return dir;
}

/**
 * This test file's one embedded database (a copy of the PostGIS template), opened by the first
 * `freshStore('pglite')`: starting PGlite with PostGIS takes seconds of CPU each time, a schema in an
 * open one milliseconds. Closed after the file's tests.
 */
let embedded: Promise<Db> | undefined;
afterAll(async () => {
  await (await embedded)?.close();
});

/**
 * `db` with every statement run in `schema` (then PostGIS's `public`): each in a transaction that
 * sets the search path for itself, so stores in several schemas of one database may be open at once.
 */
function inSchema(db: Db, schema: string): Db {
  const scoped = <T>(run: (tx: Sql) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.script(`SET LOCAL search_path TO ${schema}, public`);
      return run(tx);
    });
  return {
    engine: db.engine,
    query: (text, params) => scoped((tx) => tx.query(text, params)),
    script: (text) => scoped((tx) => tx.script(text)),
    transaction: scoped,
    // The database stays open for the file's next store.
    close: async () => {},
  };
}

let schemas = 0;
/**
 * A fresh, empty store of the engine, in a new schema of its own (migrated from nothing to the latest
 * version, or to `schemaVersion`): on the server in the test database, embedded in this file's one
 * PGlite database.
 */
export async function freshStore(
  engine: 'pglite' | 'postgres',
  options: { readonly now?: () => Date; readonly schemaVersion?: number } = {},
): Promise<Store> {
  schemas += 1;
  if (engine === 'postgres') {
    const schema = `t_${process.pid}_${Date.now().toString(36)}_${schemas}`;
    return openStore({ url: SERVER_URL ?? '', schema, ...options });
  }
  embedded ??= copyOf('postgisTemplate', 'pglite-').then(openPglite);
  const db = await embedded;
  const schema = `store_${schemas}`;
  await db.script(`CREATE SCHEMA ${schema}`);
  return storeOver(inSchema(db, schema), options);
}

/** The engines to run, as `describe.each` rows. */
export const ENGINES: readonly { readonly engine: Store['engine'] }[] = [
  { engine: 'pglite' },
  ...(SERVER_URL === undefined ? [] : [{ engine: 'postgres' as const }]),
];

/** Collects an async iterable. */
export async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
