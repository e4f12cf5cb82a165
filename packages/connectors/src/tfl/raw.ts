/**
 * The TfL Unified API payloads as they really arrive (field guide §1): every object carries a
 * `$type` (ignored), `0001-01-01T00:00:00` stands for "no date", coordinates come inside strings
 * (`"[-0.2531,51.486126]"`), and `geography`/`geometry` are GeoJSON objects with a named CRS, not
 * the `DbGeography` the OpenAPI spec declares. Keys that TfL leaves out (a "Good Service" status has
 * no `reason`) are optional. Lists stay `unknown` at the top level and are parsed item by item.
 */
import { oneOrMany, optionalNumber, optionalText, requiredNumber } from '@ldn-twin/core';
import * as z from 'zod';

/** A list that may be absent, `null`, one item or an array: always an array. */
function list<T extends z.ZodType>(item: T) {
  return oneOrMany(item).default([]);
}

const OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const IsoDateTime = z.iso.datetime({ offset: true });

/**
 * A TfL date-time: `""`, `null` and the `0001-01-01T00:00:00` sentinel mean absent; a time without
 * an offset is UTC (TfL times are UTC, field guide rule 5) and gets its `Z`.
 */
export function tflDateTime() {
  return optionalText().transform((value, ctx) => {
    if (value === undefined || value.startsWith('0001-01-01')) return undefined;
    const iso = OFFSET.test(value) ? value : `${value}Z`;
    if (!IsoDateTime.safeParse(iso).success) {
      ctx.issues.push({
        code: 'custom',
        message: `expected an ISO date-time, got ${JSON.stringify(value)}`,
        input: value,
      });
      return z.NEVER;
    }
    return iso;
  });
}

/** A GeoJSON-like object as TfL sends it (with a `crs` member that RFC 7946 dropped). */
export const RawGeoJson = z.looseObject({ type: z.string().min(1), coordinates: z.unknown() });
export type RawGeoJson = z.output<typeof RawGeoJson>;

const RawStreetSegment = z.looseObject({ toid: optionalText(), lineString: optionalText() });

const RawStreet = z.looseObject({
  name: z.string().min(1),
  closure: optionalText(),
  directions: optionalText(),
  segments: list(RawStreetSegment),
});

/** Keys of a road disruption mapped to named attributes; the rest go to `extra`. */
export const ROAD_DISRUPTION_KEYS = new Set([
  '$type',
  'id',
  'url',
  'point',
  'severity',
  'category',
  'subCategory',
  'comments',
  'currentUpdate',
  'currentUpdateDateTime',
  'corridorIds',
  'startDateTime',
  'endDateTime',
  'lastModifiedTime',
  'levelOfInterest',
  'location',
  'status',
  'geography',
  'geometry',
  'streets',
  'isProvisional',
  'hasClosures',
]);

/** One element of `GET /Road/{ids}/Disruption` (`Tfl.Api.Presentation.Entities.RoadDisruption`). */
export const RawRoadDisruption = z.looseObject({
  id: z.string().min(1),
  url: optionalText(),
  point: optionalText(),
  severity: optionalText(),
  ordinal: optionalNumber(),
  category: optionalText(),
  subCategory: optionalText(),
  comments: optionalText(),
  currentUpdate: optionalText(),
  currentUpdateDateTime: tflDateTime(),
  corridorIds: list(z.string().min(1)),
  startDateTime: tflDateTime(),
  endDateTime: tflDateTime(),
  lastModifiedTime: tflDateTime(),
  levelOfInterest: optionalText(),
  location: optionalText(),
  status: optionalText(),
  geography: RawGeoJson.nullish(),
  geometry: RawGeoJson.nullish(),
  streets: list(RawStreet),
  isProvisional: z.boolean().nullish(),
  hasClosures: z.boolean().nullish(),
});
export type RawRoadDisruption = z.output<typeof RawRoadDisruption>;

/**
 * One element of `GET /Road/all/Street/Disruption` (`DisruptedStreetSegment`). TfL spells the
 * segment id `distruptedStreetId` (sic); the corrected spelling is accepted too.
 */
