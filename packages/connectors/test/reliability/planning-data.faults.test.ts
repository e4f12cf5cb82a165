import { readFileSync } from 'node:fs';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

const lambeth = readFileSync(
  new URL('../fixtures/planning-data/planningdata-entity-json-lambeth-point.json', import.meta.url),
  'utf8',
);
const entity = JSON.stringify(
  JSON.parse(
    readFileSync(
      new URL('../fixtures/planning-data/planningdata-entity-conservation-area.json', import.meta.url),
      'utf8',
    ),
  )[0],
);
const metadata = JSON.parse(
  readFileSync(
    new URL('../fixtures/planning-data/planningdata-dataset-metadata.json', import.meta.url),
    'utf8',
  ),
) as Record<string, { dataset: string }>;
/** Answers with the real recorded responses; the harness makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const dataset = /^\/dataset\/(.+)\.json$/.exec(url.pathname)?.[1];
  const found = Object.values(metadata).find((m) => m.dataset === dataset);
  const body = url.pathname === '/entity.json' ? lambeth : found ? JSON.stringify(found) : entity;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

it.each([
  [
    'searchEntities',
    { point: [-0.1198903, 51.4922191], datasets: ['conservation-area', 'listed-building-outline'] },
  ],
  [
    'searchEntities',
    {
      point: [-0.1198903, 51.4922191],
      datasets: ['conservation-area'],
      entryDate: { date: '2024-01-01', match: 'since' },
    },
  ],
  ['entity', { entity: 44006852 }],
  ['dataset', { dataset: 'conservation-area' }],
])(
  'planning-data %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: planningData,
      operation,
      params,
      fetch: recorded,
    });
    expect(results).toHaveLength(FAULT_CASES.length);
    expect(results.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`)).toEqual([]);
    // The drift cases must really have bitten somewhere: not every case may end in plain success.
    expect(results.some((r) => r.outcome === 'partial')).toBe(true);
  },
  60_000,
);
