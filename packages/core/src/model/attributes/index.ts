/**
 * The attributes schema of every kind, in one table the record schemas are built from.
 */
import type { z } from 'zod';
import type { Kind } from '../kinds.js';
import { AddressAttributes } from './address.js';
import { AlertAttributes } from './alert.js';
import { BuildingAttributes } from './building.js';
import { CulturalVenueAttributes } from './cultural-venue.js';
import { DatasetAttributes } from './dataset.js';
import { EnergyPerformanceAttributes } from './energy-performance.js';
import { FacilityAttributes } from './facility.js';
import { IncidentAttributes } from './incident.js';
import { InfrastructureProjectAttributes } from './infrastructure-project.js';
import {
  AdministrativeAreaAttributes,
  PlanningApplicationAttributes,
  PlanningConstraintAttributes,
} from './planning.js';
import { ScenarioResultAttributes } from './scenario-result.js';
import { ObservationAttributes, SensorAttributes } from './sensing.js';
import { SimulationRunAttributes } from './simulation-run.js';
import { StreetWorkAttributes } from './street-work.js';
import { TransportDisruptionAttributes } from './transport-disruption.js';
import { TransportStopAttributes } from './transport-stop.js';
import { UndergroundAssetAttributes } from './underground-asset.js';

export * from './address.js';
export * from './alert.js';
export * from './building.js';
export * from './cultural-venue.js';
export * from './dataset.js';
export * from './energy-performance.js';
export * from './facility.js';
export * from './incident.js';
export * from './infrastructure-project.js';
export * from './planning.js';
export * from './scenario-result.js';
export * from './sensing.js';
export * from './simulation-run.js';
export * from './street-work.js';
export * from './transport-disruption.js';
export * from './transport-stop.js';
export * from './underground-asset.js';

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
  Address: AddressAttributes,
  Incident: IncidentAttributes,
  Alert: AlertAttributes,
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
