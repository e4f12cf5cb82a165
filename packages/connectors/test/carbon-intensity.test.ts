import { readFileSync } from 'node:fs';
import { carbonIntensity } from '@ldn-twin/connectors/carbon-intensity';
import { connect, createClient, isHttpError, isSchemaError, type TwinRecordOf } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/carbon-intensity/${name}`, import.meta.url), 'utf8')) as T;

type Json = Record<string, unknown>;
/** Real responses (see fixtures/carbon-intensity/SOURCES.md). */
const national = fixture<{ data: Json[] }>('carbonintensity-national-intensity-fw24h.json');
const london = fixture<{ data: (Json & { data: Json[] })[] }>('carbonintensity-regional-regionid-13.json');
/** The official `GET /intensity` example, quoted in fixtures/carbon-intensity/SOURCES.md: a past period with an actual. */
const officialExample = {
  data: [
    {
      from: '2018-01-20T12:00Z',
      to: '2018-01-20T12:30Z',
      intensity: { forecast: 266, actual: 263, index: 'moderate' },
    },
  ],
};

const BASE = 'https://api.carbonintensity.org.uk';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

const grid = () => connect(carbonIntensity, { client: createClient({ cache: false, retry: { limit: 0 } }) });
type Observation = TwinRecordOf<'Observation'>;
const attributes = (records: Observation[]) => records.map((r) => r.properties.attributes);

describe('carbon-intensity nationalIntensity', () => {
  it('maps forecasts (modelled) per half hour; a null actual makes no record', async () => {
    let asked: Request | undefined;
    server.use(
      http.get(`${BASE}/intensity`, ({ request }) => {
        asked = request;
        return HttpResponse.json(national);
      }),
    );
    const { records, report } = await grid().nationalIntensity({}).collect();
    // A Content-Type on a GET makes the regional API answer 400; none is sent.
    expect(asked?.headers.get('content-type')).toBeNull();
    expect(asked?.headers.get('accept')).toBe('application/json');
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0, records: 3, complete: true });
    expect(attributes(records).map((a) => a.result)).toEqual([146, 148, 148]);
    const [first] = records;
    expect(first?.id).toBe(
      'urn:ldntwin:observation:carbon-intensity:national%2Fintensity-forecast%2F2020-05-24T20%3A30%3A00Z',
    );
    expect(first?.properties.attributes).toEqual({
      datastream: 'carbon-intensity:national/intensity-forecast',
      observedProperty: 'https://api.carbonintensity.org.uk/intensity',
      unitOfMeasurement: {
        name: 'gram of CO2 per kilowatt hour',
        symbol: 'gCO2/kWh',
        definition: 'http://unitsofmeasure.org/ucum.html#g/(kW.h)',
      },
      result: 146,
      phenomenonTime: '2020-05-24T20:30:00Z/2020-05-24T21:00:00Z',
    });
    expect(first?.time).toEqual({ interval: ['2020-05-24T20:30:00Z', '2020-05-24T21:00:00Z'] });
    expect(first?.properties.description).toBe('Carbon intensity index: low');
    expect(first?.properties.provenance).toMatchObject({ method: 'modelled', connector: 'carbon-intensity' });
    expect(first?.properties.licence).toEqual({
      id: 'CC-BY-4.0',
      url: 'https://creativecommons.org/licenses/by/4.0/',
      attribution: [
        'Carbon Intensity API (National Grid ESO / NESO), carbonintensity.org.uk, licensed under CC BY 4.0',
      ],
    });
    expect(first?.geometry).toBeNull();
  });

  it('maps an actual as a measured Observation beside the modelled forecast', async () => {
    server.use(http.get(`${BASE}/intensity`, () => HttpResponse.json(officialExample)));
    const { records } = await grid().nationalIntensity({}).collect();
    expect(
      records.map((r) => [
        r.properties.attributes.datastream,
        r.properties.attributes.result,
        r.properties.provenance.method,
      ]),
    ).toEqual([
      ['carbon-intensity:national/intensity-forecast', 266, 'modelled'],
      ['carbon-intensity:national/intensity-actual', 263, 'measured'],
    ]);
  });

  it('asks for a forecast window from a given time as YYYY-MM-DDThh:mmZ', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${BASE}/intensity/:from/fw24h`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(national);
      }),
    );
    const { records } = await grid()
      .nationalIntensity({ window: 'fw24h', from: '2020-05-24T20:30:00Z' })
      .collect();
    expect(path).toBe('/intensity/2020-05-24T20:30Z/fw24h');
    expect(records).toHaveLength(3);
  });

  it('starts a window now when no time is given', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T04:17:42Z'));
    let path: string | undefined;
    server.use(
      http.get(`${BASE}/intensity/:from/fw48h`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(national);
      }),
    );
    await grid().nationalIntensity({ window: 'fw48h' }).collect();
    expect(path).toBe('/intensity/2026-11-26T04:17Z/fw48h');
  });

  it('reports a period with a bad time or value and keeps the others', async () => {
    const [a, b, c] = national.data;
    server.use(
      http.get(`${BASE}/intensity`, () =>
        HttpResponse.json({
          data: [
            { ...a, from: 'yesterday' },
            b,
            { ...c, intensity: { forecast: 'n/a', actual: null, index: 'low' } },
          ],
        }),
      ),
    );
    const { records, report } = await grid().nationalIntensity({}).collect();
    expect(records).toHaveLength(1);
    expect(report).toMatchObject({ received: 3, mapped: 1, failed: 2 });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [0, 'parse', 'from'],
      [2, 'parse', 'intensity.forecast'],
    ]);
    expect(report.issues[0]?.raw).toMatchObject({ from: 'yesterday' });
  });
});

