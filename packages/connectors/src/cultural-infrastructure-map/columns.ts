/**
 * Which CSV columns give a venue's fields. Only `latitude` and `longitude` are documented (columns of
 * the map's GeoPackage layers, per a public client); every other name below is an UNCONFIRMED guess,
 * configurable as `columns` in the connector config. Unmapped columns are kept in `extra`.
 */
import type { ColumnType } from '../protocols/london-datastore/index.js';

/**
 * The fields a venue row can give.
 *
 * @example
 * ```ts
 * const field: VenueField = 'name';
 * ```
 */
export type VenueField =
  | 'id'
  | 'name'
  | 'address'
  | 'borough'
  | 'latitude'
  | 'longitude'
  | 'easting'
  | 'northing';

/**
 * Default candidate column names per field, in order of preference.
 *
 * @example
 * ```ts
 * DEFAULT_VENUE_COLUMNS.latitude; // ['latitude', 'lat']
 * ```
 */
export const DEFAULT_VENUE_COLUMNS: Readonly<Record<VenueField, readonly string[]>> = {
  id: ['id'],
  name: ['name', 'site_name', 'venue_name'],
  address: ['address', 'address1', 'full_address'],
  borough: ['borough', 'borough_name'],
  latitude: ['latitude', 'lat'],
  longitude: ['longitude', 'lon', 'long'],
  easting: ['easting', 'eastings'],
  northing: ['northing', 'northings'],
};

/**
 * The type of each field.
 *
 * @example
 * ```ts
 * VENUE_COLUMN_TYPES.latitude; // 'number'
 * ```
 */
export const VENUE_COLUMN_TYPES: Readonly<Record<VenueField, ColumnType>> = {
  id: 'text',
  name: 'text',
  address: 'text',
  borough: 'text',
  latitude: 'number',
  longitude: 'number',
  easting: 'number',
  northing: 'number',
};
