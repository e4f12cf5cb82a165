/**
 * The store engines the suite runs against: embedded always, the server when a URL is given (CI
 * always gives one: with LDN_TWIN_REQUIRE_POSTGRES=1, as scripts/ldn.sh sets it, a missing URL fails here).
 */
import { cp, mkdtemp } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openStore, type Store } from '@ldn-twin/store';
import { inject } from 'vitest';

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
export async function freshStoreFolder(): Promise<string> {
  const template = inject('storeTemplate');
  const dir = await mkdtemp(join(dirname(template), 'store-'));
  await cp(template, dir, { recursive: true });
  return dir;
}

let schemas = 0;
/** A fresh, empty store of the engine: a {@link freshStoreFolder} for PGlite, a new schema on the server. */
export async function freshStore(
  engine: 'pglite' | 'postgres',
  options: { readonly now?: () => Date } = {},
): Promise<Store> {
  if (engine === 'pglite') return openStore({ path: await freshStoreFolder(), ...options });
  schemas += 1;
  const schema = `t_${process.pid}_${Date.now().toString(36)}_${schemas}`;
  return openStore({ url: SERVER_URL ?? '', schema, ...options });
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
