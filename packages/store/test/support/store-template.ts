/**
 * vitest global setup: the embedded databases the store's, the CLI's and the questions' tests copy
 * instead of each making their own, made once per run. Creating PostGIS in a new PGlite database is
 * most of a new store's cost; a copy of the folder opens in a fraction of it. Two folders:
 * - `postgisTemplate`: PostGIS created, nothing else; each test file opens one copy and makes its
 *   stores in schemas of their own in it (`freshStore` in ../fixtures.ts);
 * - `storeTemplate`: that, plus an empty store at the latest schema version (migrated from nothing by
 *   `openStore`), for the tests that need a store in a folder (`freshStoreFolder`, the CLI's).
 * The tests about opening from nothing (store.test.ts) and about migrating still start from nothing.
 * The run's folder, copies included, is removed after the run.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@ldn-twin/store';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../../src/db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder holding an empty store at the latest schema version: copy it, never open it. */
    storeTemplate: string;
    /** A folder holding a PGlite database with PostGIS created and no store: copy it, never open it. */
    postgisTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'ldn-twin-stores-'));
  const postgis = join(dir, 'postgis');
  await (await openPglite(postgis)).close();
  const template = join(dir, 'template');
  await cp(postgis, template, { recursive: true });
  await (await openStore({ path: template })).close();
  project.provide('postgisTemplate', postgis);
  project.provide('storeTemplate', template);
  return () => rm(dir, { recursive: true, force: true });
}
