// The store's costs, as ratios in one run (issue: put throughput against a bare multi-row INSERT of
// the same rows, embedded and server; a spatial query's p50/p95; GeoParquet export throughput and
// peak memory). The records are planning applications on a grid around Lambeth, built so every one
// is valid. Writes .artifacts/bench/store.json. Run after a build: `pnpm --filter @ldn-twin/store bench`.
//
// Sizes (the in brackets; the defaults are small enough for CI):
//   STORE_BENCH_RECORDS          records put [100,000]; default 20,000
//   STORE_BENCH_SPATIAL_RECORDS  records among which the spatial query runs [1,000,000]; default the put's
//   STORE_BENCH_EXPORT_RECORDS   records exported as GeoParquet [1,000,000]; default 100,000
//   STORE_BENCH_BATCH            records per batch (put and INSERT alike); default 5,000, the put's own
//   STORE_BENCH_REPEATS          put runs after a warm-up, the median ratio and range kept; default 5
//   LDN_TWIN_TEST_POSTGRES_URL   also the server store (scripts/postgres.sh starts one)
//
// Two baselines for the put, each a multi-row INSERT of the same rows from the same JSON text:
//   bare table: id, record and geometry into a table with a primary key only;
//   store table: every column the store writes (content hash included) into the store's own records
//   table, with its indexes. The second is what the put path adds to writing the rows at all
//   (validation, borough, content hashes, version bookkeeping, locks); the first also charges the
//   store for its indexes (kind, connector, borough, geometry).
// The export runs in a child process, so its peak RSS is the exporter's, not the database's.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { OPEN_ACCESS, type TwinRecord, twinId } from '@ldn-twin/core';
import { MIGRATIONS, openStore, type Store, toGeoParquet } from '@ldn-twin/store';
import postgres from 'postgres';

const size = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const COUNT = size('STORE_BENCH_RECORDS', 20_000);
const SPATIAL = size('STORE_BENCH_SPATIAL_RECORDS', COUNT);
const EXPORTED = size('STORE_BENCH_EXPORT_RECORDS', 100_000);
const BATCH = size('STORE_BENCH_BATCH', 5000);
const REPEATS = size('STORE_BENCH_REPEATS', 5);
const SERVER = process.env.LDN_TWIN_TEST_POSTGRES_URL;
const QUERIES = 50;

function application(n: number): TwinRecord {
  const reference = `24/${String(n).padStart(7, '0')}/FUL`;
  // A 1,000-wide grid about 21 m apart: 1 M records cover about 21 km by 21 km of south London.
  const lon = -0.25 + (n % 1000) * 0.0003;
  const lat = 51.35 + Math.floor(n / 1000) * 0.00019;
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

function* applications(count: number, from = 0): Generator<TwinRecord> {
  for (let n = from; n < from + count; n++) yield application(n);
}

/**
 * This process's peak resident memory in MB: Linux's VmHWM (reset by exec, unlike getrusage's
 * maxrss, which a spawned child inherits from its parent), else maxrss.
 */
function peakRssMB(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm !== undefined) return Number(hwm) / 1024;
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS / 1024;
}

// The export child: GeoParquet of generated records to a file; prints its figures as JSON.
if (process.argv[2] === '--export') {
  const count = Number(process.argv[3]);
  const file = join(tmpdir(), `ldn-twin-store-bench-${process.pid}.parquet`);
  const started = performance.now();
  await pipeline(Readable.from(toGeoParquet(applications(count))), createWriteStream(file));
  const ms = performance.now() - started;
  const bytes = statSync(file).size;
  rmSync(file);
  console.log(JSON.stringify({ ms, bytes, peakRssMB: peakRssMB() }));
  process.exit(0);
}

/** Runs one INSERT or one SQL text with one JSON parameter, embedded or on the server. */
interface Sql {
  run(text: string, json: string): Promise<void>;
  script(text: string): Promise<void>;
  close(): Promise<void>;
}

