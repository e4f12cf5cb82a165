import { readFileSync } from 'node:fs';
import { tfl } from '@ldn-twin/connectors/tfl';
import {
  connect,
  createClient,
  isHttpError,
  isRateLimitedError,
  isSchemaError,
  type Logger,
  type TwinRecord,
  type TwinRecordOf,
} from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/tfl/${name}`, import.meta.url), 'utf8')) as T;

type Json = Record<string, unknown>;
/** Real responses (see fixtures/tfl/SOURCES.md). */
const roadDisruptions = fixture<Json[]>('tfl-road-disruption.json');
const streetDisruptions = fixture<Json[]>('tfl-road-street-disruption.json');
const lineStatuses = fixture<Json[]>('tfl-line-status.json');
const stopPoints = fixture<{ stopPoints: Json[] } & Json>('tfl-stoppoint-radius.json');
const bikePoints = fixture<Json[]>('tfl-bikepoint.json');

const BASE = 'https://api.tfl.gov.uk';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The application's own limit wins over the connector's declared 50 a minute, so tests do not wait. */
const client = (logger?: Logger) =>
  createClient({
    cache: false,
    retry: { limit: 0 },
    limits: { hosts: { 'api.tfl.gov.uk': { requestsPerSecond: 100 } } },
    ...(logger ? { logger } : {}),
  });
const transport = (config: { appKey?: string; worksCategories?: string[] } = {}, logger?: Logger) =>
  connect(tfl, { client: client(logger), config });

type Disruption = TwinRecordOf<'TransportDisruption'>;
const byKind = <K extends TwinRecord['featureType']>(records: TwinRecord[], kind: K) =>
  records.filter((r) => r.featureType === kind) as TwinRecordOf<K>[];

describe('tfl roadDisruptions', () => {
  it('maps a road disruption with its polygon, without the legacy crs member or $type noise', async () => {
    let asked: Request | undefined;
    server.use(
      http.get(`${BASE}/Road/all/Disruption`, ({ request }) => {
        asked = request;
        return HttpResponse.json(roadDisruptions);
      }),
    );
    const { records, report } = await transport().roadDisruptions({}).collect();
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, records: 1, pages: 1, complete: true });
    expect(asked?.headers.get('app_key')).toBeNull();
    const [record] = records as Disruption[];
    expect(record?.id).toBe('urn:ldntwin:transport-disruption:tfl-road-disruption:TIMS-217284');
    expect(record?.geometry?.type).toBe('Polygon');
    expect(record?.geometry).not.toHaveProperty('crs');
    expect((record?.geometry as { coordinates: number[][][] } | undefined)?.coordinates[0]?.[0]).toEqual([
      -0.2545495351, 51.4856983394,
    ]);
    expect(record?.properties.locationPrecision).toBe('exact');
    expect(record?.properties.name).toBe('[A316] BURLINGTON LANE (W4 ) (Hounslow)');
    expect(record?.properties.validFrom).toBe('2025-09-28T19:00:00Z');
    expect(record?.properties.validTo).toBe('2025-10-24T19:00:00Z');
    expect(record?.properties.recordedAt).toBe('2025-10-15T16:27:35Z');
    expect(record?.properties.attributes).toMatchObject({
      disruptionType: 'road',
      severity: 'Moderate',
      category: 'Works',
      subCategory: 'Utility works',
      status: 'Active',
      corridorIds: ['a316', 'a4'],
      levelOfInterest: 'High',
      hasClosures: false,
      currentUpdateAt: '2025-10-15T14:52:00Z',
      streets: [{ name: '[A316] BURLINGTON LANE (W4 )', closure: 'Closed', directions: 'Northbound' }],
      extra: { ordinal: '5' },
    });
    expect(record?.properties.provenance.sourceUrl).toBe(`${BASE}/Road/All/Disruption/TIMS-217284`);
    expect(record?.properties.licence.attribution).toEqual(['Powered by TfL Open Data']);
    expect(JSON.stringify(records)).not.toContain('Tfl.Api.Presentation');
    expect(JSON.stringify(records)).not.toContain('$type');
  });

  it('falls back to the street segments, then to the "[lon,lat]" point string', async () => {
    const { geometry: _polygon, ...noPolygon } = roadDisruptions[0]!;
    const { geography: _point, streets: _streets, ...pointOnly } = noPolygon;
    server.use(
      http.get(`${BASE}/Road/all/Disruption`, () =>
        HttpResponse.json([noPolygon, { ...pointOnly, id: 'TIMS-1' }]),
      ),
    );
    const { records } = await transport().roadDisruptions({}).collect();
    expect(records[0]?.geometry).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [
          [-0.25383, 51.485689],
          [-0.252474, 51.486644],
        ],
        [
          [-0.254126, 51.485558],
          [-0.25383, 51.485689],
        ],
      ],
    });
    expect(records[0]?.properties.locationPrecision).toBe('street');
    expect(records[1]?.geometry).toEqual({ type: 'Point', coordinates: [-0.2531, 51.486126] });
    expect(records[1]?.properties.locationPrecision).toBe('centroid');
  });

  it('sends road ids in the path and filters comma-separated', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/Road/a2,a406/Disruption`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json([]);
      }),
    );
    const { report } = await transport()
      .roadDisruptions({ roads: ['a2', 'a406'], severities: ['Serious', 'Severe'], stripContent: true })
      .collect();
    expect(report.complete).toBe(true);
    expect(asked?.searchParams.get('severities')).toBe('Serious,Severe');
    expect(asked?.searchParams.get('stripContent')).toBe('true');
    expect(asked?.searchParams.has('categories')).toBe(false);
  });

  it('reports a disruption whose point string is not coordinates, and keeps the rest', async () => {
    const { geometry: _g, geography: _p, streets: _s, ...bare } = roadDisruptions[0]!;
    server.use(
      http.get(`${BASE}/Road/all/Disruption`, () =>
        HttpResponse.json([{ ...bare, point: 'somewhere' }, roadDisruptions[0], { ...bare, id: '' }]),
      ),
    );
    const { records, report } = await transport().roadDisruptions({}).collect();
    expect(records).toHaveLength(1);
    expect(report).toMatchObject({ received: 3, mapped: 1, failed: 2 });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [0, 'map', undefined],
      [2, 'parse', 'id'],
    ]);
    expect(report.issues[0]?.message).toMatch(/point/);
    expect(report.issues[0]?.raw).toMatchObject({ point: 'somewhere' });
  });

  it('gives a SchemaError when TfL answers an error object instead of a list', async () => {
    server.use(
      http.get(`${BASE}/Road/all/Disruption`, () =>
        HttpResponse.json({ $type: 'Tfl.Api.Presentation.Entities.ApiError', message: 'oops' }),
      ),
    );
    const error = await transport()
      .roadDisruptions({})
      .collect()
      .catch((e: unknown) => e);
    expect(isSchemaError(error)).toBe(true);
  });
});

