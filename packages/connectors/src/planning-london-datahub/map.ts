/**
 * Mapping of Datahub hits to PlanningApplication records. The LPA reference is unique only within
 * its authority, so it is paired with the authority (GSS code for a London borough, else its name)
 * as the identifier's issuer. UK dates become ISO dates; a date that cannot be read (or is
 * implausible, like `23/04/9187`) is kept as published in `extra`, never failing the application.
 */
import {
  GeometrySchema,
  type Identifier,
  type Licence,
  optionalUkDate,
  type TwinRecordOf,
  twinRecord,
  withoutUndefined,
} from '@ldn-twin/core';
import type { Geometry } from 'geojson';
import * as z from 'zod';
import { boroughCode } from './boroughs.js';
import type { RawApplication, RawHit } from './raw.js';

type Application = TwinRecordOf<'PlanningApplication'>;
type Attributes = Application['properties']['attributes'];
type Stage = NonNullable<Attributes['stage']>;

/**
 * What every record of one run shares.
 *
 * @example
 * ```ts
 * const ctx: MappingContext = { retrievedAt: new Date().toISOString(), licence, index: 'applications' };
 * ```
 */
export interface MappingContext {
  readonly retrievedAt: string;
  readonly licence: Licence;
  readonly index: string;
}

const PUBLISHER = 'Greater London Authority (Planning London Datahub)';
const CONNECTOR = 'planning-london-datahub';

/** `_source` keys that become typed attributes, the geometry or the envelope; the rest go to `extra`. */
const MAPPED_KEYS = new Set([
  'id',
  'lpa_name',
  'lpa_app_no',
  'borough',
  'ward',
  'valid_date',
  'decision_date',
  'decision_target_date',
  'lapsed_date',
  'actual_commencement_date',
  'actual_completion_date',
  'appeal_decision_date',
  'last_updated',
  'status',
  'decision',
  'decision_process',
  'decision_agency',
  'application_type',
  'application_type_full',
  'development_type',
  'appeal_status',
  'appeal_decision',
  'description',
  'site_name',
  'site_number',
  'street_name',
  'locality',
  'postcode',
  'uprn',
  'url_planning_app',
  'centroid',
  'wgs84_polygon',
  // The British National Grid copy of wgs84_polygon: the WGS 84 one is the geometry.
  'polygon',
  'application_details',
]);

/** Status spellings seen in the Datahub (field guide section 2, from Colouring London). */
const STAGES: Readonly<Record<string, Stage>> = {
  approved: 'approved',
  completed: 'completed',
  refused: 'refused',
  refusal: 'refused',
  withdrawn: 'withdrawn',
  lapsed: 'lapsed',
  'application under consideration': 'under-consideration',
  'application received': 'received',
  'appeal received': 'appeal',
  'appeal in progress': 'appeal',
  'not required': 'not-required',
};
/** Placeholders that mean "no status". */
const NO_STATUS = new Set(['null', 'not_mapped']);

/**
 * The normalised stage of a published status; undefined for the placeholders `NULL` and
 * `not_mapped`, `other` for a status it does not know.
 *
 * @example
 * ```ts
 * stageOf('Refusal'); // 'refused'
 * stageOf('Comment Issued'); // 'other'
 * ```
 */
export function stageOf(status: string | undefined): Stage | undefined {
  if (status === undefined) return undefined;
  const key = status.trim().toLowerCase();
  if (NO_STATUS.has(key)) return undefined;
  return STAGES[key] ?? 'other';
}

const ukDate = optionalUkDate();
const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

