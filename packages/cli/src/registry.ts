/**
 * The connectors the command knows, and where each finds its credentials: environment variables
 * only, never the command line (which ends up in shell history and process lists).
 */
import { arcgis } from '@ldn-twin/connectors/arcgis';
import { buildingStockModel } from '@ldn-twin/connectors/building-stock-model';
import { carbonIntensity } from '@ldn-twin/connectors/carbon-intensity';
import { culturalInfrastructureMap } from '@ldn-twin/connectors/cultural-infrastructure-map';
import { eaFlood } from '@ldn-twin/connectors/ea-flood';
import { epc } from '@ldn-twin/connectors/epc';
import { glaPlanningDataMap } from '@ldn-twin/connectors/gla-planning-data-map';
import { laqn } from '@ldn-twin/connectors/laqn';
import { londonDatastore } from '@ldn-twin/connectors/london-datastore';
import { neso } from '@ldn-twin/connectors/neso';
import { octopusAgile } from '@ldn-twin/connectors/octopus-agile';
import { ogcFeatures } from '@ldn-twin/connectors/ogc-features';
import { osNgd } from '@ldn-twin/connectors/os-ngd';
import { osPlaces } from '@ldn-twin/connectors/os-places';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { police } from '@ldn-twin/connectors/police';
import { postcodesIo } from '@ldn-twin/connectors/postcodes-io';
import { sensorThings } from '@ldn-twin/connectors/sensorthings';
import { streetManager } from '@ldn-twin/connectors/street-manager';
import { tfl } from '@ldn-twin/connectors/tfl';
import { ukpn } from '@ldn-twin/connectors/ukpn';
import { undergroundAssets } from '@ldn-twin/connectors/underground-assets';
import type { AnyConnector } from '@ldn-twin/core';

/** A connector as the CLI offers it. */
export interface CliConnector {
  readonly connector: AnyConnector;
  /** Config field -> environment variable, for credentials and other settings. */
  readonly env: Readonly<Record<string, string>>;
  /** Config fields that must be set for the connector to work at all. */
  readonly required: readonly string[];
}

/**
 * Every connector the `ldn-twin` command can run.
 *
 * @example
 * ```ts
 * import { CONNECTORS } from '@ldn-twin/cli';
 * console.log(CONNECTORS.map((c) => c.connector.id));
 * ```
 */
export const CONNECTORS: readonly CliConnector[] = [
  { connector: planningData, env: {}, required: [] },
  { connector: planningLondonDatahub, env: { allowRequest: 'LDN_TWIN_PLD_ALLOW_REQUEST' }, required: [] },
  { connector: tfl, env: { appKey: 'LDN_TWIN_TFL_APP_KEY' }, required: [] },
  { connector: carbonIntensity, env: {}, required: [] },
  { connector: police, env: {}, required: [] },
  { connector: postcodesIo, env: {}, required: [] },
  { connector: streetManager, env: {}, required: [] },
  { connector: glaPlanningDataMap, env: {}, required: [] },
  { connector: arcgis, env: {}, required: [] },
  { connector: eaFlood, env: {}, required: [] },
  { connector: laqn, env: {}, required: [] },
  {
    connector: epc,
    // The replacement register's bearer token (the retired v1 API's email and key are library-only).
    env: { token: 'LDN_TWIN_EPC_TOKEN' },
    required: ['token'],
  },
  { connector: osPlaces, env: { apiKey: 'LDN_TWIN_OS_API_KEY' }, required: ['apiKey'] },
  { connector: osNgd, env: { apiKey: 'LDN_TWIN_OS_API_KEY' }, required: ['apiKey'] },
  { connector: londonDatastore, env: { apiKey: 'LDN_TWIN_DATASTORE_API_KEY' }, required: [] },
  { connector: culturalInfrastructureMap, env: {}, required: [] },
  { connector: ukpn, env: { apiKey: 'LDN_TWIN_UKPN_API_KEY' }, required: ['apiKey'] },
  { connector: neso, env: {}, required: [] },
  { connector: octopusAgile, env: {}, required: [] },
  { connector: buildingStockModel, env: {}, required: [] },
  { connector: sensorThings, env: { baseUrl: 'LDN_TWIN_SENSORTHINGS_BASE_URL' }, required: ['baseUrl'] },
  {
    connector: ogcFeatures,
    env: {
      baseUrl: 'LDN_TWIN_OGC_BASE_URL',
      apiKeyHeader: 'LDN_TWIN_OGC_API_KEY_HEADER',
      apiKey: 'LDN_TWIN_OGC_API_KEY',
      access: 'LDN_TWIN_OGC_ACCESS',
    },
    required: ['baseUrl', 'access'],
  },
  {
    connector: undergroundAssets,
    env: { organisation: 'LDN_TWIN_UNDERGROUND_ORGANISATION', access: 'LDN_TWIN_UNDERGROUND_ACCESS' },
    required: ['organisation'],
  },
];

/** Looks a connector up by id. */
export function findConnector(id: string): CliConnector | undefined {
  return CONNECTORS.find((c) => c.connector.id === id);
}
