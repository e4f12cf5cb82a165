/**
 * The payloads of the Planning London Datahub guest API as they really arrive (see
 * docs/planning-london-datahub.md): a raw Elasticsearch response whose `hits.total` is an object
 * (`{"value": 134, "relation": "eq"}`; a plain number on old clusters), hits that may carry
 * `_ignored` (fields Elasticsearch could not index, often the BNG `polygon`), and `_source` documents
 * with UK `dd/MM/yyyy` dates, numbers that may come as strings, `null` for missing values and nested
 * residential units. Hits are parsed one by one, so one bad application is a reported issue.
 */
import { optionalNumber, optionalText, requiredNumber } from '@ldn-twin/core';
import * as z from 'zod';

/** A value served as a string or a number (`lpa_app_no` is sometimes an integer, `uprn` a string). */
const textOrNumber = () =>
  z
    .union([z.string(), z.number(), z.null()])
    .transform((value) => (value === null || String(value).trim() === '' ? undefined : String(value).trim()))
    .optional();

/** An object, or `null`/absent (both mean "none"). */
const optionalObject = <T extends z.ZodType>(schema: T) =>
  z
    .union([schema, z.null()])
    .transform((value) => value ?? undefined)
    .optional();

/** One unit of `application_details.residential_details.residential_units`. *
 * @example
 * ```ts
 * RawResidentialUnit.parse({ change_type: 'Gain', no_bedrooms: '3' }); // no_bedrooms: 3
 * ```
 */
export const RawResidentialUnit = z.looseObject({
  change_type: optionalText(),
  no_bedrooms: optionalNumber(),
  tenure: optionalText(),
  /** Per-unit progress (`dd/MM/yyyy`): names from a PLD pipeline's unit profile (pld-changes guide), not in the capture. */
  actual_commencement_date: optionalText(),
  actual_completion_date: optionalText(),
  superseded_date: optionalText(),
});

/** `application_details.residential_details`; counts may be numbers or numeric strings. *
 * @example
 * ```ts
 * RawResidentialDetails.parse({ total_no_proposed_residential_units: 9, residential_units: null });
 * ```
 */
export const RawResidentialDetails = z.looseObject({
  total_no_proposed_residential_units: optionalNumber(),
  total_no_existing_residential_units: optionalNumber(),
  total_no_proposed_bedrooms: optionalNumber(),
  total_no_proposed_residential_affordable_units: optionalNumber(),
  total_no_proposed_residential_units_market_for_sale: optionalNumber(),
  residential_units: optionalObject(z.array(RawResidentialUnit)),
});

/** `application_details`. *
 * @example
 * ```ts
 * RawApplicationDetails.parse({ site_area: '0.12', residential_details: null });
 * ```
 */
export const RawApplicationDetails = z.looseObject({
  site_area: optionalNumber(),
  total_gia_gained: optionalNumber(),
  total_gia_lost: optionalNumber(),
  total_gia_existing: optionalNumber(),
  residential_details: optionalObject(RawResidentialDetails),
});

/**
 * One application document (`_source`). Dates stay text here: they are converted in mapping, where
 * a junk date is kept in `extra` instead of failing the whole application.
 *
 * @example
 * ```ts
 * RawApplication.parse({ uprn: '100022963618', decision_date: '20/01/2020', centroid: { lon: 0.005038, lat: 51.554645 } });
 * ```
 */
export const RawApplication = z.looseObject({
  id: textOrNumber(),
  lpa_name: optionalText(),
  lpa_app_no: textOrNumber(),
  borough: optionalText(),
  ward: optionalText(),
  valid_date: optionalText(),
  decision_date: optionalText(),
  decision_target_date: optionalText(),
  lapsed_date: optionalText(),
  actual_commencement_date: optionalText(),
  actual_completion_date: optionalText(),
  appeal_decision_date: optionalText(),
  last_updated: optionalText(),
  status: optionalText(),
  decision: optionalText(),
  decision_process: optionalText(),
  decision_agency: optionalText(),
  application_type: optionalText(),
  application_type_full: optionalText(),
  development_type: optionalText(),
  appeal_status: optionalText(),
  appeal_decision: optionalText(),
  description: optionalText(),
  site_name: textOrNumber(),
  site_number: textOrNumber(),
  street_name: optionalText(),
  locality: optionalText(),
  postcode: optionalText(),
  uprn: textOrNumber(),
  url_planning_app: optionalText(),
  centroid: optionalObject(z.looseObject({ lat: optionalNumber(), lon: optionalNumber() })),
  wgs84_polygon: z.unknown().optional(),
  application_details: optionalObject(RawApplicationDetails),
});
export type RawApplication = z.output<typeof RawApplication>;

/** One hit of `_search`. *
 * @example
 * ```ts
 * RawHit.parse({ _id: 'Waltham_Forest-190520', _ignored: ['polygon'], _source: {} });
 * ```
 */
export const RawHit = z.looseObject({
  _index: optionalText(),
  _id: z.string().min(1),
  _ignored: z.array(z.string()).optional(),
  _source: RawApplication,
  sort: z.array(z.unknown()).optional(),
});
export type RawHit = z.output<typeof RawHit>;

/** `hits.total`: an object since Elasticsearch 7, a number before. */
const HitsTotal = z.union([
  z.looseObject({ value: requiredNumber(), relation: z.enum(['eq', 'gte']) }),
  requiredNumber().transform((value) => ({ value, relation: 'eq' as const })),
]);

/** The `_search` body. Hits stay unknown here: each is parsed on its own. *
 * @example
 * ```ts
 * RawSearchResponse.parse({ hits: { total: { value: 134, relation: 'eq' }, hits: [] } }).hits.total;
 * // { value: 134, relation: 'eq' }
 * ```
 */
export const RawSearchResponse = z.looseObject({
  took: optionalNumber(),
  timed_out: z.boolean().optional(),
  hits: z.looseObject({
    total: HitsTotal.optional(),
    hits: z.array(z.unknown()),
  }),
});
export type RawSearchResponse = z.output<typeof RawSearchResponse>;

/** The `_count` body: `{"count": N, "_shards": {...}}`. *
 * @example
 * ```ts
 * RawCountResponse.parse({ count: '134', _shards: {} }).count; // 134
 * ```
 */
export const RawCountResponse = z.looseObject({ count: requiredNumber() });
