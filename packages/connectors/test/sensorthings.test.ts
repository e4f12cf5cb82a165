import { readFileSync } from 'node:fs';
import { sensorThings } from '@ldn-twin/connectors/sensorthings';
import {
  connect,
  createClient,
  isConfigError,
  isHttpError,
  isPagingError,
  type TwinRecordOf,
} from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: fixtures are reshaped freely in tests
type Json = any;
/** A real documentation extract of a server's /Observations (see fixtures/sensorthings/SOURCES.md). */
const observationsPage: Json = JSON.parse(
  readFileSync(new URL('./fixtures/sensorthings/sensorthings-observations.json', import.meta.url), 'utf8'),
);

/*
 * Entity bodies from the standard's own examples (see fixtures/sensorthings/SOURCES.md): the Thing
 * "Oven" with its Datastream from ITU-T Y.4473's $expand example, the Location "CCIT" and the
 * ObservedProperty "DewPoint Temperature" from OGC 15-078r6.
 */
const ovenDatastream = {
  '@iot.id': 1,
  '@iot.selfLink': 'http://example.org/v1.0/Datastreams(1)',
  name: 'oven temperature',
  description: 'This is a datastream measuring the air temperature in an oven.',
  unitOfMeasurement: {
    name: 'degree Celsius',
    symbol: '°C',
    definition: 'http://unitsofmeasure.org/ucum.html#para-30',
  },
  observationType: 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement',
  observedArea: {
    type: 'Polygon',
    coordinates: [
      [
        [100, 0],
        [101, 0],
        [101, 1],
        [100, 1],
        [100, 0],
      ],
    ],
  },
  phenomenonTime: '2014-03-01T13:00:00Z/2015-05-11T15:30:00Z',
  resultTime: '2014-03-01T13:00:00Z/2015-05-11T15:30:00Z',
};
const ccit = {
  '@iot.id': 1,
  '@iot.selfLink': 'http://example.org/v1.0/Locations(1)',
  'Things@iot.navigationLink': 'Locations(1)/Things',
  encodingType: 'application/vnd.geo+json',
  name: 'CCIT',
  description: 'Calgary Center for Innvative Technologies',
  location: { type: 'Feature', geometry: { type: 'Point', coordinates: [-114.06, 51.05] } },
};
const dewPoint = {
  '@iot.id': 1,
  '@iot.selfLink': 'http://example.org/v1.0/ObservedProperties(1)',
  name: 'DewPoint Temperature',
  definition: 'http://dbpedia.org/page/Dew_point',
  description:
    'The dewpoint temperature is the temperature to which the air must be cooled, at constant pressure, for dew to form.',
};
const oven = {
  '@iot.id': 1,
  '@iot.selfLink': 'http://example.org/v1.0/Things(1)',
  'Locations@iot.navigationLink': 'Things(1)/Locations',
  'Datastreams@iot.count': 1,
  Datastreams: [ovenDatastream],
  'HistoricalLocations@iot.navigationLink': 'Things(1)/HistoricalLocations',
  description: 'This thing is a convection oven.',
  name: 'Oven',
  properties: { owner: 'John Doe', color: 'Silver' },
};

