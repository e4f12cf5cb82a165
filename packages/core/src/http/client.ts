/**
 * The HTTP client every connector receives: one instance per application, no globals. Built on ky
 * (retries, timeouts, hooks) and adding what city data needs on top: per-host rate limits and
 * concurrency, a response cache, HTTPS enforcement, credentials that never leak, response size
 * limits, a logger hook and progress events, and errors from the one ldn-twin hierarchy.
 */
import ky, { isHTTPError, isNetworkError, isTimeoutError, type RetryOptions, replaceOption } from 'ky';
import type { z } from 'zod';
import {
  ConfigError,
  HttpError,
  isLdnTwinError,
  NetworkError,
  RateLimitedError,
  type RedactedRequest,
  ResponseTooLargeError,
  SchemaError,
  TimeoutError,
} from '../errors.js';
import { type CachedResponse, cacheKey, createMemoryCache, freshnessMs, type HttpCache } from './cache.js';
import { checkCredential } from './credential-check.js';
import { createHostLimiter, type RateLimit } from './rate-limit.js';
import { createRedactor, type Redactor } from './redact.js';
import { followRedirects } from './redirects.js';
import { SDK_VERSION } from './version.js';

/** How a connector authenticates. Every value given here is redacted wherever it could leak. */
export type Auth =
  | { readonly type: 'header'; readonly name: string; readonly value: string }
  | { readonly type: 'query'; readonly name: string; readonly value: string }
  | { readonly type: 'basic'; readonly username: string; readonly password: string };

/** A structured log line. URLs in `fields` are already redacted. */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** Events a progress bar can follow. URLs are redacted. */
export type ProgressEvent =
  | { readonly type: 'request'; readonly method: string; readonly url: string; readonly attempt: number }
  | {
      readonly type: 'response';
      readonly method: string;
      readonly url: string;
      readonly status: number;
      readonly bytes: number;
      readonly fromCache: boolean;
    }
  | { readonly type: 'page'; readonly operation: string; readonly page: number; readonly items: number }
  | {
      readonly type: 'records';
      readonly operation: string;
      readonly received: number;
      readonly mapped: number;
      /** How many items the whole listing holds, where the service says. */
      readonly total?: number;
    };

/** Query parameters: repeated values as arrays (`dataset=a&dataset=b`); `undefined` is left out. */
export type SearchParams = Readonly<
  Record<string, string | number | boolean | readonly (string | number)[] | undefined | null>
>;

