/**
 * What the CLI's store commands do, given their parsed options and the streams to write to:
 * `ldn-twin sync`, `ldn-twin store query` and `ldn-twin store export`. Bad input throws a
 * {@link ConfigError} whose message is the one line to show (the CLI exits 1 with it).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import {
  type AnyConnector,
  type Audience,
  type BoundConnector,
  ConfigError,
  KINDS,
  type Kind,
  type PolicyRegistry,
  type PolicyTerms,
  PUBLIC_AUDIENCE,
  type TwinRecord,
} from '@ldn-twin/core';
import { EXPORT_FORMATS, type ExportFormat, exportRecords } from './export.js';
import type { StoreQuery } from './query.js';
import { openStore, type Store } from './store.js';
import { type SyncParams, type SyncReport, syncConnector } from './sync.js';
import { type WatchSummary, watchConnector } from './watch.js';

/** The store a command works on: `--store` (a folder, or a `postgres://` URL), or an open store. */
export interface StoreOption {
  readonly store: string | Store;
}

/** The filters of `ldn-twin store query` and `store export`, as parsed from the command line. */
export interface StoreFilterOptions extends StoreOption {
  /** `--kind`, repeatable. */
  readonly kind?: readonly string[];
  /** `--connector`, repeatable. */
  readonly connector?: readonly string[];
  /** `--borough`: a GSS code or name. */
  readonly borough?: string;
  /** `--near lon,lat` (WGS 84). */
  readonly near?: string;
  /** `--radius` metres around `--near` (default 250). */
  readonly radius?: string | number;
  /** `--from` / `--to`: the time span records must overlap. */
  readonly from?: string;
  readonly to?: string;
  /** `--as-of`: the records as they were at this date. */
  readonly asOf?: string;
  /** `--limit`. */
  readonly limit?: string | number;
  /** Who the output is for (the CLI's `--audience` and `--organisation`; default: the public). */
  readonly audience?: Audience;
  /** `--purpose`: why the audience is looking (recorded in the access log, and weighed by the records' policies). */
  readonly purpose?: string;
  /** The policies records' labels may name (default: the store's, `store.policies.registry()`). */
  readonly policies?: PolicyRegistry;
}

/** What a store command wrote. */
export interface StoreOutputReport {
  readonly records: number;
  readonly bytes: number;
}

function number(value: string | number, flag: string): number {
  const parsed = typeof value === 'number' ? value : Number(value);
  if (typeof value === 'string' && value.trim() === '') throw new ConfigError(`${flag}: give a number`);
  if (!Number.isFinite(parsed)) throw new ConfigError(`${flag} ${String(value)}: not a number`);
  return parsed;
}

/** The store query the options ask for. */
function queryOf(options: StoreFilterOptions): StoreQuery {
  const kinds = (options.kind ?? []).map((kind) => {
    if (!(KINDS as readonly string[]).includes(kind))
      throw new ConfigError(`--kind ${kind}: use one of ${KINDS.join(', ')}`);
    return kind as Kind;
  });
  let near: StoreQuery['near'];
  if (options.near !== undefined) {
    const parts = options.near.split(',');
    const [lon, lat] = parts.map((part) => Number(part.trim()));
    if (
      parts.length !== 2 ||
      lon === undefined ||
      lat === undefined ||
      !Number.isFinite(lon) ||
      !Number.isFinite(lat)
    ) {
      throw new ConfigError(`--near ${options.near}: use lon,lat (WGS 84), e.g. --near -0.1199,51.4922`);
    }
    const radius = number(options.radius ?? 250, '--radius');
    if (radius < 0) throw new ConfigError(`--radius ${radius}: metres, 0 or more`);
    near = { lon, lat, radius };
  } else if (options.radius !== undefined) {
    throw new ConfigError('--radius needs --near lon,lat');
  }
  const limit = options.limit === undefined ? undefined : number(options.limit, '--limit');
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new ConfigError(`--limit ${limit}: a whole number, 1 or more`);
  const time = {
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  };
  return {
    ...(kinds.length === 0 ? {} : { kind: kinds }),
    ...(options.connector === undefined || options.connector.length === 0
      ? {}
      : { connector: options.connector }),
    ...(options.borough === undefined ? {} : { borough: options.borough }),
    ...(near === undefined ? {} : { near }),
    ...(Object.keys(time).length === 0 ? {} : { time }),
    ...(limit === undefined ? {} : { limit }),
    ...(options.audience === undefined ? {} : { audience: options.audience }),
    ...(options.purpose === undefined ? {} : { purpose: options.purpose }),
  };
}

