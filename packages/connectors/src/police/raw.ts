/**
 * The crime object of data.police.uk as it really arrives (field guide section 5): `latitude` and
 * `longitude` as strings, `id` and `street.id` as numbers, `persistent_id` `""` for anti-social
 * behaviour, `location` null for crimes without one, `outcome_status` null when none was recorded.
 * Crimes are parsed one by one, so one bad crime is a reported issue, not a failed request.
 */
import { optionalNumber, optionalText, requiredNumber } from '@ldn-twin/core';
import * as z from 'zod';

/** Where police.uk places a crime: an anonymised point on or near a street (or none). */
const CrimeLocation = z
  .looseObject({
    latitude: requiredNumber(),
    longitude: requiredNumber(),
    street: z.looseObject({ id: optionalNumber(), name: optionalText() }).nullish(),
  })
  .nullish();

/**
 * One crime of `/crimes-street/{category}` (and `/crimes-at-location`, same shape).
 *
 * @example
 * ```ts
 * const crime = RawCrime.parse({ category: 'burglary', id: 1, month: '2024-01', location: null });
 * ```
 */
export const RawCrime = z.looseObject({
  category: z.string().min(1),
  persistent_id: optionalText(),
  id: requiredNumber(),
  location_subtype: optionalText(),
  location: CrimeLocation,
  context: optionalText(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM'),
  location_type: optionalText(),
  outcome_status: z
    .looseObject({
      category: optionalText(),
      date: optionalText().pipe(z.union([z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), z.undefined()])),
    })
    .nullish(),
});
/**
 * A parsed crime.
 *
 * @example
 * ```ts
 * const crime: RawCrime = RawCrime.parse(json);
 * crime.location?.latitude; // a number, though it arrives as a string
 * ```
 */
export type RawCrime = z.output<typeof RawCrime>;

/**
 * A crimes response: a full JSON array with no paging. Items stay unknown: each is parsed on its own.
 *
 * @example
 * ```ts
 * const crimes = RawCrimeList.parse([{ id: 1 }]);
 * ```
 */
export const RawCrimeList = z.array(z.unknown());

/** A yes/no field that may be null (`involved_person`, `operation`, ...). */
const optionalFlag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? undefined);

/**
 * One stop and search of `/stops-street` (documented shape): a full `datetime` with offset, the
 * person's self- and officer-defined ethnicity, gender and age range as published, the legislation,
 * object of search and outcome. It has no id of any kind.
 *
 * @example
 * ```ts
 * const stop = RawStop.parse({ type: 'Person search', datetime: '2024-01-04T07:41:00+00:00', location: null });
 * ```
 */
export const RawStop = z.looseObject({
  type: z.string().min(1),
  datetime: z.iso.datetime({ offset: true }),
  involved_person: optionalFlag,
  location: z
    .looseObject({
      latitude: requiredNumber(),
      longitude: requiredNumber(),
      street: z.looseObject({ id: optionalNumber(), name: optionalText() }).nullish(),
    })
    .nullish(),
  gender: optionalText(),
  age_range: optionalText(),
  self_defined_ethnicity: optionalText(),
  officer_defined_ethnicity: optionalText(),
  legislation: optionalText(),
  object_of_search: optionalText(),
  outcome: optionalText(),
  outcome_object: z.looseObject({ id: optionalText(), name: optionalText() }).nullish(),
  outcome_linked_to_object_of_search: optionalFlag,
  removal_of_more_than_outer_clothing: optionalFlag,
  operation: optionalFlag,
  operation_name: optionalText(),
});
/**
 * A parsed stop and search.
 *
 * @example
 * ```ts
 * const stop: RawStop = RawStop.parse(json);
 * stop.location?.latitude; // a number, though it arrives as a string
 * ```
 */
export type RawStop = z.output<typeof RawStop>;

/**
 * `/crimes-street-dates` (documented shape): the months with street-level data, each with the
 * forces that published stop and searches for it.
 *
 * @example
 * ```ts
 * RawAvailability.parse([{ date: '2024-01', 'stop-and-search': ['metropolitan'] }])[0]?.date; // '2024-01'
 * ```
 */
export const RawAvailability = z.array(
  z.looseObject({
    date: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM'),
    'stop-and-search': z.array(z.string()).default([]),
  }),
);

const YearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/**
 * One outcome of `/outcomes-at-location` (documented shape: the official example response): the
 * outcome's category (`code`, `name`), its month, the offender's `person_id` (usually null) and the
 * crime it is an outcome of. The crime's keys after its location (`context`, `month`, `id`) are
 * those of `/outcomes-for-crime`'s example; the outcome example seen does not show them, so they are
 * optional.
 *
 * @example
 * ```ts
 * const outcome = RawOutcome.parse({ category: { code: 'local-resolution', name: 'Local resolution' }, date: '2024-01', person_id: null, crime: { category: 'public-order', location: null } });
 * ```
 */
export const RawOutcome = z.looseObject({
  category: z.looseObject({ code: z.string().min(1), name: optionalText() }),
  date: YearMonth,
  person_id: z.union([z.string(), z.number(), z.null()]).optional(),
  crime: z.looseObject({
    category: z.string().min(1),
    persistent_id: optionalText(),
    id: optionalNumber(),
    location_subtype: optionalText(),
    location_type: optionalText(),
    location: CrimeLocation,
    context: optionalText(),
    month: optionalText().pipe(z.union([YearMonth, z.undefined()])),
  }),
});
/**
 * A parsed outcome.
 *
 * @example
 * ```ts
 * const outcome: RawOutcome = RawOutcome.parse(json);
 * outcome.crime.location?.latitude; // a number, though it arrives as a string
 * ```
 */
export type RawOutcome = z.output<typeof RawOutcome>;
