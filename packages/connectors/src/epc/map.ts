/**
 * Mapping of one EPC register row to an EnergyPerformance record. Pure: it takes a row object (from
 * the JSON API or the bulk CSV, the same kebab-case columns) and knows nothing of transport, so the
 * register's replacement service can be plugged in as a new source without touching it.
 */
import type { AccessLabel, Identifier, Licence, Relation, TwinRecordOf } from '@ldn-twin/core';
import { twinId, twinRecord } from '@ldn-twin/core';
import type { RawCertificate } from './raw.js';

/**
 * Which register a row comes from.
 *
 * @example
 * ```ts
 * const type: CertificateType = 'non-domestic';
 * ```
 */
export type CertificateType = 'domestic' | 'non-domestic';

/**
 * What every record of one run shares.
 *
 * @example
 * ```ts
 * const ctx: EpcMappingContext = {
 *   certificateType: 'domestic',
 *   retrievedAt: '2026-11-26T09:00:00Z',
 *   licence: { id: 'LicenseRef-EPC-register-unconfirmed', attribution: ['Energy Performance Certificates'] },
 *   access: OPEN_ACCESS,
 *   certificateUrl: () => undefined,
 * };
 * ```
 */
export interface EpcMappingContext {
  readonly certificateType: CertificateType;
  readonly retrievedAt: string;
  readonly licence: Licence;
  readonly access: AccessLabel;
  /**
   * The URL of one certificate (by its lmk-key or certificate number), for `provenance.sourceUrl`;
   * omitted when it gives undefined.
   */
  readonly certificateUrl: (key: string) => string | undefined;
}

/**
 * An EnergyPerformance record.
 *
 * @example
 * ```ts
 * const rating = (record: EnergyPerformanceRecord) => record.properties.attributes.currentRating;
 * ```
 */
export type EnergyPerformanceRecord = TwinRecordOf<'EnergyPerformance'>;

const PUBLISHER = 'Ministry of Housing, Communities and Local Government (Open Data Communities)';

/** The columns the mapping turns into typed attributes; every other non-empty one goes to `extra`. */
const MAPPED = new Set([
  'lmk-key',
  'certificate-number',
  'recommendations',
  'uprn',
  'uprn-source',
  'building-reference-number',
  'address',
  'postcode',
  'local-authority',
  'local-authority-label',
  'current-energy-rating',
  'potential-energy-rating',
  'current-energy-efficiency',
  'potential-energy-efficiency',
  'asset-rating',
  'asset-rating-band',
  'co2-emissions-current',
  'co2-emissions-potential',
  'total-floor-area',
  'floor-area',
  'construction-age-band',
  'property-type',
  'built-form',
  'tenure',
  'transaction-type',
  'lodgement-date',
  'inspection-date',
]);

/**
 * Maps one parsed certificate row. The certificate has no coordinates (the register has none): it is
 * linked to its Building by UPRN with an `observes` relation (a certificate is an assessment of the
 * property, not a part of it) and to its local authority with `withinArea`.
 *
 * @example
 * ```ts
 * const record = mapCertificate(RawCertificate.parse(row), {
 *   certificateType: 'domestic',
 *   retrievedAt: new Date().toISOString(),
 *   licence,
 *   access: OPEN_ACCESS,
 *   certificateUrl: (key) => `https://epc.opendatacommunities.org/api/v1/domestic/certificate/${key}`,
 * });
 * ```
 */
