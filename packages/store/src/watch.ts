/**
 * `watchConnector`: polls one connector operation into a store and reports each change as it commits
 * (added, changed, removed), resuming from the store's checkpoint after a restart. Built on
 * {@link syncConnector}: an operation that takes `since` is asked only for what changed since the last
 * complete poll; any other is read whole, and what it no longer returns is reported removed.
 */
import type { AnyConnector, BoundConnector, TwinRecord } from '@ldn-twin/core';
import type { Store } from './store.js';
import { type SyncOptions, type SyncParams, type SyncReport, sourceKey, syncConnector } from './sync.js';

/** One change of a watched source. */
export type ChangeEvent =
  | { readonly type: 'added' | 'changed'; readonly source: string; readonly record: TwinRecord }
  | { readonly type: 'removed'; readonly source: string; readonly id: string };

/** Options of {@link watchConnector}. */
export interface WatchOptions extends Omit<SyncOptions, 'onWrite'> {
  /**
   * Receives each change. A batch commits only once its changes are handed over (the promise
   * resolves), so a restart loses none; at worst the batch being handed over when the process
   * stopped is reported again (dedupe on `record.id` and its content if that matters).
   */
  readonly onChange: (change: ChangeEvent) => void | Promise<void>;
  /** Called after each poll with its sync report (or the error that ended it). */
  readonly onPoll?: (poll: { readonly report?: SyncReport; readonly error?: unknown }) => void;
  /** Wait between polls, in milliseconds (default 60,000). After a failed poll it doubles, up to 16x. */
  readonly intervalMs?: number;
  /** Stop after this many polls (default: until `signal` aborts). */
  readonly polls?: number;
}

/** What {@link watchConnector} did before it stopped. */
export interface WatchSummary {
  readonly polls: number;
  readonly failed: number;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
}

/** The ids a whole-source operation returned on its last complete poll. */
interface Snapshot {
  readonly ids: readonly string[];
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Polls `operation` of a bound connector into `store` until `signal` aborts (or `polls` are done),
 * handing each added, changed and removed record to `onChange` before the store commits it. Failed
 * polls back off and never move the checkpoint, so nothing is skipped.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
 * import { openStore, watchConnector } from '@ldn-twin/store';
 *
 * const store = await openStore({ path: './london-store' });
 * const datahub = connect(planningLondonDatahub, { client: createClient() });
 * await watchConnector(store, datahub, 'applications', { borough: 'Camden' }, {
 *   intervalMs: 15 * 60_000,
 *   onChange: (change) => console.log(JSON.stringify(change)),
 * });
 * ```
 */
export async function watchConnector<C extends AnyConnector, O extends keyof C['operations'] & string>(
  store: Store,
  connector: BoundConnector<C>,
  operation: O,
  params: SyncParams<C, O>,
  options: WatchOptions,
): Promise<WatchSummary> {
  const { onChange, onPoll, intervalMs = 60_000, polls, ...sync } = options;
  const counts = { polls: 0, failed: 0, added: 0, changed: 0, removed: 0 };
  const source = sourceKey(connector.connector.id, operation, params as Record<string, unknown>);
  let backoff = 1;
  while (!sync.signal?.aborted && (polls === undefined || counts.polls < polls)) {
    counts.polls += 1;
    const seen = new Set<string>();
    try {
      const report = await syncConnector(store, connector, operation, params, {
        ...sync,
        onWrite: async (batch) => {
          for (const id of batch.unchanged) seen.add(id);
          for (const { change, record } of batch.written) {
            seen.add(record.id);
            counts[change] += 1;
            await onChange({ type: change, source, record });
          }
        },
      });
      if (report.complete && report.since === undefined) {
        // A whole source: what the last complete poll returned and this one did not is gone.
        const key = `watch:${source}`;
        const before = await store.checkpoint<Snapshot>(key);
        for (const id of before?.ids ?? []) {
          if (seen.has(id)) continue;
          counts.removed += 1;
          await onChange({ type: 'removed', source, id });
        }
        await store.saveCheckpoint(key, { ids: [...seen].sort() } satisfies Snapshot);
      }
      if (!report.complete) counts.failed += 1;
      backoff = report.complete ? 1 : Math.min(backoff * 2, 16);
      onPoll?.({ report });
    } catch (error) {
      if (sync.signal?.aborted) break;
      counts.failed += 1;
      backoff = Math.min(backoff * 2, 16);
      onPoll?.({ error });
    }
    if (polls !== undefined && counts.polls >= polls) break;
    await sleep(intervalMs * backoff, sync.signal);
  }
  return counts;
}