describe('tfl streetDisruptions', () => {
  it('maps works segments to StreetWork with the misspelt distruptedStreetId, and others to TransportDisruption', async () => {
    let asked: URL | undefined;
    const collision = { ...streetDisruptions[1], category: 'Collisions', subCategory: 'Collision' };
    server.use(
      http.get(`${BASE}/Road/all/Street/Disruption`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json([streetDisruptions[0], collision]);
      }),
    );
    const { records, report } = await transport()
      .streetDisruptions({ startDate: '2025-10-01T00:00:00Z', endDate: '2025-10-31T23:59:59+01:00' })
      .collect();
    expect(asked?.searchParams.get('startDate')).toBe('2025-10-01T00:00:00Z');
    expect(asked?.searchParams.get('endDate')).toBe('2025-10-31T23:59:59+01:00');
    expect(report).toMatchObject({ received: 2, mapped: 2, failed: 0 });

    const [work] = byKind(records, 'StreetWork');
    expect(work?.id).toBe('urn:ldntwin:street-work:tfl-disrupted-street:TIMS-21344046186');
    expect(work?.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [-0.308696, 51.489609],
        [-0.308888, 51.489881],
      ],
    });
    expect(work?.properties.relations).toEqual([
      { rel: 'partOf', target: 'urn:ldntwin:transport-disruption:tfl-road-disruption:TIMS-213440' },
    ]);
    expect(work?.properties.attributes).toMatchObject({
      streetName: '[B452] WINDMILL ROAD (TW8 )',
      disruptionId: 'TIMS-213440',
      closure: 'Closed',
      severity: 'Minimal',
      subCategory: 'Motorways works',
    });
    expect(work?.properties.validTo).toBe('2025-11-29T05:00:00Z');

    const [other] = byKind(records, 'TransportDisruption');
    expect(other?.id).toBe('urn:ldntwin:transport-disruption:tfl-disrupted-street:TIMS-20677253453');
    expect(other?.properties.attributes).toMatchObject({
      disruptionType: 'street-segment',
      category: 'Collisions',
    });
  });

  it('sends the required dates, by default from the start of the run to one day later', async () => {
    const asked: URL[] = [];
    server.use(
      http.get(`${BASE}/Road/all/Street/Disruption`, ({ request }) => {
        asked.push(new URL(request.url));
        return HttpResponse.json(streetDisruptions);
      }),
    );
    const before = Date.now();
    const { records } = await transport().streetDisruptions({}).collect();
    await transport().streetDisruptions({ startDate: '2026-03-01T08:00:00Z' }).collect();
    const start = Date.parse(asked[0]!.searchParams.get('startDate')!);
    const end = Date.parse(asked[0]!.searchParams.get('endDate')!);
    expect(start).toBeGreaterThanOrEqual(before - 1000);
    expect(start).toBeLessThanOrEqual(Date.now());
    expect(end - start).toBe(86_400_000);
    expect(records[0]?.properties.provenance.retrievedAt).toBe(asked[0]!.searchParams.get('startDate'));
    expect(asked[1]!.searchParams.get('endDate')).toBe('2026-03-02T08:00:00.000Z');
  });

  it('refuses plain dates, date-times without an offset and an end before the start, before any request', () => {
    const street = transport();
    expect(() => street.streetDisruptions({ startDate: '2025-10-01' })).toThrow(/startDate/);
    expect(() => street.streetDisruptions({ endDate: '2025-10-01T00:00:00' })).toThrow(/endDate/);
    expect(() =>
      street.streetDisruptions({ startDate: '2025-10-02T00:00:00Z', endDate: '2025-10-01T00:00:00Z' }),
    ).toThrow(/endDate must not be before startDate/);
  });

  it('accepts the corrected spelling disruptedStreetId and reports a segment with neither', async () => {
    const { distruptedStreetId: id, ...rest } = streetDisruptions[0]!;
    server.use(
      http.get(`${BASE}/Road/all/Street/Disruption`, () =>
        HttpResponse.json([{ ...rest, disruptedStreetId: id }, rest]),
      ),
    );
    const { records, report } = await transport().streetDisruptions({}).collect();
    expect(records.map((r) => r.properties.provenance.sourceId)).toEqual(['TIMS-21344046186']);
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [1, 'parse', 'distruptedStreetId'],
    ]);
  });

  it('takes the works categories from config', async () => {
    server.use(http.get(`${BASE}/Road/all/Street/Disruption`, () => HttpResponse.json(streetDisruptions)));
    const { records } = await transport({ worksCategories: ['Roadworks'] })
      .streetDisruptions({})
      .collect();
    expect(records.map((r) => r.featureType)).toEqual(['TransportDisruption', 'TransportDisruption']);
  });
});

