/**
 * Attributes of sensing kinds, in the OGC SensorThings shape: an Observation belongs to a Datastream,
 * observes an ObservedProperty (by URI) in a unit of measurement (UCUM) at a phenomenon time.
 */
import * as z from 'zod';

/** An RFC 3339 instant or an ISO 8601 interval `start/end` (SensorThings phenomenonTime). */
const phenomenonTime = z.union([
  z.iso.datetime({ offset: true }),
  z
    .string()
    .regex(
      /^\d{4}-\d{2}-\d{2}T[^/]+\/\d{4}-\d{2}-\d{2}T[^/]+$/,
      'an RFC 3339 date-time or an ISO 8601 interval start/end',
    ),
]);

/**
 * Attributes of an Observation. `datastream` identifies the series (a twin id or the source's id),
 * `observedProperty` is the property's definition URI, `unitOfMeasurement.definition` the UCUM URI or
 * code; `result` is null when the source reports a missing value (say why in `resultQuality`).
 * `observedPropertyName`, `resultTime` and `parameters` are optional SensorThings fields.
 *
 * @example
 * ```ts
 * import { ObservationAttributes } from '@ldn-twin/core';
 * ObservationAttributes.parse({
 *   datastream: 'urn:ldntwin:sensor:laqn:BL0/NO2',
 *   observedProperty: 'http://vocab.nerc.ac.uk/collection/P01/current/NO2XXXXX/',
 *   unitOfMeasurement: {
 *     name: 'microgram per cubic metre',
 *     symbol: 'µg/m³',
 *     definition: 'http://unitsofmeasure.org/ucum.html#ug/m3',
 *   },
 *   result: 41.2,
 *   phenomenonTime: '2026-11-26T09:00:00Z',
 * });
 * ```
 */
export const ObservationAttributes = z
  .strictObject({
    datastream: z.string().min(1),
    observedProperty: z.url().describe('definition URI of the observed property'),
    unitOfMeasurement: z.strictObject({
      name: z.string().min(1),
      symbol: z.string().min(1),
      definition: z.string().min(1).describe('UCUM definition (URI or code)'),
    }),
    result: z.union([z.number(), z.string(), z.null()]),
    phenomenonTime,
    resultQuality: z.string().optional(),
    /** SensorThings `ObservedProperty.name`: a label for `observedProperty` (e.g. 'Nitrogen Dioxide'). */
    observedPropertyName: z.string().min(1).optional(),
    /** SensorThings `resultTime`: when the result was produced, if the source says and it differs. */
    resultTime: z.iso.datetime({ offset: true }).optional(),
    /** SensorThings `parameters`: source-specific facts about the observation, as text. */
    parameters: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'ObservationAttributes', description: 'A SensorThings-shaped observation' });

/**
 * Attributes of a Sensor: a monitoring site, gauging station or SensorThings Thing/Datastream.
 * Strict (a source's own fields go in `extra`); every field is optional, since sources differ widely.
 * `observedProperties` holds the source's codes for what it measures (LAQN species codes, EA
 * parameters, SensorThings Datastream names); `datastreams` the ids of its series, as the
 * Observations it produces name them in `datastream`.
 *
 * @example
 * ```ts
 * import { SensorAttributes } from '@ldn-twin/core';
 * SensorAttributes.parse({
 *   sensorType: 'air-quality',
 *   siteType: 'Roadside',
 *   observedProperties: ['NO2', 'PM10'],
 *   operator: "King's College London",
 *   status: 'open',
 *   openedAt: '2017-01-27T00:00:00Z',
 * });
 * ```
 */
export const SensorAttributes = z
  .strictObject({
    sensorType: z.string().optional(),
    observedProperties: z.array(z.string()).optional(),
    datastreams: z.array(z.string().min(1)).optional(),
    operator: z.string().optional(),
    owner: z.string().optional(),
    status: z.string().optional(),
    /** The source's classification of the site (LAQN `@SiteType`: Roadside, Kerbside, Urban Background...). */
    siteType: z.string().optional(),
    openedAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
    closedAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
    /** Source fields with no place above, as text under their original names. */
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'SensorAttributes', description: 'A sensor, monitoring site or station' });
