/**
 * capacityForGrowth: where should the electricity network add capacity to accommodate growth? Homes
 * and floorspace in the pipeline (Planning London Datahub applications by stage; brownfield land
 * registers' unpermitted net dwellings, the allocations' remaining capacity) per primary substation
 * feeding area (UK Power Networks), set against that substation's DFES headroom under each
 * scenario. Areas where the new demand passes the headroom come first, with the numbers, their
 * sources and the scenario names, and a map-ready GeoJSON of the areas.
 *
 * The demand a home or a square metre adds is an assumption, not a published figure: the defaults
 * (2 kW a home after diversity, 50 W per m² of net non-residential floorspace) are planning rules of
 * thumb to be replaced with the network operator's own.
 */
import { planningData } from '@ldn-twin/connectors/planning-data';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { HEADROOM_METRIC, LICENCE_AREAS, ukpn } from '@ldn-twin/connectors/ukpn';
import type { HttpClient, TwinRecord, TwinRecordOf } from '@ldn-twin/core';
import { pointsInPolygons } from '@ldn-twin/geo';
import { bbox } from '@turf/bbox';
import { centroid } from '@turf/centroid';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { type DatahubArea, datahubArea, outsideLine, storedApplications } from './datahub-area.js';
import { type RecordStore, readFrom, type SyncedSource, storeSource } from './from-store.js';
import { pipelineStage } from './pipeline.js';
import { type ResolvedPlace, resolvePlace, type Site } from './place.js';
import { planningDataCovers } from './planning-data-synced.js';
import {
  askAll,
  buildReport,
  connectFor,
  type QuestionOptions,
  type QuestionReport,
  type Source,
  type SourceReport,
} from './report.js';
import { DEFAULT_MAX_GEOMETRY_CHARS, geometryForRequest } from './request-geometry.js';

/** The sources of growth {@link capacityForGrowth} can ask. */
export const CAPACITY_SOURCES = ['applications', 'brownfield'] as const;
/** One source of growth. */
export type CapacitySource = (typeof CAPACITY_SOURCES)[number];

/** The demand growth adds: assumptions, never published figures. */
export interface DemandAssumptions {
  /** After-diversity peak demand of one new home, kW (default 2). */
  readonly kwPerHome: number;
  /** Peak demand of one m² of net new non-residential floorspace, W (default 50). */
  readonly wattsPerSquareMetre: number;
}

/** The default {@link DemandAssumptions}. */
export const DEFAULT_DEMAND: DemandAssumptions = { kwPerHome: 2, wattsPerSquareMetre: 50 };

/** Options of {@link capacityForGrowth}: a `client` to ask the network, or a `store` to read from. */
export interface CapacityOptions extends Omit<QuestionOptions, 'client'> {
  /** The shared HTTP client; needed unless reading from `store`. */
  readonly client?: HttpClient;
  /**
   * Read from this store instead of the network (`@ldn-twin/store`'s `openStore(...)`), each source
   * from a complete sync that holds what the question needs, reported with the time it started:
   * London's (LPN) feeding areas from a `feedingAreas` sync of LPN; headroom from a `headroom` sync
   * of LPN for the year (or every year), the scenario asked (or every scenario) and every substation
   * asked (or all); applications from a Datahub `search` sync holding the area (see
   * `projectProgress`), those filed by another borough left out and said so; brownfield land from
   * a planning.data sync holding the place. A source no sync covers is not answered.
   */
  readonly store?: RecordStore;
  /** The year of the DFES projection to compare against (e.g. 2030). */
  readonly year: number;
  /** One DFES scenario as UKPN names it; default every scenario the report holds. */
  readonly scenario?: string;
  /** The sources of growth (default both). */
  readonly sources?: readonly CapacitySource[];
  /** Replaces the demand assumptions, wholly or in part. */
  readonly demand?: Partial<DemandAssumptions>;
}

/** One scenario's headroom against an area's new demand. */
export interface ScenarioMargin {
  readonly scenario: string;
  /** The DFES run the headroom belongs to. */
  readonly runId: string;
  readonly headroomMw: number;
  /** Headroom less new demand: negative when growth outruns capacity. */
  readonly marginMw: number;
}

