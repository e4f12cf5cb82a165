/**
 * `syncConnector`: runs one connector operation into a store and keeps a checkpoint per source (the
 * connector, operation and params). An operation that takes a `since` param resumes from the start of
 * the last complete run, so a sync asks only for what changed; any other is read whole, and the store
 * writes only what changed.
 */
import type { AnyConnector, BoundConnector, CallOptions, RunReport } from '@ldn-twin/core';
import type { z } from 'zod';
import type { PutOptions, PutReport } from './put.js';
import type { Store } from './store.js';

/** What `syncConnector` saves per source, and returns. */
export interface SyncCheckpoint {
  readonly connector: string;
  readonly operation: string;
  /** The params of the run, as given (without `since`). */
  readonly params: Readonly<Record<string, unknown>>;
  /** When the last complete run started: the next run's `since`, for operations that take one. */
  readonly startedAt: string;
  readonly completedAt: string;
  readonly run: Pick<RunReport, 'received' | 'mapped' | 'failed' | 'records'>;
  readonly put: Pick<PutReport, 'received' | 'stored' | 'changed' | 'unchanged' | 'rejected'>;
  /**
   * Records of the run without geometry, by dataset (`provenance.dataset`): a spatial query of the
   * store cannot find them, so a question reading the store says it cannot answer for those datasets.
   */
  readonly withoutGeometry: Readonly<Record<string, number>>;
}

/** The account of one sync. */
export interface SyncReport {
  /** The checkpoint key: connector, operation and params. */
  readonly source: string;
  /** The `since` the run was asked for, when the operation takes one. */
  readonly since?: string;
  /** The connector's run report (received = mapped + failed). */
  readonly run: RunReport;
  /** The store's put report (received = stored + unchanged + rejected). */
  readonly put: PutReport;
  /** Whether the run read its source to the end; only then is the checkpoint moved on. */
  readonly complete: boolean;
}

/** Options of {@link syncConnector}. */
export interface SyncOptions extends CallOptions, PutOptions {}

type InputOf<C extends AnyConnector, O extends keyof C['operations']> = z.input<C['operations'][O]['params']>;
/** An operation's params; `since` may be left out (the checkpoint gives it). */
export type SyncParams<C extends AnyConnector, O extends keyof C['operations']> =
  InputOf<C, O> extends { since: unknown }
    ? Omit<InputOf<C, O>, 'since'> & { since?: InputOf<C, O>['since'] }
    : InputOf<C, O>;

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The checkpoint key of a source: connector, operation and params (without `since`). */
export function sourceKey(
  connector: string,
  operation: string,
  params: Readonly<Record<string, unknown>>,
): string {
  const { since: _since, ...keyParams } = params;
  return `${connector}.${operation} ${stableJson(keyParams)}`;
}

function takesSince(schema: z.ZodType): boolean {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape !== undefined && 'since' in shape;
}

/**
 * Runs `operation` of a bound connector with `params` and puts its records into `store`. When the
 * operation takes `since` and none is given, it resumes from the last complete run of the same source.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { eaFlood } from '@ldn-twin/connectors/ea-flood';
 * import { openStore, syncConnector } from '@ldn-twin/store';
 *
 * const store = await openStore({ path: './london-store' });
 * const flood = connect(eaFlood, { client: createClient() });
 * // The first sync says where to start; later ones resume from the checkpoint.
 * await syncConnector(store, flood, 'readings', { station: '3400TH', since: '2026-12-01T00:00:00Z' });
 * const report = await syncConnector(store, flood, 'readings', { station: '3400TH' });
 * console.info(report.since, report.put.stored, report.put.unchanged);
 * ```
 */
export async function syncConnector<C extends AnyConnector, O extends keyof C['operations'] & string>(
  store: Store,
  connector: BoundConnector<C>,
  operation: O,
  params: SyncParams<C, O>,
  options: SyncOptions = {},
): Promise<SyncReport> {
  const definition = connector.connector.operations[operation];
  if (definition === undefined) {
    throw new RangeError(`${connector.connector.id} has no operation ${operation}`);
  }
  const given = { ...(params as Record<string, unknown>) };
  const { since: givenSince, ...keyParams } = given;
  const source = sourceKey(connector.connector.id, operation, keyParams);
  const previous = await store.checkpoint<SyncCheckpoint>(source);
  const resumable = takesSince(definition.params);
  const since = resumable ? ((givenSince as string | undefined) ?? previous?.startedAt) : undefined;
  const runParams = since === undefined ? given : { ...given, since };

  const startedAt = new Date().toISOString();
  const call = connector[operation] as unknown as (
    params: unknown,
    options?: CallOptions,
  ) => AsyncIterable<unknown> & { readonly report: RunReport };
  const stream = call(runParams, options.signal === undefined ? {} : { signal: options.signal });
  const withoutGeometry: Record<string, number> = {};
  async function* counted(): AsyncGenerator<unknown, void, undefined> {
    for await (const value of stream) {
      const record = value as { geometry?: unknown; properties?: { provenance?: { dataset?: unknown } } };
      const dataset = record?.properties?.provenance?.dataset;
      if (record?.geometry == null && typeof dataset === 'string')
        withoutGeometry[dataset] = (withoutGeometry[dataset] ?? 0) + 1;
      yield value;
    }
  }
  const put = await store.put(counted(), options);
  const run = stream.report;
  if (run.complete) {
    const checkpoint: SyncCheckpoint = {
      connector: connector.connector.id,
      operation,
      params: keyParams,
      startedAt,
      completedAt: new Date().toISOString(),
      run: { received: run.received, mapped: run.mapped, failed: run.failed, records: run.records },
      put: {
        received: put.received,
        stored: put.stored,
        changed: put.changed,
        unchanged: put.unchanged,
        rejected: put.rejected,
      },
      withoutGeometry,
    };
    await store.saveCheckpoint(source, checkpoint);
  }
  return { source, ...(since === undefined ? {} : { since }), run, put, complete: run.complete };
}