/** Options of {@link createClient}. Every option has a safe default. */
export interface ClientOptions {
  /** The fetch to use (a HAR replay, a proxy-aware fetch, a test double). Default: global fetch. */
  readonly fetch?: typeof fetch;
  /** Appended to the User-Agent, e.g. your app's name and contact. */
  readonly userAgent?: string;
  /**
   * Timeout of one attempt in ms (default 30,000), from sending the request to the end of its body
   * (for a stream: to its headers, then `streamIdleTimeoutMs` and `streamTimeoutMs` apply).
   */
  readonly timeoutMs?: number;
  /**
   * Timeout of a whole call in ms (default 120,000): from sending the first attempt to the end of
   * the last body, retries and their waits included. Time spent waiting for a rate-limit slot
   * before the first attempt is not counted (see `queueTimeoutMs`).
   */
  readonly totalTimeoutMs?: number;
  /**
   * The longest one attempt waits for a rate-limit slot before anything is sent, in ms (default
   * 300,000). Ends in a {@link TimeoutError} with `phase: 'queue'`.
   */
  readonly queueTimeoutMs?: number;
  /** The longest a streamed body (`stream`) may take to arrive, in ms (default 1,800,000). */
  readonly streamTimeoutMs?: number;
  /** The longest a streamed body may go without a byte, in ms (default 60,000). */
  readonly streamIdleTimeoutMs?: number;
  /**
   * Hosts besides a request's own that a redirect may lead to (`'files.example.org'`, or
   * `'*.example.org'` for its subdomains); credentials are stripped on the way. Default: none.
   */
  readonly redirectHosts?: readonly string[];
  /** The deepest nesting of arrays and objects accepted in JSON (default 256). */
  readonly maxJsonDepth?: number;
  /** Retries of GET/HEAD on 408, 429, 500, 502, 503, 504 and network errors. */
  readonly retry?: {
    /** Attempts after the first (default 3). */
    readonly limit?: number;
    /**
     * The longest `Retry-After` to wait for, in ms (default 60,000). A server asking for longer
     * ends the call at once in a {@link RateLimitedError} carrying its value.
     */
    readonly maxRetryAfterMs?: number;
    /** The cap on exponential backoff, in ms (default 10,000). Full jitter is applied below it. */
    readonly backoffLimitMs?: number;
  };
  /** Rate limits and concurrency, by default and per host name. */
  readonly limits?: { readonly default?: RateLimit; readonly hosts?: Readonly<Record<string, RateLimit>> };
  /** The response cache; `false` turns caching off. Default: an in-memory LRU. */
  readonly cache?: HttpCache | false;
  /** How long to keep a response that has no `Cache-Control` (default 60,000 ms). */
  readonly defaultTtlMs?: number;
  /**
   * Loopback host names that may be called over plain http (a local proxy or test server, e.g.
   * `localhost`, `127.0.0.1`). HTTPS is required everywhere else: naming any other host is an error.
   */
  readonly allowHttpHosts?: readonly string[];
  /** The largest response body accepted, in bytes (default 100 MB). */
  readonly maxResponseBytes?: number;
  /** Further secret values to redact (keys are redacted automatically when given as `auth`). */
  readonly secrets?: readonly string[];
  readonly logger?: Logger;
  readonly onProgress?: (event: ProgressEvent) => void;
}

/** Options of one request. */
export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'HEAD';
  readonly searchParams?: SearchParams;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON request body (sent with `content-type: application/json`). */
  readonly json?: unknown;
  /** A form body (`application/x-www-form-urlencoded`), e.g. police.uk's long polygons. */
  readonly form?: Readonly<Record<string, string>>;
  /**
   * Retries for this request, overriding the client's limit; 0 when the caller handles the failure
   * itself (police.uk answers 503 for an area that needs splitting, not for an outage).
   */
  readonly retries?: number;
  /** A POST that only reads (a search): retried like a GET. */
  readonly idempotent?: boolean;
  /**
   * The statuses this request retries on, instead of the client's (408, 429, 5xx). police.uk answers
   * 503 for "too many crimes": that request retries 429 but not 503.
   */
  readonly retryStatuses?: readonly number[];
  readonly auth?: Auth;
  readonly signal?: AbortSignal;
  /** Hosts besides this request's own that a redirect may lead to (added to the client's). */
  readonly redirectHosts?: readonly string[];
  /**
   * Use and fill the cache for this request: true by default for GET; a POST is cached only when
   * this is true (a query API such as Elasticsearch `_search`), keyed by its body too.
   */
  readonly cache?: boolean;
  /** Statuses that this service uses for throttling besides 429 (TfL answers 403). */
  readonly rateLimitStatuses?: readonly number[];
  /** Names this request in errors and schema messages, e.g. 'planning-data entity search'. */
  readonly label?: string;
}

/** A JSON response, parsed and validated. */
export interface JsonResponse<T> {
  readonly data: T;
  /** The final URL (after redirects), redacted. */
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
  readonly fromCache: boolean;
}

