/**
 * Evaluating ODRL policies for an action and a party. Every policy must permit (the label's
 * `policies` all apply); within a policy a matching prohibition wins over any permission, an action
 * no permission grants is denied, an unmet constraint or duty denies, and a duty to `attribute` is met
 * by the record's attribution lines. What the SDK cannot decide — a policy id the registry does not
 * hold, a constraint on an operand or with an operator it does not know, a duty other than
 * `attribute` — denies a record classified above `open` and is reported (in `unresolved`) on an
 * open one.
 *
 * Operands understood: `purpose` (the party's purpose) and `recipient` (the party's organisation), a
 * rule's `assignee` (organisation ids); operators `eq`, `neq`, `isAnyOf`, `isNoneOf`. A party that
 * states no purpose or organisation fails a permission's constraint on it and falls under a
 * prohibition's.
 */
import type { Classification } from '../model/access-label.js';
import type { Audience, Labelled } from '../model/trust.js';
import { LONDON_POLICY_REGISTRY } from './london.js';
import type { OdrlConstraint, OdrlDuty, OdrlPolicy, OdrlRule, PolicyRegistry } from './odrl.js';

/**
 * The actions a record is checked for: `use` (anything), `display` (shown on screen or in a report),
 * `distribute` (written to an export that leaves the app), `derive` (input to a derived record).
 *
 * @example
 * ```ts
 * import { POLICY_ACTIONS } from '@ldn-twin/core';
 * POLICY_ACTIONS.includes('distribute'); // true
 * ```
 */
export const POLICY_ACTIONS = ['use', 'display', 'distribute', 'derive'] as const;

/**
 * One of {@link POLICY_ACTIONS}.
 *
 * @example
 * ```ts
 * import type { PolicyAction } from '@ldn-twin/core';
 * const action: PolicyAction = 'distribute';
 * ```
 */
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/**
 * What is asked of the policies: the action, who asks (an {@link Audience}: clearance, organisation,
 * groups, purpose), the record's attribution lines (for `attribute` duties) and its classification
 * (what cannot be decided denies above `open`; default: treated as above open).
 *
 * @example
 * ```ts
 * import type { PolicyRequest } from '@ldn-twin/core';
 * const request: PolicyRequest = {
 *   action: 'display',
 *   party: { clearance: 'official-sensitive', organisation: 'thames-water', purpose: 'safe-digging' },
 *   attribution: ['© Thames Water'],
 *   classification: 'official-sensitive',
 * };
 * ```
 */
export interface PolicyRequest {
  readonly action: PolicyAction;
  readonly party: Audience;
  readonly attribution?: readonly string[];
  readonly classification?: Classification;
}

/**
 * The answer: permitted or not, the reasons (one line each, naming the policy), and the ids of the
 * policies that could not be resolved or evaluated (reported even when an open record is permitted).
 *
 * @example
 * ```ts
 * import type { PolicyDecision } from '@ldn-twin/core';
 * const denied: PolicyDecision = {
 *   permitted: false,
 *   reasons: ['https://example.org/policy/no-redistribution: prohibits distribute'],
 *   unresolved: [],
 * };
 * ```
 */
export interface PolicyDecision {
  readonly permitted: boolean;
  readonly reasons: readonly string[];
  readonly unresolved: readonly string[];
}

const ODRL = 'http://www.w3.org/ns/odrl/2/';
const term = (value: string): string =>
  value.startsWith(ODRL) ? value.slice(ODRL.length) : value.startsWith('odrl:') ? value.slice(5) : value;
const list = <T>(value: T | readonly T[] | undefined): readonly T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value as T];

/** ODRL 2.2's action hierarchy for the actions asked: `use` includes all; `play` includes `display`. */
function includes(ruleAction: string, asked: string): boolean {
  return ruleAction === asked || ruleAction === 'use' || (ruleAction === 'play' && asked === 'display');
}

