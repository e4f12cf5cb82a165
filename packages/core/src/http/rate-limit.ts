/**
 * Per-host rate and concurrency limits of the shared HTTP client. Each host gets a token bucket
 * (a steady rate with a burst allowance, as services publish their limits) and a cap on requests
 * in flight. Requests to one host wait in arrival order; hosts never wait for each other.
 */
import { ConfigError } from '../errors.js';

/**
 * The limits of one host.
 *
 * @example
 * ```ts
 * // data.police.uk allows 15 requests a second with bursts of up to 30.
 * const police: RateLimit = { requestsPerSecond: 15, burst: 30 };
 * ```
 */
export interface RateLimit {
  /** The steady rate, refilled continuously. Unset: no rate limit, only the concurrency cap. */
  requestsPerSecond?: number;
  /** How many requests may start at once after a quiet spell. Default `max(1, ceil(requestsPerSecond))`. */
  burst?: number;
  /** The most requests in flight at once. Default 6, as browsers allow per host. */
  concurrency?: number;
}

/**
 * Runs tasks under the limits of the host they call.
 *
 * @example
 * ```ts
 * const response = await limiter.schedule(url, () => fetch(url, { signal }), signal);
 * ```
 */
export interface HostLimiter {
  /**
   * Runs `task` once the host of `url` has a free slot and a token, after every task scheduled
   * before it for that host. `signal` cancels the wait only: once the task has started, pass the
   * signal to the task itself (to `fetch`, for instance) to cancel it.
   *
   * Rejects with `signal.reason` when aborted before the task starts, with a `TypeError` when
   * `url` is not an absolute URL, and with whatever the task rejects with.
   */
  schedule<T>(url: string | URL, task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /**
   * Sets the limits of hosts after creation, as connectors declare them, with the same rules as
   * the `hosts` option. A host already in use keeps its queue and requests in flight: tokens it
   * had are kept up to the new burst, and a host that had no rate limit starts with a full bucket.
   * Throws a `ConfigError`, changing nothing, when any limit is invalid.
   *
   * @example
   * ```ts
   * limiter.setHostLimits({ 'data.police.uk': { requestsPerSecond: 15, burst: 30 } });
   * ```
   */
  setHostLimits(hosts: Record<string, RateLimit>): void;
}

/**
 * Options of {@link createHostLimiter}.
 *
 * @example
 * ```ts
 * const options: HostLimiterOptions = {
 *   default: { requestsPerSecond: 10, burst: 20 },
 *   hosts: { 'data.police.uk': { requestsPerSecond: 15, burst: 30 } },
 * };
 * ```
 */
export interface HostLimiterOptions {
  /** The limits of hosts not listed in `hosts`. Default: 6 at once, no rate limit. */
  default?: RateLimit;
  /**
   * Limits by exact hostname (no port, no wildcard; case-insensitive). A host's fields override
   * `default` one by one, except that a host giving `requestsPerSecond` without `burst` gets the
   * burst derived from its own rate, not the default's burst.
   */
  hosts?: Record<string, RateLimit>;
  /** The clock in milliseconds. Default `Date.now`, which vitest's fake timers also fake. */
  now?: () => number;
  /**
   * Waits `ms` milliseconds, rejecting with `signal.reason` when `signal` aborts. Default uses
   * `setTimeout`. It must really wait as measured by `now`: one that resolves at once while `now`
   * stands still would make the limiter poll without end.
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const DEFAULT_CONCURRENCY = 6;
// Token arithmetic is in floating point: 1000 / 15 ms per token never adds up to exactly 1 token.
const EPSILON = 1e-9;

interface Limits {
  requestsPerSecond: number | undefined;
  burst: number;
  concurrency: number;
}

interface Waiter {
  start(): void;
  fail(error: unknown): void;
}

interface HostState {
  limits: Limits;
  tokens: number;
  refilledAt: number;
  active: number;
  /** Waiters in arrival order; a Set keeps that order and removes an aborted waiter in O(1). */
  readonly queue: Set<Waiter>;
  /** The pending wake-up for the next token, aborted when nobody is left to wake. */
  wake: AbortController | undefined;
}

/**
 * Creates a limiter that keeps each host within its rate and concurrency limits. Options are
 * checked at once: a rate or burst that is not positive, or a concurrency that is not a positive
 * integer, throws a `ConfigError`.
 *
 * A token is spent when a task starts and is not given back when it ends; a slot is held while
 * the task runs and freed when it settles, whether it resolves or throws.
 *
 * @example
 * ```ts
 * const limiter = createHostLimiter({
 *   default: { concurrency: 4 },
 *   hosts: { 'data.police.uk': { requestsPerSecond: 15, burst: 30 } },
 * });
 * const url = 'https://data.police.uk/api/forces';
 * const forces = await limiter.schedule(url, async () => (await fetch(url)).json());
 * ```
 */
export function createHostLimiter(options: HostLimiterOptions = {}): HostLimiter {
  const now = options.now ?? (() => Date.now());
  const sleep = options.sleep ?? setTimeoutSleep;
  const fallback = resolveLimits(options.default, undefined, 'default');
  const configured = new Map<string, Limits>();
  const resolveHosts = (hosts: Record<string, RateLimit>): [string, Limits][] =>
    Object.entries(hosts).map(([host, limit]) => [
      host.toLowerCase(),
      resolveLimits(limit, options.default, host),
    ]);
  for (const [host, limits] of resolveHosts(options.hosts ?? {})) configured.set(host, limits);
  // One state per host ever called; a client calls a handful of hosts, so they are kept.
  const states = new Map<string, HostState>();

  const stateFor = (host: string): HostState => {
    let state = states.get(host);
    if (!state) {
      const limits = configured.get(host) ?? fallback;
      state = {
        limits,
        tokens: limits.burst,
        refilledAt: now(),
        active: 0,
        queue: new Set(),
        wake: undefined,
      };
      states.set(host, state);
    }
    return state;
  };

  const refill = (state: HostState, rate: number): void => {
    const time = now();
    if (time > state.refilledAt) {
      state.tokens = Math.min(state.limits.burst, state.tokens + ((time - state.refilledAt) * rate) / 1000);
    }
    // Also re-anchors when the clock steps back, instead of refilling by a negative amount.
    state.refilledAt = time;
  };

  const cancelWake = (state: HostState): void => {
    const wake = state.wake;
    state.wake = undefined;
    wake?.abort();
  };

  const wakeIn = (state: HostState, ms: number): void => {
    // One wake-up per host is enough: the deficit only shrinks, so a pending one is never late.
    if (state.wake) return;
    const wake = new AbortController();
    state.wake = wake;
    sleep(ms, wake.signal).then(
      () => {
        if (state.wake !== wake) return;
        state.wake = undefined;
        pump(state);
      },
      (error: unknown) => {
        if (state.wake !== wake) return;
        // A sleep that fails on its own cannot be retried without spinning, and the limits cannot
        // be kept without it: fail the waiters rather than leave them hanging or break the limits.
        state.wake = undefined;
        const waiters = [...state.queue];
        state.queue.clear();
        for (const waiter of waiters) waiter.fail(error);
      },
    );
  };

  /** Starts waiters from the front of the queue while the host has both a slot and a token. */
  const pump = (state: HostState): void => {
    const { requestsPerSecond: rate, concurrency } = state.limits;
    while (state.queue.size > 0 && state.active < concurrency) {
      if (rate !== undefined) {
        refill(state, rate);
        if (state.tokens < 1 - EPSILON) {
          // At least 1 ms, rounded up: timers fire on whole milliseconds, and one that fires a
          // fraction early would find no token and have to be set again.
          wakeIn(state, Math.max(1, Math.ceil(((1 - state.tokens) * 1000) / rate - EPSILON)));
          return;
        }
        state.tokens -= 1;
      }
      const [waiter] = state.queue;
      state.queue.delete(waiter!);
      state.active += 1;
      waiter!.start();
    }
    if (state.queue.size === 0) cancelWake(state);
  };

  const acquire = (state: HostState, signal: AbortSignal | undefined): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        state.queue.delete(waiter);
        reject(signal?.reason);
        pump(state);
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      state.queue.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      pump(state);
    });

  const setHostLimits = (hosts: Record<string, RateLimit>): void => {
    // Resolve them all first, so an invalid limit changes nothing.
    for (const [host, limits] of resolveHosts(hosts)) {
      configured.set(host, limits);
      const state = states.get(host);
      if (!state) continue;
      const oldRate = state.limits.requestsPerSecond;
      if (oldRate === undefined) {
        state.tokens = limits.burst;
        state.refilledAt = now();
      } else {
        refill(state, oldRate);
        state.tokens = Math.min(state.tokens, limits.burst);
      }
      state.limits = limits;
      // The wake-up was timed for the old rate: time it again for the new one.
      cancelWake(state);
      pump(state);
    }
  };

  return {
    setHostLimits,
    async schedule<T>(url: string | URL, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      const state = stateFor(new URL(String(url)).hostname);
      signal?.throwIfAborted();
      await acquire(state, signal);
      try {
        return await task();
      } finally {
        state.active -= 1;
        pump(state);
      }
    },
  };
}