describe('tfl lineStatus', () => {
  it('maps Good Service (no lineId, reason or disruption keys) and a Part Closure; the 0001 sentinel is absent', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/Line/Mode/tube,dlr/Status`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(lineStatuses);
      }),
    );
    const { records, report } = await transport()
      .lineStatus({ modes: ['tube', 'dlr'] })
      .collect();
    expect(asked?.pathname).toBe('/Line/Mode/tube,dlr/Status');
    expect(report).toMatchObject({ received: 2, mapped: 2, failed: 0, records: 2 });
    const [bakerloo, circle] = records;
    expect(bakerloo?.id).toBe('urn:ldntwin:transport-disruption:tfl-line-status:bakerloo%2F0');
    expect(bakerloo?.properties.name).toBe('Bakerloo: Good Service');
    expect(bakerloo?.properties.description).toBeUndefined();
    // `created` is the sentinel, so the record time falls back to the line's `modified`.
    expect(bakerloo?.properties.recordedAt).toBe('2019-10-17T12:58:58.13Z');
    expect(bakerloo?.properties.attributes).toEqual({
      disruptionType: 'line-status',
      mode: 'tube',
      lineName: 'Bakerloo',
      severity: 'Good Service',
      severityLevel: 10,
      affectedLines: ['bakerloo'],
    });
    expect(bakerloo?.time).toBeNull();
    expect(JSON.stringify(records)).not.toContain('0001-01-01');

    expect(circle?.properties.description).toMatch(/^CIRCLE LINE: Saturday 19/);
    expect(circle?.properties.validFrom).toBe('2019-10-19T04:30:00Z');
    expect(circle?.properties.validTo).toBe('2019-10-21T01:29:00Z');
    expect(circle?.time).toEqual({ interval: ['2019-10-19T04:30:00Z', '2019-10-21T01:29:00Z'] });
    expect(circle?.properties.attributes).toMatchObject({
      severity: 'Part Closure',
      severityLevel: 5,
      category: 'PlannedWork',
      closure: 'partClosure',
      affectedLines: ['circle'],
      validityPeriods: [{ from: '2019-10-19T04:30:00Z', to: '2019-10-21T01:29:00Z', isNow: false }],
    });
  });

  it('yields one record per status when a line carries several, and can leave Good Service out', async () => {
    const circle = lineStatuses[1] as Json & { lineStatuses: Json[] };
    const twoStatuses = {
      ...circle,
      lineStatuses: [
        circle.lineStatuses[0],
        { ...circle.lineStatuses[0], statusSeverity: 6, statusSeverityDescription: 'Severe Delays' },
      ],
    };
    server.use(
      http.get(`${BASE}/Line/Mode/tube/Status`, () => HttpResponse.json([lineStatuses[0], twoStatuses])),
    );
    const { records } = await transport().lineStatus({ includeGoodService: false }).collect();
    expect(records.map((r) => r.properties.name)).toEqual(['Circle: Part Closure', 'Circle: Severe Delays']);
    expect(records.map((r) => r.id.split(':').at(-1))).toEqual(['circle%2F0', 'circle%2F1']);
  });
});

describe('tfl lineStatusById', () => {
  it('asks /Line/{ids}/Status and maps the recorded by-id answers', async () => {
    const asked: string[] = [];
    server.use(
      // The fixture's two items are the real answers of /Line/bakerloo/Status and /Line/circle/Status.
      http.get(`${BASE}/Line/:ids/Status`, ({ request, params }) => {
        asked.push(new URL(request.url).pathname);
        const ids = String(params.ids).split(',');
        return HttpResponse.json(lineStatuses.filter((line) => ids.includes(String(line.id))));
      }),
    );
    const { records, report } = await transport()
      .lineStatusById({ lines: ['circle'], detail: true })
      .collect();
    expect(asked).toEqual(['/Line/circle/Status']);
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, records: 1 });
    expect(records[0]?.properties.name).toBe('Circle: Part Closure');
    expect(records[0]?.properties.attributes).toMatchObject({
      closure: 'partClosure',
      affectedLines: ['circle'],
    });

    const both = await transport()
      .lineStatusById({ lines: ['bakerloo', 'circle'] })
      .collect();
    expect(asked[1]).toBe('/Line/bakerloo,circle/Status');
    expect(both.records.map((r) => r.properties.name)).toEqual([
      'Bakerloo: Good Service',
      'Circle: Part Closure',
    ]);
  });

  it('refuses a line id that could leave the path, before sending anything', () => {
    expect(() => transport().lineStatusById({ lines: ['../Road'] })).toThrow(/lines/);
  });
});

describe('tfl roadStatus', () => {
  // Documented shape only: a client's mock of /Road/{ids} (see fixtures/tfl/SOURCES.md).
  const corridors = fixture<Json[]>('tfl-road-status.json');

  it('asks /Road/{ids} (a space in an id encoded) and maps each corridor at its bounding box', async () => {
    let asked: string | undefined;
    server.use(
      http.get(`${BASE}/Road/:ids`, ({ request }) => {
        asked = new URL(request.url).pathname;
        return HttpResponse.json(corridors);
      }),
    );
    const { records, report } = await transport()
      .roadStatus({ roads: ['a1', 'a2', 'city route'] })
      .collect();
    expect(asked).toBe('/Road/a1,a2,city%20route');
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0 });
    const [a1, , city] = records;
    expect(a1?.id).toBe('urn:ldntwin:transport-disruption:tfl-road-status:a1');
    expect(a1?.properties.name).toBe('A1: No Exceptional Delays');
    expect(a1?.geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [-0.25616, 51.5319],
          [-0.10234, 51.5319],
          [-0.10234, 51.6562],
          [-0.25616, 51.6562],
          [-0.25616, 51.5319],
        ],
      ],
    });
    expect(a1?.properties.locationPrecision).toBe('area');
    expect(city?.properties.attributes).toEqual({
      disruptionType: 'road',
      mode: 'road',
      severity: 'Closure',
      corridorIds: ['city route'],
      extra: {
        statusSeverityDescription: 'Closure',
        group: 'Central London Red Routes',
        url: '/Road/city+route',
      },
    });
    expect(city?.properties.provenance.sourceUrl).toBe(`${BASE}/Road/city%20route`);
  });

  it('reports a corridor whose bounds are not two positions, and keeps the others', async () => {
    server.use(
      http.get(`${BASE}/Road/:ids`, () =>
        HttpResponse.json([
          corridors[0],
          { ...corridors[1], bounds: '[[0.17118,51.49438],[-0.0857,51.44091]]' },
        ]),
      ),
    );
    const { records, report } = await transport()
      .roadStatus({ roads: ['a1', 'a2'] })
      .collect();
    expect(records.map((r) => r.properties.identifiers[0]?.value)).toEqual(['a1']);
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(report.issues[0]?.message).toMatch(/bounds/);
  });

  it('gives an HttpError with the ApiError body for an unknown road', async () => {
    const body = {
      $type: 'Tfl.Api.Presentation.Entities.ApiError, Tfl.Api.Presentation.Entities',
      httpStatusCode: 404,
      message: 'The following road id is not recognised: A233',
    };
    server.use(http.get(`${BASE}/Road/A233`, () => HttpResponse.json(body, { status: 404 })));
    const error = await transport()
      .roadStatus({ roads: ['A233'] })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(404);
  });
});

describe('tfl arrivals', () => {
  /** The real 2015 answer of /StopPoint/490000050E/Arrivals (see fixtures/tfl/SOURCES.md). */
  const predictions = fixture<Json[]>('tfl-stoppoint-arrivals.json');

  it('asks /StopPoint/{id}/Arrivals and maps each prediction soonest first, as a modelled Observation', async () => {
    let asked: string | undefined;
    server.use(
      http.get(`${BASE}/StopPoint/:stop/Arrivals`, ({ request }) => {
        asked = new URL(request.url).pathname;
        return HttpResponse.json(predictions);
      }),
    );
    const { records, report } = await transport().arrivals({ stop: '490000050E' }).collect();
    expect(asked).toBe('/StopPoint/490000050E/Arrivals');
    expect(report).toMatchObject({ received: 4, mapped: 4, failed: 0 });
    // The recording's order is 705, 442, 900, 1465 s: sorted.
    expect(records.map((r) => r.properties.attributes.result)).toEqual([442, 705, 900, 1465]);
    const [first] = records;
    expect(first?.id).toBe('urn:ldntwin:observation:tfl-arrival:490000050E%2F-1800506313');
    expect(first?.properties.name).toBe('345 to Peckham at Clapham Common Station');
    expect(first?.properties.relations).toEqual([
      { rel: 'observes', target: 'urn:ldntwin:transport-stop:naptan:490000050E' },
    ]);
    expect(first?.properties.provenance.method).toBe('modelled');
    expect(first?.properties.attributes).toEqual({
      datastream: 'urn:ldntwin:transport-stop:naptan:490000050E/arrivals/345',
      observedProperty: 'urn:ldntwin:property:tfl:time-to-station',
      observedPropertyName: 'time to station',
      unitOfMeasurement: { name: 'second', symbol: 's', definition: 'http://unitsofmeasure.org/ucum.html#s' },
      result: 442,
      phenomenonTime: '2015-11-14T22:59:33.824Z',
      parameters: {
        expectedArrival: '2015-11-14T23:06:56Z',
        lineId: '345',
        lineName: '345',
        modeName: 'bus',
        platformName: 'E',
        direction: 'inbound',
        destinationName: 'Peckham',
        towards: 'Brixton or Clapham North',
        vehicleId: 'LX09FAF',
        timeToLive: '2015-11-14T23:07:26Z',
      },
    });
  });

  it('reports a prediction without timeToStation and keeps the others', async () => {
    const { timeToStation: _gone, ...broken } = predictions[0] as Json;
    server.use(
      http.get(`${BASE}/StopPoint/:stop/Arrivals`, () => HttpResponse.json([broken, predictions[1]])),
    );
    const { records, report } = await transport().arrivals({ stop: '490000050E' }).collect();
    expect(records).toHaveLength(1);
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(report.issues[0]).toMatchObject({ stage: 'parse', path: 'timeToStation' });
  });

  it('refuses a stop id that could leave the path, before sending anything', () => {
    expect(() => transport().arrivals({ stop: '../Line' })).toThrow(/stop/);
  });
});

describe('tfl stopPointsNear', () => {
  it('asks by lat/lon/stopTypes/radius and maps stops with [lon, lat] geometry', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/StopPoint`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(stopPoints);
      }),
    );
    const { records, report } = await transport()
      .stopPointsNear({ point: [-0.133, 51.509], stopTypes: ['NaptanPublicBusCoachTram'], radius: 100 })
      .collect();
    expect(asked?.searchParams.get('lat')).toBe('51.509');
    expect(asked?.searchParams.get('lon')).toBe('-0.133');
    expect(asked?.searchParams.get('stopTypes')).toBe('NaptanPublicBusCoachTram');
    expect(asked?.searchParams.get('radius')).toBe('100');
    expect(report).toMatchObject({ received: 2, mapped: 2, failed: 0 });
    const [p, l] = records;
    expect(p?.id).toBe('urn:ldntwin:transport-stop:naptan:490007960P');
    expect(p?.geometry).toEqual({ type: 'Point', coordinates: [-0.132098, 51.50898] });
    expect(p?.properties.name).toBe('Haymarket / Charles II Street');
    expect(p?.properties.attributes).toEqual({
      naptanId: '490007960P',
      modes: ['bus'],
      stopType: 'NaptanPublicBusCoachTram',
      indicator: 'Stop P',
      stopLetter: 'P',
      icsCode: '1007960',
      stationNaptan: '490G00007960',
      distanceMetres: 62.518072030038645,
      status: true,
      lines: ['12', '159'],
    });
    // The second stop has no icsCode, stationNaptan or status.
    expect(l?.properties.attributes).not.toHaveProperty('icsCode');
    expect(l?.properties.attributes).not.toHaveProperty('status');
  });

  it('reports a stop without coordinates and keeps the other', async () => {
    const { lat: _lat, ...noLat } = stopPoints.stopPoints[0]!;
    server.use(
      http.get(`${BASE}/StopPoint`, () =>
        HttpResponse.json({ ...stopPoints, stopPoints: [noLat, stopPoints.stopPoints[1]] }),
      ),
    );
    const { records, report } = await transport()
      .stopPointsNear({ point: [-0.133, 51.509] })
      .collect();
    expect(records.map((r) => r.properties.provenance.sourceId)).toEqual(['490007960L']);
    expect(report.issues.map((i) => [i.stage, i.path])).toEqual([['parse', 'lat']]);
  });
});

