/**
 * Topology-preserving simplification for web maps. Shared borders become single arcs (topojson) and
 * are simplified once, so neighbouring polygons keep meeting exactly; a plain per-polygon simplify
 * (turf.simplify) lets them drift apart into slivers and overlaps.
 */
import type { FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';
import { feature, quantize } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, simplify, sphericalTriangleArea } from 'topojson-simplify';

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
