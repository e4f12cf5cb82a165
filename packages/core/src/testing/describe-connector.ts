/**
 * The connector test kit: one call declares a connector's standard tests in the test runner the
 * caller hands it (vitest's `describe`, `it`, hooks and `vi`; core itself does not depend on
 * vitest). It runs {@link validateConnector} on the recorded answers, the fault harness over every
 * case on virtual time, the check that schema drift is ever caught, and the key checks from the
 * connector's one table of credentials.
 */
import { connect } from '../connector/connect.js';
import type { AnyConnector, CredentialSpec } from '../connector/contract.js';
import type { RunReport } from '../connector/mapping.js';
import { isLdnTwinError } from '../errors.js';
import { createClient, type Logger } from '../http/client.js';
import { recordHar, stringifyHar } from '../http/har.js';
import { FAULT_CASES, type FaultCase, itemsOf, retypeFieldCase, runFaultHarness } from './fault-harness.js';
import { validateConnector } from './validate-connector.js';

/**
 * The parts of a test runner the kit uses. `import * as vitest from 'vitest'` is one; any runner
 * with the same shape will do.
 */
export interface ConnectorTestRunner {
  readonly describe: (name: string, body: () => void) => void;
  readonly it: ((name: string, body: () => Promise<void>, timeout?: number) => void) & {
    readonly concurrent: (name: string, body: () => Promise<void>, timeout?: number) => void;
  };
  readonly beforeAll: (body: () => void) => void;
  readonly afterAll: (body: () => void) => void;
  readonly vi: {
    useFakeTimers(options: { toFake: ('setTimeout' | 'clearTimeout' | 'Date')[] }): unknown;
    useRealTimers(): unknown;
    advanceTimersByTimeAsync(ms: number): Promise<unknown>;
  };
}

/** One operation run of the kit: checked for conformance and run through the faults. */
export interface ConnectorCase {
  readonly operation: string;
  readonly params: unknown;
  /** Names the case in test titles where one operation is run more than once. */
  readonly label?: string;
  /** Config for this case (default: the kit's `config`). */
  readonly config?: unknown;
  /** The fault cases to run (default: the kit's `faults`, else {@link FAULT_CASES}). */
  readonly faults?: readonly FaultCase[];
  /** A fault case still running after this long is a hang (default: the harness's 20 s). */
  readonly deadlineMs?: number;
  /** Run through {@link validateConnector} too (default true; false for a fault-only rerun). */
  readonly validate?: boolean;
  /**
   * Why this case may let drift pass unnoticed (a payload the connector reads leniently on
   * purpose); left out, the drift check must notice it.
   */
  readonly driftUnnoticed?: string;
}

/**
 * One row of a service's key table: a config holding its credentials (the values the contract's
 * `auth.credentials` name) and an operation to run with them.
 */
export interface KeyCase {
  readonly config: unknown;
  readonly operation: string;
  readonly params: unknown;
  /** Names the row in test titles (default: the credential's config fields). */
  readonly label?: string;
}

/** Options of {@link describeConnector}. */
export interface DescribeConnectorOptions {
  /** The test runner's functions: `import * as vitest from 'vitest'`. */
  readonly runner: ConnectorTestRunner;
  /** Answers every request of the cases with a good recorded response. */
  readonly recorded: typeof fetch;
  /** The connector's config for every case that sets none. */
  readonly config?: unknown;
  readonly cases: readonly ConnectorCase[];
  /** The fault cases for every case that sets none (default {@link FAULT_CASES}). */
  readonly faults?: readonly FaultCase[];
  /** The service's key table: every row is checked for leaks. */
  readonly keys?: readonly KeyCase[];
}

const REDIRECTS = [
  'a redirect to another host (credentials must not follow)',
  'a redirect to a link-local metadata address',
];

/**
 * Declares a connector's standard tests: `validateConnector` over the cases, every fault case
 * over every case (on fake timers, so waits cost no real time), a check that schema drift is
 * caught by at least one case (ended partial or with a schema error), and for every row of the
 * key table: the key goes on the wire as the contract declares, never reaches an error, log,
 * progress event, HAR archive, record or run report when the service echoes it, and never reaches
 * another host on a redirect.
 *
 * @example
 * ```ts
 * import { tfl } from '@ldn-twin/connectors/tfl';
 * import { describeConnector } from '@ldn-twin/core/testing';
 * import * as vitest from 'vitest';
 *
 * describeConnector(tfl, {
 *   runner: vitest,
 *   recorded: async () => new Response(recordedRoads, { headers: { 'content-type': 'application/json' } }),
 *   cases: [{ operation: 'roadDisruptions', params: {} }],
 *   keys: [{ config: { appKey: 'tfl-K3y-0123456789' }, operation: 'roadDisruptions', params: {} }],
 * });
 * ```
 */