describe('tfl bikePoints', () => {
  it('maps a dock to a Facility and an Observation per availability figure (strings to numbers)', async () => {
    server.use(http.get(`${BASE}/BikePoint`, () => HttpResponse.json(bikePoints)));
    const { records, report } = await transport().bikePoints({}).collect();
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, records: 6 });
    const [dock] = byKind(records, 'Facility');
    expect(dock?.id).toBe('urn:ldntwin:facility:tfl-bikepoint:BikePoints_1');
    expect(dock?.geometry).toEqual({ type: 'Point', coordinates: [-0.10997, 51.529163] });
    expect(dock?.properties.name).toBe('River Street , Clerkenwell');
    expect(dock?.properties.attributes).toEqual({
      facilityType: 'cycle-hire-dock',
      capacity: 19,
      terminalName: '001023',
      installed: true,
      locked: false,
      temporary: false,
      installDate: '2010-07-12T15:08:00.000Z',
    });
    const observations = byKind(records, 'Observation');
    expect(
      Object.fromEntries(
        observations.map((o) => [o.properties.attributes.observedProperty, o.properties.attributes.result]),
      ),
    ).toEqual({
      [`${BASE}/BikePoint#NbBikes`]: 1,
      [`${BASE}/BikePoint#NbStandardBikes`]: 1,
      [`${BASE}/BikePoint#NbEBikes`]: 0,
      [`${BASE}/BikePoint#NbEmptyDocks`]: 15,
      [`${BASE}/BikePoint#NbDocks`]: 19,
    });
    const bikes = observations[0];
    expect(bikes?.properties.attributes).toMatchObject({
      datastream: 'urn:ldntwin:facility:tfl-bikepoint:BikePoints_1/NbBikes',
      unitOfMeasurement: { definition: 'http://unitsofmeasure.org/ucum.html#{bike}' },
      phenomenonTime: '2025-09-12T14:36:21.533Z',
    });
    expect(bikes?.properties.provenance.method).toBe('measured');
    expect(bikes?.properties.relations).toEqual([{ rel: 'observes', target: dock?.id }]);
  });

  it('searches by name, and reports a dock whose count is not a number', async () => {
    let asked: URL | undefined;
    const place = bikePoints[0] as Json & { additionalProperties: Json[] };
    const broken = {
      ...place,
      id: 'BikePoints_2',
      additionalProperties: place.additionalProperties.map((p) =>
        p.key === 'NbBikes' ? { ...p, value: 'n/a' } : p,
      ),
    };
    server.use(
      http.get(`${BASE}/BikePoint/Search`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json([broken, place]);
      }),
    );
    const { records, report } = await transport().bikePoints({ query: 'Clerkenwell' }).collect();
    expect(asked?.searchParams.get('query')).toBe('Clerkenwell');
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1, records: 6 });
    expect(report.issues[0]).toMatchObject({ index: 0, stage: 'map', raw: { id: 'BikePoints_2' } });
    expect(report.issues[0]?.message).toMatch(/NbBikes/);
    expect(records.every((r) => r.properties.provenance.sourceId?.startsWith('BikePoints_1'))).toBe(true);
  });
});

