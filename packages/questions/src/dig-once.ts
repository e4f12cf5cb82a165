/**
 * digOnce: where can infrastructure providers coordinate so the road is dug up only once? Street
 * works (Street Manager permits you hold, TfL street disruptions), TfL roadworks and developments
 * under construction (Planning London Datahub) that overlap in space (the same street, or within a
 * distance) and in time, grouped into coordination opportunities and ranked by the days of
 * disruption that doing them together would save.
 */

import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { tfl } from '@ldn-twin/connectors/tfl';
import type { TwinRecord } from '@ldn-twin/core';
import { boroughAt, distanceMetres } from '@ldn-twin/geo';
import { centroid } from '@turf/centroid';
import { resolvePlace, type Site } from './place.js';
import {
  askAll,
  buildReport,
  connectFor,
  type QuestionOptions,
  type QuestionReport,
  type Source,
} from './report.js';

/** Options of {@link digOnce}. */
export interface DigOnceOptions extends QuestionOptions {
  /** The window to coordinate in (ISO dates). */
  readonly window: { readonly from: string; readonly to: string };
  /**
   * Street works you already hold as records (Street Manager permits arrive by push, not by query:
   * parse them with `@ldn-twin/connectors/street-manager` and pass them here).
   */
  readonly streetWorks?: readonly TwinRecord[];
  /** Works closer than this (between their centres) can share a dig (default 50 m). */
  readonly withinMetres?: number;
}

/** Works that overlap in space and time, and what coordinating them saves. */
export interface DigOnceOpportunity {
  /** The records of the works, longest first. */
  readonly works: readonly TwinRecord[];
  readonly from: string;
  readonly to: string;
  /** Days of disruption saved if they share one dig: the sum of their days less the longest. */
  readonly daysSaved: number;
  /** Why they were grouped: a shared street, or distance. */
  readonly reason: string;
}

const DAY = 86_400_000;

interface Work {
  readonly record: TwinRecord;
  readonly start: number;
  readonly end: number;
  readonly lon: number;
  readonly lat: number;
  readonly street: string | undefined;
}

/**
 * Coordination opportunities in an area and window.
 *
 * @example
 * ```ts
 * const report = await digOnce({ borough: 'Camden' }, { client, window: { from: '2026-12-01', to: '2027-03-31' } });
 * console.log(report.summary.join('\n'));
 * ```
 */
export async function digOnce(
  area: Site,
  options: DigOnceOptions,
): Promise<QuestionReport & { opportunities: DigOnceOpportunity[] }> {
  const place = resolvePlace(area);
  const roads = connectFor(tfl, options);
  const datahub = connectFor(planningLondonDatahub, options);
  const sources: Source[] = [
    {
      source: 'roadworks and disruptions (TfL)',
      connector: tfl.id,
      run: (signal) => roads.roadDisruptions({}, signal ? { signal } : {}),
    },
    {
      source: 'street works (TfL street disruptions)',
      connector: tfl.id,
      run: (signal) =>
        roads.streetDisruptions(
          { startDate: options.window.from, endDate: options.window.to },
          signal ? { signal } : {},
        ),
    },
    {
      source: 'developments under way (Planning London Datahub)',
      connector: planningLondonDatahub.id,
      run: (signal) =>
        datahub.search(
          { filters: place.borough ? { boroughs: [place.borough.code] } : {} },
          signal ? { signal } : {},
        ),
    },
  ];
  if (options.streetWorks) {
    const held = options.streetWorks;
    sources.push({ source: 'street works you hold (Street Manager)', run: async () => held });
  }
  const { records, sources: answered, withheld } = await askAll(sources, options);
  const window = { start: Date.parse(options.window.from), end: Date.parse(options.window.to) + DAY };
  const works = records.flatMap((record) => workOf(record, window, place.borough?.code));
  const opportunities = group(works, options.withinMetres ?? 50);
  const summary = [
    `${place.label}, ${options.window.from} to ${options.window.to}: ${works.length} works in the window, ${opportunities.length} chance${opportunities.length === 1 ? '' : 's'} to dig once.`,
    ...opportunities
      .slice(0, 10)
      .map(
        (o, i) =>
          `${i + 1}. ${o.works.length} works ${o.reason}, ${o.from} to ${o.to}: ${o.daysSaved} day${o.daysSaved === 1 ? '' : 's'} of disruption saved (${o.works.map((w) => w.properties.name ?? w.id).join('; ')})`,
      ),
  ];
  const used = opportunities.flatMap((o) => o.works);
  return { ...buildReport('digOnce', place, used, answered, summary, withheld), opportunities };
}

