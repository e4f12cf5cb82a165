/**
 * TfL geometry as it really arrives: positions inside JSON strings (`"[-0.2531,51.486126]"`,
 * `"[[lon,lat],[lon,lat]]"`, always longitude first) and GeoJSON objects that carry a legacy named
 * `crs` member (always EPSG:4326 on the wire). This turns both into plain RFC 7946 geometry.
 */
import type { Geometry, LineString, Point, Position } from 'geojson';
import * as z from 'zod';
import type { RawGeoJson } from './raw.js';

const Position2 = z.tuple([z.number(), z.number()], z.number());
const PositionList = z.array(Position2).min(2);

function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not a coordinate string: ${text.slice(0, 60)}`);
  }
}

/**
 * A point from a TfL coordinate string `"[lon,lat]"`.
 *
 * @example
 * ```ts
 * pointFromString('[-0.2531,51.486126]'); // { type: 'Point', coordinates: [-0.2531, 51.486126] }
 * ```
 */
export function pointFromString(text: string): Point {
  const parsed = Position2.safeParse(parseJsonText(text, 'point'));
  if (!parsed.success) throw new Error(`point is not "[lon,lat]": ${text.slice(0, 60)}`);
  return { type: 'Point', coordinates: parsed.data as Position };
}

/**
 * A line from a TfL coordinate string `"[[lon,lat],[lon,lat],...]"`.
 *
 * @example
 * ```ts
 * lineFromString('[[-0.25383,51.485689],[-0.252474,51.486644]]').type; // 'LineString'
 * ```
 */
export function lineFromString(text: string): LineString {
  const parsed = PositionList.safeParse(parseJsonText(text, 'lineString'));
  if (!parsed.success) throw new Error(`lineString is not "[[lon,lat],...]": ${text.slice(0, 60)}`);
  return { type: 'LineString', coordinates: parsed.data as Position[] };
}

/**
 * A TfL GeoJSON object without its `crs` member. Throws when the CRS named is not WGS 84, so a
 * projected geometry can never pass as longitude/latitude.
 *
 * @example
 * ```ts
 * fromTflGeoJson({ type: 'Point', coordinates: [-0.2531, 51.486126], crs: { type: 'name', properties: { name: 'EPSG:4326' } } });
 * // { type: 'Point', coordinates: [-0.2531, 51.486126] }
 * ```
 */
export function fromTflGeoJson(raw: RawGeoJson): Geometry {
  const crs = (raw as { crs?: { properties?: { name?: unknown } } }).crs?.properties?.name;
  if (crs !== undefined && !/(?:EPSG:*4326|CRS84)$/i.test(String(crs))) {
    throw new Error(`geometry CRS is ${String(crs)}, not WGS 84`);
  }
  return { type: raw.type, coordinates: raw.coordinates } as Geometry;
}
