/**
 * @ldn-twin/core/testing: helpers for connector authors' tests.
 * @packageDocumentation
 */
export {
  type ConformanceCase,
  type ConformanceResult,
  type ValidateConnectorOptions,
  validateConnector,
} from './testing/validate-connector.js';
