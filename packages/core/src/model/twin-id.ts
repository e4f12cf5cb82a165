/**
 * Deterministic twin ids: `urn:ldntwin:<kind-kebab>:<namespace>:<local>`. The namespace names the
 * identifier system the local part comes from (`uprn`, `gss`, `lpa-lambeth`, `planning-entity`...),
 * so the same thing mapped twice gets the same id. Both parts are percent-encoded (every character
 * outside `A-Z a-z 0-9 - _ . ! ~ * ' ( )`, including `:` and `%`), which makes the mapping injective:
 * `('a:b', 'c')` and `('a', 'b:c')` can never produce the same id.
 */
import { type Kind, kindFromKebab, kindToKebab } from './kinds.js';

/** One percent-encoded id segment, as `encodeURIComponent` writes it. */
const SEGMENT = "(?:[A-Za-z0-9\\-_.!~*'()]|%[0-9A-F]{2})+";

/**
 * A regular expression source that matches the twin id of one kind (or any kind when omitted).
 * The record schemas and the generated JSON Schema use it as the `id` pattern.
 *
 * @example
 * ```ts
 * import { twinIdPattern } from '@ldn-twin/core';
 * new RegExp(twinIdPattern('Building')).test('urn:ldntwin:building:uprn:100023336956'); // true
 * ```
 */
export function twinIdPattern(kind?: Kind): string {
  const kindPart = kind === undefined ? '[a-z]+(?:-[a-z]+)*' : kindToKebab(kind);
  return `^urn:ldntwin:${kindPart}:${SEGMENT}:${SEGMENT}$`;
}

const ANY_TWIN_ID = new RegExp(twinIdPattern());

function encodeSegment(value: string, what: string): string {
  if (value.length === 0) throw new TypeError(`twinId: the ${what} must not be empty`);
  try {
    return encodeURIComponent(value);
  } catch (cause) {
    throw new TypeError(`twinId: the ${what} is not well-formed Unicode (lone surrogate)`, { cause });
  }
}

/**
 * The deterministic id of a twin record. Reuse an authoritative identifier as `local` where one
 * exists (UPRN, USRN, TOID, GSS code, planning.data entity, an LPA reference paired with its authority).
 *
 * @param kind - the record kind.
 * @param namespace - the identifier system of `local`, e.g. `'uprn'`, `'gss'`, `'planning-entity'`.
 * @param local - the identifier within that namespace; any non-empty string.
 * @throws TypeError when `namespace` or `local` is empty or not well-formed Unicode.
 *
 * @example
 * ```ts
 * import { twinId } from '@ldn-twin/core';
 * twinId('AdministrativeArea', 'gss', 'E09000022'); // 'urn:ldntwin:administrative-area:gss:E09000022'
 * twinId('PlanningApplication', 'lpa-lambeth', '24/01234/FUL');
 * // 'urn:ldntwin:planning-application:lpa-lambeth:24%2F01234%2FFUL'
 * ```
 */
export function twinId(kind: Kind, namespace: string, local: string): string {
  return `urn:ldntwin:${kindToKebab(kind)}:${encodeSegment(namespace, 'namespace')}:${encodeSegment(local, 'local part')}`;
}

/**
 * The parts of a twin id, decoded.
 *
 * @example
 * ```ts
 * import type { TwinIdParts } from '@ldn-twin/core';
 * const parts: TwinIdParts = { kind: 'Building', namespace: 'uprn', local: '100023336956' };
 * ```
 */
export interface TwinIdParts {
  readonly kind: Kind;
  readonly namespace: string;
  readonly local: string;
}

/**
 * Whether a string is a well-formed twin id of a known kind.
 *
 * @example
 * ```ts
 * import { isTwinId } from '@ldn-twin/core';
 * isTwinId('urn:ldntwin:sensor:laqn:BL0'); // true
 * isTwinId('urn:ldntwin:sensor:laqn'); // false
 * ```
 */
export function isTwinId(id: string): boolean {
  return parseTwinId(id) !== undefined;
}

/**
 * Splits a twin id back into its decoded kind, namespace and local part; the inverse of {@link twinId}.
 *
 * @returns the parts, or `undefined` when `id` is not a well-formed twin id of a known kind in the
 * canonical spelling {@link twinId} writes.
 *
 * @example
 * ```ts
 * import { parseTwinId } from '@ldn-twin/core';
 * parseTwinId('urn:ldntwin:planning-application:lpa-lambeth:24%2F01234%2FFUL');
 * // { kind: 'PlanningApplication', namespace: 'lpa-lambeth', local: '24/01234/FUL' }
 * ```
 */
export function parseTwinId(id: string): TwinIdParts | undefined {
  if (!ANY_TWIN_ID.test(id)) return undefined;
  const [, , kebab = '', namespace = '', local = ''] = id.split(':');
  const kind = kindFromKebab(kebab);
  if (kind === undefined) return undefined;
  let parts: TwinIdParts;
  try {
    parts = { kind, namespace: decodeURIComponent(namespace), local: decodeURIComponent(local) };
  } catch {
    // A segment that decodes to malformed UTF-8 (e.g. `%FF`) was not written by twinId.
    return undefined;
  }
  // Only the canonical spelling is an id: `%41` for `A` would give one thing two ids.
  return twinId(parts.kind, parts.namespace, parts.local) === id ? parts : undefined;
}
