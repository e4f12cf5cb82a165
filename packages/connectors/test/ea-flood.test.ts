import { readFileSync } from 'node:fs';
import { eaFlood } from '@ldn-twin/connectors/ea-flood';
import {
  BNG_CRS,
  connect,
  createClient,
  isSchemaError,
  type TwinRecordOf,
  zonelessToUtc,
} from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (name: string): Record<string, unknown> & { items: Record<string, unknown>[] } =>
  JSON.parse(readFileSync(new URL(`./fixtures/ea-flood/${name}`, import.meta.url), 'utf8'));

/** Real responses (see fixtures/ea-flood/SOURCES.md). */
const warnings = fixture('ea-flood-warnings.json');
const stations = fixture('ea-stations.json');
const readingsBody = fixture('ea-readings.json');
const [alertItem, warningItem] = warnings.items as [Record<string, unknown>, Record<string, unknown>];
const station = stations.items[0] as Record<string, unknown> & { measures: { '@id': string }[] };
/** The single-item form of a URI: the same envelope with `items` an OBJECT (the quirk). */
const single = (body: Record<string, unknown>, item: unknown) => ({ ...body, items: item });

const BASE = 'https://environment.data.gov.uk/flood-monitoring';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const flood = (config?: { zonelessTimes?: 'UTC' | 'Europe/London' }) =>
  connect(eaFlood, { client: createClient({ cache: false }), ...(config ? { config } : {}) });
const ATTRIBUTION =
  'this uses Environment Agency flood and river level data from the real-time data API (Beta)';

