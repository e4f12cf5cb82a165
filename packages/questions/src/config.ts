/**
 * The configuration the questions pass to each connector they ask, by connector id, typed by each
 * connector's own config schema: a misspelt connector id or field does not compile.
 */
import type { buildingStockModel } from '@ldn-twin/connectors/building-stock-model';
import type { carbonIntensity } from '@ldn-twin/connectors/carbon-intensity';
import type { culturalInfrastructureMap } from '@ldn-twin/connectors/cultural-infrastructure-map';
import type { eaFlood } from '@ldn-twin/connectors/ea-flood';
import type { epc } from '@ldn-twin/connectors/epc';
import type { glaPlanningDataMap } from '@ldn-twin/connectors/gla-planning-data-map';
import type { neso } from '@ldn-twin/connectors/neso';
import type { octopusAgile } from '@ldn-twin/connectors/octopus-agile';
import type { osPlaces } from '@ldn-twin/connectors/os-places';
import type { planningData } from '@ldn-twin/connectors/planning-data';
import type { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import type { postcodesIo } from '@ldn-twin/connectors/postcodes-io';
import type { tfl } from '@ldn-twin/connectors/tfl';
import type { ukpn } from '@ldn-twin/connectors/ukpn';
import type { z } from 'zod';

/**
 * What one connector's config takes (its config schema's input).
 *
 * @example
 * ```ts
 * import type { epc } from '@ldn-twin/connectors/epc';
 * const register: ConfigOf<typeof epc> = { email: 'analyst@example.gov.uk', apiKey: process.env.EPC_KEY };
 * ```
 */
export type ConfigOf<C extends { readonly config: z.ZodType }> = z.input<C['config']>;

/**
 * Each connector's configuration by connector id, for the questions (`options.config`): credentials
 * (`epc: { email, apiKey }`), a proxy `baseUrl` for a service browsers cannot call, and so on. Every
 * connector a question may ask has its key here, typed by that connector's config schema.
 *
 * @example
 * ```ts
 * const config: QuestionConfig = {
 *   epc: { email: 'analyst@example.gov.uk', apiKey: process.env.EPC_KEY },
 *   'os-places': { baseUrl: '/api/os-places' },
 * };
 * await retrofitCandidates({ borough: 'Lambeth' }, { client, config });
 * ```
 */
export interface QuestionConfig {
  readonly 'building-stock-model'?: ConfigOf<typeof buildingStockModel>;
  readonly 'carbon-intensity'?: ConfigOf<typeof carbonIntensity>;
  readonly 'cultural-infrastructure-map'?: ConfigOf<typeof culturalInfrastructureMap>;
  readonly 'ea-flood'?: ConfigOf<typeof eaFlood>;
  readonly epc?: ConfigOf<typeof epc>;
  readonly 'gla-planning-data-map'?: ConfigOf<typeof glaPlanningDataMap>;
  readonly neso?: ConfigOf<typeof neso>;
  readonly 'octopus-agile'?: ConfigOf<typeof octopusAgile>;
  readonly 'os-places'?: ConfigOf<typeof osPlaces>;
  readonly 'planning-data'?: ConfigOf<typeof planningData>;
  readonly 'planning-london-datahub'?: ConfigOf<typeof planningLondonDatahub>;
  readonly 'postcodes-io'?: ConfigOf<typeof postcodesIo>;
  readonly tfl?: ConfigOf<typeof tfl>;
  readonly ukpn?: ConfigOf<typeof ukpn>;
}

/**
 * The config given for one connector, if any: `connect` validates it against the connector's
 * schema, so a value the types could not check (a CLI's environment) is still checked there.
 *
 * @example
 * ```ts
 * const given = configFor(options.config, epc.id);
 * ```
 */
export function configFor(config: object | undefined, id: string): unknown {
  return (config as Readonly<Record<string, unknown>> | undefined)?.[id];
}
