import { readFileSync } from 'node:fs';
import { laqn } from '@ldn-twin/connectors/laqn';
import { connect, createClient, isSchemaError, type TwinRecordOf } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: fixtures are reshaped freely in tests
type Json = any;
const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`./fixtures/laqn/${name}`, import.meta.url), 'utf8'));

/** Real responses (see fixtures/laqn/SOURCES.md). */
const sites = fixture('laqn-monitoring-sites.json');
const index = fixture('laqn-hourly-monitoring-index.json');
const data = fixture('laqn-data-sitespecies.json');
/** Documented shape only: a client's test mock of the daily index (see fixtures/laqn/SOURCES.md). */
const daily = fixture('laqn-daily-monitoring-index.json');
/**
 * The site species listing has no recorded response: this body follows the keys the field guide
 * gives from client code (`@SiteCode`, `Species` with `@SpeciesCode`, `@DateMeasurementStarted`,
 * `@DateMeasurementFinished`), under the same `Sites.Site` wrapper as the sites listing.
 */
const siteSpecies = {
  Sites: {
    Site: {
      '@SiteCode': 'ME9',
      Species: [
        {
          '@SpeciesCode': 'NO2',
          '@DateMeasurementStarted': '2017-01-27 00:00:00',
          '@DateMeasurementFinished': '',
        },
        {
          '@SpeciesCode': 'PM10',
          '@DateMeasurementStarted': '2017-01-27 00:00:00',
          '@DateMeasurementFinished': '2019-06-01 00:00:00',
        },
      ],
    },
  },
};

const BASE = 'https://api.erg.ic.ac.uk/AirQuality';
const SITES = `${BASE}/Information/MonitoringSites/GroupName=London/Json`;
const SITE_SPECIES = `${BASE}/Information/MonitoringSiteSpecies/GroupName=London/Json`;
const INDEX = `${BASE}/Hourly/MonitoringIndex/GroupName=London/Json`;
const MY1_NO = `${BASE}/Data/SiteSpecies/SiteCode=MY1/SpeciesCode=NO/StartDate=2022-12-10/EndDate=2022-12-11/Json`;
const DAILY = `${BASE}/Daily/MonitoringIndex/Latest/GroupName=London/Json`;
const MY1_ALL = `${BASE}/Data/Site/SiteCode=MY1/StartDate=2022-12-10/EndDate=2022-12-11/Json`;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const air = (config?: Record<string, unknown>) =>
  connect(laqn, { client: createClient({ cache: false }), ...(config ? { config } : {}) });
const range = { startDate: '2022-12-10', endDate: '2022-12-11' };
const ATTRIBUTION =
  'This information has been obtained from the Environmental Research Group of Kings College London (http://www.erg.kcl.ac.uk), using data from the London Air Quality Network (http://www.londonair.org.uk). This information is licensed under the terms of the Open Government Licence.';

