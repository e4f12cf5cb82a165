/**
 * What every question returns, and how it asks its sources: all at once, each on its own, so one
 * failing source is named in the report while the others still answer.
 */
import {
  type AccessLabel,
  type AnyConnector,
  type Audience,
  type BoundConnector,
  connect,
  derivedTrust,
  filterForAudience,
  type HttpClient,
  isHttpError,
  isLdnTwinError,
  LABEL_WITHHOLDS,
  type PolicyDecision,
  type PolicyRegistry,
  type RunReport,
  type TwinRecord,
} from '@ldn-twin/core';
import type { z } from 'zod';
import { configFor, type QuestionConfig } from './config.js';
import { ageOf, NOT_IN_STORE, type StoredCoverage } from './from-store.js';
import type { ResolvedPlace } from './place.js';

/** What every question takes besides its place. */
export interface QuestionOptions {
  /** The shared HTTP client (a HAR replay for offline use). */
  readonly client: HttpClient;
  readonly signal?: AbortSignal;
  /**
   * Who will see the answer: records their access labels or their ODRL policies (for `display`,
   * resolved in `policies`) do not allow are withheld from the report (and from its attributions),
   * and the summary says how many and why. Default: no filtering of what the network returns; a
   * store is read as the public (its own default), and what it withholds is counted likewise.
   */
  readonly audience?: Audience;
  /** The ODRL policies records' labels are resolved against. Default: `LONDON_POLICY_REGISTRY`. */
  readonly policies?: PolicyRegistry;
  /**
   * Each connector's configuration by connector id, typed by the connector's config schema:
   * credentials (`epc: { email, apiKey }`), a proxy `baseUrl` for services browsers cannot call, and
   * so on.
   */
  readonly config?: QuestionConfig;
  /**
   * Ask only the sources of these connectors; the others are reported as not asked (`skipped`, with
   * why), e.g. offline, where a recorded archive holds some services only. Default: every source.
   */
  readonly connectors?: readonly string[];
  /**
   * Answering from a recorded archive (the CLI's `--offline`): a source whose request the archive
   * holds no response for is reported as not asked (`skipped`), not as failed. Default false.
   */
  readonly offline?: boolean;
  /**
   * The most characters an area's outline may take in a request URL once encoded (default 6,000;
   * planning.data.gov.uk publishes no limit). A longer outline is simplified to fit, and the
   * summary says so.
   */
  readonly maxGeometryChars?: number;
}

/**
 * Binds a connector for a question, with the configuration the caller gave for it.
 *
 * @example
 * ```ts
 * const planning = connectFor(planningData, options);
 * ```
 */
export function connectFor<C extends AnyConnector>(
  connector: C,
  options: QuestionOptions,
): BoundConnector<C> {
  const config = configFor(options.config, connector.id);
  return connect(connector, {
    client: options.client,
    ...(config === undefined ? {} : { config: config as z.input<C['config']> }),
  });
}

/**
 * What one source said about one dataset it was asked: `found` (with how many records), `empty`
 * (checked, nothing there: a negative a planner may rely on) or `not answered` (the source failed or
 * was not asked, so nothing is known).
 */
export interface DatasetCheck {
  /** The dataset's name at its source, e.g. `flood-risk-zone`. */
  readonly dataset: string;
  /** A label a person reads, e.g. 'Flood Risk Zone'. */
  readonly label: string;
  readonly status: 'found' | 'empty' | 'not answered';
  readonly records: number;
  /** For `not answered`: the short reason (the source's error or why it was not asked). */
  readonly reason?: string;
  /** Read from a store: when the sync the store holds it from started. */
  readonly asOf?: string;
}

