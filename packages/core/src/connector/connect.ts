/**
 * Binds a declarative connector to an application's HTTP client: each operation becomes a method
 * that validates its params, runs, and returns a {@link RecordStream} whose report says what came
 * in, what was mapped and what failed.
 */
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import type { TwinRecord } from '../model/index.js';
import type { AnyConnector, Operation } from './contract.js';
import { createMappingSession, type RunReport } from './mapping.js';

/** Records and the report of the run that produced them. */
export interface CollectedRecords<R> {
  readonly records: R[];
  readonly report: RunReport;
}

/**
 * The records of one operation run, as an async iterable (iterate it once). `report` is live while
 * iterating and final afterwards.
 */
export interface RecordStream<R> extends AsyncIterable<R> {
  readonly report: RunReport;
  /** Reads up to `limit` records (default 10,000), stopping the source early, with the report. */
  collect(options?: { readonly limit?: number }): Promise<CollectedRecords<R>>;
}

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

type RecordOf<O> = O extends Operation<z.ZodType, infer R, never> ? R : TwinRecord;
type ParamsOf<O> = O extends { readonly params: infer P extends z.ZodType } ? z.input<P> : never;

/** A connector bound to a client: one method per operation. */
export type BoundConnector<C extends AnyConnector> = {
  readonly [K in keyof C['operations']]: (
    params: ParamsOf<C['operations'][K]>,
    options?: CallOptions,
  ) => RecordStream<RecordOf<C['operations'][K]>>;
} & { readonly connector: C };

/** Options of {@link connect}. */
export interface ConnectOptions<C extends AnyConnector> {
  readonly client: HttpClient;
  /** The connector's configuration (base URL, credentials, ...), validated by its `config` schema. */
  readonly config?: z.input<C['config']>;
}

/**
 * Binds a connector to a client.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { planningData } from '@ldn-twin/connectors/planning-data';
 *
 * const planning = connect(planningData, { client: createClient() });
 * const { records, report } = await planning
 *   .searchEntities({ point: [-0.1199, 51.4922], datasets: ['conservation-area'] })
 *   .collect();
 * console.log(records.length, report.failed);
 * ```
 */
export function connect<C extends AnyConnector>(connector: C, options: ConnectOptions<C>): BoundConnector<C> {
  const config = connector.config.safeParse(options.config ?? {});
  if (!config.success) {
    throw new ConfigError(`${connector.id}: invalid config: ${describeIssues(config.error.issues)}`);
  }
  if (connector.rateLimits) options.client.addHostLimits(connector.rateLimits);
  const secrets = credentialsIn(config.data);
  const bound: Record<string, unknown> = { connector };
  for (const [name, operation] of Object.entries(connector.operations)) {
    bound[name] = (params: unknown, call: CallOptions = {}) => {
      const parsed = operation.params.safeParse(params);
      if (!parsed.success) {
        throw new ConfigError(
          `${connector.id}.${name}: invalid params: ${describeIssues(parsed.error.issues)}`,
        );
      }
      return stream(connector.id, name, secrets, (session) =>
        operation.run(parsed.data, {
          client: options.client,
          config: config.data,
          signal: call.signal,
          mapper: session.mapper,
          retrievedAt: new Date().toISOString(),
          page: (items) => {
            session.page();
            const operation = `${connector.id}.${name}`;
            const { pages, received, mapped } = session.report;
            options.client.progress({ type: 'page', operation, page: pages, items });
            options.client.progress({ type: 'records', operation, received, mapped });
          },
        }),
      );
    };
  }
  return bound as BoundConnector<C>;
}

function stream<R>(
  connector: string,
  operation: string,
  secrets: readonly string[],
  start: (session: ReturnType<typeof createMappingSession>) => AsyncIterable<R>,
): RecordStream<R> {
  const session = createMappingSession(connector, operation, secrets);
  let started = false;
  const iterate = async function* (): AsyncGenerator<R> {
    if (started) throw new ConfigError(`${connector}.${operation}: a record stream can be iterated once`);
    started = true;
    yield* start(session);
    session.finish();
  };
  return {
    report: session.report,
    [Symbol.asyncIterator]: () => iterate(),
    async collect({ limit = 10_000 } = {}) {
      const records: R[] = [];
      if (limit > 0) {
        for await (const record of iterate()) {
          records.push(record);
          if (records.length >= limit) break;
        }
      }
      return { records, report: session.report };
    },
  };
}

/** The credential values of a connector's config (keys, passwords, tokens), wherever they sit. */
function credentialsIn(config: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string) => {
    if (
      typeof value === 'string' &&
      /key|secret|password|token|credential|allowrequest/i.test(key) &&
      value.length >= 4
    ) {
      found.push(value);
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(config, '');
  return found;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