describe('laqn monitoringSites', () => {
  it('maps each site to a Sensor with its species, reading degrees and not the *WGS84 metres', async () => {
    server.use(
      http.get(SITES, () => HttpResponse.json(sites)),
      http.get(SITE_SPECIES, () => HttpResponse.json(siteSpecies)),
    );
    const { records, report } = await air().monitoringSites({}).collect();
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, complete: true });
    const sensor = records[0] as TwinRecordOf<'Sensor'>;
    expect(sensor.id).toBe('urn:ldntwin:sensor:laqn:ME9');
    expect(sensor.properties.name).toBe('Merton - Morden Civic Centre 2');
    expect(sensor.geometry).toEqual({ type: 'Point', coordinates: [-0.19589212, 51.40162] });
    expect(sensor.properties.locationPrecision).toBe('exact');
    expect(sensor.properties.validFrom).toBe('2017-01-27T00:00:00Z'); // GMT, no zone upstream
    expect(sensor.properties.validTo).toBeUndefined(); // "@DateClosed": "" is an open site
    expect(sensor.time).toEqual({ interval: ['2017-01-27T00:00:00Z', '..'] });
    expect(sensor.properties.attributes).toEqual({
      sensorType: 'air-quality',
      observedProperties: ['NO2', 'PM10'],
      datastreams: ['urn:ldntwin:sensor:laqn:ME9/NO2', 'urn:ldntwin:sensor:laqn:ME9/PM10'],
      operator: "King's College London",
      owner: 'Merton',
      status: 'open',
      siteType: 'Roadside',
      openedAt: '2017-01-27T00:00:00Z',
      extra: {
        localAuthorityCode: '24',
        localAuthorityName: 'Merton',
        siteLink: 'http://www.londonair.org.uk/london/asp/publicdetails.asp?site=ME9',
        finishedSpecies: 'PM10',
      },
    });
    expect(sensor.properties.licence).toEqual({
      id: 'OGL-UK-2.0',
      url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/',
      attribution: [ATTRIBUTION],
    });
  });

  it('reads `Site` as one object, and skips the species request when not asked', async () => {
    let speciesAsked = false;
    server.use(
      http.get(SITES, () => HttpResponse.json({ Sites: { Site: sites.Sites.Site[0] } })),
      http.get(SITE_SPECIES, () => {
        speciesAsked = true;
        return HttpResponse.json(siteSpecies);
      }),
    );
    const { records } = await air().monitoringSites({ withSpecies: false }).collect();
    expect(speciesAsked).toBe(false);
    expect(records.map((r) => r.id)).toEqual(['urn:ldntwin:sensor:laqn:ME9']);
    expect((records[0] as TwinRecordOf<'Sensor'>).properties.attributes.observedProperties).toBeUndefined();
  });

  it('maps a closed site with its closing date, and reports a site without a code', async () => {
    const me9 = sites.Sites.Site[0];
    const { '@SiteCode': _code, ...noCode } = me9;
    server.use(
      http.get(SITES, () =>
        HttpResponse.json({ Sites: { Site: [noCode, { ...me9, '@DateClosed': '2020-03-31 00:00:00' }] } }),
      ),
    );
    const { records, report } = await air().monitoringSites({ withSpecies: false }).collect();
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(report.issues[0]).toMatchObject({ index: 0, stage: 'parse', path: '@SiteCode' });
    const closed = records[0] as TwinRecordOf<'Sensor'>;
    expect(closed.properties.validTo).toBe('2020-03-31T00:00:00Z');
    expect(closed.properties.attributes).toMatchObject({
      status: 'closed',
      closedAt: '2020-03-31T00:00:00Z',
    });
  });
});

