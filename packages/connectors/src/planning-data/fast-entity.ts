/**
 * The fast path of RawEntity, the schema a search runs on each of its (up to 500 a page) entities:
 * a plain reading that gives exactly what `RawEntity.parse` gives (the same keys, in the same order,
 * with the same values) for an entity it is sure of, and `undefined` for any other (an unexpected
 * type, a value the schema would refuse, a date-time): the schema then decides and names the issue.
 * Property tests against RawEntity: `planning-data-fast-entity.property.test.ts`.
 */
import * as z from 'zod';

/** The pattern of `z.iso.date()`, zod's own. */
const ISO_DATE: RegExp = z.iso.date()._zod.pattern;

/** What the fast path gives for a value it is not sure of. */
const UNSURE: unique symbol = Symbol('unsure');
type Unsure = typeof UNSURE;

/** `optionalText()`. */
function text(value: unknown): string | undefined | Unsure {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return UNSURE;
  const t = value.trim();
  return t === '' ? undefined : t;
}

/** `optionalNumber()`. */
function number(value: unknown): number | undefined | Unsure {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : UNSURE;
  if (typeof value !== 'string') return UNSURE;
  const t = value.trim();
  if (t === '') return undefined;
  const parsed = Number(t);
  return Number.isFinite(parsed) ? parsed : UNSURE;
}

/** `requiredNumber()`. */
function requiredNumber(value: unknown): number | Unsure {
  const n = number(value);
  return n === undefined ? UNSURE : n;
}

/** `optionalIsoDate()`, for a date or nothing (a date-time goes to the schema). */
function date(value: unknown): string | undefined | Unsure {
  const t = text(value);
  return t === undefined || t === UNSURE || ISO_DATE.test(t) ? t : UNSURE;
}

/** RawEntity's declared fields, in its shape's order, each with its rule. */
const RULES: readonly (readonly [string, (value: unknown) => unknown])[] = [
  ['entity', requiredNumber],
  ['name', text],
  ['dataset', (value) => (typeof value === 'string' && value.length > 0 ? value : UNSURE)],
  ['typology', text],
  ['reference', text],
  ['prefix', text],
  ['organisation-entity', number],
  ['entry-date', date],
  ['start-date', date],
  ['end-date', date],
  ['geometry', text],
  ['point', text],
  ['quality', text],
];
const DECLARED: ReadonlySet<string> = new Set(RULES.map(([name]) => name));

/**
 * `RawEntity.parse(entity)` for an entity it is sure of, else `undefined`.
 *
 * @example
 * ```ts
 * entityFields({ entity: 44006852, dataset: 'conservation-area', 'start-date': '' }); // { entity: 44006852, dataset: 'conservation-area', 'start-date': undefined }
 * ```
 */
export function entityFields(entity: unknown): Record<string, unknown> | undefined {
  if (
    typeof entity !== 'object' ||
    entity === null ||
    Object.getPrototypeOf(entity) !== Object.prototype ||
    Object.hasOwn(entity, '__proto__')
  ) {
    return undefined;
  }
  const raw = entity as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // The declared fields first, as a loose object gives them: present in the entity, or defined.
  for (const [name, rule] of RULES) {
    const value = rule(raw[name]);
    if (value === UNSURE) return undefined;
    if (value !== undefined || name in raw) out[name] = value;
  }
  // Then the others, as they came.
  for (const name in raw) if (!DECLARED.has(name)) out[name] = raw[name];
  return out;
}
