/**
 * The places a question can be asked about, and their resolution to WGS 84 geometry and a borough.
 * Points, OS grid references, polygons and boroughs resolve locally (through @ldn-twin/geo); a place
 * outside Greater London is bad input, said clearly.
 */
import { ConfigError } from '@ldn-twin/core';
import {
  BOROUGHS,
  type Borough,
  boroughAt,
  boroughBoundaries,
  GridReferenceError,
  gridRefToWgs84,
} from '@ldn-twin/geo';
import type { MultiPolygon, Point, Polygon } from 'geojson';

/** A place to ask about. */
export type Site =
  | { readonly point: readonly [longitude: number, latitude: number] }
  | { readonly gridRef: string }
  | { readonly polygon: Polygon | MultiPolygon }
  | { readonly borough: string };

/** A place resolved: its geometry in WGS 84, the borough it is in (or the borough it is), a label. */
export interface ResolvedPlace {
  readonly label: string;
  readonly geometry: Point | Polygon | MultiPolygon;
  /** A representative point: the point itself, or the first vertex of a polygon's outer ring. */
  readonly point: readonly [number, number];
  readonly borough: Borough | undefined;
}

/** Bad input about a place: outside London, an unknown borough, a grid reference that is wrong. */
export class PlaceError extends ConfigError {}

/**
 * Resolves a site to geometry and borough.
 *
 * @example
 * ```ts
 * resolvePlace({ gridRef: 'TQ 30 79' }).borough?.name; // 'Lambeth'
 * resolvePlace({ borough: 'E09000022' }).label; // 'Lambeth'
 * ```
 */
export function resolvePlace(site: Site): ResolvedPlace {
  if ('point' in site) return atPoint([site.point[0], site.point[1]], `${site.point[1]}, ${site.point[0]}`);
  if ('gridRef' in site) {
    let lonLat: { lon: number; lat: number };
    try {
      const at = gridRefToWgs84(site.gridRef);
      lonLat = { lon: at.lon, lat: at.lat };
    } catch (error) {
      throw new PlaceError(
        error instanceof GridReferenceError ? error.message : `bad grid reference ${site.gridRef}`,
        {
          cause: error,
        },
      );
    }
    return atPoint([lonLat.lon, lonLat.lat], `grid reference ${site.gridRef.toUpperCase()}`);
  }
  if ('polygon' in site) {
    const first = (
      site.polygon.type === 'Polygon' ? site.polygon.coordinates[0] : site.polygon.coordinates[0]?.[0]
    )?.[0];
    if (!first || first.length < 2) throw new PlaceError('the polygon has no coordinates');
    const point: [number, number] = [first[0]!, first[1]!];
    return { label: 'the given area', geometry: site.polygon, point, borough: boroughAt(point[0], point[1]) };
  }
  const wanted = site.borough.trim().toLowerCase();
  const borough = BOROUGHS.find((b) => b.code.toLowerCase() === wanted || b.name.toLowerCase() === wanted);
  if (!borough) {
    throw new PlaceError(
      `unknown borough "${site.borough}": give a GSS code (E09000001 to E09000033) or a name`,
    );
  }
  const feature = boroughBoundaries().features.find((f) => f.properties.code === borough.code);
  if (!feature) throw new PlaceError(`no boundary for ${borough.name}`);
  const first = (
    feature.geometry.type === 'Polygon'
      ? feature.geometry.coordinates[0]
      : feature.geometry.coordinates[0]?.[0]
  )?.[0];
  return {
    label: borough.name,
    geometry: feature.geometry,
    point: [first?.[0] ?? 0, first?.[1] ?? 0],
    borough,
  };
}

function atPoint(point: [number, number], label: string): ResolvedPlace {
  const [lon, lat] = point;
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new PlaceError(`${label} is not a longitude, latitude pair`);
  }
  const borough = boroughAt(lon, lat);
  if (!borough) throw new PlaceError(`${label} is outside Greater London (no borough contains it)`);
  return {
    label: `${label} (${borough.name})`,
    geometry: { type: 'Point', coordinates: point },
    point,
    borough,
  };
}
