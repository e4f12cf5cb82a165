/**
 * restrictionsAt: what restrictions apply to this property? Every planning constraint that
 * intersects the site (planning.data.gov.uk), the borough whose local plan applies, live flood
 * warnings nearby (Environment Agency) and recent planning applications on and around the site
 * (Planning London Datahub), asked concurrently; the report says which sources answered.
 */
import { eaFlood } from '@ldn-twin/connectors/ea-flood';
import { glaPlanningDataMap } from '@ldn-twin/connectors/gla-planning-data-map';
import { CONSTRAINT_DATASETS, type PlanningDataset, planningData } from '@ldn-twin/connectors/planning-data';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { OGL_V3_URL, type TwinRecord, type TwinRecordOf, twinRecord } from '@ldn-twin/core';
import { BOROUGH_ATTRIBUTION, boroughBoundaries, toWkt } from '@ldn-twin/geo';
import { bbox } from '@turf/bbox';
import { type ResolvedPlace, resolvePlace, type Site } from './place.js';
import {
  askAll,
  buildReport,
  connectFor,
  type QuestionOptions,
  type QuestionReport,
  type Source,
} from './report.js';

/** Options of {@link restrictionsAt}. */
export interface RestrictionsOptions extends QuestionOptions {
  /** Which planning.data datasets to ask (default: every constraint dataset). */
  readonly datasets?: readonly PlanningDataset[];
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

const ALL_CONSTRAINTS = Object.keys(CONSTRAINT_DATASETS) as PlanningDataset[];

/** The sources restrictionsAt can ask. */
export const RESTRICTION_SOURCES = ['constraints', 'local-plan', 'borough', 'flood', 'applications'] as const;
export type RestrictionSource = (typeof RESTRICTION_SOURCES)[number];

/**
 * What restrictions apply at a site: planning constraints that intersect it, its borough, flood
 * warnings in force nearby and recent planning applications around it.
 *
 * @example
 * ```ts
 * import { createClient } from '@ldn-twin/core';
 * import { restrictionsAt } from '@ldn-twin/questions';
 *
 * const report = await restrictionsAt({ point: [-0.1198903, 51.4922191] }, { client: createClient() });
 * console.log(report.summary.join('\n'));
 * console.log(report.attributions.join(' '));
 * ```
 */
export async function restrictionsAt(site: Site, options: RestrictionsOptions): Promise<QuestionReport> {
  const place = resolvePlace(site);
  const planning = connectFor(planningData, options);
  const flood = connectFor(eaFlood, options);
  const localPlan = connectFor(glaPlanningDataMap, options);
  const datahub = connectFor(planningLondonDatahub, options);
  const around = options.aroundMetres ?? 250;
  const point: [number, number] = [place.point[0], place.point[1]];
  const geometry = place.geometry.type === 'Point' ? { point } : { geometry: toWkt(place.geometry) };
  const sources: Record<RestrictionSource, Source<TwinRecord>> = {
    constraints: {
      source: 'planning constraints (planning.data.gov.uk)',
      connector: planningData.id,
      run: (signal) =>
        planning.searchEntities(
          { ...geometry, datasets: [...(options.datasets ?? ALL_CONSTRAINTS)], pageSize: 500 },
          signal ? { signal } : {},
        ),
    },
    'local-plan': {
      source: "the borough's local plan layers (GLA Planning Data Map)",
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
      source: 'recent planning applications around the site (Planning London Datahub)',
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
  const names = options.sources ?? RESTRICTION_SOURCES;
  const {
    records,
    sources: answered,
    withheld,
  } = await askAll(
    names.map((name) => sources[name]),
    options,
  );
  // The summary speaks only for the sources that answered: a failed one is named by buildReport,
  // and one not asked says nothing (no "no flood warnings" when the flood service was not asked).
  const heard = new Set(names.filter((_, i) => answered[i]?.status !== 'failed'));
  return buildReport('restrictionsAt', place, records, answered, summarise(place, records, heard), withheld);
}

function summarise(
  place: ResolvedPlace,
  records: readonly TwinRecord[],
  heard: ReadonlySet<RestrictionSource>,
): string[] {
  const constraints = records.filter(
    (r): r is TwinRecordOf<'PlanningConstraint'> => r.featureType === 'PlanningConstraint',
  );
  const warnings = records.filter((r): r is TwinRecordOf<'Alert'> => r.featureType === 'Alert');
  const applications = records.filter((r) => r.featureType === 'PlanningApplication');
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    place.borough
      ? `${place.label}: in ${place.borough.name} (${place.borough.code}), ${place.borough.inner ? 'Inner' : 'Outer'} London.`
      : `${place.label}.`,
    ...(heard.has('constraints') || heard.has('local-plan')
      ? [
          constraints.length === 0
            ? 'No planning constraint recorded for it intersects it.'
            : `${plural(constraints.length, 'planning constraint')} intersect it:`,
          ...constraints.map((c) => {
            const a = c.properties.attributes;
            return `- ${a.constraintType.replaceAll('-', ' ')}: ${c.properties.name ?? a.reference}${a.grade ? ` (grade ${a.grade})` : ''}`;
          }),
        ]
      : []),
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
