/**
 * Mapping of OS Places DPA and LPI records to Address records, keyed by UPRN. Coordinates come in
 * British National Grid unless WGS 84 was asked for: BNG is converted with OSTN15 (@ldn-twin/geo) and
 * kept as the native `place`; WGS 84 is read from `LAT`/`LNG`.
 */
import type { AccessLabel, Licence, Relation, TwinRecordOf } from '@ldn-twin/core';
import { twinId, twinRecord } from '@ldn-twin/core';
import { bngToWgs84 } from '@ldn-twin/geo';
import type { RawAddress, RawResult } from './raw.js';

/**
 * An Address record.
 *
 * @example
 * ```ts
 * const uprnOf = (record: AddressRecord) => record.properties.attributes.uprn;
 * ```
 */
export type AddressRecord = TwinRecordOf<'Address'>;

/**
 * What every record of one run shares.
 *
 * @example
 * ```ts
 * const ctx: PlacesMappingContext = {
 *   baseUrl: 'https://api.os.uk/search/places/v1',
 *   retrievedAt: '2026-11-26T09:00:00Z',
 *   licence: { id: 'LicenseRef-OS-Places-premium-or-PSGA', attribution: ['Ordnance Survey, OS Places API'] },
 *   access: { classification: 'official' },
 *   outputSrs: 'EPSG:27700',
 * };
 * ```
 */
export interface PlacesMappingContext {
  readonly baseUrl: string;
  readonly retrievedAt: string;
  readonly licence: Licence;
  readonly access: AccessLabel;
  /** The response header's `output_srs` (`EPSG:27700` when the request gave none). */
  readonly outputSrs: string | undefined;
}

const BNG_CRS = 'http://www.opengis.net/def/crs/EPSG/0/27700';

/** The keys mapped to named attributes; every other non-empty key goes to `extra`. */
const MAPPED = new Set([
  'UPRN',
  'UDPRN',
  'ADDRESS',
  'ORGANISATION_NAME',
  'BUILDING_NAME',
  'BUILDING_NUMBER',
  'THOROUGHFARE_NAME',
  'POST_TOWN',
  'POSTCODE',
  'RPC',
  'X_COORDINATE',
  'Y_COORDINATE',
  'LAT',
  'LNG',
  'STATUS',
  'LOGICAL_STATUS_CODE',
  'CLASSIFICATION_CODE',
  'CLASSIFICATION_CODE_DESCRIPTION',
  'LOCAL_CUSTODIAN_CODE',
  'LOCAL_CUSTODIAN_CODE_DESCRIPTION',
  'COUNTRY_CODE',
  'POSTAL_ADDRESS_CODE',
  'POSTAL_ADDRESS_CODE_DESCRIPTION',
  'BLPU_STATE_CODE',
  'BLPU_STATE_CODE_DESCRIPTION',
  'BLPU_STATE_DATE',
  'TOPOGRAPHY_LAYER_TOID',
  'WARD_CODE',
  'LAST_UPDATE_DATE',
  'ENTRY_DATE',
  'LANGUAGE',
  'MATCH',
  'MATCH_DESCRIPTION',
  'DELIVERY_POINT_SUFFIX',
]);

/**
 * Maps one parsed result (a DPA or an LPI record) to an Address record.
 *
 * @example
 * ```ts
 * const record = mapResult(RawResult.parse(body.results[0]), {
 *   baseUrl: 'https://api.os.uk/search/places/v1',
 *   retrievedAt: new Date().toISOString(),
 *   licence,
 *   access: { classification: 'official' },
 *   outputSrs: body.header.output_srs,
 * });
 * ```
 */
