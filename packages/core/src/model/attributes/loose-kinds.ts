/**
 * Attributes of the kinds that have no connector yet. Each is deliberately minimal and loose
 * (`z.looseObject`: unknown fields are kept, never dropped) with only the few fields the data model
 * names; tighten each one when its first connector lands and real payloads show the shape.
 */
import { z } from 'zod';
import { IsoInstantSchema } from '../time.js';

/**
 * Attributes of an InfrastructureProject (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { InfrastructureProjectAttributes } from '@ldn-twin/core';
 * InfrastructureProjectAttributes.parse({ sponsor: 'TfL', status: 'construction', startDate: '2025-04-01' });
 * ```
 */
export const InfrastructureProjectAttributes = z
  .looseObject({
    sponsor: z.string().optional(),
    status: z.string().optional(),
    startDate: IsoInstantSchema.optional(),
    endDate: IsoInstantSchema.optional(),
  })
  .meta({ id: 'InfrastructureProjectAttributes', description: 'An infrastructure project (loose)' });

/**
 * Attributes of a StreetWork (loose until the Street Manager connector lands).
 *
 * @example
 * ```ts
 * import { StreetWorkAttributes } from '@ldn-twin/core';
 * StreetWorkAttributes.parse({ workReference: 'TSR1591199404915', promoter: 'Thames Water', usrn: '8401426' });
 * ```
 */
export const StreetWorkAttributes = z
  .looseObject({
    workReference: z.string().optional(),
    promoter: z.string().optional(),
    usrn: z.string().optional(),
    status: z.string().optional(),
    trafficManagement: z.string().optional(),
  })
  .meta({ id: 'StreetWorkAttributes', description: 'Works in the street (loose)' });

/**
 * Attributes of an UndergroundAsset (loose, no connector yet; such records are usually restricted).
 *
 * @example
 * ```ts
 * import { UndergroundAssetAttributes } from '@ldn-twin/core';
 * UndergroundAssetAttributes.parse({ assetType: 'water-main', owner: 'Thames Water', depthMetres: 1.2 });
 * ```
 */
export const UndergroundAssetAttributes = z
  .looseObject({
    assetType: z.string().optional(),
    owner: z.string().optional(),
    material: z.string().optional(),
    depthMetres: z.number().optional(),
  })
  .meta({ id: 'UndergroundAssetAttributes', description: 'A buried asset: pipe, cable, duct (loose)' });

/**
 * Attributes of a Building (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { BuildingAttributes } from '@ldn-twin/core';
 * BuildingAttributes.parse({ use: 'residential', heightMetres: 18.5, storeys: 6 });
 * ```
 */
export const BuildingAttributes = z
  .looseObject({
    use: z.string().optional(),
    heightMetres: z.number().optional(),
    storeys: z.number().int().optional(),
    yearBuilt: z.number().int().optional(),
  })
  .meta({ id: 'BuildingAttributes', description: 'A building (loose)' });

/**
 * Attributes of an EnergyPerformance certificate (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { EnergyPerformanceAttributes } from '@ldn-twin/core';
 * EnergyPerformanceAttributes.parse({ certificateType: 'domestic', rating: 'C', score: 72 });
 * ```
 */
export const EnergyPerformanceAttributes = z
  .looseObject({
    certificateType: z.string().optional(),
    rating: z.string().optional(),
    score: z.number().optional(),
    lodgementDate: IsoInstantSchema.optional(),
  })
  .meta({ id: 'EnergyPerformanceAttributes', description: 'An energy performance certificate (loose)' });

/**
 * Attributes of a CulturalVenue (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { CulturalVenueAttributes } from '@ldn-twin/core';
 * CulturalVenueAttributes.parse({ venueType: 'theatre' });
 * ```
 */
export const CulturalVenueAttributes = z
  .looseObject({ venueType: z.string().optional() })
  .meta({ id: 'CulturalVenueAttributes', description: 'A cultural venue (loose)' });

/**
 * Attributes of a TransportStop (loose until the TfL connector lands).
 *
 * @example
 * ```ts
 * import { TransportStopAttributes } from '@ldn-twin/core';
 * TransportStopAttributes.parse({ naptanId: '490000077E', modes: ['bus'] });
 * ```
 */
export const TransportStopAttributes = z
  .looseObject({
    naptanId: z.string().optional(),
    stopCode: z.string().optional(),
    modes: z.array(z.string()).optional(),
  })
  .meta({ id: 'TransportStopAttributes', description: 'A stop or station (loose)' });

/**
 * Attributes of a Facility (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { FacilityAttributes } from '@ldn-twin/core';
 * FacilityAttributes.parse({ facilityType: 'cycle-hire-dock', capacity: 24 });
 * ```
 */
export const FacilityAttributes = z
  .looseObject({ facilityType: z.string().optional(), capacity: z.number().optional() })
  .meta({ id: 'FacilityAttributes', description: 'A facility: cycle dock, car park, toilet (loose)' });

/**
 * Attributes of a TransportDisruption (loose until the TfL connector lands).
 *
 * @example
 * ```ts
 * import { TransportDisruptionAttributes } from '@ldn-twin/core';
 * TransportDisruptionAttributes.parse({ mode: 'tube', severity: 'Minor Delays', affectedLines: ['victoria'] });
 * ```
 */
export const TransportDisruptionAttributes = z
  .looseObject({
    mode: z.string().optional(),
    severity: z.string().optional(),
    category: z.string().optional(),
    affectedLines: z.array(z.string()).optional(),
  })
  .meta({ id: 'TransportDisruptionAttributes', description: 'A transport disruption (loose)' });

/**
 * Attributes of a SimulationRun (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { SimulationRunAttributes } from '@ldn-twin/core';
 * SimulationRunAttributes.parse({ model: 'flood-model', modelVersion: '2.1', parameters: { rainfallMm: 80 } });
 * ```
 */
export const SimulationRunAttributes = z
  .looseObject({
    model: z.string().optional(),
    modelVersion: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    startedAt: IsoInstantSchema.optional(),
    finishedAt: IsoInstantSchema.optional(),
  })
  .meta({ id: 'SimulationRunAttributes', description: 'A run of a simulation model (loose)' });

/**
 * Attributes of a ScenarioResult (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { ScenarioResultAttributes } from '@ldn-twin/core';
 * ScenarioResultAttributes.parse({ metric: 'flood-depth', value: 0.4, unit: 'm' });
 * ```
 */
export const ScenarioResultAttributes = z
  .looseObject({
    metric: z.string().optional(),
    value: z.union([z.number(), z.string(), z.null()]).optional(),
    unit: z.string().optional(),
  })
  .meta({ id: 'ScenarioResultAttributes', description: 'One output of a scenario run (loose)' });

/**
 * Attributes of a Dataset: a DCAT-like catalogue entry (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { DatasetAttributes } from '@ldn-twin/core';
 * DatasetAttributes.parse({ landingPage: 'https://data.london.gov.uk/dataset/london-borough-profiles', themes: ['demography'] });
 * ```
 */
export const DatasetAttributes = z
  .looseObject({
    landingPage: z.url().optional(),
    themes: z.array(z.string()).optional(),
    keywords: z.array(z.string()).optional(),
    issued: IsoInstantSchema.optional(),
    modified: IsoInstantSchema.optional(),
    distributions: z.array(z.looseObject({ url: z.url(), mediaType: z.string().optional() })).optional(),
  })
  .meta({ id: 'DatasetAttributes', description: 'A DCAT-like catalogue entry (loose)' });