describe('laqn hourlyIndex', () => {
  it('maps the index of each species at each site, including an authority with no Site', async () => {
    server.use(http.get(INDEX, () => HttpResponse.json(index)));
    const { records, report } = await air().hourlyIndex({}).collect();
    // City of London has no `Site` key: nothing to report, nothing failed.
    expect(report).toMatchObject({ received: 2, mapped: 2, failed: 0, records: 2 });
    const me2 = records[0] as TwinRecordOf<'Observation'>;
    expect(me2.id).toBe('urn:ldntwin:observation:laqn-index:ME2%2FPM10%2F2017-08-03T03%3A00%3A00Z');
    expect(me2.geometry).toEqual({ type: 'Point', coordinates: [-0.192230805042824, 51.4161384794862] });
    expect(me2.properties.observedAt).toBe('2017-08-03T03:00:00Z');
    expect(me2.properties.relations).toEqual([{ rel: 'observes', target: 'urn:ldntwin:sensor:laqn:ME2' }]);
    expect(me2.properties.provenance.method).toBe('derived');
    expect(me2.properties.attributes).toEqual({
      datastream: 'urn:ldntwin:sensor:laqn:ME2/PM10/index',
      observedProperty: 'urn:ldntwin:property:laqn-index:PM10',
      observedPropertyName: 'PM10 Particulate air quality index',
      unitOfMeasurement: {
        name: 'air quality index',
        symbol: 'index',
        definition: 'http://unitsofmeasure.org/ucum.html#{index}',
      },
      result: 2,
      phenomenonTime: '2017-08-03T03:00:00Z',
      parameters: { band: 'Low', indexSource: 'Trigger', siteType: 'Roadside', localAuthorityName: 'Merton' },
    });
    expect((records[1] as TwinRecordOf<'Observation'>).properties.attributes.result).toBe(1);
  });

  it('reads `Site` and `Species` as one object or an array, and "No data" as a null index', async () => {
    const merton = index.HourlyAirQualityIndex.LocalAuthority[1];
    const [me2, me9] = merton.Site;
    const noData = { ...me9.Species, '@AirQualityIndex': '', '@AirQualityBand': 'No data' };
    const body = {
      HourlyAirQualityIndex: {
        ...index.HourlyAirQualityIndex,
        LocalAuthority: [
          { ...merton, Site: me2 },
          { ...merton, Site: [{ ...me9, Species: [me9.Species, me2.Species, noData] }] },
        ],
      },
    };
    server.use(http.get(INDEX, () => HttpResponse.json(body)));
    const { records, report } = await air().hourlyIndex({}).collect();
    expect(report).toMatchObject({ received: 2, mapped: 2, records: 4 });
    const last = records[3] as TwinRecordOf<'Observation'>;
    expect(last.properties.attributes.result).toBeNull();
    expect(last.properties.attributes.resultQuality).toBe('no index reported (band: No data)');
  });

  it('reports a site whose bulletin date is not a GMT time', async () => {
    const merton = index.HourlyAirQualityIndex.LocalAuthority[1];
    const [me2, me9] = merton.Site;
    const body = {
      HourlyAirQualityIndex: {
        LocalAuthority: { ...merton, Site: [{ ...me2, '@BulletinDate': '03/08/2017 03:00' }, me9] },
      },
    };
    server.use(http.get(INDEX, () => HttpResponse.json(body)));
    const { records, report } = await air().hourlyIndex({}).collect();
    expect(records.map((r) => r.properties.relations[0]?.target)).toEqual(['urn:ldntwin:sensor:laqn:ME9']);
    expect(report.issues[0]).toMatchObject({ stage: 'parse', path: '@BulletinDate' });
  });
});

describe('laqn dailyIndex', () => {
  it('asks the latest daily index and maps each species at each site to its own datastream', async () => {
    server.use(http.get(DAILY, () => HttpResponse.json(daily)));
    const { records, report } = await air().dailyIndex({}).collect();
    // KC1 lists no Species: mapped to no records, not failed.
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0, records: 4 });
    const first = records[0] as TwinRecordOf<'Observation'>;
    expect(first.id).toBe('urn:ldntwin:observation:laqn-daily-index:BG2%2FNO2%2F2017-02-03T00%3A00%3A00Z');
    expect(first.properties.name).toBe('Barking and Dagenham - Scrattons Farm: Nitrogen Dioxide daily index');
    expect(first.properties.provenance).toMatchObject({
      dataset: 'daily-monitoring-index',
      method: 'derived',
    });
    expect(first.properties.attributes).toMatchObject({
      datastream: 'urn:ldntwin:sensor:laqn:BG2/NO2/daily-index',
      observedProperty: 'urn:ldntwin:property:laqn-daily-index:NO2',
      result: 1,
      phenomenonTime: '2017-02-03T00:00:00Z',
      parameters: {
        band: 'Low',
        indexSource: 'Measurement',
        siteType: 'Suburban',
        localAuthorityName: 'Barking and Dagenham',
      },
    });
    expect(records.map((r) => (r as TwinRecordOf<'Observation'>).properties.attributes.result)).toEqual([
      1, 2, 1, 2,
    ]);
    expect(records[3]?.properties.relations).toEqual([
      { rel: 'observes', target: 'urn:ldntwin:sensor:laqn:KC5' },
    ]);
  });

  it('asks one day by date', async () => {
    let asked: string | undefined;
    server.use(
      http.get(`${BASE}/Daily/MonitoringIndex/GroupName=London/Date=2017-02-03/Json`, ({ request }) => {
        asked = request.url;
        return HttpResponse.json(daily);
      }),
    );
    const { records } = await air().dailyIndex({ date: '2017-02-03' }).collect();
    expect(asked).toBe(`${BASE}/Daily/MonitoringIndex/GroupName=London/Date=2017-02-03/Json`);
    expect(records).toHaveLength(4);
  });

  it('gives a SchemaError for an hourly body where a daily one was expected', async () => {
    server.use(http.get(DAILY, () => HttpResponse.json(index)));
    const error = await air()
      .dailyIndex({})
      .collect()
      .catch((e: unknown) => e);
    expect(isSchemaError(error)).toBe(true);
  });
});

