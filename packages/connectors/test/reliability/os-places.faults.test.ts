import { readFileSync } from 'node:fs';
import { osPlaces } from '@ldn-twin/connectors/os-places';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

/** The real recorded UPRN answer; every operation answers in this layout (header + results). */
const uprn = readFileSync(new URL('../fixtures/os-places/osplaces-uprn-dpa.json', import.meta.url), 'utf8');

/** Answers with the recorded response; the harness makes every fault from it. */
const recorded: typeof fetch = async () =>
  new Response(uprn, { headers: { 'content-type': 'application/json' } });

const config = { apiKey: 'os-places-k3y-faults' };

it.concurrent.each([
  ['uprn', { uprn: '100023071949' }],
  ['postcode', { postcode: 'SW1A 2AA' }],
  ['find', { query: '10 Downing Street, London' }],
  ['nearest', { point: { easting: 530047, northing: 179951 } }],
  ['radius', { point: { easting: 530047, northing: 179951 }, radius: 50 }],
  ['bbox', { bbox: { minEasting: 530000, minNorthing: 179900, maxEasting: 530100, maxNorthing: 180000 } }],
  [
    'polygon',
    {
      polygon: {
        type: 'Polygon',
        coordinates: [
          [
            [-0.1277, 51.5034],
            [-0.1267, 51.5034],
            [-0.1267, 51.504],
            [-0.1277, 51.5034],
          ],
        ],
      },
    },
  ],
])(
  'os-places %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: osPlaces,
      config,
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