/** Opens `--store` (or uses the open store given), runs `work`, and closes what it opened. */
async function withStore<T>(option: StoreOption, work: (store: Store) => Promise<T>): Promise<T> {
  if (typeof option.store !== 'string') return work(option.store);
  const location = option.store.trim();
  if (location === '') throw new ConfigError('--store: give a folder or a postgres:// URL');
  const store = await openStore(
    /^postgres(ql)?:\/\//.test(location) ? { url: location } : { path: location },
  );
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function write(
  chunks: Iterable<string> | AsyncIterable<string | Uint8Array>,
  output: Writable,
): Promise<number> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    if (!output.write(chunk)) await once(output, 'drain');
  }
  return bytes;
}

async function output(
  options: StoreFilterOptions,
  format: string,
  out: Writable,
): Promise<StoreOutputReport> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new ConfigError(`--format ${format}: use ${EXPORT_FORMATS.join(', ')}`);
  }
  const query = queryOf(options);
  if (options.asOf !== undefined && Number.isNaN(Date.parse(options.asOf))) {
    throw new ConfigError(`--as-of ${options.asOf}: not an ISO date or instant`);
  }
  return withStore(options, async (store) => {
    // The app's policies (`--policies`), else the store's: one registry for the query and the export.
    const registry = options.policies ?? (await store.policies.registry());
    const resolved = { ...query, policies: registry };
    const source = options.asOf === undefined ? store.query(resolved) : store.asOf(options.asOf, resolved);
    // The records' terms are weighed for the audience, with its purpose, as the party.
    const party = {
      ...(options.audience ?? PUBLIC_AUDIENCE),
      ...(options.purpose === undefined ? {} : { purpose: options.purpose }),
    };
    // exportRecords weighs each record once; what its terms withhold is not counted as written.
    let read = 0;
    let withheld = 0;
    const terms: PolicyTerms = {
      party,
      registry,
      onReport: (_record, decision) => {
        if (!decision.permitted) withheld += 1;
      },
    };
    const counted = (async function* (): AsyncGenerator<TwinRecord> {
      for await (const record of source) {
        read += 1;
        yield record;
      }
    })();
    const bytes = await write(exportRecords(counted, format as ExportFormat, { terms }), out);
    return { records: read - withheld, bytes };
  });
}

/**
 * `ldn-twin store query --kind … --near lon,lat --radius m [--format ndjson|geojson|csv|geoparquet]`:
 * the matching records, NDJSON by default, written to `out`.
 *
 * @throws ConfigError naming the bad option.
 *
 * @example
 * ```ts
 * import { runStoreQuery } from '@ldn-twin/store';
 * await runStoreQuery(
 *   { store: './london-store', kind: ['PlanningApplication'], near: '-0.1199,51.4922', radius: '250' },
 *   process.stdout,
 * );
 * ```
 */
export function runStoreQuery(
  options: StoreFilterOptions & { readonly format?: string },
  out: Writable,
): Promise<StoreOutputReport> {
  return output(options, options.format ?? 'ndjson', out);
}

/**
 * `ldn-twin store export --format geoparquet|geojson|ndjson|csv` (with the query's filters): the
 * records, written to `out` (a file stream for GeoParquet).
 *
 * @throws ConfigError naming the bad option.
 *
 * @example
 * ```ts
 * import { createWriteStream } from 'node:fs';
 * import { runStoreExport } from '@ldn-twin/store';
 * await runStoreExport({ store: './london-store', format: 'geoparquet' }, createWriteStream('london.parquet'));
 * ```
 */
export function runStoreExport(
  options: StoreFilterOptions & { readonly format: string },
  out: Writable,
): Promise<StoreOutputReport> {
  return output(options, options.format, out);
}

/**
 * `ldn-twin store policies --store … [--policies FILE]`: stores the policies given (validated, by
 * `uid`, replacing one with the same `uid`), then writes the uid of every policy the store holds, one
 * a line, to `out`. Store reads resolve the ids records' labels name in these (beside London's open
 * licences) when the app gives no registry.
 *
 * @throws SchemaError naming the first value that is not an ODRL policy (nothing is stored then).
 *
 * @example
 * ```ts
 * import { EXAMPLE_SHARED_ASSETS_POLICY } from '@ldn-twin/core';
 * import { runStorePolicies } from '@ldn-twin/store';
 * await runStorePolicies({ store: './london-store', policies: [EXAMPLE_SHARED_ASSETS_POLICY] }, process.stdout);
 * ```
 */
