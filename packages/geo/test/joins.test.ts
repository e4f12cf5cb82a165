import {
  boroughBoundaries,
  boroughIndexesAt,
  createFeatureIndex,
  createPointIndex,
  distanceMetres,
  NO_BOROUGH,
  pointsInPolygons,
} from '@ldn-twin/geo';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './helpers.js';

function randomLondon(n: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = -0.52 + random() * 0.86;
    out[2 * i + 1] = 51.27 + random() * 0.43;
  }
  return out;
}

describe('points-in-polygons join', () => {
  it('agrees with brute-force turf and with the borough index', () => {
    const pts = randomLondon(3000, 11);
    const fc = boroughBoundaries();
    const joined = pointsInPolygons(pts, fc);
    const boroughs = boroughIndexesAt(pts);
    for (let i = 0; i < 3000; i++) {
      const pt = [pts[2 * i] as number, pts[2 * i + 1] as number];
      const brute = fc.features.findIndex((f) => booleanPointInPolygon(pt, f));
      expect(joined[i]).toBe(brute);
      expect(boroughs[i]).toBe(brute === -1 ? NO_BOROUGH : brute);
    }
  }, 60_000);

  it('indexes feature boxes', () => {
    const index = createFeatureIndex(boroughBoundaries());
    const hits = index.search([-0.09, 51.51, -0.09, 51.51]);
    expect(hits).toContain(0); // City of London
    expect(index.search([10, 10, 11, 11])).toEqual([]);
    expect(createFeatureIndex({ type: 'FeatureCollection', features: [] }).search([0, 0, 1, 1])).toEqual([]);
  });
});

describe('nearest and within', () => {
  const pts = randomLondon(5000, 5);
  const index = createPointIndex(pts);
  const brute = (lon: number, lat: number) =>
    Array.from({ length: 5000 }, (_, i) => ({
      index: i,
      metres: distanceMetres(lon, lat, pts[2 * i] as number, pts[2 * i + 1] as number),
    })).sort((a, b) => a.metres - b.metres);

  it('returns the k nearest by ellipsoidal distance, nearest first', () => {
    const random = seededRandom(99);
    for (let q = 0; q < 20; q++) {
      const lon = -0.5 + random() * 0.8;
      const lat = 51.3 + random() * 0.35;
      const expected = brute(lon, lat).slice(0, 7);
      const got = index.nearest(lon, lat, 7);
      expect(got.map((m) => m.index)).toEqual(expected.map((m) => m.index));
      expect(got[0]!.metres).toBeCloseTo(expected[0]!.metres, 6);
    }
  }, 60_000);

  it('returns every point within a distance in metres', () => {
    const expected = brute(-0.1276, 51.5072).filter((m) => m.metres <= 1500);
    const got = index.within(-0.1276, 51.5072, 1500);
    expect(got.map((m) => m.index)).toEqual(expected.map((m) => m.index));
    expect(got.length).toBeGreaterThan(3);
    expect(index.nearest(-0.1276, 51.5072, 100, 1500).map((m) => m.index)).toEqual(
      expected.map((m) => m.index),
    );
  }, 60_000);

  it('handles empty indexes', () => {
    const empty = createPointIndex(new Float64Array(0));
    expect(empty.nearest(0, 51, 3)).toEqual([]);
    expect(empty.within(0, 51, 1000)).toEqual([]);
  });

  it('measures distance on the ellipsoid', () => {
    // One degree of latitude at 51.5 N on WGS 84 is 111,257 m (meridian arc), not the sphere's 111,195.
    expect(distanceMetres(0, 51, 0, 52)).toBeCloseTo(111257.5, -1);
  });
});
