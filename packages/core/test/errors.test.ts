import {
  ConfigError,
  HarNoMatchError,
  HttpError,
  isConfigError,
  isHarNoMatchError,
  isHttpError,
  isLdnTwinError,
  isNetworkError,
  isPagingError,
  isRateLimitedError,
  isResponseTooLargeError,
  isSchemaError,
  isTimeoutError,
  LdnTwinError,
  NetworkError,
  PagingError,
  RateLimitedError,
  ResponseTooLargeError,
  SchemaError,
  TimeoutError,
} from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const request = { method: 'GET', url: 'https://example.test/x?app_key=[REDACTED]' };
const guards = {
  isHttpError,
  isRateLimitedError,
  isNetworkError,
  isTimeoutError,
  isSchemaError,
  isPagingError,
  isHarNoMatchError,
  isResponseTooLargeError,
  isConfigError,
};
const schemaIssues = z.object({ a: z.string() }).safeParse({ a: 1 }).error?.issues ?? [];

const cases = [
  [new HttpError(404, request, { detail: 'entity not found' }), 'HTTP', ['isHttpError']],
  [
    new RateLimitedError(429, request, undefined, 7000),
    'RATE_LIMITED',
    ['isHttpError', 'isRateLimitedError'],
  ],
  [new NetworkError(request), 'NETWORK', ['isNetworkError']],
  [new TimeoutError(request, 30_000), 'TIMEOUT', ['isTimeoutError']],
  [new SchemaError('planning-data search', schemaIssues, { a: 1 }), 'SCHEMA', ['isSchemaError']],
  [new PagingError('same page twice'), 'PAGING', ['isPagingError']],
  [new HarNoMatchError(request, ['GET https://example.test/y']), 'HAR_NO_MATCH', ['isHarNoMatchError']],
  [new ResponseTooLargeError(request, 1000), 'TOO_LARGE', ['isResponseTooLargeError']],
  [new ConfigError('bad option'), 'CONFIG', ['isConfigError']],
] as const;

describe('the error hierarchy', () => {
  it.each(cases)('%s has its code, name and exactly its guards', (error, code, truthy) => {
    expect(error).toBeInstanceOf(LdnTwinError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(code);
    expect(error.name).toBe(error.constructor.name);
    expect(isLdnTwinError(error)).toBe(true);
    for (const [name, guard] of Object.entries(guards)) {
      expect(guard(error), name).toBe((truthy as readonly string[]).includes(name));
    }
  });

  it('guards recognise errors from another copy of the package (brand, not instanceof)', () => {
    const foreign = Object.assign(new Error('from another bundle'), {
      [Symbol.for('ldn-twin.error')]: true,
      code: 'TIMEOUT',
    });
    expect(isTimeoutError(foreign)).toBe(true);
    expect(isHttpError(foreign)).toBe(false);
    expect(isLdnTwinError(new Error('plain'))).toBe(false);
    expect(isLdnTwinError(null)).toBe(false);
  });

  it('messages say what went wrong and where', () => {
    expect(new HttpError(410, request, undefined).message).toBe(`GET ${request.url} answered 410`);
    expect(new RateLimitedError(429, request, undefined, 7000).message).toMatch(/retry after 7 s/);
    expect(new SchemaError('planning-data search', schemaIssues, {}).message).toMatch(
      /^planning-data search: unexpected shape at a: /,
    );
    expect(new HarNoMatchError(request, []).message).toMatch(/archive is empty/);
  });
});
