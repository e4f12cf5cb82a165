import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isConfigError } from '../../src/errors.js';
import { createHostLimiter } from '../../src/http/rate-limit.js';

const POLICE = 'https://data.police.uk/api/forces';
const TFL = 'https://api.tfl.gov.uk/Line/Mode/tube/Status';

/** A promise settled from outside, to hold a task running until the test lets it finish. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createHostLimiter', () => {
  it('starts a burst at once, then one request per 1/rate seconds', async () => {
    // Concurrency well above the burst, so only the token bucket holds requests back.
    const limiter = createHostLimiter({
      hosts: { 'data.police.uk': { requestsPerSecond: 15, burst: 30, concurrency: 100 } },
    });
    const t0 = Date.now();
    const starts: number[] = [];
    const runs = Array.from({ length: 40 }, (_, i) =>
      limiter.schedule(POLICE, async () => {
        starts[i] = Date.now() - t0;
        await wait(1000);
      }),
    );

    await vi.advanceTimersByTimeAsync(0);
    expect(starts.filter((start) => start !== undefined)).toEqual(Array(30).fill(0));

    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(runs);
    const rest = starts.slice(30);
    expect(rest).toHaveLength(10);
    rest.forEach((start, k) => {
      // Timers fire on whole milliseconds, so each start is within 1 ms of the ideal schedule.
      expect(Math.abs(start - ((k + 1) * 1000) / 15)).toBeLessThanOrEqual(1);
    });
    for (let k = 1; k < rest.length; k++) {
      const gap = rest[k]! - rest[k - 1]!;
      expect(gap).toBeGreaterThanOrEqual(66);
      expect(gap).toBeLessThanOrEqual(67);
    }
  });

  it('refills the bucket during quiet spells, up to the burst', async () => {
    const limiter = createHostLimiter({ default: { requestsPerSecond: 2, burst: 2 } });
    const startsAt = async (count: number) => {
      const t0 = Date.now();
      const starts: number[] = [];
      const runs = Array.from({ length: count }, () =>
        limiter.schedule(TFL, async () => {
          starts.push(Date.now() - t0);
        }),
      );
      await vi.advanceTimersByTimeAsync(5000);
      await Promise.all(runs);
      return starts;
    };

    expect(await startsAt(3)).toEqual([0, 0, 500]);
    // Five quiet seconds refill the bucket to 2, not 10.
    expect(await startsAt(3)).toEqual([0, 0, 500]);
  });

  it('never runs more than `concurrency` tasks of a host at once, and starts them in order', async () => {
    const limiter = createHostLimiter({ default: { concurrency: 2 } });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const runs = Array.from({ length: 10 }, (_, i) =>
      limiter.schedule(TFL, async () => {
        order.push(i);
        running += 1;
        most = Math.max(most, running);
        await wait(10 + ((i * 7) % 5) * 10);
        running -= 1;
        return i;
      }),
    );

    await vi.advanceTimersByTimeAsync(0);
    expect(running).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('defaults to 6 at once with no rate limit', async () => {
    const limiter = createHostLimiter();
    let running = 0;
    const runs = Array.from({ length: 8 }, () =>
      limiter.schedule(TFL, async () => {
        running += 1;
        await wait(100);
        running -= 1;
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(running).toBe(6);
    await vi.advanceTimersByTimeAsync(100);
    expect(running).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(runs);
  });

  it('keeps hosts independent', async () => {
    const limiter = createHostLimiter({
      hosts: { 'data.police.uk': { requestsPerSecond: 1, burst: 1, concurrency: 1 } },
    });
    const held = deferred();
    const first = limiter.schedule(POLICE, () => held.promise);
    const second = vi.fn(async () => 'police');
    const queued = limiter.schedule(POLICE, second);
    const other = vi.fn(async () => 'tfl');

    // The police host has neither a slot nor a token; TfL does not wait for it.
    await expect(limiter.schedule(TFL, other)).resolves.toBe('tfl');
    expect(second).not.toHaveBeenCalled();

    held.resolve();
    await first;
    await vi.advanceTimersByTimeAsync(1000);
    await expect(queued).resolves.toBe('police');
  });

  it('matches hosts case-insensitively and lets a host override the default field by field', async () => {
    const limiter = createHostLimiter({
      default: { concurrency: 1, burst: 10, requestsPerSecond: 10 },
      hosts: { 'DATA.police.uk': { requestsPerSecond: 1 } },
    });
    const t0 = Date.now();
    const starts: number[] = [];
    let running = 0;
    let most = 0;
    const runs = Array.from({ length: 3 }, () =>
      limiter.schedule(POLICE, async () => {
        starts.push(Date.now() - t0);
        running += 1;
        most = Math.max(most, running);
        await Promise.resolve();
        running -= 1;
      }),
    );
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all(runs);
    // Burst follows the host's own rate (1), not the default's 10; concurrency 1 is inherited.
    expect(starts).toEqual([0, 1000, 2000]);
    expect(most).toBe(1);
  });

  it('rejects an aborted waiter with the reason, takes nothing, and serves the rest of the queue', async () => {
    const limiter = createHostLimiter({ default: { requestsPerSecond: 1, burst: 1, concurrency: 1 } });
    const t0 = Date.now();
    const held = deferred();
    const first = limiter.schedule(TFL, () => held.promise);

    const controller = new AbortController();
    const aborted = vi.fn(async () => 'never');
    const second = limiter.schedule(TFL, aborted, controller.signal);
    const starts: number[] = [];
    let running = 0;
    let most = 0;
    const track = async () => {
      starts.push(Date.now() - t0);
      running += 1;
      most = Math.max(most, running);
      await wait(10);
      running -= 1;
    };
    const third = limiter.schedule(TFL, track);
    const fourth = limiter.schedule(TFL, track);

    const reason = new Error('user left the page');
    controller.abort(reason);
    await expect(second).rejects.toBe(reason);
    expect(aborted).not.toHaveBeenCalled();

    held.resolve();
    await first;
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all([third, fourth]);
    // The aborted waiter spent no token (third starts at 1 s, not 2 s) and freed no slot it did
    // not hold (never two running with concurrency 1).
    expect(starts).toEqual([1000, 2000]);
    expect(most).toBe(1);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limiter = createHostLimiter();
    const task = vi.fn(async () => 'never');
    await expect(limiter.schedule(TFL, task, AbortSignal.abort('gone'))).rejects.toBe('gone');
    expect(task).not.toHaveBeenCalled();
  });

  it('cancels its wake-up timer when the last waiter aborts', async () => {
    const limiter = createHostLimiter({ default: { requestsPerSecond: 1, burst: 1 } });
    await limiter.schedule(TFL, async () => undefined);
    const controller = new AbortController();
    const waiting = limiter.schedule(TFL, async () => undefined, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores the signal once the task has started', async () => {
    const limiter = createHostLimiter();
    const controller = new AbortController();
    const run = limiter.schedule(
      TFL,
      async () => {
        controller.abort();
        return 'done';
      },
      controller.signal,
    );
    await expect(run).resolves.toBe('done');
  });

  it('frees the slot of a task that rejects or throws', async () => {
    const limiter = createHostLimiter({ default: { concurrency: 1 } });
    const failure = new Error('503');
    const rejecting = limiter.schedule(TFL, async () => {
      throw failure;
    });
    const throwing = limiter.schedule(TFL, () => {
      throw failure;
    });
    const next = limiter.schedule(TFL, async () => 'next');
    await expect(rejecting).rejects.toBe(failure);
    await expect(throwing).rejects.toBe(failure);
    await expect(next).resolves.toBe('next');
  });

  it('fails the waiters of a host when a custom sleep fails', async () => {
    const broken = new Error('no timers here');
    const limiter = createHostLimiter({
      default: { requestsPerSecond: 1, burst: 1 },
      sleep: () => Promise.reject(broken),
    });
    await limiter.schedule(TFL, async () => undefined);
    await expect(limiter.schedule(TFL, async () => undefined)).rejects.toBe(broken);
  });

  it('uses the injected clock and sleep', async () => {
    let time = 0;
    const sleeps: number[] = [];
    const limiter = createHostLimiter({
      default: { requestsPerSecond: 4, burst: 1 },
      now: () => time,
      sleep: async (ms) => {
        sleeps.push(ms);
        time += ms;
      },
    });
    await Promise.all([1, 2, 3].map(() => limiter.schedule(TFL, async () => undefined)));
    expect(sleeps).toEqual([250, 250]);
  });

  it('applies host limits set after creation, to hosts in use and not yet used', async () => {
    const limiter = createHostLimiter({ default: { concurrency: 1 } });
    const held = deferred();
    const first = limiter.schedule(TFL, () => held.promise);
    let started = 0;
    const queued = Array.from({ length: 3 }, () =>
      limiter.schedule(TFL, async () => {
        started += 1;
      }),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(0);

    // Raising the cap of a host in use starts its queue at once, within the new rate's burst of 2.
    limiter.setHostLimits({ 'api.tfl.gov.uk': { concurrency: 10, requestsPerSecond: 1, burst: 2 } });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(3);
    held.resolve();
    await Promise.all([first, ...queued]);

    limiter.setHostLimits({ 'data.police.uk': { requestsPerSecond: 1 } });
    const t0 = Date.now();
    const starts: number[] = [];
    const runs = [1, 2].map(() =>
      limiter.schedule(POLICE, async () => {
        starts.push(Date.now() - t0);
      }),
    );
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(runs);
    expect(starts).toEqual([0, 1000]);
  });

  it('changes nothing when a limit set after creation is invalid', async () => {
    const limiter = createHostLimiter({ default: { concurrency: 1 } });
    expect(() =>
      limiter.setHostLimits({
        'api.tfl.gov.uk': { concurrency: 5 },
        'data.police.uk': { requestsPerSecond: -1 },
      }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    let running = 0;
    let most = 0;
    const runs = [1, 2].map(() =>
      limiter.schedule(TFL, async () => {
        running += 1;
        most = Math.max(most, running);
        await wait(10);
        running -= 1;
      }),
    );
    await vi.advanceTimersByTimeAsync(20);
    await Promise.all(runs);
    expect(most).toBe(1);
  });

  it('rejects a URL that is not absolute', async () => {
    const limiter = createHostLimiter();
    await expect(limiter.schedule('/api/forces', async () => undefined)).rejects.toBeInstanceOf(TypeError);
  });

  it.each([
    { requestsPerSecond: 0 },
    { requestsPerSecond: Number.NaN },
    { requestsPerSecond: 5, burst: 0 },
    { concurrency: 0 },
    { concurrency: 1.5 },
  ])('throws a ConfigError for %o', (limit) => {
    expect(() => createHostLimiter({ hosts: { 'data.police.uk': limit } })).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    let thrown: unknown;
    try {
      createHostLimiter({ default: limit });
    } catch (error) {
      thrown = error;
    }
    expect(isConfigError(thrown)).toBe(true);
  });
});
