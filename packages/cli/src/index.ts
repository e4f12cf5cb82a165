/**
 * @ldn-twin/cli: the `ldn-twin` command, also usable in-process through `main`.
 * @packageDocumentation
 */
export { type CliIo, main } from './cli.js';
export { type CliConnector, CONNECTORS, findConnector } from './registry.js';
