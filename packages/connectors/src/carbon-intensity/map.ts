/**
 * Carbon intensity periods to Observation records (the SensorThings shape): one for the forecast
 * (method `modelled`), one for the actual where the API has one (national past and current periods;
 * method `measured`, the API's "estimated actual"), and one per fuel of the generation mix
 * (percentages, `modelled`: the regional mix belongs to the forecast). Each covers its half hour:
 * `phenomenonTime` is the interval `from/to`.
 */
import type { Licence, TwinRecordOf } from '@ldn-twin/core';
import { twinRecord } from '@ldn-twin/core';
import type { RawPeriod } from './raw.js';

type Observation = TwinRecordOf<'Observation'>;

/**
 * The observed property of carbon intensity: the API's intensity resource.
 *
 * @example
 * ```ts
 * import { CARBON_INTENSITY_PROPERTY } from '@ldn-twin/connectors/carbon-intensity';
 * const intensity = records.filter((r) => r.properties.attributes.observedProperty === CARBON_INTENSITY_PROPERTY);
 * ```
 */
export const CARBON_INTENSITY_PROPERTY = 'https://api.carbonintensity.org.uk/intensity';

/**
 * The observed property of one fuel's share of generation: the API's generation resource, by fuel.
 *
 * @example
 * ```ts
 * generationShareProperty('wind'); // 'https://api.carbonintensity.org.uk/generation#wind'
 * ```
 */
export function generationShareProperty(fuel: string): string {
  return `https://api.carbonintensity.org.uk/generation#${encodeURIComponent(fuel)}`;
}

/**
 * Grams of CO2 per kilowatt hour, as a UCUM expression.
 *
 * @example
 * ```ts
 * import { GRAMS_CO2_PER_KWH } from '@ldn-twin/connectors/carbon-intensity';
 * GRAMS_CO2_PER_KWH.symbol; // 'gCO2/kWh'
 * ```
 */
export const GRAMS_CO2_PER_KWH = {
  name: 'gram of CO2 per kilowatt hour',
  symbol: 'gCO2/kWh',
  definition: 'http://unitsofmeasure.org/ucum.html#g/(kW.h)',
} as const;

/**
 * Percent, as UCUM.
 *
 * @example
 * ```ts
 * import { PERCENT } from '@ldn-twin/connectors/carbon-intensity';
 * PERCENT.definition; // 'http://unitsofmeasure.org/ucum.html#%'
 * ```
 */
export const PERCENT = {
  name: 'percent',
  symbol: '%',
  definition: 'http://unitsofmeasure.org/ucum.html#%',
} as const;

/** Where the periods of one response come from: GB as a whole, or one region. */
export interface CarbonScope {
  /** `national` or `region-13`: the datastream and id prefix. */
  readonly key: string;
  /** `Great Britain`, `London`. */
  readonly label: string;
  readonly dataset: string;
  /** How the generation mix is named (default `generation mix forecast`, the regional mix's). */
  readonly mixName?: string;
}

/** What every record of one response shares. */
export interface CarbonMappingContext {
  readonly retrievedAt: string;
  readonly licence: Licence;
  readonly sourceUrl: string;
  readonly scope: CarbonScope;
}

/**
 * Maps one half-hour period to its Observations. Throws when it carries no value at all.
 *
 * @example
 * ```ts
 * const records = mapPeriod(period, { retrievedAt, licence, sourceUrl, scope: { key: 'region-13', label: 'London', dataset: 'Regional carbon intensity' } });
 * ```
 */
export function mapPeriod(period: RawPeriod, ctx: CarbonMappingContext): Observation[] {
  const { forecast, actual, index } = period.intensity;
  if (forecast === undefined && actual === undefined && period.generationmix.length === 0) {
    throw new Error(`period ${period.from} has no forecast, actual or generation mix`);
  }
  const describe = index ? { description: `Carbon intensity index: ${index}` } : {};
  const records: Observation[] = [];
  if (forecast !== undefined) {
    records.push(
      observation(period, ctx, {
        stream: 'intensity-forecast',
        name: `${ctx.scope.label} carbon intensity forecast`,
        property: CARBON_INTENSITY_PROPERTY,
        unit: GRAMS_CO2_PER_KWH,
        result: forecast,
        method: 'modelled',
        ...describe,
      }),
    );
  }
  if (actual !== undefined) {
    records.push(
      observation(period, ctx, {
        stream: 'intensity-actual',
        name: `${ctx.scope.label} carbon intensity (estimated actual)`,
        property: CARBON_INTENSITY_PROPERTY,
        unit: GRAMS_CO2_PER_KWH,
        result: actual,
        method: 'measured',
        ...describe,
      }),
    );
  }
  for (const { fuel, perc } of period.generationmix) {
    records.push(
      observation(period, ctx, {
        stream: `generation-mix/${fuel}`,
        name: `${ctx.scope.label} ${ctx.scope.mixName ?? 'generation mix forecast'}: ${fuel}`,
        property: generationShareProperty(fuel),
        unit: PERCENT,
        result: perc,
        method: 'modelled',
      }),
    );
  }
  return records;
}

interface ObservationSpec {
  readonly stream: string;
  readonly name: string;
  readonly property: string;
  readonly unit: { readonly name: string; readonly symbol: string; readonly definition: string };
  readonly result: number;
  readonly method: 'modelled' | 'measured';
  readonly description?: string;
}

function observation(period: RawPeriod, ctx: CarbonMappingContext, spec: ObservationSpec): Observation {
  const local = `${ctx.scope.key}/${spec.stream}/${period.from}`;
  return twinRecord('Observation', {
    id: ['carbon-intensity', local],
    // The API gives no geometry for GB or its regions.
    time: { interval: [period.from, period.to] },
    name: spec.name,
    description: spec.description,
    provenance: {
      publisher: 'National Grid ESO',
      dataset: ctx.scope.dataset,
      sourceId: local,
      sourceUrl: ctx.sourceUrl,
      retrievedAt: ctx.retrievedAt,
      method: spec.method,
      connector: 'carbon-intensity',
    },
    licence: ctx.licence,
    attributes: {
      datastream: `carbon-intensity:${ctx.scope.key}/${spec.stream}`,
      observedProperty: spec.property,
      unitOfMeasurement: { ...spec.unit },
      result: spec.result,
      phenomenonTime: `${period.from}/${period.to}`,
    },
  });
}
