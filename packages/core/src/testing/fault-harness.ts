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
  /** Secret values the client is given for this case (as `createClient({ secrets })`). */
  readonly secrets?: readonly string[];
  /**
   * Extra check on the run, e.g. that the client waited as told; `requests` are the URLs and
   * headers of every request that reached the (faulty) network.
   */
  readonly check?: (run: {
    readonly elapsedMs: number;
    readonly calls: number;
    readonly requests: readonly { readonly url: string; readonly headers: Headers }[];
    readonly error: unknown;
  }) => string | undefined;
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
  /**
   * Virtual time: with fake timers installed (`vi.useFakeTimers()`), pass
   * `(ms) => vi.advanceTimersByTimeAsync(ms)` and the harness moves the clock on while a case runs,
   * so waits (Retry-After, timeouts, backoff) cost no real time.
   */
  readonly advanceTime?: (ms: number) => Promise<unknown>;
}

/** The page bound the harness runs with: an endless pager must end in a typed error well before it. */
const HARNESS_MAX_PAGES = 50;

/** Where the redirect faults send the client: a host no connector names, and a cloud metadata address. */
const FOREIGN_HOST = 'collector.attacker.example';
const METADATA_HOST = '169.254.169.254';

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
export function itemsOf(json: unknown): Record<string, unknown>[] | undefined {
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
    const item = firstItem(json);
    const key = item && Object.keys(item)[0];
    if (item && key !== undefined) change(item, key);
    return json;
  });
}

function firstItem(json: unknown): Record<string, unknown> | undefined {
  return (
    itemsOf(json)?.[0] ??
    (typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : undefined)
  );
}

/** Gives a field a value of another type: a number becomes text, anything else an object. */
function retype(item: Record<string, unknown>, key: string): void {
  item[key] = typeof item[key] === 'number' ? 'not a number' : { unexpected: true };
}

/**
 * For the connector kit: one field of every answer given another type. The fields are counted
 * over the first item's, then the payload's own (its envelope); `seen.fields` keeps the longest
 * list of their names an answer showed.
 */
export function retypeFieldCase(index: number, seen: { fields: string[] }): FaultCase {
  return {
    name: `schema drift: field ${index} of the first item or the envelope of another type`,
    wrap: mutateJson((json) => {
      const item = firstItem(json);
      if (!item) return json;
      const envelope = json !== item && typeof json === 'object' && json !== null && !Array.isArray(json);
      const owners = [item, ...(envelope ? [json as Record<string, unknown>] : [])];
      const candidates = owners.flatMap((owner) => Object.keys(owner).map((key) => ({ owner, key })));
      if (candidates.length > seen.fields.length) seen.fields = candidates.map((c) => c.key);
      const target = candidates[index];
      if (target) retype(target.owner, target.key);
      return json;
    }),
    allow: ['success', 'partial', 'typed-error'],
    errorCodes: ['SCHEMA'],
  };
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

/** A key made of digits, as some services issue them. */
const NUMERIC_KEY = '73518264';

/** A fetch whose first answer redirects to `location` (later answers pass through). */
function redirectTo(location: string) {
  return firstCalls(1, () => new Response(null, { status: 302, headers: { location } }));
}

/** A problem when any request reached `host`. */
function reachedHost(requests: readonly { readonly url: string }[], host: string): string | undefined {
  const leaked = requests.filter((r) => new URL(r.url).hostname === host);
  return leaked.length > 0 ? `${leaked.length} request(s) reached ${host}` : undefined;
}

/** A problem when a rate-limit error does not carry the server's `Retry-After`. */
function retryAfterCarried(error: unknown, expectedMs: number): string | undefined {
  if (!isLdnTwinError(error) || error.code !== 'RATE_LIMITED') return undefined;
  const after = (error as { retryAfterMs?: number }).retryAfterMs;
  return after === expectedMs
    ? undefined
    : `the RateLimitedError carries ${after}, not the server's ${expectedMs} ms`;
}

/** Applies `change` to every string of a JSON value. */
function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, change));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, change)]));
  }
  return value;
}

