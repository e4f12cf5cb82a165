/**
 * Octopus Energy REST payloads as they really arrive (real captures in OctoMeter's tests): pages of
 * `{count, next, previous, results}` with `next` an absolute URL; unit rates newest first, each
 * `{value_exc_vat, value_inc_vat, valid_from, valid_to, payment_method}` in pence per kWh with UTC
 * `Z` half-hour bounds (`valid_to` null for open-ended rates of other tariffs); products with `code`,
 * `display_name`, `direction`, `brand`, `available_from` (with an offset), `available_to`.
 */
import { optionalText } from '@ldn-twin/core';
import { z } from 'zod';

/** A page of any listing; results stay unknown and are parsed one by one. */
export const RawPage = z.looseObject({
  count: z.number().int().nonnegative().optional(),
  next: z.string().nullable().optional(),
  results: z.array(z.unknown()),
});

const Instant = z.iso.datetime({ offset: true });

/**
 * One standard unit rate.
 *
 * @example
 * ```ts
 * RawUnitRate.parse({ value_exc_vat: 17.42, value_inc_vat: 18.291, valid_from: '2024-05-07T21:30:00Z', valid_to: '2024-05-07T22:00:00Z', payment_method: null });
 * ```
 */
export const RawUnitRate = z.looseObject({
  value_exc_vat: z.number(),
  value_inc_vat: z.number(),
  valid_from: Instant,
  valid_to: Instant.nullable(),
  payment_method: optionalText(),
});
export type RawUnitRate = z.output<typeof RawUnitRate>;

/**
 * One product of `/v1/products/`.
 *
 * @example
 * ```ts
 * RawProduct.parse({ code: 'AGILE-24-04-03', display_name: 'Agile Octopus', direction: 'IMPORT', brand: 'OCTOPUS_ENERGY', available_to: null });
 * ```
 */
export const RawProduct = z.looseObject({
  code: z.string().min(1),
  display_name: optionalText(),
  full_name: optionalText(),
  direction: optionalText(),
  brand: optionalText(),
  available_from: Instant.nullable().optional(),
  available_to: Instant.nullable().optional(),
});
export type RawProduct = z.output<typeof RawProduct>;
