/**
 * Spatial joins over GeoJSON features: a flatbush index of feature bounding boxes, and a
 * points-in-polygons join that tests only the polygons whose boxes hold each point (turf's
 * booleanPointInPolygon decides, so boundary points count as inside).
 */

import turfBbox from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { Feature, FeatureCollection, GeoJsonProperties, Geometry, MultiPolygon, Polygon } from 'geojson';

/**
 * A bounding-box index over a feature collection's features, by position.
 *
 * @example
 * ```ts
 * import { createFeatureIndex } from '@ldn-twin/geo';
 * const index = createFeatureIndex(sites);
 * index.search([-0.13, 51.50, -0.12, 51.51]); // positions of features whose boxes meet the box
 * ```
 */
export interface FeatureIndex<G extends Geometry, P extends GeoJsonProperties> {
  readonly features: readonly Feature<G, P>[];
  /** Positions of features whose bounding boxes intersect [west, south, east, north]. */
  search(box: readonly [number, number, number, number]): number[];
}

/**
 * Indexes a feature collection's bounding boxes with flatbush (static, packed R-tree).
 *
 * @example
 * ```ts
 * import { boroughBoundaries, createFeatureIndex } from '@ldn-twin/geo';
 * const index = createFeatureIndex(boroughBoundaries());
 * ```
 */
export function createFeatureIndex<G extends Geometry, P extends GeoJsonProperties>(
  collection: FeatureCollection<G, P>,
): FeatureIndex<G, P> {
  const features = collection.features;
  const tree = new Flatbush(Math.max(1, features.length));
  for (const f of features) {
    const [w, s, e, n] = turfBbox(f);
    tree.add(w, s, e, n);
  }
  // flatbush needs as many boxes as it was sized for; an empty collection gets one that matches nothing.
  if (features.length === 0) tree.add(Infinity, Infinity, Infinity, Infinity);
  tree.finish();
  return {
    features,
    search: ([w, s, e, n]) => (features.length === 0 ? [] : tree.search(w, s, e, n)),
  };
}

/**
 * For each point (interleaved lon/lat pairs), the position of the first polygon feature, in
 * collection order, that contains it, or -1. Boundary points count as inside (turf's rule).
 *
 * @example
 * ```ts
 * import { pointsInPolygons } from '@ldn-twin/geo';
 * const hits = pointsInPolygons(new Float64Array([-0.1276, 51.5072]), wards); // Int32Array [ward position]
 * ```
 */
export function pointsInPolygons(
  lonLat: Float64Array,
  polygons:
    | FeatureCollection<Polygon | MultiPolygon>
    | FeatureIndex<Polygon | MultiPolygon, GeoJsonProperties>,
): Int32Array {
  if (lonLat.length % 2 !== 0)
    throw new RangeError('Point input must hold an even number of values (lon, lat pairs)');
  const index = 'search' in polygons ? polygons : createFeatureIndex(polygons);
  const out = new Int32Array(lonLat.length / 2).fill(-1);
  for (let i = 0; i < out.length; i++) {
    const x = lonLat[2 * i] as number;
    const y = lonLat[2 * i + 1] as number;
    const candidates = index.search([x, y, x, y]).sort((a, b) => a - b);
    for (const c of candidates) {
      if (booleanPointInPolygon([x, y], index.features[c] as Feature<Polygon | MultiPolygon>)) {
        out[i] = c;
        break;
      }
    }
  }
  return out;
}
