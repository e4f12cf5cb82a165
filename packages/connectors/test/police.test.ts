import { readFileSync } from 'node:fs';
import { AreaTooDenseError, availableMonths, isAreaTooDenseError, police } from '@ldn-twin/connectors/police';
import { connect, createClient, isHttpError, isSchemaError } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/** The official docs example (see fixtures/police/SOURCES.md). */
const crimes = JSON.parse(
  readFileSync(new URL('./fixtures/police/police-crimes-at-location.json', import.meta.url), 'utf8'),
) as Record<string, unknown>[];

/** Real records: a 2019-01 outcomes-at-location response from Thamesmead (see fixtures/police/SOURCES.md). */
const outcomes = JSON.parse(
  readFileSync(new URL('./fixtures/police/police-outcomes-at-location.json', import.meta.url), 'utf8'),
) as Record<string, unknown>[];

/** Documented shape only: the official stops-street example (see fixtures/police/SOURCES.md). */
const stops = JSON.parse(
  readFileSync(new URL('./fixtures/police/police-stops-street.json', import.meta.url), 'utf8'),
) as Record<string, unknown>[];

const API = 'https://data.police.uk/api';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());

// No retries: a 503 means "too many crimes" here and the tests count requests.
const client = () => createClient({ cache: false, retry: { limit: 0 } });
const crimesApi = (config?: Parameters<typeof connect<typeof police>>[1]['config']) =>
  connect(police, { client: client(), ...(config ? { config } : {}) });

/** An anti-social behaviour crime as the crime-street docs show it: no persistent id, no outcome. */
const asb = {
  ...crimes[0],
  category: 'anti-social-behaviour',
  persistent_id: '',
  id: 116208998,
  outcome_status: null,
};

describe('police crimesAtPoint', () => {
  it('asks crimes-street with lat, lng and date, and maps each crime to an Incident', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${API}/crimes-street/all-crime`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(crimes);
      }),
    );
    const { records, report } = await crimesApi()
      .crimesAtPoint({ point: [-1.131592, 52.629729], date: '2024-01' })
      .collect();

    expect(asked?.searchParams.get('lat')).toBe('52.629729');
    expect(asked?.searchParams.get('lng')).toBe('-1.131592');
    expect(asked?.searchParams.get('date')).toBe('2024-01');
    expect(report).toMatchObject({ received: 2, mapped: 2, failed: 0, pages: 1, complete: true });
    const [theft] = records;
    expect(theft?.id).toBe(
      'urn:ldntwin:incident:police-uk:bb06e351c7056b9d74fcf5d519cc45e0318f72e1a39bdf45f9551a2743396d58',
    );
    // String coordinates become numbers, lon first.
    expect(theft?.geometry).toEqual({ type: 'Point', coordinates: [-1.132503, 52.629831] });
    // An anonymised map point, not where the crime happened.
    expect(theft?.properties.locationPrecision).toBe('street');
    expect(theft?.time).toEqual({ interval: ['2024-01-01', '2024-01-31'] });
    expect(theft?.properties.attributes).toEqual({
      category: 'other-theft',
      month: '2024-01',
      outcome: 'Unable to prosecute suspect',
      outcomeMonth: '2024-02',
      streetName: 'On or near Marquis Street',
      streetId: '1738423',
      locationType: 'Force',
    });
    expect(theft?.properties.identifiers).toContainEqual({
      scheme: 'other',
      value: '116206187',
      issuer: 'data.police.uk api id',
    });
    expect(theft?.properties.provenance).toMatchObject({
      publisher: 'data.police.uk',
      sourceId: '116206187',
      method: 'reported',
      connector: 'police',
    });
    expect(theft?.properties.licence.id).toBe('OGL-UK-3.0');
    expect(theft?.properties.access.classification).toBe('open');
  });

  it('leaves date out when not given (the API then answers its latest month)', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${API}/crimes-street/burglary`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json([]);
      }),
    );
    const { records, report } = await crimesApi()
      .crimesAtPoint({ point: [-0.1281, 51.508], category: 'burglary' })
      .collect();
    expect(asked?.searchParams.has('date')).toBe(false);
    expect(records).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it('maps anti-social behaviour (no persistent id, no outcome) and crimes without a location', async () => {
    const noLocation = { ...crimes[1], id: 116206999, location: null, location_type: null };
    server.use(http.get(`${API}/crimes-street/all-crime`, () => HttpResponse.json([asb, noLocation])));
    const { records, report } = await crimesApi()
      .crimesAtPoint({ point: [-1.131592, 52.629729] })
      .collect();
    expect(report.failed).toBe(0);
    const [behaviour, nowhere] = records;
    // No persistent id: the (unstable) API id, in its own namespace.
    expect(behaviour?.id).toBe('urn:ldntwin:incident:police-uk-api-id:116208998');
    expect(behaviour?.properties.attributes.outcome).toBeUndefined();
    expect(behaviour?.properties.identifiers).toHaveLength(1);
    expect(nowhere?.geometry).toBeNull();
    expect(nowhere?.properties.locationPrecision).toBe('none');
    expect(nowhere?.properties.attributes.locationType).toBeUndefined();
  });

  it('reports a malformed crime and still maps the rest', async () => {
    const badCoordinates = {
      ...crimes[0],
      id: 1,
      location: { ...(crimes[0]?.location as object), latitude: 'n/a' },
    };
    const { category: _dropped, ...noCategory } = { ...crimes[1], id: 2 } as Record<string, unknown>;
    server.use(
      http.get(`${API}/crimes-street/all-crime`, () =>
        HttpResponse.json([badCoordinates, crimes[0], noCategory]),
      ),
    );
    const { records, report } = await crimesApi()
      .crimesAtPoint({ point: [-1.131592, 52.629729] })
      .collect();
    expect(records).toHaveLength(1);
    expect(report).toMatchObject({ received: 3, mapped: 1, failed: 2 });
    expect(report.issues[0]).toMatchObject({
      stage: 'parse',
      path: 'location.latitude',
      raw: badCoordinates,
    });
    expect(report.issues[1]).toMatchObject({ stage: 'parse', path: 'category', raw: noCategory });
  });

  it('rejects bad params before any request', () => {
    expect(() => crimesApi().crimesAtPoint({ point: [-0.1, 51.5], date: '2024-13' })).toThrow(/YYYY-MM/);
  });
});