/** A feeding area with its growth and headroom. */
export interface CapacityArea {
  /** The primary substation's functional location (UKPN `primary_floc`). */
  readonly substation: string;
  readonly name: string;
  /** Homes of applications by stage (approved and not started, started, completed). */
  readonly homes: { readonly permitted: number; readonly started: number; readonly completed: number };
  /** Unpermitted brownfield land's net dwellings (maximum where given, else minimum). */
  readonly allocationHomes: number;
  /** Net non-residential floorspace gained by permitted and started applications, m² (GIA). */
  readonly floorspaceM2: number;
  /** New peak demand of permitted and started homes, allocations and floorspace, MW. */
  readonly newDemandMw: number;
  /** Each scenario's margin, worst first; empty when no headroom came back for the substation. */
  readonly scenarios: readonly ScenarioMargin[];
  /** The most new demand passes headroom by, MW (0 when it fits every scenario). */
  readonly shortfallMw: number;
  readonly geometry: Polygon | MultiPolygon;
}

/** The answer of {@link capacityForGrowth}: the report, every area ranked, and the map. */
export interface CapacityReport extends QuestionReport<CapacityRecord> {
  readonly year: number;
  readonly assumptions: DemandAssumptions;
  /** Every feeding area in the place, those where growth outruns capacity first (largest shortfall). */
  readonly areas: readonly CapacityArea[];
  /** The areas as GeoJSON, one Feature each with the numbers as properties. */
  readonly geojson: FeatureCollection<Polygon | MultiPolygon>;
}

/**
 * The records {@link capacityForGrowth} answers with: substation feeding areas, their headroom
 * results, planning applications, and brownfield land (planning.data, which may also return areas).
 *
 * @example
 * ```ts
 * const areas = report.records.filter((r: CapacityRecord) => r.featureType === 'Facility');
 * ```
 */
export type CapacityRecord = TwinRecordOf<
  'Facility' | 'ScenarioResult' | 'PlanningApplication' | 'PlanningConstraint' | 'AdministrativeArea'
>;

type Facility = TwinRecordOf<'Facility'>;
type ScenarioResult = TwinRecordOf<'ScenarioResult'>;
type Application = TwinRecordOf<'PlanningApplication'>;
type Constraint = TwinRecordOf<'PlanningConstraint'>;

/** What {@link assessCapacity} works from: records, as the connectors give them. */
export interface CapacityInputs {
  readonly feedingAreas: readonly Facility[];
  readonly headroom: readonly ScenarioResult[];
  readonly applications: readonly Application[];
  readonly brownfield: readonly Constraint[];
}

const isArea = (f: Facility): f is Facility & { geometry: Polygon | MultiPolygon } =>
  f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon';

function pointOf(record: TwinRecord): [number, number] | undefined {
  const g = record.geometry;
  if (!g) return undefined;
  if (g.type === 'Point') return [g.coordinates[0]!, g.coordinates[1]!];
  const c = centroid(g).geometry.coordinates;
  return [c[0]!, c[1]!];
}

/** Where each record falls: the position of its feeding area, or -1. */
function assign(records: readonly TwinRecord[], areas: FeatureCollection<Polygon | MultiPolygon>): number[] {
  const points = records.map(pointOf);
  const lonLat = new Float64Array(points.flatMap((p) => p ?? [Number.NaN, Number.NaN]));
  const inside = pointsInPolygons(lonLat, areas);
  return points.map((p, i) => (p ? inside[i]! : -1));
}

/**
 * Sets growth against headroom per feeding area and ranks the areas: largest shortfall first, then
 * the most new demand. Headroom is matched to an area by the substation's functional location
 * (`sitefunctionallocation` = `primary_floc`, a join the field guide infers from the names); where a
 * substation has several headroom rows for one scenario, the smallest counts.
 *
 * @example
 * ```ts
 * const areas = assessCapacity({ feedingAreas, headroom, applications, brownfield: [] }, DEFAULT_DEMAND);
 * areas.filter((a) => a.shortfallMw > 0).map((a) => a.name);
 * ```
 */
