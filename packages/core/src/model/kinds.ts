/**
 * The closed set of twin record kinds. A kind is both the JSON-FG `featureType` and the envelope
 * `kind`; its kebab-case form is the kind segment of a twin id.
 */
import * as z from 'zod';

/**
 * Every kind of twin record, in a stable order (the JSON Schema and the CSV tooling follow it).
 *
 * @example
 * ```ts
 * import { KINDS } from '@ldn-twin/core';
 * for (const kind of KINDS) console.info(kind); // 'AdministrativeArea', 'PlanningApplication', ...
 * ```
 */
export const KINDS = [
  'AdministrativeArea',
  'PlanningApplication',
  'PlanningConstraint',
  'InfrastructureProject',
  'StreetWork',
  'UndergroundAsset',
  'Building',
  'EnergyPerformance',
  'CulturalVenue',
  'TransportStop',
  'Facility',
  'Sensor',
  'Observation',
  'TransportDisruption',
  'SimulationRun',
  'ScenarioResult',
  'Dataset',
  'Address',
  'Incident',
  'Alert',
] as const;

/**
 * One kind of twin record.
 *
 * @example
 * ```ts
 * import type { Kind } from '@ldn-twin/core';
 * const kind: Kind = 'PlanningConstraint';
 * ```
 */
export type Kind = (typeof KINDS)[number];

/**
 * Zod schema of a {@link Kind}.
 *
 * @example
 * ```ts
 * import { KindSchema } from '@ldn-twin/core';
 * KindSchema.parse('Building'); // 'Building'
 * ```
 */
export const KindSchema = z.enum(KINDS);

/**
 * Whether a value is one of the {@link KINDS}.
 *
 * @example
 * ```ts
 * import { isKind } from '@ldn-twin/core';
 * isKind('Sensor'); // true
 * isKind('sensor'); // false
 * ```
 */
export function isKind(value: unknown): value is Kind {
  return typeof value === 'string' && (KINDS as readonly string[]).includes(value);
}

const kebabByKind = new Map<Kind, string>(
  KINDS.map((kind) => [kind, kind.replace(/(?<=[a-z])(?=[A-Z])/g, '-').toLowerCase()]),
);
const kindByKebab = new Map<string, Kind>([...kebabByKind].map(([kind, kebab]) => [kebab, kind]));

/**
 * The kebab-case form of a kind, as used in twin ids.
 *
 * @example
 * ```ts
 * import { kindToKebab } from '@ldn-twin/core';
 * kindToKebab('PlanningConstraint'); // 'planning-constraint'
 * ```
 */
export function kindToKebab(kind: Kind): string {
  const kebab = kebabByKind.get(kind);
  if (kebab === undefined) throw new TypeError(`Not a twin record kind: ${String(kind)}`);
  return kebab;
}

/**
 * The kind whose kebab-case form is `kebab`, or `undefined`.
 *
 * @example
 * ```ts
 * import { kindFromKebab } from '@ldn-twin/core';
 * kindFromKebab('street-work'); // 'StreetWork'
 * kindFromKebab('nope'); // undefined
 * ```
 */
export function kindFromKebab(kebab: string): Kind | undefined {
  return kindByKebab.get(kebab);
}
