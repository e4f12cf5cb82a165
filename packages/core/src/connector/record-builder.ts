/**
 * The one way to write a twin record in a mapping: {@link twinRecord} fills what every record repeats
 * (type, id, kind, location precision from the geometry, empty identifiers and relations, the
 * retrieval time as `recordedAt`, open access, the policy of the record's licence) and leaves out
 * `undefined`, so a mapping says only what its source says.
 */
import { type AccessLabel, OPEN_ACCESS } from '../model/access-label.js';
import type { TwinGeometry, TwinPlace } from '../model/geometry.js';
import type { Identifier, Relation } from '../model/identifiers.js';
import type { Kind } from '../model/kinds.js';
import type { Licence } from '../model/licence.js';
import type { Provenance, Scenario } from '../model/provenance.js';
import type { LocationPrecision, TwinRecordOf } from '../model/record.js';
import type { JsonFgTime } from '../model/time.js';
import { twinId } from '../model/twin-id.js';
import { LICENCE_POLICIES } from '../policy/london.js';
import { type WithoutUndefined, withoutUndefined } from './without-undefined.js';

type AttributesOf<K extends Kind> =
  TwinRecordOf<K> extends { properties: { attributes: infer A } } ? A : never;

/**
 * What a mapping says about one record; {@link twinRecord} fills the rest. Optional fields may be
 * `undefined` (left out of the record); so may any attribute.
 *
 * @example
 * ```ts
 * import type { TwinRecordInput } from '@ldn-twin/core';
 * const input: TwinRecordInput<'Incident'> = {
 *   id: ['police-uk', 'abc123'],
 *   provenance: { publisher: 'data.police.uk', dataset: 'crimes-street', retrievedAt, method: 'reported' },
 *   licence,
 *   attributes: { category: 'burglary', month: '2026-10' },
 * };
 * ```
 */
export interface TwinRecordInput<K extends Kind> {
  /** The twin id's namespace and local part (see `twinId`), or a twin id already made. */
  readonly id: readonly [namespace: string, local: string] | string;
  /** WGS 84 geometry; `null` (the default) when the source gives none. */
  readonly geometry?: TwinGeometry | null;
  /** How precisely `geometry` locates the thing (default `exact`); always `none` without geometry. */
  readonly precision?: LocationPrecision;
  /** The geometry in its native CRS (JSON-FG `place`), with `coordRefSys`. */
  readonly place?: TwinPlace | null;
  readonly coordRefSys?: string;
  /** JSON-FG time; `null` (the default) when the thing has none. */
  readonly time?: JsonFgTime | null;
  /** Left out when empty. */
  readonly name?: string;
  /** Left out when empty. */
  readonly description?: string;
  readonly identifiers?: readonly Identifier[];
  readonly validFrom?: string;
  readonly validTo?: string;
  readonly observedAt?: string;
  /** When the record was made; defaults to `provenance.retrievedAt`. */
  readonly recordedAt?: string;
  readonly relations?: readonly Relation[];
  /** Provenance; `undefined` optional fields are left out. */
  readonly provenance: Provenance;
  readonly licence: Licence;
  /**
   * Defaults to open access. A label naming no policies gets its licence's ({@link LICENCE_POLICIES});
   * one naming its own keeps them.
   */
  readonly access?: AccessLabel;
  readonly scenario?: Scenario;
  readonly attributes: AttributesOf<K>;
}

/**
 * A twin record of kind `kind` from what the mapping knows: the id is made with `twinId`,
 * `locationPrecision` is `none` exactly when there is no geometry (else `precision`, default `exact`),
 * `recordedAt` defaults to the retrieval time, identifiers and relations to none, access to open; a
 * label that names no ODRL policies references its licence's ({@link LICENCE_POLICIES}: OGL v3/v2,
 * CC BY 4.0, TfL open data), so every exit weighs the publisher's terms; and no field (of the record, its provenance or its attributes) is present but `undefined`.
 * Provenance and attributes holding no `undefined` value are used as given (not copied): make them
 * per record.
 *
 * @example
 * ```ts
 * import { twinRecord } from '@ldn-twin/core';
 * const record = twinRecord('Incident', {
 *   id: ['police-uk', crime.persistent_id],
 *   geometry: { type: 'Point', coordinates: [-0.1, 51.5] },
 *   precision: 'street',
 *   time: { interval: ['2026-10-01', '2026-10-31'] },
 *   name: crime.category,
 *   provenance: { publisher: 'data.police.uk', dataset: 'crimes-street', retrievedAt, method: 'reported' },
 *   licence,
 *   attributes: { category: crime.category, month: crime.month, outcome: crime.outcome_status?.category },
 * });
 * record.properties.locationPrecision; // 'street'
 * ```
 */
export function twinRecord<K extends Kind>(kind: K, input: TwinRecordInput<K>): TwinRecordOf<K> {
  // Built field by field in the record's key order (no spreads of temporary objects): this runs
  // once per record of every bulk import.
  const geometry = input.geometry ?? null;
  const record: Record<string, unknown> = {
    type: 'Feature',
    id: typeof input.id === 'string' ? input.id : twinId(kind, input.id[0], input.id[1]),
    featureType: kind,
    geometry,
  };
  if (input.place !== undefined) record.place = input.place;
  if (input.coordRefSys !== undefined) record.coordRefSys = input.coordRefSys;
  record.time = input.time ?? null;
  const properties: Record<string, unknown> = { kind };
  if (input.name) properties.name = input.name;
  if (input.description) properties.description = input.description;
  properties.identifiers = input.identifiers ? [...input.identifiers] : [];
  if (input.validFrom !== undefined) properties.validFrom = input.validFrom;
  if (input.validTo !== undefined) properties.validTo = input.validTo;
  if (input.observedAt !== undefined) properties.observedAt = input.observedAt;
  properties.recordedAt = input.recordedAt ?? input.provenance.retrievedAt;
  properties.locationPrecision = geometry === null ? 'none' : (input.precision ?? 'exact');
  properties.relations = input.relations ? [...input.relations] : [];
  properties.provenance = defined(input.provenance);
  properties.licence = input.licence;
  properties.access = labelled(input.access ?? OPEN_ACCESS, input.licence.id);
  if (input.scenario !== undefined) properties.scenario = input.scenario;
  properties.attributes = defined(input.attributes as Record<string, unknown>);
  record.properties = properties;
  return record as unknown as TwinRecordOf<K>;
}

/** `values` itself when no own value is `undefined`, else a copy without them (one pass when nothing is left out). */
function defined<T extends object>(values: T): WithoutUndefined<T> {
  for (const key in values) {
    if (Object.hasOwn(values, key) && values[key] === undefined) return withoutUndefined(values);
  }
  return values as WithoutUndefined<T>;
}

/** The labels made per label and licence id: mappings reuse a few labels, so each is built once. */
const LABELS = new WeakMap<AccessLabel, Map<string, AccessLabel>>();

/** `access`, referencing the policy of licence `licenceId` when it names none of its own. */
function labelled(access: AccessLabel, licenceId: string): AccessLabel {
  if (access.policies !== undefined && access.policies.length > 0) return access;
  const policy = LICENCE_POLICIES.get(licenceId);
  if (policy === undefined) return access;
  let byLicence = LABELS.get(access);
  if (byLicence === undefined) {
    byLicence = new Map();
    LABELS.set(access, byLicence);
  }
  let label = byLicence.get(licenceId);
  if (label === undefined) {
    label = Object.freeze({ ...access, policies: Object.freeze([policy]) as string[] });
    byLicence.set(licenceId, label);
  }
  return label;
}
