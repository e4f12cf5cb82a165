import { readFileSync } from 'node:fs';
import { glaPlanningDataMap } from '@ldn-twin/connectors/gla-planning-data-map';
import { FAULT_CASES, type FaultCase, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/gla-planning-data-map/${name}`, import.meta.url), 'utf8');
const layers19 = fixture('handmade-layers-19.json');
const layers19Updated = fixture('handmade-layers-19-updated.json');
const layer219 = fixture('handmade-londonwide-layer219.json');
const layer220 = fixture('handmade-londonwide-layer220.json');
const londonWide = fixture('handmade-londonwide-layers.json');
const siteAllocations = fixture('handmade-query-site-allocations.json');
const tpa = fixture('handmade-query-londonwide-tpa.json');
const empty = fixture('handmade-query-empty.json');

/** Answers with the recorded (hand-made, see SOURCES.md) responses; the harness makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  const body = path.endsWith('/planning_local_plan_data_19_updated/FeatureServer/layers')
    ? layers19Updated
    : path.endsWith('/planning_data_map_02/FeatureServer/layers')
      ? londonWide
      : path.endsWith('/layers')
        ? layers19
        : path.endsWith('/219/query')
          ? tpa
          : path.endsWith('/41/query')
            ? siteAllocations
            : path.endsWith('/query')
              ? empty
              : path.endsWith('/219')
                ? layer219
                : layer220;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

/**
 * The standard endless-pager case repeats the very first answer for every request, which for a
 * multi-request operation is a layer listing, not a page. This variant repeats the first *query*
 * answer only, so the pager itself is what is tested.
 */
const PAGER = 'a pager that returns the same page forever';
const cases: FaultCase[] = FAULT_CASES.map((c) =>
  c.name !== PAGER
    ? c
    : {
        ...c,
        wrap: (good) => {
          let first: Response | undefined;
          return async (input, init) => {
            const url = input instanceof Request ? input.url : String(input);
            if (!new URL(url).pathname.endsWith('/query')) return good(input, init);
            first ??= await good(input, init);
            return first.clone();
          };
        },
      },
);

it.concurrent.each([
  ['constraints', { authority: 'Islington', point: [-0.1036, 51.5463], distance: 50 }],
  ['layers', { authority: 'islington' }],
])(
  'gla-planning-data-map %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: glaPlanningDataMap,
      operation,
      params,
      fetch: recorded,
      cases,
    });
    expect(results).toHaveLength(FAULT_CASES.length);
    expect(results.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`)).toEqual([]);
    for (const r of results) expect(r.report.received).toBe(r.report.mapped + r.report.failed);
  },
  60_000,
);
