/**
 * Attributes of the TransportDisruption kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import { z } from 'zod';

/**
 * Attributes of a TransportDisruption (loose until the TfL connector lands).
 *
 * @example
 * ```ts
 * import { TransportDisruptionAttributes } from '@ldn-twin/core';
 * TransportDisruptionAttributes.parse({ mode: 'tube', severity: 'Minor Delays', affectedLines: ['victoria'] });
 * ```
 */
export const TransportDisruptionAttributes = z
  .looseObject({
    mode: z.string().optional(),
    severity: z.string().optional(),
    category: z.string().optional(),
    affectedLines: z.array(z.string()).optional(),
  })
  .meta({ id: 'TransportDisruptionAttributes', description: 'A transport disruption (loose)' });
