import { readFileSync } from 'node:fs';
import { osPlaces } from '@ldn-twin/connectors/os-places';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

/** The real recorded UPRN answer; every operation answers in this layout (header + results). */
const uprn = readFileSync(new URL('./fixtures/os-places/osplaces-uprn-dpa.json', import.meta.url), 'utf8');

/** Answers with the recorded response; the kit makes every fault from it. */
const recorded: typeof fetch = async () =>
  new Response(uprn, { headers: { 'content-type': 'application/json' } });

const config = { apiKey: 'os-places-k3y-faults' };

describeConnector(osPlaces, {
  runner: vitest,
  recorded,
  config,
  cases: [
    { operation: 'uprn', params: { uprn: '100023071949' } },
    { operation: 'postcode', params: { postcode: 'SW1A 2AA' } },
    { operation: 'find', params: { query: '10 Downing Street, London' } },
    { operation: 'nearest', params: { point: { easting: 530047, northing: 179951 } } },
    { operation: 'radius', params: { point: { easting: 530047, northing: 179951 }, radius: 50 } },
    {
      operation: 'bbox',
      params: { bbox: { minEasting: 530000, minNorthing: 179900, maxEasting: 530100, maxNorthing: 180000 } },
    },
    {
      operation: 'polygon',
      params: {
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [-0.1277, 51.5034],
              [-0.1267, 51.5034],
              [-0.1267, 51.504],
              [-0.1277, 51.5034],
            ],
          ],
        },
      },
    },
  ],
  keys: [
    {
      config: { apiKey: 'osPlacesKey0123456789ABCDEF' },
      operation: 'uprn',
      params: { uprn: '100023071949' },
    },
  ],
});
