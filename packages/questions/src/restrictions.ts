/**
 * restrictionsAt: what restrictions apply to this property? Every planning constraint that
 * intersects the site (planning.data.gov.uk), the borough whose local plan applies, live flood
 * warnings nearby (Environment Agency) and recent planning applications on and around the site
 * (Planning London Datahub), asked concurrently; the report says which sources answered.
 */
import { eaFloodInfo, floodWarnings } from '@ldn-twin/connectors/ea-flood';
import { constraints, glaPlanningDataMapInfo } from '@ldn-twin/connectors/gla-planning-data-map';
import {
  CONSTRAINT_DATASETS,
  datasetLabel,
  planningDataInfo,
  searchEntities,
} from '@ldn-twin/connectors/planning-data';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import {
  type HttpClient,
  OGL_V3_URL,
  type TwinRecord,
  type TwinRecordOf,
  twinRecord,
  withOperations,
} from '@ldn-twin/core';
import { BOROUGH_ATTRIBUTION, boroughBoundaries } from '@ldn-twin/geo';
import { bbox } from '@turf/bbox';
import { nearArea, storedApplications } from './datahub-area.js';
import { boxPolygon, type RecordStore, readFrom, type SyncedSource, storeSource } from './from-store.js';
import { storedLocalPlan } from './gla-map-synced.js';
import { type ResolvedPlace, resolvePlace, type Site } from './place.js';
import { planningDataCovers } from './planning-data-synced.js';
import {
  askAll,
  buildReport,
  connectFor,
  type DatasetCheck,
  type QuestionOptions,
  type QuestionReport,
  type Source,
} from './report.js';
import { DEFAULT_MAX_GEOMETRY_CHARS, geometryForRequest } from './request-geometry.js';

/** Options of {@link restrictionsAt}: a `client` to ask the network, or a `store` to read from. */
export interface RestrictionsOptions extends Omit<QuestionOptions, 'client'> {
  /** The shared HTTP client; needed unless every source is read from `store`. */
  readonly client?: HttpClient;
  /**
   * Read from this store instead of the network (`@ldn-twin/store`'s `openStore(...)`): planning
   * constraints as its complete syncs hold them for the place, reported with the time the sync
   * started. A dataset no sync covers, or whose records were synced without geometry, is not
   * answered. The local plan's layers are read from a complete sync of the GLA Planning Data Map's
   * `constraints` for the borough's authority (every layer, London-wide ones included, no `where`,
   * a point, distance or envelope holding the site); recent applications are read from a complete
   * Datahub `search` sync holding the circle around the site (no filter but an area; "recent" is
   * applied to what it holds). Flood warnings are live: not read from a store (not asked).
   */
  readonly store?: RecordStore;
  /**
   * Which planning.data datasets to ask (default: every constraint dataset the connector maps). Any
   * planning.data dataset can be named (see the connector's `datasets` operation for the list); one
   * without a specific mapping comes back as a constraint of type `other` under its own name.
   */
  readonly datasets?: readonly string[];
  /** How far around the site to look for flood warnings and planning applications (default 250 m). */
  readonly aroundMetres?: number;
  /** How many years back "recent" applications go, by their valid date (default 3). */
  readonly recentYears?: number;
  /**
   * Which sources to ask (default: all). A browser app without a proxy leaves out `applications`
   * (the Planning London Datahub has no CORS).
   */
  readonly sources?: readonly RestrictionSource[];
}

// The connectors with only the operations restrictionsAt calls, so a browser bundle leaves out the rest.
const eaFlood = /* @__PURE__ */ withOperations(eaFloodInfo, { floodWarnings });
const glaPlanningDataMap = /* @__PURE__ */ withOperations(glaPlanningDataMapInfo, { constraints });
const planningData = /* @__PURE__ */ withOperations(planningDataInfo, { searchEntities });

/** Every constraint dataset the connector maps, except brownfield land (growth, not restriction). */
const ALL_CONSTRAINTS = Object.keys(CONSTRAINT_DATASETS).filter((name) => name !== 'brownfield-land');

const LOCAL_PLAN = "the borough's local plan layers (GLA Planning Data Map)";
const APPLICATIONS = 'recent planning applications around the site (Planning London Datahub)';

/** The sources restrictionsAt can ask. */
export const RESTRICTION_SOURCES = ['constraints', 'local-plan', 'borough', 'flood', 'applications'] as const;
export type RestrictionSource = (typeof RESTRICTION_SOURCES)[number];

/**
 * The records {@link restrictionsAt} answers with: planning constraints (planning.data and the
 * local plan's layers), the borough, flood warnings and alerts, and planning applications.
 *
 * @example
 * ```ts
 * const names = report.records.map((r: RestrictionRecord) => r.properties.name);
 * ```
 */