export const RawStreetDisruption = z
  .looseObject({
    streetName: optionalText(),
    closure: optionalText(),
    directions: optionalText(),
    lineString: optionalText(),
    distruptedStreetId: optionalText(),
    disruptedStreetId: optionalText(),
    disruptionId: z.string().min(1),
    startLat: optionalNumber(),
    startLon: optionalNumber(),
    endLat: optionalNumber(),
    endLon: optionalNumber(),
    severity: optionalText(),
    category: optionalText(),
    subCategory: optionalText(),
    comments: optionalText(),
    startDateTime: tflDateTime(),
    endDateTime: tflDateTime(),
    levelOfInterest: optionalText(),
    location: optionalText(),
  })
  .refine((s) => s.distruptedStreetId ?? s.disruptedStreetId, {
    message: 'a disrupted street segment needs distruptedStreetId',
    path: ['distruptedStreetId'],
  });
export type RawStreetDisruption = z.output<typeof RawStreetDisruption>;

const RawValidityPeriod = z.looseObject({
  fromDate: tflDateTime(),
  toDate: tflDateTime(),
  isNow: z.boolean().nullish(),
});

const RawLineDisruption = z.looseObject({
  category: optionalText(),
  type: optionalText(),
  categoryDescription: optionalText(),
  description: optionalText(),
  summary: optionalText(),
  additionalInfo: optionalText(),
  created: tflDateTime(),
  lastUpdate: tflDateTime(),
  closureText: optionalText(),
});

/** A LineStatus. "Good Service" has no `lineId`, `reason` or `disruption` keys. */
const RawLineStatus = z.looseObject({
  lineId: optionalText(),
  statusSeverity: requiredNumber(),
  statusSeverityDescription: z.string().min(1),
  reason: optionalText(),
  created: tflDateTime(),
  modified: tflDateTime(),
  validityPeriods: list(RawValidityPeriod),
  disruption: RawLineDisruption.nullish(),
});

/** One element of `GET /Line/Mode/{modes}/Status` (`Tfl.Api.Presentation.Entities.Line`). */
export const RawLine = z.looseObject({
  id: z.string().min(1),
  name: optionalText(),
  modeName: optionalText(),
  created: tflDateTime(),
  modified: tflDateTime(),
  lineStatuses: list(RawLineStatus),
});
export type RawLine = z.output<typeof RawLine>;

/** `GET /StopPoint?lat=&lon=&stopTypes=&radius=`: stop points stay unknown, parsed one by one. */
export const RawStopPointsResponse = z.looseObject({
  /** `[lat, lon]`, the opposite order of TfL's string geometries. */
  centrePoint: z.array(z.number()).nullish(),
  stopPoints: z.array(z.unknown()),
});

/** One StopPoint of a radius search. */
export const RawStopPoint = z.looseObject({
  naptanId: z.string().min(1),
  commonName: optionalText(),
  indicator: optionalText(),
  stopLetter: optionalText(),
  modes: list(z.string().min(1)),
  icsCode: optionalText(),
  stopType: optionalText(),
  stationNaptan: optionalText(),
  lines: list(z.looseObject({ id: z.string().min(1) })),
  status: z.boolean().nullish(),
  distance: optionalNumber(),
  lat: requiredNumber(),
  lon: requiredNumber(),
});
export type RawStopPoint = z.output<typeof RawStopPoint>;

const RawAdditionalProperty = z.looseObject({
  key: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  modified: tflDateTime(),
});

/** One `Place` of `GET /BikePoint`: dock counts are strings in `additionalProperties`. */
export const RawBikePoint = z.looseObject({
  id: z.string().min(1),
  url: optionalText(),
  commonName: optionalText(),
  additionalProperties: list(RawAdditionalProperty),
  lat: requiredNumber(),
  lon: requiredNumber(),
});
export type RawBikePoint = z.output<typeof RawBikePoint>;

/** A list body; a TfL error object instead of an array is a SchemaError, not an empty list. */
export const RawList = z.array(z.unknown());

