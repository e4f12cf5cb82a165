import { readFileSync } from 'node:fs';
import { osPlaces } from '@ldn-twin/connectors/os-places';
import { connect, createClient, isConfigError, isHttpError, type Logger } from '@ldn-twin/core';
import { recordHar } from '@ldn-twin/core/har';
import { validateConnector } from '@ldn-twin/core/testing';
import { bngToWgs84 } from '@ldn-twin/geo';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

type Body = { header: Record<string, unknown>; results?: { DPA?: Record<string, unknown> }[] };
/** The real response for UPRN 100023071949 (see fixtures/os-places/SOURCES.md). */
const load = (): Body =>
  JSON.parse(readFileSync(new URL('./fixtures/os-places/osplaces-uprn-dpa.json', import.meta.url), 'utf8'));
const real = load();
const dpa = real.results![0]!.DPA!;
const UPRN = '100023071949';

const BASE = 'https://api.os.uk/search/places/v1';
const KEY = 'os-Key-1234x';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const places = (options: { logger?: Logger; fetch?: typeof fetch } = {}, config: object = {}) =>
  connect(osPlaces, {
    client: createClient({ cache: false, retry: { limit: 0 }, ...options }),
    config: { apiKey: KEY, ...config },
  });

/** A page of results made from the real DPA record with other UPRNs. */
const page = (uprns: string[], totalresults: number, offset: number) => ({
  header: { ...real.header, totalresults, offset },
  results: uprns.map((UPRN) => ({ DPA: { ...dpa, UPRN } })),
});