/** The shared HTTP client. */
export interface HttpClient {
  /**
   * Requests JSON and validates it with a zod schema at the boundary. A body that is not JSON or
   * does not match the schema becomes a {@link SchemaError} carrying the raw value.
   */
  json<S extends z.ZodType>(
    url: string | URL,
    schema: S,
    options?: RequestOptions,
  ): Promise<JsonResponse<z.output<S>>>;
  /** Requests a body as text, with the same limits, retries and errors. */
  text(url: string | URL, options?: RequestOptions): Promise<JsonResponse<string>>;
  /**
   * Requests a body as a stream (large downloads); the caller reads it. Not cached. The body errors
   * with a {@link TimeoutError} (`phase: 'stream'`) when it stalls for `streamIdleTimeoutMs` or
   * takes longer than `streamTimeoutMs`.
   */
  stream(url: string | URL, options?: RequestOptions): Promise<Response>;
  /** Reports progress on the client's progress hook (used by connectors for pages and records). */
  progress(event: ProgressEvent): void;
  /**
   * Applies a service's published limits to its hosts (`connect` does this for each connector).
   * Limits the application set itself in `createClient` win.
   */
  addHostLimits(hosts: Readonly<Record<string, RateLimit>>): void;
  readonly logger: Logger;
  /** The redactor for the client's own secrets; requests add their auth values. */
  readonly redactor: Redactor;
}

const DEFAULT_LIMITS: RateLimit = { requestsPerSecond: 10, burst: 20, concurrency: 6 };

/** The deepest JSON nesting accepted by default: far beyond any real payload, far below a stack overflow. */
export const DEFAULT_MAX_JSON_DEPTH = 256;

/**
 * Creates the HTTP client an application shares between its connectors.
 *
 * @example
 * ```ts
 * import { createClient } from '@ldn-twin/core';
 *
 * const client = createClient({
 *   userAgent: 'borough-dashboard (data@example.gov.uk)',
 *   limits: { hosts: { 'data.police.uk': { requestsPerSecond: 15, burst: 30 } } },
 * });
 * ```
 */
