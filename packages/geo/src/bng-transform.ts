/**
 * British National Grid (OSGB36, EPSG:27700) <-> WGS 84 (ETRS89) with OSTN15, EPSG method 9633:
 * project ETRS89 with the National Grid's transverse Mercator on GRS80, then add the bilinearly
 * interpolated OSTN15 shift; the reverse iterates. Outside the grid a transform holds, the Helmert
 * approximation is used and every such result says so.
 */

import { ostn15London } from './data/ostn15-london.js';
import { helmertBngToWgs84, helmertWgs84ToBng } from './helmert.js';
import { decodeShiftGrid, type EncodedShiftGrid, interpolateShift, type ShiftGrid } from './shift-grid.js';
import { GRS80_NATIONAL_GRID, projectNationalGrid, unprojectNationalGrid } from './transverse-mercator.js';

/**
 * How a coordinate was transformed: exactly with OSTN15, or with the Helmert fallback (good to
 * about 5 m; 1.3 to 2.0 m across London) because it lies outside the transform's grid.
 *
 * @example
 * ```ts
 * import { wgs84ToBng } from '@ldn-twin/geo';
 * const method = wgs84ToBng(-0.1276, 51.5072).method; // 'ostn15'
 * ```
 */
export type TransformMethod = 'ostn15' | 'helmert';

/**
 * A British National Grid coordinate in metres and the method that produced it.
 *
 * @example
 * ```ts
 * import { wgs84ToBng, type BngCoordinate } from '@ldn-twin/geo';
 * const p: BngCoordinate = wgs84ToBng(-0.1276, 51.5072);
 * ```
 */
export interface BngCoordinate {
  readonly easting: number;
  readonly northing: number;
  readonly method: TransformMethod;
}

/**
 * A WGS 84 (ETRS89) coordinate in degrees and the method that produced it.
 *
 * @example
 * ```ts
 * import { bngToWgs84, type Wgs84Coordinate } from '@ldn-twin/geo';
 * const p: Wgs84Coordinate = bngToWgs84(530000, 180000);
 * ```
 */
export interface Wgs84Coordinate {
  readonly lon: number;
  readonly lat: number;
  readonly method: TransformMethod;
}

/**
 * The result of a batch transform: interleaved output pairs, and which points needed Helmert.
 *
 * @example
 * ```ts
 * import { wgs84ToBngBatch } from '@ldn-twin/geo';
 * const { coordinates, helmertCount } = wgs84ToBngBatch(new Float64Array([-0.1276, 51.5072]));
 * ```
 */
export interface BatchTransformResult {
  /** Interleaved [x0, y0, x1, y1, ...] output (easting/northing or lon/lat). */
  readonly coordinates: Float64Array;
  /** 1 where point i used the Helmert fallback, else 0. */
  readonly helmert: Uint8Array;
  /** How many points used the Helmert fallback. */
  readonly helmertCount: number;
}

/**
 * A converter bound to one OSTN15 grid. Create it once and reuse it: the grid is decoded once.
 *
 * @example
 * ```ts
 * import { createBngTransform } from '@ldn-twin/geo';
 * const bng = createBngTransform();
 * bng.toBng(-0.1276, 51.5072); // { easting, northing, method: 'ostn15' }
 * ```
 */
export interface BngTransform {
  /** The decoded OSTN15 grid this transform applies. */
  readonly grid: ShiftGrid;
  /** WGS 84 lon/lat in degrees to National Grid easting/northing in metres. */
  toBng(lon: number, lat: number): BngCoordinate;
  /** National Grid easting/northing in metres to WGS 84 lon/lat in degrees. */
  toWgs84(easting: number, northing: number): Wgs84Coordinate;
  /** Interleaved lon/lat pairs to interleaved easting/northing pairs; `out` may be reused. */
  toBngBatch(lonLat: Float64Array, out?: Float64Array): BatchTransformResult;
  /** Interleaved easting/northing pairs to interleaved lon/lat pairs; `out` may be reused. */
  toWgs84Batch(eastingNorthing: Float64Array, out?: Float64Array): BatchTransformResult;
}

/**
 * Options for {@link createBngTransform}.
 *
 * @example
 * ```ts
 * import { createBngTransform } from '@ldn-twin/geo';
 * import { ostn15Gb } from '@ldn-twin/geo/ostn15-gb';
 * const gb = createBngTransform({ grid: ostn15Gb });
 * ```
 */
export interface BngTransformOptions {
  /** The grid: the Greater London window by default, or `ostn15Gb` from `@ldn-twin/geo/ostn15-gb`. */
  readonly grid?: EncodedShiftGrid | ShiftGrid;
}

const decoded = new WeakMap<EncodedShiftGrid, ShiftGrid>();

function resolveGrid(grid: EncodedShiftGrid | ShiftGrid): ShiftGrid {
  if (typeof grid.east !== 'string') return grid as ShiftGrid;
  const encoded = grid as EncodedShiftGrid;
  let result = decoded.get(encoded);
  if (!result) {
    result = decodeShiftGrid(encoded);
    decoded.set(encoded, result);
  }
  return result;
}

// EPSG 9633 iterates the reverse until the change is below 0.1 mm; shifts vary by about 1e-4 per metre,
// so two or three rounds get there.
const REVERSE_TOLERANCE = 1e-4;
const REVERSE_MAX_ROUNDS = 6;

/**
 * Creates a BNG <-> WGS 84 converter for one OSTN15 grid (the Greater London window by default).
 *
 * @example
 * ```ts
 * import { createBngTransform } from '@ldn-twin/geo';
 * const bng = createBngTransform();
 * const { easting, northing } = bng.toBng(-0.1276, 51.5072);
 * const back = bng.toWgs84(easting, northing);
 * ```
 */