describe('os-places uprn', () => {
  it('sends the key as a query parameter and maps the real DPA record', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/uprn`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(real);
      }),
    );
    const { records, report } = await places().uprn({ uprn: UPRN }).collect();
    expect(asked?.searchParams.get('key')).toBe(KEY);
    expect(asked?.searchParams.get('uprn')).toBe(UPRN);
    expect(asked?.searchParams.get('dataset')).toBe('DPA');
    expect(asked?.searchParams.has('output_srs')).toBe(false);
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, complete: true });

    const [record] = records;
    expect(record?.id).toBe(`urn:ldntwin:address:uprn:${UPRN}`);
    expect(record?.properties.name).toBe('SHERLOCK HOLMES MUSEUM, 221B, BAKER STREET, LONDON, NW1 6XE');
    expect(record?.properties.attributes).toEqual({
      uprn: UPRN,
      dataset: 'DPA',
      address: 'SHERLOCK HOLMES MUSEUM, 221B, BAKER STREET, LONDON, NW1 6XE',
      postcode: 'NW1 6XE',
      udprn: '17646242',
      organisationName: 'SHERLOCK HOLMES MUSEUM',
      buildingName: '221B',
      thoroughfareName: 'BAKER STREET',
      postTown: 'LONDON',
      classificationCode: 'CR08',
      classificationDescription: 'Shop / Showroom',
      status: 'APPROVED',
      logicalStatusCode: '1',
      blpuStateCode: '2',
      blpuStateDescription: 'In use',
      blpuStateDate: '2001-03-19',
      localCustodianCode: 5990,
      localCustodianDescription: 'CITY OF WESTMINSTER',
      countryCode: 'E',
      postalAddressCode: 'D',
      postalAddressDescription: 'A record which is linked to PAF',
      rpc: '2',
      toid: 'osgb1000005158436',
      wardCode: 'E05013805',
      entryDate: '2001-03-19',
      lastUpdateDate: '2018-09-23',
      language: 'EN',
      match: 1,
      matchDescription: 'EXACT',
      deliveryPointSuffix: '1F',
      extra: { COUNTRY_CODE_DESCRIPTION: 'This record is within England' },
    });
    expect(record?.properties.identifiers).toEqual([
      { scheme: 'uprn', value: UPRN },
      { scheme: 'toid', value: 'osgb1000005158436' },
      { scheme: 'other', value: '17646242', issuer: 'royal-mail-udprn' },
    ]);
    expect(record?.properties.relations).toEqual([
      { rel: 'withinArea', target: 'urn:ldntwin:administrative-area:gss:E05013805' },
    ]);
    expect(record?.properties.recordedAt).toBe('2018-09-23');
    expect(record?.properties.provenance).toMatchObject({
      publisher: 'Ordnance Survey',
      dataset: 'os-places-dpa',
      sourceId: UPRN,
      method: 'reported',
      connector: 'os-places',
    });
    expect(record?.properties.access.classification).toBe('official');
    expect(record?.properties.licence.attribution.length).toBeGreaterThan(0);
  });

  it('converts the BNG point with OSTN15 and keeps it as the native place', async () => {
    server.use(http.get(`${BASE}/uprn`, () => HttpResponse.json(real)));
    const { records } = await places().uprn({ uprn: UPRN }).collect();
    const record = records[0]!;
    expect(record.place).toEqual({ type: 'Point', coordinates: [527847, 182144] });
    expect(record.coordRefSys).toBe('http://www.opengis.net/def/crs/EPSG/0/27700');
    expect(record.properties.locationPrecision).toBe('address-point');
    expect(record.geometry?.type).toBe('Point');
    const [lon, lat] = record.geometry?.type === 'Point' ? record.geometry.coordinates : [];
    // 221B Baker Street, Marylebone.
    expect(lon).toBeCloseTo(-0.1586, 3);
    expect(lat).toBeCloseTo(51.5238, 3);
    const expected = bngToWgs84(527847, 182144);
    expect(lon).toBeCloseTo(expected.lon, 6);
    expect(lat).toBeCloseTo(expected.lat, 6);
  });

  it('asks for WGS 84 with output_srs and reads LAT/LNG', async () => {
    const asked: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/uprn`, ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('output_srs'));
        return HttpResponse.json({
          header: { ...real.header, output_srs: 'EPSG:4326' },
          results: [
            {
              DPA: {
                ...dpa,
                X_COORDINATE: -0.1585557,
                Y_COORDINATE: 51.5237638,
                LNG: -0.1585557,
                LAT: 51.5237638,
              },
            },
          ],
        });
      }),
    );
    const { records } = await places().uprn({ uprn: UPRN, outputSrs: 'WGS84' }).collect();
    await places({}, { wgs84OutputSrs: 'WGS84' }).uprn({ uprn: UPRN, outputSrs: 'WGS84' }).collect();
    expect(asked).toEqual(['EPSG:4326', 'WGS84']);
    expect(records[0]?.geometry).toEqual({ type: 'Point', coordinates: [-0.1585557, 51.5237638] });
    expect(records[0]?.place).toBeUndefined();
    expect(records[0]?.properties.attributes.extra).toEqual({
      COUNTRY_CODE_DESCRIPTION: 'This record is within England',
    });
  });

  it('reads a null BLPU_STATE_CODE as absent', async () => {
    server.use(
      http.get(`${BASE}/uprn`, () =>
        HttpResponse.json({ ...real, results: [{ DPA: { ...dpa, BLPU_STATE_CODE: null } }] }),
      ),
    );
    const { records } = await places().uprn({ uprn: UPRN }).collect();
    expect(records[0]?.properties.attributes).not.toHaveProperty('blpuStateCode');
    expect(records[0]?.properties.attributes.blpuStateDescription).toBe('In use');
  });

  it('maps an LPI record as such', async () => {
    server.use(
      http.get(`${BASE}/uprn`, () =>
        HttpResponse.json({ header: { ...real.header, dataset: 'LPI' }, results: [{ LPI: dpa }] }),
      ),
    );
    const { records } = await places().uprn({ uprn: UPRN, dataset: 'LPI' }).collect();
    expect(records[0]?.properties.attributes.dataset).toBe('LPI');
    expect(records[0]?.properties.provenance.dataset).toBe('os-places-lpi');
  });

  it('gives no records, and ends, when results is absent', async () => {
    server.use(
      http.get(`${BASE}/uprn`, () => HttpResponse.json({ header: { ...real.header, totalresults: 0 } })),
    );
    const { records, report } = await places().uprn({ uprn: '1' }).collect();
    expect(records).toEqual([]);
    expect(report).toMatchObject({ received: 0, complete: true });
  });
});

