/**
 * Agile unit rates to Observation records: one per half hour, the price including VAT as the result
 * (pence per kWh), the price without VAT in `parameters`. Prices are published, not measured or
 * modelled by the twin: method `reported`.
 */
import { type Licence, type TwinRecordOf, twinRecord } from '@ldn-twin/core';
import type { RawUnitRate } from './raw.js';

type Observation = TwinRecordOf<'Observation'>;

/**
 * The observed property of an electricity unit rate.
 *
 * @example
 * ```ts
 * import { UNIT_RATE_PROPERTY } from '@ldn-twin/connectors/octopus-agile';
 * prices.filter((r) => r.properties.attributes.observedProperty === UNIT_RATE_PROPERTY);
 * ```
 */
export const UNIT_RATE_PROPERTY = 'https://developer.octopus.energy/docs/api/#list-tariff-charges';

/** Pence per kilowatt hour (UCUM has no currency: the definition says what the unit is). */
const PENCE_PER_KWH = { name: 'pence per kilowatt hour', symbol: 'p/kWh', definition: 'GBP pence per kW.h' };

/** What every record of one run shares. */
export interface AgileMappingContext {
  readonly retrievedAt: string;
  readonly licence: Licence;
  readonly tariffCode: string;
  readonly productCode: string;
  readonly sourceUrl: string;
}

/**
 * Maps one unit rate. Throws on an open-ended rate (not a half hour: not Agile).
 *
 * @example
 * ```ts
 * mapUnitRate(rate, ctx).properties.attributes.result; // 18.291 (p/kWh inc VAT)
 * ```
 */
export function mapUnitRate(rate: RawUnitRate, ctx: AgileMappingContext): Observation {
  if (rate.valid_to === null)
    throw new Error(`rate from ${rate.valid_from} has no end: not a half-hourly price`);
  const from = new Date(rate.valid_from).toISOString().replace('.000Z', 'Z');
  const to = new Date(rate.valid_to).toISOString().replace('.000Z', 'Z');
  const local = `${ctx.tariffCode}/${from}`;
  return twinRecord('Observation', {
    id: ['octopus-agile', local],
    time: { interval: [from, to] },
    name: `Agile unit rate ${ctx.tariffCode}, ${from}`,
    provenance: {
      publisher: 'Octopus Energy',
      dataset: ctx.productCode,
      sourceId: local,
      sourceUrl: ctx.sourceUrl,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: 'octopus-agile',
    },
    licence: ctx.licence,
    attributes: {
      datastream: `octopus-agile:${ctx.tariffCode}/standard-unit-rate`,
      observedProperty: UNIT_RATE_PROPERTY,
      observedPropertyName: 'Electricity unit rate including VAT',
      unitOfMeasurement: { ...PENCE_PER_KWH },
      result: rate.value_inc_vat,
      phenomenonTime: `${from}/${to}`,
      parameters: {
        valueExcVat: String(rate.value_exc_vat),
        ...(rate.payment_method ? { paymentMethod: rate.payment_method } : {}),
      },
    },
  });
}
