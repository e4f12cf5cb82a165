/**
 * The area a question asks the Planning London Datahub about, and a guard on what it returns: asked
 * by borough, an application whose own authority is another borough's is not counted; asked around
 * a point, one beyond the radius is not; asked for an area, one outside its bounding box is not.
 * Each question says how many it left out and whose they were.
 */
import {
  boroughCode,
  datahubName,
  planningLondonDatahub,
} from '@ldn-twin/connectors/planning-london-datahub';
import type { Audience, TwinRecordOf } from '@ldn-twin/core';
import { distanceMetres } from '@ldn-twin/geo';
import { bbox } from '@turf/bbox';
import {
  boxPolygon,
  type RecordStore,
  type RecordStoreQuery,
  type SyncedSource,
  storeSource,
} from './from-store.js';
import type { ResolvedPlace, Site } from './place.js';
import type { Source } from './report.js';

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
  /** The same area asked of a store (its records are then guarded by `contains` as well). */
  readonly stored: Pick<RecordStoreQuery, 'intersects' | 'near'>;
  /**
   * Whether a complete sync of `search` with these params holds every application the Datahub
   * would return for the area: no filter but an area, and an area holding this one (a borough's
   * applications only from a sync of that borough or of all London).
   */
  readonly covers: (params: Readonly<Record<string, unknown>>) => boolean;
  /**
   * What a store does with the synced applications that have no location (no centroid, no
   * outline), which no spatial read finds: for a borough, the Datahub answers with the ones it
   * filed under the borough, so the store answer leaves them out and says how many the sync holds
   * (`'counted'`); for a circle or a box, the Datahub matches by centroid and never returns them
   * either (`'ignored'`).
   */
  readonly unplaced: 'counted' | 'ignored';
}

/** The filters of a Datahub search that say where; any other narrows what a sync holds. */
const WHERE = new Set(['boroughs', 'near', 'bbox']);

/** A synced search's area, from its params as given (unparsed). */
interface SyncedArea {
  readonly boroughs?: readonly unknown[];
  readonly near?: { readonly point?: readonly number[]; readonly distanceMetres?: number };
  readonly bbox?: readonly number[];
}

/** What a question asks about: a borough by GSS code, a circle, or a box. */
type Asked =
  | { readonly borough: string }
  | { readonly circle: { readonly point: readonly [number, number]; readonly metres: number } }
  | { readonly box: Box };

/** How many metres a degree of latitude spans (a circle's bounding box, generously). */
const METRES_PER_DEGREE = 111_000;

/** Whether a synced search (params as given) holds every application the Datahub returns for `asked`. */
function holds(params: Readonly<Record<string, unknown>>, asked: Asked): boolean {
  const filters = (params.filters ?? {}) as Readonly<Record<string, unknown>>;
  if (Object.entries(filters).some(([key, value]) => value !== undefined && !WHERE.has(key))) return false;
  const area = filters as SyncedArea;
  if (area.boroughs !== undefined) {
    // The Datahub files an application under its authority, not its place: only for a borough asked.
    return (
      'borough' in asked &&
      area.near === undefined &&
      area.bbox === undefined &&
      area.boroughs.some((b) => typeof b === 'string' && boroughCode(datahubName(b)) === asked.borough)
    );
  }
  if (area.near === undefined && area.bbox === undefined) return true;
  if ('borough' in asked) return false;
  let box: Box;
  if ('box' in asked) box = asked.box;
  else {
    const [lon, lat] = asked.circle.point;
    const dLat = asked.circle.metres / METRES_PER_DEGREE;
    const dLon = dLat / Math.cos((lat * Math.PI) / 180);
    box = [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
  }
  const [w = Number.NaN, s = Number.NaN, e = Number.NaN, n = Number.NaN] = area.bbox ?? [];
  const inBox = area.bbox === undefined || (box[0] >= w && box[1] >= s && box[2] <= e && box[3] <= n);
  const [qLon = Number.NaN, qLat = Number.NaN] = area.near?.point ?? [];
  const radius = area.near?.distanceMetres ?? Number.NaN;
  const within = (lon: number, lat: number, margin: number) =>
    distanceMetres(lon, lat, qLon, qLat) + margin <= radius;
  const inCircle =
    area.near === undefined ||
    ('circle' in asked
      ? within(asked.circle.point[0], asked.circle.point[1], asked.circle.metres)
      : [
          [box[0], box[1]],
          [box[0], box[3]],
          [box[2], box[1]],
          [box[2], box[3]],
        ].every(([lon = 0, lat = 0]) => within(lon, lat, 0)));
  return inBox && inCircle;
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
      stored: { intersects: place.geometry },
      covers: (params) => holds(params, { borough: code }),
      unplaced: 'counted',
    };
  }
  if (place.geometry.type === 'Point') return nearArea(place.point, radiusMetres);
  const box = bbox(place.geometry) as Box;
  return {
    where: { bbox: box },
    contains: (a) => {
      const at = pointOf(a);
      return !at || (at[0] >= box[0] && at[0] <= box[2] && at[1] >= box[1] && at[1] <= box[3]);
    },
    label: 'the area',
    stored: { intersects: boxPolygon(box) },
    covers: (params) => holds(params, { box }),
    unplaced: 'ignored',
  };
}

