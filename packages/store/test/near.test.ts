/**
 * "Within N metres" answered exactly: points 249 m and 251 m (geodesic, on the WGS 84 ellipsoid)
 * from sites across London's latitudes, in the eight compass directions (the diagonals run towards
 * the corners of the lon/lat box the query narrows by first, the others towards its edges). The
 * points are placed with Vincenty's direct formula, independent of PostGIS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { TwinRecord } from '@ldn-twin/core';
import { openStore, SCHEMA_VERSION, type Store } from '@ldn-twin/store';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, application, ENGINES, freshStore, SERVER_URL } from './fixtures.ts';

const A = 6378137;
const F = 1 / 298.257223563;
const B = A * (1 - F);
const RAD = Math.PI / 180;

/** The point `metres` from (lon, lat) along the geodesic leaving at `bearing` degrees (Vincenty, 1975). */
function destination(
  lon: number,
  lat: number,
  bearing: number,
  metres: number,
): { lon: number; lat: number } {
  const alpha1 = bearing * RAD;
  const [sinAlpha1, cosAlpha1] = [Math.sin(alpha1), Math.cos(alpha1)];
  const tanU1 = (1 - F) * Math.tan(lat * RAD);
  const cosU1 = 1 / Math.sqrt(1 + tanU1 * tanU1);
  const sinU1 = tanU1 * cosU1;
  const sigma1 = Math.atan2(tanU1, cosAlpha1);
  const sinAlpha = cosU1 * sinAlpha1;
  const cos2Alpha = 1 - sinAlpha * sinAlpha;
  const u2 = (cos2Alpha * (A * A - B * B)) / (B * B);
  const bigA = 1 + (u2 / 16384) * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)));
  const bigB = (u2 / 1024) * (256 + u2 * (-128 + u2 * (74 - 47 * u2)));
  let sigma = metres / (B * bigA);
  let cos2SigmaM = 0;
  for (let step = 0; step < 100; step++) {
    cos2SigmaM = Math.cos(2 * sigma1 + sigma);
    const [sinSigma, cosSigma] = [Math.sin(sigma), Math.cos(sigma)];
    const deltaSigma =
      bigB *
      sinSigma *
      (cos2SigmaM +
        (bigB / 4) *
          (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) -
            (bigB / 6) * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
    const next = metres / (B * bigA) + deltaSigma;
    if (Math.abs(next - sigma) < 1e-12) {
      sigma = next;
      break;
    }
    sigma = next;
  }
  const [sinSigma, cosSigma] = [Math.sin(sigma), Math.cos(sigma)];
  const x = sinU1 * sinSigma - cosU1 * cosSigma * cosAlpha1;
  const lat2 = Math.atan2(
    sinU1 * cosSigma + cosU1 * sinSigma * cosAlpha1,
    (1 - F) * Math.sqrt(sinAlpha * sinAlpha + x * x),
  );
  const lambda = Math.atan2(sinSigma * sinAlpha1, cosU1 * cosSigma - sinU1 * sinSigma * cosAlpha1);
  const c = (F / 16) * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
  const l =
    lambda -
    (1 - c) *
      F *
      sinAlpha *
      (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
  return { lon: lon + l / RAD, lat: lat2 / RAD };
}

/** Sites from London's south edge to its north (Coulsdon, Brixton, Hillingdon, Enfield). */
const SITES = [
  { lon: -0.1383, lat: 51.3198 },
  { lon: -0.1146, lat: 51.4613 },
  { lon: -0.476, lat: 51.5441 },
  { lon: -0.0799, lat: 51.6523 },
];
const BEARINGS = [0, 45, 90, 135, 180, 225, 270, 315];
const RADIUS = 250;

let n = 0;
const placed = SITES.map((site) => {
  const at = (metres: number) =>
    BEARINGS.map((bearing) => application(n++, destination(site.lon, site.lat, bearing, metres)));
  return { site, inside: at(249), outside: at(251) };
});
const RECORDS: TwinRecord[] = placed.flatMap((p) => [...p.inside, ...p.outside]);
const ids = (records: readonly TwinRecord[]) => records.map((r) => r.id).sort();

describe.each(ENGINES)('within N metres on $engine', ({ engine }) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine);
    expect((await store.put(RECORDS)).stored).toBe(RECORDS.length);
  }, 120_000);
  afterAll(() => store?.close());

  it.each(placed.map((p) => [p.site.lat, p]))(
    'at latitude %d finds the points 249 m away in every direction and none 251 m away',
    async (_lat, { site, inside }) => {
      const found = await all(store.query({ near: { ...site, radius: RADIUS } }));
      expect(ids(found)).toEqual(ids(inside));
    },
  );

  it('counts the same records it finds', async () => {
    const { site, inside } = placed[1]!;
    expect(await store.count({ near: { ...site, radius: RADIUS } })).toBe(inside.length);
  });

  it('finds only the site itself within 0 m, and every point within 10 km', async () => {
    const [first] = placed;
    const atSite = application(999, first!.site);
    await store.put([atSite]);
    expect(ids(await all(store.query({ near: { ...first!.site, radius: 0 } })))).toEqual([atSite.id]);
    const wide = await all(store.query({ near: { ...first!.site, radius: 10_000 } }));
    expect(ids(wide)).toEqual(ids([atSite, ...first!.inside, ...first!.outside]));
  });
});

