import { readFileSync } from 'node:fs';
import { sensorThings } from '@ldn-twin/connectors/sensorthings';
import { describeConnector, faultCasesPagedAt } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

/** The real documentation extract of a server's /Observations (see fixtures/sensorthings/SOURCES.md). */
const observations = readFileSync(
  new URL('./fixtures/sensorthings/sensorthings-observations.json', import.meta.url),
  'utf8',
);
/* Entity bodies from the standard's own examples, as in sensorthings.test.ts (no recording exists). */
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
  phenomenonTime: '2014-03-01T13:00:00Z/2015-05-11T15:30:00Z',
  resultTime: '2014-03-01T13:00:00Z/2015-05-11T15:30:00Z',
};
const ccit = {
  '@iot.id': 1,
  '@iot.selfLink': 'http://example.org/v1.0/Locations(1)',
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
  description: 'The dewpoint temperature.',
};
const oven = {
  '@iot.id': 1,
  '@iot.selfLink': 'http://example.org/v1.0/Things(1)',
  Datastreams: [ovenDatastream],
  Locations: [ccit],
  description: 'This thing is a convection oven.',
  name: 'Oven',
  properties: { owner: 'John Doe', color: 'Silver' },
};

/** Answers like the server; the kit makes every fault from these answers. */
const recorded: typeof fetch = async (input) => {
  const path = decodeURIComponent(new URL(input instanceof Request ? input.url : String(input)).pathname);
  const body = path.endsWith('/Datastreams(1)/Observations')
    ? observations
    : path.endsWith('/Observations')
      ? JSON.stringify({ value: [] })
      : path.endsWith('/Datastreams(1)')
        ? JSON.stringify({ ...ovenDatastream, ObservedProperty: dewPoint })
        : path.endsWith('/Datastreams')
          ? JSON.stringify({ value: [{ ...ovenDatastream, ObservedProperty: dewPoint }] })
          : JSON.stringify({ value: [oven] });
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

const config = { baseUrl: 'https://toronto-bike-snapshot.sensorup.com/v1.0' };

/** The endless-pager case repeats the first Observations answer only (not a description). */
const cases = faultCasesPagedAt((url) => url.pathname.endsWith('/Observations'));

describeConnector(sensorThings, {
  runner: vitest,
  recorded,
  config,
  faults: cases,
  cases: [
    { operation: 'observations', params: { datastream: 1 } },
    { operation: 'things', params: {} },
    { operation: 'datastreams', params: { thing: 1 } },
  ],
  keys: [
    {
      config: {
        ...config,
        auth: { type: 'header', name: 'x-api-key', value: 'sensorthings-K3y-0123456789' },
      },
      operation: 'things',
      params: {},
    },
  ],
});