describe('tfl key and throttling', () => {
  const KEY = 'tfl-secret-app-key-0123456789';

  it('sends the key as the app_key header, never in the URL', async () => {
    let asked: Request | undefined;
    server.use(
      http.get(`${BASE}/BikePoint`, ({ request }) => {
        asked = request;
        return HttpResponse.json(bikePoints);
      }),
    );
    const { records } = await transport({ appKey: KEY }).bikePoints({}).collect();
    expect(asked?.headers.get('app_key')).toBe(KEY);
    expect(asked?.url).not.toContain(KEY);
    expect(JSON.stringify(records)).not.toContain(KEY);
  });

  it.each([403, 429])(
    'turns %i into a RateLimitedError that carries no key, nor do the logs',
    async (status) => {
      const lines: string[] = [];
      const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
        lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
      const logger: Logger = {
        debug: log('debug'),
        info: log('info'),
        warn: log('warn'),
        error: log('error'),
      };
      server.use(
        http.get(`${BASE}/Line/Mode/tube/Status`, ({ request }) =>
          HttpResponse.json(
            { message: `throttled ${request.headers.get('app_key')}` },
            { status, headers: { 'retry-after': '7' } },
          ),
        ),
      );
      const error = await transport({ appKey: KEY }, logger)
        .lineStatus({})
        .collect()
        .catch((e: unknown) => e);
      expect(isRateLimitedError(error)).toBe(true);
      expect(isHttpError(error) && error.status).toBe(status);
      expect(isRateLimitedError(error) && error.retryAfterMs).toBe(7000);
      const everything = JSON.stringify({
        message: (error as Error).message,
        error,
        body: isHttpError(error) ? error.body : undefined,
      });
      expect(everything).not.toContain(KEY);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toContain(KEY);
    },
  );

  it('keeps a 404 an ordinary HttpError', async () => {
    server.use(http.get(`${BASE}/Line/Mode/tube/Status`, () => HttpResponse.json({}, { status: 404 })));
    const error = await transport()
      .lineStatus({})
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(404);
    expect(isRateLimitedError(error)).toBe(false);
  });
});