export function runStorePolicies(
  options: StoreOption & { readonly policies?: readonly unknown[] },
  out: Writable,
): Promise<{ readonly stored: number; readonly held: number }> {
  return withStore(options, async (store) => {
    const stored = options.policies === undefined ? 0 : await store.policies.put(options.policies);
    const held = await store.policies.list();
    await write(
      held.map((policy) => `${policy.uid}\n`),
      out,
    );
    return { stored, held: held.length };
  });
}

/** The parsed options of `ldn-twin sync`: the store, the bound connector, the operation and its params. */
export interface SyncCommandOptions<C extends AnyConnector, O extends keyof C['operations'] & string>
  extends StoreOption {
  readonly connector: BoundConnector<C>;
  readonly operation: O;
  readonly params: SyncParams<C, O>;
}

/**
 * `ldn-twin sync <connector> <operation> --param k=v … --store …`: runs the operation into the store
 * and writes one summary line to `out`.
 *
 * @throws ConfigError when the params are invalid (from the connector) or the store cannot be named.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { planningData } from '@ldn-twin/connectors/planning-data';
 * import { runSync } from '@ldn-twin/store';
 * const connector = connect(planningData, { client: createClient() });
 * await runSync(
 *   { store: './london-store', connector, operation: 'searchEntities', params: { datasets: ['conservation-area'] } },
 *   process.stderr,
 * );
 * ```
 */
export async function runSync<C extends AnyConnector, O extends keyof C['operations'] & string>(
  options: SyncCommandOptions<C, O>,
  out: Writable,
): Promise<SyncReport> {
  return withStore(options, async (store) => {
    const report = await syncConnector(store, options.connector, options.operation, options.params);
    const { run, put } = report;
    const line =
      `${report.source}: ${run.received} received, ${run.mapped} mapped, ${run.failed} failed; ` +
      `${put.stored} stored (${put.changed} changed), ${put.unchanged} unchanged, ${put.rejected} rejected` +
      `${report.since === undefined ? '' : `; since ${report.since}`}${report.complete ? '' : '; incomplete, checkpoint kept'}\n`;
    await write([line], out);
    return report;
  });
}

/** The parsed options of `ldn-twin watch`: those of `sync`, how often to poll, and when to stop. */
export interface WatchCommandOptions<C extends AnyConnector, O extends keyof C['operations'] & string>
  extends SyncCommandOptions<C, O> {
  /** Seconds between polls (default 60). */
  readonly interval?: string | number;
  /** Stop after this many polls (default: until `signal` aborts). */
  readonly polls?: string | number;
  readonly signal?: AbortSignal;
}

/**
 * `ldn-twin watch <connector> <operation> --param k=v … --store …`: polls the operation into the
 * store and writes each change to `out` as one NDJSON line (`{"type":"added"|"changed","record":…}`
 * or `{"type":"removed","id":…}`), and a line per failed poll to `log`.
 *
 * @throws ConfigError naming a bad option.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { planningData } from '@ldn-twin/connectors/planning-data';
 * import { runWatch } from '@ldn-twin/store';
 * const connector = connect(planningData, { client: createClient() });
 * await runWatch(
 *   { store: './london-store', connector, operation: 'searchEntities', params: { datasets: ['conservation-area'] }, interval: 3600 },
 *   process.stdout,
 *   process.stderr,
 * );
 * ```
 */
export async function runWatch<C extends AnyConnector, O extends keyof C['operations'] & string>(
  options: WatchCommandOptions<C, O>,
  out: Writable,
  log: Writable,
): Promise<WatchSummary> {
  const interval = options.interval === undefined ? 60 : number(options.interval, '--interval');
  if (interval <= 0) throw new ConfigError(`--interval ${String(options.interval)}: give seconds above 0`);
  const polls = options.polls === undefined ? undefined : number(options.polls, '--polls');
  if (polls !== undefined && (!Number.isInteger(polls) || polls < 1))
    throw new ConfigError(`--polls ${String(options.polls)}: give a whole number of 1 or more`);
  return withStore(options, (store) =>
    watchConnector(store, options.connector, options.operation, options.params, {
      intervalMs: interval * 1000,
      ...(polls === undefined ? {} : { polls }),
      ...(options.signal ? { signal: options.signal } : {}),
      onChange: (change) => write([`${JSON.stringify(change)}\n`], out).then(() => {}),
      onPoll: ({ report, error }) => {
        const why =
          error instanceof Error
            ? error.message.split('\n')[0]
            : report?.complete === false
              ? 'incomplete'
              : undefined;
        if (why !== undefined) log.write(`watch: a poll failed (${why}); checkpoint kept, backing off\n`);
      },
    }),
  );
}
