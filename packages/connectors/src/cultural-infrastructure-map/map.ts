/**
 * Cultural Infrastructure Map rows → CulturalVenue records. Each row of a venue type's CSV is one
 * venue; coordinates are WGS 84 `latitude`/`longitude` (or BNG eastings/northings, converted with
 * OSTN15). The file has no confirmed id column, so a venue's id is its type, name and position unless
 * an id column is configured (see the docs: two venues of one type with the same name at the same
 * point share an id).
 */
import type { Licence, LocationPrecision, TwinRecordOf } from '@ldn-twin/core';
import { twinRecord } from '@ldn-twin/core';
import {
  type DatastoreResource,
  extraColumns,
  locate,
  numberField,
  type ParsedRow,
  textField,
} from '../protocols/london-datastore/index.js';
import type { VenueField } from './columns.js';

/**
 * A CulturalVenue record.
 *
 * @example
 * ```ts
 * const type = (venue: VenueRecord) => venue.properties.attributes.venueType;
 * ```
 */
export type VenueRecord = TwinRecordOf<'CulturalVenue'>;

/**
 * What every venue of one file shares.
 *
 * @example
 * ```ts
 * const ctx: VenueContext = { resource, venueType: 'music-venues', columns, licence: GLA_OGL_LICENCE, precision: 'address-point', retrievedAt };
 * ```
 */
export interface VenueContext {
  readonly resource: DatastoreResource;
  readonly venueType: string;
  /** Which column each field was read from. */
  readonly columns: Partial<Record<VenueField, string>>;
  readonly licence: Licence;
  readonly precision: LocationPrecision;
  readonly retrievedAt: string;
}

/**
 * Maps one parsed row. Throws (and the run reports it) when a row has neither a name nor a position.
 *
 * @example
 * ```ts
 * yield* ctx.mapper.each(records, schema, (row) => mapVenue(row, venueContext));
 * ```
 */
export function mapVenue(row: ParsedRow<VenueField>, ctx: VenueContext): VenueRecord {
  const f = row.fields;
  const name = textField(f, 'name');
  const located = locate({
    latitude: numberField(f, 'latitude'),
    longitude: numberField(f, 'longitude'),
    easting: numberField(f, 'easting'),
    northing: numberField(f, 'northing'),
  });
  const upstreamId = textField(f, 'id');
  const position = located?.geometry.coordinates.map((c) => c.toFixed(5)).join(',');
  if (upstreamId === undefined && name === undefined && position === undefined) {
    throw new Error(`line ${row.line}: a venue needs an id, a name or a position to be identified`);
  }
  const local = upstreamId ?? `${name ?? ''}@${position ?? ''}`;
  const address = textField(f, 'address');
  const borough = textField(f, 'borough');
  const extra = extraColumns(row.values, new Set(Object.values(ctx.columns)));
  return twinRecord('CulturalVenue', {
    id: ['gla-cim', `${ctx.venueType}:${local}`],
    geometry: located?.geometry ?? null,
    ...(located?.place ? { place: located.place, coordRefSys: located.coordRefSys } : {}),
    name: name || undefined,
    identifiers: upstreamId
      ? [{ scheme: 'other', value: upstreamId, issuer: `gla-cim:${ctx.venueType}` }]
      : [],
    recordedAt: ctx.resource.modified ?? ctx.retrievedAt,
    precision: ctx.precision,
    provenance: {
      publisher: 'Greater London Authority',
      dataset: ctx.resource.dataset,
      sourceId: `${ctx.resource.id}#line=${row.line}`,
      sourceUrl: ctx.resource.url || undefined,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: 'cultural-infrastructure-map',
    },
    licence: ctx.licence,
    attributes: {
      venueType: ctx.venueType,
      venueTypeLabel: ctx.resource.title || undefined,
      address: address || undefined,
      borough: borough || undefined,
      extra: Object.keys(extra).length > 0 ? extra : undefined,
    },
  });
}
