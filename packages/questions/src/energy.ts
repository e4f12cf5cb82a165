/**
 * energyOutlook: when is London's electricity cleanest in the next day or two? The London region's
 * carbon intensity forecast and generation mix (Carbon Intensity API, region 13), with the best
 * windows to shift flexible demand into. Asked for them, it also says when GB demand peaks in the
 * next 1 to 14 days (NESO's demand forecasts), when power is cheapest in London (Octopus Agile,
 * region C), what a flexible load of N kWh saves by moving to the cheapest and cleanest windows, and
 * what a building's own meters (SensorThings Observations in kWh) cost and emitted over the span.
 */

import {
  CARBON_INTENSITY_PROPERTY,
  carbonIntensity,
  LONDON_REGION_ID,
} from '@ldn-twin/connectors/carbon-intensity';
import { NATIONAL_DEMAND_PROPERTY, neso } from '@ldn-twin/connectors/neso';
import { LONDON_REGION, octopusAgile, UNIT_RATE_PROPERTY } from '@ldn-twin/connectors/octopus-agile';
import type { TwinRecordOf } from '@ldn-twin/core';
import {
  askAll,
  buildReport,
  connectFor,
  type QuestionOptions,
  type QuestionReport,
  type Source,
} from './report.js';

/** Options of {@link energyOutlook}. */
export interface EnergyOutlookOptions extends QuestionOptions {
  /** How far ahead: the half hour now, or 24 or 48 hours of forecast (default 48). */
  readonly horizon?: 'current' | '24h' | '48h';
  /** The length of a window to shift demand into, in hours (default 2). */
  readonly windowHours?: number;
  /** How many of the best windows to name (default 3). */
  readonly windows?: number;
  /** Say when GB demand peaks in the next 1 to 14 days (NESO); unset: demand is not asked. */
  readonly demandDays?: number;
  /** Ask London's Agile prices (Octopus, region C) and name the cheapest windows. */
  readonly prices?: boolean;
  /** A flexible load, kWh, run over `windowHours`: what moving it saves (asks prices too). */
  readonly flexibleKwh?: number;
  /** Where "now" is, for prices and the demand span (ISO instant; default the time of asking). */
  readonly from?: string;
  /** A building's own meter readings (SensorThings Observations, unit kWh or Wh) to set against prices and carbon. */
  readonly meters?: readonly TwinRecordOf<'Observation'>[];
}

/** A stretch of time with its mean forecast intensity. */
export interface CleanWindow {
  readonly from: string;
  readonly to: string;
  /** Mean forecast intensity over the window, gCO2/kWh. */
  readonly intensity: number;
}

type Observation = TwinRecordOf<'Observation'>;
const HORIZON = { current: 'current', '24h': 'fw24h', '48h': 'fw48h' } as const;

/**
 * London's carbon intensity outlook and the cleanest windows ahead.
 *
 * @example
 * ```ts
 * const report = await energyOutlook({ client: createClient(), horizon: '24h' });
 * console.log(report.summary.join('\n'));
 * ```
 */