/** How one source answered. */
export interface SourceReport {
  /** What was asked, e.g. 'planning constraints (planning.data.gov.uk)'. */
  readonly source: string;
  /** The connector id, when the source is a connector; a source without one is computed locally. */
  readonly connector?: string;
  /** `answered` in full, `partial` (some items reported as issues), `failed`, or `skipped` (with why). */
  readonly status: 'answered' | 'partial' | 'failed' | 'skipped';
  readonly records: number;
  /** Items the source sent that could not be mapped (see the connector's run report). */
  readonly issues: number;
  readonly ms: number;
  /**
   * For a failed source: the error's code, a short reason for one line ('HTTP 503', 'timed out') and
   * the full message (never a secret).
   */
  readonly error?: { readonly code: string; readonly reason: string; readonly message: string };
  readonly note?: string;
  /** Per dataset asked of this source (when the source names its datasets). */
  readonly datasets?: readonly DatasetCheck[];
  /**
   * Read from a store, not the network: when the sync its records come from started (the stalest of
   * its datasets' syncs; the summary says how old that is), and how many records of the synced area
   * have no location, so the store could not place them (left out, and the summary says so).
   */
  readonly store?: { readonly asOf: string; readonly unplaced?: number };
}

/** The answer to a question. */
export interface QuestionReport<R extends TwinRecord = TwinRecord> {
  readonly question: string;
  readonly askedAt: string;
  readonly place: ResolvedPlace | undefined;
  /** The twin records the answer is built from. */
  readonly records: readonly R[];
  /** A summary a person can read, one line each. */
  readonly summary: readonly string[];
  readonly sources: readonly SourceReport[];
  /**
   * The distinct attribution statements of every record used, exactly as published: show them with
   * the answer, rendered by core's `attributionText` / `attributionParts` (`[date]` filled from
   * `attributionDates(records)`, links as text or safe parts).
   */
  readonly attributions: readonly string[];
  /** The most restrictive access label of the records: the answer is no more open than its inputs. */
  readonly access: AccessLabel;
  /**
   * True when every source asked answered in full and at least one remote source answered (a local
   * lookup such as the borough is not an answer on its own).
   */
  readonly complete: boolean;
  /**
   * `complete` (see above), `partial` (at least one remote source answered, some did not), or
   * `none` (no remote source answered: the summary's first line says nothing could be asked).
   */
  readonly outcome: 'complete' | 'partial' | 'none';
  /** Records withheld because the audience may not see them or their terms do not permit it. */
  readonly withheld: number;
  /**
   * Why they were withheld: the number of records per reason (`access label: not for this
   * audience`, or a policy's reason such as `https://example.org/policy/research-only: constraint
   * purpose eq research not met by purpose marketing`).
   */
  readonly withheldBecause: Readonly<Record<string, number>>;
}

/**
 * The records a question withheld, and why (the number of records per reason).
 *
 * @example
 * ```ts
 * const none: Withheld = { withheld: 0, withheldBecause: {} };
 * ```
 */
export interface Withheld {
  readonly withheld: number;
  readonly withheldBecause: Readonly<Record<string, number>>;
}

/** One source of a question: a connector run, or a local computation. */
export interface Source<R extends TwinRecord = TwinRecord> {
  readonly source: string;
  readonly connector?: string;
  /** The datasets this source is asked for, so the report can say what each answered. */
  readonly datasets?: readonly { readonly id: string; readonly label: string }[];
  /** The dataset a record came from (default: its provenance dataset). */
  readonly datasetOf?: (record: R) => string | undefined;
  /**
   * Keep only the records that pass `test`, decided as each arrives, so a large file is read with
   * memory bounded by the records kept; the source's report says how many of how many were kept and
   * why (`reason`, e.g. 'within 500 m').
   */
  readonly keep?: { readonly test: (record: R) => boolean; readonly reason: string };
  /**
   * Read from a store (see `storeSource`): what the store holds of it. Without an `asOf` the source
   * is not answered; a dataset the store does not hold is not answered either.
   */
  readonly stored?: StoredCoverage;
  /** Read from a store: what the store withheld from the audience, once run (counted in the report). */
  readonly withheld?: () => Withheld | undefined;
  /** Not asked, and why (reported as `skipped`), e.g. live data a store's copy cannot answer. */
  readonly skip?: string;
  /** Runs the source; a record stream's report (if any) tells how complete it was. */
  run(signal: AbortSignal | undefined): AsyncIterable<R> | Promise<readonly R[]>;
}

interface Outcome<R> {
  readonly records: R[];
  readonly report: SourceReport;
}

