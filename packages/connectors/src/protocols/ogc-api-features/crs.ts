/**
 * The coordinate reference systems an OGC API - Features server names by URI (Part 2), and turning a
 * feature's geometry in one of them into WGS 84 lon/lat for the record's `geometry`. CRS84 (the
 * default of the standard) is lon/lat already; EPSG:4326 is lat/lon by its definition, so its axes
 * are swapped; British National Grid (EPSG:27700, and EPSG:7405 = BNG + ODN height) goes through
 * @ldn-twin/geo's OSTN15 transform. Other CRSs are kept as the JSON-FG `place` only.
 */
import { bngToWgs84 } from '@ldn-twin/geo';
import type { Geometry, Position } from 'geojson';

/**
 * CRS URIs of OGC API - Features, as OGC writes them.
 *
 * @example
 * ```ts
 * import { CRS } from '@ldn-twin/connectors/ogc-features';
 * CRS.BNG; // 'http://www.opengis.net/def/crs/EPSG/0/27700'
 * ```
 */
export const CRS = {
  CRS84: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84',
  WGS84: 'http://www.opengis.net/def/crs/EPSG/0/4326',
  BNG: 'http://www.opengis.net/def/crs/EPSG/0/27700',
  BNG_ODN: 'http://www.opengis.net/def/crs/EPSG/0/7405',
  WEB_MERCATOR: 'http://www.opengis.net/def/crs/EPSG/0/3857',
} as const;

type Axis = 'lonlat' | 'latlon' | 'bng' | 'other';

/** How a CRS URI (or an `EPSG:n` shorthand) orders and projects its axes. */
export function axisOf(crs: string | undefined): Axis {
  if (crs === undefined) return 'lonlat';
  const code = /(?:EPSG\/0\/|EPSG:+)(\d+)$/i.exec(crs.trim())?.[1];
  if (/CRS84$/i.test(crs.trim())) return 'lonlat';
  if (code === '4326') return 'latlon';
  if (code === '27700' || code === '7405') return 'bng';
  return 'other';
}

/**
 * A geometry in `crs` as WGS 84 lon/lat, or undefined when the CRS is not one this module converts.
 * Heights (a third ordinate) are kept.
 */
export function toWgs84(geometry: Geometry, crs: string | undefined): Geometry | undefined {
  const axis = axisOf(crs);
  if (axis === 'other') return undefined;
  if (axis === 'lonlat') return geometry;
  const convert = (p: Position): Position => {
    const [a = Number.NaN, b = Number.NaN, ...rest] = p;
    if (axis === 'latlon') return [b, a, ...rest];
    const { lon, lat } = bngToWgs84(a, b);
    return [lon, lat, ...rest];
  };
  return withoutBbox(mapPositions(geometry, convert));
}

/** A converted geometry's `bbox` would still be in the source CRS, so it goes. */
function withoutBbox(geometry: Geometry): Geometry {
  const { bbox: _bbox, ...rest } = geometry;
  return rest as Geometry;
}

/** Applies `f` to every position of a geometry. */
export function mapPositions(geometry: Geometry, f: (p: Position) => Position): Geometry {
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: f(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(f) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((line) => line.map(f)) };
    case 'MultiPolygon':
      return {
        ...geometry,
        coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(f))),
      };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((g) => mapPositions(g, f)) };
  }
}
