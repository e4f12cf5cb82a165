/**
 * The fault harness: replays one connector operation through the faults city services really
 * produce (throttling, outages, timeouts, cut connections, broken or drifting payloads, endless
 * pagers, impossible geometry) and checks that each ends in one of three honest outcomes: success,
 * a typed ldn-twin error, or a partial result whose report accounts for every item
 * (`received === mapped + failed`). Never a hang, an untyped crash or a silent drop.
 *
 * It needs only a `fetch` that answers the operation's requests with good recorded responses (a
 * HAR replay, or msw); every fault is made from those responses, so it works for any connector.
 */
import { connect } from '../connector/connect.js';
import type { AnyConnector } from '../connector/contract.js';
import type { RunReport } from '../connector/mapping.js';
import { isLdnTwinError, type LdnTwinErrorCode } from '../errors.js';
import { createClient } from '../http/client.js';

/** How a fault case ended. */
export type FaultOutcome = 'success' | 'partial' | 'typed-error';

/** One fault and the outcomes it may honestly end in. */
export interface FaultCase {
  readonly name: string;
  /** Wraps the good fetch so it misbehaves. */
  readonly wrap: (good: typeof fetch) => typeof fetch;
  /** Outcomes that are honest for this fault (error codes narrow `typed-error`). */
  readonly allow: readonly FaultOutcome[];
  readonly errorCodes?: readonly LdnTwinErrorCode[];
  /** Extra check on the run, e.g. that the client waited as told. */
  readonly check?: (run: { readonly elapsedMs: number; readonly calls: number }) => string | undefined;
}

/** The result of one case. `problem` is set when the outcome was not an honest one. */
export interface FaultResult {
  readonly case: string;
  readonly outcome: FaultOutcome | 'hang' | 'untyped-error';
  readonly errorCode?: LdnTwinErrorCode;
  readonly report: RunReport;
  readonly records: number;
  readonly problem?: string;
}

/** Options of {@link runFaultHarness}. */
export interface FaultHarnessOptions {
  readonly connector: AnyConnector;
  readonly config?: unknown;
  readonly operation: string;
  readonly params: unknown;
  /** Answers the operation's requests with good (recorded) responses. */
  readonly fetch: typeof fetch;
  /** The cases to run (default: {@link FAULT_CASES}). */
  readonly cases?: readonly FaultCase[];
  /** A case still running after this long is a hang (default 20 s). */
  readonly deadlineMs?: number;
}

const SIZE_LIMIT = 256 * 1024;

/** Replaces the body of a response, keeping status and headers unless given. */
function withBody(response: Response, body: BodyInit | null, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers ?? response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(body, { status: init.status ?? response.status, headers });
}

/** A fetch that answers the first `times` calls with `fault`, then passes through. */
function firstCalls(times: number, fault: () => Response | Promise<Response>) {
  return (good: typeof fetch): typeof fetch => {
    let calls = 0;
    return (input, init) => {
      calls += 1;
      return calls <= times ? Promise.resolve(fault()) : good(input, init);
    };
  };
}

/** A fetch whose JSON bodies are changed by `mutate` (non-JSON bodies pass through). */
function mutateJson(mutate: (json: unknown) => unknown) {
  return (good: typeof fetch): typeof fetch =>
    async (input, init) => {
      const response = await good(input, init);
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return withBody(response, text);
      }
      return withBody(response, JSON.stringify(mutate(json)));
    };
}

/** The largest array of objects in a payload: where a service keeps its items. */
function itemsOf(json: unknown): Record<string, unknown>[] | undefined {
  let best: Record<string, unknown>[] | undefined;
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      if (value.length > 0 && value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v))) {
        if (!best || value.length > best.length) best = value as Record<string, unknown>[];
      }
      value.forEach(visit);
    } else if (typeof value === 'object' && value !== null) {
      Object.values(value).forEach(visit);
    }
  };
  visit(json);
  return best;
}

/** Changes the first item of the payload's item list (or the payload itself when it is one object). */
function driftFirstItem(change: (item: Record<string, unknown>, key: string) => void) {
  return mutateJson((json) => {
    const item =
      itemsOf(json)?.[0] ??
      (typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : undefined);
    const key = item && Object.keys(item)[0];
    if (item && key !== undefined) change(item, key);
    return json;
  });
}