/**
 * One element of `GET /Road/{ids}` (`Tfl.Api.Presentation.Entities.RoadCorridor`, documented shape):
 * a road corridor's status and its bounds as a string `"[[west,south],[east,north]]"`.
 *
 * @example
 * ```ts
 * RawRoadCorridor.parse({ id: 'a2', displayName: 'A2', statusSeverity: 'Good', bounds: '[[-0.0857,51.44091],[0.17118,51.49438]]' });
 * ```
 */
export const RawRoadCorridor = z.looseObject({
  id: z.string().min(1),
  displayName: optionalText(),
  statusSeverity: z.string().min(1),
  statusSeverityDescription: optionalText(),
  bounds: optionalText(),
});
export type RawRoadCorridor = z.output<typeof RawRoadCorridor>;

/**
 * One element of `GET /StopPoint/{id}/Arrivals` (`Tfl.Api.Presentation.Entities.Prediction`): a
 * vehicle's predicted arrival at a stop, `timeToStation` seconds after `timestamp`.
 *
 * @example
 * ```ts
 * RawPrediction.parse({ id: '402709115', naptanId: '490000050E', lineId: '322', timestamp: '2015-11-14T22:59:04.883Z', timeToStation: 705, expectedArrival: '2015-11-14T23:10:50Z' });
 * ```
 */
export const RawPrediction = z.looseObject({
  id: z.string().min(1),
  naptanId: z.string().min(1),
  stationName: optionalText(),
  lineId: z.string().min(1),
  lineName: optionalText(),
  vehicleId: optionalText(),
  platformName: optionalText(),
  direction: optionalText(),
  destinationName: optionalText(),
  destinationNaptanId: optionalText(),
  towards: optionalText(),
  currentLocation: optionalText(),
  modeName: optionalText(),
  timestamp: z.iso.datetime({ offset: true }),
  timeToStation: requiredNumber(),
  expectedArrival: z.iso.datetime({ offset: true }),
  timeToLive: optionalText(),
});
export type RawPrediction = z.output<typeof RawPrediction>;

/**
 * One bay type of a car park (`Tfl.Api.Presentation.Entities.Bay`, documented shape: TfL's
 * OpenAPI, no capture): how many bays of the type, free and occupied.
 *
 * @example
 * ```ts
 * RawBay.parse({ bayType: 'Disabled', bayCount: 4, free: 1, occupied: 3 });
 * ```
 */
export const RawBay = z.looseObject({
  bayType: z.string().min(1),
  bayCount: optionalNumber(),
  free: optionalNumber(),
  occupied: optionalNumber(),
});
export type RawBay = z.output<typeof RawBay>;

/**
 * One element of `GET /Occupancy/CarPark` (`Tfl.Api.Presentation.Entities.CarParkOccupancy`,
 * documented shape: TfL's OpenAPI, no capture): a car park's id, name, details URL and bays. It
 * carries no location and no time.
 *
 * @example
 * ```ts
 * RawCarParkOccupancy.parse({ id: 'CarParks_0001', name: 'Example station car park', bays: [{ bayType: 'General', bayCount: 30, free: 12, occupied: 18 }] });
 * ```
 */
export const RawCarParkOccupancy = z.looseObject({
  id: z.string().min(1),
  name: optionalText(),
  carParkDetailsUrl: optionalText(),
  bays: list(RawBay),
});
export type RawCarParkOccupancy = z.output<typeof RawCarParkOccupancy>;

/**
 * One element of `GET /Occupancy/ChargeConnector`
 * (`Tfl.Api.Presentation.Entities.ChargeConnectorOccupancy`, documented shape: TfL's OpenAPI, no
 * capture): a connector's numeric id, its id in the charge point operator's system and its status
 * text. It carries no location and no time.
 *
 * @example
 * ```ts
 * RawChargeConnectorOccupancy.parse({ id: 1234, sourceSystemPlaceId: 'ChargePointESB-UT06NW-1', status: 'Available' });
 * ```
 */
export const RawChargeConnectorOccupancy = z.looseObject({
  id: optionalNumber(),
  sourceSystemPlaceId: z.string().min(1),
  status: z.string().min(1),
});
export type RawChargeConnectorOccupancy = z.output<typeof RawChargeConnectorOccupancy>;