describe('laqn siteData', () => {
  it('maps the hourly measurements of a site and species, GMT times read as UTC', async () => {
    server.use(http.get(MY1_NO, () => HttpResponse.json(data)));
    const { records, report } = await air()
      .siteData({ site: 'MY1', species: 'NO', ...range })
      .collect();
    expect(report).toMatchObject({ received: 4, mapped: 4, failed: 0 });
    const observations = records as TwinRecordOf<'Observation'>[];
    expect(
      observations.map((o) => [o.properties.attributes.phenomenonTime, o.properties.attributes.result]),
    ).toEqual([
      ['2022-12-10T00:00:00Z', 111.4],
      ['2022-12-10T01:00:00Z', 82.8],
      ['2022-12-10T02:00:00Z', 69.9],
      ['2022-12-10T07:00:00Z', 77],
    ]);
    const first = observations[0]!;
    expect(first.id).toBe('urn:ldntwin:observation:laqn:MY1%2FNO%2F2022-12-10T00%3A00%3A00Z');
    expect(first.properties.attributes).toMatchObject({
      datastream: 'urn:ldntwin:sensor:laqn:MY1/NO',
      observedProperty: 'urn:ldntwin:property:laqn:NO',
      unitOfMeasurement: {
        name: 'microgram per cubic metre',
        symbol: 'µg/m³',
        definition: 'http://unitsofmeasure.org/ucum.html#ug/m3',
      },
    });
    expect(first.properties.provenance).toMatchObject({
      method: 'measured',
      sourceUrl: MY1_NO,
      connector: 'laqn',
    });
    expect(first.geometry).toBeNull();
  });

  it('turns an empty @Value into result null with a note, and reads `Data` as one object', async () => {
    const empty = { ...data.RawAQData.Data[1], '@Value': '' };
    server.use(http.get(MY1_NO, () => HttpResponse.json({ RawAQData: { ...data.RawAQData, Data: empty } })));
    const { records, report } = await air()
      .siteData({ site: 'MY1', species: 'NO', ...range })
      .collect();
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0 });
    const attributes = (records[0] as TwinRecordOf<'Observation'>).properties.attributes;
    expect(attributes.result).toBeNull();
    expect(attributes.resultQuality).toBe('no measurement (empty @Value)');
    expect(attributes.phenomenonTime).toBe('2022-12-10T01:00:00Z');
  });

  it('reports a malformed row while the rest arrive', async () => {
    const [a, b, c, d] = data.RawAQData.Data;
    const { '@MeasurementDateGMT': _t, ...noTime } = b;
    server.use(
      http.get(MY1_NO, () =>
        HttpResponse.json({
          RawAQData: { ...data.RawAQData, Data: [a, noTime, { ...c, '@Value': 'n/a' }, d] },
        }),
      ),
    );
    const { records, report } = await air()
      .siteData({ site: 'MY1', species: 'NO', ...range })
      .collect();
    expect(records).toHaveLength(2);
    expect(report).toMatchObject({ received: 4, mapped: 2, failed: 2 });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [1, 'parse', '@MeasurementDateGMT'],
      [2, 'parse', '@Value'],
    ]);
    expect(report.issues[1]?.raw).toMatchObject({ '@Value': 'n/a' });
  });

  it('reads all species of a site from /Data/Site, and applies configured units', async () => {
    // The /Data/Site shape is known from mocks only; these rows are the recorded MY1 rows with their species.
    const rows = data.RawAQData.Data.slice(0, 2).map((row: Json) => ({ '@SpeciesCode': 'NO', ...row }));
    rows.push({ ...data.RawAQData.Data[2], '@SpeciesCode': 'CO' });
    server.use(
      http.get(MY1_ALL, () => HttpResponse.json({ AirQualityData: { '@SiteCode': 'MY1', Data: rows } })),
    );
    const mg = {
      name: 'milligram per cubic metre',
      symbol: 'mg/m³',
      definition: 'http://unitsofmeasure.org/ucum.html#mg/m3',
    };
    const { records } = await air({ speciesUnits: { CO: mg } })
      .siteData({ site: 'MY1', ...range })
      .collect();
    const attributes = records.map((r) => (r as TwinRecordOf<'Observation'>).properties.attributes);
    expect(attributes.map((a) => a.datastream)).toEqual([
      'urn:ldntwin:sensor:laqn:MY1/NO',
      'urn:ldntwin:sensor:laqn:MY1/NO',
      'urn:ldntwin:sensor:laqn:MY1/CO',
    ]);
    expect(attributes[2]?.unitOfMeasurement).toEqual(mg);
    expect(attributes[0]?.unitOfMeasurement.definition).toBe('http://unitsofmeasure.org/ucum.html#ug/m3');
  });

  it('rejects a range that ends before it starts, and a code that would change the path', () => {
    expect(() => air().siteData({ site: 'MY1', startDate: '2022-12-11', endDate: '2022-12-10' })).toThrow(
      /endDate is before startDate/,
    );
    expect(() => air().siteData({ site: 'MY1/../x', ...range })).toThrow(/invalid params: site/);
  });

  it('carries a configured attribution', async () => {
    server.use(http.get(MY1_NO, () => HttpResponse.json(data)));
    const { records } = await air({ attribution: ['Full ERG statement'] })
      .siteData({ site: 'MY1', species: 'NO', ...range })
      .collect({ limit: 1, onLimit: 'truncate' });
    expect(records[0]?.properties.licence.attribution).toEqual(['Full ERG statement']);
  });
});

