import { readFileSync } from 'node:fs';
import { laqn } from '@ldn-twin/connectors/laqn';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/laqn/${name}`, import.meta.url), 'utf8');
const sites = fixture('laqn-monitoring-sites.json');
const index = fixture('laqn-hourly-monitoring-index.json');
const data = fixture('laqn-data-sitespecies.json');
const daily = fixture('laqn-daily-monitoring-index.json');

/** Answers with the real recorded responses; the kit makes every fault from them. */
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

describeConnector(laqn, {
  runner: vitest,
  recorded,
  cases: [
    { operation: 'monitoringSites', params: { withSpecies: false } },
    { operation: 'hourlyIndex', params: {} },
    { operation: 'dailyIndex', params: {} },
    {
      operation: 'siteData',
      params: { site: 'MY1', species: 'NO', startDate: '2022-12-10', endDate: '2022-12-11' },
    },
  ],
});
