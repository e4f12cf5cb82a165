/**
 * Attributes of the planning kinds. PlanningConstraint and AdministrativeArea are grounded in
 * planning.data.gov.uk entities (reference guide, section 1): dataset names, `reference`,
 * `organisation-entity`, and the dataset-specific keys that come as strings.
 */
import * as z from 'zod';
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
 *
 * Dataset-specific fields are typed as flat optional fields, each named for the planning.data key it
 * comes from (`listed-building-grade` is `grade`, `flood-risk-type` is `floodRiskType`); a field is
 * set only on records of the datasets that publish it (named in each field's description). Flat
 * optional fields were chosen over a union discriminated by dataset because one field serves several
 * datasets (`tree-preservation-order` is on both `tree` and `tree-preservation-zone`), and a
 * constraint from another source (GLA layers) fits without inventing a dataset.
 *
 * `grade` is the listed-building (or park-and-garden) grade as published (`I`, `II*`, `II`; locally
 * listed grades vary by borough, so it is a string); `floodRiskLevel` is the flood zone as published
 * (`'2'`, `'3'`). `extra` keeps every other dataset-specific field (planning.data serves them as
 * strings) under its original kebab-case key, and any typed field whose value did not parse (a
 * `hectares` of `"about 2"`), so nothing is lost in mapping.
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
    floodRiskType: z
      .string()
      .min(1)
      .optional()
      .describe('flood-risk-zone: flood-risk-type as published, e.g. "Tidal Models"'),
    treePreservationOrder: z
      .string()
      .min(1)
      .optional()
      .describe('tree, tree-preservation-zone: reference of the tree preservation order'),
    treePreservationOrderTree: z
      .string()
      .min(1)
      .optional()
      .describe('tree: the tree reference within its order'),
    treeSpecies: z.string().min(1).optional().describe('tree: species as published'),
    archaeologicalRiskTier: z
      .string()
      .min(1)
      .optional()
      .describe('archaeological-priority-area: the APA tier as published'),
    worldHeritageConventionSite: z
      .string()
      .min(1)
      .optional()
      .describe('world-heritage-site: the UNESCO World Heritage Convention site reference'),
    worldHeritageSite: z
      .string()
      .min(1)
      .optional()
      .describe('world-heritage-site-buffer-zone: the world heritage site the buffer zone protects'),
    siteAddress: z.string().min(1).optional().describe('brownfield-land: site-address'),
    hectares: z.number().nonnegative().optional().describe('brownfield-land: site area in hectares'),
    minimumNetDwellings: z
      .number()
      .nonnegative()
      .optional()
      .describe('brownfield-land: minimum-net-dwellings'),
    maximumNetDwellings: z
      .number()
      .nonnegative()
      .optional()
      .describe('brownfield-land: maximum-net-dwellings'),
    ownershipStatus: z.string().min(1).optional().describe('brownfield-land: ownership-status'),
    planningPermissionStatus: z
      .string()
      .min(1)
      .optional()
      .describe('brownfield-land: planning-permission-status'),
    planningPermissionType: z
      .string()
      .min(1)
      .optional()
      .describe('brownfield-land: planning-permission-type'),
    planningPermissionDate: IsoInstantSchema.optional().describe('brownfield-land: planning-permission-date'),
    deliverable: z.string().min(1).optional().describe('brownfield-land: deliverable as published'),
    hazardousSubstances: z
      .string()
      .min(1)
      .optional()
      .describe('brownfield-land: hazardous-substances as published'),
    sitePlanUrl: z.url().optional().describe('brownfield-land: site-plan-url'),
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
 * Coarse stages of a planning application, normalised from the many status spellings boroughs use
 * (Planning London Datahub `status`: `Approved`, `Refused`/`Refusal`, `Application under
 * consideration`, `Appeal in progress`, ...). The published status is kept beside it as `status`;
 * `other` keeps a status that fits none (`Comment Issued`, `Declined to Determine`).
 *
 * @example
 * ```ts
 * import { APPLICATION_STAGES } from '@ldn-twin/core';
 * APPLICATION_STAGES.includes('approved'); // true
 * ```
 */
export const APPLICATION_STAGES = [
  'received',
  'under-consideration',
  'approved',
  'refused',
  'withdrawn',
  'lapsed',
  'completed',
  'appeal',
  'not-required',
  'other',
] as const;

/**
 * One residential unit of an application (Planning London Datahub
 * `application_details.residential_details.residential_units[]`).
 *
 * @example
 * ```ts
 * import { ResidentialUnit } from '@ldn-twin/core';
 * ResidentialUnit.parse({ changeType: 'Gain', bedrooms: 3, tenure: 'Market for sale' });
 * ```
 */
export const ResidentialUnit = z
  .strictObject({
    changeType: z.string().min(1).optional().describe('as published, e.g. Gain'),
    bedrooms: z.number().int().nonnegative().optional(),
    tenure: z.string().min(1).optional().describe('as published'),
    commencementDate: IsoInstantSchema.optional().describe('when work on this unit started'),
    completionDate: IsoInstantSchema.optional().describe('when this unit was completed'),
    supersededDate: IsoInstantSchema.optional().describe('when a later permission superseded this unit'),
  })
  .meta({ id: 'ResidentialUnit', description: 'One residential unit gained or lost' });

/**
 * Residential totals of an application, as the Planning London Datahub publishes them
 * (`application_details.residential_details`); `units` lists the units when the source itemises them.
 *
 * @example
 * ```ts
 * import { ResidentialDetails } from '@ldn-twin/core';
 * ResidentialDetails.parse({ proposedUnits: 9, proposedBedrooms: 21, proposedAffordableUnits: 0 });
 * ```
 */
export const ResidentialDetails = z
  .strictObject({
    proposedUnits: z.number().nonnegative().optional(),
    existingUnits: z.number().nonnegative().optional(),
    proposedBedrooms: z.number().nonnegative().optional(),
    proposedAffordableUnits: z.number().nonnegative().optional(),
    proposedMarketForSaleUnits: z.number().nonnegative().optional(),
    units: z.array(ResidentialUnit).optional(),
  })
  .meta({ id: 'ResidentialDetails', description: 'Residential units and bedrooms proposed and existing' });

/**
 * Attributes of a PlanningApplication, grounded in the Planning London Datahub (reference guide,
 * section 2). `reference` is the planning authority's own reference, unique only within that
 * authority, so `authority` (its name as published) and, for London boroughs, `authorityCode` (GSS
 * `E09…`) always go with it. Dates are ISO calendar dates (the Datahub's `dd/MM/yyyy` converted);
 * `status` is as published and `stage` its normalised form. Fields the source has but the model does
 * not type are kept in `extra` as strings under their upstream names.
 *
 * @example
 * ```ts
 * import { PlanningApplicationAttributes } from '@ldn-twin/core';
 * PlanningApplicationAttributes.parse({
 *   reference: '190520',
 *   authority: 'Waltham Forest',
 *   authorityCode: 'E09000031',
 *   status: 'Approved',
 *   stage: 'approved',
 *   decisionDate: '2020-01-20',
 *   residential: { proposedUnits: 9, units: [{ changeType: 'Gain', bedrooms: 3 }] },
 *   extra: {},
 * });
 * ```
 */
export const PlanningApplicationAttributes = z
  .strictObject({
    reference: z.string().min(1).describe("the planning authority's application reference"),
    authority: z.string().min(1).describe('the planning authority, as its name is published'),
    authorityCode: z
      .string()
      .regex(/^[EWSN]\d{8}$/, 'a GSS code')
      .optional()
      .describe('GSS code of the authority (London boroughs E09000001-E09000033)'),
    ward: z.string().min(1).optional(),
    status: z.string().min(1).optional().describe('as published'),
    stage: z.enum(APPLICATION_STAGES).optional().describe('the status, normalised'),
    decision: z.string().min(1).optional().describe('as published'),
    decisionAgency: z.string().min(1).optional(),
    decisionProcess: z.string().min(1).optional(),
    applicationType: z.string().min(1).optional(),
    applicationTypeFull: z.string().min(1).optional(),
    developmentType: z.string().min(1).optional(),
    receivedDate: IsoInstantSchema.optional(),
    validDate: IsoInstantSchema.optional(),
    decisionDate: IsoInstantSchema.optional(),
    decisionTargetDate: IsoInstantSchema.optional(),
    lapsedDate: IsoInstantSchema.optional(),
    commencementDate: IsoInstantSchema.optional(),
    completionDate: IsoInstantSchema.optional(),
    appealStatus: z.string().min(1).optional(),
    appealDecision: z.string().min(1).optional(),
    appealDecisionDate: IsoInstantSchema.optional(),
    lastUpdated: IsoInstantSchema.optional().describe('when the source last changed the record'),
    siteName: z.string().min(1).optional(),
    siteNumber: z.string().min(1).optional(),
    streetName: z.string().min(1).optional(),
    locality: z.string().min(1).optional(),
    postcode: z.string().min(1).optional(),
    url: z.url().optional().describe("the application's page on the authority's planning register"),
    siteArea: z.number().nonnegative().optional().describe('site area as published (unit unconfirmed)'),
    floorspace: z
      .strictObject({
        gainedGia: z.number().optional(),
        lostGia: z.number().optional(),
        existingGia: z.number().optional(),
      })
      .optional()
      .describe('gross internal area gained, lost and existing, as published (unit unconfirmed)'),
    residential: ResidentialDetails.optional(),
    extra: z
      .record(z.string(), z.string())
      .optional()
      .describe('fields of the source the model does not type, as strings under their upstream names'),
  })
  .meta({
    id: 'PlanningApplicationAttributes',
    description: 'A planning application, its decision, dates and homes',
  });
