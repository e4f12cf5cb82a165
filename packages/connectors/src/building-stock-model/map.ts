/**
 * London Building Stock Model rows → Building records, through the configured column map. The model
 * is modelled data (the GLA's estimate of each building's age, size and energy performance), so
 * `provenance.method` is `modelled`. A building's id is its TOID, else its UPRN, else the model's own
 * id column (order configurable); a row with none of them is reported, not given an invented id.
 * Fields the Building schema has (`use`, `storeys`, `heightMetres`) are typed; the model's own fields
 * are set as `ageBand`, `floorAreaSquareMetres`, `energyRating`, `energyEfficiency` and
 * `annualEnergyKwh` (the Building schema is loose); every unmapped column is kept in `extra`.
 */
import type { Identifier, Licence, LocationPrecision, TwinRecordOf } from '@ldn-twin/core';
import { twinRecord } from '@ldn-twin/core';
import {
  type DatastoreResource,
  extraColumns,
  locate,
  numberField,
  type ParsedRow,
  textField,
} from '../protocols/london-datastore/index.js';
import type { BuildingField } from './columns.js';

/**
 * A Building record.
 *
 * @example
 * ```ts
 * const uprnOf = (b: BuildingRecord) => b.properties.identifiers.find((i) => i.scheme === 'uprn')?.value;
 * ```
 */
export type BuildingRecord = TwinRecordOf<'Building'>;

/**
 * Which identifier gives a building its twin id, in order.
 *
 * @example
 * ```ts
 * const order: IdSource[] = ['toid', 'uprn', 'id'];
 * ```
 */
export type IdSource = 'toid' | 'uprn' | 'id';

/**
 * What every building of one file shares.
 *
 * @example
 * ```ts
 * const ctx: BuildingContext = { resource, columns, idFrom: ['toid', 'uprn', 'id'], licence: GLA_OGL_LICENCE, precision: 'centroid', retrievedAt };
 * ```
 */
export interface BuildingContext {
  readonly resource: DatastoreResource;
  readonly columns: Partial<Record<BuildingField, string>>;
  readonly idFrom: readonly IdSource[];
  readonly licence: Licence;
  readonly precision: LocationPrecision;
  readonly retrievedAt: string;
}

const UPRN = /^\d{1,12}$/;
const TOID = /^(osgb)?\d{1,16}$/i;

/**
 * Maps one parsed row; throws (and the run reports it) when it has no usable identifier.
 *
 * @example
 * ```ts
 * yield* ctx.mapper.each(records, schema, (row) => mapBuilding(row, buildingContext));
 * ```
 */
export function mapBuilding(row: ParsedRow<BuildingField>, ctx: BuildingContext): BuildingRecord {
  const f = row.fields;
  const uprn = normaliseUprn(textField(f, 'uprn'));
  const toid = normaliseToid(textField(f, 'toid'));
  const ownId = textField(f, 'id');
  const ids: Record<IdSource, string | undefined> = { toid, uprn, id: ownId };
  const source = ctx.idFrom.find((s) => ids[s] !== undefined);
  if (source === undefined) {
    throw new Error(
      `line ${row.line}: no ${ctx.idFrom.join(', ')} value to identify the building (columns: ${describe(ctx.columns)})`,
    );
  }
  const identifiers: Identifier[] = [
    ...(toid ? [{ scheme: 'toid' as const, value: toid }] : []),
    ...(uprn ? [{ scheme: 'uprn' as const, value: uprn }] : []),
    ...(ownId ? [{ scheme: 'other' as const, value: ownId, issuer: 'london-building-stock-model' }] : []),
  ];
  const located = locate({
    latitude: numberField(f, 'latitude'),
    longitude: numberField(f, 'longitude'),
    easting: numberField(f, 'easting'),
    northing: numberField(f, 'northing'),
  });
  const storeys = numberField(f, 'storeys');
  const height = numberField(f, 'height');
  const optional = {
    use: textField(f, 'use'),
    storeys: storeys !== undefined && Number.isInteger(storeys) && storeys >= 0 ? storeys : undefined,
    heightMetres: height !== undefined && height >= 0 ? height : undefined,
    ageBand: textField(f, 'ageBand'),
    floorAreaSquareMetres: numberField(f, 'floorArea'),
    energyRating: textField(f, 'energyRating'),
    energyEfficiency: numberField(f, 'energyEfficiency'),
    annualEnergyKwh: numberField(f, 'annualEnergyKwh'),
  };
  // A value the typed field refuses (a fractional storey count) stays in extra as published.
  const used = new Set(Object.values(ctx.columns));
  if (storeys !== undefined && optional.storeys === undefined && ctx.columns.storeys)
    used.delete(ctx.columns.storeys);
  if (height !== undefined && optional.heightMetres === undefined && ctx.columns.height)
    used.delete(ctx.columns.height);
  const extra = extraColumns(row.values, used);
  const local = ids[source] as string;
  return twinRecord('Building', {
    id: [source === 'id' ? 'london-building-stock-model' : source, local],
    geometry: located?.geometry ?? null,
    ...(located?.place ? { place: located.place, coordRefSys: located.coordRefSys } : {}),
    identifiers,
    recordedAt: ctx.resource.modified ?? ctx.retrievedAt,
    precision: ctx.precision,
    provenance: {
      publisher: 'Greater London Authority',
      dataset: ctx.resource.dataset,
      sourceId: `${ctx.resource.id}#line=${row.line}`,
      sourceUrl: ctx.resource.url || undefined,
      retrievedAt: ctx.retrievedAt,
      method: 'modelled',
      connector: 'building-stock-model',
    },
    licence: ctx.licence,
    attributes: {
      ...optional,
      extra: Object.keys(extra).length > 0 ? extra : undefined,
    },
  });
}

function normaliseUprn(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Spreadsheets write UPRNs as floats ("100023336956.0"); the integer part is the UPRN.
  const digits = value.replace(/\.0+$/, '');
  if (!UPRN.test(digits)) throw new Error(`not a UPRN: ${JSON.stringify(value)}`);
  return digits.replace(/^0+(?=\d)/, '');
}

function normaliseToid(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!TOID.test(value)) throw new Error(`not a TOID: ${JSON.stringify(value)}`);
  return value.toLowerCase().startsWith('osgb') ? `osgb${value.slice(4)}` : `osgb${value}`;
}

function describe(columns: Partial<Record<BuildingField, string>>): string {
  const found = Object.entries(columns).map(([field, column]) => `${field}=${column}`);
  return found.length > 0 ? found.join(', ') : 'none matched';
}