/** `missing`: the party did not state the purpose or organisation a check needs. */
type Tri = 'met' | 'unmet' | 'missing' | 'unknown';
interface Check {
  readonly result: Tri;
  readonly why: string;
}

function operandText(value: OdrlConstraint['rightOperand']): string[] {
  return list(value).map((item) =>
    typeof item === 'object' ? String('@id' in item ? item['@id'] : item['@value']) : String(item),
  );
}

function checkConstraint(constraint: OdrlConstraint, party: Audience): Check {
  const left = term(constraint.leftOperand);
  const operator = term(constraint.operator);
  const right = operandText(constraint.rightOperand);
  const shown = `${left} ${operator} ${right.join(', ')}`;
  const actual = left === 'purpose' ? party.purpose : left === 'recipient' ? party.organisation : null;
  if (actual === null) return { result: 'unknown', why: `cannot evaluate constraint ${shown}` };
  if (!['eq', 'neq', 'isAnyOf', 'isNoneOf'].includes(operator))
    return { result: 'unknown', why: `cannot evaluate operator in ${shown}` };
  if (actual === undefined)
    return {
      result: 'missing',
      why: `constraint ${shown} needs a stated ${left === 'purpose' ? 'purpose' : 'organisation'}`,
    };
  const inList = right.includes(actual);
  const met = operator === 'eq' || operator === 'isAnyOf' ? inList : !inList;
  return { result: met ? 'met' : 'unmet', why: `constraint ${shown} not met by ${left} ${actual}` };
}

function checkDuty(duty: OdrlDuty, attribution: readonly string[]): Check {
  const actions = list(duty.action).map(term);
  if (duty.constraint !== undefined || actions.some((action) => action !== 'attribute'))
    return { result: 'unknown', why: `cannot verify duty ${actions.join(', ')}` };
  return attribution.length > 0
    ? { result: 'met', why: 'attribution given' }
    : { result: 'unmet', why: 'duty to attribute, but the record carries no attribution lines' };
}

/** The checks a rule makes of the party: its assignees, then its constraints. */
function ruleChecks(rule: OdrlRule, party: Audience): Check[] {
  const checks: Check[] = [];
  const assignees = list(rule.assignee);
  if (assignees.length > 0) {
    const org = party.organisation;
    const why = `only for ${assignees.join(', ')}`;
    checks.push(
      org === undefined
        ? { result: 'missing', why: `${why}, and no organisation was stated` }
        : { result: assignees.includes(org) ? 'met' : 'unmet', why: `${why}, not ${org}` },
    );
  }
  for (const constraint of list(rule.constraint)) checks.push(checkConstraint(constraint, party));
  return checks;
}

interface PolicyOutcome {
  readonly result: 'permit' | 'deny' | 'unknown';
  readonly reasons: string[];
}

function evaluateOne(policy: OdrlPolicy, request: PolicyRequest): PolicyOutcome {
  const { action, party } = request;
  const attribution = request.attribution ?? [];
  const denials: string[] = [];
  const unknowns: string[] = [];
  for (const rule of list(policy.prohibition)) {
    const actions = list(rule.action).map(term);
    if (!actions.some((ruled) => includes(ruled, action) || includes(action, ruled))) continue;
    // A party that does not say who it is or why falls under the prohibition ('missing' counts as met).
    const checks = ruleChecks(rule, party);
    if (checks.some((check) => check.result === 'unmet')) continue;
    const unknown = checks.find((check) => check.result === 'unknown');
    if (unknown) unknowns.push(unknown.why);
    else denials.push(`prohibits ${actions.join(', ')}`);
  }
  for (const duty of list(policy.obligation)) {
    const check = checkDuty(duty, attribution);
    if (check.result === 'unmet') denials.push(check.why);
    if (check.result === 'unknown') unknowns.push(check.why);
  }
  const granting = list(policy.permission).filter((rule) =>
    list(rule.action).some((ruled) => includes(term(ruled), action)),
  );
  let permitted = false;
  const unmet: string[] = [];
  const undecided: string[] = [];
  for (const rule of granting) {
    const checks = [
      ...ruleChecks(rule, party),
      ...list(rule.duty).map((duty) => checkDuty(duty, attribution)),
    ];
    const failed = checks.filter((check) => check.result === 'unmet' || check.result === 'missing');
    const unknown = checks.filter((check) => check.result === 'unknown');
    if (failed.length === 0 && unknown.length === 0) permitted = true;
    unmet.push(...failed.map((check) => check.why));
    undecided.push(...unknown.map((check) => check.why));
  }
  if (!permitted) {
    if (granting.length === 0) denials.push(`does not permit ${action}`);
    // A permission the SDK cannot decide might grant the action: undecidable, not denied.
    else if (undecided.length > 0) unknowns.push(...undecided, ...unmet);
    else denials.push(...new Set(unmet));
  }
  const named = (reasons: string[]) => [...new Set(reasons)].map((reason) => `${policy.uid}: ${reason}`);
  if (denials.length > 0) return { result: 'deny', reasons: named(denials) };
  if (unknowns.length > 0) return { result: 'unknown', reasons: named(unknowns) };
  return { result: 'permit', reasons: [] };
}

