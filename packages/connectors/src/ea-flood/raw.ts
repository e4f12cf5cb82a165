/**
 * The payloads of the Environment Agency real-time flood monitoring API as they really arrive (see
 * the connector's docs page): every response is `{ "@context", meta, items }`, where `items` is an
 * ARRAY for a collection and an OBJECT for a single-item URI; warning times carry no zone; numbers
 * such as `RLOIid` arrive as strings; `measure` is a URI in the default view and an object with
 * `_view=full`. Items stay unknown at the top level and are parsed one by one.
 *
 * @example
 * ```ts
 * import { RawEnvelope, RawFloodWarning } from './raw.js';
 * const { items } = RawEnvelope.parse(body); // always an array
 * const warning = RawFloodWarning.parse(items[0]);
 * ```
 */
import { optionalNumber, optionalText, requiredNumber } from '@ldn-twin/core';
import * as z from 'zod';

/**
 * The envelope of every response. `items` is normalised to an array: a collection's array as it is,
 * a single item's object as a one-item array.
 *
 * @example
 * ```ts
 * RawEnvelope.parse({ items: { '@id': 'x' } }).items; // [{ '@id': 'x' }]
 * ```
 */
export const RawEnvelope = z
  .looseObject({
    meta: z.looseObject({ licence: optionalText(), publisher: optionalText() }).optional(),
    items: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]),
  })
  .transform((body) => ({ ...body, items: Array.isArray(body.items) ? body.items : [body.items] }));

/**
 * A flood area, as nested in a warning (list form: `@id`, `county`, `notation`, `polygon`,
 * `riverOrSea`; single form adds `label`, `lat`, `long`, `fwdCode`, ...) or as an item of
 * `/id/floodAreas`.
 *
 * @example
 * ```ts
 * RawFloodArea.parse({ '@id': 'http://…/id/floodAreas/122WAF946', notation: '122WAF946' });
 * ```
 */
export const RawFloodArea = z.looseObject({
  '@id': optionalText(),
  notation: z.string().min(1),
  label: optionalText(),
  description: optionalText(),
  county: optionalText(),
  riverOrSea: optionalText(),
  eaAreaName: optionalText(),
  fwdCode: optionalText(),
  polygon: optionalText(),
  quickDialNumber: optionalText(),
  lat: optionalNumber(),
  long: optionalNumber(),
});
/** A parsed flood area. */
export type RawFloodArea = z.output<typeof RawFloodArea>;

/**
 * One flood warning or alert of `/id/floods` or `/id/floods/{id}`. Times have no zone suffix.
 *
 * @example
 * ```ts
 * RawFloodWarning.parse(body.items[0]).severityLevel; // 3
 * ```
 */
export const RawFloodWarning = z.looseObject({
  '@id': z.string().min(1),
  description: optionalText(),
  eaAreaName: optionalText(),
  eaRegionName: optionalText(),
  floodArea: RawFloodArea.partial({ notation: true }).optional(),
  floodAreaID: z.string().min(1),
  isTidal: z.boolean().nullable().optional(),
  message: optionalText(),
  severity: optionalText(),
  severityLevel: requiredNumber().pipe(z.int()),
  timeMessageChanged: optionalText(),
  timeRaised: optionalText(),
  timeSeverityChanged: optionalText(),
});
/** A parsed flood warning. */
export type RawFloodWarning = z.output<typeof RawFloodWarning>;

/**
 * A measure: one time series of a station (a SensorThings Datastream), as listed in a station's
 * `measures` or expanded in a reading with `_view=full`.
 *
 * @example
 * ```ts
 * RawMeasure.parse({ '@id': 'http://…/id/measures/E3951-level-stage-i-15_min-mASD', parameter: 'level', unitName: 'mASD' });
 * ```
 */
export const RawMeasure = z.looseObject({
  '@id': z.string().min(1),
  parameter: optionalText(),
  parameterName: optionalText(),
  period: optionalNumber(),
  qualifier: optionalText(),
  unitName: optionalText(),
  valueType: optionalText(),
  stationReference: optionalText(),
  station: z.union([z.string(), z.looseObject({ '@id': optionalText(), label: optionalText() })]).optional(),
});
/** A parsed measure. */
export type RawMeasure = z.output<typeof RawMeasure>;

/**
 * A monitoring station of `/id/stations`. `RLOIid` and `wiskiID` are strings; `easting`/`northing`
 * are British National Grid metres; some stations have no `measures`, and whether a one-measure
 * station can send `measures` as a bare object is unconfirmed, so both are accepted.
 *
 * @example
 * ```ts
 * RawStation.parse(body.items[0]).stationReference; // 'E3951'
 * ```
 */
export const RawStation = z.looseObject({
  '@id': z.string().min(1),
  stationReference: optionalText(),
  notation: optionalText(),
  label: optionalText(),
  RLOIid: z.union([optionalText(), z.number().transform(String)]).optional(),
  wiskiID: optionalText(),
  catchmentName: optionalText(),
  riverName: optionalText(),
  town: optionalText(),
  dateOpened: optionalText(),
  status: optionalText(),
  stageScale: z.unknown().optional(),
  lat: optionalNumber(),
  long: optionalNumber(),
  easting: optionalNumber(),
  northing: optionalNumber(),
  measures: z
    .union([z.array(RawMeasure), RawMeasure, z.null()])
    .optional()
    .transform((m) => (m == null ? [] : Array.isArray(m) ? m : [m])),
});
/** A parsed station. */
export type RawStation = z.output<typeof RawStation>;

/**
 * One reading: `dateTime` (with `Z`), a `measure` (its URI, or the measure itself with `_view=full`)
 * and a `value`.
 *
 * @example
 * ```ts
 * RawReading.parse(body.items[0]).value; // 0
 * ```
 */
export const RawReading = z.looseObject({
  '@id': optionalText(),
  dateTime: z.string().min(1),
  measure: z.union([z.string().min(1), RawMeasure]),
  value: optionalNumber(),
});
/** A parsed reading. */
export type RawReading = z.output<typeof RawReading>;