describe('tfl rate limits', () => {
  it('declares 50 a minute without a key, 500 with one, or the configured figure, for the base URL host', () => {
    const added: unknown[] = [];
    const limited = (config: Record<string, unknown>) => {
      const base = client();
      connect(tfl, { client: { ...base, addHostLimits: (hosts) => added.push(hosts) }, config });
    };
    limited({});
    limited({ appKey: 'tfl-k3y-secret' });
    limited({ appKey: 'tfl-k3y-secret', requestsPerMinute: 120, baseUrl: 'https://tfl-proxy.example.org/' });
    expect(added).toEqual([
      { 'api.tfl.gov.uk': { requestsPerSecond: 50 / 60 } },
      { 'api.tfl.gov.uk': { requestsPerSecond: 500 / 60 } },
      { 'tfl-proxy.example.org': { requestsPerSecond: 2 } },
    ]);
  });
});

/** Documented shape only, no capture (see fixtures/tfl/SOURCES.md): TfL's OpenAPI schemas. */
const carParks = fixture<Json[]>('tfl-occupancy-carpark.documented.json');
const chargeConnectors = fixture<Json[]>('tfl-occupancy-chargeconnector.documented.json');

describe('tfl carParkOccupancy (documented shape, no capture)', () => {
  it('maps a car park to a Facility without location and an Observation of free and occupied bays per bay type', async () => {
    server.use(http.get(`${BASE}/Occupancy/CarPark`, () => HttpResponse.json(carParks)));
    const { records, report } = await transport().carParkOccupancy({}).collect();
    // 1 car park, 2 bay types x (free, occupied).
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, records: 5 });
    const [carPark] = byKind(records, 'Facility');
    expect(carPark?.id).toBe('urn:ldntwin:facility:tfl-carpark:CarParks_0001');
    expect(carPark?.geometry).toBeNull();
    expect(carPark?.properties.attributes).toEqual({
      facilityType: 'car-park',
      capacity: 64,
      extra: { carParkDetailsUrl: 'https://api.tfl.gov.uk/Place/CarParks_0001' },
    });
    const figures = byKind(records, 'Observation').map((o) => [
      o.properties.attributes.parameters?.bayType,
      o.properties.attributes.observedProperty,
      o.properties.attributes.result,
    ]);
    expect(figures).toEqual([
      ['Disabled', `${BASE}/Occupancy/CarPark#free`, 1],
      ['Disabled', `${BASE}/Occupancy/CarPark#occupied`, 3],
      ['Pay and Display Parking', `${BASE}/Occupancy/CarPark#free`, 22],
      ['Pay and Display Parking', `${BASE}/Occupancy/CarPark#occupied`, 38],
    ]);
    const [first] = byKind(records, 'Observation');
    expect(first?.properties.relations).toEqual([{ rel: 'observes', target: carPark?.id }]);
    expect(first?.properties.attributes.phenomenonTime).toBe(first?.properties.provenance.retrievedAt);
    expect(first?.properties.attributes.resultQuality).toMatch(/no time/);
  });

  it('asks one car park by id (one object, not a list) and reports a bay count that is not a count', async () => {
    let asked = '';
    const [park] = carParks;
    server.use(
      http.get(`${BASE}/Occupancy/CarPark/:id`, ({ params }) => {
        asked = String(params.id);
        return HttpResponse.json({
          ...park,
          bays: [{ bayType: 'General', bayCount: 10, free: -2, occupied: 12 }],
        });
      }),
    );
    const { records, report } = await transport().carParkOccupancy({ id: 'CarParks_0001' }).collect();
    expect(asked).toBe('CarParks_0001');
    expect(report).toMatchObject({ received: 1, mapped: 0, failed: 1 });
    expect(records).toEqual([]);
    expect(report.issues[0]?.message).toMatch(/free is not a count/);
  });
});

