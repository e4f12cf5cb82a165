import { readFileSync } from 'node:fs';
import { undergroundAssets } from '@ldn-twin/connectors/underground-assets';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

/*
 * importGeoJson makes no request (the user hands it a FeatureCollection), so the network faults do
 * not apply to it; its drift and broken-geometry handling is covered in underground-assets.test.ts.
 * Here: the two operations that read an OGC API endpoint the user can access.
 */
const ENDPOINT = 'https://assets.example.london/ogcapi';
const ITEMS = `${ENDPOINT}/collections/water-mains/items`;
const mains = JSON.parse(
  readFileSync(
    new URL('../fixtures/underground-assets/example-water-mains-bng.geojson', import.meta.url),
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

/** Answers with the example file as an endpoint would; the harness makes every fault from it. */
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

it.concurrent.each([
  ['items', { collection: 'water-mains', crs: 'http://www.opengis.net/def/crs/EPSG/0/27700', map }],
  ['collections', {}],
])(
  'underground-assets %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: undergroundAssets,
      config,
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
