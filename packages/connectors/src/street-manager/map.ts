/**
 * Mapping of Street Manager event messages to StreetWork records. One record per permit (activity,
 * Section 58): its id comes from the object reference, so a later event about the same permit
 * yields a record with the same id that supersedes the earlier one. The BNG geometry is kept in
 * `place`; `geometry` is its WGS 84 conversion.
 */
import { BNG_CRS, type Identifier, type Licence, type TwinRecordOf, twinRecord } from '@ldn-twin/core';
import { bngGeometry } from './geometry.js';
import type { RawEventMessage } from './raw.js';

/**
 * What every record of one run shares.
 *
 * @example
 * ```ts
 * const ctx: StreetWorkMappingContext = { retrievedAt: new Date().toISOString(), licence };
 * ```
 */
export interface StreetWorkMappingContext {
  readonly retrievedAt: string;
  readonly licence: Licence;
}

/** Keys mapped to attributes or the envelope, so not repeated in `extra`. */
const MAPPED_KEYS = new Set([
  'usrn',
  'street_name',
  'area_name',
  'town',
  'highway_authority',
  'highway_authority_swa_code',
  'work_reference_number',
  'permit_reference_number',
  'activity_reference_number',
  'promoter_swa_code',
  'promoter_organisation',
  'works_location_coordinates',
  'activity_coordinates',
  'section_58_coordinates',
  'work_category',
  'traffic_management_type',
  'proposed_start_date',
  'proposed_start_time',
  'proposed_end_date',
  'proposed_end_time',
  'actual_start_date_time',
  'actual_end_date_time',
  'start_date',
  'end_date',
  'work_status',
  'permit_status',
  'activity_type',
  'works_location_type',
  'permit_conditions',
  'road_category',
  'is_traffic_sensitive',
  'is_ttro_required',
  'close_footway',
  'collaborative_working',
]);

/**
 * Event names changed case over time: early docs said `work-start`, 2025 messages say
 * `WORK_START`. Both become UPPER_SNAKE.
 *
 * @example
 * ```ts
 * normaliseEventType('work-start'); // 'WORK_START'
 * normaliseEventType('PERMIT_ALTERATION_GRANTED'); // 'PERMIT_ALTERATION_GRANTED'
 * ```
 */
export function normaliseEventType(eventType: string): string {
  return eventType
    .trim()
    .replace(/[-\s]+/g, '_')
    .toUpperCase();
}

/**
 * Maps one parsed event message. Throws (and the run reports it) when the message names no
 * permit, activity or Section 58 reference, or its geometry cannot be read.
 *
 * @example
 * ```ts
 * const work = mapEventMessage(RawEventMessage.parse(message), { retrievedAt, licence });
 * work.properties.attributes.eventType; // 'PERMIT_ALTERATION_GRANTED'
 * ```
 */
export function mapEventMessage(
  message: RawEventMessage,
  ctx: StreetWorkMappingContext,
): TwinRecordOf<'StreetWork'> {
  const data = message.object_data;
  const reference =
    message.object_reference ??
    data.permit_reference_number ??
    data.activity_reference_number ??
    data.work_reference_number;
  if (!reference) throw new Error('the message names no object, permit, activity or work reference');
  const objectType = message.object_type?.toUpperCase();

  const coordinates =
    data.works_location_coordinates ?? data.activity_coordinates ?? data.section_58_coordinates;
  const converted = coordinates ? bngGeometry(coordinates) : undefined;

  const start =
    data.actual_start_date_time ?? data.proposed_start_time ?? data.proposed_start_date ?? data.start_date;
  const end = data.actual_end_date_time ?? data.proposed_end_time ?? data.proposed_end_date ?? data.end_date;
  const ordered = !(start && end) || Date.parse(start) <= Date.parse(end);

  const identifiers: Identifier[] = [];
  if (data.usrn) identifiers.push({ scheme: 'usrn', value: data.usrn });
  if (data.work_reference_number) {
    identifiers.push({
      scheme: 'other',
      value: data.work_reference_number,
      issuer: 'street-manager work reference',
    });
  }
  if (data.permit_reference_number) {
    identifiers.push({
      scheme: 'other',
      value: data.permit_reference_number,
      issuer: 'street-manager permit reference',
    });
  }
  if (data.activity_reference_number) {
    identifiers.push({
      scheme: 'other',
      value: data.activity_reference_number,
      issuer: 'street-manager activity reference',
    });
  }

  const extra = extraFields(data);
  if (converted) extra.crs_transform = converted.method;
  if (message.version !== undefined && message.version !== null) extra.version = String(message.version);

  const name = [data.street_name, data.town].filter(Boolean).join(', ');
  return twinRecord('StreetWork', {
    id: ['street-manager', reference],
    geometry: converted ? converted.wgs84 : null,
    place: converted?.bng,
    coordRefSys: converted ? BNG_CRS : undefined,
    time: start || end ? { interval: [start ?? '..', end ?? '..'] } : null,
    name: name || undefined,
    identifiers,
    validFrom: start || undefined,
    validTo: end && ordered ? end : undefined,
    recordedAt: message.event_time ?? ctx.retrievedAt,
    provenance: {
      publisher: 'Department for Transport (Street Manager)',
      dataset: `street-manager-${(objectType ?? 'event').toLowerCase().replace(/[^a-z0-9]+/g, '-')}-events`,
      sourceId: message.event_reference || undefined,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: 'street-manager',
    },
    licence: ctx.licence,
    attributes: {
      workReference: data.work_reference_number || undefined,
      permitReference: data.permit_reference_number || undefined,
      objectType: objectType || undefined,
      eventType: normaliseEventType(message.event_type),
      promoter: data.promoter_organisation,
      promoterSwaCode: data.promoter_swa_code,
      highwayAuthority: data.highway_authority,
      highwayAuthoritySwaCode: data.highway_authority_swa_code,
      usrn: data.usrn,
      streetName: data.street_name,
      areaName: data.area_name,
      town: data.town,
      status: data.work_status,
      permitStatus: data.permit_status,
      workCategory: data.work_category,
      activityType: data.activity_type,
      worksLocationType: data.works_location_type,
      trafficManagement: data.traffic_management_type,
      roadCategory: data.road_category,
      permitConditions: data.permit_conditions,
      proposedStart: data.proposed_start_time ?? data.proposed_start_date ?? data.start_date,
      proposedEnd: data.proposed_end_time ?? data.proposed_end_date ?? data.end_date,
      actualStart: data.actual_start_date_time,
      actualEnd: data.actual_end_date_time,
      trafficSensitive: data.is_traffic_sensitive,
      ttroRequired: data.is_ttro_required,
      footwayClosed: data.close_footway,
      collaborativeWorking: data.collaborative_working,
      extra,
    },
  });
}

/** Unmapped fields (codes such as `work_category_ref`), as non-empty strings. */
function extraFields(data: Record<string, unknown>): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    if (MAPPED_KEYS.has(key) || value === null || value === undefined || value === '') continue;
    extra[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return extra;
}
