/**
 * The area a question asks the Planning London Datahub about, and a guard on what it returns: asked
 * by borough, an application whose own authority is another borough's is not counted; asked around
 * a point, one beyond the radius is not; asked for an area, one outside its bounding box is not.
 * Each question says how many it left out and whose they were.
 */
import type { TwinRecordOf } from '@ldn-twin/core';
import { distanceMetres } from '@ldn-twin/geo';
import { bbox } from '@turf/bbox';
import type { ResolvedPlace, Site } from './place.js';

type Application = TwinRecordOf<'PlanningApplication'>;
type Box = [number, number, number, number];

/** How a question asked the Datahub: the filter to send, and what counts as inside. */
export interface DatahubArea {
  readonly where:
    | { boroughs: string[] }
    | { near: { point: [number, number]; distanceMetres: number } }
    | { bbox: Box };
  /** Whether an application the Datahub returned lies in the area asked. */
  readonly contains: (application: Application) => boolean;
  /** The area in words, for the summary line about applications left out. */
  readonly label: string;
}

/**
 * The Datahub filter for a place (a borough by its code, a point by a radius, an area by its
 * bounding box) and the guard that matches it.
 *
 * @example
 * ```ts
 * const area = datahubArea(site, resolvePlace(site), 500);
 * const counted = returned.filter(area.contains);
 * ```
 */
export function datahubArea(site: Site, place: ResolvedPlace, radiusMetres: number): DatahubArea {
  if ('borough' in site && place.borough) {
    const { code, name } = place.borough;
    return {
      where: { boroughs: [code] },
      contains: (a) => {
        const own = a.properties.attributes.authorityCode;
        return own === undefined || own === code;
      },
      label: name,
    };
  }
  if (place.geometry.type === 'Point') {
    return {
      where: { near: { point: [place.point[0], place.point[1]], distanceMetres: radiusMetres } },
      // 5% slack: the Datahub measures its own way (on its index), not by this haversine.
      contains: (a) => {
        const at = pointOf(a);
        return !at || distanceMetres(place.point[0], place.point[1], at[0], at[1]) <= radiusMetres * 1.05;
      },
      label: `the ${radiusMetres} m radius`,
    };
  }
  const box = bbox(place.geometry) as Box;
  return {
    where: { bbox: box },
    contains: (a) => {
      const at = pointOf(a);
      return !at || (at[0] >= box[0] && at[0] <= box[2] && at[1] >= box[1] && at[1] <= box[3]);
    },
    label: 'the area',
  };
}

/** An application's point, when it has one (the Datahub gives centroids). */
function pointOf(a: Application): [number, number] | undefined {
  return a.geometry?.type === 'Point' ? [a.geometry.coordinates[0]!, a.geometry.coordinates[1]!] : undefined;
}

/**
 * The summary line for applications returned for a place they lie outside, naming their authorities.
 *
 * @example
 * ```ts
 * outsideLine(outside, 'Lambeth'); // "3 applications the Datahub returned lie outside Lambeth (Waltham Forest): not counted."
 * ```
 */
export function outsideLine(outside: readonly Application[], where: string): string {
  const authorities = [...new Set(outside.map((a) => a.properties.attributes.authority ?? 'unknown'))];
  const count = `${outside.length} application${outside.length === 1 ? '' : 's'}`;
  return `${count} the Datahub returned ${outside.length === 1 ? 'lies' : 'lie'} outside ${where} (${authorities.join(', ')}): not counted.`;
}
