/**
 * The entities of an OGC SensorThings API (Part 1: Sensing, v1.0/v1.1) as servers send them:
 * collections `{ "@iot.count"?, "@iot.nextLink"?, value: [...] }`, ids (`@iot.id`) that are numbers
 * on some servers and strings on others, `result` of any JSON type, and related entities inline only
 * when asked with `$expand`. Entities stay unknown at the top level and are parsed one by one.
 *
 * @example
 * ```ts
 * import { RawCollection, RawObservation } from './raw.js';
 * const page = RawCollection.parse(body);
 * const first = RawObservation.parse(page.value[0]);
 * ```
 */
import { optionalNumber, optionalText } from '@ldn-twin/core';
import * as z from 'zod';

/**
 * An entity id: a number or a string, depending on the server.
 *
 * @example
 * ```ts
 * IotId.parse(1595550); // 1595550
 * IotId.parse('saqn:o:1'); // 'saqn:o:1'
 * ```
 */
export const IotId = z.union([z.number(), z.string().min(1)]);
/** An entity id. */
export type IotId = z.output<typeof IotId>;

/**
 * A collection page. Follow `@iot.nextLink` for the next page; `@iot.count` comes with `$count=true`.
 *
 * @example
 * ```ts
 * RawCollection.parse({ value: [] })['@iot.nextLink']; // undefined
 * ```
 */
export const RawCollection = z.looseObject({
  '@iot.count': optionalNumber(),
  '@iot.nextLink': optionalText(),
  value: z.array(z.unknown()),
});

const Properties = z.record(z.string(), z.unknown()).nullable().optional();

/**
 * A unit of measurement; every member may be null for observations that have none.
 *
 * @example
 * ```ts
 * RawUnit.parse({ name: 'degree Celsius', symbol: '°C', definition: 'http://unitsofmeasure.org/ucum.html#para-30' });
 * ```
 */
export const RawUnit = z.looseObject({
  name: optionalText(),
  symbol: optionalText(),
  definition: optionalText(),
});

/**
 * An ObservedProperty: what is observed, defined by a URI.
 *
 * @example
 * ```ts
 * RawObservedProperty.parse({ name: 'DewPoint Temperature', definition: 'http://dbpedia.org/page/Dew_point' });
 * ```
 */
export const RawObservedProperty = z.looseObject({
  '@iot.id': IotId.optional(),
  name: optionalText(),
  definition: optionalText(),
  description: optionalText(),
});

/**
 * A Location; `location` is GeoJSON when `encodingType` is `application/vnd.geo+json` (or
 * `application/geo+json`), and either a geometry or a Feature.
 *
 * @example
 * ```ts
 * RawLocation.parse({ encodingType: 'application/vnd.geo+json', location: { type: 'Point', coordinates: [-114.06, 51.05] } });
 * ```
 */
export const RawLocation = z.looseObject({
  '@iot.id': IotId.optional(),
  name: optionalText(),
  encodingType: optionalText(),
  location: z.unknown().optional(),
});

/**
 * A Datastream: one series of a Thing, with its unit; Thing, Sensor and ObservedProperty inline when
 * expanded.
 *
 * @example
 * ```ts
 * RawDatastream.parse({ '@iot.id': 1, name: 'oven temperature', unitOfMeasurement: { symbol: '°C' } });
 * ```
 */
export const RawDatastream = z.looseObject({
  '@iot.id': IotId,
  '@iot.selfLink': optionalText(),
  name: optionalText(),
  description: optionalText(),
  unitOfMeasurement: RawUnit.nullable().optional(),
  observationType: optionalText(),
  observedArea: z.unknown().optional(),
  properties: Properties,
  ObservedProperty: RawObservedProperty.optional(),
  Thing: z.looseObject({ '@iot.id': IotId, name: optionalText() }).optional(),
  Sensor: z.looseObject({ '@iot.id': IotId.optional(), name: optionalText() }).optional(),
});
/** A parsed Datastream. */
export type RawDatastream = z.output<typeof RawDatastream>;

/**
 * A Thing, with its Locations and Datastreams inline when expanded.
 *
 * @example
 * ```ts
 * RawThing.parse({ '@iot.id': 1, name: 'Oven', properties: { owner: 'John Doe' } });
 * ```
 */
export const RawThing = z.looseObject({
  '@iot.id': IotId,
  '@iot.selfLink': optionalText(),
  name: optionalText(),
  description: optionalText(),
  properties: Properties,
  Locations: z.array(RawLocation).optional(),
  Datastreams: z.array(RawDatastream).optional(),
});
/** A parsed Thing. */
export type RawThing = z.output<typeof RawThing>;

/**
 * An Observation. `result` may be any JSON value (a string `"7"` on some servers, numbers on others).
 *
 * @example
 * ```ts
 * RawObservation.parse({ '@iot.id': 1595550, phenomenonTime: '2017-02-16T21:55:12.841Z', result: '7' });
 * ```
 */
export const RawObservation = z.looseObject({
  '@iot.id': IotId,
  '@iot.selfLink': optionalText(),
  phenomenonTime: z.string().min(1),
  result: z.unknown(),
  resultTime: optionalText(),
  resultQuality: z.unknown().optional(),
  parameters: Properties,
});
/** A parsed Observation. */
export type RawObservation = z.output<typeof RawObservation>;