/** The names of the indexes on the records table of a closed store (read without the store). */
async function recordIndexes(
  location: { path: string } | { url: string; schema: string },
): Promise<string[]> {
  const text = `SELECT indexname FROM pg_indexes WHERE tablename = 'records' AND schemaname = $1 ORDER BY 1`;
  if ('path' in location) {
    const pg = await PGlite.create({ dataDir: location.path, extensions: { postgis } });
    try {
      return (await pg.query<{ indexname: string }>(text, ['public'])).rows.map((row) => row.indexname);
    } finally {
      await pg.close();
    }
  }
  const sql = postgres(location.url, { max: 1, onnotice: () => {} });
  try {
    return (await sql.unsafe(text, [location.schema])).map((row) => String(row.indexname));
  } finally {
    await sql.end();
  }
}

describe.each(ENGINES)('migration to version 5 on $engine', ({ engine }) => {
  it('drops the geography index, keeps every record and version, and answers near queries the same', async () => {
    const dir = engine === 'pglite' ? await mkdtemp(join(tmpdir(), 'ldn-store-')) : undefined;
    const location =
      dir === undefined
        ? { url: SERVER_URL ?? '', schema: `mig5_${process.pid}_${Date.now()}` }
        : { path: dir };
    const near = { ...placed[2]!.site, radius: RADIUS };
    try {
      const old = await openStore({ ...location, schemaVersion: 4 });
      expect(old.schemaVersion).toBe(4);
      await old.put(RECORDS);
      const moved = { ...RECORDS[0]!, geometry: { type: 'Point' as const, coordinates: [0, 51.5] } };
      expect((await old.put([moved])).changed).toBe(1);
      const before = ids(await all(old.query({ near })));
      expect(before).toEqual(ids(placed[2]!.inside));
      await old.close();
      expect(await recordIndexes(location)).toContain('records_geog');

      const store = await openStore(location);
      expect(store.schemaVersion).toBe(SCHEMA_VERSION);
      expect(await store.count()).toBe(RECORDS.length);
      expect(ids(await all(store.query({ near })))).toEqual(before);
      expect((await store.history(RECORDS[0]!.id)).map((v) => v.record)).toEqual([RECORDS[0], moved]);
      await store.close();
      const indexes = await recordIndexes(location);
      expect(indexes).not.toContain('records_geog');
      expect(indexes).toContain('records_geom');
    } finally {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