describe('police crimesInArea', () => {
  const square = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [-0.2, 51.4],
        [0, 51.4],
        [0, 51.6],
        [-0.2, 51.6],
        [-0.2, 51.4],
      ],
    ],
  };

  it('sends the polygon as poly=lat,lng:lat,lng... without the closing point', async () => {
    const asked: URL[] = [];
    server.use(
      http.get(`${API}/crimes-street/all-crime`, ({ request }) => {
        asked.push(new URL(request.url));
        return HttpResponse.json(crimes);
      }),
    );
    const api = crimesApi();
    await api.crimesInArea({ polygon: square, date: '2024-01' }).collect();
    // A bare ring, unclosed, works too.
    await api
      .crimesInArea({
        polygon: [
          [-0.2, 51.4],
          [0, 51.4],
          [0, 51.6],
          [-0.2, 51.6],
        ],
      })
      .collect();
    expect(asked[0]?.searchParams.get('poly')).toBe('51.4,-0.2:51.4,0:51.6,0:51.6,-0.2');
    expect(asked[0]?.searchParams.get('date')).toBe('2024-01');
    expect(asked[1]?.searchParams.get('poly')).toBe('51.4,-0.2:51.4,0:51.6,0:51.6,-0.2');
    expect(asked[0]?.searchParams.has('lat')).toBe(false);
  });

  /** A synthetic dense area: a 9 x 9 grid of crimes over the square, 5 of them on each midline. */
  const grid = Array.from({ length: 81 }, (_, k) => {
    const i = k % 9;
    const j = Math.floor(k / 9);
    return {
      ...crimes[0],
      id: 1000 + k,
      persistent_id: `crime-${k}`,
      location: {
        latitude: (51.4 + j * 0.025).toFixed(6),
        longitude: (-0.2 + i * 0.025).toFixed(6),
        street: { id: k, name: `On or near Grid Street ${k}` },
      },
    };
  });

  /** Answers like data.police.uk: 503 above `limit` crimes, else every crime inside (borders included). */
  function denseArea(limit: number, asked: string[]) {
    return http.get(`${API}/crimes-street/all-crime`, ({ request }) => {
      const poly = new URL(request.url).searchParams.get('poly') ?? '';
      asked.push(poly);
      const points = poly.split(':').map((pair) => pair.split(',').map(Number) as [number, number]);
      const lats = points.map(([lat]) => lat);
      const lngs = points.map(([, lng]) => lng);
      const eps = 1e-9;
      const inside = grid.filter((crime) => {
        const lat = Number(crime.location.latitude);
        const lng = Number(crime.location.longitude);
        return (
          lat >= Math.min(...lats) - eps &&
          lat <= Math.max(...lats) + eps &&
          lng >= Math.min(...lngs) - eps &&
          lng <= Math.max(...lngs) + eps
        );
      });
      return inside.length > limit ? new HttpResponse(null, { status: 503 }) : HttpResponse.json(inside);
    });
  }

  it('splits a too-dense area (503) into quadrants and merges them without counting a crime twice', async () => {
    const asked: string[] = [];
    server.use(denseArea(30, asked));
    const { records, report } = await crimesApi().crimesInArea({ polygon: square }).collect();
    // The whole square (81 crimes) is refused; each quadrant holds 25 (borders shared).
    expect(asked).toHaveLength(5);
    expect(records).toHaveLength(81);
    expect(new Set(records.map((r) => r.id)).size).toBe(81);
    expect(report).toMatchObject({ received: 81, mapped: 81, failed: 0, pages: 4, complete: true });
  });

  it('splits again where a quadrant is still too dense', async () => {
    const asked: string[] = [];
    server.use(denseArea(10, asked));
    const { records, report } = await crimesApi().crimesInArea({ polygon: square }).collect();
    // 1 refused square, 4 refused quadrants, 16 answered sixteenths.
    expect(asked).toHaveLength(21);
    expect(records.map((r) => r.properties.provenance.sourceId).sort()).toEqual(
      grid.map((c) => String(c.id)).sort(),
    );
    expect(report.pages).toBe(16);
  });

  it('ends with a typed AreaTooDenseError at the split limit instead of recursing forever', async () => {
    let requests = 0;
    server.use(
      http.get(`${API}/crimes-street/all-crime`, () => {
        requests += 1;
        return new HttpResponse(null, { status: 503 });
      }),
    );
    const error = await crimesApi({ maxSplitDepth: 2 })
      .crimesInArea({ polygon: square })
      .collect()
      .catch((e: unknown) => e);
    expect(isAreaTooDenseError(error)).toBe(true);
    expect(error).toBeInstanceOf(AreaTooDenseError);
    expect(isHttpError(error) && error.status).toBe(503);
    expect((error as AreaTooDenseError).depth).toBe(2);
    expect((error as Error).message).toMatch(/maxSplitDepth/);
    // Depth first: the square, its first quadrant, that quadrant's first quadrant.
    expect(requests).toBe(3);
  });

  it('does not split on other errors', async () => {
    server.use(http.get(`${API}/crimes-street/all-crime`, () => new HttpResponse(null, { status: 400 })));
    const error = await crimesApi()
      .crimesInArea({ polygon: square })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(400);
    expect(isAreaTooDenseError(error)).toBe(false);
  });

  it('sends a polygon whose GET URL would pass the 4094-character limit by POST, as a form', async () => {
    let posted: URLSearchParams | undefined;
    server.use(
      http.post(`${API}/crimes-street/all-crime`, async ({ request }) => {
        posted = new URLSearchParams(await request.text());
        return HttpResponse.json(crimes);
      }),
    );
    const ring = Array.from({ length: 400 }, (_, k) => {
      const angle = (2 * Math.PI * k) / 400;
      return [-0.1 + 0.05 * Math.cos(angle), 51.5 + 0.05 * Math.sin(angle)] as [number, number];
    });
    const { records } = await crimesApi().crimesInArea({ polygon: ring, date: '2024-01' }).collect();
    expect(posted?.get('poly')?.split(':')).toHaveLength(400);
    expect(posted?.get('date')).toBe('2024-01');
    expect(records.length).toBeGreaterThan(0);
  });

  it('splits a dense area at the first 503, without spending retries on it', async () => {
    let requests = 0;
    server.use(
      http.get(`${API}/crimes-street/all-crime`, () => {
        requests += 1;
        return requests === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json([]);
      }),
    );
    // A client that would retry a 503 three times elsewhere.
    const retrying = connect(police, { client: createClient({ cache: false }) });
    await retrying.crimesInArea({ polygon: square }).collect();
    expect(requests).toBe(5); // the area once, then its four quadrants
  });
});

