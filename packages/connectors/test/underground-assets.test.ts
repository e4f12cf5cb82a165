import { readFileSync } from 'node:fs';
import { undergroundAssets } from '@ldn-twin/connectors/underground-assets';
import {
  connect,
  createClient,
  credentialRedaction,
  filterForAudience,
  isConfigError,
  PUBLIC_AUDIENCE,
  type TwinRecordOf,
} from '@ldn-twin/core';
import { recordHar, stringifyHar } from '@ldn-twin/core/har';
import { createRedactor } from '@ldn-twin/core/http';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/** Hand-made, fictional assets (see fixtures/underground-assets/SOURCES.md). */
const mains = JSON.parse(
  readFileSync(
    new URL('./fixtures/underground-assets/example-water-mains-bng.geojson', import.meta.url),
    'utf8',
  ),
);
const map = {
  id: 'asset_id',
  assetType: 'asset_type',
  owner: 'owner',
  material: 'material',
  depth: 'depth_m',
};
const ORG = 'lb-lambeth';
const RESTRICTED = { classification: 'official-sensitive', permittedOrganisations: [ORG] };

const ENDPOINT = 'https://assets.example.london/ogcapi';
const ITEMS = `${ENDPOINT}/collections/water-mains/items`;
const KEY = 'asset-endpoint-k3y';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Asset = TwinRecordOf<'UndergroundAsset'>;
const assets = (config: Record<string, unknown> = {}) =>
  connect(undergroundAssets, {
    client: createClient({ cache: false, retry: { limit: 0 } }),
    config: { organisation: ORG, ...config },
  });

describe('underground-assets importGeoJson', () => {
  it('imports BNG GeoJSON as UndergroundAsset records, geometry in WGS 84 and the BNG kept as place', async () => {
    const { records, report } = await assets()
      .importGeoJson({ dataset: 'water-mains-2026-11', featureCollection: mains, map })
      .collect();
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0, pages: 1, complete: true });
    const [main, second, chamber] = records as Asset[];
    expect(main?.id).toBe(`urn:ldntwin:underground-asset:assets-${ORG}:water-mains-2026-11%3AWM-0001`);
    expect(main?.properties.attributes).toEqual({
      assetType: 'water-main',
      owner: 'Example Water',
      material: 'ductile iron',
      depthMetres: 1.2,
      collection: 'water-mains-2026-11',
      extra: {},
    });
    expect(second?.properties.attributes.depthMetres).toBe(0.9);
    expect(chamber?.properties.attributes.depthMetres).toBeUndefined();
    expect(main?.place).toEqual(mains.features[0].geometry);
    expect(main?.coordRefSys).toBe('http://www.opengis.net/def/crs/EPSG/0/27700');
    const [lon, lat] = (main!.geometry as { coordinates: number[][] }).coordinates[0]!;
    expect(lon).toBeGreaterThan(-0.13);
    expect(lon).toBeLessThan(-0.11);
    expect(lat).toBeGreaterThan(51.49);
    expect(lat).toBeLessThan(51.51);
    expect(main?.properties.provenance).toMatchObject({
      publisher: ORG,
      dataset: 'water-mains-2026-11',
      sourceId: 'WM-0001',
      connector: 'underground-assets',
      method: 'reported',
    });
    expect(main?.properties.provenance.sourceUrl).toBeUndefined();
  });

  it('labels every record official-sensitive for the holding organisation, so the public sees none', async () => {
    const { records } = await assets()
      .importGeoJson({ dataset: 'water-mains-2026-11', featureCollection: mains, map })
      .collect();
    expect(records).toHaveLength(3);
    for (const record of records) expect(record.properties.access).toEqual(RESTRICTED);
    expect(filterForAudience(records, PUBLIC_AUDIENCE)).toEqual([]);
    expect(
      filterForAudience(records, { clearance: 'official-sensitive', organisation: 'lb-camden' }),
    ).toEqual([]);
    expect(filterForAudience(records, { clearance: 'official', organisation: ORG })).toEqual([]);
    expect(filterForAudience(records, { clearance: 'official-sensitive', organisation: ORG })).toHaveLength(
      3,
    );
  });

  it('is open only when the config says so explicitly', async () => {
    const { records } = await assets({ access: { classification: 'open' } })
      .importGeoJson({ dataset: 'published', featureCollection: mains, map })
      .collect();
    expect(filterForAudience(records, PUBLIC_AUDIENCE)).toHaveLength(3);
  });

  it('reports a feature without an id and keeps the rest', async () => {
    const { asset_id: _id, ...noId } = mains.features[1].properties;
    const collection = {
      ...mains,
      features: [mains.features[0], { ...mains.features[1], properties: noId }],
    };
    const { records, report } = await assets()
      .importGeoJson({ dataset: 'water-mains-2026-11', featureCollection: collection, map })
      .collect();
    expect(records).toHaveLength(1);
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(report.issues[0]).toMatchObject({ index: 1, stage: 'map' });
    expect(report.issues[0]?.message).toMatch(/no id/);
  });

  it('reads lon/lat GeoJSON (RFC 7946) as it is', async () => {
    const lonLat = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: [-0.12, 51.495] }, properties: {} },
      ],
    };
    const { records } = await assets()
      .importGeoJson({ dataset: 'ducts', featureCollection: lonLat })
      .collect();
    expect(records[0]?.geometry).toEqual({ type: 'Point', coordinates: [-0.12, 51.495] });
    expect(records[0]?.place).toBeUndefined();
  });

  it('rejects something that is not a FeatureCollection before importing', () => {
    expect(() =>
      assets().importGeoJson({ dataset: 'x', featureCollection: { type: 'Feature' } as never }),
    ).toThrow(/invalid params: featureCollection/);
  });
});