export function mapCertificate(row: RawCertificate, ctx: EpcMappingContext): EnergyPerformanceRecord {
  // One of the two is there (the row schema checks it): the v1 key, or the replacement's number.
  const lmkKey = row['lmk-key'];
  const certificateNumber = row['certificate-number'];
  const key = (certificateNumber ?? lmkKey) as string;
  const keyScheme = certificateNumber ? 'epc-certificate-number' : 'epc-lmk-key';
  const address = row.address ?? joined(row.address1, row.address2, row.address3);
  const postcode = row.postcode;
  const uprn = row.uprn;
  const gss = row['local-authority'];
  const lodged = row['lodgement-date'];
  const inspected = row['inspection-date'];
  const sourceUrl = ctx.certificateUrl(key);

  const relations: Relation[] = [];
  if (uprn) relations.push({ rel: 'observes', target: twinId('Building', 'uprn', uprn) });
  if (gss && GSS.test(gss))
    relations.push({ rel: 'withinArea', target: twinId('AdministrativeArea', 'gss', gss) });
  const identifiers: Identifier[] = [];
  if (uprn) identifiers.push({ scheme: 'uprn', value: uprn });
  identifiers.push({ scheme: 'other', value: key, issuer: keyScheme });
  if (gss) identifiers.push({ scheme: 'gss', value: gss });

  const attributes: Attributes = {
    certificateType: ctx.certificateType,
    lmkKey,
    certificateNumber,
    uprn,
    uprnSource: row['uprn-source'],
    buildingReferenceNumber: row['building-reference-number'],
    currentRating: row['current-energy-rating'],
    potentialRating: row['potential-energy-rating'],
    currentEfficiency: row['current-energy-efficiency'],
    potentialEfficiency: row['potential-energy-efficiency'],
    assetRating: row['asset-rating'],
    assetRatingBand: row['asset-rating-band'],
    co2EmissionsCurrent: row['co2-emissions-current'],
    co2EmissionsPotential: row['co2-emissions-potential'],
    floorArea: row['total-floor-area'] ?? row['floor-area'],
    constructionAgeBand: row['construction-age-band'],
    propertyType: row['property-type'],
    builtForm: row['built-form'],
    tenure: row.tenure,
    transactionType: row['transaction-type'],
    lodgementDate: lodged,
    inspectionDate: inspected,
    address,
    postcode,
    localAuthority: gss,
    localAuthorityLabel: row['local-authority-label'],
    recommendations: row.recommendations,
    extra: extraColumns(row),
  };

  const day = inspected ?? lodged;
  return twinRecord('EnergyPerformance', {
    id: [keyScheme, key],
    time: day ? { date: day } : null,
    name: (address && postcode ? `${address}, ${postcode}` : address || postcode) || `EPC ${key}`,
    identifiers,
    validFrom: lodged || undefined,
    observedAt: inspected || undefined,
    recordedAt: lodged ?? ctx.retrievedAt,
    relations,
    provenance: {
      publisher: PUBLISHER,
      dataset: ctx.certificateType === 'domestic' ? 'epc-domestic' : 'epc-non-domestic',
      sourceId: key,
      sourceUrl: sourceUrl || undefined,
      retrievedAt: ctx.retrievedAt,
      // Ratings, efficiencies and CO2 figures are outputs of the (Rd)SAP/SBEM calculation from an
      // assessor's survey, not meter readings.
      method: 'modelled',
      connector: 'epc',
    },
    licence: ctx.licence,
    access: ctx.access,
    attributes,
  });
}

type Attributes = EnergyPerformanceRecord['properties']['attributes'];

/** A local authority's GSS code (England, Wales, Scotland, Northern Ireland). */
const GSS = /^[EWSN]\d{8}$/;

/** The address lines given, joined; `undefined` for none. */
function joined(...lines: (string | undefined)[]): string | undefined {
  let out: string | undefined;
  for (const line of lines) if (line) out = out === undefined ? line : `${out}, ${line}`;
  return out;
}

/** Every non-empty column the mapping did not type, as the string the register gave. */
function extraColumns(row: RawCertificate): Record<string, string> {
  const extra: Record<string, string> = {};
  // for...in over an own-keys-only parsed object: no entries array per row (bulk files have millions).
  for (const key in row) {
    if (MAPPED.has(key)) continue;
    const value: unknown = row[key];
    if (value === undefined || value === null) continue;
    const text = typeof value === 'string' ? value.trim() : String(value);
    if (text !== '') extra[key] = text;
  }
  return extra;
}
