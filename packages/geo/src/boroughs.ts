/**
 * Which borough a point is in: one point, or millions at once from typed arrays. Answers are exact
 * against the full-resolution boundaries (they agree with turf's booleanPointInPolygon off the
 * boundaries); the index is built on first use in well under half a second.
 */

import { type BngTransform, createBngTransform } from './bng-transform.js';
import { BOROUGHS, type Borough, boroughBoundaries } from './borough-data.js';
import { createPolygonRasterIndex, NO_POLYGON, type PolygonRasterIndex } from './polygon-raster-index.js';

/**
 * The value batch lookups give a point in no borough (outside London, or in the Thames below mean
 * high water).
 *
 * @example
 * ```ts
 * import { boroughIndexesAt, NO_BOROUGH } from '@ldn-twin/geo';
 * boroughIndexesAt(new Float64Array([0, 0]))[0] === NO_BOROUGH; // true
 * ```
 */
export const NO_BOROUGH = NO_POLYGON;

let index: PolygonRasterIndex | undefined;
function boroughIndex(): PolygonRasterIndex {
  index ??= createPolygonRasterIndex(boroughBoundaries().features.map((f) => f.geometry));
  return index;
}

/**
 * Builds the borough index now rather than on first lookup (it takes tens of milliseconds), and
 * reports its size in bytes.
 *
 * @example
 * ```ts
 * import { prepareBoroughIndex } from '@ldn-twin/geo';
 * const bytes = prepareBoroughIndex(); // a few MB
 * ```
 */
export function prepareBoroughIndex(): number {
  return boroughIndex().byteLength;
}

/**
 * The borough containing a WGS 84 point, or undefined outside London (and in the Thames).
 *
 * A point exactly on a border belongs to the borough immediately east of it, or, where the border runs
 * exactly east-west, immediately north of it; turf's booleanPointInPolygon counts such a point in both.
 *
 * @example
 * ```ts
 * import { boroughAt } from '@ldn-twin/geo';
 * boroughAt(-0.1276, 51.5072); // { code: 'E09000033', name: 'Westminster', inner: true }
 * ```
 */
export function boroughAt(lon: number, lat: number): Borough | undefined {
  const i = boroughIndex().lookup(lon, lat);
  return i === NO_BOROUGH ? undefined : BOROUGHS[i];
}

/**
 * Batch lookup: interleaved lon/lat pairs in, one byte per point out, the borough's position in
 * {@link BOROUGHS} or {@link NO_BOROUGH}. Pass `out` to reuse a buffer.
 *
 * @example
 * ```ts
 * import { BOROUGHS, boroughIndexesAt, NO_BOROUGH } from '@ldn-twin/geo';
 * const idx = boroughIndexesAt(new Float64Array([-0.1276, 51.5072, -0.0877, 51.5055]));
 * const codes = Array.from(idx, (i) => (i === NO_BOROUGH ? null : BOROUGHS[i]!.code));
 * ```
 */
export function boroughIndexesAt(lonLat: Float64Array, out?: Uint8Array): Uint8Array {
  return boroughIndex().lookupBatch(lonLat, out);
}

let bng: BngTransform | undefined;

/**
 * The borough containing a British National Grid point. The point goes through OSTN15 first: a 2 m
 * Helmert error would misplace points near borders.
 *
 * @example
 * ```ts
 * import { boroughAtBng } from '@ldn-twin/geo';
 * boroughAtBng(529090, 179645); // Westminster
 * ```
 */
export function boroughAtBng(easting: number, northing: number): Borough | undefined {
  bng ??= createBngTransform();
  const p = bng.toWgs84(easting, northing);
  return boroughAt(p.lon, p.lat);
}

/**
 * Batch form of {@link boroughAtBng}: interleaved easting/northing pairs in, borough positions out.
 *
 * @example
 * ```ts
 * import { boroughIndexesAtBng } from '@ldn-twin/geo';
 * const idx = boroughIndexesAtBng(new Float64Array([529090, 179645, 533000, 181000]));
 * ```
 */
export function boroughIndexesAtBng(eastingNorthing: Float64Array, out?: Uint8Array): Uint8Array {
  bng ??= createBngTransform();
  return boroughIndexesAt(bng.toWgs84Batch(eastingNorthing).coordinates, out);
}
