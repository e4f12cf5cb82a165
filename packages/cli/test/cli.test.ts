import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '@ldn-twin/cli';
import { describe, expect, it } from 'vitest';
import { harFile } from './support/har.ts';
import { run } from './support/run.ts';

const site = ['--point', '-0.1198903,51.4922191'];
// The bundled archive holds real responses for these two of the five sources (see the README).
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
    expect(out).toContain('- Conservation Area: Albert Embankment [planning.data CA57]');
    expect(out).toMatch(/answered +planning constraints \(planning\.data\.gov\.uk\) \(4 records/);
    expect(out).toContain('Attribution:');
    expect(out).toContain('Contains Ordnance Survey data © Crown copyright and database right');
  });

  it('writes the statements as text for people, and exactly as published in JSON', async () => {
    const args = ['ask', 'restrictions', ...site, ...recorded, '--offline'];
    const table = await run(args);
    const json = await run([...args, '--format', 'json']);
    const report = JSON.parse(json.out) as {
      attributions: string[];
      records: { properties: { licence: { attribution: string[] }; provenance: { retrievedAt: string } } }[];
    };
    // Historic England's statement, as planning.data publishes it: a [date] to fill and a markdown link.
    const historic = report.attributions.find((a) => a.includes('[date]'));
    expect(historic).toContain('[HistoricEngland.org.uk](https://historicengland.org.uk)');
    const carrying = report.records.filter((r) => r.properties.licence.attribution.includes(historic!));
    expect(carrying.length).toBeGreaterThan(0);
    const section = table.out.slice(table.out.indexOf('\nAttribution:\n'));
    const lines = section.split('\n').slice(2, -1);
    expect(lines).toHaveLength(report.attributions.length);
    const shown = lines.find((l) => l.includes('Historic England GIS Data'))!;
    // The day the table's run retrieved them (the JSON run's day, unless midnight fell between).
    const days = new Set([
      carrying[0]!.properties.provenance.retrievedAt.slice(0, 10),
      new Date().toISOString().slice(0, 10),
    ]);
    expect([...days].some((day) => shown.includes(`was obtained on ${day}.`))).toBe(true);
    expect(shown).toMatch(/^ {2}© Historic England \d{4}\. .* database right \d{4}\. The Historic/);
    expect(shown).toMatch(
      /can be obtained from HistoricEngland\.org\.uk \(https:\/\/historicengland\.org\.uk\)\.$/,
    );
    expect(section).not.toMatch(/\[date\]|\]\(/);
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

  it('exits 2, saying first that nothing could be asked, when planning.data answers 500 (the borough alone is no answer)', async () => {
    const archive = JSON.parse(readFileSync(offlineArchive, 'utf8'));
    for (const entry of archive.log.entries) {
      if (new URL(entry.request.url).pathname === '/entity.json') {
        entry.response.status = 500;
        entry.response.content.text = '{"detail":"Internal Server Error"}';
      }
    }
    const file = join(mkdtempSync(join(tmpdir(), 'ldn-twin-')), 'failing.har');
    writeFileSync(file, JSON.stringify(archive));
    // The datasets the archive's query asked, so the replayed (failing) response is the one matched.
    const { datasets } = JSON.parse(readFileSync(new URL('../data/offline.json', import.meta.url), 'utf8'));
    const { code, out } = await run([
      'ask',
      'restrictions',
      ...site,
      ...recorded,
      '--datasets',
      datasets.join(','),
      '--har-replay',
      file,
    ]);
    expect(code).toBe(2);
    const lines = out.split('\n');
    expect(lines[0]).toBe(
      'Nothing could be asked about 51.4922191, -0.1198903 (Lambeth): no service answered.',
    );
    expect(lines[1]).toBe('Not answered: planning constraints (planning.data.gov.uk) (HTTP 500).');
    expect(out).not.toMatch(/not found|designation/);
    // One short line per failed source in the table; the full message is in --format json.
    expect(out).toMatch(
      /^ {2}failed +planning constraints \(planning\.data\.gov\.uk\) \(HTTP: HTTP 500, \d+ ms\)$/m,
    );
    expect(out).toMatch(/answered +borough/);
  });
});