describe('os-places find and postcode', () => {
  it('pages find with offset and maxresults until totalresults', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${BASE}/find`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        asked.push(params);
        return HttpResponse.json(params.get('offset') === '0' ? page(['1', '2'], 3, 0) : page(['3'], 3, 2));
      }),
    );
    const { records, report } = await places()
      .find({ query: '221B Baker Street', maxresults: 2, minmatch: 0.8 })
      .collect();
    expect(records.map((r) => r.properties.attributes.uprn)).toEqual(['1', '2', '3']);
    expect(report).toMatchObject({ pages: 2, complete: true });
    expect(
      asked.map((p) => [p.get('query'), p.get('offset'), p.get('maxresults'), p.get('minmatch')]),
    ).toEqual([
      ['221B Baker Street', '0', '2', '0.8'],
      ['221B Baker Street', '2', '2', '0.8'],
    ]);
  });

  it('ends on a short page when the header gives no totalresults', async () => {
    const offsets: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/find`, ({ request }) => {
        offsets.push(new URL(request.url).searchParams.get('offset'));
        const { totalresults: _none, ...header } = real.header;
        const body = offsets.length === 1 ? page(['1', '2'], 0, 0) : page(['3'], 0, 2);
        return HttpResponse.json({ ...body, header });
      }),
    );
    const { records } = await places().find({ query: 'Baker Street', maxresults: 2 }).collect();
    expect(offsets).toEqual(['0', '2']);
    expect(records).toHaveLength(3);
  });

  it('looks up a postcode with a filter and reports a malformed result', async () => {
    let asked: URLSearchParams | undefined;
    const { UPRN: _dropped, ...noUprn } = dpa;
    server.use(
      http.get(`${BASE}/postcode`, ({ request }) => {
        asked = new URL(request.url).searchParams;
        return HttpResponse.json({
          header: { ...real.header, totalresults: 3 },
          results: [{ DPA: noUprn }, { DPA: dpa, LPI: dpa }, { DPA: dpa }],
        });
      }),
    );
    const { records, report } = await places()
      .postcode({ postcode: 'NW1 6XE', fq: 'logical_status_code:1', dataset: 'DPA,LPI' })
      .collect();
    expect(asked?.get('postcode')).toBe('NW1 6XE');
    expect(asked?.get('fq')).toBe('logical_status_code:1');
    expect(asked?.get('dataset')).toBe('DPA,LPI');
    expect(records.map((r) => r.id)).toEqual([`urn:ldntwin:address:uprn:${UPRN}`]);
    expect(report).toMatchObject({ received: 3, mapped: 1, failed: 2 });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [0, 'parse', 'DPA.UPRN'],
      [1, 'parse', undefined],
    ]);
    expect(report.issues[1]?.message).toMatch(/exactly one of DPA or LPI/);
  });
});

