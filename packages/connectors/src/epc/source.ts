/**
 * Where EPC certificates come from: the transport, kept apart from the mapping. The connector talks
 * to an {@link EpcSource}: the replacement register (`getEnergyPerformanceData`, the default, in
 * `energy-performance-data.ts`) or the retired v1 API kept here for archives and proxies. Each source
 * brings the schema that parses its rows into the register's kebab-case columns, so both give the
 * same twin records through one mapping.
 */
import { ConfigError, cursorPages, type HttpClient, type RateLimit, withFastPath } from '@ldn-twin/core';
import type { z } from 'zod';
import { certificateColumns } from './fast-rows.js';
import type { CertificateType } from './map.js';
import { RawCertificate, RawSearch } from './raw.js';

/**
 * One search: by local authority (GSS code), by postcode, or both.
 *
 * @example
 * ```ts
 * const query: EpcSearchQuery = { type: 'domestic', localAuthority: 'E09000013', pageSize: 5000 };
 * ```
 */
export interface EpcSearchQuery {
  readonly type: CertificateType;
  readonly localAuthority?: string | undefined;
  /** A council by name, as the replacement register names them (e.g. "Hammersmith and Fulham"). */
  readonly council?: string | undefined;
  readonly postcode?: string | undefined;
  /**
   * Whether to fetch each certificate's detail (efficiencies, CO2, recommendations) where the
   * source's search rows lack it (the replacement register's do); one request per certificate.
   */
  readonly details?: boolean | undefined;
  /** Rows per page (the v1 API allows up to 5,000). */
  readonly pageSize: number;
}

/**
 * What a source receives for each call.
 *
 * @example
 * ```ts
 * const ctx: EpcSourceContext = { client: createClient(), signal: undefined, baseUrl: 'https://epc.opendatacommunities.org/api/v1' };
 * ```
 */
export interface EpcSourceContext {
  readonly client: HttpClient;
  readonly signal: AbortSignal | undefined;
  /** The connector config's base URL and credentials. */
  readonly baseUrl: string;
  readonly email?: string | undefined;
  readonly apiKey?: string | undefined;
  /** The bearer token of the replacement register. */
  readonly token?: string | undefined;
}

/**
 * A transport for the EPC register. Rows are returned as received (unknown): the connector parses and
 * maps each one, so a bad row is a reported issue.
 *
 * @example
 * ```ts
 * const mySource: EpcSource = {
 *   name: 'my-proxy',
 *   defaultBaseUrl: 'https://epc-proxy.example.gov.uk',
 *   row: RawCertificate,
 *   async *search(query, ctx) { yield [] },
 *   async certificate(type, lmkKey, ctx) { return [] },
 *   certificateUrl: () => undefined,
 * };
 * ```
 */
export interface EpcSource {
  /** Names the source in docs and errors. */
  readonly name: string;
  /** The API root when config gives no `baseUrl`. */
  readonly defaultBaseUrl: string;
  /** The service's published rate limit, applied to the host of the base URL in use (none: none stated). */
  readonly rateLimit?: RateLimit;
  /** Parses one of its rows into the register's kebab-case columns (a failure is a reported issue). */
  readonly row: z.ZodType<RawCertificate, unknown>;
  /** The rows matching a query, one array per page. */
  search(query: EpcSearchQuery, ctx: EpcSourceContext): AsyncIterable<unknown[]>;
  /** The rows of one certificate by its key (lmk-key or certificate number): one row, or none. */
  certificate(type: CertificateType, key: string, ctx: EpcSourceContext): Promise<unknown[]>;
  /** The URL of one certificate for `provenance.sourceUrl`, if the source has one. */
  certificateUrl(type: CertificateType, key: string, baseUrl: string): string | undefined;
}

/** The v1 paths: `domestic/search`, `non-domestic/search`, `{type}/certificate/{lmk-key}`. */
const segment = (type: CertificateType) => (type === 'domestic' ? 'domestic' : 'non-domestic');

/**
 * The Open Data Communities v1 API: Basic auth from `email` and `apiKey`, JSON rows, paging by the
 * `X-Next-Search-After` response header sent back as `search-after` (no header: last page).
 *
 * @example
 * ```ts
 * connect(epc, { client, config: { source: openDataCommunitiesV1, email, apiKey } });
 * ```
 */
export const openDataCommunitiesV1: EpcSource = {
  name: 'opendatacommunities-v1',
  defaultBaseUrl: 'https://epc.opendatacommunities.org/api/v1',
  // RawCertificate, with its fast path for the rows it is sure of (a search has thousands).
  row: withFastPath(RawCertificate, (raw) => certificateColumns(raw) as RawCertificate | undefined),
  search(query, ctx) {
    if (!query.localAuthority && !query.postcode)
      throw new ConfigError(
        'epc: the v1 API searches by localAuthority (GSS code) or postcode, not council name',
      );
    const auth = basicAuth(ctx);
    const pages = cursorPages<unknown[], string>({
      signal: ctx.signal,
      fetchPage: async (cursor, signal) => {
        const { data, headers } = await ctx.client.json(
          `${ctx.baseUrl}/${segment(query.type)}/search`,
          RawSearch,
          {
            auth,
            searchParams: {
              'local-authority': query.localAuthority,
              postcode: query.postcode,
              size: query.pageSize,
              'search-after': cursor,
            },
            ...(signal ? { signal } : {}),
            label: `epc ${segment(query.type)} search`,
          },
        );
        const next = headers.get('x-next-search-after');
        // An empty page ends the listing even if a cursor came with it: there is nothing after it.
        return { page: data.rows, cursor: next && data.rows.length > 0 ? next : null };
      },
    });
    return pages;
  },
  async certificate(type, lmkKey, ctx) {
    const { data } = await ctx.client.json(
      `${ctx.baseUrl}/${segment(type)}/certificate/${encodeURIComponent(lmkKey)}`,
      RawSearch,
      {
        auth: basicAuth(ctx),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        label: `epc ${segment(type)} certificate`,
      },
    );
    return data.rows;
  },
  certificateUrl: (type, lmkKey, baseUrl) =>
    `${baseUrl}/${segment(type)}/certificate/${encodeURIComponent(lmkKey)}`,
};

function basicAuth(ctx: EpcSourceContext) {
  if (!ctx.email || !ctx.apiKey) {
    throw new ConfigError(
      'epc: the API needs config `email` and `apiKey` (register at epc.opendatacommunities.org)',
    );
  }
  return { type: 'basic' as const, username: ctx.email, password: ctx.apiKey };
}

/**
 * Whether a value is an {@link EpcSource}.
 *
 * @example
 * ```ts
 * isEpcSource(openDataCommunitiesV1); // true
 * ```
 */
export function isEpcSource(value: unknown): value is EpcSource {
  const source = value as EpcSource;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof source.name === 'string' &&
    typeof source.defaultBaseUrl === 'string' &&
    typeof source.row === 'object' &&
    source.row !== null &&
    typeof source.search === 'function' &&
    typeof source.certificate === 'function' &&
    typeof source.certificateUrl === 'function'
  );
}