describe('carbon-intensity regionalIntensity', () => {
  it('maps London now: a forecast and one percentage Observation per fuel, all modelled', async () => {
    server.use(http.get(`${BASE}/regional/regionid/13`, () => HttpResponse.json(london)));
    const { records, report } = await grid().regionalIntensity({}).collect();
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, records: 10 });
    const [intensity, ...mix] = records;
    expect(intensity?.properties.name).toBe('London carbon intensity forecast');
    expect(intensity?.properties.description).toBe('Carbon intensity index: very high');
    expect(intensity?.properties.attributes).toMatchObject({
      datastream: 'carbon-intensity:region-13/intensity-forecast',
      result: 435,
      phenomenonTime: '2021-12-13T16:30:00Z/2021-12-13T17:00:00Z',
    });
    // Regional periods have no actual.
    expect(records.some((r) => r.properties.attributes.datastream.endsWith('intensity-actual'))).toBe(false);
    expect(
      Object.fromEntries(
        mix.map((r) => [r.properties.attributes.observedProperty, r.properties.attributes.result]),
      ),
    ).toEqual({
      'https://api.carbonintensity.org.uk/generation#biomass': 0,
      'https://api.carbonintensity.org.uk/generation#coal': 0.1,
      'https://api.carbonintensity.org.uk/generation#imports': 84.1,
      'https://api.carbonintensity.org.uk/generation#gas': 8.9,
      'https://api.carbonintensity.org.uk/generation#nuclear': 2.4,
      'https://api.carbonintensity.org.uk/generation#other': 0,
      'https://api.carbonintensity.org.uk/generation#hydro': 0.2,
      'https://api.carbonintensity.org.uk/generation#solar': 0,
      'https://api.carbonintensity.org.uk/generation#wind': 4.3,
    });
    expect(
      mix.every(
        (r) =>
          r.properties.attributes.unitOfMeasurement.definition === 'http://unitsofmeasure.org/ucum.html#%',
      ),
    ).toBe(true);
    expect(records.every((r) => r.properties.provenance.method === 'modelled')).toBe(true);
    expect(mix[0]?.properties.attributes.datastream).toBe(
      'carbon-intensity:region-13/generation-mix/biomass',
    );
  });

  it.each(['fw24h', 'fw48h'] as const)(
    'reads a %s range whose data is an object, not an array',
    async (window) => {
      let path: string | undefined;
      server.use(
        http.get(`${BASE}/regional/intensity/:from/${window}/regionid/13`, ({ request }) => {
          path = new URL(request.url).pathname;
          return HttpResponse.json({ data: london.data[0] });
        }),
      );
      const { records } = await grid().regionalIntensity({ window, from: '2021-12-13T16:30:00Z' }).collect();
      expect(path).toBe(`/regional/intensity/2021-12-13T16:30Z/${window}/regionid/13`);
      expect(records).toHaveLength(10);
      expect(records[0]?.properties.attributes.result).toBe(435);
    },
  );

  it('gives a SchemaError for the empty {} body regional endpoints sometimes send', async () => {
    server.use(http.get(`${BASE}/regional/regionid/13`, () => HttpResponse.json({})));
    const error = await grid()
      .regionalIntensity({})
      .collect()
      .catch((e: unknown) => e);
    expect(isSchemaError(error)).toBe(true);
  });

  it('gives an HttpError with the API error body for a bad region', async () => {
    // The real 400 body, quoted in fixtures/carbon-intensity/SOURCES.md.
    const body = { error: { code: '400 Bad Request', message: 'Please enter a valid region ID i.e. 1-17.' } };
    server.use(http.get(`${BASE}/regional/regionid/14`, () => HttpResponse.json(body, { status: 400 })));
    const error = await grid()
      .regionalIntensity({ regionId: 14 })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(400);
    expect(isHttpError(error) && error.body).toEqual(body);
  });

  it('rejects a region id outside 1-17 before sending anything', () => {
    expect(() => grid().regionalIntensity({ regionId: 18 })).toThrow(/invalid params: regionId/);
  });
});

