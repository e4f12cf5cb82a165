/**
 * vitest global setup: one empty embedded store, made once per run by `openStore` in a folder
 * (migrated from nothing, PostGIS created), which tests copy instead of each making their own
 * (`freshStoreFolder` in ../fixtures.ts). Creating PostGIS in a new PGlite database is most of a new
 * store's cost; a copy of the folder opens in a fraction of it. The tests about opening from nothing
 * (store.test.ts) and about migrating still start from nothing. The run's folder, copies included,
 * is removed after the run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@ldn-twin/store';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder holding an empty store at the latest schema version: copy it, never open it. */
    storeTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'ldn-twin-stores-'));
  const template = join(dir, 'template');
  await (await openStore({ path: template })).close();
  project.provide('storeTemplate', template);
  return () => rm(dir, { recursive: true, force: true });
}
