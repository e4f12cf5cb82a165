/** Test helpers: reference data copied into the package (never read from ../shared at test time). */
import { readFileSync } from 'node:fs';

export interface OsTestVector {
  readonly direction: 'ETRS89_to_OSGB36' | 'OSGB36_to_ETRS89';
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly easting: number;
  readonly northing: number;
}

/** The 80 OS OSTN15 developer-pack vectors (© Crown copyright, Ordnance Survey). */
export function osTestVectors(): OsTestVector[] {
  const text = readFileSync(new URL('./fixtures/ostn15-test-vectors.csv', import.meta.url), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [direction, id, lat, lon, , easting, northing] = line.split(',');
      return {
        direction: direction as OsTestVector['direction'],
        id: id as string,
        lat: Number(lat),
        lon: Number(lon),
        easting: Number(easting),
        northing: Number(northing),
      };
    });
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so runs are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
