import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { openStore, type StoreLocation } from '@ldn-twin/store';
import { describe, expect, it } from 'vitest';
import { application, ENGINES, freshStoreFolder, SERVER_URL } from './fixtures.ts';

const TOTAL = 20_000;
const BATCH = 2_000;

/** Runs the put in a child process and kills it (SIGKILL) while the batch after the first commit is being written. */
function putAndKill(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        new URL('./support/source-hooks.mjs', import.meta.url).pathname,
        new URL('./support/put-until-killed.ts', import.meta.url).pathname,
        ...args,
        String(TOTAL),
        String(BATCH),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let committed = 0;
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
      const match = /committed (\d+)\n/.exec(output);
      if (match !== null && committed === 0) {
        committed = Number(match[1]);
        // The next batch is validated, then written in one transaction: kill it on its way.
        setTimeout(() => child.kill('SIGKILL'), 150);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (output.includes('done')) reject(new Error('the put finished before it was killed'));
      else if (signal !== 'SIGKILL') reject(new Error(`the child exited without being killed: ${output}`));
      else resolve(committed);
    });
  });
}

describe.each(ENGINES)('a put killed mid-batch on $engine', ({ engine }) => {
  it('leaves the store as it was before the batch: whole batches only', async () => {
    const dir = engine === 'pglite' ? await freshStoreFolder() : undefined;
    const schema = `crash_${process.pid}_${Date.now()}`;
    const location: StoreLocation = dir === undefined ? { url: SERVER_URL ?? '', schema } : { path: dir };
    try {
      // The store exists before the child opens it (the folder is a copy of an empty one), so the
      // child's time goes to the put.
      if (dir === undefined) await (await openStore(location)).close();
      const committed = await putAndKill(dir === undefined ? [SERVER_URL ?? '', schema] : [dir, '-']);
      expect(committed).toBe(BATCH);

      const store = await openStore(location);
      const count = await store.count();
      expect(count % BATCH).toBe(0);
      expect(count).toBeGreaterThanOrEqual(committed);
      expect(count).toBeLessThan(TOTAL);
      // What was committed is whole and readable, and the put can simply be run again.
      expect(await store.get(application(count - 1).id)).toEqual(application(count - 1));
      expect(await store.get(application(count).id)).toBeUndefined();
      const rerun = await store.put(
        (function* () {
          for (let n = 0; n < count + 10; n += 1) yield application(n);
        })(),
      );
      expect(rerun).toMatchObject({ unchanged: count, stored: 10 });
      await store.close();
    } finally {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});

describe.skipIf(SERVER_URL === undefined)('two concurrent writers to a server store', () => {
  it('lose no update: every state either wrote is kept, current or in the history', async () => {
    const schema = `conc_${process.pid}_${Date.now()}`;
    const location = { url: SERVER_URL ?? '', schema };
    const [a, b] = await Promise.all([openStore(location), openStore(location)]);
    const ids = Array.from({ length: 300 }, (_, n) => n);
    await a.put(ids.map((n) => application(n)));
    const writer = (status: string, day: string) =>
      ids.map((n) => application(n, { status, recordedAt: `2026-0${day}-01T00:00:00Z` }));
    // Small batches interleave the two writers' transactions on the same ids.
    const [ra, rb] = await Promise.all([
      a.put(writer('Approved', '3'), { batchSize: 25 }),
      b.put(writer('Refused', '4'), { batchSize: 25 }),
    ]);
    expect(ra.stored + rb.stored).toBe(2 * ids.length);
    expect(ra.changed + rb.changed).toBe(2 * ids.length);
    for (const n of [0, 137, 299]) {
      const history = await a.history(application(n).id);
      const statuses = history.map((v) =>
        v.record.featureType === 'PlanningApplication' ? v.record.properties.attributes.status : '',
      );
      expect(statuses[0]).toBe('Registered');
      expect(statuses.slice(1).sort()).toEqual(['Approved', 'Refused']);
    }
    await Promise.all([a.close(), b.close()]);
  }, 120_000);
});
