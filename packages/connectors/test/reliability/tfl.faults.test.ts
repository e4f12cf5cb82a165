import { readFileSync } from 'node:fs';
import { tfl } from '@ldn-twin/connectors/tfl';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

const fixture = (name: string) => readFileSync(new URL(`../fixtures/tfl/${name}`, import.meta.url), 'utf8');
const roads = fixture('tfl-road-disruption.json');
const streets = fixture('tfl-road-street-disruption.json');
const lines = fixture('tfl-line-status.json');
const stops = fixture('tfl-stoppoint-radius.json');
const bikes = fixture('tfl-bikepoint.json');
const corridors = fixture('tfl-road-status.json');
const predictions = fixture('tfl-stoppoint-arrivals.json');
// Documented shapes only, no capture (fixtures/tfl/SOURCES.md).
const carParks = fixture('tfl-occupancy-carpark.documented.json');
const connectors = fixture('tfl-occupancy-chargeconnector.documented.json');

// TfL's declared 50 a minute would spread the harness's retries over minutes of virtual time.
const unlimited = { ...tfl, rateLimits: {} };

/** Answers with the real recorded responses; the harness makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  const body = path.startsWith('/Occupancy/CarPark')
    ? carParks
    : path.startsWith('/Occupancy/ChargeConnector')
      ? connectors
      : path.endsWith('/Street/Disruption')
        ? streets
        : path.endsWith('/Disruption')
          ? roads
          : path.endsWith('/Status')
            ? lines
            : path.endsWith('/Arrivals')
              ? predictions
              : path.startsWith('/StopPoint')
                ? stops
                : path.startsWith('/Road/')
                  ? corridors
                  : bikes;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

it.concurrent.each([
  ['roadDisruptions', {}],
  ['streetDisruptions', { startDate: '2025-10-01T00:00:00Z', endDate: '2025-10-31T00:00:00Z' }],
  ['lineStatus', { modes: ['tube'] }],
  ['lineStatusById', { lines: ['bakerloo', 'circle'] }],
  ['roadStatus', { roads: ['a1', 'a2'] }],
  ['arrivals', { stop: '490000050E' }],
  ['stopPointsNear', { point: [-0.133, 51.509], radius: 100 }],
  ['bikePoints', {}],
  ['carParkOccupancy', {}],
  ['chargeConnectorOccupancy', {}],
])(
  'tfl %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      connector: unlimited,
      operation,
      params,
      fetch: recorded,
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
    });
    expect(results).toHaveLength(FAULT_CASES.length);
    expect(results.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`)).toEqual([]);
    for (const r of results) expect(r.report.received).toBe(r.report.mapped + r.report.failed);
  },
  60_000,
);