/**
 * Asks every source concurrently. A source that fails is reported with its error; the others still
 * answer. The slowest source, not the sum, bounds the time taken.
 *
 * @example
 * ```ts
 * const { records, sources, withheld, withheldBecause } = await askAll([constraintsSource, boroughSource], { signal, audience });
 * console.log(sources.map((s) => `${s.source}: ${s.status}`));
 * ```
 */
export async function askAll<R extends TwinRecord>(
  sources: readonly Source<R>[],
  options: Pick<QuestionOptions, 'signal' | 'audience' | 'policies' | 'connectors' | 'offline'> = {},
): Promise<{ records: R[]; sources: SourceReport[] } & Withheld> {
  const outcomes = await Promise.all(
    sources.map((source) =>
      source.skip !== undefined
        ? skipped(source, source.skip)
        : source.connector && options.connectors && !options.connectors.includes(source.connector)
          ? skipped(source, `no ${source.connector} responses in the recorded archive`)
          : askOne(source, options.signal, options.offline ?? false),
    ),
  );
  const all = outcomes.flatMap((o) => o.records);
  // Filtered here, before any summary is computed: nothing withheld can leak into an answer.
  const withheldBecause: Record<string, number> = {};
  const onReport = (_record: unknown, decision: PolicyDecision) => {
    if (decision.permitted) return;
    for (const reason of decision.reasons) withheldBecause[reason] = (withheldBecause[reason] ?? 0) + 1;
  };
  const records = options.audience
    ? filterForAudience(all, options.audience, {
        onReport,
        ...(options.policies ? { registry: options.policies } : {}),
      })
    : all;
  // What a store withheld never reached `all`: its own count is added.
  let withheld = all.length - records.length;
  for (const told of sources.map((source) => source.withheld?.())) {
    withheld += told?.withheld ?? 0;
    for (const [reason, n] of Object.entries(told?.withheldBecause ?? {}))
      withheldBecause[reason] = (withheldBecause[reason] ?? 0) + n;
  }
  return { records, sources: outcomes.map((o) => o.report), withheld, withheldBecause };
}

function skipped<R extends TwinRecord>(source: Source<R>, why: string): Outcome<R> {
  return {
    records: [],
    report: {
      source: source.source,
      ...(source.connector ? { connector: source.connector } : {}),
      status: 'skipped',
      records: 0,
      issues: 0,
      ms: 0,
      note: why,
      ...(source.datasets ? { datasets: datasetChecks(source, [], `not asked: ${why}`) } : {}),
    },
  };
}