const EXAMPLE = 'https://example.org/v1.0';
/** The server of the recorded extract; its links are written http://, as behind a TLS proxy. */
const TORONTO = 'https://toronto-bike-snapshot.sensorup.com/v1.0';
const OGL = {
  id: 'OGL-UK-3.0',
  attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'],
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = (options: Parameters<typeof createClient>[0] = {}) =>
  createClient({ cache: false, ...options });
const sta = (config: Record<string, unknown>, options?: Parameters<typeof createClient>[0]) =>
  connect(sensorThings, { client: client(options), config: config as { baseUrl: string } });

describe('sensorthings config', () => {
  it('requires a base URL', () => {
    let error: unknown;
    try {
      connect(sensorThings, { client: client() });
    } catch (e) {
      error = e;
    }
    expect(isConfigError(error)).toBe(true);
    expect(String(error)).toMatch(/baseUrl/);
  });

  it('claims no licence it was not given: LicenseRef-unknown naming the server, or the configured one', async () => {
    server.use(http.get(`${EXAMPLE}/Things`, () => HttpResponse.json({ value: [oven] })));
    const unknown = await sta({ baseUrl: EXAMPLE }).things({}).collect();
    expect(unknown.records[0]?.properties.licence).toEqual({
      id: 'LicenseRef-unknown',
      attribution: ['Data from the SensorThings API at https://example.org/v1.0 (licence not stated)'],
    });
    expect(unknown.records[0]?.properties.provenance.publisher).toBe('example.org');
    const stated = await sta({ baseUrl: EXAMPLE, licence: OGL, publisher: 'Example Borough' })
      .things({})
      .collect();
    expect(stated.records[0]?.properties.licence).toEqual(OGL);
    expect(stated.records[0]?.properties.provenance.publisher).toBe('Example Borough');
  });
});

describe('sensorthings things', () => {
  it('asks for Things with $top, $filter and $expand and maps each to a Sensor at its Location', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${EXAMPLE}/Things`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json({ value: [{ ...oven, Locations: [ccit] }] });
      }),
    );
    const { records, report } = await sta({ baseUrl: EXAMPLE, licence: OGL })
      .things({ filter: "name eq 'Oven'", top: 50 })
      .collect();
    expect(Object.fromEntries(asked?.searchParams ?? [])).toEqual({
      $top: '50',
      $filter: "name eq 'Oven'",
      $expand: 'Locations,Datastreams/ObservedProperty',
    });
    expect(report).toMatchObject({ received: 1, mapped: 1, pages: 1, complete: true });
    const thing = records[0] as TwinRecordOf<'Sensor'>;
    expect(thing.id).toBe('urn:ldntwin:sensor:sensorthings.example.org:Things(1)');
    expect(thing.properties.name).toBe('Oven');
    // The Location is a GeoJSON Feature: its geometry is the Sensor's.
    expect(thing.geometry).toEqual({ type: 'Point', coordinates: [-114.06, 51.05] });
    expect(thing.properties.locationPrecision).toBe('exact');
    expect(thing.properties.attributes).toEqual({
      sensorType: 'sensorthings-thing',
      observedProperties: ['oven temperature'],
      datastreams: ['urn:ldntwin:sensor:sensorthings.example.org:Datastreams(1)'],
      extra: { owner: 'John Doe', color: 'Silver', locationName: 'CCIT' },
    });
    expect(thing.properties.provenance.sourceUrl).toBe('http://example.org/v1.0/Things(1)');
  });

  it('maps a Thing without Locations to a record without geometry, and reports one without an id', async () => {
    const { '@iot.id': _id, ...noId } = oven;
    server.use(http.get(`${EXAMPLE}/Things`, () => HttpResponse.json({ value: [noId, oven] })));
    const { records, report } = await sta({ baseUrl: EXAMPLE }).things({ expand: false }).collect();
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(report.issues[0]).toMatchObject({ index: 0, stage: 'parse', path: '@iot.id' });
    expect(records[0]?.geometry).toBeNull();
    expect(records[0]?.properties.locationPrecision).toBe('none');
  });
});

describe('sensorthings datastreams', () => {
  it("reads a Thing's Datastreams, part of the Thing's Sensor, its observedArea an area", async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${EXAMPLE}/Things(1)/Datastreams`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json({
          value: [{ ...ovenDatastream, Thing: { '@iot.id': 1, name: 'Oven' }, ObservedProperty: dewPoint }],
        });
      }),
    );
    const { records } = await sta({ baseUrl: EXAMPLE }).datastreams({ thing: 1 }).collect();
    expect(asked?.searchParams.get('$expand')).toBe('Thing,Sensor,ObservedProperty');
    const datastream = records[0] as TwinRecordOf<'Sensor'>;
    expect(datastream.id).toBe('urn:ldntwin:sensor:sensorthings.example.org:Datastreams(1)');
    expect(datastream.properties.relations).toEqual([
      { rel: 'partOf', target: 'urn:ldntwin:sensor:sensorthings.example.org:Things(1)' },
    ]);
    expect(datastream.geometry?.type).toBe('Polygon');
    expect(datastream.properties.locationPrecision).toBe('area');
    expect(datastream.properties.attributes).toMatchObject({
      observedProperties: ['http://dbpedia.org/page/Dew_point'],
      extra: {
        unitSymbol: '°C',
        observationType: 'http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement',
      },
    });
  });

  it("quotes string ids the OData way (Things('a''b'))", async () => {
    let path: string | undefined;
    server.use(
      http.get(`${EXAMPLE}/*`, ({ request }) => {
        path = decodeURIComponent(new URL(request.url).pathname);
        return HttpResponse.json({ value: [] });
      }),
    );
    await sta({ baseUrl: EXAMPLE }).datastreams({ thing: "saqn:t:o'1" }).collect();
    expect(path).toBe("/v1.0/Things('saqn:t:o''1')/Datastreams");
  });
});

