/**
 * Attributes of the ScenarioResult kind: one output of a scenario run (the run and scenario are the
 * envelope's `scenario`). Strict: what a publisher adds beyond the fields below goes in `extra`,
 * as text under its original names (UK Power Networks: the substation's `sitefunctionallocation`).
 */
import * as z from 'zod';

/**
 * Attributes of a ScenarioResult: the metric, its value and unit, the year it is for and the
 * publisher's category.
 *
 * @example
 * ```ts
 * import { ScenarioResultAttributes } from '@ldn-twin/core';
 * ScenarioResultAttributes.parse({
 *   metric: 'network-headroom',
 *   value: -0.4,
 *   unit: 'MW',
 *   year: 2030,
 *   extra: { sitefunctionallocation: 'LPN-S000000000901' },
 * });
 * ```
 */
export const ScenarioResultAttributes = z
  .strictObject({
    metric: z.string().optional(),
    value: z.union([z.number(), z.string(), z.null()]).optional(),
    unit: z.string().optional(),
    /** The year the result is for (a projection's year). */
    year: z.number().int().optional(),
    /** The publisher's category of the result (UK Power Networks: demand or generation headroom). */
    category: z.string().optional(),
    /** Source fields with no place above, as text under their original names. */
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'ScenarioResultAttributes', description: 'One output of a scenario run' });
