import { readFileSync } from 'node:fs';
import { BULK_LIMIT, postcodesIo, validatePostcode } from '@ldn-twin/connectors/postcodes-io';
import { connect, createClient, isHttpError } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/postcodes-io/${name}`, import.meta.url), 'utf8')) as {
    status: number;
    result: Record<string, unknown>[];
  };
/** Maintainer-written doc examples (see fixtures/postcodes-io/SOURCES.md). */
const reverse = fixture('postcodes-io-reverse-geocode.json');
const bulk = fixture('postcodes-io-bulk-lookup.json');
const bulkReverse = fixture('postcodes-io-bulk-reverse-geocode.json');
const outcodeBody = JSON.parse(
  readFileSync(new URL('./fixtures/postcodes-io/postcodes-io-outcode.json', import.meta.url), 'utf8'),
) as { status: number; result: Record<string, unknown> };
/** Documented shape only, no capture (see fixtures/postcodes-io/SOURCES.md). */
const placesBody = fixture('postcodes-io-places.documented.json');
const westminster = reverse.result[0] as Record<string, unknown>;
const { distance: _distance, ...sw1a2dd } = westminster;

const API = 'https://api.postcodes.io';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => createClient({ cache: false });
const postcodes = () => connect(postcodesIo, { client: client() });

describe('postcodes-io lookup', () => {
  it('maps a London postcode to a postcode area at its centroid, parented to its borough', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${API}/postcodes/:postcode`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json({ status: 200, result: sw1a2dd });
      }),
    );
    const { records, report } = await postcodes().lookup({ postcode: 'SW1A 2DD' }).collect();
    expect(asked?.pathname).toBe('/postcodes/SW1A%202DD');
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0 });
    const [area] = records;
    expect(area?.id).toBe('urn:ldntwin:administrative-area:postcode:SW1A%202DD');
    expect(area?.geometry).toEqual({ type: 'Point', coordinates: [-0.127149, 51.50702] });
    expect(area?.properties.locationPrecision).toBe('postcode');
    expect(area?.place).toEqual({ type: 'Point', coordinates: [530075, 180339] });
    expect(area?.coordRefSys).toBe('http://www.opengis.net/def/crs/EPSG/0/27700');
    const attributes = area?.properties.attributes;
    expect(attributes).toMatchObject({ areaType: 'postcode', code: 'SW1A 2DD', parentCode: 'E09000033' });
    expect(attributes?.extra).toMatchObject({
      admin_district: 'Westminster',
      admin_ward: "St James's",
      'codes.admin_district': 'E09000033',
      'codes.admin_ward': 'E05013806',
      'codes.lsoa21': 'E01004736',
      outcode: 'SW1A',
    });
    // London has no county: null is left out, and the pseudo code is kept as given.
    expect(attributes?.extra.admin_county).toBeUndefined();
    expect(attributes?.extra['codes.admin_county']).toBe('E99999999');
    expect(area?.properties.relations).toEqual([
      { rel: 'withinArea', target: 'urn:ldntwin:administrative-area:gss:E09000033' },
      { rel: 'withinArea', target: 'urn:ldntwin:administrative-area:gss:E05013806' },
    ]);
    expect(area?.properties.licence.attribution).toEqual([
      'Contains Ordnance Survey data © Crown copyright and database right 2025.',
      'Contains Royal Mail data © Royal Mail copyright and database right 2025.',
      'Contains National Statistics data © Crown copyright and database right 2025.',
      'Contains NRS data © Crown copyright and database right 2025.',
    ]);
    expect(area?.properties.licence.id).toBe('OGL-UK-3.0');
  });

  it('reports an unknown postcode (404) by name instead of throwing', async () => {
    server.use(
      http.get(`${API}/postcodes/:postcode`, () =>
        HttpResponse.json({ status: 404, error: 'Postcode not found' }, { status: 404 }),
      ),
    );
    const { records, report } = await postcodes().lookup({ postcode: 'ZZ9 9ZZ' }).collect();
    expect(records).toEqual([]);
    expect(report).toMatchObject({ received: 1, mapped: 0, failed: 1, complete: true });
    expect(report.issues[0]?.message).toBe('postcode "ZZ9 9ZZ" not found (Postcode not found)');
    expect(report.issues[0]?.stage).toBe('map');
  });

  it('still throws on other HTTP errors', async () => {
    server.use(http.get(`${API}/postcodes/:postcode`, () => new HttpResponse(null, { status: 400 })));
    const error = await postcodes()
      .lookup({ postcode: 'SW1A 2DD' })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(400);
  });

  it('gives Northern Ireland postcodes their own licence', async () => {
    server.use(
      http.get(`${API}/postcodes/:postcode`, () =>
        HttpResponse.json({ status: 200, result: { ...sw1a2dd, postcode: 'BT1 1AA' } }),
      ),
    );
    const { records } = await postcodes().lookup({ postcode: 'BT1 1AA' }).collect();
    expect(records[0]?.properties.licence.id).toBe('LicenseRef-ONSPD-Northern-Ireland');
  });

  it('keeps a postcode without coordinates, with geometry null', async () => {
    server.use(
      http.get(`${API}/postcodes/:postcode`, () =>
        HttpResponse.json({
          status: 200,
          result: { ...sw1a2dd, longitude: null, latitude: null, eastings: null, northings: null },
        }),
      ),
    );
    const { records } = await postcodes().lookup({ postcode: 'SW1A 2DD' }).collect();
    expect(records[0]?.geometry).toBeNull();
    expect(records[0]?.place).toBeUndefined();
    expect(records[0]?.properties.locationPrecision).toBe('none');
  });
});

