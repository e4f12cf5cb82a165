/**
 * Typed identifiers (UPRN, USRN, TOID, GSS, LPA reference, planning.data entity) and typed relations
 * between records (NGSI-LD relationships).
 */
import * as z from 'zod';

/**
 * The identifier schemes a record can carry.
 *
 * @example
 * ```ts
 * import { IDENTIFIER_SCHEMES } from '@ldn-twin/core';
 * IDENTIFIER_SCHEMES.includes('uprn'); // true
 * ```
 */
export const IDENTIFIER_SCHEMES = [
  'uprn',
  'usrn',
  'toid',
  'gss',
  'lpa-ref',
  'planning-entity',
  'other',
] as const;

/**
 * Zod schema of an {@link Identifier}. `issuer` disambiguates identifiers that are only unique within
 * an issuer (an LPA reference is unique only within its planning authority) or names the scheme of an
 * `other` identifier.
 *
 * @example
 * ```ts
 * import { IdentifierSchema } from '@ldn-twin/core';
 * IdentifierSchema.parse({ scheme: 'lpa-ref', value: '24/01234/FUL', issuer: 'E09000022' });
 * ```
 */
export const IdentifierSchema = z
  .strictObject({
    scheme: z.enum(IDENTIFIER_SCHEMES),
    value: z.string().min(1),
    issuer: z.string().min(1).optional(),
  })
  .meta({ id: 'Identifier', description: 'A typed identifier: scheme, value and optional issuer' });

/**
 * One identifier of a record.
 *
 * @example
 * ```ts
 * import type { Identifier } from '@ldn-twin/core';
 * const uprn: Identifier = { scheme: 'uprn', value: '100023336956' };
 * ```
 */
export type Identifier = z.infer<typeof IdentifierSchema>;

/**
 * The relation types between records.
 *
 * @example
 * ```ts
 * import { RELATION_TYPES } from '@ldn-twin/core';
 * RELATION_TYPES.includes('withinArea'); // true
 * ```
 */
export const RELATION_TYPES = [
  'withinArea',
  'partOf',
  'affects',
  'observes',
  'derivedFrom',
  'supersedes',
] as const;

/** RFC 8141 URN syntax, loosely: `urn:<nid>:<nss>`. */
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/;

/**
 * Zod schema of a {@link Relation}: `rel` from this record to the record whose id is `target` (a URN,
 * usually a twin id).
 *
 * @example
 * ```ts
 * import { RelationSchema } from '@ldn-twin/core';
 * RelationSchema.parse({ rel: 'withinArea', target: 'urn:ldntwin:administrative-area:gss:E09000022' });
 * ```
 */
export const RelationSchema = z
  .strictObject({
    rel: z.enum(RELATION_TYPES),
    target: z.string().regex(URN, 'target must be a URN (urn:<nid>:<nss>)'),
  })
  .meta({ id: 'Relation', description: 'A typed relation to another record, by URN' });

/**
 * One relation of a record.
 *
 * @example
 * ```ts
 * import type { Relation } from '@ldn-twin/core';
 * const rel: Relation = { rel: 'observes', target: 'urn:ldntwin:sensor:laqn:BL0' };
 * ```
 */
export type Relation = z.infer<typeof RelationSchema>;
