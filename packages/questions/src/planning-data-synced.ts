/**
 * Which complete syncs of planning.data's `searchEntities` hold what a question asks of a place:
 * the same relation, no filter that could have left records out, geometry included, and an area
 * holding the place. Shared by every question that reads planning.data from a store.
 */
import { parseWkt } from '@ldn-twin/geo';
import type { Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import { areaHolds } from './from-store.js';

/** A place: a point, or an area's outline. */
type Place = Point | Polygon | MultiPolygon;

/** Holds the whole place: no area (the whole country), the place's own point, or an area around all of it. */
function holdsPlace(params: Readonly<Record<string, unknown>>, place: Place): boolean {
  const { point, geometry } = params as { point?: readonly number[]; geometry?: string | Geometry };
  if (point !== undefined)
    return place.type === 'Point' && place.coordinates[0] === point[0] && place.coordinates[1] === point[1];
  if (geometry !== undefined) {
    try {
      return areaHolds(typeof geometry === 'string' ? parseWkt(geometry) : geometry, place);
    } catch {
      return false;
    }
  }
  return true;
}

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * The `covers` of a planning.data source read from a store (see `storeSource`): for a sync's
 * params, the datasets it holds for every record intersecting `place`, or `false`.
 *
 * @example
 * ```ts
 * const covers = planningDataCovers(place.geometry);
 * covers({ datasets: ['conservation-area'], point: [-0.1198903, 51.4922191] }); // ['conservation-area'] at that point
 * ```
 */
export function planningDataCovers(
  place: Place,
): (params: Readonly<Record<string, unknown>>) => false | readonly string[] {
  return (p) =>
    (p.relation === undefined || p.relation === 'intersects') &&
    (p.period === undefined || p.period === 'current') &&
    p.organisationEntities === undefined &&
    p.entryDate === undefined &&
    p.includeGeometry !== false &&
    holdsPlace(p, place) &&
    (Array.isArray(p.datasets) ? p.datasets.filter(isString) : false);
}
