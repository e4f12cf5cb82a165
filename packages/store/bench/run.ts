// The store's costs as ratios in one run (issue: put throughput against a bare multi-row INSERT of
// the same rows, and a spatial query's p50/p95), on the embedded store (PGlite + PostGIS). The
// records are planning applications on a grid around Lambeth, built so every one is valid.
// Writes .artifacts/bench/store.json. Run after a build: `pnpm --filter @ldn-twin/store bench`
// (STORE_BENCH_RECORDS sets the count; default 20,000, the figure is 100,000).
import { mkdirSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { OPEN_ACCESS, type TwinRecord, twinId } from '@ldn-twin/core';
import { openStore } from '@ldn-twin/store';

const COUNT = Number(process.env.STORE_BENCH_RECORDS ?? 20_000);
const BATCH = 1000;
const QUERIES = 50;

function application(n: number): TwinRecord {
  const reference = `24/${String(n).padStart(6, '0')}/FUL`;
  const lon = -0.14 + (n % 200) * 0.0003;
  const lat = 51.44 + Math.floor(n / 200) * 0.0003;
  return {
    type: 'Feature',
    id: twinId('PlanningApplication', 'lpa-bench', reference),
    featureType: 'PlanningApplication',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    time: null,
    properties: {
      kind: 'PlanningApplication',
      name: `Application ${reference}`,
      identifiers: [],
      recordedAt: '2026-12-01T00:00:00Z',
      locationPrecision: 'exact',
      relations: [],
      provenance: {
        publisher: 'Bench',
        dataset: 'applications',
        retrievedAt: '2026-12-01T00:00:00Z',
        method: 'reported',
        connector: 'bench',
      },
      licence: { id: 'OGL-UK-3.0', attribution: ['Bench'] },
      access: OPEN_ACCESS,
      attributes: { reference, status: 'Registered', authority: 'Lambeth' },
    },
  } as unknown as TwinRecord;
}

const records = Array.from({ length: COUNT }, (_, n) => application(n));

async function bareInsert(): Promise<number> {
  const db = await PGlite.create({ extensions: { postgis } });
  await db.exec(`CREATE EXTENSION IF NOT EXISTS postgis;
    CREATE TABLE bare (id text PRIMARY KEY, record jsonb NOT NULL, geom geometry(Geometry, 4326));`);
  const started = performance.now();
  for (let i = 0; i < records.length; i += BATCH) {
    const rows = records.slice(i, i + BATCH).map((r) => ({ id: r.id, record: r }));
    await db.query(
      `INSERT INTO bare (id, record, geom)
       SELECT r.id, r.record, ST_SetSRID(ST_GeomFromGeoJSON((r.record->'geometry')::text), 4326)
       FROM jsonb_to_recordset($1::text::jsonb) AS r(id text, record jsonb)`,
      [JSON.stringify(rows)],
    );
  }
  const ms = performance.now() - started;
  await db.close();
  return ms;
}

async function storePut(): Promise<{ ms: number; queries: number[] }> {
  const store = await openStore({ memory: true });
  const started = performance.now();
  const report = await store.put(records, { batchSize: BATCH });
  const ms = performance.now() - started;
  if (report.stored !== COUNT) throw new Error(`stored ${report.stored} of ${COUNT}`);
  const queries: number[] = [];
  for (let q = 0; q < QUERIES; q++) {
    const at = records[(q * 7919) % COUNT]!.geometry as unknown as { coordinates: [number, number] };
    const t = performance.now();
    let found = 0;
    for await (const _ of store.query({
      near: { lon: at.coordinates[0], lat: at.coordinates[1], radius: 250 },
    }))
      found += 1;
    queries.push(performance.now() - t);
    if (found === 0) throw new Error('a spatial query found nothing around a stored point');
  }
  await store.close();
  return { ms, queries: queries.sort((a, b) => a - b) };
}

const bare = await bareInsert();
const put = await storePut();
const pct = (p: number) => put.queries[Math.min(put.queries.length - 1, Math.floor(p * put.queries.length))]!;
const summary = {
  records: COUNT,
  bareInsertMs: Math.round(bare),
  putMs: Math.round(put.ms),
  putRecordsPerSecond: Math.round(COUNT / (put.ms / 1000)),
  putVsBareInsert: Number((bare / put.ms).toFixed(3)),
  within250m: { p50Ms: Number(pct(0.5).toFixed(1)), p95Ms: Number(pct(0.95).toFixed(1)) },
};
console.log(
  `store put of ${COUNT} records: ${summary.putRecordsPerSecond}/s, ${summary.putVsBareInsert}x a bare multi-row INSERT (goal >= 0.5x)`,
);
console.log(
  `within 250 m among ${COUNT}: p50 ${summary.within250m.p50Ms} ms, p95 ${summary.within250m.p95Ms} ms`,
);
mkdirSync('.artifacts/bench', { recursive: true });
writeFileSync('.artifacts/bench/store.json', `${JSON.stringify(summary, null, 2)}\n`);
