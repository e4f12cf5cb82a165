import { readFileSync } from 'node:fs';
import { ogcFeatures } from '@ldn-twin/connectors/ogc-features';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/ogc-features/${name}`, import.meta.url), 'utf8');
const collections = fixture('collections.json');
const page1 = fixture('buildings-items-page-1.json');
const page2 = fixture('buildings-items-page-2.json');
const feature = JSON.stringify(JSON.parse(page1).features[0]);

/** Answers with the recorded responses (page 2 when offset=2); the harness makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const path = url.pathname;
  const body = path.endsWith('/collections')
    ? collections
    : path.endsWith('/items')
      ? url.searchParams.get('offset') === '2'
        ? page2
        : page1
      : feature;
  const type = path.includes('/items') ? 'application/geo+json' : 'application/json';
  return new Response(body, { headers: { 'content-type': type } });
};

const config = { baseUrl: 'https://maps.example.london/ogcapi', access: { classification: 'open' } };

it.concurrent.each([
  ['collections', {}],
  ['items', { collection: 'buildings', kind: 'Building', limit: 2 }],
  ['item', { collection: 'buildings', featureId: 'b-1001', kind: 'Building' }],
])(
  'ogc-features %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: ogcFeatures,
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
