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

/** A connector as the CLI offers it, derived from the connector's contract. */
export interface CliConnector {
  readonly connector: AnyConnector;
  /**
   * Config field -> environment variable: the contract's `settings`, then its credentials that
   * name one (`auth.credentials[].env`).
   */
  readonly env: Readonly<Record<string, string>>;
  /** Config fields that must be set for the connector to work at all (declared `required`). */
  readonly required: readonly string[];
  /** Config fields that are credentials (`auth.credentials`). */
  readonly credentials: readonly string[];
}

/** What the CLI reads from the environment for a connector, as its contract declares it. */
function cliConnector(connector: AnyConnector): CliConnector {
  const credentials = connector.auth.type === 'none' ? [] : (connector.auth.credentials ?? []);
  const specs = [
    ...(connector.settings ?? []),
    ...credentials.flatMap((c) => (c.env ? [{ config: c.config, env: c.env, required: c.required }] : [])),
  ];
  return {
    connector,
    env: Object.fromEntries(specs.map((s) => [s.config, s.env])),
    required: specs.filter((s) => s.required).map((s) => s.config),
    credentials: credentials.map((c) => c.config),
  };
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
  planningData,
  planningLondonDatahub,
  tfl,
  carbonIntensity,
  police,
  postcodesIo,
  streetManager,
  glaPlanningDataMap,
  arcgis,
  eaFlood,
  laqn,
  epc,
  osPlaces,
  osNgd,
  londonDatastore,
  culturalInfrastructureMap,
  ukpn,
  neso,
  octopusAgile,
  buildingStockModel,
  sensorThings,
  ogcFeatures,
  undergroundAssets,
].map((connector) => cliConnector(connector as AnyConnector));

/** Looks a connector up by id. */
export function findConnector(id: string): CliConnector | undefined {
  return CONNECTORS.find((c) => c.connector.id === id);
}
