import { readFileSync } from 'node:fs';
import { eaFlood } from '@ldn-twin/connectors/ea-flood';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/ea-flood/${name}`, import.meta.url), 'utf8')) as {
    items: unknown[];
  };
const warnings = fixture('ea-flood-warnings.json');
const stations = fixture('ea-stations.json');
const readings = fixture('ea-readings.json');
/** A single-item answer, as the service gives for /id/<thing>/<id>. */
const single = (body: { items: unknown[] }) => JSON.stringify({ ...body, items: body.items[0] });

/** Answers with the real recorded responses; the harness makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname.replace(
    '/flood-monitoring',
    '',
  );
  const body = /\/readings$/.test(path)
    ? JSON.stringify(readings)
    : /^\/id\/stations\/[^/]+$/.test(path)
      ? single(stations)
      : path === '/id/stations'
        ? JSON.stringify(stations)
        : /^\/id\/floods\/[^/]+$/.test(path)
          ? single(warnings)
          : /^\/id\/floodAreas\/[^/]+$/.test(path)
            ? JSON.stringify({ ...warnings, items: (warnings.items[0] as { floodArea: unknown }).floodArea })
            : path === '/id/floodAreas'
              ? JSON.stringify({
                  ...warnings,
                  items: warnings.items.map((i) => (i as { floodArea: unknown }).floodArea),
                })
              : JSON.stringify(warnings);
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

it.concurrent.each([
  ['floodWarnings', {}],
  ['floodWarning', { id: '93504' }],
  ['floodAreas', { lat: 53.96, long: -1.08, distKm: 10 }],
  ['floodArea', { code: '122FWF723' }],
  ['stationsNear', { lat: 51.25, long: 1.03, distKm: 5 }],
  ['latestReadings', { station: 'E7050' }],
  ['allLatestReadings', { parameter: 'rainfall' }],
  ['readings', { station: 'E3951', since: '2017-07-05T00:00:00Z', limit: 2 }],
])(
  'ea-flood %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: eaFlood,
      operation,
      params,
      fetch: recorded,
    });
    expect(results).toHaveLength(FAULT_CASES.length);
    expect(results.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`)).toEqual([]);
    for (const r of results) expect(r.report.received).toBe(r.report.mapped + r.report.failed);
  },
  60_000,
);
