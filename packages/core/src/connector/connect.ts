/**
 * Binds a declarative connector to an application's HTTP client: each operation becomes a method
 * that validates its params, runs, and returns a {@link RecordStream} whose report says what came
 * in, what was mapped and what failed.
 */
import type { z } from 'zod';
import { ConfigError, PagingError } from '../errors.js';
import type { HttpClient, RequestOptions } from '../http/client.js';
import { checkCredential } from '../http/credential-check.js';
import { type CollectOptions, collect } from '../http/paging.js';
import type { TwinRecord } from '../model/index.js';
import type { AnyConnector, Operation } from './contract.js';
import { createMappingSession, type MappingSession, type RunReport } from './mapping.js';

/** Records and the report of the run that produced them. */
export interface CollectedRecords<R> {
  readonly records: R[];
  readonly report: RunReport;
  /**
   * True when `onLimit: 'truncate'` stopped the run at `limit` records before its end: the
   * records are the first `limit`, not all.
   */
  readonly truncated: boolean;
}

/**
 * The records of one operation run, as an async iterable (iterate it once). `report` is live while
 * iterating and final afterwards.
 */
export interface RecordStream<R> extends AsyncIterable<R> {
  readonly report: RunReport;
  /**
   * Reads the records, at most `limit` (default 10,000), with the report. Like `collect` from the
   * paging helpers: a run holding more than `limit` records throws a `PagingError` whose `partial`
   * holds the first `limit`, unless `onLimit: 'truncate'` is passed (then `truncated` says so).
   */
  collect(options?: CollectOptions): Promise<CollectedRecords<R>>;
}

/** The default bounds of one call: far above any real listing, far below "forever". */
export const DEFAULT_CALL_BOUNDS = { maxPages: 10_000, maxRecords: 1_000_000 } as const;

/** Per-call options. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /**
   * The most pages one call fetches (default 10,000). A pager that serves new items forever ends
   * in a `PagingError`; the records yielded before it are kept (and `collect` puts them in `partial`).
   */
  readonly maxPages?: number;
  /** The most records one call yields (default 1,000,000), with the same ending as `maxPages`. */
  readonly maxRecords?: number;
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
 * Binds a connector to a client. The credentials the connector declares (`auth.credentials`) are
 * checked here, before any request (a key with a line break or a character outside Latin-1 is a
 * `ConfigError` that does not print it), and redacted from everything the run lets out.
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
  const limits =
    typeof connector.rateLimits === 'function' ? connector.rateLimits(config.data) : connector.rateLimits;
  if (limits) options.client.addHostLimits(limits);
  const secrets = credentialsOf(connector, config.data);
  const client = connector.redirectHosts?.length
    ? withRedirectHosts(options.client, connector.redirectHosts)
    : options.client;
  const bound: Record<string, unknown> = { connector };
  for (const [name, operation] of Object.entries(connector.operations)) {
    bound[name] = (params: unknown, call: CallOptions = {}) => {
      const parsed = operation.params.safeParse(params);
      if (!parsed.success) {
        throw new ConfigError(
          `${connector.id}.${name}: invalid params: ${describeIssues(parsed.error.issues)}`,
        );
      }
      const id = `${connector.id}.${name}`;
      const maxPages = bound_(call.maxPages, DEFAULT_CALL_BOUNDS.maxPages, `${id}: maxPages`);
      const maxRecords = bound_(call.maxRecords, DEFAULT_CALL_BOUNDS.maxRecords, `${id}: maxRecords`);
      const session = createMappingSession(connector.id, name, secrets, options.client.redactor);
      return stream(connector.id, name, session, maxRecords, (session) =>
        operation.run(parsed.data, {
          client,
          config: config.data,
          signal: call.signal,
          mapper: session.mapper,
          retrievedAt: new Date().toISOString(),
          page: (items, total) => {
            if (session.report.pages >= maxPages) {
              throw new PagingError(
                `${id}: more than ${maxPages} pages (${session.report.records} records so far); the service may be paging forever. Pass a higher maxPages, or narrow the query`,
              );
            }
            session.page();
            const { pages, received, mapped } = session.report;
            const of = total === undefined ? {} : { total };
            options.client.progress({ type: 'page', operation: id, page: pages, items });
            options.client.progress({ type: 'records', operation: id, received, mapped, ...of });
          },
        }),
      );
    };
  }
  return bound as BoundConnector<C>;
}

function bound_(value: number | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!(Number.isInteger(value) || value === Number.POSITIVE_INFINITY) || value < 1) {
    throw new ConfigError(`${what} must be a positive integer, not ${value}`);
  }
  return value;
}

