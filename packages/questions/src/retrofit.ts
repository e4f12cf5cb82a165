/**
 * retrofitCandidates: which buildings should be retrofitted first? The Energy Performance
 * Certificates of an area (a borough, or a postcode) are gathered per building (the latest
 * certificate counts; the ones it replaced are history), domestic buildings ranked by the gap between
 * current and potential energy efficiency with the CO2 a retrofit would save, non-domestic ones by
 * their asset rating. Where the London Building Stock Model covers the borough, certificates are
 * joined to its buildings and the buildings without any certificate are named. Every building is
 * placed (its Building Stock Model location, else its postcode's centroid) so the answer maps.
 */
import { buildingStockModel } from '@ldn-twin/connectors/building-stock-model';
import { epc } from '@ldn-twin/connectors/epc';
import { postcodesIo } from '@ldn-twin/connectors/postcodes-io';
import type { LocationPrecision, TwinRecord, TwinRecordOf } from '@ldn-twin/core';
import { centroid } from '@turf/centroid';
import { resolvePlace, type Site } from './place.js';
import {
  askAll,
  buildReport,
  connectFor,
  type QuestionOptions,
  type QuestionReport,
  type Source,
  type SourceReport,
} from './report.js';

/**
 * Options of {@link retrofitCandidates}. Needs `config.epc.token` (the replacement register), or
 * `config.epc` with `source: openDataCommunitiesV1, email, apiKey` for the retired v1 API.
 */
export interface RetrofitOptions extends QuestionOptions {
  /** Instead of the whole borough, one postcode. */
  readonly postcode?: string;
  /** Domestic (default) or non-domestic certificates. */
  readonly type?: 'domestic' | 'non-domestic';
  /** How many buildings the summary names (default 10). */
  readonly top?: number;
  /**
   * Join the borough's London Building Stock Model file (its columns are connector config,
   * `config['building-stock-model']`): certificates to buildings, and the buildings with none.
   * Default false (the model is a large download); ignored for a postcode without a borough.
   */
  readonly buildingStock?: boolean;
  /** Place buildings the model does not locate at their postcode's centroid (postcodes.io). Default true. */
  readonly locate?: boolean;
}

type Certificate = TwinRecordOf<'EnergyPerformance'>;
type BuildingRecord = TwinRecordOf<'Building'>;

/**
 * Where a building is drawn: `[longitude, latitude]` and how precise that is.
 *
 * @example
 * ```ts
 * const at: BuildingLocation = { point: [-0.2066, 51.4846], locationPrecision: 'postcode' };
 * ```
 */
export interface BuildingLocation {
  readonly point: readonly [number, number];
  /** `postcode` for a postcode centroid, else the Building Stock Model's own precision. */
  readonly locationPrecision: LocationPrecision;
}

/**
 * One building and its certificates.
 *
 * @example
 * ```ts
 * const label = (b: CertifiedBuilding) => b.latest.properties.attributes.address ?? b.key;
 * ```
 */
export interface CertifiedBuilding {
  /** `uprn:<UPRN>`, else `brn:<building reference>`, else `certificate:<record id>`. */
  readonly key: string;
  /** The certificate that counts: the latest lodged. */
  readonly latest: Certificate;
  /** Superseded certificates, newest first: kept as history, never ranked or summed. */
  readonly history: readonly Certificate[];
  /** The Building Stock Model's building of the same UPRN, when joined. */
  readonly building?: BuildingRecord;
  readonly location?: BuildingLocation;
}

/**
 * A building with what a retrofit would gain, from its latest certificate.
 *
 * @example
 * ```ts
 * const line = (c: RetrofitCandidate) => `${c.building.key}: +${c.efficiencyGap ?? '?'} points`;
 * ```
 */
export interface RetrofitCandidate {
  readonly building: CertifiedBuilding;
  /** The latest certificate (the one ranked). */
  readonly record: Certificate;
  /** Domestic: potential less current energy efficiency (SAP points). */
  readonly efficiencyGap?: number;
  /** Non-domestic: the asset rating (higher is worse; band G above 150). */
  readonly assetRating?: number;
  /** Current less potential CO2 emissions of the latest certificate (tonnes a year), 0 when not given. */
  readonly co2AtStake: number;
}

/**
 * Gathers certificates per building: by UPRN, else by the register's building reference, else
 * each certificate alone. The latest lodged (then inspected) is the one that counts.
 *
 * @example
 * ```ts
 * const buildings = certifiedBuildings(certificates);
 * buildings.filter((b) => b.history.length > 0).length; // buildings re-certified
 * ```
 */
export function certifiedBuildings(certificates: readonly Certificate[]): CertifiedBuilding[] {
  const byKey = new Map<string, Certificate[]>();
  for (const certificate of certificates) {
    const key = buildingKey(certificate);
    const list = byKey.get(key);
    if (list) list.push(certificate);
    else byKey.set(key, [certificate]);
  }
  return [...byKey.entries()].map(([key, list]) => {
    const [latest, ...history] = [...list].sort(newestFirst) as [Certificate, ...Certificate[]];
    return { key, latest, history };
  });
}