export function describeConnector(connector: AnyConnector, options: DescribeConnectorOptions): void {
  const { runner, recorded } = options;
  const { describe, it, beforeAll, afterAll, vi } = runner;
  const advanceTime = (ms: number) => vi.advanceTimersByTimeAsync(ms);
  /** Runs `work` while moving the fake clock on, so rate-limit slots and backoff pass. */
  const advancing = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    void work.finally(() => {
      done = true;
    });
    while (!done) await advanceTime(25);
    return work;
  };
  const title = (c: ConnectorCase) => `${c.operation}${c.label ? ` (${c.label})` : ''}`;

  describe(`${connector.id} (connector kit)`, () => {
    // Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
    beforeAll(() => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    });
    afterAll(() => {
      vi.useRealTimers();
    });

    const validated = options.cases.filter((c) => c.validate !== false);
    it(`${connector.id} passes validateConnector on the recorded answers`, async () => {
      const problems: string[] = [];
      for (const c of validated) {
        const result = await advancing(
          validateConnector(connector, {
            client: createClient({ cache: false, fetch: recorded }),
            config: c.config ?? options.config,
            cases: [{ operation: c.operation, params: c.params }],
          }),
        );
        problems.push(...result.problems.map((p) => `${title(c)}: ${p}`));
      }
      equal(problems, [], 'conformance problems');
    });

    for (const c of options.cases) {
      it.concurrent(`${connector.id} ${title(c)} survives every fault honestly`, async () => {
        const cases = c.faults ?? options.faults ?? FAULT_CASES;
        const run = await runFaultHarness({
          advanceTime,
          connector,
          config: c.config ?? options.config,
          operation: c.operation,
          params: c.params,
          fetch: recorded,
          cases,
          ...(c.deadlineMs !== undefined ? { deadlineMs: c.deadlineMs } : {}),
        });
        equal(run.length, cases.length, 'fault results');
        equal(
          run.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`),
          [],
          'faults that did not end honestly',
        );
        for (const r of run) {
          const { received, mapped, failed } = r.report;
          if (received !== mapped + failed) {
            throw new Error(`${r.case}: received ${received} != mapped ${mapped} + failed ${failed}`);
          }
        }
      }, 60_000);
    }

    it(`${connector.id} notices schema drift in every case: some field of the first item, given another type, ends partial or in a schema error`, async () => {
      const unnoticed: string[] = [];
      const checked = validated.filter((c) => c.driftUnnoticed === undefined);
      if (checked.length === 0) throw new Error('every case is exempt from the drift check');
      for (const c of checked) {
        const seen = { fields: [] as string[] };
        let noticed = false;
        for (let index = 0; !noticed && (index === 0 || index < seen.fields.length); index += 1) {
          const [result] = await runFaultHarness({
            advanceTime,
            connector,
            config: c.config ?? options.config,
            operation: c.operation,
            params: c.params,
            fetch: recorded,
            cases: [retypeFieldCase(index, seen)],
          });
          if (result?.problem) throw new Error(`${title(c)}: ${result.case}: ${result.problem}`);
          noticed =
            result?.outcome === 'partial' ||
            (result?.outcome === 'typed-error' && result.errorCode === 'SCHEMA');
        }
        if (!noticed) unnoticed.push(`${title(c)} (fields: ${seen.fields.join(', ') || 'none'})`);
      }
      equal(unnoticed, [], 'cases where no drift was noticed');
    });

    for (const key of options.keys ?? []) {
      const secrets = secretsOf(connector, key.config);
      const label =
        key.label ??
        specsOf(connector)
          .map((s) => s.config)
          .join(', ');
      const run = { connector, config: key.config, operation: key.operation, params: key.params };

      it(`${connector.id} key (${label}) goes on the wire as declared; echoed in a good answer, it reaches no error, log, progress event, HAR, record or run report`, async () => {
        const sent: Request[] = [];
        const echoing: typeof fetch = async (input, init) => {
          const request = new Request(input, init);
          sent.push(request.clone());
          return echoIn(await recorded(request), echoOf(request));
        };
        const seen = await advancing(exposure(run, echoing));
        if (seen.error !== undefined) throw new Error(`the run failed: ${String(seen.error)}`);
        if (seen.records === 0) throw new Error('no records came out');
        equal(wireProblems(connector, key.config, sent), [], 'credentials not sent as declared');
        equal(leaksIn(seen.texts, secrets), [], 'where the key was found');
      });

      it(`${connector.id} key (${label}) echoed in an error reaches no error, log, HAR or run report`, async () => {
        const refusing: typeof fetch = async (input, init) => {
          const echo = echoOf(new Request(input, init));
          return Response.json({ message: `Invalid key ${echo}`, got: echo }, { status: 401 });
        };
        const seen = await advancing(exposure(run, refusing));
        if (!isLdnTwinError(seen.error)) throw new Error(`expected a typed error, got ${String(seen.error)}`);
        if (seen.logLines === 0) throw new Error('nothing was logged, so the logs were not checked');
        equal(leaksIn(seen.texts, secrets), [], 'where the key was found');
      });

      it(`${connector.id} key (${label}) never follows a redirect to another host`, async () => {
        const run = await runFaultHarness({
          advanceTime,
          connector,
          config: key.config,
          operation: key.operation,
          params: key.params,
          fetch: recorded,
          cases: FAULT_CASES.filter((c) => REDIRECTS.includes(c.name)),
        });
        equal(
          run.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`),
          [],
          'redirects that did not end honestly',
        );
      });
    }
  });
}