describe('ea-flood floodWarnings', () => {
  it('asks with min-severity, county, lat, long and dist and maps every warning to an Alert', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/id/floods`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(warnings);
      }),
    );
    const { records, report } = await flood()
      .floodWarnings({
        minSeverity: 3,
        county: 'North Yorkshire',
        near: { lat: 53.96, long: -1.08, distKm: 25 },
      })
      .collect();
    expect(Object.fromEntries(asked?.searchParams ?? [])).toEqual({
      'min-severity': '3',
      county: 'North Yorkshire',
      lat: '53.96',
      long: '-1.08',
      dist: '25',
    });
    expect(report).toMatchObject({ received: 2, mapped: 2, failed: 0, complete: true });
    const [alert, warning] = records as [TwinRecordOf<'Alert'>, TwinRecordOf<'Alert'>];
    expect(alert.id).toBe('urn:ldntwin:alert:ea-flood:93487');
    expect(alert.properties.attributes).toMatchObject({
      severity: 'Flood Alert',
      severityLevel: 3,
      area: '122WAF946',
      areaDescription: 'Upper River Ouse',
      operatorArea: 'Yorkshire',
      operatorRegion: 'North East',
      isTidal: false,
      // Zoneless upstream times, read as UTC (the default).
      raisedAt: '2015-12-10T14:14:00Z',
      severityChangedAt: '2015-11-29T11:06:00Z',
      messageChangedAt: '2015-12-10T14:14:00Z',
    });
    expect(alert.properties.attributes.message).toMatch(/^This flood alert remains in force/);
    expect(alert.properties.attributes.extra).toMatchObject({
      county: 'North Yorkshire, City of York',
      polygon: 'https://environment.data.gov.uk/flood-monitoring/id/floodAreas/122WAF946/polygon',
    });
    // The warning's flood area, as a relation and an identifier.
    expect(alert.properties.relations).toEqual([
      { rel: 'affects', target: 'urn:ldntwin:administrative-area:ea-flood-area:122WAF946' },
    ]);
    expect(alert.properties.identifiers).toContainEqual({
      scheme: 'other',
      value: '122WAF946',
      issuer: 'Environment Agency flood area',
    });
    expect(alert.properties.validFrom).toBe('2015-12-10T14:14:00Z');
    expect(alert.geometry).toBeNull(); // the list form's flood area has no centre
    expect(alert.properties.locationPrecision).toBe('none');
    expect(warning.properties.attributes).toMatchObject({ severity: 'Flood Warning', severityLevel: 2 });
    expect(warning.properties.name).toBe('Flood Warning: River Ouse at Naburn Lock');
    expect(alert.properties.licence).toEqual({
      id: 'OGL-UK-3.0',
      url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      attribution: [ATTRIBUTION],
    });
    // Open, under the OGL v3 policy its licence names.
    expect(alert.properties.access).toEqual({
      classification: 'open',
      policies: ['https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/'],
    });
  });

  it('reports a warning with a missing or malformed field while the rest arrive', async () => {
    const { floodAreaID: _dropped, ...noArea } = alertItem;
    server.use(
      http.get(`${BASE}/id/floods`, () =>
        HttpResponse.json({
          ...warnings,
          items: [
            noArea,
            { ...warningItem, severityLevel: 'two' },
            warningItem,
            { ...warningItem, timeRaised: 'soon' },
          ],
        }),
      ),
    );
    const { records, report } = await flood().floodWarnings({}).collect();
    expect(records.map((r) => r.id)).toEqual(['urn:ldntwin:alert:ea-flood:93504']);
    expect(report).toMatchObject({ received: 4, mapped: 1, failed: 3 });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [0, 'parse', 'floodAreaID'],
      [1, 'parse', 'severityLevel'],
      [3, 'map', undefined],
    ]);
    expect(report.issues[2]?.message).toMatch(/not a date-time: "soon"/);
    expect(report.issues[1]?.raw).toMatchObject({ severityLevel: 'two' });
  });

  it('fails the run with a SchemaError when the envelope has no items', async () => {
    server.use(http.get(`${BASE}/id/floods`, () => HttpResponse.json({ meta: warnings.meta })));
    const error = await flood()
      .floodWarnings({})
      .collect()
      .catch((e: unknown) => e);
    expect(isSchemaError(error)).toBe(true);
  });
});

describe('ea-flood single items: `items` is an object, not an array', () => {
  it('maps /id/floods/{id} whose items is one object', async () => {
    server.use(http.get(`${BASE}/id/floods/93504`, () => HttpResponse.json(single(warnings, warningItem))));
    const { records, report } = await flood().floodWarning({ id: '93504' }).collect();
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0 });
    expect(records.map((r) => r.id)).toEqual(['urn:ldntwin:alert:ea-flood:93504']);
  });

  it('maps the same item alike in either form', async () => {
    server.use(
      http.get(`${BASE}/id/floods/93504`, () => HttpResponse.json(single(warnings, warningItem))),
      http.get(`${BASE}/id/floods`, () => HttpResponse.json({ ...warnings, items: [warningItem] })),
    );
    const one = await flood().floodWarning({ id: '93504' }).collect();
    const list = await flood().floodWarnings({}).collect();
    const strip = (r: TwinRecordOf<'Alert'>) => ({ ...r, properties: { ...r.properties, provenance: {} } });
    expect(strip(one.records[0]!)).toEqual(strip(list.records[0]!));
  });

  it('maps /id/floodAreas/{code} whose items is one object', async () => {
    server.use(
      http.get(`${BASE}/id/floodAreas/122FWF723`, () =>
        HttpResponse.json(single(warnings, warningItem.floodArea)),
      ),
    );
    const { records } = await flood().floodArea({ code: '122FWF723' }).collect();
    expect(records).toHaveLength(1);
    expect(records[0]?.id).toBe('urn:ldntwin:administrative-area:ea-flood-area:122FWF723');
  });
});

describe('ea-flood zoneless times', () => {
  it('reads them as UTC by default and as UK local time when configured', () => {
    expect(zonelessToUtc('2015-12-10T14:14:00', 'UTC')).toBe('2015-12-10T14:14:00Z');
    expect(zonelessToUtc('2015-12-10T14:14:00', 'Europe/London')).toBe('2015-12-10T14:14:00Z'); // GMT
    expect(zonelessToUtc('2015-07-10T14:14:00', 'Europe/London')).toBe('2015-07-10T13:14:00Z'); // BST
    expect(zonelessToUtc('2017-07-05T05:15:00Z', 'Europe/London')).toBe('2017-07-05T05:15:00Z');
    expect(() => zonelessToUtc('10/12/2015 14:14', 'UTC')).toThrow(/not a date-time/);
  });

  it('applies the configured zone to warning times', async () => {
    server.use(http.get(`${BASE}/id/floods/93504`, () => HttpResponse.json(single(warnings, warningItem))));
    const { records } = await flood({ zonelessTimes: 'Europe/London' })
      .floodWarning({ id: '93504' })
      .collect();
    // December: UK local time is GMT, so the instant is the same.
    expect(records[0]?.properties.attributes.raisedAt).toBe('2015-12-10T14:22:00Z');
  });
});

describe('ea-flood floodAreas', () => {
  it('asks near a point and maps each area to an AdministrativeArea', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/id/floodAreas`, ({ request }) => {
        asked = new URL(request.url);
        // The flood areas of the real warnings, as a collection.
        return HttpResponse.json({ ...warnings, items: warnings.items.map((i) => i.floodArea) });
      }),
    );
    const { records } = await flood().floodAreas({ lat: 53.96, long: -1.08, distKm: 10 }).collect();
    expect(asked?.searchParams.get('dist')).toBe('10');
    const area = records[0] as TwinRecordOf<'AdministrativeArea'>;
    expect(area.id).toBe('urn:ldntwin:administrative-area:ea-flood-area:122WAF946');
    expect(area.properties.attributes).toEqual({
      areaType: 'other',
      code: '122WAF946',
      dataset: 'ea-flood-areas',
      extra: {
        county: 'North Yorkshire, City of York',
        riverOrSea: 'River Ouse, Burdyke, Holgate Beck, Blue Beck, River Foss, The Fleet',
        polygon: 'https://environment.data.gov.uk/flood-monitoring/id/floodAreas/122WAF946/polygon',
      },
    });
    // The warning's relation points at this record.
    expect(records.map((r) => r.id)).toContain('urn:ldntwin:administrative-area:ea-flood-area:122FWF723');
  });
});

