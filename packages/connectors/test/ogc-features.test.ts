import { readFileSync } from 'node:fs';
import { CRS, ogcFeatures } from '@ldn-twin/connectors/ogc-features';
import {
  connect,
  createClient,
  isHttpError,
  isPagingError,
  type Logger,
  type TwinRecordOf,
} from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/** Hand-made to the OGC API - Features Part 1 shapes (see fixtures/ogc-features/SOURCES.md). */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/ogc-features/${name}`, import.meta.url), 'utf8'));
const collectionsDoc = fixture('collections.json');
const page1 = fixture('buildings-items-page-1.json');
const page2 = fixture('buildings-items-page-2.json');
/** Documented shape (Part 1 section 7.4 + CQL2 classes), not a capture: see SOURCES.md. */
const conformanceCql2 = fixture('conformance-cql2.json');

const BASE = 'https://maps.example.london/ogcapi';
const ITEMS = `${BASE}/collections/buildings/items`;
const KEY = 'k3y-5ecret-0gc-42';
const OPEN = { classification: 'open' as const };
const heights = {
  height: 'height_m',
  groundElevation: 'ground_m',
  name: 'name',
  use: 'use',
  storeys: 'storeys',
  uprn: 'uprn',
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Building = TwinRecordOf<'Building'>;
const borough = (config: Record<string, unknown> = {}, logger?: Logger) =>
  connect(ogcFeatures, {
    client: createClient({ cache: false, retry: { limit: 0 }, ...(logger ? { logger } : {}) }),
    config: { baseUrl: `${BASE}/`, access: OPEN, ...config },
  });

/** Serves the two fixture pages: page 2 when offset=2. */
const pagedItems = (seen: URL[] = []) =>
  http.get(ITEMS, ({ request }) => {
    const url = new URL(request.url);
    seen.push(url);
    return HttpResponse.json(url.searchParams.get('offset') === '2' ? page2 : page1);
  });

/** Serves a conformance declaration, counting the requests. */
const conformance = (body: unknown, asked: { count: number } = { count: 0 }) =>
  http.get(`${BASE}/conformance`, () => {
    asked.count += 1;
    return HttpResponse.json(body as Record<string, unknown>);
  });

describe('ogc-features collections', () => {
  it('maps each collection to a Dataset record with its extent, items link and CRSs', async () => {
    server.use(http.get(`${BASE}/collections`, () => HttpResponse.json(collectionsDoc)));
    const { records, report } = await borough().collections({}).collect();
    expect(report).toMatchObject({ received: 2, mapped: 2, failed: 0, pages: 1, complete: true });
    const [buildings, trees] = records as TwinRecordOf<'Dataset'>[];
    expect(buildings?.id).toBe('urn:ldntwin:dataset:maps.example.london%2Fogcapi:buildings');
    expect(buildings?.properties.name).toBe('Building footprints');
    expect(buildings?.properties.locationPrecision).toBe('area');
    expect(buildings?.geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [-0.13, 51.49],
          [-0.11, 51.49],
          [-0.11, 51.51],
          [-0.13, 51.51],
          [-0.13, 51.49],
        ],
      ],
    });
    expect(buildings?.time).toEqual({ interval: ['2024-01-01T00:00:00Z', '..'] });
    expect(buildings?.properties.attributes).toMatchObject({
      landingPage: `${BASE}/collections/buildings`,
      keywords: ['buildings', '3d'],
      distributions: [{ url: ITEMS, mediaType: 'application/geo+json' }],
      crs: [CRS.CRS84, CRS.BNG],
    });
    // A relative items link is resolved against the document's URL (RFC 3986).
    expect(trees?.properties.attributes.distributions).toEqual([
      { url: `${BASE}/collections/street-trees/items`, mediaType: 'application/geo+json' },
    ]);
    expect(trees?.geometry).toBeNull();
    expect(buildings?.properties.access).toEqual(OPEN);
  });
});

describe('ogc-features items', () => {
  it('sends bbox, bbox-crs, crs, CQL2 text filter, datetime and limit as the standard names them', async () => {
    const seen: URL[] = [];
    server.use(pagedItems(seen), conformance(conformanceCql2));
    await borough()
      .items({
        collection: 'buildings',
        kind: 'Building',
        bbox: [-0.13, 51.49, -0.11, 51.51],
        bboxCrs: CRS.CRS84,
        crs: CRS.CRS84,
        filter: "use = 'office'",
        filterCrs: CRS.CRS84,
        datetime: '2025-01-01T00:00:00Z/..',
        limit: 2,
      })
      .collect();
    const q = seen[0]!.searchParams;
    expect(q.get('bbox')).toBe('-0.13,51.49,-0.11,51.51');
    expect(q.get('bbox-crs')).toBe(CRS.CRS84);
    expect(q.get('crs')).toBe(CRS.CRS84);
    expect(q.get('filter')).toBe("use = 'office'");
    expect(q.get('filter-lang')).toBe('cql2-text');
    expect(q.get('filter-crs')).toBe(CRS.CRS84);
    expect(q.get('datetime')).toBe('2025-01-01T00:00:00Z/..');
    expect(q.get('limit')).toBe('2');
  });

  it('serialises a CQL2 JSON filter with filter-lang=cql2-json', async () => {
    const seen: URL[] = [];
    server.use(pagedItems(seen), conformance(conformanceCql2));
    const filter = { op: '=', args: [{ property: 'use' }, 'office'] };
    await borough().items({ collection: 'buildings', kind: 'Building', filter }).collect();
    expect(JSON.parse(seen[0]!.searchParams.get('filter')!)).toEqual(filter);
    expect(seen[0]!.searchParams.get('filter-lang')).toBe('cql2-json');
  });

  it('leaves filter-lang out when /conformance declares no CQL2 class (documented shape), asking it once per client', async () => {
    const seen: URL[] = [];
    const asked = { count: 0 };
    const partOneOnly = {
      conformsTo: conformanceCql2.conformsTo.filter((uri: string) => !uri.includes('/cql2/')),
    };
    server.use(pagedItems(seen), conformance(partOneOnly, asked));
    const client = borough();
    await client
      .items({ collection: 'buildings', kind: 'Building', filter: "use = 'office'", limit: 2 })
      .collect();
    await client
      .items({ collection: 'buildings', kind: 'Building', filter: "use = 'shop'", limit: 2 })
      .collect();
    expect(seen.map((u) => u.searchParams.get('filter'))).toContain("use = 'shop'");
    expect(seen.every((u) => !u.searchParams.has('filter-lang'))).toBe(true);
    expect(asked.count).toBe(1);
  });

  it('sends a filterLang given explicitly without asking /conformance, and a 404 there declares nothing', async () => {
    const seen: URL[] = [];
    let asked = 0;
    server.use(
      pagedItems(seen),
      http.get(`${BASE}/conformance`, () => {
        asked += 1;
        return new HttpResponse(null, { status: 404 });
      }),
    );
    await borough()
      .items({
        collection: 'buildings',
        kind: 'Building',
        filter: "use = 'office'",
        filterLang: 'cql2-text',
        limit: 2,
      })
      .collect();
    expect(asked).toBe(0);
    await borough()
      .items({ collection: 'buildings', kind: 'Building', filter: "use = 'office'", limit: 2 })
      .collect();
    expect(seen[0]!.searchParams.get('filter-lang')).toBe('cql2-text');
    expect(seen.at(-1)!.searchParams.has('filter-lang')).toBe(false);
  });

  it('follows the next link to the end and maps features to Buildings with heights', async () => {
    const seen: URL[] = [];
    server.use(pagedItems(seen));
    const { records, report } = await borough()
      .items({ collection: 'buildings', kind: 'Building', map: heights, limit: 2 })
      .collect();
    expect(seen.map((u) => u.searchParams.get('offset'))).toEqual([null, '2']);
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0, pages: 2, complete: true });
    const [annexe, riverside, pavilions] = records as Building[];
    expect(annexe?.id).toBe('urn:ldntwin:building:maps.example.london%2Fogcapi:buildings%3Ab-1001');
    expect(annexe?.properties.name).toBe('County Hall annexe');
    expect(annexe?.properties.attributes).toEqual({
      use: 'office',
      heightMetres: 24.5,
      groundElevationMetres: 4.2,
      storeys: 6,
      collection: 'buildings',
      extra: { listed: 'false' },
    });
    expect(annexe?.properties.identifiers).toContainEqual({ scheme: 'uprn', value: '100023336956' });
    expect(annexe?.properties.provenance).toMatchObject({
      publisher: 'maps.example.london',
      dataset: 'buildings',
      sourceId: 'b-1001',
      sourceUrl: `${ITEMS}/b-1001`,
      connector: 'ogc-features',
    });
    // Numbers sent as strings are read as numbers.
    expect(riverside?.properties.attributes).toMatchObject({
      heightMetres: 31,
      groundElevationMetres: 3.9,
      storeys: 9,
    });
    // A null property is absent, not "null".
    expect(pavilions?.properties.attributes.use).toBeUndefined();
    expect(pavilions?.geometry?.type).toBe('MultiPolygon');
    expect(pavilions?.properties.locationPrecision).toBe('exact');
  });

  it('derives the height from roof and ground elevations when no height property is mapped', async () => {
    const feature = { ...page1.features[0], properties: { roof_m: 30.25, ground_m: 4.2 } };
    server.use(
      http.get(ITEMS, () =>
        HttpResponse.json({ ...page1, features: [feature], links: [], numberMatched: 1 }),
      ),
    );
    const { records } = await borough()
      .items({
        collection: 'buildings',
        kind: 'Building',
        map: { roofElevation: 'roof_m', groundElevation: 'ground_m' },
      })
      .collect();
    expect((records[0] as Building).properties.attributes.heightMetres).toBe(26.05);
  });

  it('falls back to offsets when a server gives no next link but numberMatched says more exist', async () => {
    const seen: URL[] = [];
    const noLinks = { ...page1, links: [] };
    server.use(
      http.get(ITEMS, ({ request }) => {
        const url = new URL(request.url);
        seen.push(url);
        return HttpResponse.json(url.searchParams.get('offset') === '2' ? { ...page2, links: [] } : noLinks);
      }),
    );
    const { records, report } = await borough()
      .items({ collection: 'buildings', kind: 'Building', limit: 2 })
      .collect();
    expect(seen.map((u) => u.searchParams.get('offset'))).toEqual([null, '2']);
    expect(records).toHaveLength(3);
    expect(report.complete).toBe(true);
  });

  it('stops after one page without a next link or numberMatched (links paging)', async () => {
    const seen: URL[] = [];
    const { numberMatched: _omit, ...bare } = page1;
    server.use(
      http.get(ITEMS, ({ request }) => {
        seen.push(new URL(request.url));
        return HttpResponse.json({ ...bare, links: [] });
      }),
    );
    const { records } = await borough()
      .items({ collection: 'buildings', kind: 'Building', limit: 2 })
      .collect();
    expect(seen).toHaveLength(1);
    expect(records).toHaveLength(2);
  });

  it('caps the page size to the server cap and pages by offset when told to', async () => {
    const seen: URL[] = [];
    server.use(pagedItems(seen));
    const { records } = await borough({ maxPageSize: 2 })
      .items({ collection: 'buildings', kind: 'Building', limit: 500, paging: 'offset' })
      .collect();
    expect(seen.map((u) => [u.searchParams.get('limit'), u.searchParams.get('offset')])).toEqual([
      ['2', null],
      ['2', '2'],
    ]);
    expect(records).toHaveLength(3);
  });

  it('ends with a PagingError when a next link points back to a page already fetched', async () => {
    server.use(
      http.get(ITEMS, ({ request }) =>
        HttpResponse.json({ ...page1, links: [{ href: request.url, rel: 'next' }] }),
      ),
    );
    const error = await borough()
      .items({ collection: 'buildings', kind: 'Building' })
      .collect()
      .catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
  });

  it('turns British National Grid coordinates into WGS 84 and keeps them as the JSON-FG place', async () => {
    const bng = {
      type: 'Polygon',
      coordinates: [
        [
          [530000, 180000],
          [530020, 180000],
          [530020, 180020],
          [530000, 180020],
          [530000, 180000],
        ],
      ],
    };
    server.use(
      http.get(ITEMS, () =>
        HttpResponse.json({
          ...page1,
          features: [{ ...page1.features[0], geometry: bng }],
          links: [],
          numberMatched: 1,
        }),
      ),
    );
    const { records } = await borough()
      .items({ collection: 'buildings', kind: 'Building', crs: CRS.BNG })
      .collect();
    const record = records[0] as Building;
    expect(record.place).toEqual(bng);
    expect(record.coordRefSys).toBe(CRS.BNG);
    const [lon, lat] = (record.geometry as { coordinates: number[][][] }).coordinates[0]![0]!;
    // TQ 30000 80000 is at about 51.5040 N, 0.1283 W.
    expect(lon).toBeCloseTo(-0.1283, 3);
    expect(lat).toBeCloseTo(51.504, 3);
  });

  it('reports a feature without an id, one with a bad height and one that is not a Feature, and keeps the rest', async () => {
    const [good, other] = page1.features;
    const { id: _id, ...noId } = good;
    const badHeight = { ...other, properties: { ...other.properties, height_m: 'tall' } };
    server.use(
      http.get(ITEMS, () =>
        HttpResponse.json({
          ...page1,
          links: [],
          features: [noId, badHeight, { type: 'Point', coordinates: [0, 0] }, page2.features[0]],
        }),
      ),
    );
    const { records, report } = await borough()
      .items({ collection: 'buildings', kind: 'Building', map: heights })
      .collect();
    expect(records.map((r) => r.properties.provenance.sourceId)).toEqual(['b-1003']);
    expect(report).toMatchObject({ received: 4, mapped: 1, failed: 3 });
    expect(report.issues.map((i) => [i.index, i.stage])).toEqual([
      [0, 'map'],
      [1, 'map'],
      [2, 'parse'],
    ]);
    expect(report.issues[1]?.message).toMatch(/"height_m".*not a number/);
    expect(report.issues[2]?.path).toBe('type');
    expect(report.issues[0]?.raw).toEqual(noId);
  });

  it('maps features to UndergroundAsset records when asked', async () => {
    server.use(
      http.get(ITEMS, () => HttpResponse.json({ ...page2, links: [], numberMatched: page2.features.length })),
    );
    const { records } = await borough()
      .items({
        collection: 'buildings',
        kind: 'UndergroundAsset',
        map: { assetType: 'use', depth: 'height_m' },
      })
      .collect();
    expect(records[0]?.featureType).toBe('UndergroundAsset');
    expect(records[0]?.properties.attributes).toMatchObject({ depthMetres: 8, collection: 'buildings' });
  });
});

describe('ogc-features item', () => {
  it('gets one feature by id, and a 404 is a typed HttpError', async () => {
    server.use(
      http.get(`${ITEMS}/b-1001`, () => HttpResponse.json(page1.features[0])),
      http.get(`${ITEMS}/nope`, () => HttpResponse.json({ code: 'NotFound' }, { status: 404 })),
    );
    const { records } = await borough()
      .item({ collection: 'buildings', featureId: 'b-1001', kind: 'Building' })
      .collect();
    expect(records.map((r) => r.properties.provenance.sourceId)).toEqual(['b-1001']);
    const error = await borough()
      .item({ collection: 'buildings', featureId: 'nope', kind: 'Building' })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(404);
  });
});

describe('ogc-features API key', () => {
  it('sends the key in the configured header, only to the server, and never in errors or logs', async () => {
    const headers: (string | null)[] = [];
    const foreign: (string | null)[] = [];
    server.use(
      http.get(ITEMS, ({ request }) => {
        headers.push(request.headers.get('x-api-key'));
        return HttpResponse.json({
          ...page1,
          links: [{ href: 'https://elsewhere.example.org/items?page=2', rel: 'next' }],
        });
      }),
      http.get('https://elsewhere.example.org/items', ({ request }) => {
        foreign.push(request.headers.get('x-api-key'));
        return HttpResponse.json({ ...page2, links: [], numberMatched: page2.features.length });
      }),
      http.get(`${ITEMS}/b-1001`, ({ request }) =>
        HttpResponse.json(
          { code: 'Forbidden', description: `key ${request.headers.get('x-api-key')} is not allowed` },
          { status: 403 },
        ),
      ),
    );
    const lines: string[] = [];
    const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    const keyed = borough({ apiKeyHeader: 'x-api-key', apiKey: KEY }, logger);

    const { records } = await keyed.items({ collection: 'buildings', kind: 'Building' }).collect();
    expect(records).toHaveLength(3);
    expect(headers).toEqual([KEY]);
    expect(foreign).toEqual([null]); // the key never goes to another origin

    const error = await keyed
      .item({ collection: 'buildings', featureId: 'b-1001', kind: 'Building' })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(403);
    const told = [
      String(error),
      (error as Error).stack ?? '',
      JSON.stringify(error),
      JSON.stringify((error as { body?: unknown }).body),
      ...lines,
    ];
    expect(lines.length).toBeGreaterThan(0);
    for (const text of told) expect(text).not.toContain(KEY);
  });

  it('refuses a key without the name of its header', () => {
    expect(() => borough({ apiKey: KEY })).toThrow(/apiKeyHeader/);
  });
});

describe('ogc-features conformance', () => {
  it('passes validateConnector', async () => {
    server.use(
      http.get(`${BASE}/collections`, () => HttpResponse.json(collectionsDoc)),
      pagedItems(),
      http.get(`${ITEMS}/b-1001`, () => HttpResponse.json(page1.features[0])),
      http.get(`${ITEMS}/missing`, () => HttpResponse.json({ code: 'NotFound' }, { status: 404 })),
    );
    const result = await validateConnector(ogcFeatures, {
      client: createClient({ cache: false }),
      config: { baseUrl: BASE, access: OPEN },
      cases: [
        { operation: 'collections', params: {}, minRecords: 2 },
        {
          operation: 'items',
          params: { collection: 'buildings', kind: 'Building', map: heights },
          minRecords: 3,
        },
        { operation: 'item', params: { collection: 'buildings', featureId: 'b-1001', kind: 'Building' } },
        {
          operation: 'item',
          params: { collection: 'buildings', featureId: 'missing', kind: 'Building' },
          expectError: true,
        },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([2, 3, 1, 0]);
  });
});
