/**
 * OS Places API payloads as they really arrive: a `header` and `results`, each result one `{"DPA": {...}}`
 * or `{"LPI": {...}}` object with UPPER_SNAKE keys. Types are mixed (coordinates and `MATCH` numbers,
 * `UPRN` and codes strings, `LOCAL_CUSTODIAN_CODE` a number, `BLPU_STATE_CODE` sometimes `null`), so
 * every field accepts a string or a number. `results` may be absent when nothing matches.
 */
import { optionalNumber, optionalUkDate } from '@ldn-twin/core';
import * as z from 'zod';

/** Text that may arrive as a string or a number; `""` and `null` mean absent. */
const text = () =>
  z
    .union([z.string(), z.number(), z.null()])
    .transform((value) => {
      const trimmed = value === null ? '' : String(value).trim();
      return trimmed === '' ? undefined : trimmed;
    })
    .optional();

/**
 * The fields of one DPA or LPI record that the mapping reads (the DPA keys of real responses; LPI
 * records share the identifying and coordinate keys). Unknown keys are kept for `extra`.
 *
 * @example
 * ```ts
 * RawAddress.parse({ UPRN: '100023071949', X_COORDINATE: 527847.0, Y_COORDINATE: 182144.0 }).UPRN; // '100023071949'
 * ```
 */
export const RawAddress = z.looseObject({
  UPRN: text().pipe(z.string().regex(/^\d{1,12}$/, 'UPRN must be 1 to 12 digits')),
  UDPRN: text(),
  ADDRESS: text(),
  ORGANISATION_NAME: text(),
  BUILDING_NAME: text(),
  BUILDING_NUMBER: text(),
  THOROUGHFARE_NAME: text(),
  POST_TOWN: text(),
  POSTCODE: text(),
  RPC: text(),
  X_COORDINATE: optionalNumber(),
  Y_COORDINATE: optionalNumber(),
  LAT: optionalNumber(),
  LNG: optionalNumber(),
  STATUS: text(),
  LOGICAL_STATUS_CODE: text(),
  CLASSIFICATION_CODE: text(),
  CLASSIFICATION_CODE_DESCRIPTION: text(),
  LOCAL_CUSTODIAN_CODE: optionalNumber(),
  LOCAL_CUSTODIAN_CODE_DESCRIPTION: text(),
  COUNTRY_CODE: text(),
  COUNTRY_CODE_DESCRIPTION: text(),
  POSTAL_ADDRESS_CODE: text(),
  POSTAL_ADDRESS_CODE_DESCRIPTION: text(),
  BLPU_STATE_CODE: text(),
  BLPU_STATE_CODE_DESCRIPTION: text(),
  TOPOGRAPHY_LAYER_TOID: text(),
  WARD_CODE: text(),
  LAST_UPDATE_DATE: optionalUkDate(),
  ENTRY_DATE: optionalUkDate(),
  BLPU_STATE_DATE: optionalUkDate(),
  LANGUAGE: text(),
  MATCH: optionalNumber(),
  MATCH_DESCRIPTION: text(),
  DELIVERY_POINT_SUFFIX: text(),
});
/** A parsed DPA or LPI record. */
export type RawAddress = z.output<typeof RawAddress>;

/**
 * One element of `results`: exactly one of `DPA` or `LPI`.
 *
 * @example
 * ```ts
 * RawResult.parse({ DPA: { UPRN: '100023071949' } }).DPA?.UPRN; // '100023071949'
 * ```
 */
export const RawResult = z
  .object({ DPA: RawAddress.optional(), LPI: RawAddress.optional() })
  .refine((result) => (result.DPA === undefined) !== (result.LPI === undefined), {
    message: 'a result holds exactly one of DPA or LPI',
  });
/** A parsed result. */
export type RawResult = z.output<typeof RawResult>;

/**
 * The response body of find, postcode, uprn and nearest. Results stay unknown here: each is parsed
 * on its own, so one bad result is a reported issue.
 *
 * @example
 * ```ts
 * RawPlacesResponse.parse({ header: { totalresults: 0 } }).results; // []
 * ```
 */
export const RawPlacesResponse = z.object({
  header: z.looseObject({
    uri: text(),
    offset: optionalNumber(),
    totalresults: optionalNumber(),
    maxresults: optionalNumber(),
    dataset: text(),
    epoch: text(),
    lastupdate: text(),
    output_srs: text(),
  }),
  results: z
    .array(z.unknown())
    .nullish()
    .transform((results) => results ?? []),
});
/** A parsed response. */
export type RawPlacesResponse = z.output<typeof RawPlacesResponse>;