/** Throws, naming `what`, unless `actual` equals `expected` (compared as JSON). */
function equal(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

function specsOf(connector: AnyConnector): readonly CredentialSpec[] {
  return connector.auth.type === 'none' ? [] : (connector.auth.credentials ?? []);
}

function at(config: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined,
      config,
    );
}

/** The key table row's credential values, in every form they take on the wire. */
function secretsOf(connector: AnyConnector, config: unknown): string[] {
  const values = specsOf(connector)
    .map((spec) => ({ spec, value: at(config, spec.config) }))
    .filter((v): v is { spec: CredentialSpec; value: string } => typeof v.value === 'string');
  if (values.length === 0) {
    throw new Error(
      `${connector.id}: the key table row sets none of the credentials auth.credentials declares`,
    );
  }
  const part = (name: 'username' | 'password') =>
    values.find((v) => v.spec.wire.in === 'basic' && v.spec.wire.part === name)?.value;
  const username = part('username');
  const password = part('password');
  const basic = username !== undefined && password !== undefined ? [btoa(`${username}:${password}`)] : [];
  return [...values.map((v) => v.value), ...basic];
}

/** Where a declared credential was not sent as the contract says, on any request. */
function wireProblems(connector: AnyConnector, config: unknown, sent: readonly Request[]): string[] {
  const problems: string[] = [];
  for (const spec of specsOf(connector)) {
    const value = at(config, spec.config);
    if (typeof value !== 'string') continue;
    const { wire } = spec;
    const carried = sent.some((request) => {
      if (wire.in === 'query') return new URL(request.url).searchParams.get(wire.name ?? '') === value;
      if (wire.in === 'basic') return (request.headers.get('authorization') ?? '').startsWith('Basic ');
      const values = wire.name ? [request.headers.get(wire.name) ?? ''] : [...request.headers.values()];
      return values.some((v) => v.includes(value));
    });
    if (!carried)
      problems.push(
        `${spec.config} not sent in ${wire.in}${'name' in wire && wire.name ? ` ${wire.name}` : ''}`,
      );
  }
  return problems;
}

/** What an echoing service sends back: the request's URL and every header value. */
function echoOf(request: Request): string {
  return [request.url, ...request.headers.values()].join(' ');
}

/**
 * A good answer echoing `echo`: at the top of a JSON object, and in every string of a copy of the
 * first item (added to the items, so the run still yields the recorded records).
 */
async function echoIn(response: Response, echo: string): Promise<Response> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new Response(text, { status: response.status, headers: response.headers });
  }
  const items = itemsOf(json);
  const first = items?.[0];
  if (items && first) items.push(suffixStrings(first, ` ${echo}`) as Record<string, unknown>);
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    (json as Record<string, unknown>).echo = echo;
  }
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(json), { status: response.status, headers });
}

function suffixStrings(value: unknown, suffix: string): unknown {
  if (typeof value === 'string') return `${value}${suffix}`;
  if (Array.isArray(value)) return value.map((v) => suffixStrings(v, suffix));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, suffixStrings(v, suffix)]));
  }
  return value;
}

/** Runs the operation through a logging, recording client and gathers everything it let out. */
async function exposure(
  run: { connector: AnyConnector; config: unknown; operation: string; params: unknown },
  fetcher: typeof fetch,
) {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
  const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const progress: string[] = [];
  const recorder = recordHar({ fetch: fetcher });
  const client = createClient({
    fetch: recorder.fetch,
    logger,
    cache: false,
    retry: { limit: 0 },
    onProgress: (event) => progress.push(JSON.stringify(event)),
  });
  const bound = connect(run.connector, { client, config: run.config }) as unknown as Record<
    string,
    (params: unknown) => AsyncIterable<unknown> & { report: RunReport }
  >;
  const stream = bound[run.operation]!(run.params);
  const records: unknown[] = [];
  let error: unknown;
  try {
    for await (const record of stream) records.push(record);
  } catch (e) {
    error = e;
  }
  const errorText = error
    ? [
        String(error),
        (error as Error).message,
        (error as Error).stack ?? '',
        JSON.stringify(error),
        JSON.stringify((error as { body?: unknown }).body),
        JSON.stringify((error as { request?: unknown }).request),
      ].join('\n')
    : '';
  return {
    error,
    records: records.length,
    logLines: lines.length,
    texts: {
      error: errorText,
      logs: lines.join('\n'),
      progress: progress.join('\n'),
      har: stringifyHar(recorder.archive()),
      records: JSON.stringify(records),
      report: JSON.stringify(stream.report),
    },
  };
}

/** Where a key (raw or URL-encoded) was found, e.g. `records`. */
function leaksIn(texts: Record<string, string>, secrets: readonly string[]): string[] {
  return Object.entries(texts)
    .filter(([, text]) => secrets.some((s) => text.includes(s) || text.includes(encodeURIComponent(s))))
    .map(([where]) => where);
}
