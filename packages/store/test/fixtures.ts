/**
 * The store engines the suite runs against: embedded always, the server when a URL is given (CI
 * always gives one: with LDN_TWIN_REQUIRE_POSTGRES=1, as scripts/ldn.sh sets it, a missing URL fails here).
 */
import { openStore, type Store } from '@ldn-twin/store';

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

let schemas = 0;
/** A fresh, empty store of the engine: memory for PGlite, a new schema on the server. */
export async function freshStore(engine: 'pglite' | 'postgres', schemaVersion?: number): Promise<Store> {
  const version = schemaVersion === undefined ? {} : { schemaVersion };
  if (engine === 'pglite') return openStore({ memory: true, ...version });
  schemas += 1;
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${schemas}`;
  return openStore({ url: SERVER_URL ?? '', schema, ...version });
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
