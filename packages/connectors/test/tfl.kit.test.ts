import { readFileSync } from 'node:fs';
import { tfl } from '@ldn-twin/connectors/tfl';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) => readFileSync(new URL(`fixtures/tfl/${name}`, import.meta.url), 'utf8');
const roads = fixture('tfl-road-disruption.json');
const streets = fixture('tfl-road-street-disruption.json');
const lines = fixture('tfl-line-status.json');
const stops = fixture('tfl-stoppoint-radius.json');
const bikes = fixture('tfl-bikepoint.json');
const corridors = fixture('tfl-road-status.json');
const predictions = fixture('tfl-stoppoint-arrivals.json');
// Documented shapes only, no capture (fixtures/tfl/SOURCES.md).
const carParks = fixture('tfl-occupancy-carpark.documented.json');
const connectors = fixture('tfl-occupancy-chargeconnector.documented.json');

/** Answers with the real recorded responses; the kit makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  const body = path.startsWith('/Occupancy/CarPark')
    ? carParks
    : path.startsWith('/Occupancy/ChargeConnector')
      ? connectors
      : path.endsWith('/Street/Disruption')
        ? streets
        : path.endsWith('/Disruption')
          ? roads
          : path.endsWith('/Status')
            ? lines
            : path.endsWith('/Arrivals')
              ? predictions
              : path.startsWith('/StopPoint')
                ? stops
                : path.startsWith('/Road/')
                  ? corridors
                  : bikes;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

// TfL's declared 50 a minute would spread the harness's retries over minutes of virtual time.
describeConnector(
  { ...tfl, rateLimits: {} },
  {
    runner: vitest,
    recorded,
    cases: [
      { operation: 'roadDisruptions', params: {} },
      {
        operation: 'streetDisruptions',
        params: { startDate: '2025-10-01T00:00:00Z', endDate: '2025-10-31T00:00:00Z' },
      },
      { operation: 'lineStatus', params: { modes: ['tube'] } },
      { operation: 'lineStatusById', params: { lines: ['bakerloo', 'circle'] } },
      { operation: 'roadStatus', params: { roads: ['a1', 'a2'] } },
      { operation: 'arrivals', params: { stop: '490000050E' } },
      { operation: 'stopPointsNear', params: { point: [-0.133, 51.509], radius: 100 } },
      { operation: 'bikePoints', params: {} },
      { operation: 'carParkOccupancy', params: {} },
      { operation: 'chargeConnectorOccupancy', params: {} },
    ],
    keys: [{ config: { appKey: 'tfl-K3y-0123456789abcdef' }, operation: 'roadDisruptions', params: {} }],
  },
);