function buildingKey(certificate: Certificate): string {
  const a = certificate.properties.attributes;
  if (a.uprn) return `uprn:${a.uprn}`;
  if (a.buildingReferenceNumber) return `brn:${a.buildingReferenceNumber}`;
  return `certificate:${certificate.id}`;
}

function newestFirst(x: Certificate, y: Certificate): number {
  const dx = x.properties.attributes;
  const dy = y.properties.attributes;
  const lodged = (dy.lodgementDate ?? '').localeCompare(dx.lodgementDate ?? '');
  if (lodged !== 0) return lodged;
  const inspected = (dy.inspectionDate ?? '').localeCompare(dx.inspectionDate ?? '');
  return inspected !== 0 ? inspected : x.id.localeCompare(y.id);
}

/**
 * Ranks buildings by their latest certificate: domestic by efficiency gap then CO2 at stake,
 * non-domestic by asset rating (worst first). A building whose latest certificate lacks the figures
 * cannot be ranked and is left out of the ranking (not of the report's records); superseded
 * certificates never rank.
 *
 * @example
 * ```ts
 * rankRetrofit(certifiedBuildings(certificates)).slice(0, 10).map((c) => c.building.key);
 * ```
 */
export function rankRetrofit(buildings: readonly CertifiedBuilding[]): RetrofitCandidate[] {
  return buildings
    .flatMap((building): RetrofitCandidate[] => {
      const record = building.latest;
      const a = record.properties.attributes;
      const co2AtStake = Math.max(0, (a.co2EmissionsCurrent ?? 0) - (a.co2EmissionsPotential ?? 0));
      if (a.certificateType === 'non-domestic') {
        return a.assetRating === undefined
          ? []
          : [{ building, record, assetRating: a.assetRating, co2AtStake }];
      }
      if (a.currentEfficiency === undefined || a.potentialEfficiency === undefined) return [];
      return [{ building, record, efficiencyGap: a.potentialEfficiency - a.currentEfficiency, co2AtStake }];
    })
    .sort(
      (x, y) =>
        (y.assetRating ?? 0) - (x.assetRating ?? 0) ||
        (y.efficiencyGap ?? 0) - (x.efficiencyGap ?? 0) ||
        y.co2AtStake - x.co2AtStake,
    );
}

/**
 * The buildings in an area whose latest certificates show the most to gain from a retrofit.
 *
 * @example
 * ```ts
 * const report = await retrofitCandidates({ borough: 'Hammersmith and Fulham' }, {
 *   client,
 *   config: { epc: { token: process.env.EPC_TOKEN } },
 *   top: 5,
 * });
 * console.log(report.summary.join('\n'));
 * ```
 */
export async function retrofitCandidates(
  area: Site,
  options: RetrofitOptions,
): Promise<
  QuestionReport & {
    candidates: RetrofitCandidate[];
    buildings: CertifiedBuilding[];
    /** Building Stock Model buildings with no certificate (empty when the model was not asked). */
    uncertified: BuildingRecord[];
  }
> {
  const place = resolvePlace(area);
  const register = connectFor(epc, options);
  const type = options.type ?? 'domestic';
  const where = options.postcode
    ? { postcode: options.postcode }
    : place.borough
      ? { localAuthority: place.borough.code }
      : undefined;
  if (!where) throw new Error('retrofitCandidates needs a borough or a postcode');
  const sources: Source[] = [
    {
      source: `${type} energy performance certificates (EPC register)`,
      connector: epc.id,
      run: (signal) =>
        // details: the replacement register's search rows lack efficiencies and CO2 (v1 ignores it).
        register.search({ type, details: true, ...where }, signal ? { signal } : {}),
    },
  ];
  const borough = place.borough;
  if (options.buildingStock && borough) {
    const stock = connectFor(buildingStockModel, options);
    sources.push({
      source: 'buildings (London Building Stock Model)',
      connector: buildingStockModel.id,
      run: (signal) => stock.buildings({ borough: borough.name }, signal ? { signal } : {}),
    });
  }
  const asked = await askAll(sources, options);
  const certificates = asked.records.filter((r): r is Certificate => r.featureType === 'EnergyPerformance');
  const stockBuildings = asked.records.filter((r): r is BuildingRecord => r.featureType === 'Building');

  const byUprn = new Map<string, BuildingRecord>();
  for (const b of stockBuildings) {
    const uprn = b.properties.identifiers.find((i) => i.scheme === 'uprn')?.value;
    if (uprn) byUprn.set(uprn, b);
  }
  const joined = certifiedBuildings(certificates).map((b): CertifiedBuilding => {
    const uprn = b.latest.properties.attributes.uprn;
    const building = uprn ? byUprn.get(uprn) : undefined;
    const location = building ? locationOf(building) : undefined;
    return { ...b, ...(building ? { building } : {}), ...(location ? { location } : {}) };
  });
  const certifiedUprns = new Set(joined.map((b) => b.latest.properties.attributes.uprn));
  const uncertified = stockBuildings.filter((b) => {
    const uprns = b.properties.identifiers.filter((i) => i.scheme === 'uprn').map((i) => i.value);
    return !uprns.some((u) => certifiedUprns.has(u));
  });

  const located =
    options.locate === false
      ? { buildings: joined, sources: [], records: [] }
      : await placeByPostcode(joined, options);
  const buildings = located.buildings;
  const candidates = rankRetrofit(buildings);
  const co2 = candidates.reduce((sum, c) => sum + c.co2AtStake, 0);
  const superseded = buildings.reduce((n, b) => n + b.history.length, 0);
  const placed = buildings.filter((b) => b.location).length;
  const summary = [
    `${options.postcode ?? place.label}: ${certificates.length} ${type} certificates of ${buildings.length} buildings (${superseded} superseded kept as history, not ranked); ${candidates.length} buildings ranked; ${co2.toFixed(1)} tonnes of CO2 a year at stake on their latest certificates.`,
    ...candidates.slice(0, options.top ?? 10).map((c, i) => `${i + 1}. ${candidateLine(c)}`),
    ...(stockBuildings.length > 0
      ? [
          `Building Stock Model: ${stockBuildings.length} buildings, ${joined.filter((b) => b.building).length} joined to a certificate, ${uncertified.length} with none${
            uncertified.length > 0 ? ` (e.g. ${uncertified.slice(0, 3).map(buildingLabel).join('; ')})` : ''
          }.`,
        ]
      : []),
    `${placed} of ${buildings.length} buildings placed on the map.`,
  ];
  const records: TwinRecord[] = [...certificates, ...stockBuildings, ...located.records];
  return {
    ...buildReport(
      'retrofitCandidates',
      place,
      records,
      [...asked.sources, ...located.sources],
      summary,
      asked,
    ),
    candidates,
    buildings,
    uncertified,
  };
}

