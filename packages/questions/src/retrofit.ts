/**
 * retrofitCandidates: which buildings should be retrofitted first? Energy Performance Certificates
 * in an area (a borough, or a postcode) ranked by the gap between current and potential energy
 * efficiency, with the CO2 a retrofit would save: the zero-carbon and retrofit twin's question.
 */
import { epc } from '@ldn-twin/connectors/epc';
import type { TwinRecordOf } from '@ldn-twin/core';
import { resolvePlace, type Site } from './place.js';
import { askAll, buildReport, connectFor, type QuestionOptions, type QuestionReport } from './report.js';

/** Options of {@link retrofitCandidates}. Needs `config.epc` with the register's `email` and `apiKey`. */
export interface RetrofitOptions extends QuestionOptions {
  /** Instead of the whole borough, one postcode. */
  readonly postcode?: string;
  /** Domestic (default) or non-domestic certificates. */
  readonly type?: 'domestic' | 'non-domestic';
  /** How many candidates the summary names (default 10). */
  readonly top?: number;
}

type Certificate = TwinRecordOf<'EnergyPerformance'>;

/** A certificate with what a retrofit would gain. */
export interface RetrofitCandidate {
  readonly record: Certificate;
  /** Potential less current energy efficiency (SAP points). */
  readonly efficiencyGap: number;
  /** Current less potential CO2 emissions, as the register gives them (tonnes a year). */
  readonly co2AtStake: number;
}

/**
 * Ranks certificates by their efficiency gap, then CO2 at stake. Certificates without both
 * efficiencies cannot be ranked and are left out of the ranking (not of the report's records).
 *
 * @example
 * ```ts
 * rankRetrofit(certificates).slice(0, 10).map((c) => c.record.properties.attributes.address);
 * ```
 */
export function rankRetrofit(certificates: readonly Certificate[]): RetrofitCandidate[] {
  return certificates
    .flatMap((record) => {
      const a = record.properties.attributes;
      if (a.currentEfficiency === undefined || a.potentialEfficiency === undefined) return [];
      return [
        {
          record,
          efficiencyGap: a.potentialEfficiency - a.currentEfficiency,
          co2AtStake: Math.max(0, (a.co2EmissionsCurrent ?? 0) - (a.co2EmissionsPotential ?? 0)),
        },
      ];
    })
    .sort((x, y) => y.efficiencyGap - x.efficiencyGap || y.co2AtStake - x.co2AtStake);
}

/**
 * The buildings in an area whose certificates show the most to gain from a retrofit.
 *
 * @example
 * ```ts
 * const report = await retrofitCandidates({ borough: 'Hammersmith and Fulham' }, {
 *   client,
 *   config: { epc: { email: process.env.EPC_EMAIL, apiKey: process.env.EPC_KEY } },
 * });
 * console.log(report.summary.join('\n'));
 * ```
 */
export async function retrofitCandidates(
  area: Site,
  options: RetrofitOptions,
): Promise<QuestionReport & { candidates: RetrofitCandidate[] }> {
  const place = resolvePlace(area);
  const register = connectFor(epc, options);
  const where = options.postcode
    ? { postcode: options.postcode }
    : place.borough
      ? { localAuthority: place.borough.code }
      : undefined;
  if (!where) throw new Error('retrofitCandidates needs a borough or a postcode');
  const { records, sources, withheld } = await askAll(
    [
      {
        source: 'energy performance certificates (EPC register)',
        connector: epc.id,
        run: (signal) =>
          register.search({ type: options.type ?? 'domestic', ...where }, signal ? { signal } : {}),
      },
    ],
    options,
  );
  const certificates = records.filter((r): r is Certificate => r.featureType === 'EnergyPerformance');
  const candidates = rankRetrofit(certificates);
  const co2 = candidates.reduce((sum, c) => sum + c.co2AtStake, 0);
  const summary = [
    `${options.postcode ?? place.label}: ${certificates.length} certificates, ${candidates.length} with current and potential efficiency; ${co2.toFixed(1)} tonnes of CO2 a year at stake.`,
    ...candidates.slice(0, options.top ?? 10).map((c, i) => {
      const a = c.record.properties.attributes;
      return `${i + 1}. ${a.address ?? a.uprn ?? c.record.id}: ${a.currentRating ?? '?'} to ${a.potentialRating ?? '?'} (+${c.efficiencyGap} points, ${c.co2AtStake.toFixed(1)} t CO2/yr)${a.propertyType ? `, ${a.propertyType}` : ''}${a.constructionAgeBand ? `, ${a.constructionAgeBand}` : ''}`;
    }),
  ];
  return {
    ...buildReport('retrofitCandidates', place, certificates, sources, summary, withheld),
    candidates,
  };
}
