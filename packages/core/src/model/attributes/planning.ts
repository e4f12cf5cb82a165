/**
 * Attributes of the planning kinds. PlanningConstraint and AdministrativeArea are grounded in
 * planning.data.gov.uk entities (reference guide, section 1): dataset names, `reference`,
 * `organisation-entity`, and the dataset-specific keys that come as strings.
 */
import { z } from 'zod';
import { IsoInstantSchema } from '../time.js';

/**
 * Coarse constraint types. One type can come from several planning.data datasets
 * (`listed-building` and `listed-building-outline` are both `listed-building`); `other` keeps a
 * constraint that fits none rather than dropping it.
 *
 * @example
 * ```ts
 * import { CONSTRAINT_TYPES } from '@ldn-twin/core';
 * CONSTRAINT_TYPES.includes('conservation-area'); // true
 * ```
 */
export const CONSTRAINT_TYPES = [
  'conservation-area',
  'listed-building',
  'locally-listed-building',
  'article-4-direction',
  'tree-preservation',
  'flood-risk',
  'site-of-special-scientific-interest',
  'scheduled-monument',
  'green-belt',
  'brownfield-land',
  'world-heritage-site',
  'park-and-garden',
  'central-activities-zone',
  'archaeological-priority-area',
  'protected-view',
  'london-square',
  'site-allocation',
  'opportunity-area',
  'metropolitan-open-land',
  'strategic-industrial-location',
  'town-centre',
  'thames-policy-area',
  'other',
] as const;

/** planning.data dataset names are kebab-case (`conservation-area`, `flood-risk-zone`). */
const datasetName = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case dataset name');

/**
 * Attributes of a PlanningConstraint: one designation that constrains development at a place.
 * `grade` is the listed-building (or park-and-garden) grade as published (`I`, `II*`, `II`; locally
 * listed grades vary by borough, so it is a string); `floodRiskLevel` is the flood zone as published
 * (`'2'`, `'3'`). `extra` keeps every other dataset-specific field (planning.data serves them as
 * strings) under its original kebab-case key, so nothing is lost in mapping.
 *
 * @example
 * ```ts
 * import { PlanningConstraintAttributes } from '@ldn-twin/core';
 * PlanningConstraintAttributes.parse({
 *   dataset: 'listed-building',
 *   constraintType: 'listed-building',
 *   reference: '1080470',
 *   organisationEntity: 16,
 *   grade: 'II*',
 *   documentationUrl: 'https://historicengland.org.uk/listing/the-list/list-entry/1080470',
 *   extra: {},
 * });
 * ```
 */
export const PlanningConstraintAttributes = z
  .strictObject({
    dataset: datasetName.describe('planning.data dataset name, e.g. conservation-area'),
    constraintType: z.enum(CONSTRAINT_TYPES),
    reference: z.string().min(1),
    organisationEntity: z.number().int().positive().optional(),
    grade: z.string().min(1).optional(),
    floodRiskLevel: z.string().min(1).optional(),
    documentationUrl: z.url().optional(),
    designationDate: IsoInstantSchema.optional(),
    extra: z.record(z.string(), z.string()),
  })
  .meta({ id: 'PlanningConstraintAttributes', description: 'A designation constraining development' });

/**
 * Area types of an AdministrativeArea.
 *
 * @example
 * ```ts
 * import { AREA_TYPES } from '@ldn-twin/core';
 * AREA_TYPES.includes('borough'); // true
 * ```
 */
export const AREA_TYPES = [
  'country',
  'region',
  'borough',
  'ward',
  'local-planning-authority',
  'lsoa',
  'msoa',
  'postcode',
  'other',
] as const;

/**
 * Attributes of an AdministrativeArea: a boundary with an official code. `code` is the GSS/ONS code
 * where one exists (London boroughs `E09000001`-`E09000033`, London region `E12000007`, LPAs `E60…`);
 * `dataset` and `organisationEntity` are set when the boundary comes from planning.data
 * (`local-planning-authority`, prefix `statistical-geography`).
 *
 * @example
 * ```ts
 * import { AdministrativeAreaAttributes } from '@ldn-twin/core';
 * AdministrativeAreaAttributes.parse({ areaType: 'borough', code: 'E09000022', parentCode: 'E12000007', extra: {} });
 * ```
 */
export const AdministrativeAreaAttributes = z
  .strictObject({
    areaType: z.enum(AREA_TYPES),
    code: z.string().min(1),
    parentCode: z.string().min(1).optional(),
    dataset: datasetName.optional(),
    organisationEntity: z.number().int().positive().optional(),
    extra: z.record(z.string(), z.string()),
  })
  .meta({ id: 'AdministrativeAreaAttributes', description: 'A boundary with an official (GSS) code' });

/**
 * Attributes of a PlanningApplication. No connector yet: minimal and loose (unknown fields are kept),
 * with the fields every source has. Tighten when the Planning London Datahub connector lands.
 *
 * @example
 * ```ts
 * import { PlanningApplicationAttributes } from '@ldn-twin/core';
 * PlanningApplicationAttributes.parse({ reference: '24/01234/FUL', authority: 'E09000022', status: 'decided' });
 * ```
 */
export const PlanningApplicationAttributes = z
  .looseObject({
    reference: z.string().min(1),
    authority: z.string().min(1).describe('the planning authority (GSS code or name)'),
    status: z.string().optional(),
    decision: z.string().optional(),
    applicationType: z.string().optional(),
    receivedDate: IsoInstantSchema.optional(),
    decisionDate: IsoInstantSchema.optional(),
  })
  .meta({
    id: 'PlanningApplicationAttributes',
    description: 'A planning application (loose, no connector yet)',
  });
