/**
 * restrictionsAt: what restrictions apply to this property? Every planning constraint that
 * intersects the site (planning.data.gov.uk) and the borough whose local plan applies, asked
 * concurrently; the report says which sources answered.
 */

import { CONSTRAINT_DATASETS, type PlanningDataset, planningData } from '@ldn-twin/connectors/planning-data';
import {
  connect,
  type HttpClient,
  OGL_V3_URL,
  OPEN_ACCESS,
  type TwinRecord,
  type TwinRecordOf,
  twinId,
} from '@ldn-twin/core';
import { BOROUGH_ATTRIBUTION, boroughBoundaries, toWkt } from '@ldn-twin/geo';
import { type ResolvedPlace, resolvePlace, type Site } from './place.js';
import { askAll, buildReport, type QuestionReport, type Source } from './report.js';

/** Options of {@link restrictionsAt}. */
export interface RestrictionsOptions {
  /** The shared HTTP client (a HAR replay for offline use). */
  readonly client: HttpClient;
  /** Which planning.data datasets to ask (default: every constraint dataset). */
  readonly datasets?: readonly PlanningDataset[];
  readonly signal?: AbortSignal;
}

const ALL_CONSTRAINTS = Object.keys(CONSTRAINT_DATASETS) as PlanningDataset[];

/**
 * What restrictions apply at a site: planning constraints that intersect it, and its borough.
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
  const planning = connect(planningData, { client: options.client });
  const geometry =
    place.geometry.type === 'Point'
      ? { point: [place.point[0], place.point[1]] as [number, number] }
      : { geometry: toWkt(place.geometry) };
  const sources: Source[] = [
    {
      source: 'planning constraints (planning.data.gov.uk)',
      connector: planningData.id,
      run: (signal) =>
        planning.searchEntities(
          { ...geometry, datasets: [...(options.datasets ?? ALL_CONSTRAINTS)], pageSize: 500 },
          signal ? { signal } : {},
        ),
    },
    { source: 'borough (@ldn-twin/geo boundaries)', run: async () => boroughRecord(place) },
  ];
  const { records, sources: answered } = await askAll(sources, options.signal);
  return buildReport('restrictionsAt', place, records, answered, summarise(place, records));
}

function summarise(place: ResolvedPlace, records: readonly TwinRecord[]): string[] {
  const constraints = records.filter(
    (r): r is TwinRecordOf<'PlanningConstraint'> => r.featureType === 'PlanningConstraint',
  );
  const lines = [
    place.borough
      ? `${place.label}: in ${place.borough.name} (${place.borough.code}), ${place.borough.inner ? 'Inner' : 'Outer'} London.`
      : `${place.label}.`,
    constraints.length === 0
      ? 'No planning constraint recorded on planning.data.gov.uk intersects it.'
      : `${constraints.length} planning constraint${constraints.length === 1 ? '' : 's'} intersect it:`,
  ];
  for (const c of constraints) {
    const a = c.properties.attributes;
    lines.push(
      `- ${a.constraintType.replaceAll('-', ' ')}: ${c.properties.name ?? a.reference}${a.grade ? ` (grade ${a.grade})` : ''}`,
    );
  }
  return lines;
}

/** The borough as an AdministrativeArea record, from the boundaries @ldn-twin/geo ships. */
function boroughRecord(place: ResolvedPlace): TwinRecordOf<'AdministrativeArea'>[] {
  const borough = place.borough;
  if (!borough) return [];
  const feature = boroughBoundaries().features.find((f) => f.properties.code === borough.code);
  const now = new Date().toISOString();
  return [
    {
      type: 'Feature',
      id: twinId('AdministrativeArea', 'gss', borough.code),
      featureType: 'AdministrativeArea',
      geometry: feature?.geometry ?? null,
      time: null,
      properties: {
        kind: 'AdministrativeArea',
        name: borough.name,
        identifiers: [{ scheme: 'gss', value: borough.code }],
        recordedAt: now,
        locationPrecision: feature ? 'exact' : 'none',
        relations: [],
        provenance: {
          publisher: 'Greater London Authority',
          dataset: 'statistical-gis-boundary-files-london',
          retrievedAt: now,
          method: 'reported',
        },
        licence: { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: [...BOROUGH_ATTRIBUTION] },
        access: OPEN_ACCESS,
        attributes: {
          areaType: 'borough',
          code: borough.code,
          parentCode: 'E12000007',
          extra: { inner: borough.inner ? 'Inner London' : 'Outer London' },
        },
      },
    },
  ];
}
