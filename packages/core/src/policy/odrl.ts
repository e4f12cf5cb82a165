/**
 * ODRL 2.2 policies held as data: the JSON-LD shape of the W3C ODRL Information Model
 * (https://www.w3.org/TR/odrl-model/) for the part the SDK evaluates — a policy `uid`, its
 * `permission`, `prohibition` and `obligation` rules, each with an `action`, optional `assignee`,
 * `constraint`s (`leftOperand`, `operator`, `rightOperand`) and, on permissions, `duty`. Other
 * properties (`@context`, `target`, `assigner`, `profile`, ...) are allowed and kept, not evaluated.
 */
import * as z from 'zod';
import { SchemaError } from '../errors.js';

/** A term of the ODRL vocabulary: `use`, `odrl:use` or `http://www.w3.org/ns/odrl/2/use`. */
const Term = z.string().min(1);

/** A JSON-LD value: a plain literal, `{ "@value": ... }` or `{ "@id": ... }`. */
const Operand = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.strictObject({
    '@value': z.union([z.string(), z.number(), z.boolean()]),
    '@type': z.string().optional(),
  }),
  z.strictObject({ '@id': z.string().min(1) }),
]);

/**
 * Zod schema of an {@link OdrlConstraint}: `leftOperand operator rightOperand`, e.g. purpose `eq`
 * `safe-digging`. A list `rightOperand` goes with `isAnyOf`, `isAllOf` or `isNoneOf`.
 *
 * @example
 * ```ts
 * import { OdrlConstraintSchema } from '@ldn-twin/core';
 * OdrlConstraintSchema.parse({ leftOperand: 'purpose', operator: 'eq', rightOperand: 'safe-digging' });
 * ```
 */
export const OdrlConstraintSchema = z.looseObject({
  leftOperand: Term,
  operator: Term,
  rightOperand: z.union([Operand, z.array(Operand).min(1)]),
});

/**
 * One ODRL constraint.
 *
 * @example
 * ```ts
 * import type { OdrlConstraint } from '@ldn-twin/core';
 * const research: OdrlConstraint = { leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' };
 * ```
 */
export type OdrlConstraint = z.infer<typeof OdrlConstraintSchema>;

/** One or several (JSON-LD allows both): normalised to a list when read. */
const oneOrList = <T extends z.ZodType>(schema: T) => z.union([schema, z.array(schema)]);

/**
 * Zod schema of an {@link OdrlDuty}: an action the party must perform (`attribute`, ...), with
 * optional constraints.
 *
 * @example
 * ```ts
 * import { OdrlDutySchema } from '@ldn-twin/core';
 * OdrlDutySchema.parse({ action: 'attribute' });
 * ```
 */
export const OdrlDutySchema = z.looseObject({
  action: oneOrList(Term),
  constraint: oneOrList(OdrlConstraintSchema).optional(),
});

/**
 * One ODRL duty (on a permission) or obligation (on a policy).
 *
 * @example
 * ```ts
 * import type { OdrlDuty } from '@ldn-twin/core';
 * const credit: OdrlDuty = { action: 'attribute' };
 * ```
 */
export type OdrlDuty = z.infer<typeof OdrlDutySchema>;

/**
 * Zod schema of an {@link OdrlRule}: a permission or prohibition of an action, optionally only for
 * some `assignee`s (organisation ids) and under constraints; permissions may carry duties.
 *
 * @example
 * ```ts
 * import { OdrlRuleSchema } from '@ldn-twin/core';
 * OdrlRuleSchema.parse({ action: 'use', duty: [{ action: 'attribute' }] });
 * ```
 */
export const OdrlRuleSchema = z.looseObject({
  action: oneOrList(Term),
  assignee: oneOrList(z.string().min(1)).optional(),
  constraint: oneOrList(OdrlConstraintSchema).optional(),
  duty: oneOrList(OdrlDutySchema).optional(),
});

/**
 * One ODRL permission or prohibition.
 *
 * @example
 * ```ts
 * import type { OdrlRule } from '@ldn-twin/core';
 * const noRedistribution: OdrlRule = { action: 'distribute' };
 * ```
 */
export type OdrlRule = z.infer<typeof OdrlRuleSchema>;

/**
 * Zod schema of an {@link OdrlPolicy}: an ODRL 2.2 `Set`, `Offer`, `Agreement` or `Policy` with a
 * `uid` (the IRI that access labels list in `policies`) and at least one rule.
 *
 * @example
 * ```ts
 * import { OdrlPolicySchema } from '@ldn-twin/core';
 * OdrlPolicySchema.parse({
 *   '@context': 'http://www.w3.org/ns/odrl.jsonld',
 *   '@type': 'Set',
 *   uid: 'https://example.org/policy/no-redistribution',
 *   permission: [{ action: 'display' }],
 *   prohibition: [{ action: 'distribute' }],
 * });
 * ```
 */
export const OdrlPolicySchema = z
  .looseObject({
    '@context': z.unknown().optional(),
    '@type': z
      .enum([
        'Set',
        'Offer',
        'Agreement',
        'Policy',
        'odrl:Set',
        'odrl:Offer',
        'odrl:Agreement',
        'odrl:Policy',
      ])
      .optional(),
    uid: z.url(),
    permission: oneOrList(OdrlRuleSchema).optional(),
    prohibition: oneOrList(OdrlRuleSchema).optional(),
    obligation: oneOrList(OdrlDutySchema).optional(),
  })
  .refine(
    (policy) =>
      policy.permission !== undefined || policy.prohibition !== undefined || policy.obligation !== undefined,
    'an ODRL policy needs at least one permission, prohibition or obligation',
  );

/**
 * One ODRL 2.2 policy.
 *
 * @example
 * ```ts
 * import type { OdrlPolicy } from '@ldn-twin/core';
 * const open: OdrlPolicy = { uid: 'https://example.org/policy/open', permission: [{ action: 'use' }] };
 * ```
 */
export type OdrlPolicy = z.infer<typeof OdrlPolicySchema>;

/**
 * The policies an app knows, by `uid`: what access labels' `policies` are resolved against.
 *
 * @example
 * ```ts
 * import { policyRegistry, LONDON_POLICIES } from '@ldn-twin/core';
 * const registry: PolicyRegistry = policyRegistry(LONDON_POLICIES);
 * ```
 */
export type PolicyRegistry = ReadonlyMap<string, OdrlPolicy>;

/**
 * Validates ODRL policies (parsed JSON-LD, e.g. read from files the app holds) and indexes them by
 * `uid`. Later policies with the same `uid` replace earlier ones, so an app can override a shipped one.
 *
 * @throws SchemaError naming the first policy that is not a valid ODRL policy.
 *
 * @example
 * ```ts
 * import { LONDON_POLICIES, policyRegistry } from '@ldn-twin/core';
 * const registry = policyRegistry([...LONDON_POLICIES, JSON.parse(await readFile('my-terms.jsonld', 'utf8'))]);
 * registry.has('https://creativecommons.org/licenses/by/4.0/'); // true
 * ```
 */
export function policyRegistry(policies: Iterable<unknown>): PolicyRegistry {
  const registry = new Map<string, OdrlPolicy>();
  let index = 0;
  for (const value of policies) {
    const result = OdrlPolicySchema.safeParse(value);
    if (!result.success) throw new SchemaError(`ODRL policy ${index}`, result.error.issues, value);
    registry.set(result.data.uid, result.data);
    index += 1;
  }
  return registry;
}