export function assessCapacity(inputs: CapacityInputs, demand: DemandAssumptions): CapacityArea[] {
  const areas = inputs.feedingAreas.filter(isArea);
  const collection: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: areas.map((a) => ({ type: 'Feature', geometry: a.geometry, properties: {} })),
  };
  const growth = areas.map(() => ({ permitted: 0, started: 0, completed: 0, allocation: 0, floorspace: 0 }));
  assign(inputs.applications, collection).forEach((at, i) => {
    if (at < 0) return;
    const a = inputs.applications[i]!.properties.attributes;
    const homes = Math.max(0, (a.residential?.proposedUnits ?? 0) - (a.residential?.existingUnits ?? 0));
    const floorspace = (a.floorspace?.gainedGia ?? 0) - (a.floorspace?.lostGia ?? 0);
    const stage = pipelineStage(inputs.applications[i]!);
    const g = growth[at]!;
    if (stage === 'completed') g.completed += homes;
    else if (stage === 'started' || stage === 'approved') {
      if (stage === 'started') g.started += homes;
      else g.permitted += homes;
      g.floorspace += floorspace;
    }
  });
  assign(inputs.brownfield, collection).forEach((at, i) => {
    if (at < 0) return;
    const a = inputs.brownfield[i]!.properties.attributes;
    if (/^permissioned$/i.test(a.planningPermissionStatus ?? '')) return;
    growth[at]!.allocation += a.maximumNetDwellings ?? a.minimumNetDwellings ?? 0;
  });
  const headroom = new Map<string, Map<string, { runId: string; mw: number }>>();
  for (const r of inputs.headroom) {
    const a = r.properties.attributes;
    // The substation the headroom is for, as UK Power Networks names it (the feeding area's primary_floc).
    const site = a.extra?.sitefunctionallocation;
    if (a.metric !== HEADROOM_METRIC || typeof a.value !== 'number' || site === undefined) continue;
    const scenario = r.properties.scenario;
    if (!scenario) continue;
    const byScenario = headroom.get(site) ?? new Map();
    const known = byScenario.get(scenario.scenario);
    if (!known || a.value < known.mw)
      byScenario.set(scenario.scenario, { runId: scenario.runId, mw: a.value });
    headroom.set(site, byScenario);
  }
  const ranked = areas.map((area, i): CapacityArea => {
    const substation = area.properties.attributes.extra?.primary_floc ?? area.id;
    const g = growth[i]!;
    const newDemandMw =
      ((g.permitted + g.started + g.allocation) * demand.kwPerHome) / 1000 +
      (Math.max(0, g.floorspace) * demand.wattsPerSquareMetre) / 1_000_000;
    const scenarios = [...(headroom.get(substation) ?? new Map()).entries()]
      .map(([scenario, { runId, mw }]) => ({ scenario, runId, headroomMw: mw, marginMw: mw - newDemandMw }))
      .sort((a, b) => a.marginMw - b.marginMw || a.scenario.localeCompare(b.scenario));
    return {
      substation,
      name: area.properties.attributes.extra?.primary ?? area.properties.name ?? substation,
      homes: { permitted: g.permitted, started: g.started, completed: g.completed },
      allocationHomes: g.allocation,
      floorspaceM2: g.floorspace,
      newDemandMw,
      scenarios,
      shortfallMw: Math.max(0, ...scenarios.map((s) => -s.marginMw)),
      geometry: area.geometry,
    };
  });
  return ranked.sort(
    (a, b) =>
      b.shortfallMw - a.shortfallMw ||
      b.newDemandMw - a.newDemandMw ||
      a.substation.localeCompare(b.substation),
  );
}

/** The areas as a FeatureCollection whose properties carry the numbers (flat, for map styling). */
function toGeojson(areas: readonly CapacityArea[], year: number): FeatureCollection<Polygon | MultiPolygon> {
  return {
    type: 'FeatureCollection',
    features: areas.map(
      (a, rank): Feature<Polygon | MultiPolygon> => ({
        type: 'Feature',
        id: a.substation,
        geometry: a.geometry,
        properties: {
          rank: rank + 1,
          substation: a.substation,
          name: a.name,
          year,
          homesPermitted: a.homes.permitted,
          homesStarted: a.homes.started,
          homesCompleted: a.homes.completed,
          allocationHomes: a.allocationHomes,
          floorspaceM2: a.floorspaceM2,
          newDemandMw: round(a.newDemandMw),
          shortfallMw: round(a.shortfallMw),
          outruns: a.shortfallMw > 0,
          ...Object.fromEntries(a.scenarios.map((s) => [`headroomMw:${s.scenario}`, s.headroomMw])),
        },
      }),
    ),
  };
}

