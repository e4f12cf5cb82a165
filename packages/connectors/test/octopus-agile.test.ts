import { readFileSync } from 'node:fs';
import { currentAgileProduct, octopusAgile, UNIT_RATE_PROPERTY } from '@ldn-twin/connectors/octopus-agile';
import { connect, createClient, isConfigError } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

type Json = Record<string, unknown>;
const fixture = <T = Json>(name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/octopus-agile/${name}`, import.meta.url), 'utf8')) as T;
/** Real captures (fixtures/octopus-agile/SOURCES.md). */
const rates = fixture<{ count: number; next: string; results: Json[] }>(
  'octopus-agile-standard-unit-rates-region-j.json',
);
const products = fixture<{ results: Json[] }>('octopus-products-agile-entry.json');

const BASE = 'https://api.octopus.energy';
const RATES = `${BASE}/v1/products/:product/electricity-tariffs/:tariff/standard-unit-rates/`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.useRealTimers();
});
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });
const agile = (config: Json = {}) => connect(octopusAgile, { client: client(), config });

/** The real first page, then (constructed) an empty last page for its `next` link. */
const ratesHandler = (asked: URL[]) =>
  http.get(RATES, ({ request }) => {
    const url = new URL(request.url);
    asked.push(url);
    return url.searchParams.get('page') === '2'
      ? HttpResponse.json({ count: 5, next: null, previous: rates.next, results: [] })
      : HttpResponse.json(rates);
  });

describe('octopus-agile unitRates', () => {
  it('maps the real capture to half-hour prices oldest first, following next', async () => {
    const asked: URL[] = [];
    server.use(ratesHandler(asked));
    const { records, report } = await agile()
      .unitRates({ productCode: 'AGILE-FLEX-22-11-25', region: 'J', from: '2024-05-07T19:30:00Z' })
      .collect();
    expect(asked[0]?.pathname).toBe(
      '/v1/products/AGILE-FLEX-22-11-25/electricity-tariffs/E-1R-AGILE-FLEX-22-11-25-J/standard-unit-rates/',
    );
    expect(asked[0]?.searchParams.get('period_from')).toBe('2024-05-07T19:30:00Z');
    expect(asked[1]?.searchParams.get('page')).toBe('2');
    expect(report).toMatchObject({ received: 5, mapped: 5, failed: 0 });
    expect(records.map((r) => r.properties.attributes.result)).toEqual([
      22.5435, 20.1915, 18.291, 18.753, 18.291,
    ]);
    expect(records[0]?.properties.attributes).toMatchObject({
      observedProperty: UNIT_RATE_PROPERTY,
      unitOfMeasurement: { symbol: 'p/kWh' },
      phenomenonTime: '2024-05-07T19:30:00Z/2024-05-07T20:00:00Z',
      parameters: { valueExcVat: '21.47' },
    });
    expect(records[0]?.properties.licence.attribution[0]).toMatch(/do not republish/);
  });

  it('discovers the current Agile import product from the real products list, for London by default', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-05-07T19:30:00Z'));
    const asked: URL[] = [];
    server.use(
      http.get(`${BASE}/v1/products/`, () => HttpResponse.json(products)),
      ratesHandler(asked),
    );
    await agile().unitRates({}).collect();
    expect(asked[0]?.pathname).toContain('/AGILE-24-04-03/electricity-tariffs/E-1R-AGILE-24-04-03-C/');
    expect(asked[0]?.searchParams.get('period_from')).toBe('2024-05-07T19:30:00.000Z');
  });

  it('picks neither export nor withdrawn products', () => {
    const [agileImport, outgoing] = products.results as unknown as Parameters<typeof currentAgileProduct>[0];
    expect(currentAgileProduct([outgoing!])).toBeUndefined();
    expect(currentAgileProduct([{ ...agileImport!, available_to: '2024-10-01T00:00:00Z' }])).toBeUndefined();
  });

  it('says so when no Agile product is listed', async () => {
    server.use(
      http.get(`${BASE}/v1/products/`, () => HttpResponse.json({ count: 0, next: null, results: [] })),
    );
    const error = await agile()
      .unitRates({})
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(error)).toBe(true);
  });

  it('follows next links through a proxy base URL', async () => {
    const asked: URL[] = [];
    server.use(
      http.get(
        'https://proxy.example.london/octopus/v1/products/:product/electricity-tariffs/:tariff/standard-unit-rates/',
        ({ request }) => {
          const url = new URL(request.url);
          asked.push(url);
          return url.searchParams.get('page') === '2'
            ? HttpResponse.json({ count: 5, next: null, results: [] })
            : HttpResponse.json(rates);
        },
      ),
    );
    await agile({ baseUrl: 'https://proxy.example.london/octopus' })
      .unitRates({ productCode: 'AGILE-FLEX-22-11-25', from: '2024-05-07T19:30:00Z' })
      .collect();
    expect(asked.map((u) => u.host)).toEqual(['proxy.example.london', 'proxy.example.london']);
  });

  it('rejects a region letter that does not exist before sending anything', () => {
    expect(() => agile().unitRates({ region: 'I' })).toThrow(/invalid params: region/);
  });

  it('passes validateConnector', async () => {
    server.use(
      http.get(`${BASE}/v1/products/`, () => HttpResponse.json(products)),
      ratesHandler([]),
    );
    const result = await validateConnector(octopusAgile, {
      client: client(),
      cases: [{ operation: 'unitRates', params: { from: '2024-05-07T19:30:00Z' }, minRecords: 5 }],
    });
    expect(result.problems).toEqual([]);
  });
});