export function createClient(options: ClientOptions = {}): HttpClient {
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const logger = options.logger ?? {};
  const emit = options.onProgress ?? (() => {});
  const cache = options.cache === false ? undefined : (options.cache ?? createMemoryCache());
  const defaultTtlMs = options.defaultTtlMs ?? 60_000;
  const maxBytes = options.maxResponseBytes ?? 100 * 1024 * 1024;
  const allowHttp = new Set((options.allowHttpHosts ?? []).map((h) => h.toLowerCase()));
  for (const host of allowHttp) {
    if (!isLoopback(host))
      throw new ConfigError(`allowHttpHosts: plain http is only allowed to loopback hosts, not ${host}`);
  }
  const clientSecrets = options.secrets ?? [];
  const limiter = createHostLimiter({
    default: { ...DEFAULT_LIMITS, ...options.limits?.default },
    hosts: options.limits?.hosts ?? {},
  });
  const userAgent = `ldn-twin/${SDK_VERSION}${options.userAgent ? ` ${options.userAgent}` : ''}`;

  const timeoutMs = options.timeoutMs ?? 30_000;
  const totalTimeoutMs = options.totalTimeoutMs ?? 120_000;
  const queueTimeoutMs = options.queueTimeoutMs ?? 300_000;
  const streamTimeoutMs = options.streamTimeoutMs ?? 1_800_000;
  const streamIdleTimeoutMs = options.streamIdleTimeoutMs ?? 60_000;
  const maxJsonDepth = options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;
  const maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 60_000;
  const retryPolicy = {
    limit: options.retry?.limit ?? 3,
    methods: ['get', 'head'],
    statusCodes: [408, 429, 500, 502, 503, 504],
    afterStatusCodes: [429, 503],
    maxRetryAfter: maxRetryAfterMs,
    backoffLimit: options.retry?.backoffLimitMs ?? 10_000,
    jitter: true,
    // A server that asks to come back later than the client waits is not retried: the call ends
    // in a RateLimitedError carrying the server's value (see `translate`).
    shouldRetry: ({ error }) =>
      isHTTPError(error) && (retryAfterMs(error.response.headers) ?? 0) > maxRetryAfterMs ? false : undefined,
  } satisfies RetryOptions;
  /** The retry policy of one request: the client's, with the request's own overrides. */
  const retryFor = (request: RequestOptions): RetryOptions => {
    const statusCodes = request.retryStatuses ? [...request.retryStatuses] : retryPolicy.statusCodes;
    return {
      ...retryPolicy,
      ...(request.retries === undefined ? {} : { limit: request.retries }),
      ...(request.idempotent ? { methods: [...retryPolicy.methods, 'post'] } : {}),
      statusCodes,
      afterStatusCodes: retryPolicy.afterStatusCodes.filter((status) => statusCodes.includes(status)),
    };
  };
  // ky's own timeouts would also count the time a request waits for a rate-limit slot, and would
  // not bound the body: the attempt timer starts once the slot is granted (see `timed`), the total
  // timer with the first attempt (see `send`), and both keep running while the body is read.
  const api = ky.create({
    timeout: false,
    totalTimeout: false,
    throwHttpErrors: true,
    retry: retryPolicy,
    // Redirects are followed by hand, so credentials never follow one to another host.
    redirect: 'manual',
  });

  async function send(ctx: Ctx, request: RequestOptions): Promise<Response> {
    const method = request.method ?? 'GET';
    let attempt = 0;
    logger.debug?.('request', { method, url: ctx.redacted.url });
    try {
      const response = await api(ctx.url, {
        method,
        headers: ctx.headers,
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(request.form === undefined ? {} : { body: new URLSearchParams(request.form) }),
        // Replaced, not merged: ky concatenates arrays when it merges options.
        retry: replaceOption(retryFor(request)),
        signal: request.signal ? AbortSignal.any([ctx.total.signal, request.signal]) : ctx.total.signal,
        fetch: (input, init) => {
          attempt += 1;
          emit({ type: 'request', method, url: ctx.redacted.url, attempt });
          if (attempt > 1) logger.info?.('retry', { method, url: ctx.redacted.url, attempt });
          return queued(ctx, () => timed(input, init, ctx), init?.signal ?? undefined);
        },
      });
      return response;
    } catch (error) {
      ctx.total.stop();
      // The failed attempt's timer would otherwise keep the process alive for up to `timeoutMs`.
      ctx.attempt?.stop();
      throw await translate(error, ctx, request);
    }
  }

  /** Waits for a rate-limit slot, at most `queueTimeoutMs`, then runs the attempt. */
  function queued(
    ctx: Ctx,
    task: () => Promise<Response>,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const queue = new AbortController();
    const handle = setTimeout(
      () => queue.abort(new TimeoutError(ctx.redacted, queueTimeoutMs, { phase: 'queue' })),
      queueTimeoutMs,
    );
    const wait = AbortSignal.any([queue.signal, ...(signal ? [signal] : [])]);
    return limiter
      .schedule(
        ctx.url,
        () => {
          clearTimeout(handle);
          ctx.total.start();
          return task();
        },
        wait,
      )
      .finally(() => clearTimeout(handle));
  }

  /** One attempt, under the per-attempt timeout, which keeps running while the body is read. */
  async function timed(input: RequestInfo | URL, init: RequestInit | undefined, ctx: Ctx): Promise<Response> {
    // A timer of our own rather than AbortSignal.timeout: it can be stopped once the body is read,
    // or once the headers are in for a stream.
    // A retry starts: the previous attempt is over, so is its timer.
    ctx.attempt?.stop();
    const timer = new AbortController();
    const handle = setTimeout(
      () => timer.abort(new DOMException('attempt timed out', 'TimeoutError')),
      timeoutMs,
    );
    // ky carries the caller's signal (and the total timer) on the Request, not always in init.
    const outer = [
      init?.signal,
      input instanceof Request ? input.signal : undefined,
      ctx.total.signal,
    ].filter((s): s is AbortSignal => s != null);
    const signal = AbortSignal.any([timer.signal, ...outer]);
    ctx.attempt = { signal, stop: () => clearTimeout(handle) };
    const first = input instanceof Request ? input : new Request(input, init);
    try {
      // Raced against the signal too: an injected fetch may not honour it.
      return await followRedirects(
        first,
        (request) => raceAbort(baseFetch(request, { ...init, signal }), signal),
        ctx.scope,
      );
    } catch (error) {
      clearTimeout(handle);
      if (ctx.total.signal.aborted) throw ctx.total.signal.reason;
      if (timer.signal.aborted && !outer.some((s) => s.aborted))
        throw new TimeoutError(ctx.redacted, timeoutMs);
      throw error;
    }
  }

  interface Ctx {
    url: URL;
    /** The latest attempt: its signal (whose timer also bounds reading the body) and how to stop the timer. */
    attempt?: { readonly signal: AbortSignal; readonly stop: () => void };
    /** The whole call's timer: started with the first attempt, stopped once the body is read. */
    total: TotalTimer;
    headers: Headers;
    redactor: Redactor;
    redacted: RedactedRequest;
    label: string;
    scope: Parameters<typeof followRedirects>[2];
  }

  function prepare(target: string | URL, request: RequestOptions): Ctx {
    const url = new URL(String(target));
    if (url.username || url.password) {
      url.username = '';
      url.password = '';
      throw new ConfigError(
        `${url.origin}${url.pathname}: a URL must not carry a user name or password (not printed); give credentials as auth`,
      );
    }
    appendParams(url, request.searchParams);
    const headers = new Headers(request.headers);
    headers.set('user-agent', userAgent);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    const secrets = [...clientSecrets];
    const auth = request.auth;
    const where = `${request.label ?? url.host} auth`;
    if (auth?.type === 'header') {
      checkCredential(auth.value, `${where} (header ${auth.name})`);
      headers.set(auth.name, auth.value);
      secrets.push(auth.value);
      // `Authorization: Bearer <token>`: a service echoing the bare token must not leak it either.
      const token = /^Bearer\s+(\S+)$/i.exec(auth.value)?.[1];
      if (token) secrets.push(token);
    } else if (auth?.type === 'query') {
      checkCredential(auth.value, `${where} (query parameter ${auth.name})`);
      url.searchParams.set(auth.name, auth.value);
      secrets.push(auth.value);
    } else if (auth?.type === 'basic') {
      checkCredential(auth.username, `${where} (basic user name)`);
      checkCredential(auth.password, `${where} (basic password)`);
      const token = base64(`${auth.username}:${auth.password}`);
      headers.set('authorization', `Basic ${token}`);
      secrets.push(auth.password, token);
    }
    const authNames = auth && auth.type !== 'basic' ? [auth.name.toLowerCase()] : [];
    const redactor = createRedactor({ secrets, headerNames: authNames, paramNames: authNames });
    const redacted = { method: request.method ?? 'GET', url: redactor.url(url) };
    if (
      url.protocol !== 'https:' &&
      !(url.protocol === 'http:' && allowHttp.has(url.hostname.toLowerCase()))
    ) {
      throw new ConfigError(
        `${redacted.url}: only https is allowed (plain http only to hosts named in allowHttpHosts)`,
      );
    }
    return {
      url,
      headers,
      redactor,
      redacted,
      label: request.label ?? redacted.url,
      total: totalTimer(() => new TimeoutError(redacted, totalTimeoutMs, { phase: 'total' }), totalTimeoutMs),
      scope: {
        hosts: [...(options.redirectHosts ?? []), ...(request.redirectHosts ?? [])],
        allowHttp,
        redactor,
        authNames,
        secrets,
        request: redacted,
      },
    };
  }

  async function translate(error: unknown, ctx: Ctx, request: RequestOptions): Promise<unknown> {
    if (request.signal?.aborted) return request.signal.reason;
    if (ctx.total.signal.aborted) return ctx.total.signal.reason;
    if (isLdnTwinError(error)) return error;
    if (isHTTPError(error)) {
      const status = error.response.status;
      const body = redactBody(error.data, ctx.redactor);
      logger.warn?.('http error', { url: ctx.redacted.url, status });
      if (status === 429 || request.rateLimitStatuses?.includes(status)) {
        const after = retryAfterMs(error.response.headers);
        const raw = error.response.headers.get('retry-after') ?? undefined;
        return new RateLimitedError(status, ctx.redacted, body, after, {
          ...(raw === undefined ? {} : { retryAfter: raw }),
          ...(after !== undefined && after > maxRetryAfterMs ? { cappedAtMs: maxRetryAfterMs } : {}),
        });
      }
      return new HttpError(status, ctx.redacted, body);
    }
    if (isTimeoutError(error)) {
      logger.warn?.('timeout', { url: ctx.redacted.url });
      return new TimeoutError(ctx.redacted, totalTimeoutMs, { phase: 'total' });
    }
    // Narrow on purpose: a TypeError from a bug is a bug, not an outage.
    if (isNetworkError(error) || isFetchFailure(error)) {
      logger.warn?.('network error', { url: ctx.redacted.url });
      return new NetworkError(ctx.redacted, {
        message: ctx.redactor.text(`${ctx.redacted.method} ${ctx.redacted.url} failed: ${describe(error)}`),
      });
    }
    return error;
  }

  async function read(
    target: string | URL,
    request: RequestOptions,
  ): Promise<{ text: string; url: string; status: number; headers: Headers; fromCache: boolean; ctx: Ctx }> {
    const method = request.method ?? 'GET';
    const useCache =
      cache !== undefined &&
      (method === 'GET' ? request.cache !== false : method === 'POST' && request.cache === true);
    const ctx = prepare(target, request);
    // The key holds a header credential too, so two users' answers never mix (memory only).
    const key = cacheKey(
      method,
      ctx.url,
      request.auth?.type === 'basic' || request.auth?.type === 'header' ? ctx.headers : [],
    ).concat(
      request.json === undefined && request.form === undefined
        ? ''
        : `\n${JSON.stringify(request.json ?? request.form)}`,
    );
    if (useCache) {
      const hit = await cache.get(key);
      if (hit && hit.expiresAt > Date.now()) {
        logger.debug?.('cache hit', { url: ctx.redacted.url });
        emit({
          type: 'response',
          method,
          url: ctx.redacted.url,
          status: hit.status,
          bytes: hit.body.length,
          fromCache: true,
        });
        return {
          text: hit.body,
          url: ctx.redacted.url,
          status: hit.status,
          headers: new Headers(hit.headers),
          fromCache: true,
          ctx,
        };
      }
    }
    const response = await send(ctx, request);
    let text: string;
    try {
      // Both timers bound the body: a stalled or dripping body ends with the attempt or the call.
      text = await readLimited(response, maxBytes, ctx.redacted, ctx.attempt?.signal ?? ctx.total.signal);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (ctx.total.signal.aborted) throw ctx.total.signal.reason;
      if (error instanceof ResponseTooLargeError) throw error;
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new TimeoutError(ctx.redacted, timeoutMs, { cause: error });
      }
      throw new NetworkError(ctx.redacted, {
        cause: error,
        message: `${ctx.redacted.method} ${ctx.redacted.url}: the body was cut off`,
      });
    } finally {
      ctx.attempt?.stop();
      ctx.total.stop();
    }
    const url = ctx.redactor.url(response.url || ctx.url);
    emit({ type: 'response', method, url, status: response.status, bytes: text.length, fromCache: false });
    logger.debug?.('response', { url, status: response.status, bytes: text.length });
    if (useCache) {
      const ttl = freshnessMs(response.headers, defaultTtlMs);
      if (ttl > 0 && response.status === 200) {
        const now = Date.now();
        const entry: CachedResponse = {
          status: response.status,
          statusText: response.statusText,
          headers: [...response.headers].filter(([name]) => name !== 'set-cookie'),
          body: text,
          storedAt: now,
          expiresAt: now + ttl,
        };
        await cache.set(key, entry);
      }
    }
    return { text, url, status: response.status, headers: response.headers, fromCache: false, ctx };
  }

  return {
    async json(target, schema, request = {}) {
      const { text, url, status, headers, fromCache, ctx } = await read(target, request);
      let raw: unknown;
      try {
        raw = parseJson(text, maxJsonDepth);
      } catch (error) {
        const message =
          error instanceof JsonTooDeepError
            ? `the response nests arrays and objects deeper than ${maxJsonDepth} levels (maxJsonDepth)`
            : `the response is not JSON (${headers.get('content-type') ?? 'no content type'}, ${text.length} characters)`;
        throw new SchemaError(
          ctx.label,
          [{ code: 'custom', message, path: [], input: undefined }],
          error instanceof JsonTooDeepError ? undefined : ctx.redactor.json(text.slice(0, 2000)),
        );
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) throw new SchemaError(ctx.label, parsed.error.issues, raw);
      return { data: parsed.data, url, status, headers, fromCache };
    },
    async text(target, request = {}) {
      const { text, url, status, headers, fromCache } = await read(target, request);
      return { data: text, url, status, headers, fromCache };
    },
    async stream(target, request = {}) {
      const ctx = prepare(target, request);
      const response = await send(ctx, request);
      // The headers are in: from here the stream's own bounds apply (a stall of
      // `streamIdleTimeoutMs`, all of `streamTimeoutMs`); the caller's signal still stops it.
      ctx.attempt?.stop();
      ctx.total.stop();
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      if (length > maxBytes) {
        // Not awaited: cancelling one branch of a cloned (teed) body waits for the other branch.
        void response.body?.cancel().catch(() => {});
        throw new ResponseTooLargeError(ctx.redacted, maxBytes);
      }
      if (!response.body) return response;
      const bounded = new Response(
        boundStream(response.body, {
          idleMs: streamIdleTimeoutMs,
          totalMs: streamTimeoutMs,
          timeout: (ms) => new TimeoutError(ctx.redacted, ms, { phase: 'stream' }),
        }),
        { status: response.status, statusText: response.statusText, headers: response.headers },
      );
      Object.defineProperty(bounded, 'url', { value: response.url });
      return bounded;
    },
    progress: emit,
    addHostLimits(hosts) {
      const own = options.limits?.hosts ?? {};
      limiter.setHostLimits(Object.fromEntries(Object.entries(hosts).filter(([host]) => !(host in own))));
    },
    logger,
    redactor: createRedactor({ secrets: clientSecrets }),
  };
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1: the only hosts plain http may reach. */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  return (
    bare === 'localhost' || bare.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(bare) || bare === '::1'
  );
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function appendParams(url: URL, params: SearchParams | undefined): void {
  if (!params) return;
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, String(item));
    else url.searchParams.append(name, String(value));
  }
}