export type RestrictionRecord = TwinRecordOf<
  'PlanningConstraint' | 'AdministrativeArea' | 'Alert' | 'PlanningApplication'
>;

/**
 * What restrictions apply at a site: planning constraints that intersect it, its borough, flood
 * warnings in force nearby and recent planning applications around it.
 *
 * @example
 * ```ts
 * import { attributionDates, attributionText, createClient } from '@ldn-twin/core';
 * import { restrictionsAt } from '@ldn-twin/questions';
 *
 * const report = await restrictionsAt({ point: [-0.1198903, 51.4922191] }, { client: createClient() });
 * console.log(report.summary.join('\n'));
 * const days = attributionDates(report.records);
 * for (const s of report.attributions) console.log(attributionText(s, days.get(s) ?? report.askedAt));
 * ```
 */
export async function restrictionsAt(
  site: Site,
  options: RestrictionsOptions,
): Promise<QuestionReport<RestrictionRecord>> {
  const place = resolvePlace(site);
  const names = options.sources ?? RESTRICTION_SOURCES;
  const sources = await readFrom(
    'restrictionsAt',
    options,
    (store, syncs) => fromStore(store, syncs, place, options),
    (client) => fromNetwork(place, { ...options, client }),
  );
  const {
    records,
    sources: answered,
    ...withheld
  } = await askAll(
    names.map((name) => sources[name]),
    options,
  );
  // The summary speaks only for the sources that answered: a failed one is named by buildReport,
  // and one not asked says nothing (no "no flood warnings" when the flood service was not asked).
  const heard = new Set(
    names.filter((_, i) => answered[i]?.status === 'answered' || answered[i]?.status === 'partial'),
  );
  const checks = answered.flatMap((s) => s.datasets ?? []);
  const note =
    options.store || !names.includes('constraints') ? undefined : requestArea(place, options)?.note;
  return buildReport(
    'restrictionsAt',
    place,
    records,
    answered,
    [...summarise(place, records, heard, checks), ...(note ? [note] : [])],
    withheld,
  );
}

/** The site's outline as planning.data is sent it, simplified when too long for a URL. */
function requestArea(place: ResolvedPlace, options: RestrictionsOptions) {
  return place.geometry.type === 'Point'
    ? undefined
    : geometryForRequest(
        place.geometry,
        options.maxGeometryChars ?? DEFAULT_MAX_GEOMETRY_CHARS,
        'planning.data.gov.uk',
      );
}

/** The sources, asked of the services. */
function fromNetwork(
  place: ResolvedPlace,
  options: RestrictionsOptions & QuestionOptions,
): Record<RestrictionSource, Source<RestrictionRecord>> {
  const planning = connectFor(planningData, options);
  const flood = connectFor(eaFlood, options);
  const localPlan = connectFor(glaPlanningDataMap, options);
  const datahub = connectFor(planningLondonDatahub, options);
  const around = options.aroundMetres ?? 250;
  const asked = options.datasets ?? ALL_CONSTRAINTS;
  const point: [number, number] = [place.point[0], place.point[1]];
  // An outline too long for a URL is simplified to fit, and the summary says so.
  const area = requestArea(place, options);
  const geometry = area ? { geometry: area.wkt } : { point };
  return {
    constraints: {
      source: 'planning constraints (planning.data.gov.uk)',
      connector: planningData.id,
      datasets: asked.map((id) => ({ id, label: datasetLabel(id) })),
      run: (signal) =>
        planning.searchEntities(
          { ...geometry, datasets: [...asked], pageSize: 500 },
          signal ? { signal } : {},
        ),
    },
    'local-plan': {
      source: LOCAL_PLAN,
      connector: glaPlanningDataMap.id,
      run: (signal) => {
        if (!place.borough) return Promise.resolve([]);
        const where =
          place.geometry.type === 'Point'
            ? { point }
            : { envelope: bbox(place.geometry) as [number, number, number, number] };
        return localPlan.constraints({ authority: place.borough.code, ...where }, signal ? { signal } : {});
      },
    },
    borough: { source: 'borough (@ldn-twin/geo boundaries)', run: async () => boroughRecord(place) },
    flood: {
      source: 'flood warnings in force nearby (Environment Agency)',
      connector: eaFlood.id,
      run: (signal) =>
        flood.floodWarnings(
          { near: { lat: point[1], long: point[0], distKm: Math.max(1, around / 1000) } },
          signal ? { signal } : {},
        ),
    },
    applications: {
      source: APPLICATIONS,
      connector: planningLondonDatahub.id,
      run: (signal) =>
        datahub.search(
          {
            filters: {
              near: { point, distanceMetres: around },
              validDate: { from: yearsAgo(options.recentYears ?? 3) },
            },
          },
          signal ? { signal } : {},
        ),
    },
  };
}

