/**
 * Attributes of the Alert kind: a warning in force for an area, such as an Environment Agency flood
 * warning. Loose and minimal until its first connector lands; that connector owns this file.
 */
import { z } from 'zod';

/**
 * Attributes of an Alert (loose, until the flood monitoring connector lands).
 *
 * @example
 * ```ts
 * import { AlertAttributes } from '@ldn-twin/core';
 * AlertAttributes.parse({ severity: 'Flood warning', severityLevel: 2, area: '062WAF28Thames' });
 * ```
 */
export const AlertAttributes = z
  .looseObject({
    severity: z.string().optional(),
    severityLevel: z.number().optional(),
    area: z.string().optional(),
    message: z.string().optional(),
  })
  .meta({ id: 'AlertAttributes', description: 'A warning in force for an area (loose)' });