describe('tfl chargeConnectorOccupancy (documented shape, no capture)', () => {
  it("maps each connector's status to an Observation, by the operator's connector id", async () => {
    server.use(http.get(`${BASE}/Occupancy/ChargeConnector`, () => HttpResponse.json(chargeConnectors)));
    const { records, report } = await transport().chargeConnectorOccupancy({}).collect();
    expect(report).toMatchObject({ received: 2, mapped: 2, failed: 0 });
    expect(records.map((r) => [r.properties.identifiers[0]?.value, r.properties.attributes.result])).toEqual([
      ['ChargePointESB-UT06NW-1', 'Available'],
      ['ChargePointESB-UT06NW-2', 'Occupied'],
    ]);
    expect(records[0]?.geometry).toBeNull();
    expect(records[0]?.properties.access.policies).toEqual(['urn:ldn-twin:policy:tfl-open-data']);
  });

  it('asks the connectors given, comma-separated, and reports one without a status', async () => {
    let asked = '';
    server.use(
      http.get(`${BASE}/Occupancy/ChargeConnector/:ids`, ({ params }) => {
        asked = String(params.ids);
        return HttpResponse.json([chargeConnectors[0], { ...chargeConnectors[1], status: null }]);
      }),
    );
    const { records, report } = await transport()
      .chargeConnectorOccupancy({ ids: ['ChargePointESB-UT06NW-1', 'ChargePointESB-UT06NW-2'] })
      .collect();
    expect(asked).toBe('ChargePointESB-UT06NW-1,ChargePointESB-UT06NW-2');
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(records).toHaveLength(1);
    expect(report.issues.map((i) => i.path)).toEqual(['status']);
  });

  it('passes validateConnector on the documented shapes', async () => {
    server.use(
      http.get(`${BASE}/Occupancy/CarPark`, () => HttpResponse.json(carParks)),
      http.get(`${BASE}/Occupancy/ChargeConnector`, () => HttpResponse.json(chargeConnectors)),
    );
    const result = await validateConnector(tfl, {
      client: client(),
      cases: [
        { operation: 'carParkOccupancy', params: {}, minRecords: 5 },
        { operation: 'chargeConnectorOccupancy', params: {}, minRecords: 2 },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});

describe('tfl conformance', () => {
  it('passes validateConnector on the recorded responses', async () => {
    server.use(
      http.get(`${BASE}/Road/all/Disruption`, () => HttpResponse.json(roadDisruptions)),
      http.get(`${BASE}/Road/all/Street/Disruption`, () => HttpResponse.json(streetDisruptions)),
      http.get(`${BASE}/Line/Mode/tube/Status`, () => HttpResponse.json(lineStatuses)),
      http.get(`${BASE}/Line/bakerloo,circle/Status`, () => HttpResponse.json(lineStatuses)),
      http.get(`${BASE}/Road/a1,a2`, () => HttpResponse.json(fixture<Json[]>('tfl-road-status.json'))),
      http.get(`${BASE}/StopPoint/490000050E/Arrivals`, () =>
        HttpResponse.json(fixture<Json[]>('tfl-stoppoint-arrivals.json')),
      ),
      http.get(`${BASE}/StopPoint`, () => HttpResponse.json(stopPoints)),
      http.get(`${BASE}/BikePoint`, () => HttpResponse.json(bikePoints)),
      http.get(`${BASE}/Line/Mode/dlr/Status`, () =>
        HttpResponse.json({ message: 'slow down' }, { status: 403 }),
      ),
    );
    const result = await validateConnector(tfl, {
      client: client(),
      cases: [
        { operation: 'roadDisruptions', params: {} },
        { operation: 'streetDisruptions', params: {}, minRecords: 2 },
        { operation: 'lineStatus', params: { modes: ['tube'] }, minRecords: 2 },
        { operation: 'stopPointsNear', params: { point: [-0.133, 51.509] }, minRecords: 2 },
        { operation: 'bikePoints', params: {}, minRecords: 6 },
        { operation: 'lineStatus', params: { modes: ['dlr'] }, expectError: true },
        { operation: 'lineStatusById', params: { lines: ['bakerloo', 'circle'] }, minRecords: 2 },
        { operation: 'roadStatus', params: { roads: ['a1', 'a2'] }, minRecords: 3 },
        { operation: 'arrivals', params: { stop: '490000050E' }, minRecords: 4 },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([1, 2, 2, 2, 6, 0, 2, 3, 4]);
  });
});