/** Collects what typed mapping could not read, under the upstream key. */
class Extra {
  readonly values: Record<string, string> = {};
  keep(key: string, value: unknown): void {
    if (value === undefined || value === null || value === '') return;
    this.values[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** A `dd/MM/yyyy` (or ISO) date as ISO; junk goes to `extra`. Years outside 1800-2100 count as junk. */
function date(key: string, value: string | undefined, extra: Extra): string | undefined {
  if (value === undefined) return undefined;
  const parsed = isoDate.safeParse(value).success ? { success: true, data: value } : ukDate.safeParse(value);
  const iso = parsed.success ? parsed.data : undefined;
  const year = iso ? Number(iso.slice(0, 4)) : Number.NaN;
  if (iso && year >= 1800 && year <= 2100) return iso;
  extra.keep(key, value);
  return undefined;
}

/**
 * `last_updated` is an ISO timestamp, but recorded copies hold spaces inside it
 * (`2020-11-25T13: 43: 30.207Z`); whitespace is removed before reading it.
 */
function timestamp(value: string | undefined, extra: Extra): string | undefined {
  if (value === undefined) return undefined;
  const compact = value.replace(/\s+/g, '');
  if (isoDateTime.safeParse(compact).success || isoDate.safeParse(compact).success) return compact;
  extra.keep('last_updated', value);
  return undefined;
}

const count = (value: number | undefined) => (value !== undefined && value >= 0 ? value : undefined);

function residentialOf(source: RawApplication, extra: Extra): Attributes['residential'] {
  const details = source.application_details?.residential_details;
  if (!details) return undefined;
  const units = details.residential_units?.map((unit) =>
    withoutUndefined({
      changeType: unit.change_type,
      bedrooms:
        unit.no_bedrooms !== undefined && Number.isInteger(unit.no_bedrooms) && unit.no_bedrooms >= 0
          ? unit.no_bedrooms
          : undefined,
      tenure: unit.tenure,
      commencementDate: date(
        'residential_units.actual_commencement_date',
        unit.actual_commencement_date,
        extra,
      ),
      completionDate: date('residential_units.actual_completion_date', unit.actual_completion_date, extra),
      supersededDate: date('residential_units.superseded_date', unit.superseded_date, extra),
    }),
  );
  const totals = {
    proposedUnits: details.total_no_proposed_residential_units,
    existingUnits: details.total_no_existing_residential_units,
    proposedBedrooms: details.total_no_proposed_bedrooms,
    proposedAffordableUnits: details.total_no_proposed_residential_affordable_units,
    proposedMarketForSaleUnits: details.total_no_proposed_residential_units_market_for_sale,
  };
  for (const [key, value] of Object.entries(totals)) {
    if (value !== undefined && count(value) === undefined) extra.keep(`residential_details.${key}`, value);
  }
  return withoutUndefined({
    proposedUnits: count(totals.proposedUnits),
    existingUnits: count(totals.existingUnits),
    proposedBedrooms: count(totals.proposedBedrooms),
    proposedAffordableUnits: count(totals.proposedAffordableUnits),
    proposedMarketForSaleUnits: count(totals.proposedMarketForSaleUnits),
    units,
  });
}

function geometryOf(source: RawApplication): {
  geometry: Geometry | null;
  precision: 'exact' | 'centroid' | 'none';
} {
  const polygon = GeometrySchema.safeParse(source.wgs84_polygon);
  if (source.wgs84_polygon != null && polygon.success) return { geometry: polygon.data, precision: 'exact' };
  const { lat, lon } = source.centroid ?? {};
  if (lat !== undefined && lon !== undefined && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    return { geometry: { type: 'Point', coordinates: [lon, lat] }, precision: 'centroid' };
  }
  return { geometry: null, precision: 'none' };
}

/**
 * The authority and reference from a document id `{lpa_name, spaces as _}-{lpa_app_no, / as _}`,
 * for hits whose `_source` leaves them out (the reference then has `_` where the original had `/`).
 */
function fromDocumentId(id: string): { authority?: string; reference?: string } {
  const dash = id.indexOf('-');
  if (dash <= 0 || dash === id.length - 1) return {};
  return { authority: id.slice(0, dash).replace(/_/g, ' '), reference: id.slice(dash + 1) };
}

/**
 * Maps one parsed hit. Throws (and the run reports it) when neither the document nor its id names
 * the authority and reference.
 *
 * @example
 * ```ts
 * const record = mapHit(RawHit.parse(hit), { retrievedAt, licence, index: 'applications' });
 * record.properties.attributes.reference; // '190520'
 * ```
 */
export function mapHit(hit: RawHit, ctx: MappingContext): Application {
  const source = hit._source;
  const extra = new Extra();
  const fromId = fromDocumentId(hit._id);
  const authority = source.lpa_name ?? source.borough ?? fromId.authority;
  const reference = source.lpa_app_no ?? fromId.reference;
  if (!authority || !reference) {
    throw new Error(`hit ${hit._id}: no planning authority and reference (lpa_name, lpa_app_no)`);
  }
  const authorityCode = boroughCode(authority) ?? (source.borough ? boroughCode(source.borough) : undefined);
  for (const [key, value] of Object.entries(source)) {
    if (!MAPPED_KEYS.has(key)) extra.keep(key, value);
  }
  if (hit._ignored?.length) extra.keep('_ignored', hit._ignored.join(','));

  const url = source.url_planning_app;
  const absoluteUrl = url && /^https?:\/\//i.test(url) && z.url().safeParse(url).success ? url : undefined;
  // Some boroughs publish a path relative to their own register (Hackney): kept as published.
  if (url && !absoluteUrl) extra.keep('url_planning_app', url);

  const details = source.application_details;
  const floorspace = withoutUndefined({
    gainedGia: details?.total_gia_gained,
    lostGia: details?.total_gia_lost,
    existingGia: details?.total_gia_existing,
  });
  const siteArea = count(details?.site_area);
  if (details?.site_area !== undefined && siteArea === undefined) extra.keep('site_area', details.site_area);

  const status =
    source.status && !NO_STATUS.has(source.status.trim().toLowerCase()) ? source.status : undefined;
  const validDate = date('valid_date', source.valid_date, extra);
  const lastUpdated = timestamp(source.last_updated, extra);
  const attributes: Attributes = withoutUndefined({
    reference,
    authority,
    authorityCode,
    ward: source.ward,
    status,
    stage: stageOf(status),
    decision: source.decision,
    decisionAgency: source.decision_agency,
    decisionProcess: source.decision_process,
    applicationType: source.application_type,
    applicationTypeFull: source.application_type_full,
    developmentType: source.development_type,
    validDate,
    decisionDate: date('decision_date', source.decision_date, extra),
    decisionTargetDate: date('decision_target_date', source.decision_target_date, extra),
    lapsedDate: date('lapsed_date', source.lapsed_date, extra),
    commencementDate: date('actual_commencement_date', source.actual_commencement_date, extra),
    completionDate: date('actual_completion_date', source.actual_completion_date, extra),
    appealStatus: source.appeal_status,
    appealDecision: source.appeal_decision,
    appealDecisionDate: date('appeal_decision_date', source.appeal_decision_date, extra),
    lastUpdated,
    siteName: source.site_name,
    siteNumber: source.site_number,
    streetName: source.street_name,
    locality: source.locality,
    postcode: source.postcode,
    url: absoluteUrl,
    siteArea,
    floorspace: Object.keys(floorspace).length ? floorspace : undefined,
    residential: residentialOf(source, extra),
    extra: extra.values,
  });

  const identifiers: Identifier[] = [
    { scheme: 'lpa-ref', value: reference, issuer: authorityCode ?? authority },
    ...(source.uprn && /^\d{1,12}$/.test(source.uprn)
      ? [{ scheme: 'uprn' as const, value: source.uprn }]
      : []),
    ...(authorityCode ? [{ scheme: 'gss' as const, value: authorityCode, issuer: 'ONS' }] : []),
    { scheme: 'other', value: hit._id, issuer: CONNECTOR },
  ];
  if (source.uprn && !/^\d{1,12}$/.test(source.uprn))
    attributes.extra = { ...attributes.extra, uprn: source.uprn };

  const { geometry, precision } = geometryOf(source);
  return twinRecord('PlanningApplication', {
    id: [CONNECTOR, hit._id],
    geometry,
    time: validDate ? { date: validDate } : null,
    name: `${authority} ${reference}`,
    description: source.description || undefined,
    identifiers,
    recordedAt: lastUpdated ?? ctx.retrievedAt,
    precision,
    provenance: {
      publisher: PUBLISHER,
      dataset: hit._index ?? ctx.index,
      sourceId: hit._id,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: CONNECTOR,
    },
    licence: ctx.licence,
    attributes,
  });
}
