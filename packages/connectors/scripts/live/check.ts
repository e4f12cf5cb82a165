// The live check behind `pnpm live`: every operation of every connector, enumerated from the
// connectors' contracts, run once against the live service (or, as a dry run, only planned), with
// its response checked against the connector's own zod schemas: the envelope's (a SchemaError) and
// each item's (the run report's issues). Keys come from the environment variables the connectors
// declare (`auth.credentials[].env`); they are redacted from everything written.
import { type AnyConnector, connect, createClient, isLdnTwinError, isSchemaError } from '@ldn-twin/core';
import { type HarArchive, recordHar } from '@ldn-twin/core/har';
import { createRedactor, type Redactor } from '@ldn-twin/core/http';
import type { ConnectorSamples } from './samples.ts';

/** One request an operation made (or, in a dry run, would make). */
export interface LiveRequest {
  readonly method: string;
  /** With every key redacted. */
  readonly url: string;
  /** The keys it carries: the environment variable and where it goes (`header app_key`, `query key`). */
  readonly keys: readonly string[];
}

/** A problem with the response: a zod issue of the connector's raw schema, or a mapping failure. */
export interface DriftIssue {
  /** `envelope`: the page or body failed its schema; `parse`: an item did; `map`/`validate`: as in the run report. */
  readonly stage: 'envelope' | 'parse' | 'map' | 'validate';
  readonly path: string;
  readonly message: string;
}

/** The outcome of one operation. */
export interface OperationCheck {
  readonly connector: string;
  readonly operation: string;
  /**
   * `planned`: dry run, the requests it would make; `ok`: the response matched; `drift`: it did not
   * (see `issues`); `skipped`: not run (see `reason`); `failed`: the request failed (see `reason`);
   * `no-sample`: samples.ts has no arguments for it.
   */
  readonly status: 'planned' | 'ok' | 'drift' | 'skipped' | 'failed' | 'no-sample';
  readonly reason?: string;
  readonly requests: readonly LiveRequest[];
  /** Keys the connector declares that are not set in the environment. */
  readonly missingKeys: readonly string[];
  readonly issues?: readonly DriftIssue[];
  /** Raw items received and mapped (live runs). */
  readonly received?: number;
  readonly mapped?: number;
}

/** Options of {@link runLiveChecks}. */
export interface LiveCheckOptions {
  readonly connectors: readonly AnyConnector[];
  readonly samples: Readonly<Record<string, ConnectorSamples>>;
  /** Where keys are read (`process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Plan only: no request leaves the process. */
  readonly dryRun: boolean;
  /** The fetch of live runs (default: the global fetch). */
  readonly fetch?: typeof fetch;
  /** Called with each live operation's HAR archive (keys redacted), for `--record`. */
  readonly record?: (connector: string, operation: string, archive: HarArchive) => void;
  /** `connector` or `connector.operation`: run only those. */
  readonly only?: string;
}

/** At most this many issues are kept per operation. */
const MAX_ISSUES = 20;
/** A live operation stops after this many requests, whatever it pages through. */
const MAX_REQUESTS = 10;
/** The abort reason of a run the check itself stopped. */
const STOPPED = new Error('stopped by the live check');

interface Key {
  readonly env: string;
  readonly config: string;
  readonly value: string | undefined;
}

/**
 * Runs (or plans) one request per operation of every connector and says, per operation, whether its
 * response still matches the connector's schemas.
 *
 * @example
 * ```ts
 * const checks = await runLiveChecks({ connectors: [tfl], samples: liveSamples(Date.now()), env: process.env, dryRun: true });
 * for (const c of checks) console.log(c.connector, c.operation, c.requests[0]?.url);
 * ```
 */
export async function runLiveChecks(options: LiveCheckOptions): Promise<OperationCheck[]> {
  const checks: OperationCheck[] = [];
  for (const connector of options.connectors) {
    for (const operation of Object.keys(connector.operations)) {
      const id = `${connector.id}.${operation}`;
      if (options.only && options.only !== connector.id && options.only !== id) continue;
      checks.push(await checkOperation(connector, operation, options));
    }
  }
  return checks;
}

