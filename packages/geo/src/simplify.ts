/**
 * Topology-preserving simplification for web maps. Shared borders become single arcs (topojson) and
 * are simplified once, so neighbouring polygons keep meeting exactly; a plain per-polygon simplify
 * (turf.simplify) lets them drift apart into slivers and overlaps.
 */

import { simplify as douglasPeucker } from '@turf/simplify';
import type {
  FeatureCollection,
  GeoJsonProperties,
  Geometry,
  MultiPolygon,
  Polygon,
  Position,
} from 'geojson';
import { feature, quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify, sphericalTriangleArea } from 'topojson-simplify';
import { toWkt } from './wkt.js';

const EARTH_RADIUS = 6371008.8;

/**
 * Options for {@link simplifyForWeb}.
 *
 * @example
 * ```ts
 * import { simplifyForWeb } from '@ldn-twin/geo';
 * simplifyForWeb(fc, { minArea: 5000, quantization: 1e5 });
 * ```
 */
export interface SimplifyForWebOptions {
  /**
   * Visvalingam threshold: vertices whose triangle with their neighbours is smaller than this many
   * square metres go (default 2000 m2, which keeps borough outlines crisp at street-map zooms).
   */
  readonly minArea?: number;
  /** Grid the output is snapped to, per side of the bounding box (default 1e5: about 0.6 m in London). */
  readonly quantization?: number;
}

/**
 * A topojson topology as topojson-client reads it; kept structural so the public types need no
 * topojson packages.
 */
interface TopologyLike {
  type: 'Topology';
  arcs: number[][][];
  objects: Record<string, { type: string }>;
  transform?: { scale: [number, number]; translate: [number, number] };
}

/**
 * Simplified topology of a feature collection, quantized, as a plain object: what
 * {@link simplifyForWeb} decodes, and what the generated web boundaries ship.
 */
export function simplifyToTopology(
  collection: FeatureCollection,
  options: SimplifyForWebOptions = {},
): TopologyLike {
  const minArea = options.minArea ?? 2000;
  const quantization = options.quantization ?? 1e5;
  // Quantize before building arcs so vertices that differ by float noise still join into one arc.
  const topo = topology({ features: collection }, quantization);
  const weighted = presimplify(topo as never, sphericalTriangleArea);
  const simplified = simplify(weighted, minArea / (EARTH_RADIUS * EARTH_RADIUS)) as unknown as TopologyLike;
  // presimplify leaves each point's weight as a third value: drop it before quantizing for output.
  simplified.arcs = simplified.arcs.map((arc) => arc.map((p) => [p[0] as number, p[1] as number]));
  return quantize(simplified as never, quantization) as unknown as TopologyLike;
}

/**
 * Decodes a topology made by {@link simplifyToTopology} back into GeoJSON features.
 */
export function topologyToFeatures<G extends Geometry, P extends GeoJsonProperties>(
  topo: TopologyLike,
): FeatureCollection<G, P> {
  const object = topo.objects.features;
  if (!object) throw new Error('Topology has no "features" object');
  return feature(topo as never, object as never) as unknown as FeatureCollection<G, P>;
}

/**
 * Simplifies polygons or lines for web maps while keeping shared borders shared (topology-preserving
 * Visvalingam on the sphere, then snapping to a grid). Properties are kept.
 *
 * @example
 * ```ts
 * import { boroughBoundaries, simplifyForWeb } from '@ldn-twin/geo';
 * const light = simplifyForWeb(boroughBoundaries(), { minArea: 2000 }); // about a tenth of the vertices
 * ```
 */
export function simplifyForWeb<G extends Geometry, P extends GeoJsonProperties>(
  collection: FeatureCollection<G, P>,
  options: SimplifyForWebOptions = {},
): FeatureCollection<G, P> {
  return topologyToFeatures<G, P>(simplifyToTopology(collection, options));
}

/**
 * A geometry made to fit a limit by {@link simplifyToFit}, and what was done to it.
 *
 * @example
 * ```ts
 * const note = (f: FittedGeometry<Polygon>) =>
 *   f.simplified ? `${f.originalVertices} vertices simplified to ${f.vertices}` : 'sent as given';
 * ```
 */