describe('police rate limit', () => {
  it('declares 15 requests a second with bursts of 30, and the client keeps to it once connected', async () => {
    expect(police.rateLimits).toEqual({ 'data.police.uk': { requestsPerSecond: 15, burst: 30 } });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const started: number[] = [];
    const t0 = Date.now();
    const fetch = async () => {
      started.push(Date.now() - t0);
      return new Response('[]', { headers: { 'content-type': 'application/json' } });
    };
    const api = connect(police, { client: createClient({ cache: false, fetch }) });
    const runs = Array.from({ length: 60 }, (_, k) =>
      api.crimesAtPoint({ point: [-0.1 + k / 1000, 51.5] }).collect(),
    );
    await vi.advanceTimersByTimeAsync(0);
    // The burst: 30 at once (the client's own default would allow 20).
    expect(started).toHaveLength(30);
    await vi.advanceTimersByTimeAsync(500);
    expect(started.length).toBeLessThanOrEqual(38);
    await vi.advanceTimersByTimeAsync(500);
    expect(started).toHaveLength(45);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(runs);
    expect(started).toHaveLength(60);
    // No second ever sees more than burst + rate.
    for (const start of started) {
      expect(started.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(45);
    }
  });
});

describe('police outcomesAtPoint', () => {
  it('asks /outcomes-at-location at the point and month and maps each outcome to an Incident of its crime', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${API}/outcomes-at-location`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(outcomes);
      }),
    );
    const { records, report } = await crimesApi()
      .outcomesAtPoint({ point: [0.1185, 51.503], date: '2019-01' })
      .collect();
    expect(Object.fromEntries(asked?.searchParams ?? [])).toEqual({
      lat: '51.503',
      lng: '0.1185',
      date: '2019-01',
    });
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0, complete: true });
    const [first, cautioned, sentenced] = records;
    const crimeId = 'd9c18219e8966eb55934bdad8509d12cff7d420a4818a8c722956445ac663529';
    expect(first?.id).toBe(
      `urn:ldntwin:incident:police-uk-outcome:${crimeId}%2Fno-further-action%2F2019-01%2F0`,
    );
    expect(first?.geometry).toEqual({ type: 'Point', coordinates: [0.113599, 51.506597] });
    expect(first?.time).toEqual({ interval: ['2019-01-01', '2019-01-31'] });
    expect(first?.properties.relations).toEqual([
      { rel: 'derivedFrom', target: `urn:ldntwin:incident:police-uk:${crimeId}` },
    ]);
    expect(first?.properties.attributes).toEqual({
      category: 'violent-crime',
      // The crime's month and the outcome's differ.
      month: '2018-10',
      outcome: 'Investigation complete; no suspect identified',
      outcomeMonth: '2019-01',
      streetName: 'On or near Tawney Road',
      streetId: '954966',
      locationType: 'Force',
      locationSubtype: 'ROAD',
      extra: { outcomeCode: 'no-further-action', crimeApiId: '69619567' },
    });
    expect(cautioned?.properties.attributes.outcome).toBe('Offender given a caution');
    expect(sentenced?.properties.attributes.extra).toEqual({
      outcomeCode: 'suspended-sentence',
      personId: '11032164',
      crimeApiId: '66155382',
    });
    expect(first?.properties.provenance).toMatchObject({
      dataset: 'outcomes-at-location',
      connector: 'police',
    });
  });

  it('numbers outcomes that share a key, and reports one without a category code', async () => {
    const [one] = outcomes;
    const { crime } = one as { crime: Record<string, unknown> };
    const unnamed = { ...one, crime: { ...crime, persistent_id: '' } };
    server.use(
      http.get(`${API}/outcomes-at-location`, () =>
        HttpResponse.json([unnamed, unnamed, { ...one, category: { name: 'Unknown' } }]),
      ),
    );
    const { records, report } = await crimesApi()
      .outcomesAtPoint({ point: [0.1185, 51.503] })
      .collect();
    expect(report).toMatchObject({ received: 3, mapped: 2, failed: 1 });
    expect(records.map((r) => r.properties.provenance.sourceId)).toEqual([
      'street-954966/violent-crime/no-further-action/2019-01/0',
      'street-954966/violent-crime/no-further-action/2019-01/1',
    ]);
    expect(records[0]?.properties.relations).toEqual([]);
    expect(report.issues.map((i) => i.path)).toEqual(['category.code']);
  });
});

describe('police stopsAtPoint', () => {
  it('asks /stops-street at the point and month and maps each stop to an Incident at its exact time', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${API}/stops-street`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(stops);
      }),
    );
    const { records, report } = await crimesApi()
      .stopsAtPoint({ point: [-1.131592, 52.629729], date: '2024-01' })
      .collect();
    expect(Object.fromEntries(asked?.searchParams ?? [])).toEqual({
      lat: '52.629729',
      lng: '-1.131592',
      date: '2024-01',
    });
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, complete: true });
    const [stop] = records;
    expect(stop?.id).toBe(
      'urn:ldntwin:incident:police-uk-stop:2024-01-04T07%3A41%3A00%2B00%3A00%2F1738552%2F0',
    );
    expect(stop?.geometry).toEqual({ type: 'Point', coordinates: [-1.129885, 52.630693] });
    expect(stop?.properties.locationPrecision).toBe('street');
    expect(stop?.time).toEqual({ timestamp: '2024-01-04T07:41:00+00:00' });
    expect(stop?.properties.name).toBe('Person search, On or near Wellington Street');
    expect(stop?.properties.attributes).toEqual({
      category: 'stop-and-search',
      month: '2024-01',
      outcome: 'A no further action disposal',
      streetName: 'On or near Wellington Street',
      streetId: '1738552',
      extra: {
        type: 'Person search',
        datetime: '2024-01-04T07:41:00+00:00',
        involvedPerson: 'true',
        gender: 'Male',
        ageRange: '10-17',
        selfDefinedEthnicity: 'White - English/Welsh/Scottish/Northern Irish/British',
        officerDefinedEthnicity: 'White',
        legislation: 'Police and Criminal Evidence Act 1984 (section 1)',
        objectOfSearch: 'Offensive weapons',
        outcomeId: 'bu-no-further-action',
        removalOfMoreThanOuterClothing: 'false',
      },
    });
  });

  it('gives two stops at the same time and place distinct ids, and reports one without a datetime', async () => {
    const [official] = stops as [Record<string, unknown>];
    const { datetime: _datetime, ...undated } = official;
    server.use(http.get(`${API}/stops-street`, () => HttpResponse.json([official, official, undated])));
    const { records, report } = await crimesApi()
      .stopsAtPoint({ point: [-1.131592, 52.629729] })
      .collect();
    expect(report).toMatchObject({ received: 3, mapped: 2, failed: 1 });
    expect(new Set(records.map((r) => r.id)).size).toBe(2);
    expect(records[1]?.id).toMatch(/%2F1$/);
    expect(report.issues[0]).toMatchObject({ stage: 'parse', path: 'datetime' });
  });
});