/**
 * Evaluates `policies` (all of them apply) for `request`. `policies` may hold ids that the caller
 * could not resolve (strings): they count as undecidable. See the module notes for the rules.
 *
 * @example
 * ```ts
 * import { evaluate } from '@ldn-twin/core';
 * const policy = {
 *   uid: 'https://example.org/policy/research-only',
 *   permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }],
 * };
 * evaluate([policy], { action: 'display', party: { clearance: 'open', purpose: 'research' } }).permitted; // true
 * evaluate([policy], { action: 'display', party: { clearance: 'open', purpose: 'marketing' } }).reasons;
 * // ['https://example.org/policy/research-only: constraint purpose eq research not met by purpose marketing']
 * evaluate(['https://example.org/unknown'], { action: 'display', party: { clearance: 'open' }, classification: 'official' }).permitted; // false
 * ```
 */
export function evaluate(policies: readonly (OdrlPolicy | string)[], request: PolicyRequest): PolicyDecision {
  const reasons: string[] = [];
  const unresolved: string[] = [];
  let denied = false;
  for (const policy of policies) {
    if (typeof policy === 'string') {
      unresolved.push(policy);
      reasons.push(`${policy}: policy not found in the registry`);
      continue;
    }
    const outcome = evaluateOne(policy, request);
    if (outcome.result === 'deny') denied = true;
    if (outcome.result === 'unknown') unresolved.push(policy.uid);
    reasons.push(...outcome.reasons);
  }
  const open = request.classification === 'open';
  return { permitted: !denied && (open || unresolved.length === 0), reasons, unresolved };
}

/**
 * Who asks and where policy ids are resolved: what {@link policyGate}, {@link honourPolicies} and
 * every exit that honours policies (`filterForAudience`, the serialisers) take. `registry` defaults
 * to {@link LONDON_POLICY_REGISTRY}. `onReport` hears of each record withheld (`decision.permitted`
 * false, with the reasons) and of each open record let through although some of its policies could
 * not be resolved or evaluated (`decision.unresolved`).
 *
 * @example
 * ```ts
 * import type { PolicyTerms } from '@ldn-twin/core';
 * const withheld: string[] = [];
 * const terms: PolicyTerms = {
 *   party: { clearance: 'open', purpose: 'research' },
 *   onReport: (record, decision) => {
 *     if (!decision.permitted) withheld.push(decision.reasons.join('; '));
 *   },
 * };
 * ```
 */
export interface PolicyTerms {
  readonly party: Audience;
  readonly registry?: PolicyRegistry;
  readonly onReport?: (record: Labelled, decision: PolicyDecision) => void;
}

const PERMITTED: PolicyDecision = Object.freeze({ permitted: true, reasons: [], unresolved: [] });

