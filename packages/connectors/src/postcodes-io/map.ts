/**
 * Mapping of postcodes.io results to AdministrativeArea records of area type `postcode`: the
 * postcode is the code, its centroid the geometry (`locationPrecision: 'postcode'`), its BNG
 * eastings/northings the `place`, the local authority district GSS code the parent, and every
 * other field (names and `codes.*` GSS codes) kept in `extra` as the payload gives it.
 */
import { BNG_CRS, type Licence, type Relation, type TwinRecordOf, twinId, twinRecord } from '@ldn-twin/core';
import type { RawBulkEntry, RawPostcode } from './raw.js';

/**
 * What every record of one run shares.
 *
 * @example
 * ```ts
 * const ctx: PostcodeMappingContext = { baseUrl, retrievedAt, licence, northernIrelandLicence };
 * ```
 */
export interface PostcodeMappingContext {
  readonly baseUrl: string;
  readonly retrievedAt: string;
  /** The licence of Great Britain postcodes. */
  readonly licence: Licence;
  /** The licence of Northern Ireland postcodes (BT...), which differs. */
  readonly northernIrelandLicence: Licence;
}

/** Fields mapped into the envelope, so not repeated in `extra`. */
const ENVELOPE_KEYS = new Set(['postcode', 'longitude', 'latitude', 'eastings', 'northings', 'codes']);

/**
 * Maps one postcode result.
 *
 * @example
 * ```ts
 * const area = mapPostcode(RawPostcode.parse(result), context);
 * area.properties.attributes.parentCode; // 'E09000033'
 * ```
 */
export function mapPostcode(
  pc: RawPostcode,
  ctx: PostcodeMappingContext,
): TwinRecordOf<'AdministrativeArea'> {
  const { longitude, latitude, eastings, northings } = pc;
  const hasPoint = longitude !== undefined && latitude !== undefined;
  const hasPlace = eastings !== undefined && northings !== undefined;
  const district = pc.codes.admin_district ?? undefined;
  const ward = pc.codes.admin_ward ?? undefined;
  const relations: Relation[] = [district, ward]
    .filter((code): code is string => typeof code === 'string' && isGss(code))
    .map((code) => ({ rel: 'withinArea', target: twinId('AdministrativeArea', 'gss', code) }));
  return twinRecord('AdministrativeArea', {
    id: ['postcode', pc.postcode],
    geometry: hasPoint ? { type: 'Point', coordinates: [longitude, latitude] } : null,
    precision: 'postcode',
    place: hasPlace ? { type: 'Point', coordinates: [eastings, northings] } : undefined,
    coordRefSys: hasPlace ? BNG_CRS : undefined,
    name: pc.postcode,
    identifiers: [{ scheme: 'other', value: pc.postcode, issuer: 'postcode' }],
    relations,
    provenance: {
      publisher: 'postcodes.io',
      dataset: 'postcodes',
      sourceId: pc.postcode,
      sourceUrl: `${ctx.baseUrl}/postcodes/${encodeURIComponent(pc.postcode)}`,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: 'postcodes-io',
    },
    licence: /^BT/i.test(pc.postcode) ? ctx.northernIrelandLicence : ctx.licence,
    attributes: {
      areaType: 'postcode',
      code: pc.postcode,
      parentCode: district || undefined,
      extra: extraFields(pc),
    },
  });
}

/**
 * Maps one bulk entry; an unknown postcode (`result: null`) throws, so the run reports it by name.
 *
 * @example
 * ```ts
 * mapBulkEntry({ query: 'ZZ1 1ZZ', result: null }, context); // throws: postcode "ZZ1 1ZZ" not found
 * ```
 */
export function mapBulkEntry(
  entry: RawBulkEntry,
  ctx: PostcodeMappingContext,
): TwinRecordOf<'AdministrativeArea'> {
  if (entry.result === null) {
    const reason = typeof entry.error === 'string' ? ` (${entry.error})` : '';
    throw new Error(`postcode "${entry.query}" not found${reason}`);
  }
  return mapPostcode(entry.result, ctx);
}

/** Every other field as a string under its payload key; GSS codes under `codes.<key>`. */
function extraFields(pc: RawPostcode): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(pc)) {
    if (ENVELOPE_KEYS.has(key) || value === null || value === undefined || value === '') continue;
    extra[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  for (const [key, value] of Object.entries(pc.codes)) {
    if (typeof value === 'string' && value !== '') extra[`codes.${key}`] = value;
  }
  return extra;
}

/** A real GSS code (`E09000033`), not a pseudo code such as `E99999999` ("none"). */
function isGss(code: string): boolean {
  return /^[EWSN]\d{8}$/.test(code) && !/^[EWSN]9{8}$/.test(code);
}
