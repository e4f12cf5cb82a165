/**
 * developmentPipeline: where is growth coming? Planning applications in an area by stage (approved,
 * started, completed) with their homes (Planning London Datahub), site allocations and opportunity
 * areas (GLA Planning Data Map), and brownfield land registers (planning.data.gov.uk), asked
 * concurrently.
 */

import { glaPlanningDataMap } from '@ldn-twin/connectors/gla-planning-data-map';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import type { HttpClient, TwinRecordOf } from '@ldn-twin/core';
import { bufferMetres } from '@ldn-twin/geo';
import { bbox } from '@turf/bbox';
import type { MultiPolygon, Point, Polygon } from 'geojson';
import { type DatahubArea, datahubArea, outsideLine, storedApplications } from './datahub-area.js';
import { boxPolygon, type RecordStore, readFrom, type SyncedSource, storeSource } from './from-store.js';
import { storedLocalPlan } from './gla-map-synced.js';
import { type ResolvedPlace, resolvePlace, type Site } from './place.js';
import { planningDataCovers } from './planning-data-synced.js';
import {
  askAll,
  buildReport,
  connectFor,
  type QuestionOptions,
  type QuestionReport,
  type Source,
} from './report.js';
import { DEFAULT_MAX_GEOMETRY_CHARS, geometryForRequest } from './request-geometry.js';

/** Options of {@link developmentPipeline}: a `client` to ask the network, or a `store` to read from. */
export interface PipelineOptions extends Omit<QuestionOptions, 'client'> {
  /** The shared HTTP client; needed unless reading from `store`. */
  readonly client?: HttpClient;
  /**
   * Read from this store instead of the network (`@ldn-twin/store`'s `openStore(...)`): the
   * applications a complete sync of the Datahub's `search` holds for the area (no filter but one
   * holding the area; `decided` is applied to what it holds) and the brownfield land a complete
   * planning.data sync holds for it, and the site allocations and opportunity areas a complete sync of
   * the GLA Planning Data Map's `constraints` holds (the borough's authority, those types or every
   * layer, a point, distance or envelope holding the area), each reported with the time its sync
   * started.
   */
  readonly store?: RecordStore;
  /** Only applications decided in this range (ISO dates); default: all. */
  readonly decided?: { readonly from?: string; readonly to?: string };
  /** Around a point site, how far every source looks (default 500 m). */
  readonly radiusMetres?: number;
}

/** Where an application stands in the pipeline. */
export type PipelineStage = 'completed' | 'started' | 'approved' | 'in the pipeline' | 'refused or withdrawn';

type Application = TwinRecordOf<'PlanningApplication'>;

/**
 * The stage of an application: completed, started (commenced), approved, still in the pipeline, or out.
 *
 * @example
 * ```ts
 * pipelineStage(application); // 'started'
 * ```
 */
export function pipelineStage(application: Application): PipelineStage {
  const a = application.properties.attributes;
  if (a.completionDate || a.stage === 'completed') return 'completed';
  if (a.commencementDate) return 'started';
  if (a.stage === 'approved') return 'approved';
  if (a.stage === 'refused' || a.stage === 'withdrawn' || a.stage === 'lapsed') return 'refused or withdrawn';
  return 'in the pipeline';
}

/**
 * Planning applications by stage with their proposed homes, and allocated brownfield land.
 *
 * @example
 * ```ts
 * const report = await developmentPipeline({ borough: 'Waltham Forest' }, { client: createClient() });
 * console.log(report.summary.join('\n'));
 * ```
 */
/**
 * The records {@link developmentPipeline} answers with: planning applications, and site
 * allocations, opportunity areas and brownfield land as planning constraints (planning.data may
 * also return areas).
 *
 * @example
 * ```ts
 * const applications = report.records.filter((r: PipelineRecord) => r.featureType === 'PlanningApplication');
 * ```
 */
export type PipelineRecord = TwinRecordOf<
  'PlanningApplication' | 'PlanningConstraint' | 'AdministrativeArea'
>;

/** Where the pipeline is asked about: the place, the radius around a point, the area every source covers. */
interface Where {
  readonly place: ResolvedPlace;
  readonly radius: number;
  readonly area: Point | Polygon | MultiPolygon;
  readonly asked: DatahubArea;
}

const SOURCE_NAMES = {
  applications: 'planning applications (Planning London Datahub)',
  localPlan: 'site allocations and opportunity areas (GLA Planning Data Map)',
  brownfield: 'brownfield land (planning.data.gov.uk)',
} as const;
const BROWNFIELD = [{ id: 'brownfield-land', label: 'brownfield land register' }];
const LOCAL_PLAN_TYPES = ['site-allocation', 'opportunity-area'] as const;

