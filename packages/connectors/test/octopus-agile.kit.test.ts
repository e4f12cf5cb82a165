import { readFileSync } from 'node:fs';
import { octopusAgile } from '@ldn-twin/connectors/octopus-agile';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/octopus-agile/${name}`, import.meta.url), 'utf8');
/** Real captures (fixtures/octopus-agile/SOURCES.md); the capture's next link is answered with an empty last page. */
const rates = fixture('octopus-agile-standard-unit-rates-region-j.json');
const products = fixture('octopus-products-agile-entry.json');
const lastPage = JSON.stringify({ count: 5, next: null, results: [] });

const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body =
    url.pathname === '/v1/products/' ? products : url.searchParams.get('page') === '2' ? lastPage : rates;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

describeConnector(octopusAgile, {
  runner: vitest,
  recorded,
  cases: [
    {
      operation: 'unitRates',
      label: 'with a product code',
      params: { productCode: 'AGILE-FLEX-22-11-25', region: 'J', from: '2024-05-07T19:30:00Z' },
    },
    { operation: 'unitRates', label: 'discovering the product', params: { from: '2024-05-07T19:30:00Z' } },
  ],
});