/** A record as a work in the window and area, or nothing (no time, no place, or elsewhere). */
function workOf(
  record: TwinRecord,
  window: { start: number; end: number },
  borough: string | undefined,
): Work[] {
  if (!record.geometry) return [];
  const p = record.properties;
  let start = Date.parse(p.validFrom ?? '');
  let end = Date.parse(p.validTo ?? '');
  if (record.featureType === 'PlanningApplication') {
    // A development is "under way" from commencement until completion.
    const a = record.properties.attributes;
    if (!a.commencementDate || a.completionDate) return [];
    start = Date.parse(a.commencementDate);
    end = window.end;
  }
  if (Number.isNaN(start)) return [];
  if (Number.isNaN(end)) end = window.end;
  if (end < window.start || start > window.end) return [];
  const [lon, lat] = centroid(record.geometry).geometry.coordinates as [number, number];
  // TfL answers for all London: keep what is in the area's borough.
  if (borough && record.featureType !== 'PlanningApplication' && boroughAt(lon, lat)?.code !== borough)
    return [];
  const attributes = p.attributes as { usrn?: string; streetName?: string };
  return [
    {
      record,
      start: Math.max(start, window.start),
      end: Math.min(end, window.end),
      lon,
      lat,
      street: attributes.usrn ?? attributes.streetName?.toUpperCase(),
    },
  ];
}

/**
 * Groups works that overlap in time and share a street or lie within `metres` of each other
 * (transitively, by union-find), keeping groups of two or more, most days saved first.
 */
function group(works: readonly Work[], metres: number): DigOnceOpportunity[] {
  const parent = works.map((_, i) => i);
  const find = (i: number): number => {
    const up = parent[i]!;
    if (up === i) return i;
    const root = find(up);
    parent[i] = root;
    return root;
  };
  const reasons = new Map<number, Set<string>>();
  for (let i = 0; i < works.length; i++) {
    for (let j = i + 1; j < works.length; j++) {
      const a = works[i]!;
      const b = works[j]!;
      if (a.end < b.start || b.end < a.start) continue;
      const sameStreet = a.street !== undefined && a.street === b.street;
      if (!sameStreet && distanceMetres(a.lon, a.lat, b.lon, b.lat) > metres) continue;
      const root = find(i);
      parent[find(j)] = root;
      const why = reasons.get(root) ?? new Set<string>();
      why.add(sameStreet ? 'on the same street' : `within ${metres} m`);
      reasons.set(root, why);
    }
  }
  const groups = new Map<number, Work[]>();
  works.forEach((work, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), work]);
  });
  return [...groups.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([root, members]) => {
      const days = members.map((w) => Math.max(1, Math.ceil((w.end - w.start) / DAY)));
      const sorted = members.map((w, k) => ({ w, d: days[k]! })).sort((x, y) => y.d - x.d);
      const why = [
        ...new Set([...reasons.entries()].filter(([r]) => find(r) === root).flatMap(([, s]) => [...s])),
      ];
      return {
        works: sorted.map((x) => x.w.record),
        from: new Date(Math.min(...members.map((w) => w.start))).toISOString().slice(0, 10),
        to: new Date(Math.max(...members.map((w) => w.end))).toISOString().slice(0, 10),
        daysSaved: days.reduce((sum, d) => sum + d, 0) - Math.max(...days),
        reason: why.join(' and '),
      };
    })
    .sort((a, b) => b.daysSaved - a.daysSaved);
}
