import { readFileSync } from 'node:fs';
import { undergroundAssets } from '@ldn-twin/connectors/underground-assets';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

/*
 * importGeoJson makes no request (the user hands it a FeatureCollection), so the network faults do
 * not apply to it; its drift and broken-geometry handling is covered in underground-assets.test.ts.
 * Here: the two operations that read an OGC API endpoint the user can access.
 */
const ENDPOINT = 'https://assets.example.london/ogcapi';
const ITEMS = `${ENDPOINT}/collections/water-mains/items`;
const mains = JSON.parse(
  readFileSync(
    new URL('./fixtures/underground-assets/example-water-mains-bng.geojson', import.meta.url),
    'utf8',
  ),
) as { features: { properties: { asset_id: string } }[] };
const page = JSON.stringify({
  type: 'FeatureCollection',
  numberMatched: mains.features.length,
  numberReturned: mains.features.length,
  links: [{ href: ITEMS, rel: 'self', type: 'application/geo+json' }],
  features: mains.features.map((f) => ({ ...f, id: f.properties.asset_id })),
});
const collections = JSON.stringify({
  links: [],
  collections: [{ id: 'water-mains', title: 'Water mains', links: [{ href: ITEMS, rel: 'items' }] }],
});

/** Answers with the example file as an endpoint would; the kit makes every fault from it. */
const recorded: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  const body = path.endsWith('/items') ? page : collections;
  return new Response(body, { headers: { 'content-type': 'application/geo+json' } });
};

const config = {
  organisation: 'lb-lambeth',
  baseUrl: ENDPOINT,
  apiKeyHeader: 'authorization-key',
  apiKey: 'k3y-faults',
};
const map = {
  id: 'asset_id',
  assetType: 'asset_type',
  owner: 'owner',
  material: 'material',
  depth: 'depth_m',
};

describeConnector(undergroundAssets, {
  runner: vitest,
  recorded,
  config,
  cases: [
    {
      operation: 'items',
      params: { collection: 'water-mains', crs: 'http://www.opengis.net/def/crs/EPSG/0/27700', map },
    },
    { operation: 'collections', params: {} },
  ],
  keys: [
    {
      // A header name the HAR recorder knows for a credential: one it does not know (as the
      // config's own 'authorization-key') is kept in a default-redacted archive, as documented.
      config: { ...config, apiKeyHeader: 'x-api-key', apiKey: 'underground-K3y-0123456789' },
      operation: 'items',
      params: { collection: 'water-mains', crs: 'http://www.opengis.net/def/crs/EPSG/0/27700', map },
    },
  ],
});
