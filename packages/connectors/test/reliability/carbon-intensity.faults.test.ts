import { readFileSync } from 'node:fs';
import { carbonIntensity } from '@ldn-twin/connectors/carbon-intensity';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/carbon-intensity/${name}`, import.meta.url), 'utf8');
const national = fixture('carbonintensity-national-intensity-fw24h.json');
const london = fixture('carbonintensity-regional-regionid-13.json');
/** The documented `/generation` shape, holding the recorded London period's mix. */
const generation = (() => {
  const { from, to, generationmix } = JSON.parse(london).data[0].data[0];
  return JSON.stringify({ data: { from, to, generationmix } });
})();

/** Answers with the real recorded responses; the harness makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = url.pathname.startsWith('/regional/')
    ? london
    : url.pathname.startsWith('/generation')
      ? generation
      : national;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

it.concurrent.each([
  ['nationalIntensity', {}],
  ['regionalIntensity', {}],
  ['nationalIntensityRange', { from: '2020-05-24T20:30:00Z', to: '2020-05-24T22:00:00Z' }],
  ['regionalIntensityByPostcode', { outcode: 'SE1' }],
  ['nationalGenerationMix', {}],
  ['regionalIntensityRange', { from: '2021-12-13T16:30:00Z', to: '2021-12-13T17:00:00Z' }],
])(
  'carbon-intensity %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: carbonIntensity,
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