export async function energyOutlook(options: EnergyOutlookOptions): Promise<QuestionReport<Observation>> {
  const intensity = connectFor(carbonIntensity, options);
  const wantPrices = options.prices === true || options.flexibleKwh !== undefined;
  const days = options.demandDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 14)) {
    throw new RangeError(`energyOutlook: demandDays must be a whole number from 1 to 14, not ${days}`);
  }
  const from = options.from ?? new Date().toISOString();
  const sources: Source<Observation>[] = [
    {
      source: 'London carbon intensity and generation mix (Carbon Intensity API)',
      connector: carbonIntensity.id,
      run: (signal) =>
        intensity.regionalIntensity(
          { regionId: LONDON_REGION_ID, window: HORIZON[options.horizon ?? '48h'] },
          signal ? { signal } : {},
        ),
    },
  ];
  if (days !== undefined) {
    const demand = connectFor(neso, options);
    sources.push({
      source: 'GB national demand forecast (NESO Data Portal)',
      connector: neso.id,
      run: (signal) =>
        demand.demandForecast(
          { forecast: days <= 2 ? 'two-day' : 'two-to-fourteen-day' },
          signal ? { signal } : {},
        ),
    });
  }
  if (wantPrices) {
    const agile = connectFor(octopusAgile, options);
    sources.push({
      source: 'London Agile electricity prices (Octopus Energy, region C)',
      connector: octopusAgile.id,
      run: (signal) => agile.unitRates({ region: LONDON_REGION, from }, signal ? { signal } : {}),
    });
  }
  const { records, sources: answered, ...withheld } = await askAll(sources, options);
  const observations = records.filter((r): r is Observation => r.featureType === 'Observation');
  const numeric = (property: string) =>
    observations.filter(
      (r) =>
        r.properties.attributes.observedProperty === property &&
        typeof r.properties.attributes.result === 'number',
    );
  const forecast = numeric(CARBON_INTENSITY_PROPERTY);
  const hours = options.windowHours ?? 2;
  const best = cleanestWindows(forecast, hours, options.windows ?? 3);
  const summary =
    forecast.length === 0
      ? ['No carbon intensity forecast for London came back.']
      : [
          `London's forecast carbon intensity: ${forecast.length} half hours from ${periodOf(forecast[0]!).from}.`,
          ...best.map(
            (w, i) => `${i + 1}. ${w.from} to ${w.to}: ${Math.round(w.intensity)} gCO2/kWh on average`,
          ),
        ];
  if (days !== undefined) summary.push(...demandLines(numeric(NATIONAL_DEMAND_PROPERTY), from, days));
  const prices = numeric(UNIT_RATE_PROPERTY).filter((r) => Date.parse(periodOf(r).to) > Date.parse(from));
  if (wantPrices) summary.push(...priceLines(prices, hours, options.windows ?? 3));
  if (options.flexibleKwh !== undefined)
    summary.push(...savingLines(options.flexibleKwh, hours, prices, forecast));
  if (options.meters) summary.push(...meterLines(options.meters, prices, forecast));
  return buildReport(
    'energyOutlook',
    undefined,
    [...records, ...(options.meters ?? [])],
    answered,
    summary,
    withheld,
  );
}

/** When demand peaks in the span, with the forecast's publication time. */
function demandLines(demand: readonly Observation[], from: string, days: number): string[] {
  const start = Date.parse(from);
  const until = start + days * 86_400_000;
  const inSpan = demand.filter(
    (r) => Date.parse(periodOf(r).to) > start && Date.parse(periodOf(r).from) < until,
  );
  if (inSpan.length === 0) return [`No GB demand forecast came back for the ${days} days from ${from}.`];
  const peak = inSpan.reduce((a, b) =>
    (b.properties.attributes.result as number) > (a.properties.attributes.result as number) ? b : a,
  );
  const { from: at, to } = periodOf(peak);
  const published = peak.properties.attributes.resultTime;
  return [
    `GB national demand peaks at ${peak.properties.attributes.result} MW from ${at} to ${to} in the ${days} days from ${from} (NESO forecast${published ? ` published ${published}` : ', publication time unknown'}).`,
  ];
}

/** The cheapest windows of the Agile prices. */
function priceLines(prices: readonly Observation[], hours: number, count: number): string[] {
  if (prices.length === 0) return ['No Agile prices for London came back.'];
  const cheapest = cleanestWindows(prices, hours, count);
  return [
    `London Agile prices (Octopus Energy, region C): ${prices.length} half hours from ${periodOf(prices[0]!).from} (prices as published, retrieved ${prices[0]!.properties.provenance.retrievedAt}); cheapest:`,
    ...cheapest.map((w, i) => `${i + 1}. ${w.from} to ${w.to}: ${round2(w.intensity)} p/kWh on average`),
  ];
}

/** What moving a flexible load from now to the cheapest and the cleanest window saves. */
function savingLines(
  kwh: number,
  hours: number,
  prices: readonly Observation[],
  carbon: readonly Observation[],
): string[] {
  const lines: string[] = [];
  const move = (series: readonly Observation[]) => {
    const sorted = [...series].sort((a, b) => periodOf(a).from.localeCompare(periodOf(b).from));
    const length = Math.max(1, Math.round(hours * 2));
    if (sorted.length < length) return undefined;
    const now =
      sorted.slice(0, length).reduce((t, r) => t + (r.properties.attributes.result as number), 0) / length;
    const [best] = cleanestWindows(sorted, hours, 1);
    return best ? { now, nowFrom: periodOf(sorted[0]!).from, best } : undefined;
  };
  const cost = move(prices);
  lines.push(
    cost
      ? `Moving ${kwh} kWh from ${cost.nowFrom} to ${cost.best.from} saves £${round2(((cost.now - cost.best.intensity) * kwh) / 100)} (${round2(cost.now)} to ${round2(cost.best.intensity)} p/kWh).`
      : `No cost saving can be given for ${kwh} kWh: not enough Agile prices came back for a ${hours}-hour window.`,
  );
  const clean = move(carbon);
  lines.push(
    clean
      ? `Moving ${kwh} kWh from ${clean.nowFrom} to ${clean.best.from} avoids ${round2(((clean.now - clean.best.intensity) * kwh) / 1000)} kg CO2 (${Math.round(clean.now)} to ${Math.round(clean.best.intensity)} gCO2/kWh).`
      : `No carbon saving can be given for ${kwh} kWh: not enough carbon intensity forecast came back for a ${hours}-hour window.`,
  );
  return lines;
}

