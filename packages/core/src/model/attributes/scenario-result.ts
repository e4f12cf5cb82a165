/**
 * Attributes of the ScenarioResult kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import * as z from 'zod';

/**
 * Attributes of a ScenarioResult (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { ScenarioResultAttributes } from '@ldn-twin/core';
 * ScenarioResultAttributes.parse({ metric: 'flood-depth', value: 0.4, unit: 'm' });
 * ```
 */
export const ScenarioResultAttributes = z
  .looseObject({
    metric: z.string().optional(),
    value: z.union([z.number(), z.string(), z.null()]).optional(),
    unit: z.string().optional(),
  })
  .meta({ id: 'ScenarioResultAttributes', description: 'One output of a scenario run (loose)' });
