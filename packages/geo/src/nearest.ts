/**
 * Nearest-neighbour and within-distance searches over points, in metres on the WGS 84 ellipsoid.
 * kdbush indexes the points and geokdbush walks the tree by great-circle distance on a 6371 km
 * sphere; the candidates are then measured on the ellipsoid (Vincenty, via geodesy) and re-ranked,
 * with a search margin that covers the sphere's 0.5% disagreement with the ellipsoid.
 */
import LatLon from 'geodesy/latlon-ellipsoidal-vincenty.js';
import { around } from 'geokdbush';
import KDBush from 'kdbush';

// @types/geodesy declares the constructor without its (lat, lon) parameters.
const Vincenty = LatLon as unknown as new (lat: number, lon: number) => LatLon;

// The sphere under-/over-states ellipsoidal distances by well under 0.6%; search that much further.
const SPHERE_MARGIN = 1.006;

/**
 * A point found by a search: its position in the indexed points and its distance in metres.
 *
 * @example
 * ```ts
 * import { createPointIndex, type PointMatch } from '@ldn-twin/geo';
 * const [first]: PointMatch[] = createPointIndex(lonLat).nearest(-0.1276, 51.5072, 1);
 * ```
 */
export interface PointMatch {
  readonly index: number;
  readonly metres: number;
}

/**
 * A static index over points (interleaved lon/lat pairs).
 *
 * @example
 * ```ts
 * import { createPointIndex } from '@ldn-twin/geo';
 * const stations = createPointIndex(new Float64Array([-0.1246, 51.5081, -0.1419, 51.5154]));
 * stations.nearest(-0.1276, 51.5072, 1); // [{ index: 0, metres: 231.1 }]
 * stations.within(-0.1276, 51.5072, 500); // every station within 500 m, nearest first
 * ```
 */
export interface PointIndex {
  /** Number of indexed points. */
  readonly size: number;
  /** The k nearest points, nearest first, optionally no further than `maxMetres`. */
  nearest(lon: number, lat: number, k: number, maxMetres?: number): PointMatch[];
  /** Every point within `metres` (inclusive), nearest first. */
  within(lon: number, lat: number, metres: number): PointMatch[];
}

/**
 * Geodesic distance in metres between two WGS 84 points (Vincenty on the ellipsoid, via geodesy).
 *
 * @example
 * ```ts
 * import { distanceMetres } from '@ldn-twin/geo';
 * distanceMetres(-0.1276, 51.5072, -0.0877, 51.5055); // about 2777
 * ```
 */
export function distanceMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  if (lon1 === lon2 && lat1 === lat2) return 0;
  return new Vincenty(lat1, lon1).distanceTo(new Vincenty(lat2, lon2));
}

/**
 * Builds a {@link PointIndex} over interleaved lon/lat pairs.
 *
 * @example
 * ```ts
 * import { createPointIndex } from '@ldn-twin/geo';
 * const index = createPointIndex(new Float64Array([-0.1246, 51.5081, -0.1419, 51.5154]));
 * ```
 */
export function createPointIndex(lonLat: Float64Array): PointIndex {
  if (lonLat.length % 2 !== 0)
    throw new RangeError('Point input must hold an even number of values (lon, lat pairs)');
  const size = lonLat.length / 2;
  const tree = new KDBush(Math.max(1, size));
  for (let i = 0; i < size; i++) tree.add(lonLat[2 * i] as number, lonLat[2 * i + 1] as number);
  if (size === 0) tree.add(0, 90);
  tree.finish();
  const measure = (lon: number, lat: number, ids: number[]): PointMatch[] =>
    ids
      .filter((i) => i < size)
      .map((i) => ({
        index: i,
        metres: distanceMetres(lon, lat, lonLat[2 * i] as number, lonLat[2 * i + 1] as number),
      }))
      .sort((a, b) => a.metres - b.metres || a.index - b.index);

  return {
    size,
    nearest(lon, lat, k, maxMetres = Infinity) {
      if (k <= 0 || size === 0) return [];
      const first = around(tree, lon, lat, k, (maxMetres * SPHERE_MARGIN) / 1000);
      if (first.length === 0) return [];
      // Anything the ellipsoid ranks inside the k-th sphere distance lies within the margin of it.
      const last = first[first.length - 1] as number;
      const kth = distanceMetres(lon, lat, lonLat[2 * last] as number, lonLat[2 * last + 1] as number);
      const radius = Math.min(maxMetres, kth * SPHERE_MARGIN) * SPHERE_MARGIN;
      const candidates = around(tree, lon, lat, Infinity, radius / 1000);
      return measure(lon, lat, candidates)
        .filter((m) => m.metres <= maxMetres)
        .slice(0, k);
    },
    within(lon, lat, metres) {
      if (size === 0) return [];
      const candidates = around(tree, lon, lat, Infinity, (metres * SPHERE_MARGIN) / 1000);
      return measure(lon, lat, candidates).filter((m) => m.metres <= metres);
    },
  };
}
