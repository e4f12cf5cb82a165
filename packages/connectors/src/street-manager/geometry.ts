/**
 * Street Manager geometry: the schema says "GeoJSON format using BNG (EPSG:27700)", but every
 * observed value is a WKT string in EPSG:27700 (`POINT(433674.488 380502.109)`). Both are read;
 * positions are converted to WGS 84 with OSTN15 (`bngToWgs84` of @ldn-twin/geo, which falls back to
 * Helmert outside its grid and says so).
 */
import { bngToWgs84, parseWkt } from '@ldn-twin/geo';
import type { Geometry, Position } from 'geojson';

/**
 * A BNG geometry, its WGS 84 twin, and whether any position needed the Helmert fallback.
 *
 * @example
 * ```ts
 * const { bng, wgs84, method }: ConvertedGeometry = bngGeometry('POINT(530000 180000)');
 * ```
 */
export interface ConvertedGeometry {
  readonly bng: Geometry;
  readonly wgs84: Geometry;
  readonly method: 'ostn15' | 'helmert';
}

/**
 * Reads a BNG geometry string (WKT, or GeoJSON text) and converts it to WGS 84.
 *
 * @example
 * ```ts
 * const { wgs84, bng } = bngGeometry('POINT(530000 180000)');
 * ```
 */
export function bngGeometry(value: string): ConvertedGeometry {
  const bng = parseGeometry(value.trim());
  let helmert = false;
  const wgs84 = mapPositions(bng, ([easting, northing, ...rest]) => {
    if (!Number.isFinite(easting) || !Number.isFinite(northing))
      throw new Error('geometry has a non-numeric position');
    const { lon, lat, method } = bngToWgs84(easting as number, northing as number);
    if (method === 'helmert') helmert = true;
    return [lon, lat, ...rest];
  });
  return { bng, wgs84, method: helmert ? 'helmert' : 'ostn15' };
}

function parseGeometry(value: string): Geometry {
  try {
    return value.startsWith('{') ? (JSON.parse(value) as Geometry) : parseWkt(value);
  } catch (error) {
    throw new Error(
      `geometry is neither WKT nor GeoJSON (${value.slice(0, 40)}): ${(error as Error).message}`,
    );
  }
}

function mapPositions(geometry: Geometry, f: (p: Position) => Position): Geometry {
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: f(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: geometry.type, coordinates: geometry.coordinates.map(f) } as Geometry;
    case 'MultiLineString':
    case 'Polygon':
      return {
        type: geometry.type,
        coordinates: geometry.coordinates.map((line) => line.map(f)),
      } as Geometry;
    case 'MultiPolygon':
      return {
        type: 'MultiPolygon',
        coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(f))),
      };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: geometry.geometries.map((g) => mapPositions(g, f)) };
    default:
      throw new Error(`unsupported geometry type ${(geometry as { type?: unknown }).type}`);
  }
}