describe('sensorthings observations', () => {
  const withDatastream = (id = 1) =>
    http.get(`${TORONTO}/Datastreams(${id})`, ({ request }) => {
      expect(new URL(request.url).searchParams.get('$expand')).toBe('ObservedProperty');
      return HttpResponse.json({ ...ovenDatastream, '@iot.id': id, ObservedProperty: dewPoint });
    });

  it('maps Observations with their Datastream unit and property, following @iot.nextLink to the end', async () => {
    const asked: string[] = [];
    server.use(
      withDatastream(),
      http.get(`${TORONTO}/Datastreams(1)/Observations`, ({ request }) => {
        asked.push(request.url);
        return HttpResponse.json(observationsPage);
      }),
      // The extract's next link (`http://…/Observations?$top=100&$skip=100`), taken over https
      // like the configured base; the last page has no next link.
      http.get(`${TORONTO}/Observations`, ({ request }) => {
        asked.push(request.url);
        return HttpResponse.json({ value: [] });
      }),
    );
    const { records, report } = await sta({ baseUrl: TORONTO })
      .observations({ datastream: 1, orderby: 'phenomenonTime desc' })
      .collect();
    expect(asked).toEqual([
      `${TORONTO}/Datastreams(1)/Observations?%24top=100&%24orderby=phenomenonTime+desc`,
      `${TORONTO}/Observations?$top=100&$skip=100`,
    ]);
    expect(report).toMatchObject({ received: 2, mapped: 2, pages: 2, complete: true });
    const first = records[0] as TwinRecordOf<'Observation'>;
    expect(first.id).toBe(
      'urn:ldntwin:observation:sensorthings.toronto-bike-snapshot.sensorup.com:Observations(1595550)',
    );
    expect(first.time).toEqual({ timestamp: '2017-02-16T21:55:12.841Z' });
    expect(first.properties.observedAt).toBe('2017-02-16T21:55:12.841Z');
    expect(first.properties.attributes).toEqual({
      datastream: 'urn:ldntwin:sensor:sensorthings.toronto-bike-snapshot.sensorup.com:Datastreams(1)',
      observedProperty: 'http://dbpedia.org/page/Dew_point',
      observedPropertyName: 'DewPoint Temperature',
      unitOfMeasurement: {
        name: 'degree Celsius',
        symbol: '°C',
        definition: 'http://unitsofmeasure.org/ucum.html#para-30',
      },
      // A string result stays a string ("7" on this server); resultTime null is left out.
      result: '7',
      phenomenonTime: '2017-02-16T21:55:12.841Z',
    });
    expect((records[1] as TwinRecordOf<'Observation'>).properties.attributes.result).toBe('4');
    expect(first.properties.access).toEqual({ classification: 'open' });
  });

  it('keeps numeric, null and structured results, interval times and parameters', async () => {
    const [a] = observationsPage.value;
    server.use(
      withDatastream(),
      http.get(`${TORONTO}/Datastreams(1)/Observations`, () =>
        HttpResponse.json({
          value: [
            {
              ...a,
              '@iot.id': 1,
              result: 0.59,
              resultQuality: { level: 'ok' },
              parameters: { sensorTemp: 21 },
            },
            { ...a, '@iot.id': 2, result: null },
            {
              ...a,
              '@iot.id': 3,
              result: { count: 7 },
              phenomenonTime: '2017-02-16T21:00:00Z/2017-02-16T22:00:00Z',
            },
          ],
        }),
      ),
    );
    const { records } = await sta({ baseUrl: TORONTO }).observations({ datastream: 1 }).collect();
    const [num, none, obj] = records as TwinRecordOf<'Observation'>[];
    expect(num?.properties.attributes).toMatchObject({
      result: 0.59,
      resultQuality: '{"level":"ok"}',
      parameters: { sensorTemp: '21' },
    });
    expect(none?.properties.attributes).toMatchObject({ result: null, resultQuality: 'no result' });
    expect(obj?.properties.attributes.result).toBe('{"count":7}');
    expect(obj?.time).toEqual({ interval: ['2017-02-16T21:00:00Z', '2017-02-16T22:00:00Z'] });
    expect(obj?.properties.observedAt).toBe('2017-02-16T21:00:00Z');
  });

  it('reports malformed Observations while the rest arrive', async () => {
    const [a, b] = observationsPage.value;
    const { phenomenonTime: _t, ...noTime } = a;
    server.use(
      withDatastream(),
      http.get(`${TORONTO}/Datastreams(1)/Observations`, () =>
        HttpResponse.json({ value: [noTime, { ...b, phenomenonTime: 'yesterday' }, b] }),
      ),
    );
    const { records, report } = await sta({ baseUrl: TORONTO }).observations({ datastream: 1 }).collect();
    expect(records.map((r) => r.properties.provenance.sourceId)).toEqual(['Observations(1595551)']);
    expect(report).toMatchObject({ received: 3, mapped: 1, failed: 2 });
    expect(report.issues.map((i) => [i.index, i.stage])).toEqual([
      [0, 'parse'],
      [1, 'validate'],
    ]);
    expect(report.issues[0]?.path).toBe('phenomenonTime');
  });

  it('does not follow a next link to another host', async () => {
    server.use(
      withDatastream(),
      http.get(`${TORONTO}/Datastreams(1)/Observations`, () =>
        HttpResponse.json({
          ...observationsPage,
          '@iot.nextLink': 'https://elsewhere.example/v1.0/Observations?$skip=100',
        }),
      ),
    );
    const error = await sta({ baseUrl: TORONTO })
      .observations({ datastream: 1 })
      .collect()
      .catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
    expect(String(error)).toMatch(/leaves toronto-bike-snapshot.sensorup.com for elsewhere.example/);
  });

  it('ends with a PagingError when a next link points back to a page already read', async () => {
    server.use(
      withDatastream(),
      http.get(`${TORONTO}/Datastreams(1)/Observations`, ({ request }) =>
        HttpResponse.json({ ...observationsPage, '@iot.nextLink': request.url }),
      ),
    );
    const error = await sta({ baseUrl: TORONTO })
      .observations({ datastream: 1 })
      .collect()
      .catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
  });
});