describe('police availableMonths', () => {
  it('lists the months with the forces that published stop and searches (documented shape)', async () => {
    // The shape data.police.uk documents for /crimes-street-dates, as public clients' tests replay it.
    const body = [
      { date: '2024-02', 'stop-and-search': ['bedfordshire', 'btp', 'metropolitan'] },
      { date: '2024-01', 'stop-and-search': [] },
    ];
    let asked: string | undefined;
    server.use(
      http.get(`${API}/crimes-street-dates`, ({ request }) => {
        asked = request.url;
        return HttpResponse.json(body);
      }),
    );
    const months = await availableMonths(client());
    expect(asked).toBe(`${API}/crimes-street-dates`);
    expect(months).toEqual([
      { month: '2024-02', stopAndSearchForces: ['bedfordshire', 'btp', 'metropolitan'] },
      { month: '2024-01', stopAndSearchForces: [] },
    ]);
  });

  it('gives a SchemaError for a month that is not YYYY-MM', async () => {
    server.use(http.get(`${API}/crimes-street-dates`, () => HttpResponse.json([{ date: 'Jan 2024' }])));
    const error = await availableMonths(client()).catch((e: unknown) => e);
    expect(isSchemaError(error)).toBe(true);
  });
});

describe('police conformance', () => {
  it('passes validateConnector on the recorded response', async () => {
    server.use(
      http.get(`${API}/crimes-street/all-crime`, () => HttpResponse.json(crimes)),
      http.get(`${API}/stops-street`, () => HttpResponse.json(stops)),
      http.get(`${API}/outcomes-at-location`, () => HttpResponse.json(outcomes)),
    );
    const result = await validateConnector(police, {
      client: client(),
      cases: [
        {
          operation: 'crimesAtPoint',
          params: { point: [-1.131592, 52.629729], date: '2024-01' },
          minRecords: 2,
        },
        {
          operation: 'crimesInArea',
          params: {
            polygon: [
              [-1.14, 52.62],
              [-1.12, 52.62],
              [-1.12, 52.64],
            ],
            date: '2024-01',
          },
          minRecords: 2,
        },
        {
          operation: 'stopsAtPoint',
          params: { point: [-1.131592, 52.629729], date: '2024-01' },
          minRecords: 1,
        },
        { operation: 'outcomesAtPoint', params: { point: [0.1185, 51.503], date: '2019-01' }, minRecords: 3 },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});
