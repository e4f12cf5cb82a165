/**
 * Well-known text (WKT) read and write, composed over @terraformer/wkt, with errors that say which
 * text failed.
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
