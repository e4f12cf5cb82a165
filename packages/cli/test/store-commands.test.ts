import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_SHARED_ASSETS_POLICY, twinRecord } from '@ldn-twin/core';
import { openStore } from '@ldn-twin/store';
import { describe, expect, inject, it, vi } from 'vitest';
import { run } from './support/run.ts';

// Each folder's PGlite opened once for the file's commands (test/support/held-stores.ts).
vi.mock('../../store/src/store.ts', async (importOriginal) =>
  (await import('../../../test/support/held-stores.ts')).holdingStores(await importOriginal()),
);

/**
 * A store folder in `dir`: a copy of the empty store the run made once (a new PGlite store's PostGIS
 * takes seconds to create; the CLI opens a folder the same way, new or not).
 */
async function emptyStore(dir: string): Promise<string> {
  const store = join(dir, 'store');
  await cp(inject('storeTemplate'), store, { recursive: true });
  return store;
}

/** TfL's recorded London-wide road disruptions (the bundled archive): the count is known from it. */
const har = JSON.parse(readFileSync(new URL('../data/offline.har', import.meta.url), 'utf8')) as {
  log: { entries: { request: { url: string }; response: { content: { text: string } } }[] };
};
const roads = JSON.parse(
  har.log.entries.find((e) => e.request.url === 'https://api.tfl.gov.uk/Road/all/Disruption')!.response
    .content.text,
) as { id: string }[];

describe('ldn-twin store policies', () => {
  it('keeps the policies of --policies FILE in the store and lists them; a bad file stores nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldn-twin-policies-'));
    const store = await emptyStore(dir);
    const empty = await run(['store', 'policies', '--store', store]);
    expect(empty).toMatchObject({ code: 0, out: '' });
    expect(empty.err).toBe('ldn-twin: 0 policies stored; the store holds 0\n');

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([EXAMPLE_SHARED_ASSETS_POLICY, { uid: 'not a policy' }]));
    const refused = await run(['store', 'policies', '--store', store, '--policies', bad]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^ldn-twin: --policies .*bad\.json: /);
    expect(refused.err.trim().split('\n')).toHaveLength(1);

    const good = join(dir, 'terms.json');
    writeFileSync(good, JSON.stringify([EXAMPLE_SHARED_ASSETS_POLICY]));
    const kept = await run(['store', 'policies', '--store', store, '--policies', good]);
    expect(kept).toMatchObject({ code: 0, out: `${EXAMPLE_SHARED_ASSETS_POLICY.uid}\n` });
    expect(kept.err).toBe('ldn-twin: 1 policies stored; the store holds 1\n');
    const held = await openStore({ path: store });
    try {
      expect(await held.policies.get(EXAMPLE_SHARED_ASSETS_POLICY.uid)).toEqual(EXAMPLE_SHARED_ASSETS_POLICY);
    } finally {
      await held.close();
    }
  }, 240_000);
});

describe('ldn-twin sync, watch and store (offline, an embedded store in a folder)', () => {
  it('watches (every record added), syncs without repeating what the store holds, queries and exports', async () => {
    const store = await emptyStore(mkdtempSync(join(tmpdir(), 'ldn-twin-store-')));
    const watched = await run([
      'watch',
      'tfl',
      'roadDisruptions',
      '--store',
      store,
      '--offline',
      '--polls',
      '1',
    ]);
    expect(watched.code).toBe(0);
    const changes = watched.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; record: { id: string } });
    expect(changes).toHaveLength(roads.length);
    expect(new Set(changes.map((c) => c.type))).toEqual(new Set(['added']));
    expect(watched.err).toContain(`watch: 1 poll (0 failed): ${roads.length} added, 0 changed, 0 removed`);

    // The store already holds every disruption: the sync writes nothing.
    const sync = await run(['sync', 'tfl', 'roadDisruptions', '--store', store, '--offline']);
    expect(sync.code).toBe(0);
    expect(sync.err).toMatch(
      new RegExp(
        `^tfl\\.roadDisruptions \\{\\}: ${roads.length} received, ${roads.length} mapped, 0 failed; 0 stored \\(0 changed\\), ${roads.length} unchanged`,
      ),
    );

    const query = await run(['store', 'query', '--store', store, '--connector', 'tfl']);
    expect(query.code).toBe(0);
    const ids = query.out
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids.sort()).toEqual(changes.map((c) => c.record.id).sort());

    const file = join(tmpdir(), `ldn-twin-export-${process.pid}.geojson`);
    const exported = await run(['store', 'export', '--store', store, '--format', 'geojson', '--out', file]);
    expect(exported.code).toBe(0);
    expect(exported.err).toBe(`ldn-twin: ${roads.length} records written to ${file}\n`);
    expect(JSON.parse(readFileSync(file, 'utf8')).features).toHaveLength(roads.length);
  }, 120_000);

  it('keeps a record whose terms prohibit distribution out of every export, for any audience', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldn-twin-terms-'));
    const store = await emptyStore(dir);
    const policies = join(dir, 'policies.json');
    writeFileSync(policies, JSON.stringify([EXAMPLE_SHARED_ASSETS_POLICY]));
    // Two open records by construction: one under the shared-assets terms (never distributed), one free.
    const record = (local: string, terms?: string) =>
      twinRecord('Facility', {
        id: ['test', local],
        geometry: { type: 'Point', coordinates: [-0.1146, 51.4613] },
        name: local,
        provenance: {
          publisher: 'Test',
          dataset: 'assets',
          retrievedAt: '2026-12-01T00:00:00Z',
          method: 'reported',
        },
        licence: { id: 'OGL-UK-3.0', attribution: ['Test'] },
        ...(terms ? { access: { classification: 'open', policies: [terms] } } : {}),
        attributes: { facilityType: 'test' },
      });
    const opened = await openStore({ path: store });
    await opened.put([record('shared', EXAMPLE_SHARED_ASSETS_POLICY.uid), record('free')]);
    await opened.close();
    const party = ['--audience', 'official', '--organisation', 'lambeth', '--purpose', 'safe-digging'];
    // Every format for the party the terms name; the public once (its export is the same code path).
    for (const [format, who] of [
      ['ndjson', []],
      ['ndjson', party],
      ['csv', party],
      ['geojson', party],
    ] as const) {
      const { code, out } = await run([
        'store',
        'export',
        '--store',
        store,
        '--format',
        format,
        '--policies',
        policies,
        ...who,
      ]);
      expect(code).toBe(0);
      expect(out).toContain('free');
      expect(out).not.toContain('shared');
    }
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"uid": 1}');
    const refused = await run(['store', 'query', '--store', store, '--policies', bad]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^ldn-twin: --policies .*bad\.json: expected a JSON array of ODRL policies\n$/,
    );
  }, 120_000);

  it.each([
    [['store', 'query'], /^ldn-twin: --store: give a folder or a postgres:\/\/ URL\n$/],
    [['store', 'export', '--store', '/tmp/x'], /^ldn-twin: store export: which format\?/],
    [
      ['store', 'export', '--store', '/tmp/x', '--format', 'geoparquet'],
      /--format geoparquet: give --out FILE/,
    ],
    [
      ['watch', 'tfl', 'roadDisruptions', '--store', '/tmp/x', '--polls', '0'],
      /--polls 0: give a whole number/,
    ],
    [['sync', 'tfl', 'nope', '--store', '/tmp/x'], /tfl has no operation "nope"/],
    [['ask', 'capacity', '--borough', 'Lambeth', '--year', '20x'], /--year 20x: give a year such as 2030/],
    [
      ['ask', 'retrofit', '--borough', 'Lambeth', '--store', '/tmp/ldn-twin-no-store-here'],
      /^ldn-twin: --store \/tmp\/ldn-twin-no-store-here: no store there/,
    ],
    [['ask', 'progress', '--borough', 'Lambeth', '--as-of', '2026-02-30'], /--as-of 2026-02-30: give a date/],
  ])('%j is bad input: one line, exit 1', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
  });
});

