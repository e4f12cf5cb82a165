/**
 * Typed dataset-specific fields. planning.data serves every dataset-specific value as a string under
 * a kebab-case key (`listed-building-grade`, `flood-risk-level`, `hectares`); the fields named in the
 * field guide become typed PlanningConstraint attributes. A value that does not parse as its type (a
 * `hectares` of `"about 2"`) stays in `extra` under its key rather than failing the entity.
 */
import type { TwinRecordOf } from '@ldn-twin/core';
import * as z from 'zod';

type ConstraintAttributes = TwinRecordOf<'PlanningConstraint'>['properties']['attributes'];
type TypedField = Exclude<
  keyof ConstraintAttributes,
  'dataset' | 'constraintType' | 'reference' | 'organisationEntity' | 'extra'
>;

const text = (value: string) => value;
const number = (value: string) => {
  const parsed = Number(value.trim());
  return value.trim() !== '' && Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
};
// Made once: a zod schema costs far more to build than to run.
const Url = z.url();
const IsoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const url = (value: string) => (Url.safeParse(value).success ? value : undefined);
const date = (value: string) => (IsoDate.safeParse(value).success ? value : undefined);

/**
 * planning.data key → typed attribute and its parser. Keys from the field guide (section 1: real
 * dataset-specific keys and the datasets table) and, for brownfield land, the dataset's field list
 * in digital-land/specification `content/dataset/brownfield-land.md`.
 */
const TYPED_FIELDS: Readonly<Record<string, readonly [TypedField, (value: string) => unknown]>> = {
  'listed-building-grade': ['grade', text],
  'park-and-garden-grade': ['grade', text],
  'flood-risk-level': ['floodRiskLevel', text],
  'flood-risk-type': ['floodRiskType', text],
  'documentation-url': ['documentationUrl', url],
  'designation-date': ['designationDate', date],
  'tree-preservation-order': ['treePreservationOrder', text],
  'tree-preservation-order-tree': ['treePreservationOrderTree', text],
  'tree-species': ['treeSpecies', text],
  'archaeological-risk-tier': ['archaeologicalRiskTier', text],
  'world-heritage-convention-site': ['worldHeritageConventionSite', text],
  'world-heritage-site': ['worldHeritageSite', text],
  'site-address': ['siteAddress', text],
  hectares: ['hectares', number],
  'minimum-net-dwellings': ['minimumNetDwellings', number],
  'maximum-net-dwellings': ['maximumNetDwellings', number],
  'ownership-status': ['ownershipStatus', text],
  'planning-permission-status': ['planningPermissionStatus', text],
  'planning-permission-type': ['planningPermissionType', text],
  'planning-permission-date': ['planningPermissionDate', date],
  deliverable: ['deliverable', text],
  'hazardous-substances': ['hazardousSubstances', text],
  'site-plan-url': ['sitePlanUrl', url],
};

/** The typed fields and what is left for `extra`. *
 * @example
 * ```ts
 * const { typed, extra }: SplitFields = splitFields({ hectares: '1.25', notes: 'x' });
 * ```
 */
export interface SplitFields {
  readonly typed: Partial<Pick<ConstraintAttributes, TypedField>>;
  readonly extra: Record<string, string>;
}

/**
 * Splits an entity's dataset-specific fields into typed attributes and `extra`.
 *
 * @example
 * ```ts
 * splitFields({ 'flood-risk-level': '3', 'flood-risk-type': 'Tidal Models', notes: 'x' });
 * // { typed: { floodRiskLevel: '3', floodRiskType: 'Tidal Models' }, extra: { notes: 'x' } }
 * ```
 */
export function splitFields(fields: Readonly<Record<string, string>>): SplitFields {
  const typed: Record<string, unknown> = {};
  const extra: Record<string, string> = {};
  for (const key in fields) {
    const value = fields[key] as string;
    const target = Object.hasOwn(TYPED_FIELDS, key) ? TYPED_FIELDS[key] : undefined;
    const parsed = target ? target[1](value) : undefined;
    // The first key wins for a shared target (a dataset has one grade key, never both).
    if (target && parsed !== undefined && typed[target[0]] === undefined) typed[target[0]] = parsed;
    else extra[key] = value;
  }
  return { typed: typed as SplitFields['typed'], extra };
}