/** The sources, asked of the services (`wkt`: the area's outline as sent, when not a point). */
function fromNetwork(
  { place, radius, asked }: Where,
  wkt: string | undefined,
  options: PipelineOptions & QuestionOptions,
): Source<PipelineRecord>[] {
  const datahub = connectFor(planningLondonDatahub, options);
  const planning = connectFor(planningData, options);
  const localPlan = connectFor(glaPlanningDataMap, options);
  const decisionDate = options.decided ? { decisionDate: { ...options.decided } } : {};
  return [
    {
      source: SOURCE_NAMES.applications,
      connector: planningLondonDatahub.id,
      run: (signal) =>
        datahub.search({ filters: { ...asked.where, ...decisionDate } }, signal ? { signal } : {}),
    },
    {
      source: SOURCE_NAMES.localPlan,
      connector: glaPlanningDataMap.id,
      run: (signal) => {
        if (!place.borough) return Promise.resolve([]);
        const at =
          place.geometry.type === 'Point'
            ? {
                point: [place.point[0], place.point[1]] as [number, number],
                distance: radius,
              }
            : { envelope: bbox(place.geometry) as [number, number, number, number] };
        return localPlan.constraints(
          {
            authority: place.borough.code,
            ...at,
            constraintTypes: [...LOCAL_PLAN_TYPES],
            londonWide: false,
          },
          signal ? { signal } : {},
        );
      },
    },
    {
      source: SOURCE_NAMES.brownfield,
      connector: planningData.id,
      datasets: BROWNFIELD,
      run: (signal) =>
        planning.searchEntities(
          wkt
            ? { geometry: wkt, datasets: ['brownfield-land'] }
            : { point: [place.point[0], place.point[1]], datasets: ['brownfield-land'] },
          signal ? { signal } : {},
        ),
    },
  ];
}

/** Whether an application was decided in the range (ISO dates; one without a decision date is not). */
function decidedIn(range: PipelineOptions['decided']) {
  return (application: Application) => {
    const decided = application.properties.attributes.decisionDate;
    return (
      decided !== undefined &&
      (range?.from === undefined || decided >= range.from) &&
      (range?.to === undefined || decided <= range.to)
    );
  };
}

/** The sources, read from a store: what its complete syncs hold for the area. */
function fromStore(
  store: RecordStore,
  syncs: readonly SyncedSource[],
  { place, radius, area, asked }: Where,
  options: PipelineOptions,
): Source<PipelineRecord>[] {
  const { audience } = options;
  const box = bbox(place.geometry) as [number, number, number, number];
  return [
    storedApplications(store, syncs, asked, {
      source: SOURCE_NAMES.applications,
      audience,
      ...(options.decided ? { keep: decidedIn(options.decided) } : {}),
    }) as Source<PipelineRecord>,
    place.borough
      ? (storedLocalPlan(
          store,
          syncs,
          {
            authority: place.borough.code,
            region:
              place.geometry.type === 'Point'
                ? { point: [place.point[0], place.point[1]], metres: radius }
                : { envelope: box },
            constraintTypes: LOCAL_PLAN_TYPES,
            londonWide: false,
          },
          {
            source: SOURCE_NAMES.localPlan,
            // Around a point the map is asked by distance; the store, by the circle's outline.
            intersects: place.geometry.type === 'Point' ? area : boxPolygon(box),
            audience,
          },
        ) as Source<PipelineRecord>)
      : { source: SOURCE_NAMES.localPlan, connector: glaPlanningDataMap.id, run: async () => [] },
    storeSource<PipelineRecord>(
      store,
      syncs,
      {
        source: SOURCE_NAMES.brownfield,
        kinds: ['PlanningConstraint'],
        connector: planningData.id,
        operation: 'searchEntities',
        datasets: BROWNFIELD,
        covers: planningDataCovers(area),
        query: { intersects: area },
      },
      audience,
    ),
  ];
}

