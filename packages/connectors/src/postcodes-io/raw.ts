/**
 * The payloads of postcodes.io as they arrive (field guide section 6): every body has `status` and
 * `result`; a postcode result has many nullable fields and a `codes` object of GSS codes, and its
 * field set grows over time, so schemas are loose and only what is mapped is checked. Results are
 * parsed one by one: one bad result is a reported issue, not a failed request.
 */
import { optionalNumber, optionalText } from '@ldn-twin/core';
import * as z from 'zod';

/**
 * One postcode result (lookup, bulk lookup, reverse geocode; reverse adds `distance` in metres).
 *
 * @example
 * ```ts
 * const pc = RawPostcode.parse({ postcode: 'SW1A 2DD', longitude: -0.127149, latitude: 51.50702, codes: {} });
 * ```
 */
export const RawPostcode = z.looseObject({
  postcode: z.string().trim().min(1),
  longitude: optionalNumber(),
  latitude: optionalNumber(),
  eastings: optionalNumber(),
  northings: optionalNumber(),
  admin_district: optionalText(),
  /** GSS codes by geography; `null` where the postcode has none. */
  codes: z.record(z.string(), z.union([z.string(), z.null()])).default({}),
});
/**
 * A parsed postcode result.
 *
 * @example
 * ```ts
 * const pc: RawPostcode = RawPostcode.parse(body.result);
 * pc.codes.admin_district; // 'E09000033'
 * ```
 */
export type RawPostcode = z.output<typeof RawPostcode>;

/**
 * One entry of a bulk lookup: the postcode asked for and its result, `null` when unknown.
 *
 * @example
 * ```ts
 * RawBulkEntry.parse({ query: 'ZZ1 1ZZ', result: null });
 * ```
 */
export const RawBulkEntry = z.looseObject({
  query: z.string(),
  result: RawPostcode.nullable(),
});
/**
 * A parsed bulk entry.
 *
 * @example
 * ```ts
 * const entry: RawBulkEntry = RawBulkEntry.parse({ query: 'ZZ1 1ZZ', result: null });
 * ```
 */
export type RawBulkEntry = z.output<typeof RawBulkEntry>;

/**
 * A body whose `result` is a list (bulk lookup, reverse geocode) or `null` (nothing within radius).
 *
 * @example
 * ```ts
 * RawListBody.parse({ status: 200, result: null }).result; // []
 * ```
 */
export const RawListBody = z.looseObject({
  status: z.number(),
  result: z
    .array(z.unknown())
    .nullable()
    .transform((items) => items ?? []),
});

/**
 * The body of a single lookup; the result is parsed on its own.
 *
 * @example
 * ```ts
 * RawLookupBody.parse({ status: 200, result: { postcode: 'SW1A 2DD' } });
 * ```
 */
export const RawLookupBody = z.looseObject({ status: z.number(), result: z.unknown() });

/**
 * The body of `/postcodes/{postcode}/validate`: whether the postcode is in the directory.
 *
 * @example
 * ```ts
 * RawValidateBody.parse({ status: 200, result: false });
 * ```
 */
export const RawValidateBody = z.looseObject({ status: z.number(), result: z.boolean() });

/**
 * One entry of a bulk reverse geocode: the geolocation asked for (`query`) and its nearest
 * postcodes, an empty list when none is within the radius, `null` for an invalid geolocation.
 * The postcodes are parsed one by one.
 *
 * @example
 * ```ts
 * RawReverseEntry.parse({ query: { longitude: -0.127, latitude: 51.507 }, result: null }).result; // null
 * ```
 */
export const RawReverseEntry = z.looseObject({
  query: z.looseObject({ longitude: optionalNumber(), latitude: optionalNumber() }),
  result: z.array(z.unknown()).nullable(),
});
/**
 * A parsed bulk reverse geocode entry.
 *
 * @example
 * ```ts
 * const entry: RawReverseEntry = RawReverseEntry.parse(body.result[0]);
 * ```
 */
export type RawReverseEntry = z.output<typeof RawReverseEntry>;

/** A list of names (`admin_district`, `admin_ward`, ...): absent or null becomes an empty list. */
const Names = z
  .array(z.string())
  .nullish()
  .transform((names) => names ?? []);

/**
 * An outward code (`/outcodes/{outcode}`): its averaged centroid and the names (not codes) of the
 * areas its postcodes fall in.
 *
 * @example
 * ```ts
 * RawOutcode.parse({ outcode: 'SW1A', longitude: -0.1323, latitude: 51.5045, admin_district: ['Westminster'] });
 * ```
 */
export const RawOutcode = z.looseObject({
  outcode: z.string().trim().min(1),
  longitude: optionalNumber(),
  latitude: optionalNumber(),
  eastings: optionalNumber(),
  northings: optionalNumber(),
  admin_district: Names,
  admin_county: Names,
  admin_ward: Names,
  parish: Names,
  country: Names,
});
/**
 * A parsed outward code.
 *
 * @example
 * ```ts
 * const oc: RawOutcode = RawOutcode.parse(body.result);
 * oc.admin_district; // ['Westminster', 'Wandsworth']
 * ```
 */
export type RawOutcode = z.output<typeof RawOutcode>;

const OptionalText = z
  .string()
  .nullish()
  .transform((value) => (value === null || value === undefined || value.trim() === '' ? undefined : value));

/**
 * One place of `/places?q=` (documented shape: postcodes.io's OpenAPI `Place` schema and its data
 * field guide; no capture): an OS Open Names named place with its persistent `code`, names (and their
 * languages), OS `local_type`, outcode, administrative areas, WGS 84 point, OSGB point and bounding box.
 *
 * @example
 * ```ts
 * RawPlace.parse({ code: 'osgb4000000074559209', name_1: 'London', local_type: 'Capital City', longitude: -0.09853, latitude: 51.51396 });
 * ```
 */
export const RawPlace = z.looseObject({
  code: z.string().trim().min(1),
  name_1: z.string().trim().min(1),
  name_1_lang: OptionalText,
  name_2: OptionalText,
  name_2_lang: OptionalText,
  local_type: OptionalText,
  outcode: OptionalText,
  county_unitary: OptionalText,
  county_unitary_type: OptionalText,
  district_borough: OptionalText,
  district_borough_type: OptionalText,
  region: OptionalText,
  country: OptionalText,
  longitude: optionalNumber(),
  latitude: optionalNumber(),
  eastings: optionalNumber(),
  northings: optionalNumber(),
  min_eastings: optionalNumber(),
  min_northings: optionalNumber(),
  max_eastings: optionalNumber(),
  max_northings: optionalNumber(),
});
/**
 * A parsed place.
 *
 * @example
 * ```ts
 * const place: RawPlace = RawPlace.parse(body.result[0]);
 * place.local_type; // 'Suburban Area'
 * ```
 */
export type RawPlace = z.output<typeof RawPlace>;
