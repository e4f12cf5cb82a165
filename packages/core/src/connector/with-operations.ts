/**
 * A connector as its description plus a choice of its operations. A connector object holds every
 * operation, so a program that imports it bundles them all; one built from the description and the
 * operations it calls bundles only those.
 */
import type { z } from 'zod';
import type { TwinRecord } from '../model/index.js';
import type { Connector, Operation } from './contract.js';

/**
 * A connector's description without its operations: what docs, catalogues and `connect` read
 * (id, licence, auth, config, ...).
 *
 * @example
 * ```ts
 * import type { ConnectorInfo } from '@ldn-twin/core';
 * import { eaFloodInfo } from '@ldn-twin/connectors/ea-flood';
 * const info: ConnectorInfo = eaFloodInfo;
 * console.log(info.id, info.licence.id);
 * ```
 */
export type ConnectorInfo<Config extends z.ZodType = z.ZodType> = Omit<Connector<Config>, 'operations'>;

/**
 * A connector from its description and operations. Connectors whose operations are exported on their
 * own are built with it, so a browser app that needs one operation can build a connector of just that
 * one and leave the others out of its bundle. It has no side effects: give a call at the top level of
 * a module the `@__PURE__` annotation (a block comment before the call) so bundlers drop the
 * connector, and its operations, where it is unused.
 *
 * @example
 * ```ts
 * import { connect, createClient, withOperations } from '@ldn-twin/core';
 * import { eaFloodInfo, floodWarnings } from '@ldn-twin/connectors/ea-flood';
 *
 * const flood = connect(withOperations(eaFloodInfo, { floodWarnings }), { client: createClient() });
 * const near = { lat: 51.4995, long: -0.1248, distKm: 20 };
 * for await (const alert of flood.floodWarnings({ near })) console.log(alert.properties.name);
 * ```
 */
export function withOperations<
  const Info extends ConnectorInfo,
  const Ops extends Record<string, Operation<z.ZodType, TwinRecord, z.output<Info['config']>>>,
>(info: Info, operations: Ops): Info & { readonly operations: Ops } {
  return { ...info, operations };
}