export async function developmentPipeline(
  site: Site,
  options: PipelineOptions,
): Promise<QuestionReport<PipelineRecord>> {
  const place = resolvePlace(site);
  const radius = options.radiusMetres ?? 500;
  // The same area for every source: around a point, a circle of the radius (brownfield land is
  // asked for what intersects it, the others within that distance).
  const area =
    place.geometry.type === 'Point'
      ? (bufferMetres(place.geometry, radius)?.geometry ?? place.geometry)
      : place.geometry;
  const asked = datahubArea(site, place, radius);
  // An outline too long for a URL is simplified to fit, and the summary says so.
  const brownfieldArea =
    options.store || area.type === 'Point'
      ? undefined
      : geometryForRequest(
          area,
          options.maxGeometryChars ?? DEFAULT_MAX_GEOMETRY_CHARS,
          'planning.data.gov.uk',
        );
  const where = { place, radius, area, asked };
  const { records, sources, ...withheld } = await askAll<PipelineRecord>(
    await readFrom(
      'developmentPipeline',
      options,
      (store, syncs) => fromStore(store, syncs, where, options),
      (client) => fromNetwork(where, brownfieldArea?.wkt, { ...options, client }),
    ),
    options,
  );
  const returned = records.filter((r): r is Application => r.featureType === 'PlanningApplication');
  const applications = returned.filter(asked.contains);
  const outside = returned.filter((a) => !asked.contains(a));
  const constraints = records.filter(
    (r): r is TwinRecordOf<'PlanningConstraint'> => r.featureType === 'PlanningConstraint',
  );
  const brownfield = constraints.filter((r) => r.properties.attributes.constraintType === 'brownfield-land');
  const allocations = constraints.filter((r) => r.properties.attributes.constraintType === 'site-allocation');
  const opportunityAreas = constraints.filter(
    (r) => r.properties.attributes.constraintType === 'opportunity-area',
  );
  const byStage = new Map<PipelineStage, { count: number; homes: number }>();
  for (const application of applications) {
    const stage = pipelineStage(application);
    const entry = byStage.get(stage) ?? { count: 0, homes: 0 };
    entry.count += 1;
    entry.homes += application.properties.attributes.residential?.proposedUnits ?? 0;
    byStage.set(stage, entry);
  }
  const order: PipelineStage[] = [
    'completed',
    'started',
    'approved',
    'in the pipeline',
    'refused or withdrawn',
  ];
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const answered = (connector: string) =>
    sources.some((s) => s.connector === connector && (s.status === 'answered' || s.status === 'partial'));
  const within = place.geometry.type === 'Point' ? ` within ${radius} m` : '';
  // Only what answered is counted: a failed source gives no "0" (buildReport names it).
  const counts = [
    ...(answered(planningLondonDatahub.id) ? [count(applications.length, 'planning application')] : []),
    ...(answered(glaPlanningDataMap.id)
      ? [count(allocations.length, 'site allocation'), count(opportunityAreas.length, 'opportunity area')]
      : []),
    ...(answered(planningData.id) ? [count(brownfield.length, 'brownfield site')] : []),
  ];
  const named = (list: readonly TwinRecordOf<'PlanningConstraint'>[], label: string) =>
    list.map((c) => {
      const a = c.properties.attributes;
      const homes =
        a.maximumNetDwellings !== undefined
          ? `, up to ${a.maximumNetDwellings} net homes${a.minimumNetDwellings !== undefined ? ` (at least ${a.minimumNetDwellings})` : ''}`
          : a.minimumNetDwellings !== undefined
            ? `, at least ${a.minimumNetDwellings} net homes`
            : '';
      const status = a.planningPermissionStatus
        ? ` (${a.planningPermissionStatus.replaceAll('-', ' ')})`
        : '';
      return `- ${label}: ${c.properties.name?.trim() || a.siteAddress || a.reference}${homes}${status}`;
    });
  const summary = [
    `${place.label}${within}: ${counts.join(', ')}.`,
    ...order
      .filter((stage) => byStage.has(stage))
      .map((stage) => {
        const { count, homes } = byStage.get(stage)!;
        return `- ${stage}: ${count} application${count === 1 ? '' : 's'}, ${homes} proposed home${homes === 1 ? '' : 's'}`;
      }),
    ...(outside.length > 0
      ? [
          outsideLine(
            outside,
            place.borough && 'borough' in site ? place.borough.name : `the ${radius} m radius`,
            options.store ? 'store' : 'network',
          ),
        ]
      : []),
    ...named(opportunityAreas, 'opportunity area'),
    ...named(allocations, 'site allocation'),
    ...named(brownfield, 'brownfield site'),
    ...(brownfieldArea?.note ? [brownfieldArea.note] : []),
  ];
  const used = records.filter((r) => !outside.includes(r as Application));
  return buildReport('developmentPipeline', place, used, sources, summary, withheld);
}