/** The whole call's timer: started once, when the first attempt is sent; its signal aborts with `reason()`. */
interface TotalTimer {
  readonly signal: AbortSignal;
  start(): void;
  stop(): void;
}

function totalTimer(reason: () => Error, ms: number): TotalTimer {
  const controller = new AbortController();
  let handle: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  return {
    signal: controller.signal,
    start() {
      if (handle !== undefined || stopped) return;
      handle = setTimeout(() => controller.abort(reason()), ms);
    },
    stop() {
      stopped = true;
      clearTimeout(handle);
    },
  };
}

/**
 * Passes a body through, erroring with `timeout(ms)` when no chunk comes for `idleMs` or the whole
 * body takes longer than `totalMs`: a stalled or dripping stream cannot hold its reader forever.
 */
function boundStream(
  body: ReadableStream<Uint8Array>,
  bounds: { readonly idleMs: number; readonly totalMs: number; readonly timeout: (ms: number) => Error },
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const deadline = Date.now() + bounds.totalMs;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const left = deadline - Date.now();
      const wait = Math.max(0, Math.min(bounds.idleMs, left));
      let handle: ReturnType<typeof setTimeout> | undefined;
      const expired = new Promise<'timeout'>((resolve) => {
        handle = setTimeout(() => resolve('timeout'), wait);
      });
      const step = await Promise.race([reader.read(), expired]).finally(() => clearTimeout(handle));
      if (step === 'timeout') {
        void reader.cancel().catch(() => {});
        controller.error(bounds.timeout(left <= bounds.idleMs ? bounds.totalMs : bounds.idleMs));
      } else if (step.done) controller.close();
      else controller.enqueue(step.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** A `fetch` failure (no response): undici's "fetch failed", a reset socket, a DNS miss. */
function isFetchFailure(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return (
    typeof code === 'string' ||
    /fetch failed|failed to fetch|network|socket|terminated|ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT/i.test(
      error.message,
    )
  );
}

/** Reads a body as text, failing fast once it exceeds `maxBytes` instead of buffering it all. */
async function readLimited(
  response: Response,
  maxBytes: number,
  request: RedactedRequest,
  signal: AbortSignal | undefined,
): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    void response.body?.cancel().catch(() => {});
    throw new ResponseTooLargeError(request, maxBytes);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    // Raced against the attempt's signal: a stalled body times out even if the fetch ignores it.
    const { done, value } = await (signal ? raceAbort(reader.read(), signal) : reader.read()).catch(
      async (error: unknown) => {
        void reader.cancel().catch(() => {});
        throw error;
      },
    );
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      void reader.cancel().catch(() => {});
      throw new ResponseTooLargeError(request, maxBytes);
    }
    chunks.push(value);
  }
  // Decoded once, whole: a few times faster than chunk by chunk (TextDecoder's streaming mode), and
  // one flat string, which JSON.parse reads faster than the rope that appending chunks makes.
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const body = new Uint8Array(bytes);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(body);
}