describe('postcodes-io bulkLookup', () => {
  it('posts the postcodes and maps each result', async () => {
    let body: unknown;
    server.use(
      http.post(`${API}/postcodes`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(bulk);
      }),
    );
    const { records } = await postcodes()
      .bulkLookup({ postcodes: ['PR3 0SG'] })
      .collect();
    expect(body).toEqual({ postcodes: ['PR3 0SG'] });
    expect(records[0]?.properties.attributes).toMatchObject({
      code: 'PR3 0SG',
      parentCode: 'E07000121',
    });
    expect(records[0]?.properties.attributes.extra['codes.admin_county']).toBe('E10000017');
  });

  it('sends 250 postcodes as 3 requests of at most 100', async () => {
    const sizes: number[] = [];
    server.use(
      http.post(`${API}/postcodes`, async ({ request }) => {
        const { postcodes: asked } = (await request.json()) as { postcodes: string[] };
        sizes.push(asked.length);
        return HttpResponse.json({
          status: 200,
          result: asked.map((query) => ({ query, result: { ...sw1a2dd, postcode: query } })),
        });
      }),
    );
    const many = Array.from({ length: 250 }, (_, k) => `SW1A ${k}AA`);
    const { records, report } = await postcodes().bulkLookup({ postcodes: many }).collect();
    expect(BULK_LIMIT).toBe(100);
    expect(sizes).toEqual([100, 100, 50]);
    expect(records.map((r) => r.properties.attributes.code)).toEqual(many);
    expect(report).toMatchObject({ received: 250, mapped: 250, pages: 3, complete: true });
  });

  it('reports an unknown postcode (result: null) by name and still maps the others', async () => {
    server.use(
      http.post(`${API}/postcodes`, () =>
        HttpResponse.json({
          status: 200,
          result: [
            bulk.result[0],
            { query: 'ZZ1 1ZZ', result: null },
            { query: 'X', result: { postcode: 7 } },
          ],
        }),
      ),
    );
    const { records, report } = await postcodes()
      .bulkLookup({ postcodes: ['PR3 0SG', 'ZZ1 1ZZ', 'XX'] })
      .collect();
    expect(records).toHaveLength(1);
    expect(report).toMatchObject({ received: 3, mapped: 1, failed: 2 });
    expect(report.issues[0]).toMatchObject({
      stage: 'map',
      message: 'postcode "ZZ1 1ZZ" not found',
      raw: { query: 'ZZ1 1ZZ', result: null },
    });
    expect(report.issues[1]).toMatchObject({ stage: 'parse', path: 'result.postcode' });
  });
});