async function embedded(): Promise<Sql> {
  const db = await PGlite.create({ extensions: { postgis } });
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
  return {
    run: async (text, json) => void (await db.query(text, [json])),
    script: async (text) => void (await db.exec(text)),
    close: () => db.close(),
  };
}

async function server(url: string, schema: string): Promise<Sql> {
  const sql = postgres(url, {
    max: 1,
    onnotice: () => {},
    connection: { search_path: `"${schema}", public` },
  });
  await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`).simple();
  return {
    run: async (text, json) => void (await sql.unsafe(text, [json])),
    script: async (text) => void (await sql.unsafe(text).simple()),
    close: async () => {
      await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).simple();
      await sql.end();
    },
  };
}

const BARE_TABLE = `INSERT INTO bare (id, record, geom)
  SELECT r.id, r.record, ST_SetSRID(ST_GeomFromGeoJSON((r.record->'geometry')::text), 4326)
  FROM jsonb_to_recordset($1::text::jsonb) AS r(id text, record jsonb)`;

const STORE_TABLE = `INSERT INTO records (id, kind, connector, borough, classification, permitted_organisations,
    permitted_groups, t_start, t_end, known_from, content_hash, record, geom)
  SELECT r.id, r.kind, r.connector, r.borough, r.classification, r.permitted_organisations,
    r.permitted_groups, r.t_start, r.t_end, r.known_from,
    md5((r.record #- '{properties,provenance,retrievedAt}')::text), r.record,
    ST_SetSRID(ST_GeomFromGeoJSON((r.record->'geometry')::text), 4326)
  FROM jsonb_to_recordset($1::text::jsonb) AS r(id text, kind text, connector text, borough text,
    classification text, permitted_organisations text[], permitted_groups text[], t_start timestamptz,
    t_end timestamptz, known_from timestamptz, record jsonb)`;

/** The rows as the store's columns: what the store derives, given here as constants (the baseline). */
const storeRow = (r: TwinRecord) => ({
  id: r.id,
  kind: r.featureType,
  connector: 'bench',
  borough: 'E09000022',
  classification: 'open',
  permitted_organisations: null,
  permitted_groups: null,
  t_start: '2026-12-01T00:00:00.000Z',
  t_end: '2026-12-01T00:00:00.000Z',
  known_from: '2026-12-01T00:00:00.000Z',
  record: r,
});

/** Wall-clock and this process's CPU milliseconds since `from` (an embedded database runs in this process). */
const clock = () => ({ wall: performance.now(), cpu: process.cpuUsage() });
const since = (from: ReturnType<typeof clock>) => {
  const cpu = process.cpuUsage(from.cpu);
  return { wall: performance.now() - from.wall, cpu: (cpu.user + cpu.system) / 1000 };
};

type Times = { wall: number; cpu: number };
const add = (into: Times, more: Times) => {
  into.wall += more.wall;
  into.cpu += more.cpu;
};

/**
 * One run: the records a batch at a time, each batch written four ways in turn (bare-table INSERT,
 * store-table INSERT, `store.put` into a fresh store, and the same put again, unchanged), so a
 * stretch of load on the machine falls on all four alike.
 */
async function putRun(
  connect: () => Promise<Sql>,
  open: () => Promise<Store>,
  records: readonly TwinRecord[],
) {
  const sql = await connect();
  const store = await open();
  try {
    await sql.script('DROP TABLE IF EXISTS bare, records, record_versions, checkpoints, access_log CASCADE');
    await sql.script(
      'CREATE TABLE bare (id text PRIMARY KEY, record jsonb NOT NULL, geom geometry(Geometry, 4326))',
    );
    for (const migration of MIGRATIONS) await sql.script(migration.sql);
    const times = {
      bare: { wall: 0, cpu: 0 },
      table: { wall: 0, cpu: 0 },
      put: { wall: 0, cpu: 0 },
      unchanged: { wall: 0, cpu: 0 },
    };
    for (let i = 0; i < records.length; i += BATCH) {
      const batch = records.slice(i, i + BATCH);
      let t = clock();
      await sql.run(BARE_TABLE, JSON.stringify(batch.map((r) => ({ id: r.id, record: r }))));
      add(times.bare, since(t));
      t = clock();
      await sql.run(STORE_TABLE, JSON.stringify(batch.map(storeRow)));
      add(times.table, since(t));
      t = clock();
      const first = await store.put(batch, { batchSize: BATCH });
      add(times.put, since(t));
      if (first.stored !== batch.length) throw new Error(`stored ${first.stored} of ${batch.length}`);
      t = clock();
      const again = await store.put(batch, { batchSize: BATCH });
      add(times.unchanged, since(t));
      if (again.unchanged !== batch.length)
        throw new Error(`unchanged ${again.unchanged} of ${batch.length}`);
    }
    return times;
  } finally {
    await store.close();
    await sql.close();
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1
    ? (sorted[Math.floor(mid)] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
};
const round = (value: number, digits = 3) => Number(value.toFixed(digits));
/** The median of the values and their range, rounded. */
const spread = (values: readonly number[]) => ({
  median: round(median(values)),
  min: round(Math.min(...values)),
  max: round(Math.max(...values)),
});

/**
 * Put against both baselines: a warm-up run (a tenth of the records, not counted), then REPEATS
 * runs; each ratio's median and range over the runs. Embedded ratios are of CPU time (the database
 * runs in this process, so other processes' load on a shared machine does not count), the server's
 * of wall-clock time (its work is in another process).
 */
async function putFigures(
  engine: 'embedded' | 'server',
  connect: () => Promise<Sql>,
  open: () => Promise<Store>,
) {
  const records = [...applications(COUNT)];
  await putRun(connect, open, records.slice(0, Math.max(BATCH, Math.floor(COUNT / 10))));
  const runs: Awaited<ReturnType<typeof putRun>>[] = [];
  for (let r = 0; r < REPEATS; r++) runs.push(await putRun(connect, open, records));
  const basis = engine === 'embedded' ? 'cpu' : 'wall';
  const ratio = (baseline: 'bare' | 'table', of: 'put' | 'unchanged') =>
    spread(runs.map((run) => run[baseline][basis] / run[of][basis]));
  const figures = {
    engine,
    records: COUNT,
    batch: BATCH,
    repeats: REPEATS,
    timeBasis: basis,
    putRecordsPerSecond: Math.round(COUNT / (median(runs.map((run) => run.put.wall)) / 1000)),
    putVsBareTableInsert: ratio('bare', 'put'),
    putVsStoreTableInsert: ratio('table', 'put'),
    unchangedPutVsBareTableInsert: ratio('bare', 'unchanged'),
    // Wall-clock ratios too, for the embedded store: what a user waits (load on the machine included).
    wallPutVsBareTableInsert: spread(runs.map((run) => run.bare.wall / run.put.wall)),
    runsMs: runs.map((run) =>
      Object.fromEntries(
        Object.entries(run).map(([name, t]) => [name, { wall: Math.round(t.wall), cpu: Math.round(t.cpu) }]),
      ),
    ),
  };
  const show = (r: { median: number; min: number; max: number }) => `${r.median}x (${r.min}-${r.max})`;
  console.log(
    `${engine}: put of ${COUNT} records ${figures.putRecordsPerSecond}/s; ${basis} time, median (range) of ${REPEATS} runs: ${show(figures.putVsBareTableInsert)} a bare-table INSERT (goal >= 0.5x), ${show(figures.putVsStoreTableInsert)} an INSERT into the store's table; unchanged again ${show(figures.unchangedPutVsBareTableInsert)}`,
  );
  return figures;
}

/** p50 and p95 of "within 250 m of a point" among SPATIAL records. */
async function spatialFigures(engine: string, open: () => Promise<Store>) {
  const store = await open();
  try {
    const started = performance.now();
    for (let from = 0; from < SPATIAL; from += 100_000) {
      const report = await store.put(applications(Math.min(100_000, SPATIAL - from), from), {
        batchSize: BATCH,
      });
      if (report.stored !== report.received) throw new Error(`stored ${report.stored} of ${report.received}`);
    }
    const loadMs = performance.now() - started;
    const times: number[] = [];
    let found = 0;
    for (let q = 0; q < QUERIES; q++) {
      const at = application((q * 7919) % SPATIAL).geometry as unknown as { coordinates: [number, number] };
      const t = performance.now();
      for await (const _ of store.query({
        near: { lon: at.coordinates[0], lat: at.coordinates[1], radius: 250 },
      }))
        found += 1;
      times.push(performance.now() - t);
    }
    if (found === 0) throw new Error('the spatial queries found nothing around stored points');
    times.sort((a, b) => a - b);
    const pct = (p: number) => round(times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0, 1);
    const figures = {
      engine,
      records: SPATIAL,
      queries: QUERIES,
      meanFound: Math.round(found / QUERIES),
      loadRecordsPerSecond: Math.round(SPATIAL / (loadMs / 1000)),
      p50Ms: pct(0.5),
      p95Ms: pct(0.95),
    };
    console.log(
      `${engine}: within 250 m among ${SPATIAL} records (about ${figures.meanFound} found): p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms`,
    );
    return figures;
  } finally {
    await store.close();
  }
}

function exportFigures() {
  const child = spawnSync(
    process.execPath,
    [process.argv[1] ?? 'bench/run.ts', '--export', String(EXPORTED)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  if (child.status !== 0) throw new Error(`the export child failed: ${child.stderr}`);
  const { ms, bytes, peakRssMB } = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
    ms: number;
    bytes: number;
    peakRssMB: number;
  };
  const figures = {
    records: EXPORTED,
    recordsPerSecond: Math.round(EXPORTED / (ms / 1000)),
    megabytes: round(bytes / 1e6, 1),
    peakRssMB: Math.round(peakRssMB),
  };
  console.log(
    `GeoParquet export of ${EXPORTED} records: ${figures.recordsPerSecond}/s, ${figures.megabytes} MB, peak RSS ${figures.peakRssMB} MB (goal < 300 MB)`,
  );
  return figures;
}

const summary: Record<string, unknown> = {
  put: [await putFigures('embedded', embedded, () => openStore({ memory: true }))],
};
let schemas = 0;
const serverStore = (url: string) => () =>
  openStore({ url, schema: `bench_store_${process.pid}_${++schemas}` });
if (SERVER !== undefined) {
  (summary.put as unknown[]).push(
    await putFigures('server', () => server(SERVER, `bench_sql_${process.pid}`), serverStore(SERVER)),
  );
}
summary.within250m = [await spatialFigures('embedded', () => openStore({ memory: true }))];
if (SERVER !== undefined)
  (summary.within250m as unknown[]).push(await spatialFigures('server', serverStore(SERVER)));
summary.geoParquetExport = exportFigures();
if (SERVER !== undefined) {
  // The server stores' schemas go with the run.
  const sql = postgres(SERVER, { max: 1, onnotice: () => {} });
  for (let n = 1; n <= schemas; n++)
    await sql.unsafe(`DROP SCHEMA IF EXISTS "bench_store_${process.pid}_${n}" CASCADE`);
  await sql.end();
}
if (SERVER === undefined)
  console.log('LDN_TWIN_TEST_POSTGRES_URL not set: the server store was not measured');
mkdirSync('.artifacts/bench', { recursive: true });
writeFileSync('.artifacts/bench/store.json', `${JSON.stringify(summary, null, 2)}\n`);