/**
 * The sources, read from a store. A sync covers a source only if it asked for everything the
 * question needs at the place: the same relation, no filter that could have left records out, an
 * area holding the site.
 */
function fromStore(
  store: RecordStore,
  syncs: readonly SyncedSource[],
  place: ResolvedPlace,
  options: RestrictionsOptions,
): Record<RestrictionSource, Source<RestrictionRecord>> {
  const asked = options.datasets ?? ALL_CONSTRAINTS;
  const audience = options.audience;
  const point: [number, number] = [place.point[0], place.point[1]];
  const box = bbox(place.geometry) as [number, number, number, number];
  return {
    constraints: storeSource<RestrictionRecord>(
      store,
      syncs,
      {
        source: 'planning constraints (planning.data.gov.uk)',
        kinds: ['PlanningConstraint'],
        connector: planningData.id,
        operation: 'searchEntities',
        datasets: asked.map((id) => ({ id, label: datasetLabel(id) })),
        covers: planningDataCovers(place.geometry),
        query: { intersects: place.geometry },
      },
      audience,
    ),
    'local-plan': place.borough
      ? (storedLocalPlan(
          store,
          syncs,
          {
            authority: place.borough.code,
            region: place.geometry.type === 'Point' ? { point } : { envelope: box },
            londonWide: true,
          },
          {
            source: LOCAL_PLAN,
            intersects: place.geometry.type === 'Point' ? place.geometry : boxPolygon(box),
            audience,
          },
        ) as Source<RestrictionRecord>)
      : { source: LOCAL_PLAN, connector: glaPlanningDataMap.id, run: async () => [] },
    borough: { source: 'borough (@ldn-twin/geo boundaries)', run: async () => boroughRecord(place) },
    flood: {
      source: 'flood warnings in force nearby (Environment Agency)',
      connector: eaFlood.id,
      // Live warnings: a store's copy says what was in force when it synced, not now.
      skip: 'live: not read from a store',
      run: async () => [],
    },
    applications: storedApplications(store, syncs, nearArea(point, options.aroundMetres ?? 250), {
      source: APPLICATIONS,
      audience,
      keep: recentSince(yearsAgo(options.recentYears ?? 3)),
    }) as Source<RestrictionRecord>,
  };
}

/** Whether an application was validated on or after the day (ISO date; one without a valid date is not). */
function recentSince(day: string) {
  return (application: TwinRecordOf<'PlanningApplication'>) => {
    const valid = application.properties.attributes.validDate;
    return valid !== undefined && valid >= day;
  };
}

function summarise(
  place: ResolvedPlace,
  records: readonly TwinRecord[],
  heard: ReadonlySet<RestrictionSource>,
  checks: readonly DatasetCheck[],
): string[] {
  const constraints = records.filter(
    (r): r is TwinRecordOf<'PlanningConstraint'> => r.featureType === 'PlanningConstraint',
  );
  const warnings = records.filter((r): r is TwinRecordOf<'Alert'> => r.featureType === 'Alert');
  const applications = records.filter((r) => r.featureType === 'PlanningApplication');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const designations = designationLines(constraints);
  // A negative only for a dataset its source answered: "not in a Flood Risk Zone" is a finding.
  // A label also found, or not answered, elsewhere (listed buildings as points and as outlines) is no negative.
  const found = new Set(checks.filter((c) => c.status !== 'empty').map((c) => c.label));
  const negatives = [
    ...new Set(checks.filter((c) => c.status === 'empty' && !found.has(c.label)).map((c) => c.label)),
  ];
  return [
    place.borough
      ? `${place.label}: in ${place.borough.name} (${place.borough.code}), ${place.borough.inner ? 'Inner' : 'Outer'} London.`
      : `${place.label}.`,
    ...(heard.has('constraints') || heard.has('local-plan')
      ? designations.length === 0
        ? ['No designation recorded by the sources that answered intersects it.']
        : [
            `${plural(designations.length, 'designation')} ${designations.length === 1 ? 'intersects' : 'intersect'} it:`,
            ...designations,
          ]
      : []),
    ...(negatives.length > 0 ? [`Checked and not found here: ${negatives.join(', ')}.`] : []),
    ...(heard.has('flood')
      ? [
          warnings.length === 0
            ? 'No flood warning or alert in force nearby.'
            : `${warnings.length} flood warning${warnings.length === 1 ? '' : 's'} or alert${warnings.length === 1 ? '' : 's'} in force nearby: ${warnings.map((w) => w.properties.name ?? w.properties.attributes.severity).join('; ')}`,
        ]
      : []),
    ...(heard.has('applications')
      ? [`${plural(applications.length, 'recent planning application')} around the site.`]
      : []),
  ];
}

