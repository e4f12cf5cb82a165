/**
 * The OSTN15 shift grid in memory, and the bilinear interpolation EPSG method 9633 prescribes.
 * Grids ship encoded (see scripts/generate-ostn15.ts) and are decoded once, on first use.
 */
import { base64ToBytes } from './base64.js';

/**
 * A window of the OSTN15 1 km grid as it ships: millimetre shifts coded as gradient-predictor
 * residuals (zigzag varint, base64). Produced by `scripts/generate-ostn15.ts`.
 *
 * @example
 * ```ts
 * import { decodeShiftGrid, ostn15London } from '@ldn-twin/geo';
 * const grid = decodeShiftGrid(ostn15London);
 * grid.columns; // 71
 * ```
 */
export interface EncodedShiftGrid {
  /** Easting of the south-west node, in km. */
  readonly minEastingKm: number;
  /** Northing of the south-west node, in km. */
  readonly minNorthingKm: number;
  /** Nodes per row (west to east). */
  readonly columns: number;
  /** Rows of nodes (south to north). */
  readonly rows: number;
  /** East shifts, coded. */
  readonly east: string;
  /** North shifts, coded. */
  readonly north: string;
}

/**
 * A decoded OSTN15 grid: shifts in metres at 1 km nodes, row-major from the south-west node.
 *
 * @example
 * ```ts
 * import { decodeShiftGrid, ostn15London } from '@ldn-twin/geo';
 * const grid = decodeShiftGrid(ostn15London);
 * grid.east[0]; // east shift at (500 km, 150 km), metres
 * ```
 */
export interface ShiftGrid {
  readonly minEastingKm: number;
  readonly minNorthingKm: number;
  readonly columns: number;
  readonly rows: number;
  /** East shift (OSGB36 minus ETRS89 TM easting) per node, metres. */
  readonly east: Float64Array;
  /** North shift per node, metres. */
  readonly north: Float64Array;
}

function decodeComponent(text: string, columns: number, rows: number): Float64Array {
  const bytes = base64ToBytes(text);
  const mm = new Int32Array(columns * rows);
  let pos = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      let zigzag = 0;
      let scale = 1;
      let byte: number;
      do {
        byte = bytes[pos++] as number;
        zigzag += (byte & 0x7f) * scale;
        scale *= 128;
      } while (byte & 0x80);
      const residual = zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
      const i = c + r * columns;
      const west = c > 0 ? (mm[i - 1] as number) : 0;
      const south = r > 0 ? (mm[i - columns] as number) : 0;
      const southWest = c > 0 && r > 0 ? (mm[i - columns - 1] as number) : 0;
      const predicted = c > 0 && r > 0 ? west + south - southWest : c > 0 ? west : south;
      mm[i] = predicted + residual;
    }
  }
  const metres = new Float64Array(mm.length);
  for (let i = 0; i < mm.length; i++) metres[i] = (mm[i] as number) / 1000;
  return metres;
}

/**
 * Decodes a shipped OSTN15 window into shifts in metres.
 *
 * @example
 * ```ts
 * import { decodeShiftGrid, ostn15London } from '@ldn-twin/geo';
 * const grid = decodeShiftGrid(ostn15London);
 * ```
 */
export function decodeShiftGrid(encoded: EncodedShiftGrid): ShiftGrid {
  return {
    minEastingKm: encoded.minEastingKm,
    minNorthingKm: encoded.minNorthingKm,
    columns: encoded.columns,
    rows: encoded.rows,
    east: decodeComponent(encoded.east, encoded.columns, encoded.rows),
    north: decodeComponent(encoded.north, encoded.columns, encoded.rows),
  };
}

/**
 * Bilinear shift at ETRS89 TM coordinates (x, y) in metres, written into `out[0..1]`.
 * Returns false, leaving `out` untouched, when (x, y) lies outside the grid's nodes.
 */
export function interpolateShift(grid: ShiftGrid, x: number, y: number, out: Float64Array): boolean {
  const gx = x / 1000 - grid.minEastingKm;
  const gy = y / 1000 - grid.minNorthingKm;
  if (!(gx >= 0 && gy >= 0 && gx <= grid.columns - 1 && gy <= grid.rows - 1)) return false;
  // The last row and column belong to the cell below them, so a point on the far edge still has four nodes.
  const c = Math.min(Math.floor(gx), grid.columns - 2);
  const r = Math.min(Math.floor(gy), grid.rows - 2);
  const t = gx - c;
  const u = gy - r;
  const i = c + r * grid.columns;
  const j = i + grid.columns;
  const w00 = (1 - t) * (1 - u);
  const w10 = t * (1 - u);
  const w11 = t * u;
  const w01 = (1 - t) * u;
  const e = grid.east;
  const n = grid.north;
  out[0] =
    w00 * (e[i] as number) + w10 * (e[i + 1] as number) + w11 * (e[j + 1] as number) + w01 * (e[j] as number);
  out[1] =
    w00 * (n[i] as number) + w10 * (n[i + 1] as number) + w11 * (n[j + 1] as number) + w01 * (n[j] as number);
  return true;
}