const round = (mw: number) => Math.round(mw * 1000) / 1000;
const mw = (value: number) => `${round(value)} MW`;

function datahubWhere(site: Site, place: ResolvedPlace) {
  if ('borough' in site && place.borough) return { boroughs: [place.borough.code] };
  return { bbox: bbox(place.geometry) as [number, number, number, number] };
}

const SOURCE_NAMES = {
  feedingAreas: 'primary substation feeding areas (UK Power Networks)',
  applications: 'planning applications (Planning London Datahub)',
  brownfield: 'brownfield land (planning.data.gov.uk)',
} as const;

const headroomSource = (options: CapacityOptions) =>
  `DFES network headroom ${options.year}${options.scenario ? `, ${options.scenario}` : ''} (UK Power Networks)`;

/** The sources of growth (asked first), and the headroom of the substations they find. */
interface CapacitySources {
  readonly growth: readonly Source<CapacityRecord>[];
  readonly headroom: (substations: readonly string[]) => Source<CapacityRecord>;
}

const signalOf = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/** The sources, asked of the services (`wkt`: the area's outline as sent, when not a point). */
function fromNetwork(
  site: Site,
  place: ResolvedPlace,
  wanted: ReadonlySet<CapacitySource>,
  wkt: string | undefined,
  options: CapacityOptions & QuestionOptions,
): CapacitySources {
  const network = connectFor(ukpn, options);
  const datahub = connectFor(planningLondonDatahub, options);
  const planning = connectFor(planningData, options);
  const growth: Source<CapacityRecord>[] = [
    {
      source: SOURCE_NAMES.feedingAreas,
      connector: ukpn.id,
      run: (signal) => network.feedingAreas({ licenceArea: 'LPN' }, signalOf(signal)),
    },
  ];
  if (wanted.has('applications'))
    growth.push({
      source: SOURCE_NAMES.applications,
      connector: planningLondonDatahub.id,
      run: (signal) => datahub.search({ filters: datahubWhere(site, place) }, signalOf(signal)),
    });
  if (wanted.has('brownfield'))
    growth.push({
      source: SOURCE_NAMES.brownfield,
      connector: planningData.id,
      run: (signal) =>
        planning.searchEntities(
          wkt
            ? { geometry: wkt, datasets: ['brownfield-land'] }
            : { point: [place.point[0], place.point[1]], datasets: ['brownfield-land'] },
          signalOf(signal),
        ),
    });
  return {
    growth,
    headroom: (substations) => ({
      source: headroomSource(options),
      connector: ukpn.id,
      run: (signal) =>
        network.headroom(
          {
            licenceArea: 'LPN',
            year: options.year,
            substations: [...substations],
            ...(options.scenario ? { scenario: options.scenario } : {}),
          },
          signalOf(signal),
        ),
    }),
  };
}

/** Whether a synced UKPN operation asked for London's licence area (the default). */
const londons = (params: Readonly<Record<string, unknown>>) => (params.licenceArea ?? 'LPN') === 'LPN';

/**
 * Whether a complete `headroom` sync holds every row the question asks: London's licence area, the
 * year (or every year), the scenario (or every scenario, when none is asked), every substation.
 */
function headroomCovers(options: CapacityOptions, substations: readonly string[]) {
  return (params: Readonly<Record<string, unknown>>): boolean => {
    const synced = params.substations;
    return (
      londons(params) &&
      (params.year === undefined || params.year === options.year) &&
      (params.scenario === undefined || params.scenario === options.scenario) &&
      (synced === undefined || (Array.isArray(synced) && substations.every((s) => synced.includes(s))))
    );
  };
}

/**
 * The sources, read from a store. UKPN's feeding areas and headroom are read whole and kept as the
 * network's filters would keep them (London's licence area; the year, scenario and substations);
 * records without geometry change nothing here (an area or an application without one is never
 * placed in an area, from the network either).
 */