export function createBngTransform(options: BngTransformOptions = {}): BngTransform {
  const grid = resolveGrid(options.grid ?? ostn15London);
  const shift = new Float64Array(2);

  // Both return true when OSTN15 applied, false when they fell back to Helmert.
  function forward(lon: number, lat: number, out: Float64Array): boolean {
    projectNationalGrid(GRS80_NATIONAL_GRID, lon, lat, out);
    const x = out[0] as number;
    const y = out[1] as number;
    if (interpolateShift(grid, x, y, shift)) {
      out[0] = x + (shift[0] as number);
      out[1] = y + (shift[1] as number);
      return true;
    }
    helmertWgs84ToBng(lon, lat, out);
    return false;
  }

  function reverse(easting: number, northing: number, out: Float64Array): boolean {
    if (!interpolateShift(grid, easting, northing, shift)) {
      helmertBngToWgs84(easting, northing, out);
      return false;
    }
    let x = easting - (shift[0] as number);
    let y = northing - (shift[1] as number);
    for (let round = 0; round < REVERSE_MAX_ROUNDS; round++) {
      if (!interpolateShift(grid, x, y, shift)) {
        helmertBngToWgs84(easting, northing, out);
        return false;
      }
      const nx = easting - (shift[0] as number);
      const ny = northing - (shift[1] as number);
      const moved = Math.abs(nx - x) + Math.abs(ny - y);
      x = nx;
      y = ny;
      if (moved < REVERSE_TOLERANCE) break;
    }
    unprojectNationalGrid(GRS80_NATIONAL_GRID, x, y, out);
    return true;
  }

  function batch(
    input: Float64Array,
    out: Float64Array | undefined,
    step: (a: number, b: number, o: Float64Array) => boolean,
  ): BatchTransformResult {
    if (input.length % 2 !== 0)
      throw new RangeError('Batch input must hold an even number of values (x, y pairs)');
    const coordinates = out ?? new Float64Array(input.length);
    if (coordinates.length < input.length) throw new RangeError('Batch output is shorter than the input');
    const helmert = new Uint8Array(input.length / 2);
    const pair = new Float64Array(2);
    let helmertCount = 0;
    for (let i = 0, k = 0; i < input.length; i += 2, k++) {
      if (!step(input[i] as number, input[i + 1] as number, pair)) {
        helmert[k] = 1;
        helmertCount++;
      }
      coordinates[i] = pair[0] as number;
      coordinates[i + 1] = pair[1] as number;
    }
    return { coordinates, helmert, helmertCount };
  }

  const single = new Float64Array(2);
  return {
    grid,
    toBng(lon, lat) {
      const ostn = forward(lon, lat, single);
      return {
        easting: single[0] as number,
        northing: single[1] as number,
        method: ostn ? 'ostn15' : 'helmert',
      };
    },
    toWgs84(easting, northing) {
      const ostn = reverse(easting, northing, single);
      return { lon: single[0] as number, lat: single[1] as number, method: ostn ? 'ostn15' : 'helmert' };
    },
    toBngBatch: (lonLat, out) => batch(lonLat, out, forward),
    toWgs84Batch: (eastingNorthing, out) => batch(eastingNorthing, out, reverse),
  };
}

let london: BngTransform | undefined;
function londonTransform(): BngTransform {
  london ??= createBngTransform();
  return london;
}

/**
 * WGS 84 lon/lat (degrees) to British National Grid easting/northing (metres) with the Greater
 * London OSTN15 window; outside it the result uses Helmert and says so in `method`.
 *
 * @example
 * ```ts
 * import { wgs84ToBng } from '@ldn-twin/geo';
 * wgs84ToBng(-0.1276, 51.5072); // { easting: 530..., northing: 180..., method: 'ostn15' }
 * ```
 */
export function wgs84ToBng(lon: number, lat: number): BngCoordinate {
  return londonTransform().toBng(lon, lat);
}

/**
 * British National Grid easting/northing (metres) to WGS 84 lon/lat (degrees) with the Greater
 * London OSTN15 window; outside it the result uses Helmert and says so in `method`.
 *
 * @example
 * ```ts
 * import { bngToWgs84 } from '@ldn-twin/geo';
 * // OS test vector TP09:
 * bngToWgs84(530624.974, 178388.464); // { lon: -0.11992557, lat: 51.48936565, method: 'ostn15' }
 * ```
 */
export function bngToWgs84(easting: number, northing: number): Wgs84Coordinate {
  return londonTransform().toWgs84(easting, northing);
}

/**
 * Batch form of {@link wgs84ToBng}: interleaved lon/lat in, interleaved easting/northing out.
 *
 * @example
 * ```ts
 * import { wgs84ToBngBatch } from '@ldn-twin/geo';
 * const { coordinates } = wgs84ToBngBatch(new Float64Array([-0.1276, 51.5072, -0.0877, 51.5055]));
 * ```
 */
export function wgs84ToBngBatch(lonLat: Float64Array, out?: Float64Array): BatchTransformResult {
  return londonTransform().toBngBatch(lonLat, out);
}

/**
 * Batch form of {@link bngToWgs84}: interleaved easting/northing in, interleaved lon/lat out.
 *
 * @example
 * ```ts
 * import { bngToWgs84Batch } from '@ldn-twin/geo';
 * const { coordinates } = bngToWgs84Batch(new Float64Array([530000, 180000, 531000, 181000]));
 * ```
 */
export function bngToWgs84Batch(eastingNorthing: Float64Array, out?: Float64Array): BatchTransformResult {
  return londonTransform().toWgs84Batch(eastingNorthing, out);
}
