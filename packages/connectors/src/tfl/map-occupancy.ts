/**
 * TfL's occupancy feeds: a car park becomes a Facility and an Observation per bay type and figure
 * (free, occupied), a charge connector an Observation of its status. Neither feed gives a location
 * or a time (documented shape, TfL's OpenAPI), so the records have no geometry and are observed at
 * the retrieval time, said in `resultQuality`.
 */
import type { TwinRecordOf } from '@ldn-twin/core';
import { twinId, twinRecord } from '@ldn-twin/core';
import { type TflMappingContext, tflProvenance } from './common.js';
import type { RawCarParkOccupancy, RawChargeConnectorOccupancy } from './raw.js';

type Facility = TwinRecordOf<'Facility'>;
type Observation = TwinRecordOf<'Observation'>;

/** Neither occupancy feed says when its figures were taken. */
const UNTIMED = 'TfL gives no time for this figure: observed at the retrieval time';

const BAY_UNIT = {
  name: 'parking bays (count)',
  symbol: 'bays',
  definition: 'http://unitsofmeasure.org/ucum.html#{bay}',
} as const;

/**
 * Maps one car park's occupancy: its Facility (capacity the sum of its bay counts, when every bay
 * type gives one) and, per bay type, an Observation of its free and of its occupied bays.
 *
 * @example
 * ```ts
 * const [carPark, ...figures] = mapCarParkOccupancy(rawCarPark, { baseUrl, retrievedAt, licence });
 * ```
 */
export function mapCarParkOccupancy(
  raw: RawCarParkOccupancy,
  ctx: TflMappingContext,
): (Facility | Observation)[] {
  const facilityId = twinId('Facility', 'tfl-carpark', raw.id);
  const path = `/Occupancy/CarPark/${encodeURIComponent(raw.id)}`;
  const counts = raw.bays.map((bay) => bay.bayCount);
  const capacity =
    counts.length > 0 && counts.every((n) => n !== undefined)
      ? counts.reduce<number>((sum, n) => sum + (n ?? 0), 0)
      : undefined;
  const facility: Facility = twinRecord('Facility', {
    id: facilityId,
    name: raw.name || undefined,
    identifiers: [{ scheme: 'other', value: raw.id, issuer: 'tfl-carpark' }],
    provenance: tflProvenance(ctx, 'Occupancy/CarPark', raw.id, path),
    licence: ctx.licence,
    attributes: {
      facilityType: 'car-park',
      capacity: capacity === undefined ? undefined : whole(capacity, 'bayCount'),
      extra: raw.carParkDetailsUrl ? { carParkDetailsUrl: raw.carParkDetailsUrl } : undefined,
    },
  });
  const at = ctx.retrievedAt;
  const observations: Observation[] = [];
  for (const bay of raw.bays) {
    for (const figure of ['free', 'occupied'] as const) {
      const value = bay[figure];
      if (value === undefined) continue;
      observations.push(
        twinRecord('Observation', {
          id: ['tfl-carpark', `${raw.id}/${bay.bayType}/${figure}/${at}`],
          time: { timestamp: at },
          name: `${raw.name ?? raw.id}: ${bay.bayType} bays ${figure}`,
          identifiers: [{ scheme: 'other', value: raw.id, issuer: 'tfl-carpark' }],
          observedAt: at,
          relations: [{ rel: 'observes', target: facilityId }],
          provenance: tflProvenance(
            ctx,
            'Occupancy/CarPark',
            `${raw.id}/${bay.bayType}/${figure}`,
            path,
            'measured',
          ),
          licence: ctx.licence,
          attributes: {
            datastream: `${facilityId}/${encodeURIComponent(bay.bayType)}/${figure}`,
            observedProperty: `${ctx.baseUrl}/Occupancy/CarPark#${figure}`,
            observedPropertyName: `${figure} bays`,
            unitOfMeasurement: BAY_UNIT,
            result: whole(value, figure),
            phenomenonTime: at,
            resultQuality: UNTIMED,
            parameters: {
              bayType: bay.bayType,
              ...(bay.bayCount === undefined ? {} : { bayCount: String(bay.bayCount) }),
            },
          },
        }),
      );
    }
  }
  return [facility, ...observations];
}

/**
 * Maps one charge connector's status (TfL's text, e.g. `Available`, kept as it is) to an
 * Observation of the connector, identified by the operator's id (`sourceSystemPlaceId`).
 *
 * @example
 * ```ts
 * const status = mapChargeConnectorOccupancy(rawConnector, { baseUrl, retrievedAt, licence });
 * status.properties.attributes.result; // 'Available'
 * ```
 */
export function mapChargeConnectorOccupancy(
  raw: RawChargeConnectorOccupancy,
  ctx: TflMappingContext,
): Observation {
  const at = ctx.retrievedAt;
  const connector = raw.sourceSystemPlaceId;
  return twinRecord('Observation', {
    id: ['tfl-charge-connector', `${connector}/status/${at}`],
    time: { timestamp: at },
    name: `${connector}: status`,
    identifiers: [
      { scheme: 'other', value: connector, issuer: 'tfl-charge-connector' },
      ...(raw.id === undefined
        ? []
        : [{ scheme: 'other' as const, value: String(raw.id), issuer: 'tfl-occupancy' }]),
    ],
    observedAt: at,
    provenance: tflProvenance(
      ctx,
      'Occupancy/ChargeConnector',
      connector,
      `/Occupancy/ChargeConnector/${encodeURIComponent(connector)}`,
      'measured',
    ),
    licence: ctx.licence,
    attributes: {
      datastream: `tfl-charge-connector:${connector}/status`,
      observedProperty: `${ctx.baseUrl}/Occupancy/ChargeConnector#status`,
      observedPropertyName: 'charge connector status',
      // A category, not a quantity: UCUM's unity.
      unitOfMeasurement: {
        name: 'status (text)',
        symbol: 'status',
        definition: 'http://unitsofmeasure.org/ucum.html#1',
      },
      result: raw.status,
      phenomenonTime: at,
      resultQuality: UNTIMED,
    },
  });
}

function whole(value: number, key: string): number {
  if (!Number.isInteger(value) || value < 0) throw new Error(`${key} is not a count: ${value}`);
  return value;
}
