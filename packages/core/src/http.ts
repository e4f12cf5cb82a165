/**
 * @ldn-twin/core/http: the HTTP client's transport internals, for custom clients and tests: the
 * response cache, per-host rate limits and the redactor that keeps credentials out of errors, logs
 * and archives.
 * @packageDocumentation
 */
export {
  type CachedResponse,
  cacheKey,
  createMemoryCache,
  freshnessMs,
  type HttpCache,
  type MemoryCache,
  type MemoryCacheOptions,
} from './http/cache.js';
export {
  createHostLimiter,
  type HostLimiter,
  type HostLimiterOptions,
  type RateLimit,
} from './http/rate-limit.js';
export { createRedactor, REDACTED, type Redactor, type RedactorOptions } from './http/redact.js';
