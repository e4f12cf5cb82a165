/**
 * The access label every record carries, after the UK National Digital Twin programme's
 * attribute-based labels: a classification, optionally the organisations and groups allowed to see the
 * record, and optionally ODRL policies for the terms of use. Open data is labelled open by an explicit
 * decision: the label is required and has no default.
 */
import * as z from 'zod';

/**
 * Classifications from least to most restrictive (UK Government Security Classifications, with
 * `open` for published open data and `official-sensitive` for the OFFICIAL-SENSITIVE handling caveat).
 *
 * @example
 * ```ts
 * import { CLASSIFICATIONS } from '@ldn-twin/core';
 * CLASSIFICATIONS.indexOf('secret') > CLASSIFICATIONS.indexOf('official'); // true
 * ```
 */
export const CLASSIFICATIONS = ['open', 'official', 'official-sensitive', 'secret'] as const;

/**
 * One classification.
 *
 * @example
 * ```ts
 * import type { Classification } from '@ldn-twin/core';
 * const level: Classification = 'official-sensitive';
 * ```
 */
export type Classification = (typeof CLASSIFICATIONS)[number];

/**
 * Zod schema of a {@link Classification}.
 *
 * @example
 * ```ts
 * import { ClassificationSchema } from '@ldn-twin/core';
 * ClassificationSchema.parse('open');
 * ```
 */
export const ClassificationSchema = z.enum(CLASSIFICATIONS);

/**
 * Zod schema of an {@link AccessLabel}. `permittedOrganisations` / `permittedGroups`, when present,
 * restrict the record to viewers in one of the listed organisations / groups (an empty list permits
 * nobody). `policies` are ODRL policy URLs; every one of them applies.
 *
 * @example
 * ```ts
 * import { AccessLabelSchema } from '@ldn-twin/core';
 * AccessLabelSchema.parse({ classification: 'open' });
 * AccessLabelSchema.parse({ classification: 'official-sensitive', permittedOrganisations: ['thames-water'] });
 * ```
 */
export const AccessLabelSchema = z
  .strictObject({
    classification: ClassificationSchema,
    permittedOrganisations: z.array(z.string().min(1)).optional(),
    permittedGroups: z.array(z.string().min(1)).optional(),
    policies: z.array(z.url()).optional(),
  })
  .meta({
    id: 'AccessLabel',
    description:
      'NDTP-style access label: classification, optional permitted organisations/groups, ODRL policy URLs',
  });

/**
 * Who may see a record. Required on every record; `{ classification: 'open' }` is an explicit decision.
 *
 * @example
 * ```ts
 * import type { AccessLabel } from '@ldn-twin/core';
 * const label: AccessLabel = { classification: 'official', permittedGroups: ['dig-once-partners'] };
 * ```
 */
export type AccessLabel = z.infer<typeof AccessLabelSchema>;

/**
 * The label of published open data.
 *
 * @example
 * ```ts
 * import { OPEN_ACCESS } from '@ldn-twin/core';
 * const record = { access: OPEN_ACCESS }; // { classification: 'open' }
 * ```
 */
export const OPEN_ACCESS: AccessLabel = Object.freeze({ classification: 'open' });