describe('carbon-intensity nationalIntensityRange', () => {
  it('asks /intensity/{from}/{to} to the minute in UTC and maps the periods', async () => {
    let path: string | undefined;
    server.use(
      // The route's body has the national shape (field guide §3); served here: the recorded fw24h body.
      http.get(`${BASE}/intensity/:from/:to`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(national);
      }),
    );
    const { records, report } = await grid()
      .nationalIntensityRange({ from: '2020-05-24T21:30:00+01:00', to: '2020-05-24T22:30:00Z' })
      .collect();
    expect(path).toBe('/intensity/2020-05-24T20:30Z/2020-05-24T22:30Z');
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0 });
    expect(attributes(records).map((a) => a.result)).toEqual([146, 148, 148]);
    expect(records[0]?.properties.attributes.datastream).toBe('carbon-intensity:national/intensity-forecast');
  });

  it('rejects a range whose end is not after its start, before sending anything', () => {
    expect(() =>
      grid().nationalIntensityRange({ from: '2020-05-24T20:30:00Z', to: '2020-05-24T20:30:00Z' }),
    ).toThrow(/to/);
  });
});

describe('carbon-intensity regionalIntensityRange', () => {
  it('asks /regional/intensity/{from}/{to}/regionid/13 by default and reads data as an object', async () => {
    let path: string | undefined;
    server.use(
      // The range routes answer `data` as an object (field guide §3); the recorded London region.
      http.get(`${BASE}/regional/intensity/:from/:to/regionid/:id`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ data: london.data[0] });
      }),
    );
    const { records, report } = await grid()
      .regionalIntensityRange({ from: '2021-12-13T16:30:00Z', to: '2021-12-13T17:00:00Z' })
      .collect();
    expect(path).toBe('/regional/intensity/2021-12-13T16:30Z/2021-12-13T17:00Z/regionid/13');
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, records: 10 });
    expect(records[0]?.properties.attributes.datastream).toBe(
      'carbon-intensity:region-13/intensity-forecast',
    );
  });

  it('asks by outward postcode, and refuses a region id with a postcode', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${BASE}/regional/intensity/:from/:to/postcode/:outcode`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ data: london.data[0] });
      }),
    );
    await grid()
      .regionalIntensityRange({ outcode: 'se1', from: '2021-12-13T16:30:00Z', to: '2021-12-14T16:30:00Z' })
      .collect();
    expect(path).toBe('/regional/intensity/2021-12-13T16:30Z/2021-12-14T16:30Z/postcode/SE1');
    expect(() =>
      grid().regionalIntensityRange({
        regionId: 13,
        outcode: 'SE1',
        from: '2021-12-13T16:30:00Z',
        to: '2021-12-14T16:30:00Z',
      }),
    ).toThrow(/not both/);
  });
});

describe('carbon-intensity nationalGenerationMix', () => {
  // Documented shape (several public clients agree): `/generation` answers `{data: period}`, the
  // range route `{data: [period, ...]}`; the fuels and shares here are the recorded London period's.
  const [region] = london.data as [Json & { data: Json[] }];
  const period = region.data[0] as Json & { generationmix: Json[] };
  const mixPeriod = { from: period.from, to: period.to, generationmix: period.generationmix };

  it('asks /generation now and maps one percentage Observation per fuel, with no intensity', async () => {
    server.use(http.get(`${BASE}/generation`, () => HttpResponse.json({ data: mixPeriod })));
    const { records, report } = await grid().nationalGenerationMix({}).collect();
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, records: 9 });
    expect(records.every((r) => r.properties.attributes.unitOfMeasurement.symbol === '%')).toBe(true);
    const gas = records.find((r) => r.properties.attributes.observedProperty.endsWith('#gas'));
    expect(gas?.properties.name).toBe('Great Britain generation mix: gas');
    expect(gas?.properties.attributes).toMatchObject({
      datastream: 'carbon-intensity:national/generation-mix/gas',
      result: 8.9,
      phenomenonTime: '2021-12-13T16:30:00Z/2021-12-13T17:00:00Z',
    });
    expect(gas?.properties.provenance.dataset).toBe('National generation mix');
  });

  it('asks /generation/{from}/{to} for a range, and reports a period with no mix', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${BASE}/generation/:from/:to`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ data: [mixPeriod, { ...mixPeriod, generationmix: [] }] });
      }),
    );
    const { records, report } = await grid()
      .nationalGenerationMix({ from: '2021-12-13T16:30:00Z', to: '2021-12-13T17:30:00Z' })
      .collect();
    expect(path).toBe('/generation/2021-12-13T16:30Z/2021-12-13T17:30Z');
    expect(records).toHaveLength(9);
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(report.issues[0]?.message).toMatch(/no forecast, actual or generation mix/);
  });

  it('refuses a range with only one end, before sending anything', () => {
    expect(() => grid().nationalGenerationMix({ from: '2021-12-13T16:30:00Z' })).toThrow(/to/);
  });
});