async function askOne<R extends TwinRecord>(
  source: Source<R>,
  signal: AbortSignal | undefined,
  offline: boolean,
): Promise<Outcome<R>> {
  const started = Date.now();
  const base = { source: source.source, ...(source.connector ? { connector: source.connector } : {}) };
  if (source.stored && source.stored.asOf === undefined) return notInStore(source);
  const records: R[] = [];
  let seen = 0;
  const take = (record: R) => {
    seen += 1;
    if (!source.keep || source.keep.test(record)) records.push(record);
  };
  // Only with a filter: how many of how many it kept.
  const kept = () =>
    source.keep ? { note: `${records.length} of ${seen} kept (${source.keep.reason})` } : {};
  let runReport: RunReport | undefined;
  try {
    const result = source.run(signal);
    if (Symbol.asyncIterator in result) {
      runReport = (result as { report?: RunReport }).report;
      for await (const record of result) take(record);
    } else {
      for (const record of await result) take(record);
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (offline && isLdnTwinError(error) && error.code === 'HAR_NO_MATCH') {
      return skipped(source, 'the offline archive holds no recorded response for it');
    }
    const reason = shortReason(error);
    return {
      // Records a source sent before it failed are true findings; no negative is drawn from it.
      records,
      report: {
        ...base,
        status: 'failed',
        records: records.length,
        issues: runReport?.failed ?? 0,
        ms: Date.now() - started,
        error: {
          code: isLdnTwinError(error) ? error.code : 'UNEXPECTED',
          reason,
          message: error instanceof Error ? error.message : String(error),
        },
        ...kept(),
        ...(source.datasets ? { datasets: datasetChecks(source, [], reason) } : {}),
      },
    };
  }
  const issues = runReport?.failed ?? 0;
  const checks = source.datasets ? datasetChecks(source, records) : undefined;
  const unheld = checks?.some((check) => check.status === 'not answered') ?? false;
  const unplaced = source.stored?.unplaced ?? 0;
  return {
    records,
    report: {
      ...base,
      status: issues > 0 || unheld || unplaced > 0 ? 'partial' : 'answered',
      records: records.length,
      issues,
      ms: Date.now() - started,
      ...kept(),
      ...(checks ? { datasets: checks } : {}),
      ...(source.stored?.asOf
        ? { store: { asOf: source.stored.asOf, ...(unplaced > 0 ? { unplaced } : {}) } }
        : {}),
    },
  };
}

function notInStore<R extends TwinRecord>(source: Source<R>): Outcome<R> {
  const why = source.stored?.why ?? NOT_IN_STORE;
  return {
    records: [],
    report: {
      source: source.source,
      ...(source.connector ? { connector: source.connector } : {}),
      status: 'failed',
      records: 0,
      issues: 0,
      ms: 0,
      error: { code: 'NOT_IN_STORE', reason: why, message: `${source.source}: ${why}` },
      ...(source.datasets ? { datasets: datasetChecks(source, []) } : {}),
    },
  };
}

/** Per dataset asked: found, empty, or (with a reason) not answered. */
function datasetChecks<R extends TwinRecord>(
  source: Source<R>,
  records: readonly R[],
  notAnswered?: string,
): DatasetCheck[] {
  const of = source.datasetOf ?? ((record: R) => record.properties.provenance.dataset);
  const held = source.stored?.datasets;
  return (source.datasets ?? []).map(({ id, label }) => {
    if (notAnswered !== undefined)
      return { dataset: id, label, status: 'not answered', records: 0, reason: notAnswered };
    const asOf = held?.[id];
    if (held !== undefined && asOf === undefined) {
      const reason = source.stored?.unanswered?.[id] ?? NOT_IN_STORE;
      return { dataset: id, label, status: 'not answered', records: 0, reason };
    }
    const n = records.filter((record) => of(record) === id).length;
    return { dataset: id, label, status: n > 0 ? 'found' : 'empty', records: n, ...(asOf ? { asOf } : {}) };
  });
}

/**
 * The one-line reason of an error, for a summary: 'HTTP 503', 'timed out', 'no recorded response';
 * the full message stays in the source's `error.message`.
 *
 * @example
 * ```ts
 * shortReason(new TimeoutError({ method: 'GET', url: 'https://x' }, 5000)); // 'timed out'
 * ```
 */
export function shortReason(error: unknown): string {
  if (isHttpError(error))
    return error.code === 'RATE_LIMITED' ? `rate limited (HTTP ${error.status})` : `HTTP ${error.status}`;
  if (isLdnTwinError(error)) {
    switch (error.code) {
      case 'NETWORK':
        return 'no response (network error)';
      case 'TIMEOUT':
        return 'timed out';
      case 'SCHEMA':
        return 'the response was not in the expected shape';
      case 'PAGING':
        return 'paging failed';
      case 'HAR_NO_MATCH':
        return 'no recorded response for this request';
      case 'TOO_LARGE':
        return 'the response was too large';
      default:
        break;
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n')[0] ?? message;
  return first.length > 160 ? `${first.slice(0, 157)}...` : first;
}

/**
 * Assembles a question's report from the records it may show (see {@link askAll}): attributions and
 * the combined access label come from those records; `withheldRecords` says how many were not shown
 * and why ({@link askAll}'s `withheld` and `withheldBecause`).
 *
 * @example
 * ```ts
 * const report = buildReport('restrictionsAt', place, records, sources, ['3 constraints']);
 * console.log(report.attributions.join('\n'));
 * ```
 */
export function buildReport<R extends TwinRecord>(
  question: string,
  place: ResolvedPlace | undefined,
  records: readonly R[],
  sources: readonly SourceReport[],
  summary: readonly string[],
  withheldRecords: Withheld = { withheld: 0, withheldBecause: {} },
): QuestionReport<R> {
  const { withheld, withheldBecause } = withheldRecords;
  const trust = records.length > 0 ? derivedTrust(records) : undefined;
  const remote = sources.filter((s) => s.connector !== undefined);
  const heard = remote.some((s) => s.status === 'answered' || s.status === 'partial');
  const whole = sources.every((s) => s.status === 'answered' || s.status === 'skipped');
  const outcome = heard ? (whole ? 'complete' : 'partial') : 'none';
  const unanswered = [
    ...lines(
      sources.filter((s) => s.status === 'failed'),
      'Not answered',
      (s) => s.error?.reason ?? 'failed',
    ),
    ...lines(
      sources.filter((s) => s.status === 'skipped' && s.note),
      'Not asked',
      (s) => s.note ?? '',
    ),
  ];
  const where = place ? ` about ${place.label}` : '';
  const askedAt = new Date();
  const stored = sources.flatMap((s) =>
    s.store && (s.status === 'answered' || s.status === 'partial')
      ? [
          `From the store, not the network: ${s.source}, synced ${s.store.asOf} (${ageOf(s.store.asOf, askedAt)} ago).`,
          ...(s.store.unplaced
            ? [
                `Not counted: ${s.store.unplaced} record${s.store.unplaced === 1 ? '' : 's'} of it in the synced area ${s.store.unplaced === 1 ? 'has' : 'have'} no location and could not be placed.`,
              ]
            : []),
          ...unansweredDatasets(s),
        ]
      : [],
  );
  return {
    question,
    askedAt: askedAt.toISOString(),
    place,
    records,
    summary: [
      // Nothing remote answered: say so first, and repeat no line built from the silence.
      ...(outcome === 'none' ? [`Nothing could be asked${where}: no service answered.`] : summary),
      ...stored,
      ...unanswered,
      ...withheldLines(withheldBecause),
    ],
    sources,
    attributions: trust?.attribution ?? [],
    access: trust?.access ?? { classification: 'open' },
    complete: outcome === 'complete',
    outcome,
    withheld,
    withheldBecause,
  };
}

/** One line per reason a source that answered could not answer some of its datasets. */
function unansweredDatasets(source: SourceReport): string[] {
  const byReason = new Map<string, string[]>();
  for (const check of source.datasets ?? []) {
    if (check.status !== 'not answered') continue;
    const reason = check.reason ?? 'not answered';
    const labels = byReason.get(reason) ?? [];
    if (!labels.includes(check.label)) labels.push(check.label);
    byReason.set(reason, labels);
  }
  return [...byReason].map(([reason, labels]) => `Not answered: ${labels.join(', ')} (${reason}).`);
}

/** The summary's lines on withheld records: those the labels hid, then one per policy reason. */
function withheldLines(because: Readonly<Record<string, number>>): string[] {
  const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`;
  const byLabel = because[LABEL_WITHHOLDS] ?? 0;
  const byTerms = Object.entries(because).filter(([reason]) => reason !== LABEL_WITHHOLDS);
  return [
    ...(byLabel > 0 ? [`${records(byLabel)} withheld: their access labels do not allow this audience.`] : []),
    ...byTerms.map(([reason, n]) => `${records(n)} withheld by their terms: ${reason}.`),
  ];
}

/**
 * One line per source that did not answer; sources of one connector failing for the same reason
 * (the venue types of one map) share a line: "Not asked: archives, cinemas (Cultural Infrastructure
 * Map) (why)".
 */
function lines(sources: readonly SourceReport[], lead: string, why: (s: SourceReport) => string): string[] {
  const groups = new Map<string, SourceReport[]>();
  for (const s of sources) {
    const key = `${s.connector ?? s.source}\u0000${why(s)}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((group) => {
    const reason = why(group[0]!);
    const suffix = / \([^()]+\)$/.exec(group[0]!.source)?.[0];
    const shared = group.length > 1 && suffix !== undefined && group.every((s) => s.source.endsWith(suffix));
    const names = shared
      ? `${group.map((s) => s.source.slice(0, -suffix.length)).join(', ')}${suffix}`
      : group.map((s) => s.source).join('; ');
    return `${lead}: ${names} (${reason}).`;
  });
}
