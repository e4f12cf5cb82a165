/**
 * Road disruptions and disrupted street segments to twin records. A road disruption is a
 * TransportDisruption whatever its cause (its `category` says "Works", "Collisions", ...); a disrupted
 * street segment is a StreetWork when its category is a works category (TfL's view of works on its
 * roads, field guide §7) and a segment-level TransportDisruption otherwise. Segments point to their
 * road disruption with a `partOf` relation.
 */
import type { LocationPrecision, TwinRecordOf } from '@ldn-twin/core';
import { twinId, twinRecord } from '@ldn-twin/core';
import type { Geometry, MultiLineString, Position } from 'geojson';
import { extraFields, interval, type TflMappingContext, tflProvenance } from './common.js';
import { fromTflGeoJson, lineFromString, pointFromString } from './geometry.js';
import { type RawRoadDisruption, type RawStreetDisruption, ROAD_DISRUPTION_KEYS } from './raw.js';

type Disruption = TwinRecordOf<'TransportDisruption'>;
type StreetWork = TwinRecordOf<'StreetWork'>;

/**
 * The twin id of a TfL road disruption (`TIMS-217284`).
 *
 * @example
 * ```ts
 * roadDisruptionId('TIMS-217284'); // 'urn:ldntwin:transport-disruption:tfl-road-disruption:TIMS-217284'
 * ```
 */
export function roadDisruptionId(disruptionId: string): string {
  return twinId('TransportDisruption', 'tfl-road-disruption', disruptionId);
}

/**
 * Maps one road disruption.
 *
 * @example
 * ```ts
 * const record = mapRoadDisruption(rawDisruption, { baseUrl, retrievedAt, licence });
 * ```
 */
export function mapRoadDisruption(raw: RawRoadDisruption, ctx: TflMappingContext): Disruption {
  const { geometry, precision } = roadGeometry(raw);
  const streets = raw.streets.map((s) => ({
    name: s.name,
    ...(s.closure ? { closure: s.closure } : {}),
    ...(s.directions ? { directions: s.directions } : {}),
  }));
  const extra = extraFields(raw, ROAD_DISRUPTION_KEYS);
  return twinRecord('TransportDisruption', {
    id: roadDisruptionId(raw.id),
    geometry,
    time: interval(raw.startDateTime, raw.endDateTime),
    name: raw.location || undefined,
    description: raw.comments || undefined,
    identifiers: [{ scheme: 'other', value: raw.id, issuer: 'tfl-road-disruption' }],
    ...validity(raw.startDateTime, raw.endDateTime),
    recordedAt: raw.lastModifiedTime ?? ctx.retrievedAt,
    precision,
    provenance: tflProvenance(ctx, 'Road disruptions', raw.id, raw.url),
    licence: ctx.licence,
    attributes: {
      disruptionType: 'road',
      mode: 'road',
      severity: raw.severity,
      category: raw.category,
      subCategory: raw.subCategory,
      status: raw.status,
      location: raw.location,
      levelOfInterest: raw.levelOfInterest,
      currentUpdate: raw.currentUpdate,
      currentUpdateAt: raw.currentUpdateDateTime,
      hasClosures: raw.hasClosures ?? undefined,
      isProvisional: raw.isProvisional ?? undefined,
      corridorIds: raw.corridorIds.length > 0 ? raw.corridorIds : undefined,
      streets: streets.length > 0 ? streets : undefined,
      extra: Object.keys(extra).length > 0 ? extra : undefined,
    },
  });
}

/**
 * Maps one disrupted street segment to a StreetWork (works) or a TransportDisruption.
 *
 * @example
 * ```ts
 * const record = mapStreetDisruption(rawSegment, { baseUrl, retrievedAt, licence }, ['Works']);
 * ```
 */
export function mapStreetDisruption(
  raw: RawStreetDisruption,
  ctx: TflMappingContext,
  worksCategories: readonly string[],
): StreetWork | Disruption {
  // The refine in the raw schema guarantees one spelling is there.
  const segmentId = (raw.distruptedStreetId ?? raw.disruptedStreetId) as string;
  const geometry = segmentGeometry(raw);
  const envelope = {
    geometry,
    time: interval(raw.startDateTime, raw.endDateTime),
    name: raw.streetName,
    description: raw.comments,
    identifiers: [
      { scheme: 'other' as const, value: segmentId, issuer: 'tfl-disrupted-street' },
      { scheme: 'other' as const, value: raw.disruptionId, issuer: 'tfl-road-disruption' },
    ],
    ...validity(raw.startDateTime, raw.endDateTime),
    relations: [{ rel: 'partOf' as const, target: roadDisruptionId(raw.disruptionId) }],
    provenance: tflProvenance(
      ctx,
      'Disrupted streets',
      segmentId,
      `/Road/All/Disruption/${encodeURIComponent(raw.disruptionId)}`,
    ),
    licence: ctx.licence,
  };
  const shared = {
    severity: raw.severity,
    category: raw.category,
    subCategory: raw.subCategory,
    closure: raw.closure,
    directions: raw.directions,
    levelOfInterest: raw.levelOfInterest,
    location: raw.location,
  };
  if (raw.category !== undefined && worksCategories.includes(raw.category)) {
    return twinRecord('StreetWork', {
      ...envelope,
      id: ['tfl-disrupted-street', segmentId],
      attributes: {
        streetName: raw.streetName || undefined,
        // TfL's own fields, beside Street Manager's in StreetWork.
        disruptionId: raw.disruptionId,
        disruptedStreetId: segmentId,
        ...shared,
      },
    });
  }
  return twinRecord('TransportDisruption', {
    ...envelope,
    id: ['tfl-disrupted-street', segmentId],
    attributes: { disruptionType: 'street-segment', mode: 'road', ...shared },
  });
}

/**
 * The best geometry a road disruption has: its polygon, else its street segments, else its point.
 */
function roadGeometry(raw: RawRoadDisruption): { geometry: Geometry | null; precision: LocationPrecision } {
  if (raw.geometry) return { geometry: fromTflGeoJson(raw.geometry), precision: 'exact' };
  const lines: Position[][] = [];
  for (const street of raw.streets) {
    for (const segment of street.segments) {
      if (segment.lineString) lines.push(lineFromString(segment.lineString).coordinates);
    }
  }
  if (lines.length > 0) {
    const multi: MultiLineString = { type: 'MultiLineString', coordinates: lines };
    return { geometry: multi, precision: 'street' };
  }
  // A point stands for a disruption that covers more than a point.
  if (raw.geography) return { geometry: fromTflGeoJson(raw.geography), precision: 'centroid' };
  if (raw.point) return { geometry: pointFromString(raw.point), precision: 'centroid' };
  return { geometry: null, precision: 'none' };
}

function segmentGeometry(raw: RawStreetDisruption): Geometry | null {
  if (raw.lineString) return lineFromString(raw.lineString);
  const { startLon, startLat, endLon, endLat } = raw;
  if (startLon !== undefined && startLat !== undefined && endLon !== undefined && endLat !== undefined) {
    return {
      type: 'LineString',
      coordinates: [
        [startLon, startLat],
        [endLon, endLat],
      ],
    };
  }
  return null;
}

function validity(from: string | undefined, to: string | undefined) {
  return { ...(from ? { validFrom: from } : {}), ...(to ? { validTo: to } : {}) };
}