function fromStore(
  store: RecordStore,
  syncs: readonly SyncedSource[],
  place: ResolvedPlace,
  asked: DatahubArea,
  wanted: ReadonlySet<CapacitySource>,
  options: CapacityOptions,
): CapacitySources {
  const { audience } = options;
  const lpn = LICENCE_AREAS.LPN;
  const brownfield = planningDataCovers(place.geometry);
  const growth: Source<CapacityRecord>[] = [
    storeSource<CapacityRecord>(
      store,
      syncs,
      {
        source: SOURCE_NAMES.feedingAreas,
        kinds: ['Facility'],
        connector: ukpn.id,
        operation: 'feedingAreas',
        covers: londons,
        query: {},
        unplaced: 'ignored',
        keep: (r) => r.featureType === 'Facility' && r.properties.attributes.extra?.dno === lpn,
      },
      audience,
    ),
  ];
  if (wanted.has('applications'))
    growth.push(
      storedApplications(store, syncs, asked, {
        source: SOURCE_NAMES.applications,
        audience,
        unplaced: 'ignored',
      }) as Source<CapacityRecord>,
    );
  if (wanted.has('brownfield'))
    growth.push(
      storeSource<CapacityRecord>(
        store,
        syncs,
        {
          source: SOURCE_NAMES.brownfield,
          kinds: ['PlanningConstraint'],
          connector: planningData.id,
          operation: 'searchEntities',
          covers: (params) => (brownfield(params) || []).includes('brownfield-land'),
          query: { intersects: place.geometry },
          unplaced: 'ignored',
        },
        audience,
      ),
    );
  return {
    growth,
    headroom: (substations) =>
      storeSource<CapacityRecord>(
        store,
        syncs,
        {
          source: headroomSource(options),
          kinds: ['ScenarioResult'],
          connector: ukpn.id,
          operation: 'headroom',
          covers: headroomCovers(options, substations),
          query: {},
          unplaced: 'ignored',
          keep: (r) => {
            if (r.featureType !== 'ScenarioResult') return false;
            const a = r.properties.attributes;
            const site = a.extra?.sitefunctionallocation;
            return (
              a.year === options.year &&
              a.extra?.licencearea === lpn &&
              site !== undefined &&
              substations.includes(site) &&
              (options.scenario === undefined || r.properties.scenario?.scenario === options.scenario)
            );
          },
        },
        audience,
      ),
  };
}

/**
 * Where growth in an area outruns the electricity network's headroom, per primary substation feeding
 * area and DFES scenario, for one year. Needs `config.ukpn.apiKey` for the live portal.
 *
 * @example
 * ```ts
 * const report = await capacityForGrowth({ borough: 'Waltham Forest' }, { client, year: 2030, config: { ukpn: { apiKey } } });
 * console.log(report.summary.join('\n'));
 * await writeFile('capacity.geojson', JSON.stringify(report.geojson));
 * ```
 */