describe('laqn conformance', () => {
  it('passes validateConnector on the recorded responses', async () => {
    server.use(
      http.get(SITES, () => HttpResponse.json(sites)),
      http.get(SITE_SPECIES, () => HttpResponse.json(siteSpecies)),
      http.get(INDEX, () => HttpResponse.json(index)),
      http.get(DAILY, () => HttpResponse.json(daily)),
      http.get(MY1_NO, () => HttpResponse.json(data)),
      http.get(
        `${BASE}/Data/SiteSpecies/SiteCode=XX9/SpeciesCode=NO/StartDate=2022-12-10/EndDate=2022-12-11/Json`,
        () => HttpResponse.text('<html>error</html>', { status: 500 }),
      ),
    );
    const result = await validateConnector(laqn, {
      client: createClient({ cache: false, retry: { limit: 0 } }),
      cases: [
        { operation: 'monitoringSites', params: {} },
        { operation: 'hourlyIndex', params: {}, minRecords: 2 },
        { operation: 'dailyIndex', params: {}, minRecords: 4 },
        { operation: 'siteData', params: { site: 'MY1', species: 'NO', ...range }, minRecords: 4 },
        { operation: 'siteData', params: { site: 'XX9', species: 'NO', ...range }, expectError: true },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([1, 2, 4, 4, 0]);
  });
});
