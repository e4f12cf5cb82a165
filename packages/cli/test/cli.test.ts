import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '@ldn-twin/cli';
import { describe, expect, it } from 'vitest';

async function run(args: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const code = await main(args, { stdout, stderr, env });
  return { code, out, err };
}

const site = ['--point', '-0.1198903,51.4922191'];
// The bundled archive holds real responses for these two sources only (see the README).
const recorded = ['--sources', 'constraints,borough'];
const offlineArchive = new URL('../data/offline.har', import.meta.url);

describe('ldn-twin connectors', () => {
  it('lists every connector with its licence, auth and key variable', async () => {
    const { code, out } = await run(['connectors', '--format', 'json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as { id: string; env: string; auth: string }[];
    expect(rows.map((r) => r.id)).toEqual(
      expect.arrayContaining(['planning-data', 'tfl', 'police', 'os-ngd']),
    );
    expect(rows.find((r) => r.id === 'tfl')?.env).toBe('LDN_TWIN_TFL_APP_KEY');
  });
});

describe('ldn-twin ask restrictions --offline', () => {
  it('answers for people as a table with sources and attribution', async () => {
    const { code, out } = await run(['ask', 'restrictions', ...site, ...recorded, '--offline']);
    expect(code).toBe(0);
    expect(out).toMatch(/in Lambeth \(E09000022\), Inner London/);
    expect(out).toContain('- conservation area: Albert Embankment');
    expect(out).toMatch(/answered +planning constraints \(planning\.data\.gov\.uk\) \(4 records/);
    expect(out).toContain('Attribution:');
    expect(out).toContain('Contains Ordnance Survey data © Crown copyright and database right');
  });

  it.each([
    ['json', (out: string) => expect(JSON.parse(out).records).toHaveLength(5)],
    [
      'geojson',
      (out: string) =>
        expect(JSON.parse(out)).toMatchObject({ type: 'FeatureCollection', features: { length: 5 } }),
    ],
    [
      'ndjson',
      (out: string) =>
        expect(
          out
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l).type),
        ).toEqual(Array(5).fill('Feature')),
    ],
    ['csv', (out: string) => expect(out.trim().split('\r\n')).toHaveLength(6)],
  ])('writes %s', async (format, check) => {
    const { code, out } = await run([
      'ask',
      'restrictions',
      ...site,
      ...recorded,
      '--offline',
      '--format',
      format,
    ]);
    expect(code).toBe(0);
    check(out);
  });

  it('writes to --out', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ldn-twin-')), 'answer.geojson');
    const { code, out } = await run([
      'ask',
      'restrictions',
      ...site,
      ...recorded,
      '--offline',
      '--format',
      'geojson',
      '--out',
      file,
    ]);
    expect(code).toBe(0);
    expect(out).toBe('');
    expect(JSON.parse(readFileSync(file, 'utf8')).features).toHaveLength(5);
  });

  it('answers in part (exit 3) and names the failed source when planning.data answers 500', async () => {
    const archive = JSON.parse(readFileSync(offlineArchive, 'utf8'));
    for (const entry of archive.log.entries) {
      if (new URL(entry.request.url).pathname === '/entity.json') {
        entry.response.status = 500;
        entry.response.content.text = '{"detail":"Internal Server Error"}';
      }
    }
    const file = join(mkdtempSync(join(tmpdir(), 'ldn-twin-')), 'failing.har');
    writeFileSync(file, JSON.stringify(archive));
    const { code, out } = await run(['ask', 'restrictions', ...site, ...recorded, '--har-replay', file]);
    expect(code).toBe(3);
    expect(out).toMatch(
      /failed +planning constraints \(planning\.data\.gov\.uk\) \(HTTP: GET .* answered 500/,
    );
    expect(out).toMatch(/answered +borough/);
  });
});

describe('ldn-twin ask restrictions --offline, every source', () => {
  it('answers in part and names the sources the archive holds no response for', async () => {
    const { code, out } = await run(['ask', 'restrictions', ...site, '--offline']);
    expect(code).toBe(3);
    expect(out).toMatch(/failed +flood warnings in force nearby \(Environment Agency\) \(HAR_NO_MATCH/);
    expect(out).toMatch(/answered +planning constraints/);
  });
});

describe('ldn-twin ask energy --offline', () => {
  it("gives London's carbon intensity now from the recorded response", async () => {
    const { code, out } = await run(['ask', 'energy', '--horizon', 'current', '--offline']);
    expect(code).toBe(0);
    expect(out).toMatch(/^1\. 2021-12-13T16:30:00Z to 2021-12-13T17:00:00Z: 435 gCO2\/kWh on average$/m);
    expect(out).toMatch(/CC BY 4\.0/);
  });
});

describe('bad input and missing keys', () => {
  it.each([
    [['ask', 'restrictions', '--point', '-1.2577,51.752', '--offline'], /outside Greater London/],
    [['ask', 'restrictions', '--borough', 'Gotham', '--offline'], /unknown borough "Gotham"/],
    [['ask', 'restrictions', '--grid-ref', 'ZZ 12', '--offline'], /ZZ/],
    [['ask', 'restrictions', '--point', 'here', '--offline'], /expected lon,lat/],
    [['ask', 'restrictions', ...site, '--format', 'xml'], /unknown format "xml"/],
    [['ask', 'everything', ...site], /unknown question "everything"/],
    [['fetch', 'nope', 'x'], /unknown connector "nope"/],
  ])('%j exits 1 with a clear message', async (args, message) => {
    const { code, err } = await run(args);
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });

  it('says which variable a question needs when its key is missing', async () => {
    const { code, err } = await run(['ask', 'retrofit', '--borough', 'Hammersmith and Fulham']);
    expect(code).toBe(1);
    expect(err).toMatch(/epc needs the environment variable LDN_TWIN_EPC_EMAIL/);
  });

  it('says which variable to set when a key is missing', async () => {
    const { code, err } = await run([
      'fetch',
      'os-ngd',
      'buildings',
      '--param',
      'bbox=[-0.12,51.5,-0.11,51.51]',
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/os-ngd needs the environment variable LDN_TWIN_OS_API_KEY/);
  });
});

describe('access labels in the CLI', () => {
  // The hand-made asset file in the underground-assets fixtures (restricted by default when imported).
  const assets = readFileSync(
    new URL(
      '../../connectors/test/fixtures/underground-assets/example-water-mains-bng.geojson',
      import.meta.url,
    ),
    'utf8',
  );
  const importAssets = (...extra: string[]) =>
    run(
      [
        'fetch',
        'underground-assets',
        'importGeoJson',
        '--param',
        'dataset=water-mains',
        '--param',
        `featureCollection=${assets}`,
        '--param',
        'map={"id":"asset_id","assetType":"asset_type","owner":"owner"}',
        '--format',
        'ndjson',
        ...extra,
      ],
      { LDN_TWIN_UNDERGROUND_ORGANISATION: 'lb-camden' },
    );

  it('withholds restricted records from the public by default', async () => {
    const { code, out } = await importAssets();
    expect(code).toBe(0);
    expect(out).toBe('');
  });

  it('shows them to a cleared viewer of the permitted organisation', async () => {
    const { code, out } = await importAssets(
      '--audience',
      'official-sensitive',
      '--organisation',
      'lb-camden',
    );
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(JSON.parse(lines[0]!).properties.access).toMatchObject({ classification: 'official-sensitive' });
    const other = await importAssets('--audience', 'official-sensitive', '--organisation', 'lb-hackney');
    expect(other.out).toBe('');
  });

  it('refuses an unknown audience', async () => {
    const { code, err } = await importAssets('--audience', 'everyone');
    expect(code).toBe(1);
    expect(err).toMatch(/--audience everyone: use open, official/);
  });
});

describe('ldn-twin fetch', () => {
  it('runs any operation with --param values, offline', async () => {
    const { code, out } = await run([
      'fetch',
      'planning-data',
      'dataset',
      '--param',
      'dataset=conservation-area',
      '--offline',
      '--format',
      'ndjson',
    ]);
    expect(code).toBe(0);
    const [record] = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(record).toMatchObject({ featureType: 'Dataset', properties: { name: 'Conservation area' } });
  });
});
