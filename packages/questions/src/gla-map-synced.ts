/**
 * Which complete syncs of the GLA Planning Data Map's `constraints` hold what a question asks of a
 * place: the planning authority asked, every layer the question needs (no narrower constraint types,
 * the London-wide layers when it needs them), no filter that could have left features out, and an
 * area (a point, a point with a distance, an envelope) holding the place's. Shared by every question
 * that reads the local plan's layers from a store.
 */
import { findAuthority } from '@ldn-twin/connectors/gla-planning-data-map';
import type { Audience, TwinRecordOf } from '@ldn-twin/core';
import { distanceMetres } from '@ldn-twin/geo';
import type { Geometry } from 'geojson';
import { type RecordStore, type SyncedSource, storeSource } from './from-store.js';
import type { Source } from './report.js';

type Constraint = TwinRecordOf<'PlanningConstraint'>;

/** Where a question asks the map: a point, a circle around one (metres), or an envelope. */
export type GlaRegion =
  | { readonly point: readonly [number, number]; readonly metres?: number }
  | { readonly envelope: readonly [number, number, number, number] };

/** What a question asks the map for, besides where. */
export interface GlaAsked {
  /** The planning authority's GSS code. */
  readonly authority: string;
  readonly region: GlaRegion;
  /** Only these constraint types (default every layer). */
  readonly constraintTypes?: readonly string[];
  /** Whether the GLA's London-wide layers are asked too. */
  readonly londonWide: boolean;
}

const METRES: Readonly<Record<string, number>> = {
  meters: 1,
  kilometers: 1000,
  feet: 0.3048,
  miles: 1609.344,
};

/** How many metres a degree of latitude spans (a circle's bounding box, generously). */
const METRES_PER_DEGREE = 111_000;

/** The corners of a region's bounding box (a circle's generously). */
function corners(region: GlaRegion): [number, number][] {
  let box: readonly [number, number, number, number];
  if ('envelope' in region) box = region.envelope;
  else {
    const [lon, lat] = region.point;
    const dLat = (region.metres ?? 0) / METRES_PER_DEGREE;
    const dLon = dLat / Math.cos((lat * Math.PI) / 180);
    box = [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
  }
  const [w, s, e, n] = box;
  return [
    [w, s],
    [w, n],
    [e, s],
    [e, n],
  ];
}

/** Whether the synced area (params as given) holds every feature the question's region meets. */
function holdsRegion(params: Readonly<Record<string, unknown>>, region: GlaRegion): boolean {
  const { point, envelope, distance, units } = params as {
    point?: readonly number[];
    envelope?: readonly number[];
    distance?: number;
    units?: string;
  };
  if (envelope !== undefined) {
    const [w = Number.NaN, s = Number.NaN, e = Number.NaN, n = Number.NaN] = envelope;
    return corners(region).every(([lon, lat]) => lon >= w && lon <= e && lat >= s && lat <= n);
  }
  if (point === undefined) return false;
  const [lon = Number.NaN, lat = Number.NaN] = point;
  const radius = (distance ?? 0) * (METRES[units ?? 'meters'] ?? Number.NaN);
  if ('point' in region && region.metres === undefined && distance === undefined)
    return region.point[0] === lon && region.point[1] === lat;
  // Inside the synced circle: a circle asked by its centre and radius, anything else by its corners.
  if ('point' in region)
    return distanceMetres(lon, lat, region.point[0], region.point[1]) + (region.metres ?? 0) <= radius;
  return corners(region).every(([x, y]) => distanceMetres(lon, lat, x, y) <= radius);
}

/**
 * The `covers` of the map's layers read from a store (see `storeSource`): whether a sync's params
 * hold every feature the question asks for.
 *
 * @example
 * ```ts
 * const covers = glaMapCovers({ authority: 'E09000022', region: { point: [-0.1199, 51.4922] }, londonWide: true });
 * covers({ authority: 'Lambeth', envelope: [-0.13, 51.48, -0.11, 51.5] }); // true
 * ```
 */
export function glaMapCovers(asked: GlaAsked): (params: Readonly<Record<string, unknown>>) => boolean {
  return (p) => {
    const synced = p.constraintTypes;
    return (
      typeof p.authority === 'string' &&
      findAuthority(p.authority)?.gss === asked.authority &&
      (p.where === undefined || p.where === '1=1') &&
      (p.outFields === undefined || (Array.isArray(p.outFields) && p.outFields.includes('*'))) &&
      (synced === undefined ||
        (asked.constraintTypes !== undefined &&
          Array.isArray(synced) &&
          asked.constraintTypes.every((type) => synced.includes(type)))) &&
      (!asked.londonWide || p.londonWide !== false) &&
      holdsRegion(p, asked.region)
    );
  };
}

/**
 * Which stored features are the map's answer to the question: the authority's own layers (a store
 * read by place also finds a neighbour's), the London-wide ones only when asked, and only the
 * constraint types asked.
 *
 * @example
 * ```ts
 * const keep = glaMapKeeps({ authority: 'E09000022', region: { point: [-0.1199, 51.4922] }, londonWide: false });
 * records.filter(keep);
 * ```
 */
export function glaMapKeeps(asked: GlaAsked): (record: Constraint) => boolean {
  return (record) => {
    const a = record.properties.attributes;
    const own = a.extra?.authorityCode === asked.authority;
    // The London-wide layers name no authority (they are the GLA's, for all London).
    const londonWide = a.extra?.authority === undefined;
    return (
      (own || (asked.londonWide && londonWide)) &&
      (asked.constraintTypes === undefined || asked.constraintTypes.includes(a.constraintType))
    );
  };
}

/**
 * The map's layers for a place, read from a store: the features its complete `constraints` syncs
 * hold for the question (see {@link glaMapCovers}) that meet `intersects` (the region asked, as a
 * geometry), kept as the map would answer (see {@link glaMapKeeps}), as of the sync.
 *
 * @example
 * ```ts
 * const asked = { authority: 'E09000022', region: { point: [-0.1199, 51.4922] as const }, londonWide: true };
 * const layers = storedLocalPlan(store, await store.syncs(), asked, {
 *   source: "the borough's local plan layers (GLA Planning Data Map)",
 *   intersects: { type: 'Point', coordinates: [-0.1199, 51.4922] },
 * });
 * ```
 */
export function storedLocalPlan(
  store: RecordStore,
  syncs: readonly SyncedSource[],
  asked: GlaAsked,
  options: {
    readonly source: string;
    readonly intersects: Geometry;
    readonly audience?: Audience | undefined;
  },
): Source<Constraint> {
  return storeSource<Constraint>(
    store,
    syncs,
    {
      source: options.source,
      kinds: ['PlanningConstraint'],
      connector: 'gla-planning-data-map',
      operation: 'constraints',
      covers: glaMapCovers(asked),
      query: { intersects: options.intersects },
      keep: glaMapKeeps(asked),
    },
    options.audience,
  );
}
