/**
 * @ldn-twin/core/testing: helpers for connector authors' tests.
 * @packageDocumentation
 */
export {};
