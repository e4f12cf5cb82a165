/**
 * The one error hierarchy of ldn-twin. Every error the SDK throws is an {@link LdnTwinError} with a
 * stable `code`; the guards (`isHttpError`, ...) work across realms and bundles because they read a
 * global symbol brand, not `instanceof`. No message or property ever holds a secret: requests are
 * described by their redacted form.
 */
import type { $ZodIssue } from 'zod/v4/core';

const brand = Symbol.for('ldn-twin.error');

/** The codes of the error hierarchy, one per class. */
export type LdnTwinErrorCode =
  | 'HTTP'
  | 'RATE_LIMITED'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'SCHEMA'
  | 'PAGING'
  | 'HAR_NO_MATCH'
  | 'TOO_LARGE'
  | 'REDIRECT'
  | 'CONFIG';

/** A request as errors and logs describe it: method and URL with every secret replaced. */
export interface RedactedRequest {
  readonly method: string;
  readonly url: string;
}

/**
 * Base class of every error ldn-twin throws.
 *
 * @example
 * ```ts
 * try { await stream.collect(); } catch (error) {
 *   if (isLdnTwinError(error)) console.error(error.code, error.message);
 * }
 * ```
 */
export class LdnTwinError extends Error {
  readonly [brand] = true;
  readonly code: LdnTwinErrorCode;