describe('ldn-twin --har-record', () => {
  // An OGC API endpoint whose key goes in a header the environment names, which no list of
  // credential header names knows. The collections document is the OGC API - Features shape (no
  // capture: the endpoint is the user's own).
  it('keeps a key under a header of its own out of the archive', async () => {
    const key = 'ogc-endpoint-K3y-0123456789';
    const endpoint = 'https://assets.example.london/ogcapi';
    const replay = harFile('ogc.har', [
      [
        `${endpoint}/collections`,
        200,
        JSON.stringify({ links: [], collections: [{ id: 'water-mains', title: 'Water mains', links: [] }] }),
      ],
    ]);
    const recordTo = join(mkdtempSync(join(tmpdir(), 'ldn-twin-')), 'recorded.har');
    const { code, err } = await run(
      ['fetch', 'ogc-features', 'collections', '--har-replay', replay, '--har-record', recordTo],
      {
        LDN_TWIN_OGC_BASE_URL: endpoint,
        LDN_TWIN_OGC_ACCESS: '{"classification":"open"}',
        LDN_TWIN_OGC_API_KEY_HEADER: 'authorization-key',
        LDN_TWIN_OGC_API_KEY: key,
      },
    );
    expect(err).toMatch(/recorded 1 exchanges/);
    expect(code).toBe(0);
    const recorded = readFileSync(recordTo, 'utf8');
    const headers = JSON.parse(recorded).log.entries[0].request.headers as { name: string; value: string }[];
    expect(headers).toContainEqual({ name: 'authorization-key', value: '[REDACTED]' });
    expect(recorded).not.toContain(key);
  });
});

describe('ldn-twin ask <question> --offline, every question', () => {
  // Only a place in Lambeth and --offline: each question answers from the bundled real captures,
  // complete, and names the sources the archive holds no capture for as not asked.
  const places = [
    ['--borough', 'Lambeth'],
    ['--point', '-0.1198903,51.4922191'],
  ];
  it.each([
    [
      'restrictions',
      /^- Listed Building grade II: Southbank House, Black Prince Road \[planning\.data 4\/38\]$/m,
    ],
    ['pipeline', /^(Lambeth|.*\(Lambeth\) within 500 m): 0 planning applications\.$/m],
    ['culture', /^(Lambeth|.*\(Lambeth\)): 0 planning applications nearby\.$/m],
    [
      'dig-once',
      /^(Lambeth|.*\(Lambeth\)), 2025-10-01 to 2025-10-20: 0 works in the window \(from \d+ records\), 0 chances to dig once\.$/m,
    ],
    // The archive's one EPC row is a Hammersmith certificate: received, never counted as Lambeth's.
    [
      'retrofit',
      /^(Lambeth|.*\(Lambeth\)): no domestic certificate in Lambeth \(of 1 the register returned\)\.\nOutside the area: 1 certificate the register returned lies outside Lambeth \(Hammersmith and Fulham: 1\): not counted\.$/m,
    ],
    ['energy', /^1\. 2021-12-13T16:30:00Z to 2021-12-13T17:00:00Z: 435 gCO2\/kWh on average$/m],
    // No real capture of UK Power Networks' feeding areas: it says it cannot assess, and why.
    [
      'capacity',
      /, \d{4}: capacity against growth cannot be assessed, because the substation feeding areas could not be asked\.$/m,
    ],
    // The one Datahub capture is Waltham Forest's: none of it is counted as Lambeth's.
    [
      'progress',
      /^(Lambeth|.*\(Lambeth\)), as of \d{4}-\d{2}-\d{2}: 0 permitted developments of 0 applications\.$/m,
    ],
  ])('ldn-twin ask %s --offline exits 0 with an answer', async (question, answer) => {
    for (const place of places) {
      const { code, out, err } = await run(['ask', question, ...place, '--offline'], {});
      expect(err).toBe('');
      expect(code).toBe(0);
      expect(out).toMatch(answer);
      expect(out).not.toMatch(/^Nothing could be asked/);
      expect(out).not.toMatch(/^ {2}failed /m);
    }
  });

  it('says which sources the archive holds no capture for, and states no negative for them', async () => {
    const { code, out } = await run(['ask', 'restrictions', ...site, '--offline']);
    expect(code).toBe(0);
    expect(out).toContain(
      'Not asked: flood warnings in force nearby (Environment Agency) (the offline archive holds no recorded response for it).',
    );
    expect(out).not.toMatch(/No flood warning/);
    // The datasets the real capture asked, and only those, are said to be checked.
    expect(out).toMatch(/^Checked and not found here: .*Ancient Woodland\.$/m);
    expect(out).not.toMatch(/not found here:.*Flood Risk Zone/);
  });
});

