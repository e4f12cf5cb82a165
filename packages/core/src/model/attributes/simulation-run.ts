/**
 * Attributes of the SimulationRun kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import * as z from 'zod';
import { IsoInstantSchema } from '../time.js';

/**
 * Attributes of a SimulationRun (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { SimulationRunAttributes } from '@ldn-twin/core';
 * SimulationRunAttributes.parse({ model: 'flood-model', modelVersion: '2.1', parameters: { rainfallMm: 80 } });
 * ```
 */
export const SimulationRunAttributes = z
  .looseObject({
    model: z.string().optional(),
    modelVersion: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    startedAt: IsoInstantSchema.optional(),
    finishedAt: IsoInstantSchema.optional(),
  })
  .meta({ id: 'SimulationRunAttributes', description: 'A run of a simulation model (loose)' });