/** A model building by its UPRN, else its name, else its id. */
function buildingLabel(b: BuildingRecord): string {
  const uprn = b.properties.identifiers.find((i) => i.scheme === 'uprn')?.value;
  return uprn ? `UPRN ${uprn}` : (b.properties.name ?? b.id);
}

function candidateLine(c: RetrofitCandidate): string {
  const a = c.record.properties.attributes;
  const name = `${a.address ?? a.uprn ?? c.record.id}${a.uprn ? ` (UPRN ${a.uprn})` : ''}`;
  const earlier = c.building.history.length;
  const history = earlier > 0 ? `, ${earlier} earlier certificate${earlier === 1 ? '' : 's'} superseded` : '';
  const details = `${a.propertyType ? `, ${a.propertyType}` : ''}${a.constructionAgeBand ? `, ${a.constructionAgeBand}` : ''}`;
  if (c.assetRating !== undefined) {
    return `${name}: asset rating ${c.assetRating}${a.assetRatingBand ? ` (band ${a.assetRatingBand})` : ''}${a.floorArea ? `, ${a.floorArea} m²` : ''}${details}${history}`;
  }
  return `${name}: ${a.currentRating ?? '?'} to ${a.potentialRating ?? '?'} (+${c.efficiencyGap} points, ${c.co2AtStake.toFixed(1)} t CO2/yr)${details}${history}`;
}

function locationOf(record: TwinRecord): BuildingLocation | undefined {
  if (!record.geometry || record.properties.locationPrecision === 'none') return undefined;
  const [lon, lat] = centroid(record.geometry).geometry.coordinates as [number, number];
  return { point: [lon, lat], locationPrecision: record.properties.locationPrecision };
}

/** Buildings not yet placed, at their latest certificate's postcode centroid (one bulk lookup). */
async function placeByPostcode(
  buildings: readonly CertifiedBuilding[],
  options: RetrofitOptions,
): Promise<{ buildings: CertifiedBuilding[]; sources: SourceReport[]; records: TwinRecord[] }> {
  const postcodeOf = (b: CertifiedBuilding) =>
    b.latest.properties.attributes.postcode?.toUpperCase().replace(/\s+/g, '');
  const wanted = [...new Set(buildings.filter((b) => !b.location).flatMap((b) => postcodeOf(b) ?? []))];
  if (wanted.length === 0) return { buildings: [...buildings], sources: [], records: [] };
  const postcodes = connectFor(postcodesIo, options);
  const asked = await askAll(
    [
      {
        source: 'postcode centroids (postcodes.io)',
        connector: postcodesIo.id,
        run: (signal) => postcodes.bulkLookup({ postcodes: wanted }, signal ? { signal } : {}),
      },
    ],
    options,
  );
  const at = new Map<string, TwinRecord>();
  for (const r of asked.records) at.set(r.properties.name?.toUpperCase().replace(/\s+/g, '') ?? '', r);
  const used = new Set<TwinRecord>();
  const placed = buildings.map((b) => {
    if (b.location) return b;
    const area = at.get(postcodeOf(b) ?? '');
    const location = area ? locationOf(area) : undefined;
    if (!area || !location) return b;
    used.add(area);
    return { ...b, location: { point: location.point, locationPrecision: 'postcode' as const } };
  });
  return { buildings: placed, sources: asked.sources, records: [...used] };
}
