/**
 * Trust helpers over the envelope: the credits for what is on screen, the most restrictive of several
 * access labels, and who may see what. A derived record inherits the most restrictive label of its
 * inputs and all their attributions ({@link derivedTrust}).
 */
import { type PolicyAction, type PolicyTerms, permittedBy } from '../policy/evaluate.js';
import { type AccessLabel, CLASSIFICATIONS, type Classification } from './access-label.js';

/**
 * Anything that carries an envelope's licence and access label: a twin record, or a record-like object.
 *
 * @example
 * ```ts
 * import type { Labelled } from '@ldn-twin/core';
 * const input: Labelled = { properties: { licence: { id: 'OGL-UK-3.0', attribution: [] }, access: { classification: 'open' } } };
 * ```
 */
export interface Labelled {
  readonly properties: {
    readonly licence: { readonly id: string; readonly attribution: readonly string[] };
    readonly access: AccessLabel;
  };
}

/**
 * Who is looking: their clearance, organisation and groups, and the purpose they state (which ODRL
 * policies may constrain: see `evaluate`).
 *
 * @example
 * ```ts
 * import type { Audience } from '@ldn-twin/core';
 * const engineer: Audience = {
 *   clearance: 'official-sensitive',
 *   organisation: 'thames-water',
 *   groups: ['dig-once'],
 *   purpose: 'safe-digging',
 * };
 * ```
 */
export interface Audience {
  readonly clearance: Classification;
  readonly organisation?: string;
  readonly groups?: readonly string[];
  readonly purpose?: string;
}

/**
 * The general public: clearance `open`, no organisation, no groups. It never sees a record that is
 * classified above open or restricted to organisations or groups.
 *
 * @example
 * ```ts
 * import { PUBLIC_AUDIENCE, filterForAudience } from '@ldn-twin/core';
 * const visible = filterForAudience(records, PUBLIC_AUDIENCE);
 * ```
 */
export const PUBLIC_AUDIENCE: Audience = Object.freeze({ clearance: 'open' });

/**
 * The distinct attribution statements of `records`, in first-seen order: show these as the credits
 * for what is on screen.
 *
 * @example
 * ```ts
 * import { attributions } from '@ldn-twin/core';
 * footer.textContent = attributions(visibleRecords).join(' · ');
 * ```
 */
export function attributions(records: Iterable<Labelled>): string[] {
  const seen = new Set<string>();
  for (const record of records) {
    for (const statement of record.properties.licence.attribution) seen.add(statement);
  }
  return [...seen];
}

function rank(classification: Classification): number {
  return CLASSIFICATIONS.indexOf(classification);
}

/** Intersection of the lists that are present; `undefined` when no input restricts. */
function intersectRestrictions(lists: readonly (readonly string[] | undefined)[]): string[] | undefined {
  let result: string[] | undefined;
  for (const list of lists) {
    if (list === undefined) continue;
    result = result === undefined ? [...new Set(list)] : result.filter((item) => list.includes(item));
  }
  return result;
}

/**
 * The most restrictive combination of access labels: the highest classification; for organisations
 * and groups, the intersection of the lists of the inputs that restrict them (an input without a list
 * does not restrict; an empty intersection permits nobody); every policy of every input.
 *
 * Groups are "any of" lists, so the intersection is a safe under-approximation: a viewer in a group
 * common to all restricting inputs could see each input, and only such viewers see the result.
 *
 * @throws RangeError when `labels` is empty: there is no "most restrictive" of nothing, and open must
 * be an explicit decision, never a default.
 *
 * @example
 * ```ts
 * import { combineAccess } from '@ldn-twin/core';
 * combineAccess([
 *   { classification: 'open' },
 *   { classification: 'official', permittedOrganisations: ['tfl', 'thames-water'] },
 *   { classification: 'official', permittedOrganisations: ['thames-water'] },
 * ]);
 * // { classification: 'official', permittedOrganisations: ['thames-water'] }
 * ```
 */
export function combineAccess(labels: Iterable<AccessLabel>): AccessLabel {
  const all = [...labels];
  const first = all[0];
  if (first === undefined) throw new RangeError('combineAccess needs at least one access label');
  let classification = first.classification;
  for (const label of all)
    if (rank(label.classification) > rank(classification)) classification = label.classification;
  const combined: AccessLabel = { classification };
  const organisations = intersectRestrictions(all.map((label) => label.permittedOrganisations));
  if (organisations !== undefined) combined.permittedOrganisations = organisations;
  const groups = intersectRestrictions(all.map((label) => label.permittedGroups));
  if (groups !== undefined) combined.permittedGroups = groups;
  const policies = [...new Set(all.flatMap((label) => label.policies ?? []))];
  if (policies.length > 0) combined.policies = policies;
  return combined;
}

/**
 * Whether `audience` may see a record labelled `label`: the clearance is at least the classification,
 * the organisation is permitted (when organisations are restricted) and one of the groups is
 * permitted (when groups are restricted). ODRL policies are terms of use, not visibility: they are
 * evaluated by {@link filterForAudience} and the serialisers, not here.
 *
 * @example
 * ```ts
 * import { PUBLIC_AUDIENCE, canSee } from '@ldn-twin/core';
 * canSee({ classification: 'open' }, PUBLIC_AUDIENCE); // true
 * canSee({ classification: 'official' }, PUBLIC_AUDIENCE); // false
 * canSee({ classification: 'official', permittedOrganisations: ['tfl'] }, { clearance: 'secret', organisation: 'tfl' }); // true
 * ```
 */