describe('underground-assets items (an OGC API endpoint the user can access)', () => {
  const bngPage = {
    type: 'FeatureCollection',
    numberMatched: 3,
    numberReturned: 3,
    links: [{ href: ITEMS, rel: 'self', type: 'application/geo+json' }],
    features: mains.features.map((f: { properties: { asset_id: string } }) => ({
      ...f,
      id: f.properties.asset_id,
    })),
  };

  it('reads the endpoint with its key and labels the records restricted', async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.get(ITEMS, ({ request }) => {
        keys.push(request.headers.get('authorization-key'));
        return HttpResponse.json(bngPage);
      }),
    );
    const { records } = await assets({ baseUrl: ENDPOINT, apiKeyHeader: 'authorization-key', apiKey: KEY })
      .items({ collection: 'water-mains', crs: 'http://www.opengis.net/def/crs/EPSG/0/27700', map })
      .collect();
    expect(keys).toEqual([KEY]);
    expect(records.map((r) => r.featureType)).toEqual([
      'UndergroundAsset',
      'UndergroundAsset',
      'UndergroundAsset',
    ]);
    expect(records[0]?.properties.provenance.sourceUrl).toBe(`${ITEMS}/WM-0001`);
    expect(filterForAudience(records, PUBLIC_AUDIENCE)).toEqual([]);
  });

  // The key goes in a header the config names, which no list of credential header names knows:
  // a recorder given the connector's declared credentials hides it by value.
  it('records a HAR without its key under a header of its own (authorization-key)', async () => {
    server.use(http.get(ITEMS, () => HttpResponse.json(bngPage)));
    const config = { organisation: ORG, baseUrl: ENDPOINT, apiKeyHeader: 'authorization-key', apiKey: KEY };
    const record = async (redactor?: ReturnType<typeof createRedactor>) => {
      const recorder = recordHar(redactor ? { redactor } : {});
      const client = createClient({ fetch: recorder.fetch, cache: false, retry: { limit: 0 } });
      await connect(undergroundAssets, { client, config })
        .items({ collection: 'water-mains', crs: 'http://www.opengis.net/def/crs/EPSG/0/27700', map })
        .collect();
      return stringifyHar(recorder.archive());
    };
    const har = await record(createRedactor(credentialRedaction(undergroundAssets, config)));
    expect(har).toContain('"authorization-key"');
    expect(har).toContain('[REDACTED]');
    expect(har).not.toContain(KEY);
    // The default redactor knows credential headers by name only (as SECURITY.md says).
    expect(await record()).toContain(KEY);
  });

  it('needs config.baseUrl', async () => {
    const error = await assets()
      .items({ collection: 'water-mains' })
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(error)).toBe(true);
  });
});

describe('underground-assets conformance', () => {
  it('passes validateConnector', async () => {
    server.use(
      http.get(ITEMS, () => HttpResponse.json({ ...bngPageForConformance() })),
      http.get(`${ENDPOINT}/collections`, () =>
        HttpResponse.json({ links: [], collections: [{ id: 'water-mains', links: [] }] }),
      ),
    );
    const result = await validateConnector(undergroundAssets, {
      client: createClient({ cache: false }),
      config: { organisation: ORG, baseUrl: ENDPOINT },
      cases: [
        {
          operation: 'importGeoJson',
          params: { dataset: 'water-mains-2026-11', featureCollection: mains, map },
          minRecords: 3,
        },
        { operation: 'items', params: { collection: 'water-mains', map }, minRecords: 1 },
        { operation: 'collections', params: {} },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});

function bngPageForConformance() {
  return {
    type: 'FeatureCollection',
    numberReturned: 1,
    links: [],
    features: [
      {
        type: 'Feature',
        id: 'D-1',
        geometry: { type: 'Point', coordinates: [-0.12, 51.495] },
        properties: {},
      },
    ],
  };
}
