/**
 * Times in the record model: ISO 8601 instants for the envelope's lifespan and record times, and the
 * JSON-FG `time` member (an instant or an interval with `..` for an open end).
 */
import * as z from 'zod';

/**
 * The patterns of `z.iso.date()` and `z.iso.datetime({ offset: true })` (zod's own), for checks that
 * must accept exactly what those schemas accept (see `record-check.ts`). Read from the schemas rather
 * than `z.regexes`, which a bundler keeps whole (every zod pattern) once any of it is used.
 * @internal
 */
export const ISO_DATE: RegExp = z.iso.date()._zod.pattern;
/** @internal */
export const ISO_DATE_TIME: RegExp = z.iso.datetime({ offset: true })._zod.pattern;

/**
 * An RFC 3339 date-time with an offset (`2026-11-26T09:30:00Z`) or a calendar date (`2026-11-26`).
 * Many London sources only give a date (planning.data `entry-date`), so both are accepted.
 *
 * @example
 * ```ts
 * import { IsoInstantSchema } from '@ldn-twin/core';
 * IsoInstantSchema.parse('2026-11-26');
 * IsoInstantSchema.parse('2026-11-26T09:30:00+00:00');
 * ```
 */
// The date first: most sources give dates, and a union pays for every member it tries in vain.
export const IsoInstantSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .meta({ id: 'IsoInstant', description: 'RFC 3339 date-time with offset, or a calendar date' });

const intervalEnd = z.union([z.literal('..'), z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * The JSON-FG `time` member: a `date`, a `timestamp` and/or an `interval` `[start, end]` whose ends
 * are dates, timestamps or `'..'` (open). At least one of the three is required.
 *
 * @example
 * ```ts
 * import { JsonFgTimeSchema } from '@ldn-twin/core';
 * JsonFgTimeSchema.parse({ interval: ['2024-03-01', '..'] });
 * JsonFgTimeSchema.parse({ timestamp: '2026-11-26T09:00:00Z' });
 * ```
 */
export const JsonFgTimeSchema = z
  .strictObject({
    date: z.iso.date().optional(),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    interval: z.tuple([intervalEnd, intervalEnd]).optional(),
  })
  .refine((time) => time.date !== undefined || time.timestamp !== undefined || time.interval !== undefined, {
    message: 'JSON-FG time needs a date, a timestamp or an interval',
  })
  .meta({ id: 'JsonFgTime', description: 'JSON-FG time: an instant or an interval ("..": open end)' });

/**
 * The JSON-FG `time` of a record.
 *
 * @example
 * ```ts
 * import type { JsonFgTime } from '@ldn-twin/core';
 * const time: JsonFgTime = { interval: ['2024-03-01', '..'] };
 * ```
 */
export type JsonFgTime = z.infer<typeof JsonFgTimeSchema>;