describe('os-places nearest', () => {
  it('sends a BNG point, converting WGS 84 with OSTN15', async () => {
    const points: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/nearest`, ({ request }) => {
        points.push(new URL(request.url).searchParams.get('point'));
        return HttpResponse.json(real);
      }),
    );
    const { lon, lat } = bngToWgs84(527847, 182144);
    const { records } = await places().nearest({ point: { lon, lat } }).collect();
    await places()
      .nearest({ point: { easting: 527847, northing: 182144 } })
      .collect();
    expect(records[0]?.properties.attributes.uprn).toBe(UPRN);
    const [e, n] = points[0]!.split(',').map(Number);
    expect(e).toBeCloseTo(527847, 1);
    expect(n).toBeCloseTo(182144, 1);
    expect(points[1]).toBe('527847.00,182144.00');
  });
});

// Radius, bbox and polygon answer in the same header + results layout (OS's own clients read
// `results[].DPA` from each the same way): the recorded UPRN answer stands in for their pages.
describe('os-places radius, bbox and polygon', () => {
  it('pages a radius search around a BNG point', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(`${BASE}/radius`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        asked.push(params);
        return HttpResponse.json(params.get('offset') === '0' ? page(['1', '2'], 3, 0) : page(['3'], 3, 2));
      }),
    );
    const { records, report } = await places()
      .radius({ point: { easting: 527847, northing: 182144 }, radius: 50, maxresults: 2 })
      .collect();
    expect(asked.map((p) => [p.get('point'), p.get('radius'), p.get('offset'), p.get('maxresults')])).toEqual(
      [
        ['527847.00,182144.00', '50', '0', '2'],
        ['527847.00,182144.00', '50', '2', '2'],
      ],
    );
    expect(asked[0]?.get('key')).toBe(KEY);
    expect(records.map((r) => r.properties.attributes.uprn)).toEqual(['1', '2', '3']);
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0, pages: 2 });
  });

  it('sends a WGS 84 bbox as the BNG envelope of its corners, and a BNG bbox as given', async () => {
    const boxes: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/bbox`, ({ request }) => {
        boxes.push(new URL(request.url).searchParams.get('bbox'));
        return HttpResponse.json(real);
      }),
    );
    // A box built around the recorded address: its corners are known in BNG by construction.
    const sw = bngToWgs84(527800, 182100);
    const ne = bngToWgs84(527900, 182200);
    const { records } = await places()
      .bbox({ bbox: { west: sw.lon, south: sw.lat, east: ne.lon, north: ne.lat } })
      .collect();
    expect(records[0]?.properties.attributes.uprn).toBe(UPRN);
    const [minE, minN, maxE, maxN] = boxes[0]!.split(',').map(Number) as [number, number, number, number];
    // The envelope of the four corners contains the BNG box. Grid north and true north differ by
    // about 1.5 degrees in London, so the lon/lat box's other two corners fall about 2.5 m
    // (100 m x sin 1.5 deg) outside the BNG box on either side: the envelope is about 5 m wider.
    expect(minE).toBeLessThanOrEqual(527800.01);
    expect(minN).toBeLessThanOrEqual(182100.01);
    expect(maxE).toBeGreaterThanOrEqual(527899.99);
    expect(maxN).toBeGreaterThanOrEqual(182199.99);
    expect(maxE - minE).toBeLessThan(106);
    expect(maxN - minN).toBeLessThan(106);

    await places()
      .bbox({ bbox: { minEasting: 527800, minNorthing: 182100, maxEasting: 527900, maxNorthing: 182200 } })
      .collect();
    expect(boxes[1]).toBe('527800,182100,527900,182200');
    expect(() =>
      places().bbox({
        bbox: { minEasting: 527900, minNorthing: 182100, maxEasting: 527800, maxNorthing: 182200 },
      }),
    ).toThrow(/bbox/);
  });

  it('POSTs a polygon as BNG GeoJSON with srs EPSG:27700, converting WGS 84 vertices', async () => {
    const bodies: unknown[] = [];
    const asked: URLSearchParams[] = [];
    server.use(
      http.post(`${BASE}/polygon`, async ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        bodies.push(await request.json());
        return HttpResponse.json(real);
      }),
    );
    const ring = [
      [527800, 182100],
      [527900, 182100],
      [527900, 182200],
      [527800, 182200],
      [527800, 182100],
    ] as [number, number][];
    const wgs84 = ring.map(([e, n]) => {
      const { lon, lat } = bngToWgs84(e, n);
      return [lon, lat] as [number, number];
    });
    const { records, report } = await places()
      .polygon({ polygon: { type: 'Polygon', coordinates: [wgs84] } })
      .collect();
    expect(records[0]?.properties.attributes.uprn).toBe(UPRN);
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0 });
    expect(asked[0]?.get('srs')).toBe('EPSG:27700');
    expect(asked[0]?.get('offset')).toBe('0');
    const sent = bodies[0] as { type: string; coordinates: [number, number][][] };
    expect(sent.type).toBe('Polygon');
    sent.coordinates[0]!.forEach(([e, n], i) => {
      expect(e).toBeCloseTo(ring[i]![0], 1);
      expect(n).toBeCloseTo(ring[i]![1], 1);
    });

    await places()
      .polygon({ polygon: { type: 'Polygon', coordinates: [ring] }, crs: 'BNG' })
      .collect();
    expect(bodies[1]).toEqual({ type: 'Polygon', coordinates: [ring] });
  });
});