describe('ldn-twin ask energy --offline', () => {
  it("gives London's carbon intensity now from the recorded response", async () => {
    const { code, out } = await run(['ask', 'energy', '--offline']);
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
    [['ask', 'restrictions', ...site, '--format', 'xml'], /--format xml: use table, json/],
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
    expect(err).toMatch(/epc needs the environment variable LDN_TWIN_EPC_TOKEN/);
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

  it('withholds restricted records from the public by default, and says on stderr how many and why', async () => {
    const { code, out, err } = await importAssets();
    expect(code).toBe(0);
    expect(out).toBe('');
    // The file holds 3 mains, each labelled official-sensitive for the importing organisation.
    expect(err).toBe(
      'ldn-twin: withheld 3 of 3 records the audience (open clearance, no organisation) may not see: 3 classified official-sensitive, for lb-camden only; see --audience and --organisation\n',
    );
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
    expect(other.err).toMatch(
      /withheld 3 of 3 records the audience \(official-sensitive clearance, lb-hackney\) may not see: 3 classified official-sensitive, for lb-camden only/,
    );
  });

  it('refuses an unknown audience', async () => {
    const { code, err } = await importAssets('--audience', 'everyone');
    expect(code).toBe(1);
    expect(err).toMatch(/--audience everyone: use open, official/);
  });
});

describe('ldn-twin fetch', () => {
  it('exits 3 (answered in part) when page 2 fails after page 1 was written, naming the pages lost', async () => {
    // Page 1 is a real planning.data answer (4 entities) given a `links.next` (the field the API
    // pages by; this capture had one page, so the link is constructed); page 2 answers 404.
    const page1 = JSON.parse(
      readFileSync(
        new URL(
          '../../connectors/test/fixtures/planning-data/planningdata-entity-json-lambeth-point.json',
          import.meta.url,
        ),
        'utf8',
      ),
    );
    const base = 'https://www.planning.data.gov.uk/entity.json?dataset=conservation-area';
    page1.links = { next: `${base}&offset=4` };
    const file = harFile('pages.har', [
      [base, 200, JSON.stringify(page1)],
      [`${base}&offset=4`, 404, '{"detail":"Not Found"}'],
    ]);
    const { code, out, err } = await run([
      'fetch',
      'planning-data',
      'searchEntities',
      '--param',
      'datasets=conservation-area',
      '--har-replay',
      file,
      '--format',
      'ndjson',
    ]);
    // Page 1's four records were written, in order, before page 2 failed.
    expect(
      out
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual(
      page1.entities.map(
        (e: { entity: number }) => `urn:ldntwin:planning-constraint:planning-data:${e.entity}`,
      ),
    );
    expect(err).toMatch(
      /^ldn-twin: answered in part: 1 page \(4 records\) arrived, then page 2 failed \(HTTP: .*404.*\); page 2 and any after it are lost\n$/,
    );
    expect(code).toBe(3);
  });

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

describe('ask retrofit flags', () => {
  it.each([
    [['--type', 'warehouse'], /--type warehouse: use domestic or non-domestic/],
    [['--top', '0'], /--top 0: expected a whole number above 0/],
    [['--top', 'ten'], /--top ten: expected a whole number above 0/],
  ])('%j exits 1 with one clear line', async (flags, message) => {
    const { code, err } = await run(['ask', 'retrofit', '--borough', 'Camden', ...flags], {
      LDN_TWIN_EPC_TOKEN: 'token-0123',
    });
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });

  it('asks the register for non-domestic certificates with --type and names --top buildings', async () => {
    // Offline: the archive holds no non-domestic EPC response, so the source is named as not asked
    // and nothing is claimed; the flags got through (the source's name says non-domestic).
    const { code, out } = await run(
      ['ask', 'retrofit', '--borough', 'Camden', '--type', 'non-domestic', '--top', '3', '--offline'],
      { LDN_TWIN_EPC_TOKEN: 'token-0123' },
    );
    expect(code).toBe(2);
    expect(out).toMatch(/^Nothing could be asked about Camden: no service answered\.$/m);
    expect(out).toMatch(
      /^Not asked: non-domestic energy performance certificates \(EPC register\) \(the offline archive holds no recorded response for it\)\.$/m,
    );
    expect(out).not.toMatch(/0 non-domestic certificates/);
  });
});

describe('ask dig-once --street-manager', () => {
  const event = readFileSync(
    new URL('../../connectors/test/fixtures/street-manager/streetmanager-permit-event.json', import.meta.url),
    'utf8',
  );

  it('reads a directory of JSON and NDJSON message files; two events of one permit are one work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ldn-twin-sm-'));
    const message = JSON.parse(event);
    writeFileSync(join(dir, 'granted.json'), JSON.stringify([message]));
    writeFileSync(
      join(dir, 'later.ndjson'),
      `${JSON.stringify({ ...message, event_type: 'WORK_START', event_time: '2025-06-28T08:00:00.000Z' })}\nnot json\n`,
    );
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const { code, out, err } = await run([
      'ask',
      'dig-once',
      '--borough',
      'Camden',
      '--from',
      '2025-06-20',
      '--to',
      '2025-07-10',
      '--street-manager',
      dir,
      '--offline',
    ]);
    expect(err).toContain('1 of 3 Street Manager messages could not be read');
    // Offline: the TfL and Datahub sources are not in the archive; the held works answered.
    expect(out).toMatch(/answered +street works you hold \(Street Manager\) \(2 records/);
    // The Sheffield permit is outside Camden: no work in the window there.
    expect(out).toMatch(/^Camden, 2025-06-20 to 2025-07-10: 0 works in the window/m);
    // Not in the archive, so not asked (and said so): offline, that is a complete answer of what is held.
    expect(out).toMatch(
      /^Not asked: street works \(TfL street disruptions\) \(the offline archive holds no recorded response for it\)\.$/m,
    );
    expect(code).toBe(0);
  });

  it('names a missing path in one line and exits 1', async () => {
    const { code, err } = await run([
      'ask',
      'dig-once',
      '--borough',
      'Camden',
      '--from',
      '2025-06-20',
      '--to',
      '2025-07-10',
      '--street-manager',
      '/nonexistent/permits',
      '--offline',
    ]);
    expect(code).toBe(1);
    expect(err).toBe('ldn-twin: --street-manager /nonexistent/permits: no such file or directory\n');
  });
});

describe('ldn-twin import epc', () => {
  const v1Row = JSON.parse(
    readFileSync(
      new URL('../../connectors/test/fixtures/epc/epc-domestic-search-row-hammersmith.json', import.meta.url),
      'utf8',
    ),
  ) as Record<string, string>;
  const v1Csv = `${Object.keys(v1Row)
    .map((k) => k.toUpperCase().replace(/-/g, '_'))
    .join(',')}\n${Object.values(v1Row)
    .map((v) => JSON.stringify(v))
    .join(',')}\n`;
  // The replacement register's bulk columns (data dictionary names; constructed, no file recorded).
  const newCsv =
    'CERTIFICATE_NUMBER,ADDRESS1,POSTCODE,CURRENT_ENERGY_EFFICIENCY,POTENTIAL_ENERGY_EFFICIENCY,UPRN\n0000-0000-0000-0000-0000,1 Some Street,SW10 0AA,50,72,100121241798\n';

  it.each([
    ['v1', v1Csv, 'urn:ldntwin:energy-performance:epc-lmk-key:1573380469022017090821481343938953'],
    ['replacement', newCsv, 'urn:ldntwin:energy-performance:epc-certificate-number:0000-0000-0000-0000-0000'],
  ])('streams a %s bulk file as records, with a progress bar on a terminal', async (_name, csv, id) => {
    const file = join(mkdtempSync(join(tmpdir(), 'ldn-twin-epc-')), 'certificates.csv');
    writeFileSync(file, csv);
    const stdout = new PassThrough();
    const stderr = Object.assign(new PassThrough(), { isTTY: true });
    let out = '';
    let err = '';
    stdout.on('data', (c) => {
      out += c;
    });
    stderr.on('data', (c) => {
      err += c;
    });
    const code = await main(['import', 'epc', file, '--format', 'ndjson'], { stdout, stderr, env: {} });
    expect(code).toBe(0);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual([id]);
    expect(err).toContain(`import epc [${'#'.repeat(30)}] 100% 1 records`);
    expect(err).toContain(`ldn-twin: imported 1 of 1 certificates from ${file}`);
  });

  it('exits 1 naming a file that is not there', async () => {
    const { code, err } = await run(['import', 'epc', '/nonexistent/certificates.csv']);
    expect(code).toBe(1);
    expect(err).toBe('ldn-twin: import epc: /nonexistent/certificates.csv is not a file\n');
  });
});

describe('the command line, from the command table', () => {
  it.each([
    [
      ['ask', 'restrictions', '--borough', 'Lambth', '--offline'],
      /--borough: unknown borough "Lambth"; did you mean Lambeth\?/,
    ],
    [['ask', 'restrictions', '--pont', '1,2'], /--pont: unknown option; did you mean --point\?/],
    [['ask', 'energy', '--radius', '5'], /--radius: not an option of ask energy/],
    [['ask', 'restrictons'], /unknown question "restrictons"; did you mean restrictions\?/],
    [['fetch', 'planing-data', 'dataset'], /unknown connector "planing-data"; did you mean planning-data\?/],
    [['fetch', 'planning-data', 'datset'], /no operation "datset"; did you mean dataset\?/],
    [
      ['ask', 'restrictions', '--point', '51.4922191,-0.1198903'],
      /did you mean --point -0.1198903,51.4922191 \(longitude first\)/,
    ],
    [['ask', 'restrictions', '--point', '1,2,3'], /--point 1,2,3: expected lon,lat/],
    [['ask', 'restrictions', ...site, '--borough', 'Lambeth'], /give one place, not --point and --borough/],
    [['ask', 'restrictions', ...site, '--point', '-0.12,51.5'], /--point given twice/],
    [
      ['ask', 'restrictions', ...site, '--sources', 'constraint'],
      /--sources: unknown "constraint"; did you mean constraints\?/,
    ],
    [['ask', 'restrictions'], /say where: --point/],
    [['ask', 'restrictions', ...site, '--out'], /--out needs a value/],
    [['ask', 'restrictions', ...site, '--offline=yes'], /--offline takes no value/],
    [
      ['ask', 'restrictions', '--geojson', '/no/such.geojson'],
      /--geojson \/no\/such.geojson: cannot read it \(no such file\)/,
    ],
    [['ask', 'dig-once', ...site], /needs the window: --from DATE --to DATE/],
    [
      ['ask', 'dig-once', ...site, '--from', '2026-02-30', '--to', '2026-03-01'],
      /--from 2026-02-30: expected a date/,
    ],
    [
      ['ask', 'dig-once', ...site, '--from', '2026-05-01', '--to', '2026-04-01'],
      /--from 2026-05-01 is after --to 2026-04-01/,
    ],
    [['ask', 'culture', ...site, '--radius', '-5'], /--radius -5: expected metres above 0/],
    [['ask', 'culture', ...site, '--radius', 'far'], /--radius far: expected metres/],
    [['ask', 'energy', '--horizon', '12h'], /--horizon 12h: use current, 24h, 48h/],
    [['ask', 'energy', '--har-replay', '/no/such.har'], /--har-replay \/no\/such.har: cannot read it/],
    [['ask', 'energy', '--base-url', 'carbon=http://localhost:1'], /unknown connector "carbon"/],
    [
      ['ask', 'energy', '--offline', '--out', '/no/such/dir/a.txt'],
      /--out \/no\/such\/dir\/a.txt: cannot write it \(its folder does not exist\)/,
    ],
    [['ask', 'energy', '--offline', '--out', tmpdir()], /cannot write it \(it is a folder\)/],
    [
      ['ask', 'energy', '--offline', '--har-record', tmpdir()],
      /--har-record .*: cannot write it \(it is a folder\)/,
    ],
    [['connectors', 'extra'], /unexpected argument "extra"/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /say what to do/],
  ])('%j exits 1 with one line naming the input', async (args, message) => {
    const { code, err, out } = await run(args);
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(out).toBe('');
  });

  const askArea = async (geojson: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'ldn-twin-')), 'area.geojson');
    writeFileSync(file, JSON.stringify(geojson));
    return run([
      'ask',
      'restrictions',
      '--geojson',
      file,
      '--sources',
      'borough',
      '--offline',
      '--format',
      'json',
    ]);
  };

  it('accepts a FeatureCollection of polygons as an area (a square in Lambeth is in Lambeth)', async () => {
    const { code, err, out } = await askArea(inLambeth);
    expect(err).toBe('');
    // The borough lookup alone is no answer (exit 2), but the area got through and was placed.
    expect(code).toBe(2);
    const report = JSON.parse(out);
    expect(report.place).toMatchObject({
      geometry: inLambeth.features[0]!.geometry,
      borough: { code: 'E09000022', name: 'Lambeth' },
    });
    expect(report.records.map((r: { id: string }) => r.id)).toEqual([
      'urn:ldntwin:administrative-area:gss:E09000022',
    ]);
  });

  it.each([
    [
      'a polygon outside London',
      {
        type: 'Polygon',
        coordinates: [
          [
            [-1.3, 51.7],
            [-1.2, 51.7],
            [-1.2, 51.8],
            [-1.3, 51.7],
          ],
        ],
      },
      /the area lies outside Greater London/,
    ],
    [
      'a LineString',
      {
        type: 'LineString',
        coordinates: [
          [-0.12, 51.49],
          [-0.11, 51.5],
        ],
      },
      /"LineString", not a Polygon or MultiPolygon/,
    ],
  ])('refuses %s in one line, exit 1', async (_, geojson, message) => {
    const { code, err, out } = await askArea(geojson);
    expect(err).toMatch(message);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(out).toBe('');
    expect(code).toBe(1);
  });

  it('refuses a file that is not JSON, naming it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ldn-twin-')), 'area.geojson');
    writeFileSync(file, '{ not json');
    const { code, err } = await run(['ask', 'restrictions', '--geojson', file]);
    expect(code).toBe(1);
    expect(err).toMatch(/--geojson .*area\.geojson: not JSON/);
  });

  it('prints per-command help generated from the table, usage only with --help', async () => {
    const help = await run(['ask', 'culture', '--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: ldn-twin ask culture/);
    expect(help.out).toMatch(/--radius METRES/);
    expect(help.out).not.toMatch(/--horizon/);
    const fetchHelp = await run(['fetch', '--help']);
    expect(fetchHelp.out).toMatch(/--param key=value/);
    expect((await run(['ask', '--help'])).out).toMatch(/ask restrictions/);
    expect((await run(['--help'])).out).toMatch(/Commands:/);
    expect((await run(['frobnicate'])).err).not.toMatch(/Usage/);
  });

  it('prints the version of the package', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const { code, out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out).toBe(`ldn-twin ${pkg.version}\n`);
  });

  it('lists connectors as an aligned table with a header', async () => {
    const { code, out } = await run(['connectors']);
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CONNECTOR +LICENCE +AUTH +KEY VARIABLES +TWINS$/);
    const column = lines[0]!.indexOf('LICENCE');
    for (const line of lines.slice(1)) expect(line[column - 1]).toBe(' ');
    expect(lines.find((l) => l.startsWith('tfl '))?.slice(column)).toMatch(/^LicenseRef-TfL-Open-Data/);
  });
});

// A Lambeth square (around the quick-start site) as a FeatureCollection of one polygon.
const inLambeth = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-0.121, 51.491],
            [-0.119, 51.491],
            [-0.119, 51.493],
            [-0.121, 51.493],
            [-0.121, 51.491],
          ],
        ],
      },
    },
  ],
};