/** Thrown by {@link parseJson} for JSON nested deeper than its bound. */
class JsonTooDeepError extends Error {}

/**
 * JSON.parse that drops `__proto__` keys and `constructor.prototype` objects, so upstream JSON can
 * never reach a prototype when records are later merged or assigned, and that refuses JSON nesting
 * arrays and objects deeper than `maxDepth` (a JsonTooDeepError, where a hostile payload would
 * otherwise overflow the stack of whatever walks it next). V8's JSON.parse does not recurse, so the
 * text is parsed first and the result walked once, without recursion, for both; the reviver that
 * drops the keys is slow and recursive, so it only runs (on JSON already known to be shallow enough)
 * when the walk met one of those keys.
 */
export function parseJson(text: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  const value: unknown = JSON.parse(text);
  const found = inspectJson(value, maxDepth);
  if (found === 'too deep') throw new JsonTooDeepError(`JSON nested deeper than ${maxDepth} levels`);
  return found === 'prototype keys' ? JSON.parse(text, safeReviver) : value;
}

/**
 * What a parsed JSON value holds that {@link parseJson} must act on: arrays and objects nested
 * deeper than `maxDepth` (the value itself is level 1), or a key the reviver drops.
 */
export function inspectJson(value: unknown, maxDepth: number): 'too deep' | 'prototype keys' | 'fine' {
  if (typeof value !== 'object' || value === null) return 'fine';
  let keys = false;
  // Containers still to visit, each with its level.
  const nodes: object[] = [value];
  const levels: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop() as Record<string, unknown>;
    const level = levels.pop() as number;
    if (level > maxDepth) return 'too deep';
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (typeof item === 'object' && item !== null) {
          nodes.push(item);
          levels.push(level + 1);
        }
      }
      continue;
    }
    // JSON.parse makes `__proto__` an own key like any other, so for...in meets it.
    for (const key in node) {
      const item = node[key];
      if (key === '__proto__') keys = true;
      if (typeof item === 'object' && item !== null) {
        if (key === 'constructor' && 'prototype' in item) keys = true;
        nodes.push(item);
        levels.push(level + 1);
      }
    }
  }
  return keys ? 'prototype keys' : 'fine';
}

function safeReviver(key: string, value: unknown): unknown {
  if (key === '__proto__') return undefined;
  if (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)
    return undefined;
  return value;
}

/** An error body, cut to 2,000 characters, with secrets replaced (inside strings only, for JSON). */
function redactBody(data: unknown, redactor: Redactor): unknown {
  if (data === undefined) return undefined;
  if (typeof data === 'string') return redactor.json(data.slice(0, 2000));
  const text = JSON.stringify(data);
  return text !== undefined && text.length > 2000 ? redactor.json(text.slice(0, 2000)) : redactor.value(data);
}

/** `Retry-After` as delay seconds or an HTTP date, in ms from now. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}
