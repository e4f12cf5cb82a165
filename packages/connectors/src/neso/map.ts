/**
 * National demand forecast cardinal points to Observation records (method `modelled`): one per
 * point, covering its clock-time span on the target day, with `resultTime` the forecast's
 * publication (the resource's `last_modified`).
 */
import {
  type Licence,
  type TwinRecordOf,
  twinRecord,
  type ZonelessTimes,
  zonelessToUtc,
} from '@ldn-twin/core';
import type { RawCardinalPoint } from './raw.js';

type Observation = TwinRecordOf<'Observation'>;

/**
 * The observed property of National Demand (ND): the GB generation requirement, MW.
 *
 * @example
 * ```ts
 * import { NATIONAL_DEMAND_PROPERTY } from '@ldn-twin/connectors/neso';
 * records.filter((r) => r.properties.attributes.observedProperty === NATIONAL_DEMAND_PROPERTY);
 * ```
 */
export const NATIONAL_DEMAND_PROPERTY = 'https://www.neso.energy/data-portal#national-demand';

/** Megawatt, as UCUM. */
const MEGAWATT = { name: 'megawatt', symbol: 'MW', definition: 'http://unitsofmeasure.org/ucum.html#MW' };

/** What every record of one run shares. */
export interface NesoMappingContext {
  readonly retrievedAt: string;
  readonly licence: Licence;
  readonly dataset: string;
  readonly resourceId: string;
  readonly sourceUrl: string;
  /** When the forecast was published (the resource's last modification), if known. */
  readonly forecastTime: string | undefined;
  readonly zone: ZonelessTimes;
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function at(date: string, minutes: number, zone: ZonelessTimes): string {
  const day = addDays(date, Math.floor(minutes / 1440));
  return zonelessToUtc(`${day}T${hhmm(minutes % 1440)}`, zone);
}

/**
 * Maps one cardinal point. Without start and end times it covers the whole target day.
 *
 * @example
 * ```ts
 * mapCardinalPoint(point, ctx).properties.attributes.result; // 28000 (MW)
 * ```
 */
export function mapCardinalPoint(point: RawCardinalPoint, ctx: NesoMappingContext): Observation {
  const startMinutes = point.CP_ST_TIME ?? 0;
  let endMinutes = point.CP_END_TIME ?? (point.CP_ST_TIME === undefined ? 1440 : startMinutes + 30);
  if (endMinutes <= startMinutes) endMinutes += 1440;
  const from = at(point.TARGETDATE, startMinutes, ctx.zone);
  const to = at(point.TARGETDATE, endMinutes, ctx.zone);
  const cardinal = point.CARDINALPOINT ?? `${point.CP_ST_TIME ?? 'day'}`;
  const local = `${ctx.resourceId}/${point.TARGETDATE}/${cardinal}`;
  const kind = { P: 'peak', T: 'trough', F: 'fixed' }[point.CP_TYPE ?? ''] ?? point.CP_TYPE;
  return twinRecord('Observation', {
    id: ['neso', local],
    time: { interval: [from, to] },
    name: `GB national demand forecast, ${point.TARGETDATE} ${cardinal}`,
    provenance: {
      publisher: 'National Energy System Operator (NESO)',
      dataset: ctx.dataset,
      sourceId: local,
      sourceUrl: ctx.sourceUrl,
      retrievedAt: ctx.retrievedAt,
      method: 'modelled',
      connector: 'neso',
    },
    licence: ctx.licence,
    attributes: {
      datastream: `neso:${ctx.resourceId}/national-demand`,
      observedProperty: NATIONAL_DEMAND_PROPERTY,
      observedPropertyName: 'National Demand',
      unitOfMeasurement: { ...MEGAWATT },
      result: point.FORECASTDEMAND,
      phenomenonTime: `${from}/${to}`,
      resultTime: ctx.forecastTime,
      parameters: Object.fromEntries(
        Object.entries({
          cardinalPoint: point.CARDINALPOINT,
          cardinalPointType: kind,
          daysAhead: point.DAYSAHEAD === undefined ? undefined : String(point.DAYSAHEAD),
        }).filter((e): e is [string, string] => e[1] !== undefined),
      ),
    },
  });
}
