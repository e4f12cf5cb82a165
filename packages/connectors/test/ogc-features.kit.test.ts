import { readFileSync } from 'node:fs';
import { ogcFeatures } from '@ldn-twin/connectors/ogc-features';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/ogc-features/${name}`, import.meta.url), 'utf8');
const collections = fixture('collections.json');
const page1 = fixture('buildings-items-page-1.json');
const page2 = fixture('buildings-items-page-2.json');
const feature = JSON.stringify(JSON.parse(page1).features[0]);

/** Answers with the recorded responses (page 2 when offset=2); the kit makes every fault from them. */
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

describeConnector(ogcFeatures, {
  runner: vitest,
  recorded,
  config,
  cases: [
    { operation: 'collections', params: {} },
    { operation: 'items', params: { collection: 'buildings', kind: 'Building', limit: 2 } },
    { operation: 'item', params: { collection: 'buildings', featureId: 'b-1001', kind: 'Building' } },
  ],
  keys: [
    {
      config: { ...config, apiKeyHeader: 'x-api-key', apiKey: 'ogc-K3y-0123456789' },
      operation: 'items',
      params: { collection: 'buildings', kind: 'Building', limit: 2 },
    },
  ],
});
