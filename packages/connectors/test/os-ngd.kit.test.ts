import { readFileSync } from 'node:fs';
import { osNgd } from '@ldn-twin/connectors/os-ngd';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/os-ngd/${name}`, import.meta.url), 'utf8');
const page1 = fixture('bld-fts-building-4-items-page-1.json');
const page2 = fixture('bld-fts-building-4-items-page-2.json');
const feature = JSON.stringify(JSON.parse(page1).features[0]);

/** Answers with the recorded pages (page 2 when offset=1); the kit makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = url.pathname.endsWith('/items')
    ? url.searchParams.get('offset') === '1'
      ? page2
      : page1
    : feature;
  return new Response(body, { headers: { 'content-type': 'application/geo+json' } });
};

const config = {
  apiKey: 'os-k3y-faults',
  buildingProperties: { height: 'example_height_m', groundElevation: 'example_ground_m' },
};

describeConnector(osNgd, {
  runner: vitest,
  recorded,
  config,
  cases: [
    { operation: 'buildings', params: { bbox: [-0.1205, 51.4995, -0.117, 51.501] } },
    { operation: 'items', params: { collection: 'bld-fts-building-4', kind: 'Building' } },
    {
      operation: 'item',
      params: {
        collection: 'bld-fts-building-4',
        featureId: '00000000-0000-4000-8000-000000000001',
        kind: 'Building',
      },
    },
  ],
  keys: [
    {
      config: { ...config, apiKey: 'osNgdKey0123456789ABCDEF' },
      operation: 'items',
      params: { collection: 'bld-fts-building-4', kind: 'Building' },
    },
  ],
});
