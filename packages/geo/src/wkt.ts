/**
 * Well-known text (WKT) read and write, composed over @terraformer/wkt, with errors that say which
 * text failed. The six simple 2D types (POINT, LINESTRING, POLYGON and their MULTI forms) are read
 * by a small scanner first: they are what city data carries, and terraformer's generated parser is
 * many times slower on them. Anything else (Z or M, EMPTY, GEOMETRYCOLLECTION, text the scanner does
 * not take) goes to terraformer; a property test checks that the two agree.
 */
import { geojsonToWKT, wktToGeoJSON } from '@terraformer/wkt';
import type { Geometry } from 'geojson';

/**
 * Thrown for text that is not WKT terraformer can read.
 *
 * @example
 * ```ts
 * import { parseWkt, WktError } from '@ldn-twin/geo';
 * try { parseWkt('POINT (1)'); } catch (e) { e instanceof WktError; } // true
 * ```
 */
export class WktError extends Error {
  /** The text that failed to parse. */
  readonly input: string;
  constructor(input: string, cause: unknown) {
    const shown = input.length > 80 ? `${input.slice(0, 77)}...` : input;
    super(`Could not read WKT '${shown}': ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'WktError';
    this.input = input;
  }
}

/**
 * Reads WKT (POINT, LINESTRING, POLYGON, MULTI*, GEOMETRYCOLLECTION; Z and M accepted) as a GeoJSON
 * geometry. Coordinates are taken as they are: WKT carries no CRS.
 *
 * @throws {WktError} when the text is not WKT.
 * @example
 * ```ts
 * import { parseWkt } from '@ldn-twin/geo';
 * parseWkt('POINT (-0.1276 51.5072)'); // { type: 'Point', coordinates: [-0.1276, 51.5072] }
 * ```
 */
export function parseWkt(text: string): Geometry {
  const fast = scanSimpleWkt(text);
  if (fast) return fast;
  let geometry: unknown;
  try {
    geometry = wktToGeoJSON(text);
  } catch (error) {
    throw new WktError(text, error);
  }
  if (!geometry || typeof geometry !== 'object' || !('type' in geometry)) {
    throw new WktError(text, 'no geometry found');
  }
  return geometry as Geometry;
}

/**
 * Writes a GeoJSON geometry as WKT.
 *
 * @example
 * ```ts
 * import { toWkt } from '@ldn-twin/geo';
 * toWkt({ type: 'Point', coordinates: [-0.1276, 51.5072] }); // 'POINT (-0.1276 51.5072)'
 * ```
 */
export function toWkt(geometry: Geometry): string {
  return geojsonToWKT(geometry);
}

const SIMPLE = /^\s*(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON)\s*(\(.*\))\s*$/is;
const TYPES = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
} as const;
const NUMBER = /[-+0-9.eE]/;

class NotSimple extends Error {}

/**
 * Reads the simple WKT types by scanning their nested parentheses, or gives undefined (not an
 * error) for anything it does not take, which then goes to the full parser.
 */
function scanSimpleWkt(text: string): Geometry | undefined {
  const match = SIMPLE.exec(text);
  if (!match) return undefined;
  const keyword = match[1]!.toUpperCase() as keyof typeof TYPES;
  const body = match[2]!;
  let at = 0;
  const skip = () => {
    while (at < body.length && /\s/.test(body[at]!)) at++;
  };
  const expect = (char: string) => {
    skip();
    if (body[at] !== char) throw new NotSimple();
    at++;
  };
  const next = (char: string): boolean => {
    skip();
    if (body[at] !== char) return false;
    at++;
    return true;
  };
  const position = (): number[] => {
    const numbers: number[] = [];
    for (;;) {
      skip();
      const start = at;
      while (at < body.length && NUMBER.test(body[at]!)) at++;
      if (start === at) break;
      const value = Number(body.slice(start, at));
      if (!Number.isFinite(value)) throw new NotSimple();
      numbers.push(value);
    }
    if (numbers.length < 2 || numbers.length > 4) throw new NotSimple();
    return numbers;
  };
  /** `( item, item, ... )` */
  const listOf = <T>(item: () => T): T[] => {
    expect('(');
    const items = [item()];
    while (next(',')) items.push(item());
    expect(')');
    return items;
  };
  const line = () => listOf(position);
  const polygon = () => listOf(line);
  try {
    const coordinates =
      keyword === 'POINT'
        ? listOf(position)[0]
        : keyword === 'LINESTRING'
          ? line()
          : keyword === 'POLYGON' || keyword === 'MULTILINESTRING'
            ? polygon()
            : keyword === 'MULTIPOLYGON'
              ? listOf(polygon)
              : // MULTIPOINT writes its points with or without their own parentheses.
                listOf(() => {
                  skip();
                  return body[at] === '(' ? listOf(position)[0]! : position();
                });
    skip();
    if (at !== body.length || coordinates === undefined) return undefined;
    return { type: TYPES[keyword], coordinates } as Geometry;
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}