/**
 * A page that claims there is always more, with items made new on every call: totals and counts
 * huge, and every string id and number in the items changed by the call number.
 */
function endless(json: unknown, call: number): unknown {
  const claims = /^(total|count|numberMatched|totalCount|total_count|totalResults|hits)$/i;
  const visit = (value: unknown, key: string): unknown => {
    if (typeof value === 'number' && claims.test(key)) return 1_000_000_000;
    if (typeof value === 'string' && /id$/i.test(key)) return `${value}-${call}`;
    if (typeof value === 'number' && /id$/i.test(key)) return value + call * 1_000_000;
    if (Array.isArray(value)) return value.map((v) => visit(v, key));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v, k)]));
    }
    return value;
  };
  return visit(json, '');
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
    wrap: driftFirstItem(retype),
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
  {
    name: 'a redirect to another host (credentials must not follow)',
    wrap: redirectTo(`https://${FOREIGN_HOST}/collect`),
    allow: ['typed-error'],
    errorCodes: ['REDIRECT'],
    check: ({ requests }) => reachedHost(requests, FOREIGN_HOST),
  },
  {
    name: 'a redirect to a link-local metadata address',
    wrap: redirectTo(`http://${METADATA_HOST}/latest/meta-data/iam/security-credentials/`),
    allow: ['typed-error'],
    errorCodes: ['REDIRECT'],
    check: ({ requests }) => reachedHost(requests, METADATA_HOST),
  },
  {
    name: 'a Retry-After of a day',
    // Every answer: a connector may retry in its own way, and must still not wait a day.
    wrap: () => () =>
      Promise.resolve(new Response('slow down', { status: 429, headers: { 'retry-after': '86400' } })),
    allow: ['typed-error'],
    errorCodes: ['RATE_LIMITED'],
    check: ({ elapsedMs, error }) =>
      elapsedMs > 10_000
        ? `waited ${elapsedMs} ms for a Retry-After beyond the cap`
        : retryAfterCarried(error, 86_400_000),
  },
  {
    name: 'a Retry-After as an HTTP date years ahead',
    wrap: () => () =>
      Promise.resolve(
        new Response('slow down', {
          status: 429,
          headers: { 'retry-after': 'Fri, 31 Dec 2100 23:59:59 GMT' },
        }),
      ),
    allow: ['typed-error'],
    errorCodes: ['RATE_LIMITED'],
    check: ({ elapsedMs }) =>
      elapsedMs > 10_000 ? `waited ${elapsedMs} ms for a far Retry-After` : undefined,
  },
  {
    name: 'a body that drips a byte at a time',
    wrap: (good) => async (input, init) => {
      const response = await good(input, init);
      const text = await response.text();
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          controller.enqueue(new TextEncoder().encode(text[i % text.length] ?? ' '));
          i += 1;
        },
      });
      return withBody(response, body);
    },
    allow: ['typed-error'],
    errorCodes: ['TIMEOUT'],
  },
  {
    name: 'a pager that serves new items forever',
    wrap: (good) => {
      let call = 0;
      return async (input, init) => {
        call += 1;
        const response = await good(input, init);
        const text = await response.text();
        try {
          return withBody(response, JSON.stringify(endless(JSON.parse(text), call)));
        } catch {
          return withBody(response, text);
        }
      };
    },
    allow: ['success', 'partial', 'typed-error'],
    errorCodes: ['PAGING', 'SCHEMA'],
  },
  {
    name: 'JSON nested 100,000 levels deep',
    wrap: () => () =>
      Promise.resolve(
        new Response(`{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, {
          headers: { 'content-type': 'application/json' },
        }),
      ),
    // A JSON source fails typed; a CSV download may read it as one odd row.
    allow: ['success', 'partial', 'typed-error'],
    errorCodes: ['SCHEMA'],
  },
  {
    name: 'control characters in upstream text',
    wrap: mutateJson((json) => mapStrings(json, (text) => `${text}\u001b[31m\r\u0007`)),
    allow: ['success', 'partial', 'typed-error'],
    // CONFIG: a listing whose format or id now reads otherwise names no resource the call can read.
    // PAGING: a next-page link that now carries them is refused rather than followed.
    errorCodes: ['SCHEMA', 'CONFIG', 'PAGING'],
  },
  {
    name: 'a numeric key that also occurs in the data',
    secrets: [NUMERIC_KEY],
    // The key's digits inside a number of the payload: payload bytes must keep their meaning.
    wrap: driftFirstItem((item) => {
      item.unexpectedCount = Number(NUMERIC_KEY);
    }),
    allow: ['success', 'partial'],
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
  const running = runOne(fault, options);
  if (!options.advanceTime) return running;
  // Virtual time: keep the clock moving until the case ends.
  let done = false;
  void running.finally(() => {
    done = true;
  });
  while (!done) await options.advanceTime(25);
  return running;
}

async function runOne(fault: FaultCase, options: FaultHarnessOptions): Promise<FaultResult> {
  let calls = 0;
  const requests: { url: string; headers: Headers }[] = [];
  const faulty = fault.wrap(options.fetch);
  const client = createClient({
    cache: false,
    timeoutMs: 300,
    totalTimeoutMs: 2_000,
    retry: { limit: 3, backoffLimitMs: 50, maxRetryAfterMs: 5_000 },
    maxResponseBytes: SIZE_LIMIT,
    ...(fault.secrets ? { secrets: fault.secrets } : {}),
    fetch: (input, init) => {
      calls += 1;
      const request = input instanceof Request ? input : new Request(input, init);
      requests.push({ url: request.url, headers: new Headers(request.headers) });
      return faulty(input, init);
    },
  });
  const bound = connect(options.connector, { client, config: options.config }) as unknown as Record<
    string,
    (
      params: unknown,
      call: { signal: AbortSignal; maxPages: number },
    ) => AsyncIterable<unknown> & { report: RunReport }
  >;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('hang')), options.deadlineMs ?? 20_000);
  const started = Date.now();
  const stream = bound[options.operation]!(options.params, {
    signal: deadline.signal,
    maxPages: HARNESS_MAX_PAGES,
  });
  let records = 0;
  let outcome: FaultResult['outcome'];
  let errorCode: LdnTwinErrorCode | undefined;
  let problem: string | undefined;
  let thrown: unknown;
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
      // The call's page bound must stop an endless pager; past it, the bound itself is broken.
      if (stream.report.pages > HARNESS_MAX_PAGES) throw new Error('the page bound did not stop the pager');
    }
    outcome = stream.report.failed > 0 ? 'partial' : 'success';
  } catch (error) {
    thrown = error;
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
  if (!problem && fault.check)
    problem = fault.check({ elapsedMs: Date.now() - started, calls, requests, error: thrown });
  return {
    case: fault.name,
    outcome,
    ...(errorCode ? { errorCode } : {}),
    report,
    records,
    ...(problem ? { problem } : {}),
  };
}

/**
 * {@link FAULT_CASES}, with the endless-pager case repeating only the first answer to a page request
 * (`isPage`). The standard case repeats the very first answer of all, which for an operation that
 * reads a description before its pages (an ArcGIS layer, a SensorThings Datastream) is not a page;
 * with this the pager itself is what is tested.
 *
 * @example
 * ```ts
 * const faults = faultCasesPagedAt((url) => url.pathname.endsWith('/query'));
 * describeConnector(arcgis, { runner: vitest, recorded, faults, cases });
 * ```
 */
export function faultCasesPagedAt(isPage: (url: URL) => boolean): FaultCase[] {
  return FAULT_CASES.map((c) =>
    c.name !== 'a pager that returns the same page forever'
      ? c
      : {
          ...c,
          wrap: (good) => {
            let first: Response | undefined;
            return async (input, init) => {
              const url = new URL(input instanceof Request ? input.url : String(input));
              if (!isPage(url)) return good(input, init);
              first ??= await good(input, init);
              return first.clone();
            };
          },
        },
  );
}
