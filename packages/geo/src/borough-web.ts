/**
 * Web-weight borough boundaries: simplified with shared borders kept shared, so neighbouring
 * boroughs still meet exactly on a map. Generated from the full-resolution boundaries by
 * `REGEN=1 vitest run packages/geo/test/borough-web.test.ts`, which also checks it is up to date.
 */
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { BoroughProperties } from './borough-data.js';
import { boroughsWebTopology } from './data/boroughs-web.js';
import { topologyToFeatures } from './simplify.js';

let web: FeatureCollection<Polygon | MultiPolygon, BoroughProperties> | undefined;

/**
 * The 33 areas simplified for web maps (about a tenth of the vertices, borders still shared), in
 * {@link BOROUGHS} order, with the same properties. Show {@link BOROUGH_ATTRIBUTION} with it.
 * Use {@link boroughBoundaries} for analysis: lookups and areas use the full resolution.
 *
 * @example
 * ```ts
 * import { BOROUGH_ATTRIBUTION, boroughBoundariesForWeb } from '@ldn-twin/geo';
 * map.addSource('boroughs', {
 *   type: 'geojson',
 *   data: boroughBoundariesForWeb(),
 *   attribution: BOROUGH_ATTRIBUTION.join('; '),
 * });
 * ```
 */
export function boroughBoundariesForWeb(): FeatureCollection<Polygon | MultiPolygon, BoroughProperties> {
  web ??= topologyToFeatures<Polygon | MultiPolygon, BoroughProperties>(
    boroughsWebTopology as unknown as Parameters<typeof topologyToFeatures>[0],
  );
  return web;
}
