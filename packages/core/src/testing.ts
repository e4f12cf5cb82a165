/**
 * @ldn-twin/core/testing: helpers for connector authors' tests.
 * @packageDocumentation
 */

export {
  type ConnectorCase,
  type ConnectorTestRunner,
  type DescribeConnectorOptions,
  describeConnector,
  type KeyCase,
} from './testing/describe-connector.js';
export {
  FAULT_CASES,
  type FaultCase,
  type FaultHarnessOptions,
  type FaultOutcome,
  type FaultResult,
  faultCasesPagedAt,
  runFaultHarness,
} from './testing/fault-harness.js';
export {
  type ConformanceCase,
  type ConformanceResult,
  type ValidateConnectorOptions,
  validateConnector,
} from './testing/validate-connector.js';