function resolveLimits(limit: RateLimit | undefined, fallback: RateLimit | undefined, where: string): Limits {
  const requestsPerSecond = limit?.requestsPerSecond ?? fallback?.requestsPerSecond;
  const ownRate = limit?.requestsPerSecond !== undefined;
  const burst =
    limit?.burst ??
    (ownRate ? undefined : fallback?.burst) ??
    (requestsPerSecond === undefined ? 1 : Math.max(1, Math.ceil(requestsPerSecond)));
  const concurrency = limit?.concurrency ?? fallback?.concurrency ?? DEFAULT_CONCURRENCY;
  if (requestsPerSecond !== undefined && !(requestsPerSecond > 0)) {
    throw new ConfigError(
      `rate limit of ${where}: requestsPerSecond must be positive, got ${requestsPerSecond}`,
    );
  }
  if (!(burst >= 1)) {
    throw new ConfigError(`rate limit of ${where}: burst must be at least 1, got ${burst}`);
  }
  if (!(Number.isInteger(concurrency) && concurrency >= 1) && concurrency !== Number.POSITIVE_INFINITY) {
    throw new ConfigError(
      `rate limit of ${where}: concurrency must be a positive integer, got ${concurrency}`,
    );
  }
  return { requestsPerSecond, burst, concurrency };
}

function setTimeoutSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
