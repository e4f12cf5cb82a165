import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseFeatureCollection, parseNdjson, type TwinRecord } from '@ldn-twin/core';
import { type EXPORT_FORMATS, exportRecords, type Store, toGeoParquet } from '@ldn-twin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, application, BRIXTON, ENGINES, freshStore } from './fixtures.ts';

const square: TwinRecord = {
  ...application(1),
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [-0.12, 51.46],
        [-0.11, 51.46],
        [-0.11, 51.47],
        [-0.12, 51.47],
        [-0.12, 51.46],
      ],
    ],
  },
};
const nowhere: TwinRecord = {
  ...application(2),
  geometry: null,
  properties: { ...application(2).properties, locationPrecision: 'none' },
};
const RECORDS = [application(0), square, nowhere, application(3, { lon: -0.2, lat: 51.6 })];

async function concat(chunks: AsyncIterable<string | Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks)
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** Writes a GeoParquet file and answers SQL on it with DuckDB (no extension: DuckDB reads GeoParquet itself). */
async function withParquet<T>(
  bytes: Buffer,
  read: (sql: (q: string) => Promise<Record<string, unknown>[]>) => Promise<T>,
) {
  const dir = await mkdtemp(join(tmpdir(), 'ldn-store-parquet-'));
  const file = join(dir, 'records.parquet');
  await writeFile(file, bytes);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return await read(
      async (q) =>
        (await connection.runAndReadAll(q.replaceAll('$file', `'${file}'`))).getRowObjectsJS() as Record<
          string,
          unknown
        >[],
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

describe('GeoParquet', () => {
  it('writes WKB geometries and geo metadata that DuckDB reads back', async () => {
    const bytes = await concat(toGeoParquet(RECORDS));
    await withParquet(bytes, async (sql) => {
      const types = await sql(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM $file)`);
      expect(types.find((t) => t.column_name === 'geometry')?.column_type).toBe("GEOMETRY('OGC:CRS84')");
      const rows = await sql(
        `SELECT id, kind, ST_AsText(geometry) AS wkt, properties FROM $file ORDER BY id`,
      );
      expect(rows.map((r) => r.id)).toEqual(RECORDS.map((r) => r.id).sort());
      const wkt = Object.fromEntries(rows.map((r) => [r.id, r.wkt]));
      expect(wkt[application(0).id]).toBe(`POINT (${BRIXTON.lon} ${BRIXTON.lat})`);
      expect(wkt[square.id]).toBe(
        'POLYGON ((-0.12 51.46, -0.11 51.46, -0.11 51.47, -0.12 51.47, -0.12 51.46))',
      );
      expect(wkt[nowhere.id]).toBeNull();
      expect(JSON.parse(String(rows.find((r) => r.id === square.id)?.properties))).toEqual(square.properties);
      const [meta] = await sql(
        `SELECT decode(value) AS geo FROM parquet_kv_metadata($file) WHERE decode(key) = 'geo'`,
      );
      expect(JSON.parse(String(meta?.geo))).toEqual({
        version: '1.1.0',
        primary_column: 'geometry',
        columns: {
          geometry: {
            encoding: 'WKB',
            geometry_types: ['Point', 'Polygon'],
            bbox: [-0.2, 51.46, -0.11, 51.6],
          },
        },
      });
    });
  });

  it('writes many records in row groups, every row and point intact', async () => {
    const count = 25_001;
    const records = function* () {
      for (let n = 0; n < count; n += 1) yield application(n, { lon: -0.1 + n * 1e-6, lat: 51.5 });
    };
    const bytes = await concat(toGeoParquet(records()));
    await withParquet(bytes, async (sql) => {
      const [summary] = await sql(
        `SELECT count(*)::INT AS n, count(DISTINCT id)::INT AS ids, count(geometry)::INT AS geometries FROM $file`,
      );
      expect(summary).toEqual({ n: count, ids: count, geometries: count });
      const groups = await sql(`SELECT DISTINCT row_group_id FROM parquet_metadata($file)`);
      // Row groups of 4,096 rows: six full ones and the remaining 424.
      expect(groups.length).toBe(7);
      const [last] = await sql(
        `SELECT ST_AsText(geometry) AS wkt FROM $file WHERE id = '${application(count - 1).id}'`,
      );
      expect(last?.wkt).toBe(`POINT (${-0.1 + (count - 1) * 1e-6} 51.5)`);
    });
  });
});

describe.each(ENGINES)('export from a store on $engine', ({ engine }) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine);
    await store.put(RECORDS);
  }, 120_000);
  afterAll(() => store?.close());

  it('exports the same records in every format', async () => {
    const text = async (format: (typeof EXPORT_FORMATS)[number]) =>
      (await concat(exportRecords(store.query(), format))).toString('utf8');
    const expected = await all(store.query());
    expect(expected.length).toBe(RECORDS.length);
    expect(parseFeatureCollection(JSON.parse(await text('geojson')))).toEqual(expected);
    expect(await all(parseNdjson(await text('ndjson')))).toEqual(expected);
    const csv = (await text('csv')).split('\r\n').filter((line) => line !== '');
    expect(csv.length).toBe(1 + RECORDS.length);
    expect(csv[0]?.startsWith('id,kind,name')).toBe(true);
    const parquet = await concat(
      exportRecords(store.query({ within: square.geometry ?? undefined }), 'geoparquet'),
    );
    await withParquet(parquet, async (sql) => {
      expect(await sql(`SELECT id FROM $file ORDER BY id`)).toEqual(
        [application(0).id, square.id].sort().map((id) => ({ id })),
      );
    });
  });

  it('exports an empty GeoParquet file when nothing matches', async () => {
    const parquet = await concat(exportRecords(store.query({ borough: 'Camden' }), 'geoparquet'));
    await withParquet(parquet, async (sql) => {
      expect(await sql(`SELECT count(*)::INT AS n FROM $file`)).toEqual([{ n: 0 }]);
    });
  });
});
