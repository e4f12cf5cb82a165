/**
 * The conformance declaration of an OGC API - Features server (`/conformance`, Part 1 section 7.4),
 * read once per client and server: whether the server declares CQL2 decides whether a filter goes out
 * with `filter-lang` (Part 3 and CQL2 define it; a server without them takes a text filter without
 * it, as OS's own clients send filters to OS NGD).
 */
import { type HttpClient, isHttpError, type RequestOptions } from '@ldn-twin/core';
import * as z from 'zod';

/**
 * The conformance declaration: `conformsTo`, the URIs of the conformance classes the server implements.
 *
 * @example
 * ```ts
 * RawConformance.parse({ conformsTo: ['http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core'] });
 * ```
 */
export const RawConformance = z.looseObject({ conformsTo: z.array(z.string()) });
/** A parsed conformance declaration. */
export type RawConformance = z.output<typeof RawConformance>;

/** The prefix of the CQL2 conformance classes (OGC 21-065: `.../cql2/1.0/conf/cql2-text`, ...). */
const CQL2 = 'http://www.opengis.net/spec/cql2/';

/**
 * True when a conformance declaration names a CQL2 conformance class.
 *
 * @example
 * ```ts
 * declaresCql2({ conformsTo: ['http://www.opengis.net/spec/cql2/1.0/conf/cql2-text'] }); // true
 * ```
 */
export function declaresCql2(conformance: RawConformance): boolean {
  return conformance.conformsTo.some((uri) => uri.startsWith(CQL2));
}

const cache = new WeakMap<HttpClient, Map<string, Promise<boolean>>>();

/**
 * Whether the server at `baseUrl` declares CQL2, asked once per client and base URL (a failed
 * request is not kept, so the next call asks again). A server without `/conformance` (404) declares
 * nothing.
 *
 * @example
 * ```ts
 * if (await serverDeclaresCql2(ctx.client, settings.baseUrl, request)) url.searchParams.set('filter-lang', 'cql2-text');
 * ```
 */
export function serverDeclaresCql2(
  client: HttpClient,
  baseUrl: string,
  request: RequestOptions,
): Promise<boolean> {
  let byServer = cache.get(client);
  if (!byServer) {
    byServer = new Map();
    cache.set(client, byServer);
  }
  const known = byServer.get(baseUrl);
  if (known) return known;
  const asked = client.json(`${baseUrl}/conformance`, RawConformance, request).then(
    ({ data }) => declaresCql2(data),
    (error: unknown) => {
      if (isHttpError(error) && error.status === 404) return false;
      byServer.delete(baseUrl);
      throw error;
    },
  );
  byServer.set(baseUrl, asked);
  return asked;
}