describe('postcodes-io reverseGeocode', () => {
  it('asks with lon, lat and the options, and keeps the distance', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${API}/postcodes`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(reverse);
      }),
    );
    const { records } = await postcodes()
      .reverseGeocode({ point: [-0.127, 51.507], limit: 5, radius: 500 })
      .collect();
    expect(asked?.searchParams.get('lon')).toBe('-0.127');
    expect(asked?.searchParams.get('lat')).toBe('51.507');
    expect(asked?.searchParams.get('limit')).toBe('5');
    expect(asked?.searchParams.get('radius')).toBe('500');
    expect(asked?.searchParams.has('widesearch')).toBe(false);
    expect(records[0]?.properties.attributes.code).toBe('SW1A 2DD');
    expect(records[0]?.properties.attributes.extra.distance).toBe('10.58165325');
  });

  it('yields nothing when nothing is within the radius (result: null)', async () => {
    server.use(http.get(`${API}/postcodes`, () => HttpResponse.json({ status: 200, result: null })));
    const { records, report } = await postcodes()
      .reverseGeocode({ point: [-0.127, 51.507] })
      .collect();
    expect(records).toEqual([]);
    expect(report).toMatchObject({ received: 0, failed: 0, complete: true });
  });
});

describe('postcodes-io bulkReverseGeocode', () => {
  // Documented shape only: the maintainers' example (fixtures/postcodes-io/SOURCES.md).
  const cardiff: [number, number] = [-3.15807731271522, 51.4799900627036];
  const wight: [number, number] = [-1.12935802905177, 50.7186356978817];

  it("POSTs the points as geolocations with the options and keeps each record's point and distance", async () => {
    let body: unknown;
    server.use(
      http.post(`${API}/postcodes`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(bulkReverse);
      }),
    );
    const { records, report } = await postcodes()
      .bulkReverseGeocode({ points: [cardiff, wight], radius: 500, limit: 5 })
      .collect();
    expect(body).toEqual({
      geolocations: [
        { longitude: cardiff[0], latitude: cardiff[1], radius: 500, limit: 5 },
        { longitude: wight[0], latitude: wight[1], radius: 500, limit: 5 },
      ],
    });
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0, pages: 1, complete: true });
    expect(records.map((r) => r.properties.attributes.code)).toEqual(['CF24 4NP', 'CF24 4NY', 'PO31 7HB']);
    const [first, second, third] = records;
    expect(first?.properties.attributes.parentCode).toBe('W06000015');
    expect(first?.properties.attributes.extra).toMatchObject({
      distance: '0',
      'query.longitude': String(cardiff[0]),
      'query.latitude': String(cardiff[1]),
    });
    // The doc's second result shows no coordinates: no geometry, but its BNG place and distance.
    expect(second?.geometry).toBeNull();
    expect(second?.properties.attributes.extra.distance).toBe('110.2');
    expect(third?.properties.attributes.extra['query.latitude']).toBe(String(wight[1]));
  });

  it('sends at most 100 points a request, and reports an invalid geolocation by its point', async () => {
    const sizes: number[] = [];
    server.use(
      http.post(`${API}/postcodes`, async ({ request }) => {
        const { geolocations } = (await request.json()) as {
          geolocations: { longitude: number; latitude: number }[];
        };
        sizes.push(geolocations.length);
        return HttpResponse.json({
          status: 200,
          result: geolocations.map((query, i) => ({
            query,
            result: i === 0 && sizes.length === 2 ? null : [],
          })),
        });
      }),
    );
    const points = Array.from({ length: BULK_LIMIT + 1 }, (_, i): [number, number] => [-0.1, 51 + i / 1000]);
    const { records, report } = await postcodes().bulkReverseGeocode({ points }).collect();
    expect(sizes).toEqual([BULK_LIMIT, 1]);
    expect(records).toEqual([]);
    expect(report).toMatchObject({ received: 1, mapped: 0, failed: 1, pages: 2 });
    expect(report.issues[0]?.message).toBe('no postcodes for point [-0.1, 51.1]: invalid geolocation');
  });
});

describe('postcodes-io outcode', () => {
  // Documented shape only: the maintainers' example (fixtures/postcodes-io/SOURCES.md).
  it('asks /outcodes/{outcode} upper-cased and maps it to an area at its averaged centroid, names kept', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${API}/outcodes/:outcode`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(outcodeBody);
      }),
    );
    const { records, report } = await postcodes().outcode({ outcode: ' sw1a ' }).collect();
    expect(path).toBe('/outcodes/SW1A');
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0 });
    const area = records[0];
    expect(area?.id).toBe('urn:ldntwin:administrative-area:outcode:SW1A');
    expect(area?.geometry).toEqual({
      type: 'Point',
      coordinates: [-0.13226037062937065, 51.504530636363654],
    });
    expect(area?.properties.attributes).toEqual({
      areaType: 'other',
      code: 'SW1A',
      extra: {
        kind: 'outcode',
        admin_district: 'Westminster; Wandsworth',
        parish: 'Wandsworth, unparished area; Westminster, unparished area',
        admin_ward: "Nine Elms; St James's",
        country: 'England',
        parliamentary_constituency: 'Battersea; Cities of London and Westminster',
      },
    });
    expect(area?.properties.provenance.sourceUrl).toBe(`${API}/outcodes/SW1A`);
  });

  it('refuses a full postcode before sending anything', () => {
    expect(() => postcodes().outcode({ outcode: 'SW1A 2DD' })).toThrow(/outward code/);
  });

  it('gives an HttpError for an outcode the service does not know', async () => {
    server.use(
      http.get(`${API}/outcodes/:outcode`, () => HttpResponse.json({ status: 404 }, { status: 404 })),
    );
    const error = await postcodes()
      .outcode({ outcode: 'ZZ9' })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(404);
  });
});

