/**
 * The store's `openStore` module (packages/store/src/store.ts, which the package's index and its CLI
 * commands import), for the CLI's tests, with an `openStore` that opens each store folder once per test file and keeps its
 * PGlite database open for the file's later opens (a CLI test runs several commands on one folder,
 * each opening it): starting PGlite with PostGIS takes seconds of CPU each time. Every open still
 * migrates and builds the store as `openStore` does, and closing a store leaves the database open;
 * the databases close after the file's tests. Server stores (`url`) open as usual. The CLI binary
 * opens every folder afresh (bin.test.ts, the `built` project), and so do the store's own tests.
 *
 * @example
 * ```ts
 * // in packages/cli/test/*.test.ts
 * vi.mock('../../store/src/store.ts', async (importOriginal) =>
 *   (await import('../../../test/support/held-stores.ts')).holdingStores(await importOriginal()),
 * );
 * ```
 */
import { resolve } from 'node:path';
import { afterAll } from 'vitest';
import { type Db, openPglite } from '../../packages/store/src/db.ts';
import type * as storeModule from '../../packages/store/src/store.ts';

type StoreModule = typeof storeModule;

/** The module as given, its `openStore` holding each folder's database open (see the file's TSDoc). */
export function holdingStores(real: StoreModule): StoreModule {
  const held = new Map<string, Promise<Db>>();
  afterAll(async () => {
    for (const db of held.values()) await (await db).close();
  });
  const openStore: StoreModule['openStore'] = async (options) => {
    if (options.path === undefined) return real.openStore(options);
    const path = resolve(options.path);
    let db = held.get(path);
    if (db === undefined) {
      db = openPglite(path);
      held.set(path, db);
    }
    return real.storeOver({ ...(await db), close: async () => {} }, options);
  };
  return { ...real, openStore };
}
