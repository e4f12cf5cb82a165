/**
 * DfT Street Manager open-data event messages as they arrive (field guide section 7). DfT warns the
 * message "is subject to extension/modification with no prior notice" and asks consumers to take
 * only the properties they need: every schema here is loose, and only what is mapped is checked.
 * Yes/no flags are the strings "Yes"/"No"; `usrn` and `road_category` are strings; many fields are
 * null; `area_name` is often "".
 */
import { optionalIsoDate, optionalText } from '@ldn-twin/core';
import * as z from 'zod';

/** A string or a number (upstream ids and codes), as trimmed text; `""`/null absent. */
const text = () =>
  z
    .union([z.string(), z.number(), z.null()])
    .transform((value) => (value == null ? undefined : String(value).trim() || undefined))
    .optional();

/** "Yes"/"No" (any case) as a boolean; null or "" absent; anything else is an error. */
const yesNo = () =>
  optionalText().pipe(
    z
      .union([z.string().regex(/^(yes|no)$/i, 'expected "Yes" or "No"'), z.undefined()])
      .transform((value) => (value === undefined ? undefined : value.toLowerCase() === 'yes')),
  );

/**
 * The `object_data` of a permit, activity or Section 58 event: the keys this connector maps.
 *
 * @example
 * ```ts
 * RawObjectData.parse({ usrn: '34409447', street_name: 'LOWEDGES ROAD', is_traffic_sensitive: 'Yes' });
 * ```
 */
export const RawObjectData = z.looseObject({
  usrn: text(),
  street_name: optionalText(),
  area_name: optionalText(),
  town: optionalText(),
  highway_authority: optionalText(),
  highway_authority_swa_code: text(),
  work_reference_number: optionalText(),
  permit_reference_number: optionalText(),
  activity_reference_number: optionalText(),
  promoter_swa_code: text(),
  promoter_organisation: optionalText(),
  works_location_coordinates: optionalText(),
  activity_coordinates: optionalText(),
  section_58_coordinates: optionalText(),
  work_category: optionalText(),
  traffic_management_type: optionalText(),
  proposed_start_date: optionalIsoDate(),
  proposed_start_time: optionalIsoDate(),
  proposed_end_date: optionalIsoDate(),
  proposed_end_time: optionalIsoDate(),
  actual_start_date_time: optionalIsoDate(),
  actual_end_date_time: optionalIsoDate(),
  start_date: optionalIsoDate(),
  end_date: optionalIsoDate(),
  work_status: optionalText(),
  permit_status: optionalText(),
  activity_type: optionalText(),
  activity_name: optionalText(),
  works_location_type: optionalText(),
  permit_conditions: optionalText(),
  road_category: text(),
  is_traffic_sensitive: yesNo(),
  is_ttro_required: yesNo(),
  close_footway: yesNo(),
  collaborative_working: yesNo(),
});
/**
 * Parsed object data.
 *
 * @example
 * ```ts
 * const data: RawObjectData = RawObjectData.parse(message.object_data);
 * data.is_traffic_sensitive; // true for "Yes"
 * ```
 */
export type RawObjectData = z.output<typeof RawObjectData>;

/**
 * One event message: the envelope and its `object_data`.
 *
 * @example
 * ```ts
 * RawEventMessage.parse({ event_reference: 1, event_type: 'WORK_START', object_reference: 'X-01', object_data: {} });
 * ```
 */
export const RawEventMessage = z.looseObject({
  event_reference: text(),
  event_type: z.string().trim().min(1),
  object_type: optionalText(),
  object_reference: optionalText(),
  event_time: optionalIsoDate(),
  version: z.union([z.number(), z.string(), z.null()]).optional(),
  object_data: RawObjectData,
});
/**
 * A parsed event message.
 *
 * @example
 * ```ts
 * const message: RawEventMessage = RawEventMessage.parse(JSON.parse(line));
 * ```
 */
export type RawEventMessage = z.output<typeof RawEventMessage>;
