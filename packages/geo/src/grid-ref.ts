/**
 * Ordnance Survey grid references ('TQ 30 80', 'TQ3080', 'TQ 30123 80456'): parse, format, the square
 * a reference covers, and conversion to and from WGS 84. Both directions are here rather than taken
 * from geodesy's `OsGridRef`: it rejects the O and J squares, reports every problem as the same
 * "invalid grid reference", and brings its own datum code (a browser app pays for it) where the datum
 * step here is OSTN15. A property test checks the formatting against geodesy's.
 */
import { bngToWgs84, type Wgs84Coordinate, wgs84ToBng } from './bng-transform.js';

/**
 * Thrown for text that is not an OS grid reference; the message says what is wrong.
 *
 * @example
 * ```ts
 * import { GridReferenceError, parseGridRef } from '@ldn-twin/geo';
 * try { parseGridRef('TQ 123'); } catch (e) { e instanceof GridReferenceError; } // true
 * ```
 */
export class GridReferenceError extends Error {
  /** The text that failed to parse. */
  readonly input: string;
  constructor(input: string, reason: string) {
    super(`'${input}' is not an OS grid reference: ${reason}`);
    this.name = 'GridReferenceError';
    this.input = input;
  }
}

/**
 * A parsed grid reference: the south-west corner of the square it names, and that square's size.
 *
 * @example
 * ```ts
 * import { parseGridRef } from '@ldn-twin/geo';
 * const ref = parseGridRef('TQ 30 80'); // { easting: 530000, northing: 180000, precision: 1000, digits: 4 }
 * ```
 */
export interface GridRef {
  /** Easting of the square's south-west corner, metres. */
  readonly easting: number;
  /** Northing of the square's south-west corner, metres. */
  readonly northing: number;
  /** Side of the square the reference names, metres (100000 for letters only, 1 for 10 digits). */
  readonly precision: number;
  /** Number of digits after the letters (0, 2, 4, 6, 8 or 10). */
  readonly digits: GridRefDigits;
}

/**
 * Digits in a grid reference: 0 (100 km) to 10 (1 m).
 *
 * @example
 * ```ts
 * import { formatGridRef, type GridRefDigits } from '@ldn-twin/geo';
 * const digits: GridRefDigits = 6;
 * formatGridRef(530123, 180456, { digits }); // 'TQ 301 804'
 * ```
 */
export type GridRefDigits = 0 | 2 | 4 | 6 | 8 | 10;

const FIRST_LETTERS = 'HJNOST';
// The 25 letters of each 5 x 5 block, 'I' left out, read from the north-west corner row by row.
const LETTERS = 'ABCDEFGHJKLMNOPQRSTUVWXYZ';

/**
 * Parses an OS grid reference at any precision, with or without spaces.
 *
 * @throws {GridReferenceError} naming the problem: unknown letters, an odd number of digits,
 *   easting and northing of different lengths, or stray characters.
 * @example
 * ```ts
 * import { parseGridRef } from '@ldn-twin/geo';
 * parseGridRef('TQ3080'); // { easting: 530000, northing: 180000, precision: 1000, digits: 4 }
 * parseGridRef('TQ 30123 80456').precision; // 1
 * ```
 */
export function parseGridRef(text: string): GridRef {
  const input = String(text);
  const ref = input.trim().toUpperCase();
  const letters = ref.slice(0, 2);
  if (!/^[A-Z]{2}/.test(letters)) {
    throw new GridReferenceError(input, 'it must start with two letters naming a 100 km square, as in TQ');
  }
  if (!FIRST_LETTERS.includes(letters[0] as string) || !LETTERS.includes(letters[1] as string)) {
    throw new GridReferenceError(
      input,
      `'${letters}' is not a 100 km square of the National Grid (the first letter is one of H, J, N, O, S, T; the second any letter but I)`,
    );
  }
  const rest = ref.slice(2).trim();
  if (/[^0-9\s]/.test(rest)) {
    throw new GridReferenceError(input, 'only digits and spaces may follow the letters');
  }
  const groups = rest.split(/\s+/).filter((g) => g.length > 0);
  let eastDigits: string;
  let northDigits: string;
  if (groups.length === 0) {
    eastDigits = '';
    northDigits = '';
  } else if (groups.length === 1) {
    const all = groups[0] as string;
    if (all.length % 2 !== 0) {
      throw new GridReferenceError(
        input,
        `it has ${all.length} digits; it needs an even number, half for the easting and half for the northing`,
      );
    }
    eastDigits = all.slice(0, all.length / 2);
    northDigits = all.slice(all.length / 2);
  } else if (groups.length === 2) {
    eastDigits = groups[0] as string;
    northDigits = groups[1] as string;
    if (eastDigits.length !== northDigits.length) {
      throw new GridReferenceError(
        input,
        `the easting has ${eastDigits.length} digits and the northing ${northDigits.length}; they must match`,
      );
    }
  } else {
    throw new GridReferenceError(input, 'expected at most two groups of digits (easting and northing)');
  }
  const digits = eastDigits.length * 2;
  if (digits > 10) {
    throw new GridReferenceError(input, `it has ${digits} digits; at most 10 (1 m precision) are supported`);
  }
  // The first letter picks a 500 km square counted from SV (false origin); the second a 100 km square in it.
  const first = LETTERS.indexOf(letters[0] as string);
  const second = LETTERS.indexOf(letters[1] as string);
  const e100km = ((first % 5) - 2) * 5 + (second % 5);
  const n100km = (3 - Math.floor(first / 5)) * 5 + (4 - Math.floor(second / 5));
  if (e100km < 0 || e100km > 6 || n100km > 12) {
    throw new GridReferenceError(
      input,
      `the square '${letters}' lies outside the National Grid (0 to 700 km east, 0 to 1300 km north)`,
    );
  }
  const precision = 10 ** (5 - digits / 2);
  const easting = e100km * 100000 + (digits > 0 ? Number(eastDigits) * precision : 0);
  const northing = n100km * 100000 + (digits > 0 ? Number(northDigits) * precision : 0);
  return { easting, northing, precision, digits: digits as GridRefDigits };
}

