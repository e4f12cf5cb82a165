/**
 * digOnce: where can infrastructure providers coordinate so the road is dug up only once? Street
 * works (Street Manager permits you hold, TfL street disruptions), TfL roadworks and developments
 * under construction (Planning London Datahub) in a window, gathered into one work per permit or
 * works reference, and grouped when they are on the same street (USRN) or within a distance of each
 * other (measured between their geometries, not their centres). Each opportunity says which dig to
 * move next to which, by how many days, and the days of disruption that saves.
 */

import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { tfl } from '@ldn-twin/connectors/tfl';
import { ConfigError, filterForAudience, type TwinRecord, type TwinRecordOf } from '@ldn-twin/core';
import { boroughAt } from '@ldn-twin/geo';
import { centroid } from '@turf/centroid';
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import { type PlanarShape, planarShape, planeAt, shapeDistance } from './dig-once-geometry.js';
import { resolvePlace, type Site } from './place.js';
import {
  askAll,
  buildReport,
  connectFor,
  type QuestionOptions,
  type QuestionReport,
  type Source,
} from './report.js';

/**
 * The records {@link digOnce} answers with: street works and road disruptions, developments under
 * way, and underground assets (for a cleared audience only).
 *
 * @example
 * ```ts
 * const works = report.records.filter((r: DigOnceRecord) => r.featureType === 'StreetWork');
 * ```
 */
export type DigOnceRecord = TwinRecordOf<
  'StreetWork' | 'TransportDisruption' | 'PlanningApplication' | 'UndergroundAsset'
>;

/** Options of {@link digOnce}. */
export interface DigOnceOptions extends QuestionOptions {
  /** The window to coordinate in (ISO dates). */
  readonly window: { readonly from: string; readonly to: string };
  /**
   * Street works you already hold as records (Street Manager permits arrive by push, not by query:
   * parse them with `@ldn-twin/connectors/street-manager` and pass them here). Several events of one
   * permit or work are one work.
   */
  readonly streetWorks?: readonly TwinRecordOf<'StreetWork'>[];
  /** Works whose geometries come closer than this can share a dig (default 50 m). */
  readonly withinMetres?: number;
  /**
   * Imported underground assets (e.g. `@ldn-twin/connectors/underground-assets`), to say what lies
   * under each grouped dig. Used only for an `audience` whose clearance their access labels allow;
   * for any other audience (or none given) they are left out without a mention.
   */
  readonly undergroundAssets?: readonly TwinRecordOf<'UndergroundAsset'>[];
}

/**
 * One work: every event of one permit or works reference, the latest standing.
 *
 * @example
 * ```ts
 * const line = (w: DigOnceWork) => `${w.reference} (${w.promoter ?? 'promoter not given'}) ${w.from} to ${w.to}`;
 * ```
 */
export interface DigOnceWork {
  /** The permit reference, else the works reference, else the TfL disruption id or the record id. */
  readonly reference: string;
  readonly promoter?: string;
  readonly usrn?: string;
  /** The street's name as the source gives it (TfL's bracketed road numbers and postcodes dropped). */
  readonly street?: string;
  /** How `usrn` was found for a work whose source has none: `geometry` (a USRN work's line and name). */
  readonly usrnFrom?: 'source' | 'geometry';
  readonly from: string;
  readonly to: string;
  /** Days the work occupies the street. */
  readonly days: number;
  /** The record that stands (the latest event). */
  readonly record: TwinRecord;
  /** How many records (events, street segments) were gathered into this work. */
  readonly events: number;
}

/**
 * Moving one dig next to another.
 *
 * @example
 * ```ts
 * const text = (m: DigOnceMove) => `move ${m.reference} ${Math.abs(m.days)} days ${m.days < 0 ? 'earlier' : 'later'}`;
 * ```
 */
export interface DigOnceMove {
  readonly reference: string;
  /** The work it moves next to (the group's longest). */
  readonly nextTo: string;
  /** Days to move its start: negative is earlier, positive later. */
  readonly days: number;
}

