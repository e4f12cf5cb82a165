/**
 * Attributes of the TransportStop kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import { z } from 'zod';

/**
 * Attributes of a TransportStop (loose until the TfL connector lands).
 *
 * @example
 * ```ts
 * import { TransportStopAttributes } from '@ldn-twin/core';
 * TransportStopAttributes.parse({ naptanId: '490000077E', modes: ['bus'] });
 * ```
 */
export const TransportStopAttributes = z
  .looseObject({
    naptanId: z.string().optional(),
    stopCode: z.string().optional(),
    modes: z.array(z.string()).optional(),
  })
  .meta({ id: 'TransportStopAttributes', description: 'A stop or station (loose)' });