async function checkOperation(
  connector: AnyConnector,
  operation: string,
  options: LiveCheckOptions,
): Promise<OperationCheck> {
  const base = { connector: connector.id, operation, requests: [] as LiveRequest[] };
  const keys = declaredKeys(connector, options.env);
  const missingKeys = keys.filter((k) => k.value === undefined).map((k) => k.env);
  const samples = options.samples[connector.id];
  const sample = samples?.operations[operation];
  if (!sample) {
    return {
      ...base,
      missingKeys,
      status: 'no-sample',
      reason: 'no sample arguments in scripts/live/samples.ts',
    };
  }
  if ('skip' in sample) return { ...base, missingKeys: [], status: 'skipped', reason: sample.skip };

  const configWith = (values: readonly Key[]) => {
    const config = structuredClone(samples.config ?? {}) as Record<string, unknown>;
    for (const key of values) if (key.value !== undefined) setPath(config, key.config, key.value);
    return config;
  };
  // Whether the connector runs without the keys that are not set (TfL does, OS does not).
  const needsMissing = missingKeys.length > 0 && !connector.config.safeParse(configWith(keys)).success;
  if (needsMissing && !options.dryRun) {
    return { ...base, missingKeys, status: 'skipped', reason: `needs ${missingKeys.join(', ')} (not set)` };
  }
  // A dry run puts a stand-in where a key is missing, so the request it plans shows where the key goes.
  const withKeys = keys.map((k) => ({
    ...k,
    value: k.value ?? (options.dryRun ? `dry-run-${k.env}` : undefined),
  }));
  const config = configWith(withKeys);
  const configOk = connector.config.safeParse(config);
  if (!configOk.success) {
    const message = configOk.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    return { ...base, missingKeys, status: 'failed', reason: `config: ${message}` };
  }
  const params = connector.operations[operation]?.params.safeParse(sample.params);
  if (!params?.success) {
    return { ...base, missingKeys, status: 'failed', reason: `sample params: ${params?.error.message}` };
  }

  const secrets = withKeys.flatMap((k) => (k.value === undefined ? [] : [{ env: k.env, value: k.value }]));
  const redactor = createRedactor({ secrets: secrets.map((s) => s.value) });
  const requests: LiveRequest[] = [];
  const controller = new AbortController();
  // Stops the run: the client sees its call aborted, by the signal it was given.
  const stop = () => {
    controller.abort(STOPPED);
    return new Promise<Response>(() => {});
  };
  const note = (request: Request) => requests.push(describe(request, secrets, redactor));

  let pageSeen = false;
  const asked = new Set<string>();
  const recorder = options.record
    ? recordHar({ fetch: options.fetch ?? globalThis.fetch, redactor })
    : undefined;
  const send = recorder?.fetch ?? options.fetch ?? globalThis.fetch;
  const fetchOnce: typeof fetch = (input, init) => {
    const request = peek(input, init);
    if (options.dryRun) {
      note(request);
      return stop();
    }
    // One page: once a page came in, asking the same endpoint again is its next page.
    const endpoint = new URL(request.url).origin + new URL(request.url).pathname;
    if ((pageSeen && asked.has(endpoint)) || requests.length >= MAX_REQUESTS) return stop();
    asked.add(endpoint);
    note(request);
    return send(input, init);
  };
  const client = createClient({
    fetch: fetchOnce,
    cache: false,
    secrets: secrets.map((s) => s.value),
    ...(options.dryRun ? { retry: { limit: 0 } } : {}),
    onProgress: (event) => {
      if (event.type === 'page') pageSeen = true;
    },
  });
  const stream = connect(connector, { client, config })[operation]?.(sample.params, {
    signal: controller.signal,
  });
  let error: unknown;
  try {
    if (stream) for await (const _ of stream) void _;
  } catch (caught) {
    if (!controller.signal.aborted) error = caught;
  }
  if (recorder && options.record && requests.length > 0) {
    options.record(connector.id, operation, recorder.archive());
  }

  const done = { ...base, requests, missingKeys };
  if (options.dryRun) {
    const skips = needsMissing ? { reason: 'a live run skips it until its key is set' } : {};
    return error === undefined
      ? { ...done, ...skips, status: 'planned' }
      : { ...done, status: 'failed', reason: redactor.text(errorText(error)) };
  }
  const report = stream?.report;
  const counts = report ? { received: report.received, mapped: report.mapped } : {};
  if (isSchemaError(error)) {
    const issues = error.issues.slice(0, MAX_ISSUES).map((i) => ({
      stage: 'envelope' as const,
      path: i.path.join('.') || '(root)',
      message: redactor.text(i.message),
    }));
    return { ...done, ...counts, status: 'drift', reason: redactor.text(error.message), issues };
  }
  if (error !== undefined)
    return { ...done, ...counts, status: 'failed', reason: redactor.text(errorText(error)) };
  if (report && report.issues.length > 0) {
    const issues = report.issues.slice(0, MAX_ISSUES).map((i) => ({
      stage: i.stage,
      path: i.path ?? '(root)',
      message: redactor.text(i.message),
    }));
    return {
      ...done,
      ...counts,
      status: 'drift',
      reason: `${report.failed} of ${report.received} items failed`,
      issues,
    };
  }
  return { ...done, ...counts, status: 'ok' };
}

