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
  NetworkError,
  RateLimitedError,
  type RedactedRequest,
  ResponseTooLargeError,
  SchemaError,
  TimeoutError,
} from '../errors.js';
import { type CachedResponse, cacheKey, createMemoryCache, freshnessMs, type HttpCache } from './cache.js';
import { createHostLimiter, type RateLimit } from './rate-limit.js';
import { createRedactor, type Redactor } from './redact.js';
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
  /** Timeout of one attempt in ms (default 30,000). */
  readonly timeoutMs?: number;
  /** Timeout of a whole call, all retries included, in ms (default 120,000). */
  readonly totalTimeoutMs?: number;
  /** Retries of GET/HEAD on 408, 429, 500, 502, 503, 504 and network errors. */
  readonly retry?: {
    /** Attempts after the first (default 3). */
    readonly limit?: number;
    /** The longest `Retry-After` to wait for, in ms (default 60,000); a longer one is capped. */
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
  /** Requests a body as a stream (large downloads); the caller reads it. Not cached. */
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
  const retryPolicy = {
    limit: options.retry?.limit ?? 3,
    methods: ['get', 'head'],
    statusCodes: [408, 429, 500, 502, 503, 504],
    afterStatusCodes: [429, 503],
    maxRetryAfter: options.retry?.maxRetryAfterMs ?? 60_000,
    backoffLimit: options.retry?.backoffLimitMs ?? 10_000,
    jitter: true,
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
  // ky's own per-attempt timeout would also count the time a request waits for a rate-limit slot,
  // so a long crawl would time out in the queue; the attempt timer starts once the slot is granted
  // (see `timed`) and also bounds reading the body.
  const api = ky.create({
    timeout: false,
    totalTimeout: options.totalTimeoutMs ?? 120_000,
    throwHttpErrors: true,
    retry: retryPolicy,
  });

  async function send(
    ctx: Ctx,
    request: RequestOptions,
    mode: { streaming?: boolean } = {},
  ): Promise<Response> {
    const method = request.method ?? 'GET';
    let attempt = 0;
    logger.debug?.('request', { method, url: ctx.redacted.url });
    try {
      const response = await api(ctx.url, {
        method,
        headers: ctx.headers,
        ...(request.json === undefined ? {} : { json: request.json }),
        ...(request.form === undefined ? {} : { body: new URLSearchParams(request.form) }),
        // ky's total timeout would also cut a long download off mid-body.
        ...(mode.streaming ? { totalTimeout: false } : {}),
        // Replaced, not merged: ky concatenates arrays when it merges options.
        retry: replaceOption(retryFor(request)),
        ...(request.signal ? { signal: request.signal } : {}),
        fetch: (input, init) => {
          attempt += 1;
          emit({ type: 'request', method, url: ctx.redacted.url, attempt });
          if (attempt > 1) logger.info?.('retry', { method, url: ctx.redacted.url, attempt });
          return limiter.schedule(ctx.url, () => timed(input, init, ctx), init?.signal ?? undefined);
        },
      });
      return response;
    } catch (error) {
      throw await translate(error, ctx, request);
    }
  }

  /** One attempt, under the per-attempt timeout, which keeps running while the body is read. */
  async function timed(input: RequestInfo | URL, init: RequestInit | undefined, ctx: Ctx): Promise<Response> {
    // A timer of our own rather than AbortSignal.timeout: it can be stopped once the body is read,
    // or once the headers are in for a stream, whose body may take as long as it takes.
    const timer = new AbortController();
    const handle = setTimeout(
      () => timer.abort(new DOMException('attempt timed out', 'TimeoutError')),
      timeoutMs,
    );
    // ky carries the caller's signal (and its total timeout) on the Request, not always in init.
    const outer = [init?.signal, input instanceof Request ? input.signal : undefined].filter(
      (s): s is AbortSignal => s != null,
    );
    const signal = AbortSignal.any([timer.signal, ...outer]);
    ctx.attempt = { signal, stop: () => clearTimeout(handle) };
    try {
      // Raced against the signal too: an injected fetch may not honour it.
      return await raceAbort(baseFetch(input, { ...init, signal }), signal);
    } catch (error) {
      clearTimeout(handle);
      if (timer.signal.aborted && !outer.some((s) => s.aborted))
        throw new TimeoutError(ctx.redacted, timeoutMs);
      throw error;
    }
  }

  interface Ctx {
    url: URL;
    /** The latest attempt: its signal (whose timer also bounds reading the body) and how to stop the timer. */
    attempt?: { readonly signal: AbortSignal; readonly stop: () => void };
    headers: Headers;
    redactor: Redactor;
    redacted: RedactedRequest;
    label: string;
  }

  function prepare(target: string | URL, request: RequestOptions): Ctx {
    const url = new URL(String(target));
    appendParams(url, request.searchParams);
    const headers = new Headers(request.headers);
    headers.set('user-agent', userAgent);
    if (!headers.has('accept')) headers.set('accept', 'application/json');
    const secrets = [...clientSecrets];
    const auth = request.auth;
    if (auth?.type === 'header') {
      headers.set(auth.name, auth.value);
      secrets.push(auth.value);
      // `Authorization: Bearer <token>`: a service echoing the bare token must not leak it either.
      const token = /^Bearer\s+(\S+)$/i.exec(auth.value)?.[1];
      if (token) secrets.push(token);
    } else if (auth?.type === 'query') {
      url.searchParams.set(auth.name, auth.value);
      secrets.push(auth.value);
    } else if (auth?.type === 'basic') {
      const token = base64(`${auth.username}:${auth.password}`);
      headers.set('authorization', `Basic ${token}`);
      secrets.push(auth.password, token);
    }
    const redactor = createRedactor({
      secrets,
      ...(auth && auth.type !== 'basic'
        ? { headerNames: [auth.name.toLowerCase()], paramNames: [auth.name.toLowerCase()] }
        : {}),
    });
    const redacted = { method: request.method ?? 'GET', url: redactor.url(url) };
    if (
      url.protocol !== 'https:' &&
      !(url.protocol === 'http:' && allowHttp.has(url.hostname.toLowerCase()))
    ) {
      throw new ConfigError(
        `${redacted.url}: only https is allowed (plain http only to hosts named in allowHttpHosts)`,
      );
    }
    return { url, headers, redactor, redacted, label: request.label ?? redacted.url };
  }

  async function translate(error: unknown, ctx: Ctx, request: RequestOptions): Promise<unknown> {
    if (request.signal?.aborted) return request.signal.reason;
    if (isHTTPError(error)) {
      const status = error.response.status;
      const body = redactBody(error.data, ctx.redactor);
      logger.warn?.('http error', { url: ctx.redacted.url, status });
      if (status === 429 || request.rateLimitStatuses?.includes(status)) {
        return new RateLimitedError(status, ctx.redacted, body, retryAfterMs(error.response.headers));
      }
      return new HttpError(status, ctx.redacted, body);
    }
    if (isTimeoutError(error) || error instanceof TimeoutError) {
      logger.warn?.('timeout', { url: ctx.redacted.url });
      return error instanceof TimeoutError
        ? error
        : new TimeoutError(ctx.redacted, options.totalTimeoutMs ?? 120_000);
    }
    if (isNetworkError(error) || error instanceof TypeError) {
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
      text = await readLimited(response, maxBytes, ctx.redacted, ctx.attempt?.signal);
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
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
        raw = parseJson(text);
      } catch {
        const type = headers.get('content-type') ?? 'no content type';
        throw new SchemaError(
          ctx.label,
          [
            {
              code: 'custom',
              message: `the response is not JSON (${type}, ${text.length} characters)`,
              path: [],
              input: undefined,
            },
          ],
          ctx.redactor.text(text.slice(0, 2000)),
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
      const response = await send(ctx, request, { streaming: true });
      // The headers are in: from here the body takes as long as it takes (the caller's signal still
      // stops it); the per-attempt timeout was for getting an answer at all.
      ctx.attempt?.stop();
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      if (length > maxBytes) {
        // Not awaited: cancelling one branch of a cloned (teed) body waits for the other branch.
        void response.body?.cancel().catch(() => {});
        throw new ResponseTooLargeError(ctx.redacted, maxBytes);
      }
      return response;
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
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let bytes = 0;
  let text = '';
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
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * JSON.parse that drops `__proto__` keys and `constructor.prototype` objects, so upstream JSON can
 * never reach a prototype when records are later merged or assigned. The reviver is slow, so it
 * only runs when the text holds one of those keys at all.
 */
export function parseJson(text: string): unknown {
  return /"(?:__proto__|constructor)"/.test(text) ? JSON.parse(text, safeReviver) : JSON.parse(text);
}

function safeReviver(key: string, value: unknown): unknown {
  if (key === '__proto__') return undefined;
  if (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)
    return undefined;
  return value;
}

function redactBody(data: unknown, redactor: Redactor): unknown {
  if (data === undefined) return undefined;
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  const clean = redactor.text(text.slice(0, 2000));
  if (typeof data === 'string') return clean;
  try {
    return parseJson(clean);
  } catch {
    return clean;
  }
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