  constructor(code: LdnTwinErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * The server answered with a status that is not a success, after any retries.
 *
 * @example
 * ```ts
 * if (isHttpError(error) && error.status === 404) console.log('not found:', error.request.url);
 * ```
 */
export class HttpError extends LdnTwinError {
  readonly status: number;
  readonly request: RedactedRequest;
  /** The response body, parsed as JSON when it is JSON, else text (cut to 2,000 characters). */
  readonly body: unknown;

  constructor(
    status: number,
    request: RedactedRequest,
    body: unknown,
    options?: { cause?: unknown; code?: 'HTTP' | 'RATE_LIMITED'; message?: string },
  ) {
    super(
      options?.code ?? 'HTTP',
      options?.message ?? `${request.method} ${request.url} answered ${status}`,
      options,
    );
    this.status = status;
    this.request = request;
    this.body = body;
  }
}

/**
 * The server kept throttling (429, or a service's own throttling status) beyond the retry budget.
 * `retryAfterMs` is when the server said to come back, where it said.
 *
 * @example
 * ```ts
 * if (isRateLimitedError(error)) setTimeout(retry, error.retryAfterMs ?? 60_000);
 * ```
 */
export class RateLimitedError extends HttpError {
  readonly retryAfterMs: number | undefined;
  /** The server's `Retry-After` exactly as sent (seconds or an HTTP date), where it sent one. */
  readonly retryAfter: string | undefined;

  constructor(
    status: number,
    request: RedactedRequest,
    body: unknown,
    retryAfterMs: number | undefined,
    options?: { readonly retryAfter?: string; readonly cappedAtMs?: number },
  ) {
    const capped =
      options?.cappedAtMs !== undefined
        ? `, longer than the ${Math.ceil(options.cappedAtMs / 1000)} s this client waits (maxRetryAfterMs)`
        : '';
    super(status, request, body, {
      code: 'RATE_LIMITED',
      message: `${request.method} ${request.url} was rate limited (${status})${
        retryAfterMs === undefined ? '' : `; retry after ${Math.ceil(retryAfterMs / 1000)} s${capped}`
      }`,
    });
    this.retryAfterMs = retryAfterMs;
    this.retryAfter = options?.retryAfter;
  }
}

/**
 * A redirect the client would not follow: to a host the request may not go to (another host than
 * the connector's own, a private, loopback or link-local address such as a cloud metadata service),
 * from https to plain http, or more than 5 hops. Credentials never go with a redirect to another host.
 *
 * @example
 * ```ts
 * if (isRedirectError(error)) console.warn(`refused: ${error.location}`);
 * ```
 */
export class RedirectError extends LdnTwinError {
  readonly request: RedactedRequest;
  /** The redirect target, redacted. */
  readonly location: string;
  readonly status: number;

  constructor(request: RedactedRequest, status: number, location: string, reason: string) {
    super('REDIRECT', `${request.method} ${request.url} redirected (${status}) to ${location}: ${reason}`);
    this.request = request;
    this.status = status;
    this.location = location;
  }
}

/**
 * No response arrived: DNS, connection refused or reset, TLS, or a body cut off in transit.
 *
 * @example
 * ```ts
 * if (isNetworkError(error)) console.warn('offline?', error.request.url);
 * ```
 */
export class NetworkError extends LdnTwinError {
  readonly request: RedactedRequest;

  constructor(request: RedactedRequest, options?: { cause?: unknown; message?: string }) {
    super('NETWORK', options?.message ?? `${request.method} ${request.url} failed: no response`, options);
    this.request = request;
  }
}

/**
 * A request (one attempt) or a whole call (all attempts) took longer than allowed.
 *
 * @example
 * ```ts
 * if (isTimeoutError(error)) console.warn(`gave up after ${error.timeoutMs} ms`);
 * ```
 */
export class TimeoutError extends LdnTwinError {
  readonly request: RedactedRequest;
  readonly timeoutMs: number;
  /**
   * Which bound ran out: one `attempt` (from sending the request to the end of its body), the
   * whole call (`total`, all attempts and waits), the wait for a rate-limit slot (`queue`, before
   * anything was sent), or a streamed body that stalled or dripped (`stream`).
   */
  readonly phase: 'attempt' | 'total' | 'queue' | 'stream';

  constructor(
    request: RedactedRequest,
    timeoutMs: number,
    options?: { cause?: unknown; phase?: 'attempt' | 'total' | 'queue' | 'stream' },
  ) {
    const phase = options?.phase ?? 'attempt';
    const what = {
      attempt: 'timed out',
      total: 'timed out (all attempts)',
      queue: 'waited for a rate-limit slot (nothing sent)',
      stream: 'stalled while streaming its body',
    }[phase];
    super('TIMEOUT', `${request.method} ${request.url} ${what} after ${timeoutMs} ms`, options);
    this.request = request;
    this.timeoutMs = timeoutMs;
    this.phase = phase;
  }
}

/**
 * A payload did not have the shape its schema expects. Kept apart from HTTP errors: the request
 * worked, the data did not. `raw` is the offending value, `issues` zod's description of what is wrong.
 *
 * @example
 * ```ts
 * if (isSchemaError(error)) console.table(error.issues.map((i) => [i.path.join('.'), i.message]));
 * ```
 */
export class SchemaError extends LdnTwinError {
  readonly issues: readonly $ZodIssue[];
  readonly raw: unknown;
  readonly source: string;

  constructor(source: string, issues: readonly $ZodIssue[], raw: unknown) {
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    super(
      'SCHEMA',
      `${source}: unexpected shape${where}: ${first?.message ?? 'invalid'}${
        issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
      }`,
    );
    this.issues = issues;
    this.raw = raw;
    this.source = source;
  }
}

/**
 * A pager misbehaved or ran past its bounds: the server sent the same page (or the same next link
 * or cursor) again, or a call passed its page or record limit.
 *
 * @example
 * ```ts
 * if (isPagingError(error)) console.warn(error.message);
 * ```
 */
export class PagingError extends LdnTwinError {
  /**
   * What was gathered before the pager was stopped, where the thrower kept it (a page or record
   * bound, `collect` over its limit): the result so far, never silently cut.
   */
  readonly partial: readonly unknown[] | undefined;

  constructor(message: string, options?: { readonly partial?: readonly unknown[] }) {
    super('PAGING', message);
    this.partial = options?.partial;
  }
}

/**
 * A replayed HAR archive holds no entry for a request. `closest` names the nearest entries
 * (method and URL) and what differs, so the archive or the request can be fixed.
 *
 * @example
 * ```ts
 * if (isHarNoMatchError(error)) console.error(error.closest.join('\n'));
 * ```
 */
export class HarNoMatchError extends LdnTwinError {
  readonly request: RedactedRequest;
  readonly closest: readonly string[];

  constructor(request: RedactedRequest, closest: readonly string[]) {
    super(
      'HAR_NO_MATCH',
      `No recorded response matches ${request.method} ${request.url}${
        closest.length > 0 ? `; closest:\n  ${closest.join('\n  ')}` : '; the archive is empty'
      }`,
    );
    this.request = request;
    this.closest = closest;
  }
}

/**
 * A response body was larger than the client accepts (`maxResponseBytes`). Reading stopped as soon
 * as the limit was passed, so memory stays flat.
 *
 * @example
 * ```ts
 * if (isResponseTooLargeError(error)) console.warn(`over ${error.maxBytes} bytes: use a bulk download`);
 * ```
 */
export class ResponseTooLargeError extends LdnTwinError {
  readonly request: RedactedRequest;
  readonly maxBytes: number;

  constructor(request: RedactedRequest, maxBytes: number) {
    super('TOO_LARGE', `${request.method} ${request.url}: the response is larger than ${maxBytes} bytes`);
    this.request = request;
    this.maxBytes = maxBytes;
  }
}

/**
 * The SDK was given options it cannot honour, such as plain http to a host not allowed, or
 * parameters that fail an operation's schema.
 *
 * @example
 * ```ts
 * if (isConfigError(error)) console.error('fix the call:', error.message);
 * ```
 */
export class ConfigError extends LdnTwinError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG', message, options);
  }
}