export function canSee(label: AccessLabel, audience: Audience): boolean {
  const clearance = rank(audience.clearance);
  const classification = rank(label.classification);
  // An unknown classification (a label that bypassed validation) ranks -1: treat it as the highest.
  if (classification < 0 || clearance < classification) return false;
  if (label.permittedOrganisations !== undefined) {
    if (
      audience.organisation === undefined ||
      !label.permittedOrganisations.includes(audience.organisation)
    ) {
      return false;
    }
  }
  if (label.permittedGroups !== undefined) {
    const groups = audience.groups ?? [];
    if (!label.permittedGroups.some((group) => groups.includes(group))) return false;
  }
  return true;
}

/**
 * Options of {@link filterForAudience}: the action the records are for (default `display`), the
 * policy registry (default `LONDON_POLICY_REGISTRY`) and `onReport`, which hears of each record
 * withheld — by its access label or by its policies — with the reasons.
 *
 * @example
 * ```ts
 * import type { AudienceFilterOptions } from '@ldn-twin/core';
 * const options: AudienceFilterOptions = { action: 'derive', onReport: (record, { reasons }) => log.push(...reasons) };
 * ```
 */
export interface AudienceFilterOptions extends Omit<PolicyTerms, 'party'> {
  readonly action?: PolicyAction;
}

/**
 * The reason {@link filterForAudience} reports for a record its access label hides from the audience
 * (policy reasons name their policy instead).
 *
 * @example
 * ```ts
 * import { LABEL_WITHHOLDS } from '@ldn-twin/core';
 * const byLabel = reasons.filter((reason) => reason === LABEL_WITHHOLDS).length;
 * ```
 */
export const LABEL_WITHHOLDS = 'access label: not for this audience';

const HIDDEN_BY_LABEL = Object.freeze({
  permitted: false,
  reasons: Object.freeze([LABEL_WITHHOLDS]),
  unresolved: Object.freeze([]),
});

/**
 * The records `audience` may see ({@link canSee}) and whose ODRL policies permit the action to it
 * (`evaluate`; a record without policies has no terms beyond its label), in order. An array or
 * iterable gives an array; an async iterable gives an async iterable, so a stream is filtered as it
 * flows.
 *
 * @example
 * ```ts
 * import { PUBLIC_AUDIENCE, filterForAudience } from '@ldn-twin/core';
 * const publicRecords = filterForAudience(records, PUBLIC_AUDIENCE);
 * for await (const record of filterForAudience(connectorStream, PUBLIC_AUDIENCE)) draw(record);
 * const withheld: string[] = [];
 * const forDigging = filterForAudience(
 *   records,
 *   { clearance: 'official-sensitive', organisation: 'thames-water', purpose: 'safe-digging' },
 *   { onReport: (record, decision) => decision.permitted || withheld.push(...decision.reasons) },
 * );
 * ```
 */
export function filterForAudience<R extends Labelled>(
  records: Iterable<R>,
  audience: Audience,
  options?: AudienceFilterOptions,
): R[];
export function filterForAudience<R extends Labelled>(
  records: AsyncIterable<R>,
  audience: Audience,
  options?: AudienceFilterOptions,
): AsyncGenerator<R, void, undefined>;
export function filterForAudience<R extends Labelled>(
  records: Iterable<R> | AsyncIterable<R>,
  audience: Audience,
  options: AudienceFilterOptions = {},
): R[] | AsyncGenerator<R, void, undefined> {
  const permitted = permittedBy(options.action ?? 'display', { ...options, party: audience });
  const report = options.onReport;
  const admits = (record: R): boolean => {
    if (canSee(record.properties.access, audience)) return permitted(record);
    report?.(record, HIDDEN_BY_LABEL);
    return false;
  };
  if (Symbol.asyncIterator in records) return filterAsync(records, admits);
  return [...records].filter(admits);
}

async function* filterAsync<R extends Labelled>(records: AsyncIterable<R>, admits: (record: R) => boolean) {
  for await (const record of records) if (admits(record)) yield record;
}

/**
 * The trust envelope of a record derived from `inputs`: the most restrictive access label
 * ({@link combineAccess}), every input's attribution ({@link attributions}) and the distinct licence
 * ids, to be carried by the derived record (whose licence must honour all of them).
 *
 * @throws RangeError when `inputs` is empty.
 *
 * @example
 * ```ts
 * import { derivedTrust } from '@ldn-twin/core';
 * const { access, attribution, licenceIds } = derivedTrust([constraint, building]);
 * const licence = { id: licenceIds.length === 1 ? licenceIds[0]! : 'various', attribution };
 * ```
 */
export function derivedTrust(inputs: Iterable<Labelled>): {
  access: AccessLabel;
  attribution: string[];
  licenceIds: string[];
} {
  const all = [...inputs];
  return {
    access: combineAccess(all.map((input) => input.properties.access)),
    attribution: attributions(all),
    licenceIds: [...new Set(all.map((input) => input.properties.licence.id))],
  };
}