describe('postcodes-io validatePostcode', () => {
  it('asks /postcodes/{postcode}/validate and returns the boolean', async () => {
    server.use(
      http.get(`${API}/postcodes/:postcode/validate`, ({ params }) =>
        HttpResponse.json({ status: 200, result: params.postcode === 'SW1A 2DD' }),
      ),
    );
    await expect(validatePostcode(client(), ' SW1A 2DD ')).resolves.toBe(true);
    await expect(validatePostcode(client(), 'ZZ1 1ZZ')).resolves.toBe(false);
  });
});

describe('postcodes-io places (documented shape, no capture)', () => {
  it('asks /places?q= and maps each OS Open Names place to a point with its code, type and areas', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${API}/places`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(placesBody);
      }),
    );
    const { records, report } = await connect(postcodesIo, { client: client() })
      .places({ query: 'Lond', limit: 3 })
      .collect();
    expect(Object.fromEntries(asked?.searchParams ?? [])).toEqual({ q: 'Lond', limit: '3' });
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0 });
    const [london] = records;
    expect(london?.id).toBe('urn:ldntwin:administrative-area:os-open-names:osgb4000000074559209');
    expect(london?.geometry).toEqual({ type: 'Point', coordinates: [-0.09853, 51.51396] });
    expect(london?.place).toEqual({ type: 'Point', coordinates: [531628, 181342] });
    expect(london?.properties.name).toBe('London');
    expect(london?.properties.attributes).toMatchObject({
      areaType: 'other',
      code: 'osgb4000000074559209',
      extra: {
        kind: 'place',
        local_type: 'Capital City',
        outcode: 'EC1A',
        district_borough: 'City of London',
        name_1_lang: 'eng',
        min_eastings: '503508',
        max_northings: '197627',
      },
    });
    expect(london?.properties.attributes.extra).not.toHaveProperty('name_2');
  });

  it('gives no records for no match (an empty list) and reports a place in the other documented shape', async () => {
    server.use(
      http.get(`${API}/places`, ({ request }) =>
        new URL(request.url).searchParams.get('q') === 'zzz'
          ? HttpResponse.json({ status: 200, result: [] })
          : HttpResponse.json({ status: 200, result: [{ place_name: 'London', type: 'City' }] }),
      ),
    );
    const api = connect(postcodesIo, { client: client() });
    expect((await api.places({ query: 'zzz' }).collect()).records).toEqual([]);
    const { records, report } = await api.places({ query: 'London' }).collect();
    expect(records).toEqual([]);
    expect(report).toMatchObject({ received: 1, mapped: 0, failed: 1 });
  });
});

describe('postcodes-io conformance', () => {
  it('passes validateConnector on the recorded responses', async () => {
    server.use(
      http.get(`${API}/postcodes`, () => HttpResponse.json(reverse)),
      http.post(`${API}/postcodes`, async ({ request }) =>
        HttpResponse.json('geolocations' in ((await request.json()) as object) ? bulkReverse : bulk),
      ),
      http.get(`${API}/postcodes/:postcode`, () => HttpResponse.json({ status: 200, result: sw1a2dd })),
      http.get(`${API}/outcodes/SW1A`, () => HttpResponse.json(outcodeBody)),
      http.get(`${API}/places`, () => HttpResponse.json(placesBody)),
    );
    const result = await validateConnector(postcodesIo, {
      client: client(),
      cases: [
        { operation: 'lookup', params: { postcode: 'SW1A 2DD' } },
        { operation: 'bulkLookup', params: { postcodes: ['PR3 0SG'] } },
        { operation: 'reverseGeocode', params: { point: [-0.127, 51.507] } },
        { operation: 'bulkReverseGeocode', params: { points: [[-3.158, 51.48]] }, minRecords: 3 },
        { operation: 'outcode', params: { outcode: 'SW1A' } },
        { operation: 'places', params: { query: 'London' } },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});
