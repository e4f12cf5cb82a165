import { readFileSync } from 'node:fs';
import { laqn } from '@ldn-twin/connectors/laqn';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

const fixture = (name: string) => readFileSync(new URL(`../fixtures/laqn/${name}`, import.meta.url), 'utf8');
const sites = fixture('laqn-monitoring-sites.json');
const index = fixture('laqn-hourly-monitoring-index.json');
const data = fixture('laqn-data-sitespecies.json');
const daily = fixture('laqn-daily-monitoring-index.json');

/** Answers with the real recorded responses; the harness makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  const body = path.includes('/Hourly/MonitoringIndex/')
    ? index
    : path.includes('/Daily/MonitoringIndex/')
      ? daily
      : path.includes('/Data/SiteSpecies/')
        ? data
        : sites;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

it.concurrent.each([
  ['monitoringSites', { withSpecies: false }],
  ['hourlyIndex', {}],
  ['dailyIndex', {}],
  ['siteData', { site: 'MY1', species: 'NO', startDate: '2022-12-10', endDate: '2022-12-11' }],
])(
  'laqn %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: laqn,
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