type Constraint = TwinRecordOf<'PlanningConstraint'>;

/** The order a planner reads designations in; anything else follows, by name. */
const READING_ORDER: readonly string[] = [
  'flood-risk',
  'listed-building',
  'locally-listed-building',
  'conservation-area',
  'protected-view',
  'article-4-direction',
  'tree-preservation',
  'scheduled-monument',
  'world-heritage-site',
  'green-belt',
  'metropolitan-open-land',
  'site-allocation',
  'opportunity-area',
];

/** Where a record came from, for a reader: the service and the reference it gave. */
function provenanceOf(constraint: Constraint): string {
  const service =
    constraint.properties.provenance.connector === 'planning-data' ? 'planning.data' : 'GLA map';
  return `${service} ${constraint.properties.attributes.reference}`;
}

/** The label of a designation: its dataset's (planning.data) or its type's (local layers). */
function labelOf(constraint: Constraint): string {
  const a = constraint.properties.attributes;
  if (constraint.properties.provenance.connector === 'planning-data') return datasetLabel(a.dataset);
  return a.constraintType === 'other'
    ? a.dataset.replaceAll('-', ' ')
    : datasetLabel(a.constraintType).replace(/^./, (c) => c.toUpperCase());
}

/**
 * One line per designation, in reading order. The same designation from two sources (the borough's
 * conservation area and Historic England's copy; planning.data and a local layer) is one line with
 * every provenance. Flood zones read as "Flood Zone 3", listed buildings with their grade.
 */
function designationLines(constraints: readonly Constraint[]): string[] {
  const groups = new Map<string, { rank: number; text: string; from: string[] }>();
  for (const c of constraints) {
    const a = c.properties.attributes;
    const label = labelOf(c);
    let text: string;
    let key: string;
    if (a.constraintType === 'flood-risk' && a.floodRiskLevel) {
      text = `Flood Zone ${a.floodRiskLevel}${a.floodRiskType ? ` (${a.floodRiskType})` : ''}`;
      key = `flood:${a.floodRiskLevel.toLowerCase()}`;
    } else {
      const name = c.properties.name?.trim() || undefined;
      const grade = a.grade ? ` grade ${a.grade}` : '';
      const order =
        a.treePreservationOrder && a.constraintType === 'tree-preservation'
          ? ` (order ${a.treePreservationOrder})`
          : '';
      text = `${label}${grade}${order}${name ? `: ${name}` : ''}`;
      // Without a name, the reference tells one from another (trees of one order stay one line).
      key = `${a.constraintType}:${a.constraintType === 'other' ? a.dataset : ''}:${(
        name ??
        (order || a.reference)
      )
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim()}`;
    }
    const rank = READING_ORDER.indexOf(a.constraintType);
    const group = groups.get(key) ?? { rank: rank < 0 ? READING_ORDER.length : rank, text, from: [] };
    const from = provenanceOf(c);
    if (!group.from.includes(from)) group.from.push(from);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((x, y) => x.rank - y.rank || x.text.localeCompare(y.text))
    .map((g) => `- ${g.text} [${g.from.join('; ')}]`);
}

function yearsAgo(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
}

/** The borough as an AdministrativeArea record, from the boundaries @ldn-twin/geo ships. */
function boroughRecord(place: ResolvedPlace): TwinRecordOf<'AdministrativeArea'>[] {
  const borough = place.borough;
  if (!borough) return [];
  const feature = boroughBoundaries().features.find((f) => f.properties.code === borough.code);
  const now = new Date().toISOString();
  return [
    twinRecord('AdministrativeArea', {
      id: ['gss', borough.code],
      geometry: feature?.geometry ?? null,
      name: borough.name,
      identifiers: [{ scheme: 'gss', value: borough.code }],
      recordedAt: now,
      provenance: {
        publisher: 'Greater London Authority',
        dataset: 'statistical-gis-boundary-files-london',
        retrievedAt: now,
        method: 'reported',
      },
      licence: { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: [...BOROUGH_ATTRIBUTION] },
      attributes: {
        areaType: 'borough',
        code: borough.code,
        parentCode: 'E12000007',
        extra: { inner: borough.inner ? 'Inner London' : 'Outer London' },
      },
    }),
  ];
}
