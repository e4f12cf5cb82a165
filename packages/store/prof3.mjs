import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { OPEN_ACCESS, twinId } from '@ldn-twin/core';
import { MIGRATIONS } from '@ldn-twin/store';

const src = readFileSync('src/put.ts', 'utf8');
const UPSERT = eval(
  src.slice(src.indexOf('const UPSERT = ') + 15, src.indexOf('`;', src.indexOf('const UPSERT = ')) + 1),
);
const LOCK = eval(
  src.slice(src.indexOf('const LOCK_IDS = ') + 17, src.indexOf('`;', src.indexOf('const LOCK_IDS = ')) + 1),
);
const N = Number(process.env.N ?? 5000),
  B = 1000;
function application(n) {
  const reference = `24/${String(n).padStart(6, '0')}/FUL`;
  return {
    type: 'Feature',
    id: twinId('PlanningApplication', 'lpa-bench', reference),
    featureType: 'PlanningApplication',
    geometry: {
      type: 'Point',
      coordinates: [-0.14 + (n % 200) * 0.0003, 51.44 + Math.floor(n / 200) * 0.0003],
    },
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
  };
}
const recs = Array.from({ length: N }, (_, n) => application(n));
const cols = recs.map((r) => ({
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
}));
const db = await PGlite.create({ extensions: { postgis } });
await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
for (const m of MIGRATIONS) await db.exec(m.sql);
await db.exec(
  `CREATE TABLE bare (id text PRIMARY KEY, record jsonb NOT NULL, geom geometry(Geometry, 4326));`,
);
async function time(label, fn) {
  const t = performance.now();
  for (let i = 0; i < N; i += B) await fn(cols.slice(i, i + B));
  const ms = performance.now() - t;
  console.log(label, ms.toFixed(0));
  return ms;
}
const bare = (b) =>
  db.query(
    `INSERT INTO bare (id, record, geom) SELECT r.id, r.record, ST_SetSRID(ST_GeomFromGeoJSON((r.record->'geometry')::text), 4326) FROM jsonb_to_recordset($1::text::jsonb) AS r(id text, record jsonb)`,
    [JSON.stringify(b.map((c) => ({ id: c.id, record: c.record })))],
  );
const put = (b) =>
  db.transaction(async (tx) => {
    await tx.query(LOCK, [b.map((c) => c.id)]);
    await tx.query(UPSERT, [JSON.stringify(b)]);
  });
const putNoLock = (b) =>
  db.transaction(async (tx) => {
    await tx.query(UPSERT, [JSON.stringify(b)]);
  });
for (let rep = 0; rep < 2; rep++) {
  await db.exec('TRUNCATE bare; TRUNCATE records;');
  await time('bare', bare);
  await time('upsert (new)', put);
  await time('upsert (unchanged)', put);
  await db.exec('TRUNCATE records;');
  await time('upsert no lock (new)', putNoLock);
}