function hasCode(error: unknown, ...codes: LdnTwinErrorCode[]): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { [brand]?: unknown })[brand] === true &&
    codes.includes((error as { code: LdnTwinErrorCode }).code)
  );
}

/**
 * True for any error thrown by ldn-twin, from any copy of the package.
 *
 * @example
 * ```ts
 * if (isLdnTwinError(error)) console.error(error.code);
 * ```
 */
export function isLdnTwinError(error: unknown): error is LdnTwinError {
  return typeof error === 'object' && error !== null && (error as { [brand]?: unknown })[brand] === true;
}

/**
 * True for {@link HttpError}, including its {@link RateLimitedError} subclass.
 *
 * @example
 * ```ts
 * if (isHttpError(error)) console.log(error.status);
 * ```
 */
export const isHttpError = (error: unknown): error is HttpError => hasCode(error, 'HTTP', 'RATE_LIMITED');

/**
 * True for {@link RateLimitedError}.
 *
 * @example
 * ```ts
 * if (isRateLimitedError(error)) console.log(error.retryAfterMs);
 * ```
 */
export const isRateLimitedError = (error: unknown): error is RateLimitedError =>
  hasCode(error, 'RATE_LIMITED');

/**
 * True for {@link NetworkError}.
 *
 * @example
 * ```ts
 * if (isNetworkError(error)) console.log('no response');
 * ```
 */
export const isNetworkError = (error: unknown): error is NetworkError => hasCode(error, 'NETWORK');

/**
 * True for {@link TimeoutError}.
 *
 * @example
 * ```ts
 * if (isTimeoutError(error)) console.log(error.timeoutMs);
 * ```
 */
export const isTimeoutError = (error: unknown): error is TimeoutError => hasCode(error, 'TIMEOUT');

/**
 * True for {@link SchemaError}.
 *
 * @example
 * ```ts
 * if (isSchemaError(error)) console.log(error.issues);
 * ```
 */
export const isSchemaError = (error: unknown): error is SchemaError => hasCode(error, 'SCHEMA');

/**
 * True for {@link PagingError}.
 *
 * @example
 * ```ts
 * if (isPagingError(error)) console.log(error.message);
 * ```
 */
export const isPagingError = (error: unknown): error is PagingError => hasCode(error, 'PAGING');

/**
 * True for {@link ConfigError}.
 *
 * @example
 * ```ts
 * if (isConfigError(error)) console.log(error.message);
 * ```
 */
export const isConfigError = (error: unknown): error is ConfigError => hasCode(error, 'CONFIG');

/**
 * True for {@link HarNoMatchError}.
 *
 * @example
 * ```ts
 * if (isHarNoMatchError(error)) console.log(error.closest);
 * ```
 */
export const isHarNoMatchError = (error: unknown): error is HarNoMatchError => hasCode(error, 'HAR_NO_MATCH');

/**
 * True for {@link RedirectError}.
 *
 * @example
 * ```ts
 * if (isRedirectError(error)) console.log(error.location);
 * ```
 */
export const isRedirectError = (error: unknown): error is RedirectError => hasCode(error, 'REDIRECT');

/**
 * True for {@link ResponseTooLargeError}.
 *
 * @example
 * ```ts
 * if (isResponseTooLargeError(error)) console.log(error.maxBytes);
 * ```
 */
export const isResponseTooLargeError = (error: unknown): error is ResponseTooLargeError =>
  hasCode(error, 'TOO_LARGE');