describe('ea-flood stationsNear', () => {
  it('maps a station to a Sensor with WGS 84 geometry and its native BNG place', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/id/stations`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(stations);
      }),
    );
    const { records } = await flood()
      .stationsNear({ lat: 51.25, long: 1.03, distKm: 5, parameter: 'level' })
      .collect();
    expect(Object.fromEntries(asked?.searchParams ?? [])).toEqual({
      lat: '51.25',
      long: '1.03',
      dist: '5',
      parameter: 'level',
    });
    const sensor = records[0] as TwinRecordOf<'Sensor'>;
    expect(sensor.id).toBe('urn:ldntwin:sensor:ea-flood:E3951');
    expect(sensor.geometry).toEqual({ type: 'Point', coordinates: [1.030079, 51.257785] });
    expect(sensor.place).toEqual({ type: 'Point', coordinates: [611520, 155320] });
    expect(sensor.coordRefSys).toBe(BNG_CRS);
    expect(sensor.properties.name).toBe('Horton weir');
    expect(sensor.properties.identifiers.map((i) => i.value)).toEqual(['E3951', '1135', '654400001']);
    expect(sensor.properties.attributes).toMatchObject({
      observedProperties: ['level'],
      datastreams: [
        'https://environment.data.gov.uk/flood-monitoring/id/measures/E3951-level-stage-i-15_min-mASD',
      ],
      status: 'statusActive',
      openedAt: '1967-01-01',
      extra: { riverName: 'Great Stour', town: 'Chartham', RLOIid: '1135' },
    });
  });

  it('maps a station without measures, with one measure as a bare object, or with stageScale expanded', async () => {
    const { measures, ...noMeasures } = station;
    // `_view=full` expands stageScale into an object (keys per the fixture notes); only a URI is kept.
    const expanded = { ...station, stageScale: { typicalRangeHigh: 1.2, typicalRangeLow: 0.3 } };
    server.use(
      http.get(`${BASE}/id/stations`, () =>
        HttpResponse.json({
          ...stations,
          items: [noMeasures, { ...station, measures: measures[0] }, expanded],
        }),
      ),
    );
    const { records, report } = await flood().stationsNear({ lat: 51.25, long: 1.03, distKm: 5 }).collect();
    expect(report.failed).toBe(0);
    const sensors = records as TwinRecordOf<'Sensor'>[];
    expect(sensors.map((r) => r.properties.attributes.datastreams?.length)).toEqual([0, 1, 1]);
    expect(sensors[1]?.properties.attributes.extra?.stageScale).toMatch(/\/stations\/E3951\/stageScale$/);
    expect(sensors[2]?.properties.attributes.extra?.stageScale).toBeUndefined();
  });
});

describe('ea-flood readings', () => {
  const reading = readingsBody.items[0] as Record<string, unknown>;
  const levelMeasure = station.measures[0]!['@id'];

  it('asks with the bare ?latest flag and maps readings with an expanded measure', async () => {
    let asked: string | undefined;
    server.use(
      http.get(`${BASE}/id/stations/E7050`, () =>
        HttpResponse.json(single(stations, { ...station, measures: [] })),
      ),
      http.get(`${BASE}/id/stations/E7050/readings`, ({ request }) => {
        asked = request.url;
        return HttpResponse.json(readingsBody);
      }),
    );
    const { records, report } = await flood().latestReadings({ station: 'E7050' }).collect();
    expect(asked).toBe(`${BASE}/id/stations/E7050/readings?latest`);
    expect(report).toMatchObject({ received: 1, mapped: 1, pages: 2 });
    const observation = records[0] as TwinRecordOf<'Observation'>;
    expect(observation.id).toBe(
      'urn:ldntwin:observation:ea-flood:E7050-rainfall-tipping_bucket_raingauge-t-15_min-mm%2F2017-07-05T05%3A15%3A00Z',
    );
    expect(observation.properties.attributes).toEqual({
      datastream:
        'https://environment.data.gov.uk/flood-monitoring/id/measures/E7050-rainfall-tipping_bucket_raingauge-t-15_min-mm',
      observedProperty: 'urn:ldntwin:property:ea-flood:rainfall',
      unitOfMeasurement: { name: 'mm', symbol: 'mm', definition: 'http://unitsofmeasure.org/ucum.html#mm' },
      result: 0,
      phenomenonTime: '2017-07-05T05:15:00Z',
      parameters: {
        parameter: 'rainfall',
        qualifier: 'Tipping Bucket Raingauge',
        valueType: 'total',
        periodSeconds: '900',
      },
    });
    expect(observation.properties.relations).toEqual([
      { rel: 'observes', target: 'urn:ldntwin:sensor:ea-flood:E7050' },
    ]);
    expect(observation.properties.provenance.method).toBe('measured');
    // Rainfall data carries the EA's rainfall statement, not the flood one.
    expect(observation.properties.licence.attribution).toEqual([
      'This uses Environment Agency rainfall data from the real-time data API (Beta)',
    ]);
  });

  it("gives a default-view reading (measure as a URI) the station's measure, and reports an unknown one", async () => {
    server.use(
      http.get(`${BASE}/id/stations/E3951`, () => HttpResponse.json(single(stations, station))),
      http.get(`${BASE}/id/stations/E3951/readings`, ({ request }) => {
        const url = new URL(request.url);
        expect(url.searchParams.get('since')).toBe('2017-07-05T00:00:00Z');
        expect(url.searchParams.get('_limit')).toBe('2');
        return HttpResponse.json({
          ...readingsBody,
          items: [
            { ...reading, measure: levelMeasure, value: 1.234 },
            { ...reading, measure: `${levelMeasure}-nope` },
          ],
        });
      }),
    );
    const { records, report } = await flood()
      .readings({ station: 'E3951', since: '2017-07-05T00:00:00Z', limit: 2 })
      .collect();
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(report.issues[0]).toMatchObject({
      stage: 'map',
      message: expect.stringMatching(/unknown measure/),
    });
    const attributes = (records[0] as TwinRecordOf<'Observation'>).properties.attributes;
    expect(attributes.unitOfMeasurement).toEqual({
      name: 'mASD',
      symbol: 'mASD',
      definition: 'http://unitsofmeasure.org/ucum.html#m{ASD}',
    });
    expect(attributes.observedPropertyName).toBe('Water Level');
    expect(attributes.result).toBe(1.234);
    expect(records[0]?.properties.licence.attribution).toEqual([ATTRIBUTION]);
  });

  it('gives a rain gauge station the rainfall statement, a mixed one both, a level one the flood one', async () => {
    const rainfallMeasure = (readingsBody.items[0] as { measure: Record<string, unknown> }).measure;
    server.use(
      http.get(`${BASE}/id/stations`, () =>
        HttpResponse.json({
          ...stations,
          items: [
            station,
            { ...station, stationReference: 'E7050', notation: 'E7050', measures: [rainfallMeasure] },
            {
              ...station,
              stationReference: 'E7051',
              notation: 'E7051',
              measures: [...station.measures, rainfallMeasure],
            },
          ],
        }),
      ),
    );
    const { records } = await flood().stationsNear({ lat: 51.25, long: 1.03, distKm: 5 }).collect();
    const rainfall = 'This uses Environment Agency rainfall data from the real-time data API (Beta)';
    expect(records.map((r) => r.properties.licence.attribution)).toEqual([
      [ATTRIBUTION],
      [rainfall],
      [ATTRIBUTION, rainfall],
    ]);
  });
});

describe('ea-flood allLatestReadings', () => {
  const reading = readingsBody.items[0] as Record<string, unknown>;

  it('asks /data/readings with the bare ?latest flag, _view=full and a parameter, and maps the recorded readings', async () => {
    let asked: string | undefined;
    server.use(
      http.get(`${BASE}/data/readings`, ({ request }) => {
        asked = request.url;
        // The recorded /data/readings body (parameter=rainfall, _view=full).
        return HttpResponse.json(readingsBody);
      }),
    );
    const { records, report } = await flood().allLatestReadings({ parameter: 'rainfall' }).collect();
    expect(asked).toBe(`${BASE}/data/readings?latest&_view=full&parameter=rainfall`);
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, pages: 1 });
    const observation = records[0] as TwinRecordOf<'Observation'>;
    expect(observation.properties.attributes).toMatchObject({
      observedProperty: 'urn:ldntwin:property:ea-flood:rainfall',
      result: 0,
      phenomenonTime: '2017-07-05T05:15:00Z',
      unitOfMeasurement: { symbol: 'mm' },
    });
    expect(observation.properties.relations).toEqual([
      { rel: 'observes', target: 'urn:ldntwin:sensor:ea-flood:E7050' },
    ]);
  });

  it('asks for every parameter when none is given, and reports a reading whose measure is not expanded', async () => {
    let asked: string | undefined;
    server.use(
      http.get(`${BASE}/data/readings`, ({ request }) => {
        asked = request.url;
        return HttpResponse.json({
          ...readingsBody,
          items: [reading, { ...reading, measure: (reading.measure as { '@id': string })['@id'] }],
        });
      }),
    );
    const { records, report } = await flood().allLatestReadings({}).collect();
    expect(asked).toBe(`${BASE}/data/readings?latest&_view=full`);
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(records).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ stage: 'map', message: expect.stringMatching(/not expanded/) });
  });

  it('refuses a parameter that is not a name', () => {
    expect(() => flood().allLatestReadings({ parameter: 'rain&x=1' })).toThrow(/parameter/);
  });
});

describe('ea-flood conformance', () => {
  it('passes validateConnector on the recorded responses', async () => {
    server.use(
      http.get(`${BASE}/id/floods`, () => HttpResponse.json(warnings)),
      http.get(`${BASE}/id/floods/93504`, () => HttpResponse.json(single(warnings, warningItem))),
      http.get(`${BASE}/id/floods/1`, () => HttpResponse.json({ error: 'not found' }, { status: 404 })),
      http.get(`${BASE}/id/floodAreas`, () =>
        HttpResponse.json({ ...warnings, items: warnings.items.map((i) => i.floodArea) }),
      ),
      http.get(`${BASE}/id/floodAreas/122FWF723`, () =>
        HttpResponse.json(single(warnings, warningItem.floodArea)),
      ),
      http.get(`${BASE}/id/stations`, () => HttpResponse.json(stations)),
      http.get(`${BASE}/id/stations/E7050`, () => HttpResponse.json(single(stations, station))),
      http.get(`${BASE}/id/stations/E7050/readings`, () => HttpResponse.json(readingsBody)),
      http.get(`${BASE}/data/readings`, () => HttpResponse.json(readingsBody)),
    );
    const near = { lat: 51.25, long: 1.03, distKm: 5 };
    const result = await validateConnector(eaFlood, {
      client: createClient({ cache: false }),
      cases: [
        { operation: 'floodWarnings', params: {}, minRecords: 2 },
        { operation: 'floodWarning', params: { id: '93504' } },
        { operation: 'floodWarning', params: { id: '1' }, expectError: true },
        { operation: 'floodAreas', params: near, minRecords: 2 },
        { operation: 'floodArea', params: { code: '122FWF723' } },
        { operation: 'stationsNear', params: near },
        { operation: 'latestReadings', params: { station: 'E7050' } },
        { operation: 'allLatestReadings', params: { parameter: 'rainfall' } },
        { operation: 'readings', params: { station: 'E7050', since: '2017-07-05T00:00:00Z' } },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([2, 1, 0, 2, 1, 1, 1, 1, 1]);
  });
});
