/**
 * Which CSV columns give a building's fields in the London Building Stock Model. The model's files,
 * formats and columns are UNCONFIRMED (its data dictionary was not seen), so every default below is a
 * guess, and the whole map is configurable as `columns` in the connector config. Unmapped columns are
 * kept in `extra` under their original names, so nothing is lost while the map is wrong.
 */
import type { ColumnType } from '../protocols/london-datastore/index.js';

/**
 * The fields a building row can give.
 *
 * @example
 * ```ts
 * const field: BuildingField = 'uprn';
 * ```
 */
export type BuildingField =
  | 'uprn'
  | 'toid'
  | 'id'
  | 'ageBand'
  | 'floorArea'
  | 'use'
  | 'storeys'
  | 'height'
  | 'energyRating'
  | 'energyEfficiency'
  | 'annualEnergyKwh'
  | 'latitude'
  | 'longitude'
  | 'easting'
  | 'northing';

/**
 * Default candidate column names per field (all unconfirmed), in order of preference.
 *
 * @example
 * ```ts
 * DEFAULT_BUILDING_COLUMNS.uprn; // ['uprn']
 * ```
 */
export const DEFAULT_BUILDING_COLUMNS: Readonly<Record<BuildingField, readonly string[]>> = {
  uprn: ['uprn'],
  toid: ['toid', 'os_toid'],
  id: ['building_id', 'id'],
  ageBand: ['age_band', 'construction_age_band', 'building_age'],
  floorArea: ['floor_area', 'total_floor_area', 'floor_area_m2'],
  use: ['use', 'building_use', 'property_type'],
  storeys: ['storeys', 'number_of_storeys'],
  height: ['height', 'building_height', 'height_m'],
  energyRating: ['epc_rating', 'current_energy_rating', 'energy_rating'],
  energyEfficiency: ['sap_score', 'current_energy_efficiency', 'energy_efficiency'],
  annualEnergyKwh: ['energy_consumption_kwh', 'annual_energy_kwh', 'energy_use_kwh'],
  latitude: ['latitude', 'lat'],
  longitude: ['longitude', 'lon', 'long'],
  easting: ['easting', 'x_coordinate', 'x'],
  northing: ['northing', 'y_coordinate', 'y'],
};

/**
 * The type of each field.
 *
 * @example
 * ```ts
 * BUILDING_COLUMN_TYPES.floorArea; // 'number'
 * ```
 */
export const BUILDING_COLUMN_TYPES: Readonly<Record<BuildingField, ColumnType>> = {
  uprn: 'text',
  toid: 'text',
  id: 'text',
  ageBand: 'text',
  floorArea: 'number',
  use: 'text',
  storeys: 'number',
  height: 'number',
  energyRating: 'text',
  energyEfficiency: 'number',
  annualEnergyKwh: 'number',
  latitude: 'number',
  longitude: 'number',
  easting: 'number',
  northing: 'number',
};
