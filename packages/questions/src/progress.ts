/**
 * projectProgress: how are developments in an area progressing? Planning London Datahub applications
 * that were permitted, followed from permission to start to completion (or lapse): how many are at
 * each stage, how long each step took, which schemes have stalled beyond a threshold, which
 * permissions are about to lapse, and how many homes were delivered against those permitted.
 */
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import type { HttpClient, TwinRecordOf } from '@ldn-twin/core';
import { datahubArea, outsideLine, storedApplications } from './datahub-area.js';
import { type RecordStore, readFrom } from './from-store.js';
import { resolvePlace, type Site } from './place.js';
import {
  askAll,
  buildReport,
  connectFor,
  type QuestionOptions,
  type QuestionReport,
  type Source,
} from './report.js';

/** Options of {@link projectProgress}: a `client` to ask the network, or a `store` to read from. */
export interface ProgressOptions extends Omit<QuestionOptions, 'client'> {
  /** The shared HTTP client; needed unless reading from `store`. */
  readonly client?: HttpClient;
  /**
   * Read the applications from this store instead of the network (`@ldn-twin/store`'s
   * `openStore(...)`): those a complete sync of the Datahub's `search` holds for the area (a sync
   * with no filter but one holding the area: the borough asked, or all London; a circle or box
   * around the place), reported with the time the sync started. Otherwise not answered.
   */
  readonly store?: RecordStore;
  /** The day progress is judged on (ISO date; default today). */
  readonly asOf?: string;
  /** A scheme is stalled after this many days permitted and not started, or started and not completed (default 730). */
  readonly stalledAfterDays?: number;
  /** Permissions lapsing within this many days are named (default 90). */
  readonly lapsingWithinDays?: number;
  /** Around a point, how far to look, in metres (default 500). */
  readonly radiusMetres?: number;
}

/** Where a permitted development stands. */
export type ProgressStage = 'permitted' | 'started' | 'completed' | 'lapsed';

type Application = TwinRecordOf<'PlanningApplication'>;

/** One permitted development and its progress. */
export interface Development {
  readonly record: Application;
  readonly stage: ProgressStage;
  /** Days in the current stage up to `asOf` (undefined for completed and lapsed, or without the date). */
  readonly daysInStage: number | undefined;
  /** Net homes permitted (proposed less existing). */
  readonly homes: number;
  /** Homes completed: all of a completed scheme's, else the units with a completion date. */
  readonly homesDelivered: number;
}

/** The progress of the permitted developments in an area. */
export interface Progress {
  readonly developments: readonly Development[];
  readonly byStage: Readonly<Record<ProgressStage, { readonly count: number; readonly homes: number }>>;
  /** Median days from decision to start, and from start to completion, over the schemes that took the step. */
  readonly medianDays: { readonly toStart: number | undefined; readonly toComplete: number | undefined };
  /** Permitted or started schemes in their stage longer than the threshold, longest first. */
  readonly stalled: readonly Development[];
  /** Permitted, unstarted schemes whose permission lapses within the window, soonest first. */
  readonly lapsing: readonly Development[];
  readonly homesPermitted: number;
  readonly homesDelivered: number;
}

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** Whether an application was ever permitted: approved, started, completed, or lapsed after approval. */
function permitted(a: Application['properties']['attributes']): boolean {
  return (
    a.stage === 'approved' ||
    a.stage === 'completed' ||
    a.stage === 'lapsed' ||
    a.commencementDate !== undefined ||
    a.completionDate !== undefined
  );
}

/**
 * The progress of applications as of a day. Only permitted schemes count; a permitted, unstarted
 * scheme whose lapse date has passed is lapsed.
 *
 * @example
 * ```ts
 * const progress = progressOf(applications, { asOf: '2026-12-07', stalledAfterDays: 730, lapsingWithinDays: 90 });
 * progress.byStage.started.homes;
 * ```
 */
