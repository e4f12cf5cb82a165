/**
 * Store queries as SQL: filters by kind, connector, borough, time span and space, and the access
 * label of the audience, the same for the current records and for the state "as of" a date.
 */
import { type Audience, CLASSIFICATIONS, ConfigError, type Kind, type PolicyRegistry } from '@ldn-twin/core';
import type { Geometry } from 'geojson';
import { boroughCode } from './columns.js';
import type { SqlValue } from './db.js';

/** What to look for; every filter given must hold. */
export interface StoreQuery {
  /** Record kinds (`featureType`). */
  readonly kind?: Kind | readonly Kind[];
  /** Connectors that produced the records (`provenance.connector`). */
  readonly connector?: string | readonly string[];
  /** A London borough by GSS code (`E09000022`) or name (`Lambeth`). */
  readonly borough?: string;
  /** Records whose time span overlaps `[from, to]` (ISO instants or dates; either end may be open). */
  readonly time?: { readonly from?: string; readonly to?: string };
  /** Records whose geometry lies within this WGS 84 geometry. */
  readonly within?: Geometry;
  /** Records whose geometry intersects this WGS 84 geometry. */
  readonly intersects?: Geometry;
  /** Records within `radius` metres of the point (geodesic distance). */
  readonly near?: { readonly lon: number; readonly lat: number; readonly radius: number };
  /** Who is looking (default: the public, as everywhere in ldn-twin); other records are withheld. */
  readonly audience?: Audience;
  /** At most this many records. */
  readonly limit?: number;
  /** Why the audience is looking (e.g. `planning-enforcement`): recorded in the store's access log and weighed by the records' policies. */
  readonly purpose?: string;
  /**
   * The policies records' labels are resolved in (default: the store's, `store.policies.registry()`:
   * London's open licences overridden by the policies the store holds). A policy id found in neither
   * withholds a record above `open`.
   */
  readonly policies?: PolicyRegistry;
  /**
   * Told once, when the read ends (finished, stopped early or failed), how many records the filters
   * matched that the audience was not shown, and why: the record counts a question reports as
   * withheld (see {@link StoreWithheld}). The access log records the same read.
   */
  readonly onWithheld?: (withheld: StoreWithheld) => void;
}

/**
 * What a read withheld: how many records, and how many per reason in the words a question report
 * uses (core's `LABEL_WITHHOLDS` for an access label; a policy's own reason for its terms).
 *
 * @example
 * ```ts
 * const seen: StoreWithheld[] = [];
 * for await (const record of store.query({ kind: 'PlanningConstraint', onWithheld: (w) => seen.push(w) })) use(record);
 * seen[0]?.withheld; // 1
 * ```
 */
export interface StoreWithheld {
  readonly withheld: number;
  readonly withheldBecause: Readonly<Record<string, number>>;
}

/** A WHERE clause and its parameters, numbered from `$1`. */
export interface Where {
  readonly sql: string;
  readonly params: SqlValue[];
}

const list = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? value : [value as T]);

const RANK = `CASE classification ${CLASSIFICATIONS.map((c, i) => `WHEN '${c}' THEN ${i}`).join(' ')} ELSE ${CLASSIFICATIONS.length} END`;

function isoInstant(value: string, what: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time))
    throw new ConfigError(`${what} ${JSON.stringify(value)}: not an ISO date or instant`);
  return new Date(time).toISOString();
}