describe('carbon-intensity regionalIntensityByPostcode', () => {
  // Documented shape: the postcode routes answer the regional body (field guide §3), with a
  // `postcode` echoed on the region; served here: the recorded London body with SE1 added.
  const se1 = { data: [{ ...london.data[0], postcode: 'SE1' }] };

  it('asks /regional/postcode/{outcode} (upper-cased) and maps the region, generation mix included', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${BASE}/regional/postcode/:outcode`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(se1);
      }),
    );
    const { records, report } = await grid().regionalIntensityByPostcode({ outcode: ' se1 ' }).collect();
    expect(path).toBe('/regional/postcode/SE1');
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, records: 10 });
    expect(records[0]?.properties.attributes).toMatchObject({
      datastream: 'carbon-intensity:region-13/intensity-forecast',
      result: 435,
    });
    expect(records.filter((r) => r.properties.attributes.unitOfMeasurement.symbol === '%')).toHaveLength(9);
  });

  it('asks a window from a time with the region as an object', async () => {
    let path: string | undefined;
    server.use(
      http.get(`${BASE}/regional/intensity/:from/pt24h/postcode/:outcode`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ data: se1.data[0] });
      }),
    );
    const { records } = await grid()
      .regionalIntensityByPostcode({ outcode: 'SW1A', window: 'pt24h', from: '2021-12-13T16:30:00Z' })
      .collect();
    expect(path).toBe('/regional/intensity/2021-12-13T16:30Z/pt24h/postcode/SW1A');
    expect(records).toHaveLength(10);
  });

  it('rejects a full postcode before sending anything', () => {
    expect(() => grid().regionalIntensityByPostcode({ outcode: 'SE1 7PB' })).toThrow(/outward postcode/);
  });
});

describe('carbon-intensity conformance', () => {
  it('passes validateConnector on the recorded responses', async () => {
    server.use(
      http.get(`${BASE}/intensity`, () => HttpResponse.json(national)),
      http.get(`${BASE}/regional/regionid/13`, () => HttpResponse.json(london)),
      http.get(`${BASE}/regional/intensity/:from/fw24h/regionid/13`, () =>
        HttpResponse.json({ data: london.data[0] }),
      ),
      http.get(`${BASE}/regional/regionid/1`, () => HttpResponse.json({})),
      http.get(`${BASE}/intensity/:from/:to`, () => HttpResponse.json(national)),
      http.get(`${BASE}/regional/postcode/SE1`, () => HttpResponse.json(london)),
      http.get(`${BASE}/regional/intensity/:from/:to/regionid/13`, () =>
        HttpResponse.json({ data: london.data[0] }),
      ),
      http.get(`${BASE}/generation`, () => {
        const [region] = london.data as [Json & { data: Json[] }];
        const { from, to, generationmix } = region.data[0] as Json;
        return HttpResponse.json({ data: { from, to, generationmix } });
      }),
    );
    const result = await validateConnector(carbonIntensity, {
      client: createClient({ cache: false, retry: { limit: 0 } }),
      cases: [
        { operation: 'nationalIntensity', params: {}, minRecords: 3 },
        { operation: 'regionalIntensity', params: {}, minRecords: 10 },
        { operation: 'regionalIntensity', params: { window: 'fw24h' }, minRecords: 10 },
        { operation: 'regionalIntensity', params: { regionId: 1 }, expectError: true },
        {
          operation: 'nationalIntensityRange',
          params: { from: '2020-05-24T20:30:00Z', to: '2020-05-24T22:00:00Z' },
          minRecords: 3,
        },
        { operation: 'regionalIntensityByPostcode', params: { outcode: 'SE1' }, minRecords: 10 },
        { operation: 'nationalGenerationMix', params: {}, minRecords: 9 },
        {
          operation: 'regionalIntensityRange',
          params: { from: '2021-12-13T16:30:00Z', to: '2021-12-13T17:00:00Z' },
          minRecords: 10,
        },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([3, 10, 10, 0, 3, 10, 9, 10]);
  });
});
