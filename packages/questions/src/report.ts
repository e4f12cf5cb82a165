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
  isLdnTwinError,
  type RunReport,
  type TwinRecord,
} from '@ldn-twin/core';
import type { z } from 'zod';
import type { ResolvedPlace } from './place.js';

/** What every question takes besides its place. */
export interface QuestionOptions {
  /** The shared HTTP client (a HAR replay for offline use). */
  readonly client: HttpClient;
  readonly signal?: AbortSignal;
  /**
   * Who will see the answer: records their access labels do not allow are withheld from the report
   * (and from its attributions), and the summary says how many. Default: no filtering.
   */
  readonly audience?: Audience;
  /**
   * Each connector's configuration by connector id: credentials (`epc: { email, apiKey }`), a proxy
   * `baseUrl` for services browsers cannot call, and so on.
   */
  readonly config?: Readonly<Record<string, unknown>>;
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
  const config = options.config?.[connector.id];
  return connect(connector, {
    client: options.client,
    ...(config === undefined ? {} : { config: config as z.input<C['config']> }),
  });
}

/** How one source answered. */
export interface SourceReport {
  /** What was asked, e.g. 'planning constraints (planning.data.gov.uk)'. */
  readonly source: string;
  /** The connector id, when the source is a connector. */
  readonly connector?: string;
  /** `answered` in full, `partial` (some items reported as issues), `failed`, or `skipped` (with why). */
  readonly status: 'answered' | 'partial' | 'failed' | 'skipped';
  readonly records: number;
  /** Items the source sent that could not be mapped (see the connector's run report). */
  readonly issues: number;
  readonly ms: number;
  /** For a failed source: the error's code and message (never a secret). */
  readonly error?: { readonly code: string; readonly message: string };
  readonly note?: string;
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
  /** The distinct attribution statements of every record used: show them with the answer. */
  readonly attributions: readonly string[];
  /** The most restrictive access label of the records: the answer is no more open than its inputs. */
  readonly access: AccessLabel;
  /** True when every source answered in full. */
  readonly complete: boolean;
  /** Records withheld because the audience may not see them. */
  readonly withheld: number;
}

/** One source of a question: a connector run, or a local computation. */
export interface Source<R extends TwinRecord = TwinRecord> {
  readonly source: string;
  readonly connector?: string;
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
 * const { records, sources, withheld } = await askAll([constraintsSource, boroughSource], { signal, audience });
 * console.log(sources.map((s) => `${s.source}: ${s.status}`));
 * ```
 */
export async function askAll<R extends TwinRecord>(
  sources: readonly Source<R>[],
  options: Pick<QuestionOptions, 'signal' | 'audience'> = {},
): Promise<{ records: R[]; sources: SourceReport[]; withheld: number }> {
  const outcomes = await Promise.all(sources.map((source) => askOne(source, options.signal)));
  const all = outcomes.flatMap((o) => o.records);
  // Filtered here, before any summary is computed: nothing withheld can leak into an answer.
  const records = options.audience ? filterForAudience(all, options.audience) : all;
  return { records, sources: outcomes.map((o) => o.report), withheld: all.length - records.length };
}

async function askOne<R extends TwinRecord>(
  source: Source<R>,
  signal: AbortSignal | undefined,
): Promise<Outcome<R>> {
  const started = Date.now();
  const base = { source: source.source, ...(source.connector ? { connector: source.connector } : {}) };
  const records: R[] = [];
  let runReport: RunReport | undefined;
  try {
    const result = source.run(signal);
    if (Symbol.asyncIterator in result) {
      runReport = (result as { report?: RunReport }).report;
      for await (const record of result) records.push(record);
    } else {
      records.push(...(await result));
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    return {
      records,
      report: {
        ...base,
        status: 'failed',
        records: records.length,
        issues: runReport?.failed ?? 0,
        ms: Date.now() - started,
        error: {
          code: isLdnTwinError(error) ? error.code : 'UNEXPECTED',
          message: error instanceof Error ? error.message : String(error),
        },
      },
    };
  }
  const issues = runReport?.failed ?? 0;
  return {
    records,
    report: {
      ...base,
      status: issues > 0 ? 'partial' : 'answered',
      records: records.length,
      issues,
      ms: Date.now() - started,
    },
  };
}

/**
 * Assembles a question's report from the records it may show (see {@link askAll}): attributions and
 * the combined access label come from those records; `withheld` says how many were not shown.
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
  withheld = 0,
): QuestionReport<R> {
  const trust = records.length > 0 ? derivedTrust(records) : undefined;
  const failed = sources.filter((s) => s.status === 'failed');
  return {
    question,
    askedAt: new Date().toISOString(),
    place,
    records,
    summary: [
      ...summary,
      ...failed.map((s) => `Could not ask ${s.source}: ${s.error?.message ?? 'failed'}`),
      ...(withheld > 0
        ? [
            `${withheld} record${withheld === 1 ? '' : 's'} withheld: their access labels do not allow this audience.`,
          ]
        : []),
    ],
    sources,
    attributions: trust?.attribution ?? [],
    access: trust?.access ?? { classification: 'open' },
    complete: sources.every((s) => s.status === 'answered' || s.status === 'skipped'),
    withheld,
  };
}