/** Moves every coordinate pair and WKT point out of range. */
function breakCoordinates(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length >= 2 && value.every((v) => typeof v === 'number')) return [999, 999, ...value.slice(2)];
    return value.map(breakCoordinates);
  }
  if (typeof value === 'string' && /^\s*(MULTI)?(POINT|POLYGON|LINESTRING)\s*\(/i.test(value)) {
    return value.replace(/-?\d+(\.\d+)?\s+-?\d+(\.\d+)?/g, '999 999');
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, breakCoordinates(v)]));
  }
  return value;
}

const html = () =>
  new Response('<!doctype html><html><body><h1>Service temporarily unavailable</h1></body></html>', {
    status: 200,
    headers: { 'content-type': 'text/html' },
  });

/**
 * The standard fault cases. Each says which outcomes are honest for it.
 *
 * @example
 * ```ts
 * import { FAULT_CASES } from '@ldn-twin/core/testing';
 * console.log(FAULT_CASES.map((c) => c.name));
 * ```
 */
export const FAULT_CASES: readonly FaultCase[] = [
  {
    name: '429 with Retry-After, then success',
    wrap: firstCalls(1, () => new Response('slow down', { status: 429, headers: { 'retry-after': '1' } })),
    allow: ['success'],
    check: ({ elapsedMs }) => (elapsedMs < 950 ? `did not wait as told (${elapsedMs} ms < 1 s)` : undefined),
  },
  {
    name: '503 twice, then success',
    wrap: firstCalls(2, () => new Response('busy', { status: 503 })),
    allow: ['success'],
  },
  {
    name: 'a timeout',
    wrap: () => (_input, init) =>
      new Promise<Response>((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
      }),
    allow: ['typed-error'],
    errorCodes: ['TIMEOUT'],
  },
  {
    name: 'a slow body',
    wrap: (good) => async (input, init) => {
      const response = await good(input, init);
      const head = (await response.text()).slice(0, 10);
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(head));
        },
      });
      return withBody(response, body);
    },
    allow: ['typed-error'],
    errorCodes: ['TIMEOUT'],
  },
  {
    name: 'a dropped connection',
    wrap: () => () => Promise.reject(new TypeError('fetch failed: socket hang up')),
    allow: ['typed-error'],
    errorCodes: ['NETWORK'],
  },
  {
    name: 'truncated JSON',
    wrap: (good) => async (input, init) => {
      const response = await good(input, init);
      const text = await response.text();
      return withBody(response, text.slice(0, Math.floor(text.length / 2)));
    },
    allow: ['typed-error'],
    errorCodes: ['SCHEMA', 'NETWORK'],
  },
  {
    name: 'an HTML error page with status 200',
    wrap: () => () => Promise.resolve(html()),
    allow: ['typed-error'],
    errorCodes: ['SCHEMA'],
  },
  {
    name: 'the wrong content type',
    wrap: (good) => async (input, init) => {
      const response = await good(input, init);
      return withBody(response, await response.text(), { headers: { 'content-type': 'text/plain' } });
    },
    allow: ['success', 'partial', 'typed-error'],
    errorCodes: ['SCHEMA'],
  },
  {
    name: 'an empty body',
    wrap: (good) => async (input, init) => withBody(await good(input, init), ''),
    allow: ['typed-error'],
    errorCodes: ['SCHEMA'],
  },
  {
    name: 'a payload far larger than expected',
    wrap: (good) => async (input, init) => withBody(await good(input, init), `[${'0,'.repeat(SIZE_LIMIT)}0]`),
    allow: ['typed-error'],
    errorCodes: ['TOO_LARGE'],
  },
  {
    name: 'schema drift: a field missing',
    wrap: driftFirstItem((item, key) => {
      delete item[key];
    }),
    allow: ['success', 'partial', 'typed-error'],
    errorCodes: ['SCHEMA'],
  },
  {
    name: 'schema drift: a field renamed',
    wrap: driftFirstItem((item, key) => {
      item[`${key}_renamed`] = item[key];
      delete item[key];
    }),
    allow: ['success', 'partial', 'typed-error'],
    errorCodes: ['SCHEMA'],
  },
  {
    name: 'schema drift: a field of another type',
    wrap: driftFirstItem((item, key) => {
      item[key] = typeof item[key] === 'number' ? 'not a number' : { unexpected: true };
    }),
    allow: ['success', 'partial', 'typed-error'],
    errorCodes: ['SCHEMA'],
  },
  {
    name: 'schema drift: an extra field',
    wrap: driftFirstItem((item) => {
      item.unexpectedNewField = 'added upstream';
    }),
    allow: ['success', 'partial'],
  },
  {
    name: 'a pager that returns the same page forever',
    wrap: (good) => {
      let first: Response | undefined;
      return async (input, init) => {
        first ??= await good(input, init);
        return first.clone();
      };
    },
    allow: ['success', 'partial', 'typed-error'],
    // A repeated answer to a request that expects another shape (a download after a listing) is a
    // schema error; to a pager, a paging error.
    errorCodes: ['PAGING', 'SCHEMA'],
  },
  {
    name: 'invalid geometry (coordinates out of range)',
    wrap: mutateJson(breakCoordinates),
    allow: ['success', 'partial', 'typed-error'],
    errorCodes: ['SCHEMA'],
  },
];

