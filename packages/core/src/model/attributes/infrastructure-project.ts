/**
 * Attributes of the InfrastructureProject kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import * as z from 'zod';
import { IsoInstantSchema } from '../time.js';

/**
 * Attributes of an InfrastructureProject (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { InfrastructureProjectAttributes } from '@ldn-twin/core';
 * InfrastructureProjectAttributes.parse({ sponsor: 'TfL', status: 'construction', startDate: '2025-04-01' });
 * ```
 */
export const InfrastructureProjectAttributes = z
  .looseObject({
    sponsor: z.string().optional(),
    status: z.string().optional(),
    startDate: IsoInstantSchema.optional(),
    endDate: IsoInstantSchema.optional(),
  })
  .meta({ id: 'InfrastructureProjectAttributes', description: 'An infrastructure project (loose)' });
