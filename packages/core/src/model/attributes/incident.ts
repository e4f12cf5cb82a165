/**
 * Attributes of the Incident kind: something that happened at a place and time and was reported,
 * such as a street-level crime (police.uk). Loose and minimal until its first connector lands; that
 * connector owns this file.
 */
import { z } from 'zod';

/**
 * Attributes of an Incident (loose, until the police.uk connector lands).
 *
 * @example
 * ```ts
 * import { IncidentAttributes } from '@ldn-twin/core';
 * IncidentAttributes.parse({ category: 'burglary', month: '2024-01' });
 * ```
 */
export const IncidentAttributes = z
  .looseObject({
    category: z.string().optional(),
    month: z
      .string()
      .regex(/^\d{4}-\d{2}$/)
      .optional(),
    outcome: z.string().optional(),
  })
  .meta({ id: 'IncidentAttributes', description: 'A reported incident, such as a crime (loose)' });
