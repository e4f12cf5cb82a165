/**
 * The attributes schema of every kind, in one table the record schemas are built from.
 */
import type { z } from 'zod';
import type { Kind } from '../kinds.js';
import {
  BuildingAttributes,
  CulturalVenueAttributes,
  DatasetAttributes,
  EnergyPerformanceAttributes,
  FacilityAttributes,
  InfrastructureProjectAttributes,
  ScenarioResultAttributes,
  SimulationRunAttributes,
  StreetWorkAttributes,
  TransportDisruptionAttributes,
  TransportStopAttributes,
  UndergroundAssetAttributes,
} from './loose-kinds.js';
import {
  AdministrativeAreaAttributes,
  PlanningApplicationAttributes,
  PlanningConstraintAttributes,
} from './planning.js';
import { ObservationAttributes, SensorAttributes } from './sensing.js';

export * from './loose-kinds.js';
export * from './planning.js';
export * from './sensing.js';

/**
 * The attributes schema of each kind.
 *
 * @example
 * ```ts
 * import { ATTRIBUTE_SCHEMAS } from '@ldn-twin/core';
 * ATTRIBUTE_SCHEMAS.PlanningConstraint.safeParse({}).success; // false
 * ```
 */
export const ATTRIBUTE_SCHEMAS = {
  AdministrativeArea: AdministrativeAreaAttributes,
  PlanningApplication: PlanningApplicationAttributes,
  PlanningConstraint: PlanningConstraintAttributes,
  InfrastructureProject: InfrastructureProjectAttributes,
  StreetWork: StreetWorkAttributes,
  UndergroundAsset: UndergroundAssetAttributes,
  Building: BuildingAttributes,
  EnergyPerformance: EnergyPerformanceAttributes,
  CulturalVenue: CulturalVenueAttributes,
  TransportStop: TransportStopAttributes,
  Facility: FacilityAttributes,
  Sensor: SensorAttributes,
  Observation: ObservationAttributes,
  TransportDisruption: TransportDisruptionAttributes,
  SimulationRun: SimulationRunAttributes,
  ScenarioResult: ScenarioResultAttributes,
  Dataset: DatasetAttributes,
} as const satisfies Record<Kind, unknown>;

/**
 * The attributes payload of one kind.
 *
 * @example
 * ```ts
 * import type { AttributesOf } from '@ldn-twin/core';
 * const attributes: AttributesOf<'CulturalVenue'> = { venueType: 'museum' };
 * ```
 */
export type AttributesOf<K extends Kind> = z.infer<(typeof ATTRIBUTE_SCHEMAS)[K]>;