describe('sensorthings credentials', () => {
  it('sends them, labels records official by default, and never shows them in errors or logs', async () => {
    const lines: string[] = [];
    const log = (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${message} ${JSON.stringify(fields)}`);
    const seen: string[] = [];
    server.use(
      http.get(`${EXAMPLE}/Things`, ({ request }) => {
        const url = new URL(request.url);
        seen.push(url.searchParams.get('api_key') ?? '');
        if (url.searchParams.get('$skip') === '1') {
          return HttpResponse.json({ message: 'key sekret-123 expired' }, { status: 401 });
        }
        return HttpResponse.json({
          value: [oven],
          '@iot.nextLink': `${EXAMPLE}/Things?$skip=1&api_key=sekret-123`,
        });
      }),
    );
    const stream = sta(
      { baseUrl: EXAMPLE, auth: { type: 'query', name: 'api_key', value: 'sekret-123' } },
      { logger: { debug: log, info: log, warn: log, error: log } },
    ).things({});
    const records: TwinRecordOf<'Sensor'>[] = [];
    const error = await (async () => {
      for await (const record of stream) records.push(record);
    })().catch((e: unknown) => e);
    expect(seen[0]).toBe('sekret-123');
    expect(records[0]?.properties.access).toEqual({ classification: 'official' });
    expect(isHttpError(error) && error.status).toBe(401);
    expect(lines.length).toBeGreaterThan(0);
    const shown = [String(error), JSON.stringify(error), (error as Error).stack ?? '', ...lines].join('\n');
    expect(shown).not.toContain('sekret-123');
  });
});

describe('sensorthings conformance', () => {
  it('passes validateConnector on the recorded responses', async () => {
    server.use(
      http.get(`${TORONTO}/Things`, () => HttpResponse.json({ value: [{ ...oven, Locations: [ccit] }] })),
      http.get(`${TORONTO}/Datastreams`, () =>
        HttpResponse.json({ value: [{ ...ovenDatastream, ObservedProperty: dewPoint }] }),
      ),
      withDatastreamFor(1),
      http.get(`${TORONTO}/Datastreams(1)/Observations`, () => HttpResponse.json(observationsPage)),
      http.get(`${TORONTO}/Observations`, () => HttpResponse.json({ value: [] })),
      http.get(`${TORONTO}/Datastreams(9)`, () =>
        HttpResponse.json({ message: 'Nothing found.' }, { status: 404 }),
      ),
    );
    const result = await validateConnector(sensorThings, {
      client: client(),
      config: { baseUrl: TORONTO, licence: OGL },
      cases: [
        { operation: 'things', params: {} },
        { operation: 'datastreams', params: {} },
        { operation: 'observations', params: { datastream: 1 }, minRecords: 2 },
        { operation: 'observations', params: { datastream: 9 }, expectError: true },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([1, 1, 2, 0]);
  });
});

function withDatastreamFor(id: number) {
  return http.get(`${TORONTO}/Datastreams(${id})`, () =>
    HttpResponse.json({ ...ovenDatastream, '@iot.id': id, ObservedProperty: dewPoint }),
  );
}
