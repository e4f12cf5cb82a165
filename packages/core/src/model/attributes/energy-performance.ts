/**
 * Attributes of the EnergyPerformance kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import { z } from 'zod';
import { IsoInstantSchema } from '../time.js';

/**
 * Attributes of an EnergyPerformance certificate (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { EnergyPerformanceAttributes } from '@ldn-twin/core';
 * EnergyPerformanceAttributes.parse({ certificateType: 'domestic', rating: 'C', score: 72 });
 * ```
 */
export const EnergyPerformanceAttributes = z
  .looseObject({
    certificateType: z.string().optional(),
    rating: z.string().optional(),
    score: z.number().optional(),
    lodgementDate: IsoInstantSchema.optional(),
  })
  .meta({ id: 'EnergyPerformanceAttributes', description: 'An energy performance certificate (loose)' });
