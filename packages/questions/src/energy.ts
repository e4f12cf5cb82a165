/**
 * energyOutlook: when is London's electricity cleanest in the next day or two? The London region's
 * carbon intensity forecast and generation mix (Carbon Intensity API, region 13), with the best
 * windows to shift flexible demand into.
 */

import {
  CARBON_INTENSITY_PROPERTY,
  carbonIntensity,
  LONDON_REGION_ID,
} from '@ldn-twin/connectors/carbon-intensity';
import type { TwinRecordOf } from '@ldn-twin/core';
import { askAll, buildReport, connectFor, type QuestionOptions, type QuestionReport } from './report.js';

/** Options of {@link energyOutlook}. */
export interface EnergyOutlookOptions extends QuestionOptions {
  /** How far ahead: the half hour now, or 24 or 48 hours of forecast (default 48). */
  readonly horizon?: 'current' | '24h' | '48h';
  /** The length of a window to shift demand into, in hours (default 2). */
  readonly windowHours?: number;
  /** How many of the best windows to name (default 3). */
  readonly windows?: number;
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
export async function energyOutlook(options: EnergyOutlookOptions): Promise<QuestionReport> {
  const intensity = connectFor(carbonIntensity, options);
  const { records, sources, withheld } = await askAll(
    [
      {
        source: 'London carbon intensity and generation mix (Carbon Intensity API)',
        connector: carbonIntensity.id,
        run: (signal) =>
          intensity.regionalIntensity(
            { regionId: LONDON_REGION_ID, window: HORIZON[options.horizon ?? '48h'] },
            signal ? { signal } : {},
          ),
      },
    ],
    options,
  );
  const forecast = records.filter(
    (r): r is Observation =>
      r.featureType === 'Observation' &&
      r.properties.attributes.observedProperty === CARBON_INTENSITY_PROPERTY &&
      typeof r.properties.attributes.result === 'number',
  );
  const best = cleanestWindows(forecast, options.windowHours ?? 2, options.windows ?? 3);
  const summary =
    forecast.length === 0
      ? ['No carbon intensity forecast for London came back.']
      : [
          `London's forecast carbon intensity: ${forecast.length} half hours from ${periodOf(forecast[0]!).from}.`,
          ...best.map(
            (w, i) => `${i + 1}. ${w.from} to ${w.to}: ${Math.round(w.intensity)} gCO2/kWh on average`,
          ),
        ];
  return buildReport('energyOutlook', undefined, records, sources, summary, withheld);
}

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
