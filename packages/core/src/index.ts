/**
 * @ldn-twin/core: the twin record model, the connector contract and the HTTP runtime.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './http/redact.js';
export * from './model/index.js';
