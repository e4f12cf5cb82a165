/**
 * Mapping of postcodes.io results to AdministrativeArea records of area type `postcode`: the
 * postcode is the code, its centroid the geometry (`locationPrecision: 'postcode'`), its BNG
 * eastings/northings the `place`, the local authority district GSS code the parent, and every
 * other field (names and `codes.*` GSS codes) kept in `extra` as the payload gives it.
 */
import { BNG_CRS, type Licence, type Relation, type TwinRecordOf, twinId, twinRecord } from '@ldn-twin/core';
import type { RawBulkEntry, RawOutcode, RawPlace, RawPostcode } from './raw.js';

/** Where postcodes.io puts an answer: its WGS 84 point, and its OSGB point as `place` when given. */
function locatedAt(at: {
  readonly longitude?: number | undefined;
  readonly latitude?: number | undefined;
  readonly eastings?: number | undefined;
  readonly northings?: number | undefined;
}) {
  const { longitude, latitude, eastings, northings } = at;
  const hasPlace = eastings !== undefined && northings !== undefined;
  return {
    geometry:
      longitude !== undefined && latitude !== undefined
        ? { type: 'Point' as const, coordinates: [longitude, latitude] }
        : null,
    place: hasPlace ? { type: 'Point' as const, coordinates: [eastings, northings] } : undefined,
    coordRefSys: hasPlace ? BNG_CRS : undefined,
  };
}

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
  const district = pc.codes.admin_district ?? undefined;
  const ward = pc.codes.admin_ward ?? undefined;
  const relations: Relation[] = [district, ward]
    .filter((code): code is string => typeof code === 'string' && isGss(code))
    .map((code) => ({ rel: 'withinArea', target: twinId('AdministrativeArea', 'gss', code) }));
  return twinRecord('AdministrativeArea', {
    id: ['postcode', pc.postcode],
    ...locatedAt(pc),
    precision: 'postcode',
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

/**
 * Maps one postcode of a bulk reverse geocode, recording the point it answered
 * (`extra['query.longitude']`, `extra['query.latitude']`) beside its `distance` from it.
 *
 * @example
 * ```ts
 * const area = mapReverseResult(RawPostcode.parse(entry.result[0]), entry.query, context);
 * area.properties.attributes.extra['query.longitude']; // '-3.15807731271522'
 * ```
 */
export function mapReverseResult(
  pc: RawPostcode,
  query: { readonly longitude?: number | undefined; readonly latitude?: number | undefined },
  ctx: PostcodeMappingContext,
): TwinRecordOf<'AdministrativeArea'> {
  const area = mapPostcode(pc, ctx);
  const { attributes } = area.properties;
  const asked: Record<string, string> = {};
  if (query.longitude !== undefined) asked['query.longitude'] = String(query.longitude);
  if (query.latitude !== undefined) asked['query.latitude'] = String(query.latitude);
  return {
    ...area,
    properties: {
      ...area.properties,
      attributes: { ...attributes, extra: { ...attributes.extra, ...asked } },
    },
  };
}

/**
 * Maps an outward code to an AdministrativeArea (area type `other`: outward codes have no GSS code)
 * at its averaged centroid. The names of the districts, wards, parishes and countries its postcodes
 * fall in are kept in `extra`, joined with `; ` (postcodes.io gives names, not codes).
 *
 * @example
 * ```ts
 * const area = mapOutcode(RawOutcode.parse(body.result), context);
 * area.properties.attributes.extra.admin_district; // 'Westminster; Wandsworth'
 * ```
 */
export function mapOutcode(oc: RawOutcode, ctx: PostcodeMappingContext): TwinRecordOf<'AdministrativeArea'> {
  const extra: Record<string, string> = { kind: 'outcode' };
  for (const [key, value] of Object.entries(oc)) {
    if (OUTCODE_ENVELOPE_KEYS.has(key) || value === null || value === undefined) continue;
    const text = Array.isArray(value)
      ? value.join('; ')
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
    if (text !== '') extra[key] = text;
  }
  return twinRecord('AdministrativeArea', {
    id: ['outcode', oc.outcode],
    ...locatedAt(oc),
    precision: 'centroid',
    name: oc.outcode,
    identifiers: [{ scheme: 'other', value: oc.outcode, issuer: 'outcode' }],
    provenance: {
      publisher: 'postcodes.io',
      dataset: 'outcodes',
      sourceId: oc.outcode,
      sourceUrl: `${ctx.baseUrl}/outcodes/${encodeURIComponent(oc.outcode)}`,
      retrievedAt: ctx.retrievedAt,
      method: 'derived',
      connector: 'postcodes-io',
    },
    licence: /^BT/i.test(oc.outcode) ? ctx.northernIrelandLicence : ctx.licence,
    attributes: { areaType: 'other', code: oc.outcode, extra },
  });
}

/**
 * Maps one OS Open Names place to an AdministrativeArea record of `areaType` `other` (a named
 * place, not a boundary): its point (WGS 84, and OSGB as `place`), its persistent code and its
 * names, type, outcode and areas in `extra` (`kind` `place`). The OS bounding box is kept in
 * `extra` as `min_eastings` etc.
 *
 * @example
 * ```ts
 * const area = mapPlace(rawPlace, { baseUrl, retrievedAt, licence, northernIrelandLicence });
 * area.properties.attributes.extra.local_type; // 'Suburban Area'
 * ```
 */
export function mapPlace(place: RawPlace, ctx: PostcodeMappingContext): TwinRecordOf<'AdministrativeArea'> {
  const extra: Record<string, string> = { kind: 'place' };
  for (const [key, value] of Object.entries(place)) {
    if (PLACE_ENVELOPE_KEYS.has(key) || value === null || value === undefined || value === '') continue;
    extra[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return twinRecord('AdministrativeArea', {
    id: ['os-open-names', place.code],
    ...locatedAt(place),
    precision: 'centroid',
    name: place.name_1,
    identifiers: [{ scheme: 'other', value: place.code, issuer: 'OS Open Names' }],
    provenance: {
      publisher: 'postcodes.io',
      dataset: 'places',
      sourceId: place.code,
      sourceUrl: `${ctx.baseUrl}/places/${encodeURIComponent(place.code)}`,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: 'postcodes-io',
    },
    // OS Open Names covers Great Britain only: always the GB licence.
    licence: ctx.licence,
    attributes: { areaType: 'other', code: place.code, extra },
  });
}

/** Place fields mapped into the envelope, so not repeated in `extra`. */
const PLACE_ENVELOPE_KEYS = new Set(['code', 'name_1', 'longitude', 'latitude', 'eastings', 'northings']);

/** Outcode fields mapped into the envelope, so not repeated in `extra`. */
const OUTCODE_ENVELOPE_KEYS = new Set(['outcode', 'longitude', 'latitude', 'eastings', 'northings']);

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
