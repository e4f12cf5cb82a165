// After a failed call no timer of the client may be left running: a CLI that printed the error
// would otherwise stay alive until the per-attempt timeout (30 s) ran out.
import { createClient, isHttpError } from '@ldn-twin/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';

const API = 'https://api.example.test';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Timers that keep the process alive (unref'd ones, such as undici's, do not count). */
const liveTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

it.each([
  ['an error answered at once (404, not retried)', 404, 0],
  ['an error after retries (500, retried twice)', 500, 2],
])('leaves no timer behind after %s', async (_, status, limit) => {
  let calls = 0;
  server.use(
    http.get(`${API}/fails`, () => {
      calls += 1;
      return HttpResponse.json({ detail: 'no' }, { status });
    }),
  );
  const before = liveTimers();
  const client = createClient({ cache: false, retry: { limit, backoffLimitMs: 5 } });
  const error = await client.json(`${API}/fails`, z.unknown()).catch((e: unknown) => e);
  expect(isHttpError(error) && error.status).toBe(status);
  expect(calls).toBe(limit + 1);
  expect(liveTimers()).toBeLessThanOrEqual(before);
});