describe('os-places key', () => {
  it('never puts the key in errors, logs, HAR recordings or records', async () => {
    server.use(
      http.get(`${BASE}/uprn`, ({ request }) =>
        HttpResponse.json(
          { error: { statuscode: 401, message: `bad key ${new URL(request.url).search}` } },
          { status: 401 },
        ),
      ),
    );
    const lines: string[] = [];
    const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
    const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    const recorder = recordHar();
    const error = await places({ logger, fetch: recorder.fetch })
      .uprn({ uprn: UPRN })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(401);
    const seen = [
      String(error),
      (error as Error).stack ?? '',
      JSON.stringify(error),
      JSON.stringify((error as { body?: unknown }).body),
      ...lines,
      JSON.stringify(recorder.archive()),
    ].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(recorder.archive().log.entries).toHaveLength(1);
    expect(seen).not.toContain(KEY);

    // A header that echoes the key back does not carry it into the record either.
    server.use(
      http.get(`${BASE}/uprn`, ({ request }) =>
        HttpResponse.json({ ...real, header: { ...real.header, uri: request.url } }),
      ),
    );
    const { records } = await places().uprn({ uprn: UPRN }).collect();
    expect(JSON.stringify(records)).not.toContain(KEY);
    expect(records[0]?.properties.provenance.sourceUrl).toBe(`${BASE}/uprn?uprn=${UPRN}&dataset=DPA`);
  });

  it('needs a key to connect', () => {
    const error = (() => {
      try {
        connect(osPlaces, { client: createClient() });
      } catch (e) {
        return e;
      }
    })();
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(/apiKey/);
  });
});

describe('os-places conformance', () => {
  it('passes validateConnector on the recorded response', async () => {
    server.use(
      http.get(`${BASE}/uprn`, () => HttpResponse.json(load())),
      http.get(`${BASE}/find`, () => HttpResponse.json(load())),
      http.get(`${BASE}/postcode`, () => HttpResponse.json(load())),
      http.get(`${BASE}/nearest`, () => HttpResponse.json(load())),
      http.get(`${BASE}/radius`, () => HttpResponse.json(load())),
      http.get(`${BASE}/bbox`, () => HttpResponse.json(load())),
      http.post(`${BASE}/polygon`, () => HttpResponse.json(load())),
    );
    const result = await validateConnector(osPlaces, {
      client: createClient({ cache: false }),
      config: { apiKey: KEY },
      cases: [
        { operation: 'uprn', params: { uprn: UPRN } },
        { operation: 'find', params: { query: 'Sherlock Holmes Museum' } },
        { operation: 'postcode', params: { postcode: 'NW1 6XE' } },
        { operation: 'nearest', params: { point: { easting: 527847, northing: 182144 } } },
        { operation: 'radius', params: { point: { easting: 527847, northing: 182144 }, radius: 50 } },
        {
          operation: 'bbox',
          params: {
            bbox: { minEasting: 527800, minNorthing: 182100, maxEasting: 527900, maxNorthing: 182200 },
          },
        },
        {
          operation: 'polygon',
          params: {
            polygon: {
              type: 'Polygon',
              coordinates: [
                [
                  [527800, 182100],
                  [527900, 182100],
                  [527900, 182200],
                  [527800, 182100],
                ],
              ],
            },
            crs: 'BNG',
          },
        },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});
