/**
 * Attributes of the TransportStop kind, grounded in TfL `StopPoint` (field guide §1d): NaPTAN ids,
 * modes, stop type, indicator and letter, the lines that call. Strict where the real payload shows
 * the shape; `extra` keeps other upstream fields as strings.
 */
import * as z from 'zod';

/**
 * Attributes of a TransportStop: a stop, platform or station. `naptanId` is the NaPTAN ATCO code
 * (`490007960P`); `stationNaptan` the station or stop area it belongs to; `lines` the ids of the
 * lines that call; `distanceMetres` the distance from the point of a radius search. Every field is
 * optional (other stop sources may know less), but unknown keys are rejected.
 *
 * @example
 * ```ts
 * import { TransportStopAttributes } from '@ldn-twin/core';
 * TransportStopAttributes.parse({
 *   naptanId: '490007960P',
 *   modes: ['bus'],
 *   stopType: 'NaptanPublicBusCoachTram',
 *   indicator: 'Stop P',
 *   stopLetter: 'P',
 *   lines: ['12', '159'],
 * });
 * ```
 */
export const TransportStopAttributes = z
  .strictObject({
    naptanId: z.string().min(1).optional(),
    /** The public stop code (SMS code), where a source gives one. */
    stopCode: z.string().min(1).optional(),
    modes: z.array(z.string().min(1)).optional(),
    stopType: z.string().min(1).optional(),
    indicator: z.string().min(1).optional(),
    stopLetter: z.string().min(1).optional(),
    icsCode: z.string().min(1).optional(),
    stationNaptan: z.string().min(1).optional(),
    lines: z.array(z.string().min(1)).optional(),
    distanceMetres: z.number().nonnegative().optional(),
    /** Whether the stop is in service, as published (TfL `status`). */
    status: z.boolean().optional(),
    /** Other upstream fields, as strings under their original keys. */
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'TransportStopAttributes', description: 'A stop, platform or station' });