export async function capacityForGrowth(site: Site, options: CapacityOptions): Promise<CapacityReport> {
  const place = resolvePlace(site);
  const demand = { ...DEFAULT_DEMAND, ...options.demand };
  const wanted = new Set(options.sources ?? CAPACITY_SOURCES);
  // An outline too long for a URL is simplified to fit, and the summary says so.
  const brownfieldArea =
    options.store || place.geometry.type === 'Point'
      ? undefined
      : geometryForRequest(
          place.geometry,
          options.maxGeometryChars ?? DEFAULT_MAX_GEOMETRY_CHARS,
          'planning.data.gov.uk',
        );
  const asked = datahubArea(site, place, 0);
  const sources = await readFrom(
    'capacityForGrowth',
    options,
    (store, syncs) => fromStore(store, syncs, place, asked, wanted, options),
    (client) => fromNetwork(site, place, wanted, brownfieldArea?.wkt, { ...options, client }),
  );
  const first = await askAll<CapacityRecord>(sources.growth, options);
  const [w, s, e, n] = bbox(place.geometry);
  const feedingAreas = first.records
    .filter((r): r is Facility => r.featureType === 'Facility')
    .filter((r) => {
      if (!r.geometry) return false;
      const [aw, as, ae, an] = bbox(r.geometry);
      return aw <= e && ae >= w && as <= n && an >= s;
    });
  const substations = feedingAreas.flatMap((a) => a.properties.attributes.extra?.primary_floc ?? []);
  const second =
    substations.length > 0
      ? await askAll<CapacityRecord>([sources.headroom(substations)], options)
      : { records: [], sources: [] as SourceReport[], withheld: 0, withheldBecause: {} };
  const headroom = second.records.filter((r): r is ScenarioResult => r.featureType === 'ScenarioResult');
  const returned = first.records.filter((r): r is Application => r.featureType === 'PlanningApplication');
  // From a store, read by location: one filed by another borough is not the Datahub's answer for this one.
  const applications = options.store ? returned.filter(asked.contains) : returned;
  const outside = returned.filter((a) => !applications.includes(a));
  const brownfield = first.records.filter(
    (r): r is Constraint =>
      r.featureType === 'PlanningConstraint' && r.properties.attributes.constraintType === 'brownfield-land',
  );
  const areas = assessCapacity({ feedingAreas, headroom, applications, brownfield }, demand);
  const outrun = areas.filter((a) => a.shortfallMw > 0);
  const sum = (f: (a: CapacityArea) => number) => areas.reduce((t, a) => t + f(a), 0);
  const scenarioNames = [...new Set(headroom.map((r) => r.properties.scenario?.scenario ?? ''))].filter(
    Boolean,
  );
  // Without the feeding areas no growth can be set against any network: say that first, and state
  // no count drawn from the source that failed.
  const feedingFailed = first.sources.some(
    (r) => r.connector === ukpn.id && (r.status === 'failed' || r.status === 'skipped'),
  );
  const summary = [
    feedingFailed
      ? `${place.label}, ${options.year}: capacity against growth cannot be assessed, because the substation feeding areas could not be asked.`
      : `${place.label}, ${options.year}: ${areas.length} substation feeding area${areas.length === 1 ? '' : 's'}; ${sum((a) => a.homes.permitted)} homes permitted and ${sum((a) => a.homes.started)} started (Planning London Datahub), ${sum((a) => a.allocationHomes)} on unpermitted brownfield land (planning.data.gov.uk), ${Math.round(sum((a) => a.floorspaceM2))} m² net floorspace.`,
    `Headroom: DFES network headroom report (UK Power Networks), scenario${scenarioNames.length === 1 ? '' : 's'} ${scenarioNames.join(', ') || 'none returned'}. New demand assumes ${demand.kwPerHome} kW a home and ${demand.wattsPerSquareMetre} W/m².`,
    outrun.length === 0
      ? headroom.length === 0
        ? 'No headroom came back, so no area can be said to fit or to outrun its capacity.'
        : 'Growth fits the headroom of every area under every scenario asked.'
      : `Growth outruns capacity in ${outrun.length} area${outrun.length === 1 ? '' : 's'}:`,
    ...outrun.map((a, i) => {
      const worst = a.scenarios[0]!;
      return `${i + 1}. ${a.name} (${a.substation}): ${mw(a.newDemandMw)} new demand against ${mw(worst.headroomMw)} headroom under ${worst.scenario}, short by ${mw(a.shortfallMw)}${
        a.scenarios.length > 1
          ? `; ${a.scenarios
              .slice(1)
              .map((s) => `${s.scenario} ${mw(s.headroomMw)}`)
              .join(', ')}`
          : ''
      }`;
    }),
    ...areas
      .filter((a) => a.scenarios.length === 0)
      .map((a) => `${a.name} (${a.substation}): no headroom row came back; its capacity is unknown.`),
    ...(outside.length > 0 ? [outsideLine(outside, asked.label, 'store')] : []),
    ...(brownfieldArea?.note && wanted.has('brownfield') ? [brownfieldArea.note] : []),
  ];
  const withheldBecause: Record<string, number> = { ...first.withheldBecause };
  for (const [reason, n] of Object.entries(second.withheldBecause))
    withheldBecause[reason] = (withheldBecause[reason] ?? 0) + n;
  const report = buildReport(
    'capacityForGrowth',
    place,
    [...feedingAreas, ...headroom, ...applications, ...brownfield],
    [...first.sources, ...second.sources],
    summary,
    { withheld: first.withheld + second.withheld, withheldBecause },
  );
  return {
    ...report,
    year: options.year,
    assumptions: demand,
    areas,
    geojson: toGeojson(areas, options.year),
  };
}