/** Numbers parameters from `$1` as they are added. */
function parameters(): { params: SqlValue[]; param: (value: SqlValue) => string } {
  const params: SqlValue[] = [];
  return {
    params,
    param: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

/**
 * Why a record the query's filters match is withheld from the audience (the first reason that
 * holds): its classification is above the audience's clearance, its organisations exclude the
 * audience's, or its groups include none of the audience's.
 *
 * @example
 * ```ts
 * import type { WithheldReason } from '@ldn-twin/store';
 * const reason: WithheldReason = 'clearance';
 * ```
 */
export type WithheldReason = LabelReason | 'policy';

/** The parts of an access label a record can fail. */
type LabelReason = 'clearance' | 'organisation' | 'group';

/** The SQL conditions of the access label, each true when the audience passes it. */
function accessConditions(
  audience: Audience,
  param: (value: SqlValue) => string,
): Record<LabelReason, string> {
  const clearance = CLASSIFICATIONS.indexOf(audience.clearance);
  if (clearance < 0)
    throw new ConfigError(
      `audience clearance ${String(audience.clearance)}: use ${CLASSIFICATIONS.join(', ')}`,
    );
  return {
    clearance: `${RANK} <= ${param(clearance)}::int`,
    organisation: `(permitted_organisations IS NULL OR ${param(audience.organisation ?? null)}::text = ANY(permitted_organisations))`,
    group: `(permitted_groups IS NULL OR permitted_groups && ${param([...(audience.groups ?? [])])}::text[])`,
  };
}

/** The WHERE clause of a query (access label included). */
export function whereOf(query: StoreQuery, audience: Audience): Where {
  const { params, param } = parameters();
  const clauses = [...Object.values(accessConditions(audience, param)), ...filterClauses(query, param)];
  return { sql: clauses.join(' AND '), params };
}

/**
 * The records the query's filters match but the audience may not see, as `where` (the filters
 * only, and the twin id when given) and `reason` (a SQL expression: the {@link WithheldReason},
 * null for a visible record).
 */
export function withheldOf(
  query: StoreQuery,
  audience: Audience,
  id?: string,
): Where & { readonly reason: string } {
  const { params, param } = parameters();
  const clauses = filterClauses(query, param);
  if (id !== undefined) clauses.push(`id = ${param(id)}`);
  const conditions = accessConditions(audience, param);
  const reason = `CASE ${Object.entries(conditions)
    .map(([name, passes]) => `WHEN NOT coalesce(${passes}, false) THEN '${name}'`)
    .join(' ')} END`;
  return { sql: clauses.length === 0 ? 'true' : clauses.join(' AND '), params, reason };
}

/** Metres per degree of latitude, fewer than anywhere on the WGS 84 ellipsoid (110,574 m at the equator). */
const M_PER_DEG_LAT = 110_000;
/** Metres per degree of longitude at the equator, at most the ellipsoid's (111,319.5 m): fewer by a hair. */
const M_PER_DEG_LON_EQUATOR = 111_300;

/**
 * A lon/lat box `[west, south, east, north]` holding every point within `radius` metres (geodesic)
 * of the point, a little over-large: a degree of latitude is never shorter than 110,000 m, and a
 * degree of longitude at a latitude never shorter than 111,300 m times its cosine, the cosine taken at
 * the box's edge farthest from the equator. Undefined where such a box would reach a pole or cross
 * the antimeridian: there only the exact test applies.
 */
function nearBox(lon: number, lat: number, radius: number): [number, number, number, number] | undefined {
  const dLat = radius / M_PER_DEG_LAT;
  const farthest = Math.abs(lat) + dLat;
  if (farthest >= 89) return undefined;
  const dLon = radius / (M_PER_DEG_LON_EQUATOR * Math.cos((farthest * Math.PI) / 180));
  if (Math.abs(lon) + dLon >= 180) return undefined;
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}

/** The query's filters (not the access label) as SQL conditions. */
function filterClauses(query: StoreQuery, param: (value: SqlValue) => string): string[] {
  const clauses: string[] = [];
  if (query.kind !== undefined) clauses.push(`kind = ANY(${param(list(query.kind))}::text[])`);
  if (query.connector !== undefined) clauses.push(`connector = ANY(${param(list(query.connector))}::text[])`);
  if (query.borough !== undefined) {
    const code = boroughCode(query.borough);
    if (code === undefined) {
      throw new ConfigError(
        `borough ${JSON.stringify(query.borough)}: not a London borough name or GSS code (E09000001-E09000033)`,
      );
    }
    clauses.push(`borough = ${param(code)}`);
  }
  if (query.time?.to !== undefined)
    clauses.push(`t_start <= ${param(isoInstant(query.time.to, 'time.to'))}::timestamptz`);
  if (query.time?.from !== undefined) {
    clauses.push(
      `(t_end IS NULL OR t_end >= ${param(isoInstant(query.time.from, 'time.from'))}::timestamptz)`,
    );
  }
  const geometry = (value: Geometry) =>
    `ST_SetSRID(ST_GeomFromGeoJSON(${param(JSON.stringify(value))}::text), 4326)`;
  if (query.within !== undefined) clauses.push(`ST_Within(geom, ${geometry(query.within)})`);
  if (query.intersects !== undefined) clauses.push(`ST_Intersects(geom, ${geometry(query.intersects)})`);
  if (query.near !== undefined) {
    const { lon, lat, radius } = query.near;
    if (
      ![lon, lat, radius].every(Number.isFinite) ||
      radius < 0 ||
      Math.abs(lon) > 180 ||
      Math.abs(lat) > 90
    ) {
      throw new ConfigError(
        `near ${lon},${lat} radius ${radius}: needs a WGS 84 lon,lat and a radius of 0 metres or more`,
      );
    }
    const box = nearBox(lon, lat, radius);
    // The box uses the geometry index; the exact geodesic test then runs on the few rows inside it.
    if (box !== undefined) {
      clauses.push(
        `geom && ST_MakeEnvelope(${box.map((edge) => `${param(edge)}::float8`).join(', ')}, 4326)`,
      );
    }
    clauses.push(
      `ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(${param(lon)}::float8, ${param(lat)}::float8), 4326)::geography, ${param(radius)}::float8)`,
    );
  }
  return clauses;
}

/**
 * The rows of the state as of `at`: each record's version whose state held then, from its
 * `observedAt` (else `recordedAt`) until the next version's. Add a `time` filter to also ask for
 * records whose validity covers `at`.
 */
export function asOfSource(atParam: string): string {
  const columns = `id, kind, connector, borough, classification, permitted_organisations, permitted_groups,
    t_start, t_end, known_from, record, geom`;
  return `(SELECT DISTINCT ON (id) * FROM (
      SELECT ${columns} FROM records WHERE known_from <= ${atParam}::timestamptz
      UNION ALL
      SELECT ${columns} FROM record_versions
        WHERE known_from <= ${atParam}::timestamptz AND known_to > ${atParam}::timestamptz
    ) AS all_versions
    ORDER BY id, known_from DESC) AS as_of`;
}
