import { readFileSync } from 'node:fs';
import { neso } from '@ldn-twin/connectors/neso';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/neso/${name}`, import.meta.url), 'utf8');
/** Hand-made to the documented shape (fixtures/neso/SOURCES.md). */
const dataPackage = fixture('handmade-datapackage-show-2-14-day-demand.json');
const search = fixture('handmade-datastore-search-2-14-day-demand.json');

const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = url.pathname.endsWith('/datapackage_show') ? dataPackage : search;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

// The portal's budget (two queries a minute) would make the harness's retries wait minutes; the
// limit itself is checked in neso.test.ts, so the kit runs the connector without it.
describeConnector(
  { ...neso, rateLimits: {} },
  {
    runner: vitest,
    recorded,
    cases: [{ operation: 'demandForecast', params: { forecast: 'two-to-fourteen-day' } }],
  },
);
