import { readFileSync } from 'node:fs';
import { neso } from '@ldn-twin/connectors/neso';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { expect, it } from 'vitest';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/neso/${name}`, import.meta.url), 'utf8');
/** Hand-made to the documented shape (fixtures/neso/SOURCES.md). */
const dataPackage = fixture('handmade-datapackage-show-2-14-day-demand.json');
const search = fixture('handmade-datastore-search-2-14-day-demand.json');

const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = url.pathname.endsWith('/datapackage_show') ? dataPackage : search;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

// The portal's budget (two queries a minute) would make the harness's retries wait minutes; the
// limit itself is checked in neso.test.ts, so the harness runs the connector without it.
const unlimited = { ...neso, rateLimits: {} };

it.concurrent('neso demandForecast survives every fault honestly', async () => {
  const results = await runFaultHarness({
    connector: unlimited,
    operation: 'demandForecast',
    params: { forecast: 'two-to-fourteen-day' },
    fetch: recorded,
  });
  expect(results).toHaveLength(FAULT_CASES.length);
  expect(results.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`)).toEqual([]);
  for (const r of results) expect(r.report.received).toBe(r.report.mapped + r.report.failed);
}, 60_000);