/** A meter reading's energy in kWh, or undefined for a unit that is not energy. */
function kwhOf(reading: Observation): number | undefined {
  const { result, unitOfMeasurement } = reading.properties.attributes;
  if (typeof result !== 'number') return undefined;
  const symbol = unitOfMeasurement.symbol.replace(/\s/g, '').toLowerCase();
  if (symbol === 'kwh') return result;
  if (symbol === 'wh') return result / 1000;
  return undefined;
}

/** A building's metered energy set against the price and carbon of the half hours it fell in. */
function meterLines(
  meters: readonly TwinRecordOf<'Observation'>[],
  prices: readonly Observation[],
  carbon: readonly Observation[],
): string[] {
  const energy = meters.flatMap((m) => {
    const kwh = kwhOf(m);
    return kwh === undefined ? [] : [{ kwh, ...periodOf(m) }];
  });
  const skipped = meters.length - energy.length;
  const at = (series: readonly Observation[], instant: string) =>
    series.find(
      (r) =>
        Date.parse(periodOf(r).from) <= Date.parse(instant) &&
        Date.parse(instant) < Date.parse(periodOf(r).to),
    )?.properties.attributes.result as number | undefined;
  let priced = 0;
  let pence = 0;
  let counted = 0;
  let grams = 0;
  for (const e of energy) {
    const price = at(prices, e.from);
    if (price !== undefined) {
      priced += e.kwh;
      pence += e.kwh * price;
    }
    const intensity = at(carbon, e.from);
    if (intensity !== undefined) {
      counted += e.kwh;
      grams += e.kwh * intensity;
    }
  }
  const total = energy.reduce((t, e) => t + e.kwh, 0);
  return [
    `Meters: ${round2(total)} kWh in ${energy.length} reading${energy.length === 1 ? '' : 's'}${skipped ? ` (${skipped} not in kWh or Wh, left out)` : ''}; ${round2(priced)} kWh fell in priced half hours and cost £${round2(pence / 100)}, ${round2(counted)} kWh in forecast half hours emitted ${round2(grams / 1000)} kg CO2.`,
  ];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * The `count` best non-overlapping windows of `hours` hours, lowest mean intensity first.
 *
 * @example
 * ```ts
 * cleanestWindows(forecastRecords, 2, 3).map((w) => w.from);
 * ```
 */
export function cleanestWindows(
  forecast: readonly Observation[],
  hours: number,
  count: number,
): CleanWindow[] {
  const periods = forecast
    .map((r) => ({ ...periodOf(r), value: r.properties.attributes.result as number }))
    .sort((a, b) => a.from.localeCompare(b.from));
  const length = Math.max(1, Math.min(periods.length, Math.round(hours * 2)));
  const candidates: (CleanWindow & { start: number })[] = [];
  for (let start = 0; start + length <= periods.length; start++) {
    const slice = periods.slice(start, start + length);
    const mean = slice.reduce((sum, p) => sum + p.value, 0) / slice.length;
    candidates.push({ start, from: slice[0]!.from, to: slice.at(-1)!.to, intensity: mean });
  }
  const chosen: (CleanWindow & { start: number })[] = [];
  for (const candidate of candidates.sort((a, b) => a.intensity - b.intensity || a.start - b.start)) {
    if (chosen.length >= count) break;
    if (chosen.every((c) => Math.abs(c.start - candidate.start) >= length)) chosen.push(candidate);
  }
  return chosen.map(({ from, to, intensity }) => ({ from, to, intensity }));
}

function periodOf(record: Observation): { from: string; to: string } {
  const [from = '', to = from] = record.properties.attributes.phenomenonTime.split('/');
  return { from, to };
}