/** Works that can share one dig, and what coordinating them saves. */
export interface DigOnceOpportunity {
  /** The works, longest first: the first is the dig the others move next to. */
  readonly works: readonly DigOnceWork[];
  readonly from: string;
  readonly to: string;
  /**
   * Days of disruption saved if they share one dig: the days the street is occupied as planned
   * (the union of the works' durations, overlapping days counted once) less the longest work's days.
   */
  readonly daysSaved: number;
  /** Why they were grouped, e.g. `same street (USRN 34409447)`, `within 50 m (6 m apart)`. */
  readonly reasons: readonly string[];
  /** The reasons on one line. */
  readonly reason: string;
  /** Which dig moves next to which, and by how many days (works already inside the longest need none). */
  readonly moves: readonly DigOnceMove[];
  /** Underground assets under or within the distance of the works (authorised audiences only). */
  readonly assets?: readonly TwinRecord[];
}

const DAY = 86_400_000;

/** An RFC 3339 date-time `plusMs` after an ISO date or date-time, or a ConfigError naming it. */
function dateTime(value: string, plusMs: number, what: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new ConfigError(`dig-once: ${what} is not an ISO date: ${JSON.stringify(value)}`);
  return new Date(ms + plusMs).toISOString();
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
): Promise<QuestionReport<DigOnceRecord> & { opportunities: DigOnceOpportunity[] }> {
  const place = resolvePlace(area);
  const roads = connectFor(tfl, options);
  const datahub = connectFor(planningLondonDatahub, options);
  const sources: Source<DigOnceRecord>[] = [
    {
      source: 'roadworks and disruptions (TfL)',
      connector: tfl.id,
      run: (signal) => roads.roadDisruptions({}, signal ? { signal } : {}),
    },
    {
      source: 'street works (TfL street disruptions)',
      connector: tfl.id,
      run: (signal) =>
        // TfL takes RFC 3339 date-times; the window's last day counts whole, as in planDigOnce.
        roads.streetDisruptions(
          {
            startDate: dateTime(options.window.from, 0, 'window.from'),
            endDate: dateTime(options.window.to, DAY, 'window.to'),
          },
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
  const { records, sources: answered, ...withheld } = await askAll(sources, options);
  const borough = place.borough?.code;
  const inArea = borough
    ? records.filter((r) => {
        // TfL answers for all London: keep what is in the area's borough.
        if (!r.geometry || r.featureType === 'PlanningApplication') return true;
        const [lon, lat] = centroid(r.geometry).geometry.coordinates as [number, number];
        return boroughAt(lon, lat)?.code === borough;
      })
    : records;
  // Underground assets only for an audience cleared for them, whose terms let it derive from them
  // (the opportunities) and see them (the report); otherwise not a word about them.
  const registry = options.policies ? { registry: options.policies } : {};
  const assets =
    options.audience && options.undergroundAssets
      ? filterForAudience(
          filterForAudience(options.undergroundAssets, options.audience, { action: 'derive', ...registry }),
          options.audience,
          registry,
        )
      : [];
  const plan = planDigOnce(inArea, {
    window: options.window,
    withinMetres: options.withinMetres ?? 50,
    assets,
  });
  const opportunities = plan.opportunities;
  const summary = [
    `${place.label}, ${options.window.from} to ${options.window.to}: ${plan.works} works in the window (from ${plan.records} records), ${opportunities.length} chance${opportunities.length === 1 ? '' : 's'} to dig once.`,
    ...opportunities.slice(0, 10).map((o, i) => `${i + 1}. ${opportunityLine(o)}`),
  ];
  // planDigOnce hands back the records it was given: the works asked here and the assets above.
  const used = opportunities.flatMap((o) => [
    ...o.works.map((w) => w.record),
    ...(o.assets ?? []),
  ]) as DigOnceRecord[];
  return { ...buildReport('digOnce', place, used, answered, summary, withheld), opportunities };
}

function opportunityLine(o: DigOnceOpportunity): string {
  const works = o.works
    .map(
      (w) =>
        `${w.reference} (${w.promoter ?? 'promoter not given'}, ${w.usrn ? `USRN ${w.usrn}` : (w.street ?? 'street not given')}, ${w.from} to ${w.to})`,
    )
    .join('; ');
  const moves = o.moves
    .map(
      (m) =>
        `move ${m.reference} ${Math.abs(m.days)} day${Math.abs(m.days) === 1 ? '' : 's'} ${m.days < 0 ? 'earlier' : 'later'} to run alongside ${m.nextTo}`,
    )
    .join('; ');
  const assets =
    o.assets && o.assets.length > 0
      ? ` Under the dig: ${o.assets.map((a) => a.properties.name ?? a.id).join('; ')}.`
      : '';
  return `${o.works.length} works, ${o.reason}, ${o.from} to ${o.to}: ${o.daysSaved} day${o.daysSaved === 1 ? '' : 's'} of disruption saved. ${works}.${moves ? ` To dig once: ${moves}.` : ''}${assets}`;
}

/**
 * Options of {@link planDigOnce}.
 *
 * @example
 * ```ts
 * const options: PlanOptions = { window: { from: '2026-12-01', to: '2027-03-31' }, withinMetres: 50 };
 * ```
 */
export interface PlanOptions {
  readonly window: { readonly from: string; readonly to: string };
  readonly withinMetres: number;
  /** Underground assets to check under each group (already filtered for the audience). */
  readonly assets?: readonly TwinRecord[];
  /**
   * Compare every pair of works instead of using the spatial index: the O(n²) baseline the
   * benchmark measures the index against. Same answer, slower.
   */
  readonly allPairs?: boolean;
}

/**
 * The opportunities among records already fetched: works gathered by reference, placed in the
 * window, grouped by street and distance. Pure (no requests): {@link digOnce} calls it.
 *
 * @example
 * ```ts
 * const { opportunities } = planDigOnce(records, { window: { from: '2026-12-01', to: '2027-03-31' }, withinMetres: 50 });
 * ```
 */
export function planDigOnce(
  records: readonly TwinRecord[],
  options: PlanOptions,
): { opportunities: DigOnceOpportunity[]; works: number; records: number } {
  const window = { start: Date.parse(options.window.from), end: Date.parse(options.window.to) + DAY };
  const gathered = gather(records, window);
  const latitudes = gathered.map((g) => g.latitude);
  const toPlane = planeAt(
    latitudes.length > 0 ? latitudes.reduce((a, b) => a + b, 0) / latitudes.length : 51.5,
  );
  const works = gathered.map((g) => ({ ...g, shape: planarShape(g.geometries, toPlane) }));
  const metres = options.withinMetres;
  const neighbours = options.allPairs ? allPairs(works, metres) : indexed(works, metres);
  adoptUsrns(works, neighbours);

  // Union-find over the links: same USRN (any time in the window), or within the distance.
  const parent = works.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] as number;
    while (parent[i] !== root) {
      const up = parent[i] as number;
      parent[i] = root;
      i = up;
    }
    return root;
  };
  const reasons = new Map<number, Set<string>>();
  const link = (i: number, j: number, why: string) => {
    const a = find(i);
    const b = find(j);
    const root = Math.min(a, b);
    parent[Math.max(a, b)] = root;
    const set = reasons.get(root) ?? new Set<string>();
    for (const r of a === b ? [] : [...(reasons.get(Math.max(a, b)) ?? [])]) set.add(r);
    set.add(why);
    reasons.set(root, set);
  };
  const byUsrn = new Map<string, number>();
  works.forEach((w, i) => {
    if (!w.usrn) return;
    const first = byUsrn.get(w.usrn);
    if (first === undefined) byUsrn.set(w.usrn, i);
    else {
      const matched = w.usrnFrom === 'geometry' || works[first]?.usrnFrom === 'geometry';
      link(
        first,
        i,
        `same street (USRN ${w.usrn}${matched ? `, matched to ${w.street ?? works[first]?.street} by geometry` : ''})`,
      );
    }
  });
  for (const [i, j, distance] of neighbours) {
    if (works[i]?.usrn && works[i]?.usrn === works[j]?.usrn) continue;
    link(i, j, `within ${metres} m (${Math.round(distance)} m apart)`);
  }

  const groups = new Map<number, number[]>();
  works.forEach((_, i) => {
    const root = find(i);
    const members = groups.get(root);
    if (members) members.push(i);
    else groups.set(root, [i]);
  });
  const opportunities = [...groups.entries()]
    .filter(([, members]) => members.length > 1)
    .map(([root, members]) =>
      opportunity(
        members.map((i) => works[i] as PlannedWork),
        [...(reasons.get(root) ?? [])],
        options,
        toPlane,
      ),
    )
    .sort((a, b) => b.daysSaved - a.daysSaved || b.works.length - a.works.length);
  return { opportunities, works: works.length, records: records.length };
}

interface GatheredWork {
  readonly key: string;
  readonly reference: string;
  readonly promoter?: string;
  usrn?: string;
  usrnFrom?: 'source' | 'geometry';
  readonly street?: string;
  readonly start: number;
  readonly end: number;
  readonly geometries: Geometry[];
  readonly latitude: number;
  readonly record: TwinRecord;
  readonly events: number;
}
interface PlannedWork extends GatheredWork {
  readonly shape: PlanarShape;
}

interface WorkAttributes {
  workReference?: string;
  permitReference?: string;
  promoter?: string;
  usrn?: string;
  streetName?: string;
  disruptionId?: string;
  commencementDate?: string;
  completionDate?: string;
}

/** Which work a record is part of: its works reference, permit, TfL disruption, or itself. */
function workKey(record: TwinRecord): string {
  const a = record.properties.attributes as WorkAttributes;
  if (a.workReference) return `work:${a.workReference}`;
  if (a.permitReference) return `permit:${a.permitReference}`;
  if (a.disruptionId) return `tfl:${a.disruptionId}`;
  const tflId = record.properties.identifiers.find((i) => i.issuer === 'tfl-road-disruption')?.value;
  if (tflId) return `tfl:${tflId}`;
  return `record:${record.id}`;
}

/** The records of each work, the latest event standing (dates, status), geometries gathered; a work never placed is left out. */
function gather(records: readonly TwinRecord[], window: { start: number; end: number }): GatheredWork[] {
  const byKey = new Map<string, TwinRecord[]>();
  for (const record of records) {
    const key = workKey(record);
    const list = byKey.get(key);
    if (list) list.push(record);
    else byKey.set(key, [record]);
  }
  const works: GatheredWork[] = [];
  for (const [key, list] of byKey) {
    const latest = list.reduce((a, b) => (b.properties.recordedAt > a.properties.recordedAt ? b : a));
    const span = spanOf(latest, window.end);
    if (!span || span.end < window.start || span.start > window.end) continue;
    const a = latest.properties.attributes as WorkAttributes;
    // A TfL disruption's segments are one work on several lines; a permit's events share one place.
    // A later event without coordinates still updates the work; its place is the latest one given.
    const placed = list.filter((r) => r.geometry !== null);
    const located = placed.reduce<TwinRecord | undefined>(
      (a, b) => (a && a.properties.recordedAt >= b.properties.recordedAt ? a : b),
      undefined,
    );
    if (!located) continue;
    const geometries = key.startsWith('tfl:')
      ? placed.map((r) => r.geometry as Geometry)
      : [located.geometry as Geometry];
    const [, latitude] = centroid(geometries[0] as Geometry).geometry.coordinates as [number, number];
    const street = a.streetName ? streetName(a.streetName) : undefined;
    works.push({
      key,
      reference: a.permitReference ?? a.workReference ?? (key.startsWith('tfl:') ? key.slice(4) : latest.id),
      ...(a.promoter ? { promoter: a.promoter } : {}),
      ...(a.usrn ? { usrn: a.usrn, usrnFrom: 'source' as const } : {}),
      ...(street ? { street } : {}),
      start: span.start,
      end: span.end,
      geometries,
      latitude,
      record: latest,
      events: list.length,
    });
  }
  return works;
}

/** When a record's work occupies the street; a development from commencement to completion. */
function spanOf(record: TwinRecord, windowEnd: number): { start: number; end: number } | undefined {
  const p = record.properties;
  let start = Date.parse(p.validFrom ?? '');
  let end = Date.parse(p.validTo ?? '');
  if (record.featureType === 'PlanningApplication') {
    const a = p.attributes as WorkAttributes;
    if (!a.commencementDate || a.completionDate) return undefined;
    start = Date.parse(a.commencementDate);
    end = windowEnd;
  }
  if (Number.isNaN(start)) return undefined;
  if (Number.isNaN(end) || end < start) end = windowEnd;
  return { start, end };
}

/** `[B452] WINDMILL ROAD (TW8 )` as `WINDMILL ROAD`: TfL's road numbers and postcodes dropped. */
function streetName(name: string): string {
  return name
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toUpperCase();
}

type Neighbour = readonly [i: number, j: number, metres: number];

/** Pairs within `metres`, candidates from a packed R-tree of the works' boxes. */
function indexed(works: readonly PlannedWork[], metres: number): Neighbour[] {
  if (works.length === 0) return [];
  const index = new Flatbush(works.length);
  for (const w of works) index.add(w.shape.bbox[0], w.shape.bbox[1], w.shape.bbox[2], w.shape.bbox[3]);
  index.finish();
  const out: Neighbour[] = [];
  works.forEach((w, i) => {
    const [minX, minY, maxX, maxY] = w.shape.bbox;
    for (const j of index.search(minX - metres, minY - metres, maxX + metres, maxY + metres)) {
      if (j <= i) continue;
      const distance = shapeDistance(w.shape, (works[j] as PlannedWork).shape);
      if (distance <= metres) out.push([i, j, distance]);
    }
  });
  return out;
}

/** The same pairs by comparing every work with every other (the benchmark's baseline). */
function allPairs(works: readonly PlannedWork[], metres: number): Neighbour[] {
  const out: Neighbour[] = [];
  for (let i = 0; i < works.length; i++) {
    const a = (works[i] as PlannedWork).shape.bbox;
    for (let j = i + 1; j < works.length; j++) {
      const b = (works[j] as PlannedWork).shape.bbox;
      // The boxes' gap first (cheap), as the index does, so the baseline differs only in the search.
      if (b[0] - a[2] > metres || a[0] - b[2] > metres || b[1] - a[3] > metres || a[1] - b[3] > metres)
        continue;
      const distance = shapeDistance((works[i] as PlannedWork).shape, (works[j] as PlannedWork).shape);
      if (distance <= metres) out.push([i, j, distance]);
    }
  }
  return out;
}

/**
 * A work without a USRN (TfL names streets, not USRNs) takes the USRN of a neighbouring work
 * (within the distance) of the same street name: identifiers matched through geometry.
 */
function adoptUsrns(works: PlannedWork[], neighbours: readonly Neighbour[]): void {
  for (const [i, j] of neighbours) {
    const a = works[i] as PlannedWork;
    const b = works[j] as PlannedWork;
    if (!a.street || a.street !== b.street) continue;
    if (a.usrn && !b.usrn) Object.assign(b, { usrn: a.usrn, usrnFrom: 'geometry' });
    else if (b.usrn && !a.usrn) Object.assign(a, { usrn: b.usrn, usrnFrom: 'geometry' });
  }
}

const day = (ms: number) => Math.floor(ms / DAY);
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Whole days a span touches, at least one. */
const daysOf = (w: { start: number; end: number }) => Math.max(1, Math.ceil((w.end - w.start) / DAY));

function opportunity(
  members: readonly PlannedWork[],
  reasons: readonly string[],
  options: PlanOptions,
  toPlane: (p: Position) => [number, number],
): DigOnceOpportunity {
  const sorted = [...members].sort((x, y) => daysOf(y) - daysOf(x) || x.start - y.start);
  const longest = sorted[0] as PlannedWork;
  // The days the street is occupied as planned: the union of the works' spans.
  const spans = sorted.map((w) => [w.start, w.start + daysOf(w) * DAY] as const).sort((x, y) => x[0] - y[0]);
  let union = 0;
  let [open, close] = spans[0] as readonly [number, number];
  for (const [s, e] of spans.slice(1)) {
    if (s > close) {
      union += close - open;
      open = s;
      close = e;
    } else close = Math.max(close, e);
  }
  union += close - open;
  const daysSaved = Math.round(union / DAY) - daysOf(longest);
  const moves = sorted.slice(1).flatMap((w): DigOnceMove[] => {
    const inside = w.start >= longest.start && w.end <= longest.end;
    const shift = day(longest.start) - day(w.start);
    return inside || shift === 0 ? [] : [{ reference: w.reference, nextTo: longest.reference, days: shift }];
  });
  const assets = (options.assets ?? []).filter((asset) => {
    if (!asset.geometry) return false;
    const shape = planarShape([asset.geometry], toPlane);
    return members.some((w) => shapeDistance(w.shape, shape) <= options.withinMetres);
  });
  return {
    works: sorted.map((w) => ({
      reference: w.reference,
      ...(w.promoter ? { promoter: w.promoter } : {}),
      ...(w.usrn ? { usrn: w.usrn } : {}),
      ...(w.usrnFrom ? { usrnFrom: w.usrnFrom } : {}),
      ...(w.street ? { street: w.street } : {}),
      from: isoDay(w.start),
      to: isoDay(w.end),
      days: daysOf(w),
      record: w.record,
      events: w.events,
    })),
    from: isoDay(Math.min(...members.map((w) => w.start))),
    to: isoDay(Math.max(...members.map((w) => w.end))),
    daysSaved,
    reasons,
    reason: reasons.join(' and '),
    moves,
    ...(assets.length > 0 ? { assets } : {}),
  };
}