export function progressOf(
  applications: readonly Application[],
  options: { readonly asOf: string; readonly stalledAfterDays: number; readonly lapsingWithinDays: number },
): Progress {
  const { asOf } = options;
  const developments = applications
    .filter((r) => permitted(r.properties.attributes))
    .map((record): Development => {
      const a = record.properties.attributes;
      const units = (a.residential?.units ?? []).filter(
        (u) => !/^loss$/i.test(u.changeType ?? '') && !u.supersededDate,
      );
      const homes = Math.max(0, (a.residential?.proposedUnits ?? 0) - (a.residential?.existingUnits ?? 0));
      const started = a.commencementDate !== undefined && a.commencementDate <= asOf;
      const completed =
        (a.completionDate !== undefined && a.completionDate <= asOf) || a.stage === 'completed';
      const lapsed =
        !started &&
        !completed &&
        (a.stage === 'lapsed' || (a.lapsedDate !== undefined && a.lapsedDate < asOf));
      const stage: ProgressStage = completed
        ? 'completed'
        : started
          ? 'started'
          : lapsed
            ? 'lapsed'
            : 'permitted';
      const since =
        stage === 'started' ? a.commencementDate : stage === 'permitted' ? a.decisionDate : undefined;
      const unitsDone = units.filter(
        (u) => u.completionDate !== undefined && u.completionDate <= asOf,
      ).length;
      return {
        record,
        stage,
        daysInStage: since ? days(since, asOf) : undefined,
        homes,
        homesDelivered: stage === 'completed' ? homes : Math.min(homes, unitsDone),
      };
    });
  const byStage = {
    permitted: { count: 0, homes: 0 },
    started: { count: 0, homes: 0 },
    completed: { count: 0, homes: 0 },
    lapsed: { count: 0, homes: 0 },
  };
  for (const d of developments) {
    byStage[d.stage].count += 1;
    byStage[d.stage].homes += d.homes;
  }
  const attributes = developments.map((d) => d.record.properties.attributes);
  const toStart = attributes.flatMap((a) =>
    a.decisionDate && a.commencementDate && a.commencementDate <= asOf
      ? [days(a.decisionDate, a.commencementDate)]
      : [],
  );
  const toComplete = attributes.flatMap((a) =>
    a.commencementDate && a.completionDate && a.completionDate <= asOf
      ? [days(a.commencementDate, a.completionDate)]
      : [],
  );
  const stalled = developments
    .filter(
      (d) =>
        (d.stage === 'permitted' || d.stage === 'started') && (d.daysInStage ?? 0) > options.stalledAfterDays,
    )
    .sort((a, b) => (b.daysInStage ?? 0) - (a.daysInStage ?? 0));
  const horizon = new Date(Date.parse(asOf) + options.lapsingWithinDays * DAY).toISOString().slice(0, 10);
  const lapsing = developments
    .filter((d) => {
      const lapse = d.record.properties.attributes.lapsedDate;
      return d.stage === 'permitted' && lapse !== undefined && lapse >= asOf && lapse <= horizon;
    })
    .sort((a, b) =>
      (a.record.properties.attributes.lapsedDate ?? '').localeCompare(
        b.record.properties.attributes.lapsedDate ?? '',
      ),
    );
  return {
    developments,
    byStage,
    medianDays: { toStart: median(toStart), toComplete: median(toComplete) },
    stalled,
    lapsing,
    homesPermitted: developments.reduce((t, d) => t + d.homes, 0),
    homesDelivered: developments.reduce((t, d) => t + d.homesDelivered, 0),
  };
}

/** The answer of {@link projectProgress}: the report and the progress it summarises. */
export interface ProgressReport extends QuestionReport<Application> {
  readonly asOf: string;
  readonly progress: Progress;
}

const label = (d: Development) => d.record.properties.name ?? d.record.id;

/**
 * The progress of permitted developments in an area (Planning London Datahub).
 *
 * @example
 * ```ts
 * const report = await projectProgress({ borough: 'Waltham Forest' }, { client: createClient(), stalledAfterDays: 365 });
 * console.log(report.summary.join('\n'));
 * ```
 */
export async function projectProgress(site: Site, options: ProgressOptions): Promise<ProgressReport> {
  const place = resolvePlace(site);
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const stalledAfterDays = options.stalledAfterDays ?? 730;
  const lapsingWithinDays = options.lapsingWithinDays ?? 90;
  const asked = datahubArea(site, place, options.radiusMetres ?? 500);
  const source = 'planning applications (Planning London Datahub)';
  const datahubSource: Source<Application> = await readFrom(
    'projectProgress',
    options,
    (store, syncs) => storedApplications(store, syncs, asked, { source, audience: options.audience }),
    (client) => {
      const datahub = connectFor(planningLondonDatahub, { ...options, client });
      return {
        source,
        connector: planningLondonDatahub.id,
        run: (signal) => datahub.search({ filters: asked.where }, signal ? { signal } : {}),
      };
    },
  );
  const { records, sources, ...withheld } = await askAll<Application>([datahubSource], options);
  const returned = records.filter((r) => r.featureType === 'PlanningApplication');
  // What lies outside the area asked is not counted (and the summary says so).
  const applications = returned.filter(asked.contains);
  const outside = returned.filter((a) => !asked.contains(a));
  const progress = progressOf(applications, { asOf, stalledAfterDays, lapsingWithinDays });
  const { byStage, medianDays } = progress;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const answered = sources.some((s) => s.status !== 'failed');
  const summary = answered
    ? [
        `${place.label}, as of ${asOf}: ${n(progress.developments.length, 'permitted development')} of ${n(applications.length, 'application')}.`,
        ...(outside.length > 0
          ? [outsideLine(outside, asked.label, options.store ? 'store' : 'network')]
          : []),
        ...(['permitted', 'started', 'completed', 'lapsed'] as const).map(
          (stage) => `- ${stage}: ${n(byStage[stage].count, 'scheme')}, ${n(byStage[stage].homes, 'home')}`,
        ),
        `Homes delivered: ${progress.homesDelivered} of ${progress.homesPermitted} permitted.`,
        `Median time from decision to start: ${medianDays.toStart === undefined ? 'no started scheme has both dates' : `${medianDays.toStart} days`}; from start to completion: ${medianDays.toComplete === undefined ? 'no completed scheme has both dates' : `${medianDays.toComplete} days`}.`,
        progress.stalled.length === 0
          ? `No scheme stalled beyond ${stalledAfterDays} days.`
          : `Stalled beyond ${stalledAfterDays} days: ${progress.stalled.map((d) => `${label(d)} (${d.stage} ${d.daysInStage} days)`).join('; ')}.`,
        progress.lapsing.length === 0
          ? `No permission lapses in the next ${lapsingWithinDays} days.`
          : `Lapsing in the next ${lapsingWithinDays} days: ${progress.lapsing.map((d) => `${label(d)} on ${d.record.properties.attributes.lapsedDate}`).join('; ')}.`,
      ]
    : [];
  const report = buildReport('projectProgress', place, applications, sources, summary, withheld);
  return { ...report, asOf, progress };
}