function stream<R>(
  connector: string,
  operation: string,
  session: MappingSession,
  maxRecords: number,
  start: (session: MappingSession) => AsyncIterable<R>,
): RecordStream<R> {
  let started = false;
  // A plain iterator handing on the operation's own results, not an async generator around it: a
  // generator's yield costs a promise, a queue entry and a result object per record on top of the
  // operation's (a third of the garbage of a whole search page). It behaves as the generator did:
  // the run starts at the first `next`, a second iteration fails there, leaving early stops the
  // operation (its fetching), and more than `maxRecords` records stop it and fail.
  const iterate = (): AsyncIterableIterator<R> => {
    let source: AsyncIterator<R> | undefined;
    let count = 0;
    let finished = false;
    const end = { done: true, value: undefined } as IteratorReturnResult<undefined>;
    const step = (result: IteratorResult<R>): IteratorResult<R> | Promise<IteratorResult<R>> => {
      if (result.done) {
        finished = true;
        session.finish();
        return end;
      }
      if (++count > maxRecords) {
        finished = true;
        const error = new PagingError(
          `${connector}.${operation}: more than ${maxRecords} records; pass a higher maxRecords, or narrow the query`,
        );
        return Promise.resolve(source?.return?.()).then(() => {
          throw error;
        });
      }
      return result;
    };
    const fail = (error: unknown): never => {
      finished = true;
      throw error;
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      next() {
        if (finished) return Promise.resolve(end);
        if (source === undefined) {
          if (started) {
            finished = true;
            return Promise.reject(
              new ConfigError(`${connector}.${operation}: a record stream can be iterated once`),
            );
          }
          started = true;
          source = start(session)[Symbol.asyncIterator]();
        }
        return source.next().then(step, fail);
      },
      async return() {
        if (!finished) {
          finished = true;
          await source?.return?.();
        }
        return end;
      },
    };
  };
  return {
    report: session.report,
    [Symbol.asyncIterator]: () => iterate(),
    async collect(options = {}) {
      const records = await collect(iterate(), options);
      const truncated = options.onLimit === 'truncate' && !session.report.complete && records.length > 0;
      return { records, report: session.report, truncated };
    },
  };
}

/** The client with `hosts` added to every request's `redirectHosts`. */
function withRedirectHosts(client: HttpClient, hosts: readonly string[]): HttpClient {
  const add = (request: RequestOptions = {}): RequestOptions => ({
    ...request,
    redirectHosts: [...hosts, ...(request.redirectHosts ?? [])],
  });
  return {
    ...client,
    json: (url, schema, request) => client.json(url, schema, add(request)),
    text: (url, request) => client.text(url, add(request)),
    stream: (url, request) => client.stream(url, add(request)),
  };
}

/**
 * What to hide of a connector's credentials, for a redactor (`createRedactor` from
 * `@ldn-twin/core/http`): the credential values its config holds (as `connect` finds them, with the
 * Basic token of a username and password pair), and the header and query names its contract
 * declares. Values are hidden wherever they appear, so a key under a header the config names (an
 * `apiKeyHeader` such as `authorization-key`) is hidden too. The values are not checked here.
 *
 * @example
 * ```ts
 * import { credentialRedaction } from '@ldn-twin/core';
 * import { createRedactor } from '@ldn-twin/core/http';
 * import { recordHar } from '@ldn-twin/core/har';
 * const config = { organisation: 'lb-camden', apiKeyHeader: 'authorization-key', apiKey: key };
 * const recorder = recordHar({ redactor: createRedactor(credentialRedaction(undergroundAssets, config)) });
 * ```
 */
export function credentialRedaction(
  connector: AnyConnector,
  config: unknown,
): { secrets: string[]; headerNames: string[]; paramNames: string[] } {
  const specs = connector.auth.type === 'none' ? [] : (connector.auth.credentials ?? []);
  const named = (where: 'header' | 'query') =>
    specs.flatMap((s) => (s.wire.in === where && s.wire.name ? [s.wire.name] : []));
  return {
    secrets: withBasicToken(connector, credentialValues(connector, config)).map((f) => f.value),
    headerNames: named('header'),
    paramNames: named('query'),
  };
}

/**
 * The credential values of a connector's config: the declared ones exactly, or (for a connector
 * that declares none) values under credential-like names, wherever they sit.
 */
function credentialValues(connector: AnyConnector, config: unknown): { where: string; value: string }[] {
  const specs = connector.auth.type === 'none' ? undefined : connector.auth.credentials;
  const found: { where: string; value: string }[] = [];
  if (specs) {
    for (const spec of specs) {
      const value = spec.config
        .split('.')
        .reduce<unknown>(
          (node, key) =>
            typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
          config,
        );
      if (typeof value === 'string') found.push({ where: spec.config, value });
    }
  } else {
    const visit = (value: unknown, path: string, key: string) => {
      if (typeof value === 'string' && /key|secret|password|token|credential|allowrequest/i.test(key)) {
        found.push({ where: path, value });
      } else if (typeof value === 'object' && value !== null) {
        for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k, k);
      }
    };
    visit(config, '', '');
  }
  return found;
}

/** The values with, for HTTP Basic, the pair's base64 token, which a service may echo back as it is; short ones left out. */
function withBasicToken(
  connector: AnyConnector,
  found: { where: string; value: string }[],
): { where: string; value: string }[] {
  const specs = connector.auth.type === 'none' ? undefined : connector.auth.credentials;
  const part = (name: 'username' | 'password') =>
    found.find((f) =>
      specs?.some((s) => s.config === f.where && s.wire.in === 'basic' && s.wire.part === name),
    )?.value;
  const [username, password] = [part('username'), part('password')];
  const token =
    username !== undefined && password !== undefined
      ? [{ where: 'basic', value: btoa(`${username}:${password}`) }]
      : [];
  return [...found, ...token].filter((f) => f.value.length >= 4);
}

/** The credential values of a connector's config, checked (see {@link credentialValues}). */
function credentialsOf(connector: AnyConnector, config: unknown): string[] {
  const found = credentialValues(connector, config);
  for (const { where, value } of found) checkCredential(value, `${connector.id} config ${where}`);
  return withBasicToken(connector, found).map((f) => f.value);
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}