export interface FittedGeometry<G extends Polygon | MultiPolygon> {
  readonly geometry: G | Polygon;
  /** False when the geometry fitted as given (and is returned unchanged). */
  readonly simplified: boolean;
  /**
   * `none` (as given), `rounded` (coordinates to 6 decimals, about 0.1 m), `simplified` (rounded and
   * vertices dropped, Douglas-Peucker), or `envelope` (no simplified outline fitted: its bounding box).
   */
  readonly method: 'none' | 'rounded' | 'simplified' | 'envelope';
  readonly vertices: number;
  readonly originalVertices: number;
}

/**
 * Options of {@link simplifyToFit}.
 *
 * @example
 * ```ts
 * const url: FitOptions = { maxLength: 6000, length: (wkt) => encodeURIComponent(wkt).length };
 * ```
 */
export interface FitOptions {
  /** The most characters the geometry's WKT may take (as `length` measures it). */
  readonly maxLength: number;
  /** How the WKT is measured, e.g. once URL-encoded (default: its length). */
  readonly length?: (wkt: string) => number;
}

/**
 * Simplifies a polygon just enough that its WKT fits a length (e.g. a service's URL limit): first
 * its coordinates are rounded to 6 decimals (about 0.1 m), then vertices are dropped
 * (Douglas-Peucker, the tolerance raised by half at each step until it fits), and as a last resort
 * its bounding box is used. A geometry that fits is returned unchanged. Linear in the vertices:
 * an outline of 10^6 vertices is not written out as WKT to find that it does not fit.
 *
 * @example
 * ```ts
 * import { simplifyToFit } from '@ldn-twin/geo';
 * const fitted = simplifyToFit(site, { maxLength: 6000 });
 * if (fitted.simplified) console.log(`${fitted.originalVertices} -> ${fitted.vertices} vertices`);
 * ```
 */
export function simplifyToFit<G extends Polygon | MultiPolygon>(
  geometry: G,
  options: FitOptions,
): FittedGeometry<G> {
  const measure = options.length ?? ((wkt: string) => wkt.length);
  // Every vertex takes at least 4 characters ("x y,"): more than that cannot fit.
  const fits = (g: Polygon | MultiPolygon) =>
    vertexCount(g) * 4 <= options.maxLength && measure(toWkt(g)) <= options.maxLength;
  const originalVertices = vertexCount(geometry);
  const result = (g: G | Polygon, method: FittedGeometry<G>['method']): FittedGeometry<G> => ({
    geometry: g,
    simplified: method !== 'none',
    method,
    vertices: vertexCount(g),
    originalVertices,
  });
  if (fits(geometry)) return result(geometry, 'none');
  const rounded = roundCoordinates(geometry);
  if (fits(rounded)) return result(rounded, 'rounded');
  const [xmin, ymin, xmax, ymax] = bounds(geometry);
  // Each step simplifies the last one's output: cheap once the first has dropped most vertices.
  let tolerance = Math.hypot(xmax - xmin, ymax - ymin) * 1e-7;
  let current: G = rounded;
  for (let step = 0; step < 60; step += 1) {
    current = douglasPeucker(current, { tolerance, highQuality: false });
    if (fits(current)) return result(current, 'simplified');
    tolerance *= 1.5;
  }
  const envelope: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [xmin, ymin],
        [xmax, ymin],
        [xmax, ymax],
        [xmin, ymax],
        [xmin, ymin],
      ].map(([x, y]) => [round6(x!), round6(y!)]),
    ],
  };
  return result(envelope, 'envelope');
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

function rings(geometry: Polygon | MultiPolygon): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

function vertexCount(geometry: Polygon | MultiPolygon): number {
  return rings(geometry).reduce((n, ring) => n + ring.length, 0);
}

function roundCoordinates<G extends Polygon | MultiPolygon>(geometry: G): G {
  const ring = (r: Position[]) => r.map((p) => [round6(p[0]!), round6(p[1]!)]);
  return (
    geometry.type === 'Polygon'
      ? { type: 'Polygon', coordinates: geometry.coordinates.map(ring) }
      : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(ring)) }
  ) as G;
}

function bounds(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  let [xmin, ymin, xmax, ymax] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings(geometry)) {
    for (const [x, y] of ring) {
      xmin = Math.min(xmin, x!);
      ymin = Math.min(ymin, y!);
      xmax = Math.max(xmax, x!);
      ymax = Math.max(ymax, y!);
    }
  }
  return [xmin, ymin, xmax, ymax];
}
