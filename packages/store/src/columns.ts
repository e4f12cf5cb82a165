/**
 * What the store indexes of a record, beside the record itself: kind, connector, borough, access
 * label, its time span and when its state holds from. Derived once, when a record is put.
 */
import type { TwinRecord } from '@ldn-twin/core';
import { BOROUGHS, boroughAt } from '@ldn-twin/geo';

/** The indexed columns of one record, as the put statement reads them. */
export interface RecordColumns {
  readonly id: string;
  readonly kind: string;
  readonly connector: string | null;
  readonly borough: string | null;
  readonly classification: string;
  readonly permitted_organisations: readonly string[] | null;
  readonly permitted_groups: readonly string[] | null;
  readonly t_start: string;
  readonly t_end: string | null;
  readonly known_from: string;
  readonly record: TwinRecord;
}

const BOROUGH_AREA = /^urn:ldntwin:administrative-area:gss:(E09\d{6})$/;

/** Recent conversions: a batch's records mostly share their times (one sync, one `recordedAt`). */
const instants = new Map<string, string>();

/** An ISO instant in the one form Postgres and `toISOString` agree on. */
function instant(value: string): string {
  let known = instants.get(value);
  if (known === undefined) {
    known = new Date(Date.parse(value)).toISOString();
    if (instants.size >= 1024) instants.clear();
    instants.set(value, known);
  }
  return known;
}

function positions(value: unknown, out: number[][]): number[][] {
  if (Array.isArray(value) && typeof value[0] === 'number') out.push(value as number[]);
  else if (Array.isArray(value)) for (const inner of value) positions(inner, out);
  return out;
}

/** A Point's position; otherwise the centre of the geometry's bounding box. */
function representativePoint(geometry: NonNullable<TwinRecord['geometry']>): number[] | undefined {
  if (geometry.type === 'Point') return geometry.coordinates;
  const all =
    geometry.type === 'GeometryCollection'
      ? geometry.geometries.flatMap((inner) => positions('coordinates' in inner ? inner.coordinates : [], []))
      : positions(geometry.coordinates, []);
  if (all.length === 0) return undefined;
  const centre = (axis: 0 | 1) => {
    const values = all.map((position) => position[axis] ?? 0);
    return (Math.min(...values) + Math.max(...values)) / 2;
  };
  return [centre(0), centre(1)];
}

/**
 * The borough (GSS code) of a record: the borough its `withinArea` relation names, else the one
 * containing its geometry's representative point (a Point itself, else its bounding box centre).
 */
export function boroughOf(record: TwinRecord): string | null {
  for (const relation of record.properties.relations) {
    const code = relation.rel === 'withinArea' ? BOROUGH_AREA.exec(relation.target)?.[1] : undefined;
    if (code !== undefined) return code;
  }
  if (record.geometry === null) return null;
  const point = representativePoint(record.geometry);
  const [lon, lat] = point ?? [];
  return lon === undefined || lat === undefined ? null : (boroughAt(lon, lat)?.code ?? null);
}

/**
 * A borough named by GSS code or name (any case), as its GSS code.
 *
 * @returns undefined when it names none of the 33.
 */
export function boroughCode(nameOrCode: string): string | undefined {
  const wanted = nameOrCode.trim().toLowerCase();
  return BOROUGHS.find((b) => b.code.toLowerCase() === wanted || b.name.toLowerCase() === wanted)?.code;
}

/**
 * The indexed columns of a validated record. Its time span starts at `validFrom`, else
 * `observedAt`, else `recordedAt`, and ends at `validTo` (open when only `validFrom` is given; an
 * instant otherwise). Its state holds from `observedAt`, else `recordedAt`.
 */
export function columnsOf(record: TwinRecord): RecordColumns {
  const p = record.properties;
  const start = p.validFrom ?? p.observedAt ?? p.recordedAt;
  const end = p.validTo ?? (p.validFrom === undefined ? start : undefined);
  return {
    id: record.id,
    kind: record.featureType,
    connector: p.provenance.connector ?? null,
    borough: boroughOf(record),
    classification: p.access.classification,
    permitted_organisations: p.access.permittedOrganisations ?? null,
    permitted_groups: p.access.permittedGroups ?? null,
    t_start: instant(start),
    t_end: end === undefined ? null : instant(end),
    known_from: instant(p.observedAt ?? p.recordedAt),
    record,
  };
}
