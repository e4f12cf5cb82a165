import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPEN_ACCESS, type TwinRecord, twinId } from '@ldn-twin/core';
import { openStore } from '@ldn-twin/store';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { run } from './support/run.ts';

// Each folder's PGlite opened once for the file's commands (test/support/held-stores.ts).
vi.mock('../../store/src/store.ts', async (importOriginal) =>
  (await import('../../../test/support/held-stores.ts')).holdingStores(await importOriginal()),
);

const record = (n: number, classification: 'open' | 'official'): TwinRecord => ({
  type: 'Feature',
  id: twinId('PlanningApplication', 'lpa-test', `24/0000${n}/FUL`),
  featureType: 'PlanningApplication',
  geometry: { type: 'Point', coordinates: [-0.1146, 51.4613] },
  time: null,
  properties: {
    kind: 'PlanningApplication',
    name: `Application ${n}`,
    identifiers: [],
    recordedAt: '2026-01-01T00:00:00Z',
    locationPrecision: 'exact',
    relations: [],
    provenance: {
      publisher: 'Test authority',
      dataset: 'applications',
      retrievedAt: '2026-12-01T00:00:00Z',
      method: 'reported',
    },
    licence: { id: 'OGL-UK-3.0', attribution: ['Contains public sector information'] },
    access: classification === 'open' ? OPEN_ACCESS : { classification },
    attributes: {
      reference: `24/0000${n}/FUL`,
      authority: 'Test authority',
      status: 'Registered',
      extra: {},
    },
  },
});

describe('ldn-twin audit', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ldn-cli-audit-'));
    // A copy of the empty store the run made once (a new store's PostGIS takes seconds to create).
    await cp(inject('storeTemplate'), join(dir, 'store'), { recursive: true });
    const store = await openStore({ path: join(dir, 'store') });
    await store.put([record(1, 'open'), record(2, 'open'), record(3, 'official')]);
    for await (const _ of store.query({ purpose: 'research' })) {
      // read every record: one access
    }
    await store.get(record(3, 'official').id);
    await store.close();
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('verify says how many entries verified and the head to publish', async () => {
    const { code, out } = await run(['audit', 'verify', '--store', join(dir, 'store')]);
    expect(code).toBe(0);
    expect(out).toMatch(/^access log verifies: 2 entries; head [0-9a-f]{64}\n$/);
    const wrongHead = await run(['audit', 'verify', '--store', join(dir, 'store'), '--head', 'f'.repeat(64)]);
    expect(wrongHead.code).toBe(2);
    expect(wrongHead.err).toMatch(/^ldn-twin: access log fails at entry 3: no entry has the published head/);
  }, 60_000);

  it('report writes the Markdown, JSON and chart for the period', async () => {
    const outDir = join(dir, 'report');
    // Yesterday to tomorrow: the accesses were made today, whatever the clock says now.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const { code, out } = await run([
      'audit',
      'report',
      '--store',
      join(dir, 'store'),
      '--from',
      day(-1),
      '--to',
      day(1),
      '--out',
      outDir,
    ]);
    expect(code).toBe(0);
    expect(out).toContain('access-report.md');
    const json = JSON.parse(await readFile(join(outDir, 'access-report.json'), 'utf8'));
    expect(json).toMatchObject({
      accesses: 2,
      byPurpose: [
        { name: '(not stated)', accesses: 1 },
        { name: 'research', accesses: 1, shown: 2 },
      ],
      denials: [{ reason: 'clearance', accesses: 2, records: 2 }],
    });
    expect(await readFile(join(outDir, 'access-report.md'), 'utf8')).toContain(
      '| applications | 1 | 2 | 2 |',
    );
    expect(await readFile(join(outDir, 'accesses.svg'), 'utf8')).toMatch(/^<svg [^>]*>/);
  }, 60_000);

  it('rejects bad input with one line and exit 1', async () => {
    expect(await run(['audit', 'verify'])).toMatchObject({ code: 1, err: /audit: give --store/ });
    expect(await run(['audit', 'report', '--store', join(dir, 'store')])).toMatchObject({
      code: 1,
      err: 'ldn-twin: audit report needs --from DATE --to DATE\n',
    });
    expect(await run(['audit', 'check', '--store', join(dir, 'store')])).toMatchObject({
      code: 1,
      err: /^ldn-twin: audit check: use audit verify or audit report/,
    });
  }, 60_000);
});