/**
 * Runs one connector operation through every fault case and returns one result per case; a case
 * with `problem` set did not end honestly. Pair it with an assertion in your test runner.
 *
 * @example
 * ```ts
 * import { replayHar } from '@ldn-twin/core';
 * import { runFaultHarness } from '@ldn-twin/core/testing';
 *
 * const results = await runFaultHarness({
 *   connector: planningData,
 *   operation: 'searchEntities',
 *   params: { point: [-0.12, 51.49], datasets: ['conservation-area'] },
 *   fetch: replayHar(archive),
 * });
 * expect(results.filter((r) => r.problem)).toEqual([]);
 * ```
 */
export async function runFaultHarness(options: FaultHarnessOptions): Promise<FaultResult[]> {
  const results: FaultResult[] = [];
  for (const fault of options.cases ?? FAULT_CASES) {
    results.push(await runCase(fault, options));
  }
  return results;
}

async function runCase(fault: FaultCase, options: FaultHarnessOptions): Promise<FaultResult> {
  let calls = 0;
  const faulty = fault.wrap(options.fetch);
  const client = createClient({
    cache: false,
    timeoutMs: 300,
    retry: { limit: 3, backoffLimitMs: 50 },
    maxResponseBytes: SIZE_LIMIT,
    fetch: (input, init) => {
      calls += 1;
      return faulty(input, init);
    },
  });
  const bound = connect(options.connector, { client, config: options.config }) as unknown as Record<
    string,
    (params: unknown, call: { signal: AbortSignal }) => AsyncIterable<unknown> & { report: RunReport }
  >;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('hang')), options.deadlineMs ?? 20_000);
  const started = Date.now();
  const stream = bound[options.operation]!(options.params, { signal: deadline.signal });
  let records = 0;
  let outcome: FaultResult['outcome'];
  let errorCode: LdnTwinErrorCode | undefined;
  let problem: string | undefined;
  try {
    // Each step races the deadline, so a run that stops making progress is reported, not awaited.
    const iterator = stream[Symbol.asyncIterator]();
    const stalled = new Promise<never>((_, reject) => {
      deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason), { once: true });
    });
    stalled.catch(() => {});
    for (;;) {
      const step = await Promise.race([iterator.next(), stalled]);
      if (step.done) break;
      records += 1;
      // A pager that never ends would also be a hang: cap pages at a generous number.
      if (stream.report.pages > 1000) throw new Error('more than 1,000 pages: the pager did not stop');
    }
    outcome = stream.report.failed > 0 ? 'partial' : 'success';
  } catch (error) {
    if (deadline.signal.aborted) outcome = 'hang';
    else if (isLdnTwinError(error)) {
      outcome = 'typed-error';
      errorCode = error.code;
    } else {
      outcome = 'untyped-error';
      problem = `untyped error: ${String(error)}`;
    }
  } finally {
    clearTimeout(timer);
  }
  const report = stream.report;
  if (outcome === 'hang') problem = `still running after ${options.deadlineMs ?? 20_000} ms`;
  if (!problem && !fault.allow.includes(outcome as FaultOutcome)) {
    problem = `ended ${outcome}${errorCode ? ` (${errorCode})` : ''}, expected ${fault.allow.join(' or ')}`;
  }
  if (
    !problem &&
    outcome === 'typed-error' &&
    fault.errorCodes &&
    errorCode &&
    !fault.errorCodes.includes(errorCode)
  ) {
    problem = `typed error ${errorCode}, expected ${fault.errorCodes.join(' or ')}`;
  }
  if (!problem && report.received !== report.mapped + report.failed) {
    problem = `records lost: received ${report.received} != mapped ${report.mapped} + failed ${report.failed}`;
  }
  if (!problem && report.records !== records)
    problem = `report counts ${report.records} records, ${records} came out`;
  if (!problem && fault.check) problem = fault.check({ elapsedMs: Date.now() - started, calls });
  return {
    case: fault.name,
    outcome,
    ...(errorCode ? { errorCode } : {}),
    report,
    records,
    ...(problem ? { problem } : {}),
  };
}
