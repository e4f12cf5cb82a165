/**
 * UK Power Networks open data records as the field guide documents them (field names from UKPN's own
 * client `UKPN-DSO/ukpyn`, `field_schemas.json`, snapshot 2026-03): headroom per substation, scenario
 * and year; primary substation feeding areas (postcode-area polygons); LTDS infrastructure projects;
 * DNOA decisions. No raw Opendatasoft body from this portal was found, so these are the documented
 * shape. Numbers may come as numeric strings or `NaN` (read as null by the protocol layer).
 */
import { optionalNumber, optionalText } from '@ldn-twin/core';
import { z } from 'zod';
import { OdsPoint, OdsShape } from '../protocols/opendatasoft/index.js';

/** A year that may come as a number or a string (`2030`, `"2030"`). */
const Year = optionalNumber().pipe(z.number().int().min(1990).max(2100).optional());

/**
 * One row of `dfes-network-headroom-report`: headroom of one substation under one DFES scenario in one year.
 *
 * @example
 * ```ts
 * RawHeadroom.parse({ sitefunctionallocation: 'LPN-S000000000523', scenario: 'Electric Engagement', year: 2030, headroom_mw: 55.3 });
 * ```
 */
export const RawHeadroom = z.looseObject({
  sitefunctionallocation: z.string().min(1),
  substation_name: optionalText(),
  scenario: z.string().min(1),
  year: Year.pipe(z.number()),
  headroom_mw: optionalNumber().pipe(z.number({ error: 'expected headroom_mw, a number' })),
  /** "Demand Headroom" / "Gen inverter headroom" in third-party code only (unconfirmed values). */
  category: optionalText(),
  voltage_kv: optionalNumber(),
  licencearea: optionalText(),
  gridsupplypoint: optionalText(),
  bulksupplypoint: optionalText(),
  spatial_coordinates: OdsPoint,
});
export type RawHeadroom = z.output<typeof RawHeadroom>;

/**
 * One row of `ukpn_primary_postcode_area`: the area a primary substation feeds, with its capacity.
 *
 * @example
 * ```ts
 * RawFeedingArea.parse({ primary: 'Bow 11kV', primary_floc: 'LPN-S000000000523', geo_shape: null });
 * ```
 */
export const RawFeedingArea = z.looseObject({
  primary: optionalText(),
  primary_floc: z.string().min(1),
  grid_site: optionalText(),
  grid_site_floc: optionalText(),
  grid_supply_point: optionalText(),
  grid_supply_point_floc: optionalText(),
  operational_zone: optionalText(),
  dno: optionalText(),
  demand: optionalNumber(),
  demandrag: optionalText(),
  firmcapacitysummer: optionalNumber(),
  firmcapacitywinter: optionalNumber(),
  seasonofconstraint: optionalText(),
  geo_shape: OdsShape,
  geo_point_2d: OdsPoint,
});
export type RawFeedingArea = z.output<typeof RawFeedingArea>;

/**
 * One row of `ukpn-ltds-infrastructure-projects`: a planned reinforcement scheme.
 *
 * @example
 * ```ts
 * RawInfrastructureProject.parse({ substation_or_circuit_ple_name: 'Bow 11kV', expected_start_year: 2026 });
 * ```
 */
export const RawInfrastructureProject = z.looseObject({
  substation_or_circuit_ple_name: z.string().min(1),
  asset_type_or_quantity: optionalText(),
  expected_start_year: Year,
  expected_completion_year: Year,
  justification_for_the_need: optionalText(),
  associated_gsp: optionalText(),
  connectivity_voltage: optionalText(),
  dno: optionalText(),
  local_authority: optionalText(),
  ltds_name: optionalText(),
  site_functional_location: optionalText(),
  source: optionalText(),
  spatial_coordinates: OdsPoint,
});
export type RawInfrastructureProject = z.output<typeof RawInfrastructureProject>;

/**
 * One row of `ukpn-dnoa`: a Distribution Network Options Assessment decision for a constraint.
 *
 * @example
 * ```ts
 * RawDnoa.parse({ substation_title: 'Bow', functional_location: 'LPN-S000000000523', dnoa_result: 'Flexibility' });
 * ```
 */
export const RawDnoa = z.looseObject({
  substation_title: z.string().min(1),
  functional_location: optionalText(),
  site: optionalText(),
  area: optionalText(),
  postcode: optionalText(),
  constraint_description: optionalText(),
  constraint_season: optionalText(),
  constraint_occurrence_year: Year,
  current_status: optionalText(),
  customers_served: optionalNumber(),
  dnoa_result: optionalText(),
  dnoa_result_description: optionalText(),
  traditional_solution: optionalText(),
  type: optionalText(),
  spatial_coordinates: OdsPoint,
});
export type RawDnoa = z.output<typeof RawDnoa>;
