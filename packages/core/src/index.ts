/**
 * @ldn-twin/core: the twin record model, the connector contract and the HTTP runtime.
 * @packageDocumentation
 */
export * from './connector/connect.js';
export * from './connector/contract.js';
export * from './connector/mapping.js';
export * from './connector/without-undefined.js';
export * from './errors.js';
export * from './http/cache.js';
export {
  type Auth,
  type ClientOptions,
  createClient,
  type HttpClient,
  type JsonResponse,
  type Logger,
  type ProgressEvent,
  type RequestOptions,
  type SearchParams,
} from './http/client.js';
export * from './http/har.js';
export * from './http/paging.js';
export * from './http/rate-limit.js';
export * from './http/redact.js';
export * from './model/index.js';
export * from './parse/csv-reader.js';
export * from './parse/lenient.js';
export * from './parse/zoneless-time.js';