/**
 * Options for {@link formatGridRef}.
 *
 * @example
 * ```ts
 * import { formatGridRef } from '@ldn-twin/geo';
 * formatGridRef(530123, 180456, { digits: 4, spaces: false }); // 'TQ3080'
 * ```
 */
export interface FormatGridRefOptions {
  /** Digits after the letters: 10 (1 m) by default. */
  readonly digits?: GridRefDigits;
  /** Separate letters, easting and northing with spaces (default true). */
  readonly spaces?: boolean;
}

/**
 * Formats an easting/northing (metres) as a grid reference naming the square that contains it
 * (digits are truncated, not rounded, as the OS convention has it).
 *
 * @throws {RangeError} for a point outside the National Grid or an unsupported number of digits.
 * @example
 * ```ts
 * import { formatGridRef } from '@ldn-twin/geo';
 * formatGridRef(530123, 180456); // 'TQ 30123 80456'
 * formatGridRef(530123, 180456, { digits: 4 }); // 'TQ 30 80'
 * ```
 */
export function formatGridRef(easting: number, northing: number, options: FormatGridRefOptions = {}): string {
  const digits = options.digits ?? 10;
  if (![0, 2, 4, 6, 8, 10].includes(digits))
    throw new RangeError(`digits must be 0, 2, 4, 6, 8 or 10, not ${digits}`);
  if (!(easting >= 0 && easting < 700000 && northing >= 0 && northing < 1300000)) {
    throw new RangeError(`(${easting}, ${northing}) lies outside the National Grid`);
  }
  const e100km = Math.floor(easting / 100000);
  const n100km = Math.floor(northing / 100000);
  // The inverse of parseGridRef's letter arithmetic: a 500 km square from SV, then a 100 km one in it.
  const first = (3 - Math.floor(n100km / 5)) * 5 + Math.floor(e100km / 5) + 2;
  const second = (4 - (n100km % 5)) * 5 + (e100km % 5);
  const letters = `${LETTERS[first]}${LETTERS[second]}`;
  if (digits === 0) return letters;
  const half = digits / 2;
  const part = (metres: number) =>
    String(Math.floor((metres % 100000) / 10 ** (5 - half))).padStart(half, '0');
  const sep = options.spaces === false ? '' : ' ';
  return [letters, part(easting), part(northing)].join(sep);
}

/**
 * The square a grid reference covers, in National Grid metres (min inclusive, max exclusive).
 *
 * @example
 * ```ts
 * import { gridRefSquare } from '@ldn-twin/geo';
 * gridRefSquare('TQ 30 80');
 * // { minEasting: 530000, minNorthing: 180000, maxEasting: 531000, maxNorthing: 181000 }
 * ```
 */
export function gridRefSquare(ref: string | GridRef): {
  minEasting: number;
  minNorthing: number;
  maxEasting: number;
  maxNorthing: number;
} {
  const r = typeof ref === 'string' ? parseGridRef(ref) : ref;
  return {
    minEasting: r.easting,
    minNorthing: r.northing,
    maxEasting: r.easting + r.precision,
    maxNorthing: r.northing + r.precision,
  };
}

/**
 * The WGS 84 position of a grid reference's square, its centre by default, through OSTN15.
 *
 * @example
 * ```ts
 * import { gridRefToWgs84 } from '@ldn-twin/geo';
 * gridRefToWgs84('TQ 30 80'); // centre of the 1 km square: { lon, lat, method: 'ostn15' }
 * gridRefToWgs84('TQ 30 80', { at: 'south-west' }); // its corner
 * ```
 */
export function gridRefToWgs84(
  ref: string | GridRef,
  options: { at?: 'centre' | 'south-west' } = {},
): Wgs84Coordinate {
  const r = typeof ref === 'string' ? parseGridRef(ref) : ref;
  const half = options.at === 'south-west' ? 0 : r.precision / 2;
  return bngToWgs84(r.easting + half, r.northing + half);
}

/**
 * The grid reference of the square containing a WGS 84 point, through OSTN15.
 *
 * @example
 * ```ts
 * import { wgs84ToGridRef } from '@ldn-twin/geo';
 * wgs84ToGridRef(-0.1276, 51.5072, { digits: 6 }); // 'TQ 300 803'
 * ```
 */
export function wgs84ToGridRef(lon: number, lat: number, options: FormatGridRefOptions = {}): string {
  const p = wgs84ToBng(lon, lat);
  return formatGridRef(p.easting, p.northing, options);
}
