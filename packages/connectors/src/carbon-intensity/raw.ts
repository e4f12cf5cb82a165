/**
 * The Carbon Intensity API payloads as they really arrive (field guide §3): half-hour periods with
 * times written `YYYY-MM-DDThh:mmZ` (no seconds), national periods with a `forecast` and an
 * `actual` that is null for future periods, regional periods with a forecast only and a generation
 * mix; and regional `data` that is an array on some routes and a single object on the range +
 * region routes. Periods stay unknown at the top level and are parsed one by one.
 */
import { oneOrMany, optionalNumber, optionalText, requiredNumber } from '@ldn-twin/core';
import * as z from 'zod';

const IsoDateTime = z.iso.datetime({ offset: true });

/** A period bound: `2020-05-24T20:30Z` becomes `2020-05-24T20:30:00Z` (RFC 3339 needs seconds). */
const PeriodTime = z.string().transform((value, ctx) => {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/.test(value) ? `${value.slice(0, -1)}:00Z` : value;
  if (!IsoDateTime.safeParse(iso).success) {
    ctx.issues.push({
      code: 'custom',
      message: `expected YYYY-MM-DDThh:mmZ, got ${JSON.stringify(value)}`,
      input: value,
    });
    return z.NEVER;
  }
  return iso;
});

/** One fuel of a generation mix: `perc` is a number, integer or decimal. */
const RawFuel = z.looseObject({ fuel: z.string().min(1), perc: requiredNumber() });

/** One half-hour period, national or regional. */
export const RawPeriod = z.looseObject({
  from: PeriodTime,
  to: PeriodTime,
  intensity: z.looseObject({
    forecast: optionalNumber(),
    /** National only; null for future periods. */
    actual: optionalNumber(),
    /** 'very low', 'low', 'moderate', 'high', 'very high'. */
    index: optionalText(),
  }),
  generationmix: oneOrMany(RawFuel).default([]),
});
export type RawPeriod = z.output<typeof RawPeriod>;

/** `/intensity...`: `{data: [period, ...]}`. */
export const RawNationalResponse = z.object({ data: z.array(z.unknown()) });

/** One region with its periods (kept unknown, parsed one by one). */
const RawRegion = z.looseObject({
  regionid: requiredNumber(),
  dnoregion: optionalText(),
  shortname: optionalText(),
  data: z.array(z.unknown()),
});
export type RawRegion = z.output<typeof RawRegion>;

/**
 * `/regional/regionid/{id}` answers `{data: [region]}`; the range routes
 * (`/regional/intensity/{from}/fw24h/regionid/{id}`) answer `{data: region}`. Both become a list.
 * An empty `{}` body (seen from regional endpoints) has no `data` and is a SchemaError.
 */
export const RawRegionalResponse = z.object({
  data: z.union([z.array(RawRegion), RawRegion]).transform((data) => (Array.isArray(data) ? data : [data])),
});

/**
 * One half hour of the national generation mix (`/generation...`): a period with a generation mix
 * and no intensity.
 *
 * @example
 * ```ts
 * RawGenerationPeriod.parse({ from: '2018-01-20T12:00Z', to: '2018-01-20T12:30Z', generationmix: [{ fuel: 'gas', perc: 43.6 }] });
 * ```
 */
export const RawGenerationPeriod = z.looseObject({
  from: PeriodTime,
  to: PeriodTime,
  generationmix: oneOrMany(RawFuel).default([]),
});
export type RawGenerationPeriod = z.output<typeof RawGenerationPeriod>;

/**
 * `/generation` answers `{data: period}` (the current half hour); `/generation/{from}/{to}` answers
 * `{data: [period, ...]}`. Both become a list; periods stay unknown and are parsed one by one.
 */
export const RawGenerationResponse = z.object({
  data: z
    .union([z.array(z.unknown()), z.looseObject({})])
    .transform((data) => (Array.isArray(data) ? data : [data])),
});
