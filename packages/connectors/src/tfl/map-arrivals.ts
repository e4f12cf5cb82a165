/**
 * Arrival predictions (`/StopPoint/{id}/Arrivals`) to Observation records: the seconds until a
 * vehicle reaches the stop (`timeToStation`), predicted at `timestamp`, with its expected arrival,
 * line, destination and vehicle as parameters. A prediction is `modelled`, not measured.
 */
import type { TwinRecordOf } from '@ldn-twin/core';
import { twinId, twinRecord } from '@ldn-twin/core';
import { type TflMappingContext, tflProvenance } from './common.js';
import type { RawPrediction } from './raw.js';

/**
 * The observed property of an arrival prediction: seconds until the vehicle reaches the stop.
 *
 * @example
 * ```ts
 * import { TIME_TO_STATION_PROPERTY } from '@ldn-twin/connectors/tfl';
 * const arrivals = records.filter((r) => r.properties.attributes.observedProperty === TIME_TO_STATION_PROPERTY);
 * ```
 */
export const TIME_TO_STATION_PROPERTY = 'urn:ldntwin:property:tfl:time-to-station';

/**
 * Maps one prediction. Its id is the stop and TfL's prediction id, so a newer poll of the same
 * prediction replaces the older record.
 *
 * @example
 * ```ts
 * mapArrival(RawPrediction.parse(prediction), { baseUrl, retrievedAt, licence }).properties.attributes.result; // 705
 * ```
 */
export function mapArrival(raw: RawPrediction, ctx: TflMappingContext): TwinRecordOf<'Observation'> {
  const stop = twinId('TransportStop', 'naptan', raw.naptanId);
  const local = `${raw.naptanId}/${raw.id}`;
  const parameters: Record<string, string> = {};
  const given = {
    expectedArrival: raw.expectedArrival,
    lineId: raw.lineId,
    lineName: raw.lineName,
    modeName: raw.modeName,
    platformName: raw.platformName,
    direction: raw.direction,
    destinationName: raw.destinationName,
    destinationNaptanId: raw.destinationNaptanId,
    towards: raw.towards,
    vehicleId: raw.vehicleId,
    currentLocation: raw.currentLocation,
    timeToLive: raw.timeToLive,
  };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) parameters[key] = value;
  return twinRecord('Observation', {
    id: ['tfl-arrival', local],
    time: { timestamp: raw.timestamp },
    name: `${raw.lineName ?? raw.lineId} to ${raw.destinationName ?? raw.towards ?? 'unknown'} at ${raw.stationName ?? raw.naptanId}`,
    observedAt: raw.timestamp,
    relations: [{ rel: 'observes', target: stop }],
    provenance: tflProvenance(
      ctx,
      'Arrivals',
      local,
      `/StopPoint/${encodeURIComponent(raw.naptanId)}/Arrivals`,
      'modelled',
    ),
    licence: ctx.licence,
    attributes: {
      datastream: `${stop}/arrivals/${encodeURIComponent(raw.lineId)}`,
      observedProperty: TIME_TO_STATION_PROPERTY,
      observedPropertyName: 'time to station',
      unitOfMeasurement: { name: 'second', symbol: 's', definition: 'http://unitsofmeasure.org/ucum.html#s' },
      result: raw.timeToStation,
      phenomenonTime: raw.timestamp,
      parameters,
    },
  });
}
