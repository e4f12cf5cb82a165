import { readFileSync } from 'node:fs';
import { OS_NGD_BUILDING_COLLECTIONS, osNgd, toFillExtrusion } from '@ldn-twin/connectors/os-ngd';
import {
  connect,
  createClient,
  isHttpError,
  isRateLimitedError,
  type Logger,
  type TwinRecordOf,
} from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/** Hand-made to the OGC API - Features shape, placeholder property names (see fixtures/os-ngd/SOURCES.md). */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/os-ngd/${name}`, import.meta.url), 'utf8'));
const page1 = fixture('bld-fts-building-4-items-page-1.json');
const page2 = fixture('bld-fts-building-4-items-page-2.json');
/** Documented shape (OGC Part 1 section 7.4), no CQL2 class; not a capture (see SOURCES.md). */
const conformanceCore = fixture('conformance-core.json');

const BASE = 'https://api.os.uk/features/ngd/ofa/v1';
const ITEMS = `${BASE}/collections/bld-fts-building-4/items`;
const KEY = 'os-k3y-never-show-me';
/** Placeholders: the field guide names no OS height attribute, so the mapping is configured. */
const buildingProperties = { height: 'example_height_m', groundElevation: 'example_ground_m' };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Building = TwinRecordOf<'Building'>;
const ngd = (config: Record<string, unknown> = {}, logger?: Logger) =>
  connect(osNgd, {
    client: createClient({ cache: false, retry: { limit: 0 }, ...(logger ? { logger } : {}) }),
    config: { apiKey: KEY, buildingProperties, ...config },
  });

const pagedItems = (seen: { url: URL; key: string | null }[] = []) =>
  http.get(ITEMS, ({ request }) => {
    const url = new URL(request.url);
    seen.push({ url, key: request.headers.get('key') });
    return HttpResponse.json(url.searchParams.get('offset') === '1' ? page2 : page1);
  });

describe('os-ngd buildings', () => {
  it('reads bld-fts-building-4 with the key header, pages of at most 100, and maps heights', async () => {
    const seen: { url: URL; key: string | null }[] = [];
    server.use(pagedItems(seen));
    const { records, report } = await ngd()
      .buildings({ bbox: [-0.1205, 51.4995, -0.117, 51.501], limit: 500 })
      .collect();
    expect(seen.map((s) => s.key)).toEqual([KEY, KEY]);
    expect(seen[0]?.url.searchParams.get('limit')).toBe('100'); // OS NGD caps pages at 100
    expect(seen[0]?.url.searchParams.get('bbox')).toBe('-0.1205,51.4995,-0.117,51.501');
    expect(seen[0]?.url.searchParams.has('key')).toBe(false); // header, not query
    expect(report).toMatchObject({ received: 2, mapped: 2, failed: 0, pages: 2, complete: true });
    const [first, second] = records as Building[];
    expect(first?.id).toBe(
      'urn:ldntwin:building:os-ngd:bld-fts-building-4%3A00000000-0000-4000-8000-000000000001',
    );
    expect(first?.properties.attributes).toMatchObject({ heightMetres: 18.2, groundElevationMetres: 5.1 });
    expect(second?.properties.attributes).toMatchObject({ heightMetres: 42, groundElevationMetres: 4.8 });
    expect(first?.properties.provenance).toMatchObject({
      publisher: 'Ordnance Survey',
      dataset: 'bld-fts-building-4',
      connector: 'os-ngd',
      sourceUrl: `${ITEMS}/00000000-0000-4000-8000-000000000001`,
    });
    // Licensed data: not labelled open unless configured.
    expect(first?.properties.access.classification).toBe('official');
  });

  it('leaves heights out when no height attribute is configured, keeping the raw values in extra', async () => {
    server.use(
      http.get(ITEMS, () => HttpResponse.json({ ...page2, links: [], numberMatched: page2.features.length })),
    );
    const { records } = await ngd({ buildingProperties: {} }).buildings({}).collect();
    const attributes = (records[0] as Building).properties.attributes;
    expect(attributes.heightMetres).toBeUndefined();
    expect(attributes.extra).toEqual({ example_height_m: '42', example_ground_m: '4.8' });
  });

  it('reads another building collection and overrides the map per call', async () => {
    const part = `${BASE}/collections/bld-fts-buildingpart-1/items`;
    server.use(
      http.get(part, () => HttpResponse.json({ ...page2, links: [], numberMatched: page2.features.length })),
    );
    const { records } = await ngd()
      .buildings({ collection: 'bld-fts-buildingpart-1', map: { height: 'example_ground_m' } })
      .collect();
    expect((records[0] as Building).properties.attributes).toMatchObject({
      heightMetres: 4.8,
      collection: 'bld-fts-buildingpart-1',
    });
  });

  it('gives flat heights for a MapLibre fill-extrusion layer', async () => {
    server.use(pagedItems());
    const { records } = await ngd().buildings({}).collect();
    const extrusion = toFillExtrusion(records as Building[]);
    expect(extrusion.features.map((f) => [f.properties.heightMetres, f.properties.baseMetres])).toEqual([
      [18.2, 0],
      [42, 0],
    ]);
    expect(extrusion.features[0]?.geometry).toEqual(records[0]?.geometry);
  });

  it('sends a text filter without filter-lang when /conformance declares no CQL2 (documented shape)', async () => {
    const seen: { url: URL; key: string | null }[] = [];
    const conformanceKeys: (string | null)[] = [];
    server.use(
      pagedItems(seen),
      http.get(`${BASE}/conformance`, ({ request }) => {
        conformanceKeys.push(request.headers.get('key'));
        return HttpResponse.json(conformanceCore);
      }),
    );
    await ngd().buildings({ filter: "description = 'Building'" }).collect();
    expect(seen[0]?.url.searchParams.get('filter')).toBe("description = 'Building'");
    expect(seen[0]?.url.searchParams.has('filter-lang')).toBe(false);
    expect(conformanceKeys).toEqual([KEY]);
  });

  it('names the versioned building line collection', () => {
    expect(OS_NGD_BUILDING_COLLECTIONS.buildingLine).toBe('bld-fts-buildingline-1');
  });

  it('declares OS Data Hub throttling (600 a minute) and turns a 429 into a RateLimitedError', async () => {
    expect(osNgd.rateLimits['api.os.uk']).toEqual({ requestsPerSecond: 10, burst: 10 });
    server.use(
      http.get(ITEMS, () =>
        HttpResponse.json({ error: 'Too many requests' }, { status: 429, headers: { 'retry-after': '1' } }),
      ),
    );
    const error = await ngd()
      .buildings({})
      .collect()
      .catch((e: unknown) => e);
    expect(isRateLimitedError(error)).toBe(true);
  });
});

describe('os-ngd key', () => {
  it('never puts the key in errors or logs', async () => {
    server.use(
      http.get(ITEMS, ({ request }) =>
        HttpResponse.json(
          { error: { statuscode: 401, message: `Invalid key ${request.headers.get('key')}` } },
          { status: 401 },
        ),
      ),
    );
    const lines: string[] = [];
    const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const error = await ngd(
      {},
      { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    )
      .buildings({})
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(401);
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [String(error), (error as Error).stack ?? '', JSON.stringify(error), ...lines]) {
      expect(text).not.toContain(KEY);
    }
  });

  it('needs a key', () => {
    expect(() => connect(osNgd, { client: createClient(), config: {} as never })).toThrow(/apiKey/);
  });
});

describe('os-ngd conformance', () => {
  it('passes validateConnector', async () => {
    server.use(
      http.get(`${BASE}/collections`, () =>
        HttpResponse.json({
          links: [],
          collections: [
            { id: 'bld-fts-building-4', title: 'Building', links: [{ href: ITEMS, rel: 'items' }] },
          ],
        }),
      ),
      pagedItems(),
    );
    const result = await validateConnector(osNgd, {
      client: createClient({ cache: false }),
      config: { apiKey: KEY, buildingProperties },
      cases: [
        { operation: 'collections', params: {} },
        { operation: 'buildings', params: {}, minRecords: 2 },
        { operation: 'items', params: { collection: 'bld-fts-building-4', kind: 'Building' }, minRecords: 2 },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});