export function mapResult(result: RawResult, ctx: PlacesMappingContext): AddressRecord {
  const dataset = result.DPA ? 'DPA' : 'LPI';
  const raw = (result.DPA ?? result.LPI) as RawAddress;
  const uprn = raw.UPRN;
  const location = locate(raw, ctx.outputSrs);
  const ward = raw.WARD_CODE;
  const relations: Relation[] =
    ward && /^[EWSN]\d{8}$/.test(ward)
      ? [{ rel: 'withinArea', target: twinId('AdministrativeArea', 'gss', ward) }]
      : [];

  const attributes: AddressRecord['properties']['attributes'] = {
    uprn,
    dataset,
    address: raw.ADDRESS,
    postcode: raw.POSTCODE,
    udprn: raw.UDPRN,
    organisationName: raw.ORGANISATION_NAME,
    buildingName: raw.BUILDING_NAME,
    buildingNumber: raw.BUILDING_NUMBER,
    thoroughfareName: raw.THOROUGHFARE_NAME,
    postTown: raw.POST_TOWN,
    classificationCode: raw.CLASSIFICATION_CODE,
    classificationDescription: raw.CLASSIFICATION_CODE_DESCRIPTION,
    status: raw.STATUS,
    logicalStatusCode: raw.LOGICAL_STATUS_CODE,
    blpuStateCode: raw.BLPU_STATE_CODE,
    blpuStateDescription: raw.BLPU_STATE_CODE_DESCRIPTION,
    blpuStateDate: raw.BLPU_STATE_DATE,
    localCustodianCode: raw.LOCAL_CUSTODIAN_CODE,
    localCustodianDescription: raw.LOCAL_CUSTODIAN_CODE_DESCRIPTION,
    countryCode: raw.COUNTRY_CODE,
    postalAddressCode: raw.POSTAL_ADDRESS_CODE,
    postalAddressDescription: raw.POSTAL_ADDRESS_CODE_DESCRIPTION,
    rpc: raw.RPC,
    toid: raw.TOPOGRAPHY_LAYER_TOID,
    wardCode: ward,
    entryDate: raw.ENTRY_DATE,
    lastUpdateDate: raw.LAST_UPDATE_DATE,
    language: raw.LANGUAGE,
    match: raw.MATCH,
    matchDescription: raw.MATCH_DESCRIPTION,
    deliveryPointSuffix: raw.DELIVERY_POINT_SUFFIX,
    extra: extraFields(raw),
  };

  return twinRecord('Address', {
    id: ['uprn', uprn],
    geometry: location ? { type: 'Point', coordinates: location.lonLat } : null,
    precision: 'address-point',
    place: location?.bng ? { type: 'Point', coordinates: location.bng } : undefined,
    coordRefSys: location?.bng ? BNG_CRS : undefined,
    name: raw.ADDRESS,
    identifiers: [
      { scheme: 'uprn', value: uprn },
      ...(raw.TOPOGRAPHY_LAYER_TOID ? [{ scheme: 'toid' as const, value: raw.TOPOGRAPHY_LAYER_TOID }] : []),
      ...(raw.UDPRN ? [{ scheme: 'other' as const, value: raw.UDPRN, issuer: 'royal-mail-udprn' }] : []),
    ],
    recordedAt: raw.LAST_UPDATE_DATE ?? ctx.retrievedAt,
    relations,
    provenance: {
      publisher: 'Ordnance Survey',
      dataset: `os-places-${dataset.toLowerCase()}`,
      sourceId: uprn,
      // Built from the base URL, never from the request: the request carries the key.
      sourceUrl: `${ctx.baseUrl}/uprn?uprn=${uprn}&dataset=${dataset}`,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: 'os-places',
    },
    licence: ctx.licence,
    access: ctx.access,
    attributes,
  });
}

interface Location {
  lonLat: [number, number];
  bng?: [number, number];
}

/**
 * Where the address point is. `LAT`/`LNG` when given (WGS 84 output); otherwise `X_COORDINATE` and
 * `Y_COORDINATE` in the response's `output_srs`: BNG is converted, and for a WGS 84 output without
 * `LAT`/`LNG` (not seen in a real response) X is read as longitude and Y as latitude.
 */
function locate(raw: RawAddress, outputSrs: string | undefined): Location | undefined {
  if (raw.LAT !== undefined && raw.LNG !== undefined) return { lonLat: [raw.LNG, raw.LAT] };
  const x = raw.X_COORDINATE;
  const y = raw.Y_COORDINATE;
  if (x === undefined || y === undefined) return undefined;
  if (outputSrs === undefined || /27700|BNG/i.test(outputSrs)) {
    const { lon, lat } = bngToWgs84(x, y);
    return { lonLat: [round(lon), round(lat)], bng: [x, y] };
  }
  if (/4326|WGS84|CRS84/i.test(outputSrs)) return { lonLat: [x, y] };
  throw new Error(`coordinates in ${outputSrs} are not supported; ask for BNG or WGS 84`);
}

/** Seven decimal places of a degree: about a centimetre, finer than any address point. */
function round(degrees: number): number {
  return Math.round(degrees * 1e7) / 1e7;
}

/** Every non-empty field the mapping did not name, as a string. */
function extraFields(raw: RawAddress): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const key in raw) {
    if (MAPPED.has(key)) continue;
    const value: unknown = raw[key];
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value.trim() : JSON.stringify(value);
    if (text !== '') extra[key] = text;
  }
  return extra;
}
