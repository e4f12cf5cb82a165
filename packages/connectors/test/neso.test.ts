import { readFileSync } from 'node:fs';
import { NATIONAL_DEMAND_PROPERTY, neso, pickResource } from '@ldn-twin/connectors/neso';
import { connect, createClient, isConfigError, isSchemaError } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

type Json = Record<string, unknown>;
const fixture = <T = Json>(name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/neso/${name}`, import.meta.url), 'utf8')) as T;
/** Real capture (fixtures/neso/SOURCES.md). */
const windPackage = fixture<{ result: { resources: Json[] } }>(
  'neso-datapackage-show-14-days-ahead-wind-forecasts.json',
);
/** Hand-made to the documented shape: no real datastore_search body exists. */
const twoToFourteen = fixture('handmade-datapackage-show-2-14-day-demand.json');
const twoDay = fixture('handmade-datapackage-show-2-day-demand.json');
const search = fixture<{ result: { records: Json[]; total: number } }>(
  'handmade-datastore-search-2-14-day-demand.json',
);

const BASE = 'https://api.neso.energy/api/3/action';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });
const portal = (config: Json = {}) => connect(neso, { client: client(), config });

const packages: Record<string, Json> = {
  '2-14-days-ahead-national-demand-forecast': twoToFourteen,
  '2-day-ahead-demand-forecast': twoDay,
  '14-days-ahead-wind-forecasts': windPackage,
};
const handlers = (asked: URL[] = []) => [
  http.get(`${BASE}/datapackage_show`, ({ request }) => {
    const url = new URL(request.url);
    asked.push(url);
    const body = packages[url.searchParams.get('id') ?? ''];
    return body
      ? HttpResponse.json(body)
      : HttpResponse.json({ success: false, error: { message: 'Not found' } }, { status: 404 });
  }),
  http.get(`${BASE}/datastore_search`, ({ request }) => {
    asked.push(new URL(request.url));
    return HttpResponse.json(search);
  }),
];

describe('neso demandForecast', () => {
  it('reads the real datapackage_show capture: the first datastore resource and its publication time', () => {
    const resources = windPackage.result.resources as unknown as Parameters<typeof pickResource>[0];
    expect(pickResource(resources, undefined)?.id).toBe('93c3048e-1dab-4057-a2a9-417540583929');
    expect(pickResource(resources, '342aae25-d3a6-436c-b168-db8b247ccb83')?.name).toBeDefined();
    expect(pickResource(resources, 'nope')).toBeUndefined();
  });

  it('maps cardinal points (documented shape) to modelled Observations in UK clock time, with the forecast time', async () => {
    const asked: URL[] = [];
    server.use(...handlers(asked));
    const { records, report } = await portal().demandForecast({ forecast: 'two-to-fourteen-day' }).collect();
    expect(asked.map((u) => u.pathname.split('/').at(-1))).toEqual(['datapackage_show', 'datastore_search']);
    expect(asked[1]?.searchParams.get('resource_id')).toBe('00000000-0000-4000-8000-000000000214');
    expect(report).toMatchObject({ received: 9, mapped: 9, failed: 0 });
    const peak = records.find((r) => r.properties.name?.endsWith('2024-05-09 DP'));
    // 17:30-18:00 British Summer Time is 16:30-17:00 UTC.
    expect(peak?.time).toEqual({ interval: ['2024-05-09T16:30:00Z', '2024-05-09T17:00:00Z'] });
    expect(peak?.properties.attributes).toMatchObject({
      observedProperty: NATIONAL_DEMAND_PROPERTY,
      result: 31200,
      unitOfMeasurement: { symbol: 'MW' },
      resultTime: '2024-05-07T14:05:11.123Z',
      parameters: { cardinalPoint: 'DP', cardinalPointType: 'peak', daysAhead: '2' },
    });
    expect(peak?.properties.provenance.method).toBe('modelled');
  });

  it('reads cardinal point times as UTC when configured so (the pages disagree)', async () => {
    server.use(...handlers());
    const { records } = await portal({ cardinalPointTimes: 'UTC' })
      .demandForecast({ forecast: 'two-to-fourteen-day' })
      .collect();
    expect(records.find((r) => r.properties.name?.endsWith('2024-05-09 DP'))?.time).toEqual({
      interval: ['2024-05-09T17:30:00Z', '2024-05-09T18:00:00Z'],
    });
  });

  it('asks the 2-day forecast for its confirmed resource id', async () => {
    const asked: URL[] = [];
    server.use(...handlers(asked));
    await portal().demandForecast({}).collect();
    expect(asked[0]?.searchParams.get('id')).toBe('2-day-ahead-demand-forecast');
    expect(asked[1]?.searchParams.get('resource_id')).toBe('cda26f27-4bb6-4632-9fb5-2d029ca605e1');
  });

  it('reports a row with a bad time or demand and keeps the rest', async () => {
    const [a, b, ...rest] = search.result.records;
    server.use(
      handlers()[0]!,
      http.get(`${BASE}/datastore_search`, () =>
        HttpResponse.json({
          ...search,
          result: {
            ...search.result,
            records: [{ ...a, CP_ST_TIME: 'teatime' }, { ...b, FORECASTDEMAND: 'n/a' }, ...rest],
          },
        }),
      ),
    );
    const { records, report } = await portal().demandForecast({ forecast: 'two-to-fourteen-day' }).collect();
    expect(records).toHaveLength(7);
    expect(report.issues.map((i) => i.path)).toEqual(['CP_ST_TIME', 'FORECASTDEMAND']);
  });

  it('names a configured resource the dataset does not have, and rejects a CKAN failure body', async () => {
    server.use(...handlers());
    const missing = await portal({
      forecasts: { 'two-day': { dataset: '2-day-ahead-demand-forecast', resourceId: 'gone' } },
    })
      .demandForecast({})
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(missing)).toBe(true);
    server.use(
      http.get(`${BASE}/datapackage_show`, () =>
        HttpResponse.json({ success: false, error: { message: 'x' } }),
      ),
    );
    const failed = await portal()
      .demandForecast({})
      .collect()
      .catch((e: unknown) => e);
    expect(isSchemaError(failed)).toBe(true);
  });

  it('declares the portal limit of two datastore queries a minute for its host', () => {
    expect(neso.rateLimits['api.neso.energy'].requestsPerSecond * 60).toBe(2);
  });

  it('passes validateConnector', async () => {
    server.use(...handlers());
    const result = await validateConnector(neso, {
      client: client(),
      cases: [{ operation: 'demandForecast', params: { forecast: 'two-to-fourteen-day' }, minRecords: 9 }],
    });
    expect(result.problems).toEqual([]);
  });
});