/**
 * The Datahub filter for a circle around a point, and the guard that matches it.
 *
 * @example
 * ```ts
 * const area = nearArea([-0.1199, 51.4922], 500);
 * area.where; // { near: { point: [-0.1199, 51.4922], distanceMetres: 500 } }
 * ```
 */
export function nearArea(point: readonly [number, number], radiusMetres: number): DatahubArea {
  const [lon, lat] = point;
  return {
    where: { near: { point: [lon, lat], distanceMetres: radiusMetres } },
    // 5% slack: the Datahub measures its own way (on its index), not by this haversine.
    contains: (a) => {
      const at = pointOf(a);
      return !at || distanceMetres(lon, lat, at[0], at[1]) <= radiusMetres * 1.05;
    },
    label: `the ${radiusMetres} m radius`,
    stored: { near: { lon, lat, radius: radiusMetres } },
    // With the guard's 5% to spare: the Datahub measures its own way.
    covers: (params) => holds(params, { circle: { point: [lon, lat], metres: radiusMetres * 1.05 } }),
    unplaced: 'ignored',
  };
}

/** An application's point, when it has one (the Datahub gives centroids). */
function pointOf(a: Application): [number, number] | undefined {
  return a.geometry?.type === 'Point' ? [a.geometry.coordinates[0]!, a.geometry.coordinates[1]!] : undefined;
}

/**
 * The summary line for applications returned for a place they lie outside, naming their authorities:
 * returned by the Datahub, or (`from: 'store'`) held by a store for the place.
 *
 * @example
 * ```ts
 * outsideLine(outside, 'Lambeth'); // "3 applications the Datahub returned lie outside Lambeth (Waltham Forest): not counted."
 * outsideLine(outside, 'Lambeth', 'store'); // "3 applications the store holds for it lie outside Lambeth (Waltham Forest): not counted."
 * ```
 */
export function outsideLine(
  outside: readonly Application[],
  where: string,
  from: 'network' | 'store' = 'network',
): string {
  const authorities = [...new Set(outside.map((a) => a.properties.attributes.authority ?? 'unknown'))];
  const count = `${outside.length} application${outside.length === 1 ? '' : 's'}`;
  const source = from === 'store' ? 'the store holds for it' : 'the Datahub returned';
  return `${count} ${source} ${outside.length === 1 ? 'lies' : 'lie'} outside ${where} (${authorities.join(', ')}): not counted.`;
}

/**
 * The Datahub's applications for an area, read from a store: those its complete `search` syncs
 * hold for the area (see {@link DatahubArea.covers}) that pass `keep`, as of the sync. Those synced
 * without a location are dealt with as `options.unplaced` says (default: the area's
 * {@link DatahubArea.unplaced}).
 *
 * @example
 * ```ts
 * const applications = storedApplications(store, await store.syncs(), datahubArea(site, place, 500), {
 *   source: 'planning applications (Planning London Datahub)',
 * });
 * ```
 */
export function storedApplications(
  store: RecordStore,
  syncs: readonly SyncedSource[],
  area: DatahubArea,
  options: {
    readonly source: string;
    readonly audience?: Audience | undefined;
    readonly keep?: (application: Application) => boolean;
    /** `'ignored'` where the question could not count an unplaced application either way. */
    readonly unplaced?: 'counted' | 'ignored';
  },
): Source<Application> {
  return storeSource<Application>(
    store,
    syncs,
    {
      source: options.source,
      kinds: ['PlanningApplication'],
      connector: planningLondonDatahub.id,
      operation: 'search',
      covers: area.covers,
      query: area.stored,
      unplaced: options.unplaced ?? area.unplaced,
      ...(options.keep ? { keep: options.keep } : {}),
    },
    options.audience,
  );
}
