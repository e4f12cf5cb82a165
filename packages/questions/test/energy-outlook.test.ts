import { readFileSync } from 'node:fs';
import { createClient, type TwinRecordOf } from '@ldn-twin/core';
import { energyOutlook } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../connectors/test/fixtures/${path}`, import.meta.url), 'utf8'));
/** Hand-made to NESO's documented shape (fixtures/neso/SOURCES.md): peaks 29 800, 31 200, 30 500 MW. */
const nesoPackage = fixture('neso/handmade-datapackage-show-2-14-day-demand.json');
const nesoSearch = fixture('neso/handmade-datastore-search-2-14-day-demand.json');
const products = fixture('octopus-agile/octopus-products-agile-entry.json');

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });

const START = Date.parse('2024-05-08T00:00:00Z');
const half = (i: number) => new Date(START + i * 1_800_000).toISOString().replace('.000Z', 'Z');
/** Constructed: 30, 30, 10, 10 p/kWh (Agile's documented shape, newest first). */
const prices = [30, 30, 10, 10]
  .map((p, i) => ({
    value_exc_vat: p / 1.05,
    value_inc_vat: p,
    valid_from: half(i),
    valid_to: half(i + 1),
    payment_method: null,
  }))
  .reverse();
/** Constructed: 300, 300, 100, 100 gCO2/kWh (the regional range route's documented shape). */
const carbon = [300, 300, 100, 100].map((forecast, i) => ({
  from: half(i).replace(':00Z', 'Z'),
  to: half(i + 1).replace(':00Z', 'Z'),
  intensity: { forecast, index: 'moderate' },
  generationmix: [],
}));
const handlers = [
  http.get('https://api.carbonintensity.org.uk/regional/intensity/:from/fw24h/regionid/13', () =>
    HttpResponse.json({ data: { regionid: 13, shortname: 'London', data: carbon } }),
  ),
  http.get('https://api.neso.energy/api/3/action/datapackage_show', () => HttpResponse.json(nesoPackage)),
  http.get('https://api.neso.energy/api/3/action/datastore_search', () => HttpResponse.json(nesoSearch)),
  // Real products list (fixtures/octopus-agile/SOURCES.md): the current import product is AGILE-24-04-03.
  http.get('https://api.octopus.energy/v1/products/', () => HttpResponse.json(products)),
  http.get(
    'https://api.octopus.energy/v1/products/:product/electricity-tariffs/:tariff/standard-unit-rates/',
    ({ request }) => {
      expect(new URL(request.url).searchParams.get('period_from')).toBe('2024-05-08T00:00:00Z');
      expect(request.url).toContain('E-1R-AGILE-24-04-03-C');
      return HttpResponse.json({ count: 4, next: null, previous: null, results: prices });
    },
  ),
];

/** A meter reading of `kwh` in the half hour `i` (SensorThings shape). */
const reading = (i: number, kwh: number, symbol = 'kWh'): TwinRecordOf<'Observation'> => ({
  type: 'Feature',
  id: `urn:ldntwin:observation:test:meter-${i}`,
  featureType: 'Observation',
  geometry: null,
  time: { interval: [half(i), half(i + 1)] },
  properties: {
    kind: 'Observation',
    identifiers: [],
    recordedAt: half(i + 1),
    locationPrecision: 'none',
    relations: [],
    provenance: {
      publisher: 'test',
      dataset: 'meter',
      sourceId: String(i),
      retrievedAt: half(i + 1),
      method: 'measured',
      connector: 'sensorthings',
    },
    licence: { id: 'test', attribution: ['test meter'] },
    access: { classification: 'open' },
    attributes: {
      datastream: 'meter',
      observedProperty: 'https://example.london/energy',
      unitOfMeasurement: { name: symbol, symbol, definition: symbol },
      result: kwh,
      phenomenonTime: `${half(i)}/${half(i + 1)}`,
    },
  },
});

describe('energyOutlook with demand, prices, a flexible load and meters (constructed data)', () => {
  it('names the demand peak, the cheapest window and what moving the load saves, with each forecast time', async () => {
    server.use(...handlers);
    const report = await energyOutlook({
      client: client(),
      horizon: '24h',
      windowHours: 1,
      windows: 1,
      demandDays: 3,
      flexibleKwh: 10,
      from: '2024-05-08T00:00:00Z',
      meters: [reading(0, 1), reading(2, 1000, 'Wh'), reading(3, 5, '°C')],
    });
    expect(report.sources.map((s) => [s.connector, s.status])).toEqual([
      ['carbon-intensity', 'answered'],
      ['neso', 'answered'],
      ['octopus-agile', 'answered'],
    ]);
    const text = report.summary.join('\n');
    // The carbon answer is unchanged: the cleanest hour is 01:00-02:00 at 100 g.
    expect(report.summary[0]).toBe(
      "London's forecast carbon intensity: 4 half hours from 2024-05-08T00:00:00Z.",
    );
    expect(report.summary[1]).toBe(
      '1. 2024-05-08T01:00:00Z to 2024-05-08T02:00:00Z: 100 gCO2/kWh on average',
    );
    // The highest of the 9 cardinal points in 3 days: 31 200 MW at 17:30 BST on the 9th.
    expect(text).toContain(
      'GB national demand peaks at 31200 MW from 2024-05-09T16:30:00Z to 2024-05-09T17:00:00Z in the 3 days from 2024-05-08T00:00:00Z (NESO forecast published 2024-05-07T14:05:11.123Z).',
    );
    expect(text).toContain('1. 2024-05-08T01:00:00Z to 2024-05-08T02:00:00Z: 10 p/kWh on average');
    // 10 kWh from 30 p to 10 p saves £2; from 300 g to 100 g avoids 2 kg.
    expect(text).toContain(
      'Moving 10 kWh from 2024-05-08T00:00:00Z to 2024-05-08T01:00:00Z saves £2 (30 to 10 p/kWh).',
    );
    expect(text).toContain('avoids 2 kg CO2 (300 to 100 gCO2/kWh)');
    // 1 kWh at 30 p and 300 g, 1 kWh (1000 Wh) at 10 p and 100 g; the °C reading is left out.
    expect(text).toContain(
      'Meters: 2 kWh in 2 readings (1 not in kWh or Wh, left out); 2 kWh fell in priced half hours and cost £0.4, 2 kWh in forecast half hours emitted 0.4 kg CO2.',
    );
    expect(report.attributions.join(' ')).toMatch(/do not republish/);
  });

  it('keeps to the shorter forecast for one day and says when demand is missing', async () => {
    server.use(...handlers);
    let asked: string | null = null;
    server.use(
      http.get('https://api.neso.energy/api/3/action/datapackage_show', ({ request }) => {
        asked = new URL(request.url).searchParams.get('id');
        return HttpResponse.json({ ...nesoPackage, result: { ...nesoPackage.result, resources: [] } });
      }),
    );
    const report = await energyOutlook({
      client: client(),
      horizon: '24h',
      demandDays: 1,
      from: '2024-05-08T00:00:00Z',
    });
    expect(asked).toBe('2-day-ahead-demand-forecast');
    expect(report.complete).toBe(false);
    expect(report.summary.join('\n')).toMatch(/No GB demand forecast came back/);
  });

  it('rejects a demand span outside 1 to 14 days', async () => {
    await expect(energyOutlook({ client: client(), demandDays: 15 })).rejects.toThrow(/1 to 14/);
  });
});