/** The keys a connector declares with an environment variable, and their values there. */
function declaredKeys(connector: AnyConnector, env: LiveCheckOptions['env']): Key[] {
  const specs = connector.auth.type === 'none' ? [] : (connector.auth.credentials ?? []);
  return specs.flatMap((spec) => {
    if (!spec.env) return [];
    const value = env[spec.env];
    return [{ env: spec.env, config: spec.config, value: value === '' ? undefined : value }];
  });
}

function setPath(target: Record<string, unknown>, path: string, value: string): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node[part] = typeof next === 'object' && next !== null ? next : {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** The method, URL and headers of a request, leaving its body unread for the real fetch. */
function peek(input: RequestInfo | URL, init: RequestInit | undefined): Request {
  const url = input instanceof Request ? input.url : String(input);
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  const headers = new Headers(input instanceof Request ? input.headers : undefined);
  for (const [name, value] of new Headers(init?.headers)) headers.set(name, value);
  return new Request(url, { method, headers });
}

/** A request as the report shows it: method, redacted URL and which keys it carries where. */
function describe(
  request: Request,
  secrets: readonly { readonly env: string; readonly value: string }[],
  redactor: Redactor,
): LiveRequest {
  const url = new URL(request.url);
  const keys = secrets.flatMap(({ env, value }) => [
    ...[...request.headers].filter(([, v]) => v.includes(value)).map(([name]) => `${env} in header ${name}`),
    ...[...url.searchParams].filter(([, v]) => v.includes(value)).map(([name]) => `${env} in query ${name}`),
  ]);
  return { method: request.method, url: redactor.url(request.url), keys };
}

function errorText(error: unknown): string {
  if (isLdnTwinError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The drift report as Markdown: one row per operation.
 *
 * @example
 * ```ts
 * writeFileSync('live-report.md', reportMarkdown(checks, { dryRun: false, at: new Date().toISOString() }));
 * ```
 */
export function reportMarkdown(
  checks: readonly OperationCheck[],
  run: { readonly dryRun: boolean; readonly at: string },
): string {
  const counts = new Map<string, number>();
  for (const c of checks) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const summary = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const rows = checks.map((c) => {
    const requests = c.requests
      .map((r) => `${r.method} ${r.url}${r.keys.length > 0 ? ` (${r.keys.join(', ')})` : ''}`)
      .join('<br>');
    const details = [
      c.reason,
      c.missingKeys.length > 0 ? `not set: ${c.missingKeys.join(', ')}` : undefined,
      c.received !== undefined ? `${c.mapped} of ${c.received} items mapped` : undefined,
      ...(c.issues ?? []).map((i) => `${i.stage} \`${i.path}\`: ${i.message}`),
    ].filter((d): d is string => d !== undefined);
    return `| \`${c.connector}.${c.operation}\` | ${c.status} | ${cell(requests)} | ${cell(details.join('<br>'))} |`;
  });
  return [
    `# Live check${run.dryRun ? ' (dry run: no request was made)' : ''}`,
    '',
    `${run.at}: ${checks.length} operations, ${summary}.`,
    '',
    '| operation | status | requests | details |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
