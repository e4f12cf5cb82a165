/**
 * Attributes of the StreetWork kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import { z } from 'zod';

/**
 * Attributes of a StreetWork (loose until the Street Manager connector lands).
 *
 * @example
 * ```ts
 * import { StreetWorkAttributes } from '@ldn-twin/core';
 * StreetWorkAttributes.parse({ workReference: 'TSR1591199404915', promoter: 'Thames Water', usrn: '8401426' });
 * ```
 */
export const StreetWorkAttributes = z
  .looseObject({
    workReference: z.string().optional(),
    promoter: z.string().optional(),
    usrn: z.string().optional(),
    status: z.string().optional(),
    trafficManagement: z.string().optional(),
  })
  .meta({ id: 'StreetWorkAttributes', description: 'Works in the street (loose)' });