describe('ldn-twin ask … --store', () => {
  it('answers from the store, says so, and calls a place no sync covers not answered', async () => {
    const store = await emptyStore(mkdtempSync(join(tmpdir(), 'ldn-twin-ask-store-')));
    // Nothing synced: no request is made (no --offline, so one would fail differently) and nothing is claimed.
    const empty = await run(['ask', 'progress', '--borough', 'Waltham Forest', '--store', store]);
    expect(empty.code).toBe(2);
    expect(empty.out).toContain(
      'Not answered: planning applications (Planning London Datahub) (no sync in the store covers this place).',
    );
    expect(empty.out).not.toMatch(/permitted development/);
    // The archive's one constraints capture, synced as it was recorded, then asked of the store.
    const point = '-0.1198903,51.4922191';
    const { datasets } = JSON.parse(
      readFileSync(new URL('../data/offline.json', import.meta.url), 'utf8'),
    ) as {
      datasets: string[];
    };
    const sync = await run([
      'sync',
      'planning-data',
      'searchEntities',
      '--param',
      `datasets=${JSON.stringify(datasets)}`,
      '--param',
      `point=[${point}]`,
      '--param',
      'pageSize=500',
      '--store',
      store,
      '--offline',
    ]);
    expect([sync.code, sync.err]).toEqual([0, expect.stringMatching(/^planning-data\.searchEntities /)]);
    const asked = await run([
      'ask',
      'restrictions',
      '--point',
      point,
      '--sources',
      'constraints,borough',
      '--datasets',
      datasets.join(','),
      '--store',
      store,
    ]);
    expect(asked.out).toMatch(
      /From the store, not the network: planning constraints \(planning\.data\.gov\.uk\), synced \S+ \(0 hours ago\)\./,
    );
    // Retrofit and capacity read from a store too, without the key the network would need.
    const retrofit = await run(['ask', 'retrofit', '--borough', 'Hammersmith and Fulham', '--store', store]);
    expect(retrofit.code).toBe(2);
    expect(retrofit.out).toContain(
      'Not answered: domestic energy performance certificates (EPC register) (no sync in the store covers this place).',
    );
    expect(retrofit.out).not.toMatch(/certificates? of \d+ building/);
    const capacity = await run([
      'ask',
      'capacity',
      '--borough',
      'Lambeth',
      '--year',
      '2030',
      '--store',
      store,
    ]);
    expect(capacity.code).toBe(2);
    expect(capacity.out).toContain(
      'Not answered: primary substation feeding areas (UK Power Networks) (no sync in the store covers this place).',
    );
    expect(capacity.out).not.toMatch(/outruns capacity|fits the headroom/);
    const missing = await run(['ask', 'progress', '--borough', 'Lambeth', '--store', join(store, 'nope')]);
    expect([missing.code, missing.err]).toEqual([
      1,
      `ldn-twin: --store ${join(store, 'nope')}: no store there (fill one with ldn-twin sync … --store)\n`,
    ]);
  }, 120_000);
});
