import { readFileSync } from 'node:fs';
import { osNgd } from '@ldn-twin/connectors/os-ngd';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/os-ngd/${name}`, import.meta.url), 'utf8');
const page1 = fixture('bld-fts-building-4-items-page-1.json');
const page2 = fixture('bld-fts-building-4-items-page-2.json');
const feature = JSON.stringify(JSON.parse(page1).features[0]);

/** Answers with the recorded pages (page 2 when offset=1); the harness makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = url.pathname.endsWith('/items')
    ? url.searchParams.get('offset') === '1'
      ? page2
      : page1
    : feature;
  return new Response(body, { headers: { 'content-type': 'application/geo+json' } });
};

const config = {
  apiKey: 'os-k3y-faults',
  buildingProperties: { height: 'example_height_m', groundElevation: 'example_ground_m' },
};

it.concurrent.each([
  ['buildings', { bbox: [-0.1205, 51.4995, -0.117, 51.501] }],
  ['items', { collection: 'bld-fts-building-4', kind: 'Building' }],
  [
    'item',
    { collection: 'bld-fts-building-4', featureId: '00000000-0000-4000-8000-000000000001', kind: 'Building' },
  ],
])(
  'os-ngd %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: osNgd,
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