/**
 * A checker of records for one action and one party: it resolves each record's `access.policies`
 * in the registry and {@link evaluate}s them, caching the decision per distinct set of policies,
 * classification and presence of attribution, so a large export evaluates each combination once.
 * A record without policies is permitted without evaluation.
 *
 * @example
 * ```ts
 * import { policyGate } from '@ldn-twin/core';
 * const mayDistribute = policyGate('distribute', { party: { clearance: 'open' } });
 * const { permitted, reasons } = mayDistribute(record);
 * ```
 */
export function policyGate(
  action: PolicyAction,
  terms: Omit<PolicyTerms, 'onReport'>,
): (record: Labelled) => PolicyDecision {
  const registry = terms.registry ?? LONDON_POLICY_REGISTRY;
  // One map per classification and presence of attribution, keyed by the policy ids: the common
  // single-policy label needs no string built per record.
  const caches = new Map<string, Map<string, PolicyDecision>>();
  return (record) => {
    const { access, licence } = record.properties;
    const ids = access.policies;
    if (ids === undefined || ids.length === 0) return PERMITTED;
    const attributed = licence.attribution.length > 0;
    const scope = attributed ? access.classification : `${access.classification} unattributed`;
    let cache = caches.get(scope);
    if (cache === undefined) {
      cache = new Map();
      caches.set(scope, cache);
    }
    const key = ids.length === 1 ? (ids[0] as string) : ids.join(' ');
    let decision = cache.get(key);
    if (decision === undefined) {
      decision = evaluate(
        ids.map((id) => registry.get(id) ?? id),
        {
          action,
          party: terms.party,
          attribution: licence.attribution,
          classification: access.classification,
        },
      );
      cache.set(key, decision);
    }
    return decision;
  };
}

/**
 * A predicate for `action` under `terms` ({@link policyGate}) that also tells `terms.onReport`.
 *
 * @example
 * ```ts
 * import { permittedBy } from '@ldn-twin/core';
 * const shareable = records.filter(permittedBy('distribute', { party: { clearance: 'open' } }));
 * ```
 */
export function permittedBy(action: PolicyAction, terms: PolicyTerms): (record: Labelled) => boolean {
  const gate = policyGate(action, terms);
  const report = terms.onReport;
  return (record) => {
    const decision = gate(record);
    if (report !== undefined && (!decision.permitted || decision.unresolved.length > 0))
      report(record, decision);
    return decision.permitted;
  };
}

/**
 * The records whose policies permit `action` to `terms.party`, in order; the others are withheld
 * and told to `terms.onReport`. An array or iterable gives an array; an async iterable gives an
 * async iterable. Exits outside core (store exports, GeoParquet) call it with `'distribute'` before
 * writing.
 *
 * @example
 * ```ts
 * import { honourPolicies } from '@ldn-twin/core';
 * const party = { clearance: 'official-sensitive', organisation: 'thames-water', purpose: 'safe-digging' } as const;
 * for await (const record of honourPolicies(storeRecords, 'distribute', { party })) write(record);
 * ```
 */
export function honourPolicies<R extends Labelled>(
  records: Iterable<R>,
  action: PolicyAction,
  terms: PolicyTerms,
): R[];
export function honourPolicies<R extends Labelled>(
  records: AsyncIterable<R>,
  action: PolicyAction,
  terms: PolicyTerms,
): AsyncGenerator<R, void, undefined>;
export function honourPolicies<R extends Labelled>(
  records: Iterable<R> | AsyncIterable<R>,
  action: PolicyAction,
  terms: PolicyTerms,
): R[] | AsyncGenerator<R, void, undefined> {
  const permitted = permittedBy(action, terms);
  if (Symbol.asyncIterator in records) return honourAsync(records, permitted);
  return [...records].filter(permitted);
}

async function* honourAsync<R extends Labelled>(
  records: AsyncIterable<R>,
  permitted: (record: R) => boolean,
) {
  for await (const record of records) if (permitted(record)) yield record;
}
