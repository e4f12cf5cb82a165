/**
 * Where a record came from (a light W3C PROV-O): publisher, dataset, source record, retrieval time and
 * method; and, for simulated outputs, the run and scenario they belong to.
 */
import * as z from 'zod';
import { IsoInstantSchema } from './time.js';

/**
 * How the content of a record came to be.
 *
 * @example
 * ```ts
 * import { PROVENANCE_METHODS } from '@ldn-twin/core';
 * PROVENANCE_METHODS.includes('simulated'); // true
 * ```
 */
export const PROVENANCE_METHODS = ['measured', 'reported', 'modelled', 'simulated', 'derived'] as const;

/**
 * Zod schema of a {@link Provenance}.
 *
 * @example
 * ```ts
 * import { ProvenanceSchema } from '@ldn-twin/core';
 * ProvenanceSchema.parse({
 *   publisher: 'Historic England',
 *   dataset: 'listed-building',
 *   sourceId: '31479426',
 *   sourceUrl: 'https://www.planning.data.gov.uk/entity/31479426',
 *   retrievedAt: '2026-11-26T09:30:00Z',
 *   method: 'reported',
 *   connector: 'planning-data',
 * });
 * ```
 */
export const ProvenanceSchema = z
  .strictObject({
    publisher: z.string().min(1),
    dataset: z.string().min(1),
    sourceId: z.string().min(1).optional(),
    sourceUrl: z.url().optional(),
    retrievedAt: IsoInstantSchema,
    method: z.enum(PROVENANCE_METHODS),
    connector: z.string().min(1).optional(),
  })
  .meta({ id: 'Provenance', description: 'Publisher, dataset, source record, retrieval time and method' });

/**
 * The provenance of a record.
 *
 * @example
 * ```ts
 * import type { Provenance } from '@ldn-twin/core';
 * const provenance: Provenance = {
 *   publisher: 'Imperial College London', dataset: 'LAQN', retrievedAt: '2026-11-26T09:30:00Z', method: 'measured',
 * };
 * ```
 */
export type Provenance = z.infer<typeof ProvenanceSchema>;

/**
 * Zod schema of a {@link Scenario}: the simulation run (a twin id or the model's own run id) and the
 * scenario name. Required when `provenance.method` is `'simulated'`, forbidden otherwise.
 *
 * @example
 * ```ts
 * import { ScenarioSchema } from '@ldn-twin/core';
 * ScenarioSchema.parse({ runId: 'urn:ldntwin:simulation-run:flood-model:2026-11-01', scenario: 'rcp85-2080' });
 * ```
 */
export const ScenarioSchema = z
  .strictObject({ runId: z.string().min(1), scenario: z.string().min(1) })
  .meta({ id: 'Scenario', description: 'Simulation run and scenario of a simulated record' });

/**
 * The run and scenario a simulated record belongs to.
 *
 * @example
 * ```ts
 * import type { Scenario } from '@ldn-twin/core';
 * const scenario: Scenario = { runId: 'run-42', scenario: 'baseline' };
 * ```
 */
export type Scenario = z.infer<typeof ScenarioSchema>;
