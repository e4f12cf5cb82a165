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
import type { HttpClient, LocationPrecision, TwinRecord, TwinRecordOf } from '@ldn-twin/core';
import { BOROUGHS, boroughAt } from '@ldn-twin/geo';
import { centroid } from '@turf/centroid';
import { type RecordStore, readFrom, type SyncedSource, storeSource } from './from-store.js';
import { type ResolvedPlace, resolvePlace, type Site } from './place.js';
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
 * Options of {@link retrofitCandidates}: a `client` to ask the network (needs `config.epc.token`
 * for the replacement register, or `config.epc` with `source: openDataCommunitiesV1, email, apiKey`
 * for the retired v1 API), or a `store` to read from.
 */
export interface RetrofitOptions extends Omit<QuestionOptions, 'client'> {
  /** The shared HTTP client; needed unless reading from `store`. */
  readonly client?: HttpClient;
  /**
   * Read the certificates from this store instead of the network (`@ldn-twin/store`'s
   * `openStore(...)`): for a borough, those a complete sync of the EPC register's `search` holds for
   * it (a sync of that borough, by `localAuthority` or `council`, of the same certificate type, with
   * `details: true`, and no postcode), read by the local authority each certificate names and
   * reported with the time the sync started; the latest lodged per building counts, as on the
   * network. A certificate naming no London local authority cannot be found in a store by borough.
   * A postcode is not read from a store (not answered), nor are the Building Stock Model and the
   * postcode centroids that place buildings (not asked).
   */
  readonly store?: RecordStore;
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

/**
 * The records {@link retrofitCandidates} answers with: energy performance certificates, Building
 * Stock Model buildings, and the postcode areas used to place buildings.
 *
 * @example
 * ```ts
 * const certificates = report.records.filter((r: RetrofitRecord) => r.featureType === 'EnergyPerformance');
 * ```
 */
export type RetrofitRecord = TwinRecordOf<'EnergyPerformance' | 'Building' | 'AdministrativeArea'>;

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
  /** Its place in the ranking of its own certificate type (1 is first). */
  readonly rank: number;
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
 * Ranks buildings by their latest certificate, each certificate type on its own (the two scores
 * cannot be compared): domestic buildings first, by efficiency gap then CO2 at stake, then
 * non-domestic ones by asset rating (worst first), each with its `rank` within its type. A building
 * whose latest certificate lacks the figures cannot be ranked and is left out of the ranking (not of
 * the report's records); superseded certificates never rank.
 *
 * @example
 * ```ts
 * rankRetrofit(certifiedBuildings(certificates)).filter((c) => c.rank <= 10).map((c) => c.building.key);
 * ```
 */
export function rankRetrofit(buildings: readonly CertifiedBuilding[]): RetrofitCandidate[] {
  const unranked = buildings.flatMap((building): Omit<RetrofitCandidate, 'rank'>[] => {
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
  });
  const domestic = unranked
    .filter((c) => c.efficiencyGap !== undefined)
    .sort((x, y) => (y.efficiencyGap ?? 0) - (x.efficiencyGap ?? 0) || y.co2AtStake - x.co2AtStake);
  const nonDomestic = unranked
    .filter((c) => c.assetRating !== undefined)
    .sort((x, y) => (y.assetRating ?? 0) - (x.assetRating ?? 0) || y.co2AtStake - x.co2AtStake);
  return [...domestic, ...nonDomestic].map((c, i) => ({
    ...c,
    rank: i < domestic.length ? i + 1 : i - domestic.length + 1,
  }));
}

/**
 * The summary lines of a ranking: the first `top` of each certificate type under a line saying what
 * it is ranked by (domestic by efficiency gap, non-domestic by asset rating), never one list mixing
 * the two scores.
 *
 * @example
 * ```ts
 * retrofitRankingLines(rankRetrofit(certifiedBuildings(certificates)), 5).join('\n');
 * // 'Domestic buildings ranked by efficiency gap (potential less current SAP points), largest first:'
 * // '1. 94 Lillie Road (UPRN 34053831): D to C (+16 points, 2.6 t CO2/yr), Maisonette'
 * ```
 */
export function retrofitRankingLines(candidates: readonly RetrofitCandidate[], top: number): string[] {
  const groups = [
    {
      heading:
        'Domestic buildings ranked by efficiency gap (potential less current SAP points), largest first:',
      list: candidates.filter((c) => c.efficiencyGap !== undefined),
    },
    {
      heading: 'Non-domestic buildings ranked by asset rating, worst (highest) first:',
      list: candidates.filter((c) => c.assetRating !== undefined),
    },
  ];
  return groups.flatMap(({ heading, list }) =>
    list.length === 0
      ? []
      : [heading, ...list.filter((c) => c.rank <= top).map((c) => `${c.rank}. ${candidateLine(c)}`)],
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
  QuestionReport<RetrofitRecord> & {
    candidates: RetrofitCandidate[];
    buildings: CertifiedBuilding[];
    /** Building Stock Model buildings with no certificate (empty when the model was not asked). */
    uncertified: BuildingRecord[];
  }
> {
  const place = resolvePlace(area);
  const type = options.type ?? 'domestic';
  if (!options.postcode && !place.borough)
    throw new Error('retrofitCandidates needs a borough or a postcode');
  const sources = await readFrom(
    'retrofitCandidates',
    options,
    (store, syncs) => fromStore(store, syncs, place, type, options),
    (client) => fromNetwork(place, type, { ...options, client }),
  );
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

  // Buildings the certificates already place in another area need no centroid: they are not counted.
  const whereabouts = inArea(place, options.postcode);
  const known = joined.map((b) => ({ building: b, where: whereabouts(b) }));
  const located =
    options.locate === false
      ? { buildings: joined, sources: [], records: [] }
      : await placeByPostcode(
          known.filter((k) => k.where.status !== 'outside').map((k) => k.building),
          options,
        );
  const placedAt = new Map(located.buildings.map((b) => [b.key, b]));
  // Each building is counted only where its own certificates (or its postcode's centroid) put it.
  const sorted = known.map(({ building, where }) => {
    const b = placedAt.get(building.key) ?? building;
    return { building: b, where: where.status === 'unknown' ? whereabouts(b) : where };
  });
  const buildings = sorted.filter((k) => k.where.status === 'in').map((k) => k.building);
  const outside = sorted.filter((k) => k.where.status === 'outside');
  const unknown = sorted.filter((k) => k.where.status === 'unknown');
  const certificatesOf = (list: readonly { building: CertifiedBuilding }[]) =>
    list.reduce((n, k) => n + 1 + k.building.history.length, 0);
  const counted = new Set(buildings.flatMap((b) => [b.latest, ...b.history]));
  const candidates = rankRetrofit(buildings);
  const co2 = candidates.reduce((sum, c) => sum + c.co2AtStake, 0);
  const superseded = buildings.reduce((n, b) => n + b.history.length, 0);
  const placed = buildings.filter((b) => b.location).length;
  const label = options.postcode ?? place.label;
  const areaName = options.postcode ?? place.borough?.name ?? place.label;
  const registerAnswered = asked.sources.some(
    (s) => s.connector === epc.id && (s.status === 'answered' || s.status === 'partial'),
  );
  const returned =
    counted.size === certificates.length ? '' : `of ${certificates.length} the register returned`;
  const summary = [
    !registerAnswered
      ? `${label}: no certificate counted, the EPC register did not answer.`
      : counted.size === 0
        ? `${label}: no ${type} certificate in ${areaName}${returned ? ` (${returned})` : ''}.`
        : `${label}: ${plural(counted.size, `${type} certificate`)} of ${plural(buildings.length, 'building')} (${returned ? `${returned}; ` : ''}${superseded} superseded kept as history, not ranked); ${plural(candidates.length, 'building')} ranked; ${co2.toFixed(1)} tonnes of CO2 a year at stake on their latest certificates.`,
    ...(outside.length > 0
      ? [
          `Outside the area: ${plural(certificatesOf(outside), 'certificate')} the register returned ${certificatesOf(outside) === 1 ? 'lies' : 'lie'} outside ${areaName} (${tally(outside.map((k) => [k.where.status === 'outside' ? k.where.in : '', 1 + k.building.history.length]))}): not counted.`,
        ]
      : []),
    ...(unknown.length > 0
      ? [
          `Area unknown: ${plural(certificatesOf(unknown), 'certificate')} ${options.postcode ? 'without a postcode' : 'naming no local authority, not placed by postcode'}: not counted.`,
        ]
      : []),
    ...retrofitRankingLines(candidates, options.top ?? 10),
    ...(stockBuildings.length > 0
      ? [
          `Building Stock Model: ${stockBuildings.length} buildings, ${buildings.filter((b) => b.building).length} joined to a certificate, ${uncertified.length} with none${
            uncertified.length > 0 ? ` (e.g. ${uncertified.slice(0, 3).map(buildingLabel).join('; ')})` : ''
          }.`,
        ]
      : []),
    ...(buildings.length > 0
      ? [`${placed} of ${plural(buildings.length, 'building')} placed on the map.`]
      : []),
  ];
  const usedPostcodes = new Set(
    buildings.filter((b) => b.location?.locationPrecision === 'postcode').map(postcodeOf),
  );
  const records: RetrofitRecord[] = [
    ...certificates.filter((c) => counted.has(c)),
    ...stockBuildings,
    ...located.records.filter((r) => usedPostcodes.has(normalisePostcode(r.properties.name))),
  ];
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

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const certificatesSource = (type: string) => `${type} energy performance certificates (EPC register)`;
const STOCK_SOURCE = 'buildings (London Building Stock Model)';

/** The sources, asked of the services. */
function fromNetwork(
  place: ResolvedPlace,
  type: 'domestic' | 'non-domestic',
  options: RetrofitOptions & QuestionOptions,
): Source<Certificate | BuildingRecord>[] {
  const register = connectFor(epc, options);
  const where = options.postcode
    ? { postcode: options.postcode }
    : { localAuthority: place.borough?.code ?? '' };
  const sources: Source<Certificate | BuildingRecord>[] = [
    {
      source: certificatesSource(type),
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
      source: STOCK_SOURCE,
      connector: buildingStockModel.id,
      run: (signal) => stock.buildings({ borough: borough.name }, signal ? { signal } : {}),
    });
  }
  return sources;
}

/**
 * Whether a complete EPC `search` sync (params as given) holds every certificate the register
 * gives for the borough: the same type, the borough by code or council name, no postcode, and the
 * certificates' detail (without it the replacement register's rows lack efficiencies and CO2).
 */
function certificatesCover(borough: { code: string; name: string }, type: string) {
  return (params: Readonly<Record<string, unknown>>): boolean => {
    const { localAuthority, council, postcode, details } = params;
    const named =
      localAuthority === borough.code ||
      (typeof council === 'string' && council.trim().toLowerCase() === borough.name.toLowerCase());
    return (params.type ?? 'domestic') === type && named && postcode === undefined && details === true;
  };
}

/** The sources, read from a store: the borough's certificates its complete syncs hold. */
function fromStore(
  store: RecordStore,
  syncs: readonly SyncedSource[],
  place: ResolvedPlace,
  type: 'domestic' | 'non-domestic',
  options: RetrofitOptions,
): Source<Certificate | BuildingRecord>[] {
  const borough = place.borough;
  const certificates: Source<Certificate | BuildingRecord> =
    options.postcode || !borough
      ? {
          source: certificatesSource(type),
          connector: epc.id,
          stored: { why: 'a postcode is not read from a store: ask for the borough' },
          run: async () => [],
        }
      : storeSource<Certificate | BuildingRecord>(
          store,
          syncs,
          {
            source: certificatesSource(type),
            kinds: ['EnergyPerformance'],
            connector: epc.id,
            operation: 'search',
            covers: certificatesCover(borough, type),
            // By the local authority each certificate names (its `withinArea`): they have no geometry.
            query: { borough: borough.code },
            unplaced: 'ignored',
            keep: (c) =>
              c.featureType === 'EnergyPerformance' && c.properties.attributes.certificateType === type,
          },
          options.audience,
        );
  return [
    certificates,
    ...(options.buildingStock && borough
      ? [
          {
            source: STOCK_SOURCE,
            connector: buildingStockModel.id,
            skip: 'not read from a store yet',
            run: async () => [],
          },
        ]
      : []),
  ];
}

/** "Hammersmith and Fulham: 2, Wandsworth: 1" from [area, certificates] pairs. */
function tally(pairs: readonly (readonly [string, number])[]): string {
  const counts = new Map<string, number>();
  for (const [name, n] of pairs) counts.set(name, (counts.get(name) ?? 0) + n);
  return [...counts].map(([name, n]) => `${name}: ${n}`).join(', ');
}

type Whereabouts = { status: 'in' } | { status: 'outside'; in: string } | { status: 'unknown' };

/**
 * Where a building lies against the area asked, from its own certificates: asked by postcode, the
 * postcode they give; asked by borough, the local authority they name (code, else name), else the
 * borough its postcode's centroid falls in once placed. The register's answer to "this borough" is
 * not taken on trust: a certificate of another area is never counted as this one's.
 */
function inArea(place: ResolvedPlace, postcode: string | undefined): (b: CertifiedBuilding) => Whereabouts {
  if (postcode !== undefined) {
    const wanted = normalisePostcode(postcode);
    return (b) => {
      const given = postcodeOf(b);
      if (given === undefined) return { status: 'unknown' };
      return given === wanted
        ? { status: 'in' }
        : { status: 'outside', in: b.latest.properties.attributes.postcode ?? given };
    };
  }
  const code = place.borough?.code;
  return (b) => {
    const named = authorityOf(b);
    const at =
      named ??
      (b.location ? (boroughAt(...b.location.point) ?? { code: '', name: 'outside London' }) : undefined);
    if (!at) return { status: 'unknown' };
    return at.code === code ? { status: 'in' } : { status: 'outside', in: at.name };
  };
}

/** The local authority a building's certificates name (latest first): by GSS code, else by name. */
function authorityOf(b: CertifiedBuilding): { code: string; name: string } | undefined {
  for (const certificate of [b.latest, ...b.history]) {
    const { localAuthority: code, localAuthorityLabel: label } = certificate.properties.attributes;
    const borough =
      BOROUGHS.find((x) => x.code === code) ??
      BOROUGHS.find((x) => x.name.toLowerCase() === label?.trim().toLowerCase());
    if (borough) return borough;
    if (code && /^[EWSN]\d{8}$/.test(code)) return { code, name: label ?? code };
  }
  return undefined;
}

const normalisePostcode = (postcode: string | undefined) => postcode?.toUpperCase().replace(/\s+/g, '');
const postcodeOf = (b: CertifiedBuilding) => normalisePostcode(b.latest.properties.attributes.postcode);

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
): Promise<{
  buildings: CertifiedBuilding[];
  sources: SourceReport[];
  records: TwinRecordOf<'AdministrativeArea'>[];
}> {
  const wanted = [...new Set(buildings.filter((b) => !b.location).flatMap((b) => postcodeOf(b) ?? []))];
  if (wanted.length === 0) return { buildings: [...buildings], sources: [], records: [] };
  const source = 'postcode centroids (postcodes.io)';
  const { client } = options;
  const asked = await askAll(
    [
      options.store || !client
        ? { source, connector: postcodesIo.id, skip: 'not read from a store yet', run: async () => [] }
        : {
            source,
            connector: postcodesIo.id,
            run: (signal: AbortSignal | undefined) =>
              connectFor(postcodesIo, { ...options, client }).bulkLookup(
                { postcodes: wanted },
                signal ? { signal } : {},
              ),
          },
    ],
    options,
  );
  const at = new Map<string, TwinRecordOf<'AdministrativeArea'>>();
  for (const r of asked.records) at.set(normalisePostcode(r.properties.name) ?? '', r);
  const used = new Set<TwinRecordOf<'AdministrativeArea'>>();
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
