/**
 * The Opendatasoft Explore API v2.1 as a protocol layer: any portal built on Opendatasoft (UK Power
 * Networks' open data portal among them) pages its records the same way. `/catalog/datasets/{id}/records`
 * returns at most 100 records a call and refuses `offset + limit` above 10 000 (platform limits); a
 * pull that would pass the cap fails on its first page with a PagingError asking for a narrower
 * `where`, never a silent truncation. Bodies may hold bare `NaN` / `Infinity` (invalid JSON some portals emit): they read as
 * `null`. Service connectors import this module; it imports no connector.
 *
 * @packageDocumentation
 */
import { type Auth, type HttpClient, offsetPages, PagingError, SchemaError } from '@ldn-twin/core';
import type { Geometry } from 'geojson';
import { z } from 'zod';

/**
 * The most records one `records` call returns (Opendatasoft platform limit).
 *
 * @example
 * ```ts
 * import { ODS_MAX_PAGE } from '../protocols/opendatasoft/index.js';
 * const pageSize = Math.min(wanted, ODS_MAX_PAGE);
 * ```
 */
export const ODS_MAX_PAGE = 100;

/**
 * The largest `offset + limit` the `records` endpoint accepts (Opendatasoft platform limit).
 *
 * @example
 * ```ts
 * import { ODS_MAX_WINDOW } from '../protocols/opendatasoft/index.js';
 * if (total > ODS_MAX_WINDOW) console.warn('narrow the where clause');
 * ```
 */
export const ODS_MAX_WINDOW = 10_000;

/** The `records` body: `{total_count, results: [...]}`; results stay unknown and are parsed one by one. */
const RawRecordsResponse = z.looseObject({
  total_count: z.number().int().nonnegative().optional(),
  results: z.array(z.unknown()),
});

/**
 * What to ask a dataset for: ODSQL `where`, `select`, `order_by`, and `refine` facets (`field:value`).
 *
 * @example
 * ```ts
 * const query: OdsQuery = { where: `licencearea=${odsString('London Power Networks (LPN)')} AND year=2030` };
 * ```
 */
export interface OdsQuery {
  readonly where?: string;
  readonly select?: string;
  readonly orderBy?: string;
  readonly refine?: readonly string[];
}

/**
 * Options of {@link odsRecords}.
 *
 * @example
 * ```ts
 * const options: OdsRecordsOptions = { baseUrl: 'https://ukpowernetworks.opendatasoft.com/api/explore/v2.1', dataset: 'ukpn-dnoa', label: 'ukpn dnoa' };
 * ```
 */
export interface OdsRecordsOptions {
  /** The API root, ending in `/api/explore/v2.1`. */
  readonly baseUrl: string;
  readonly dataset: string;
  readonly query?: OdsQuery;
  /** Records per call, at most {@link ODS_MAX_PAGE} (the default). */
  readonly pageSize?: number;
  readonly auth?: Auth;
  readonly signal?: AbortSignal | undefined;
  /** Names the requests in errors, e.g. 'ukpn headroom'. */
  readonly label: string;
}

/**
 * An ODSQL string literal: double quotes, with backslashes and quotes escaped.
 *
 * @example
 * ```ts
 * odsString('London Power Networks (LPN)'); // '"London Power Networks (LPN)"'
 * ```
 */
export function odsString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * ANDs ODSQL conditions, leaving out the empty ones; undefined when none is left.
 *
 * @example
 * ```ts
 * odsAnd(['year=2030', undefined, 'scenario="Holistic Transition"']); // 'year=2030 AND scenario="Holistic Transition"'
 * ```
 */
export function odsAnd(conditions: readonly (string | undefined)[]): string | undefined {
  const parts = conditions.filter((c): c is string => c !== undefined && c.trim() !== '');
  return parts.length ? parts.map((c) => (parts.length > 1 ? `(${c})` : c)).join(' AND ') : undefined;
}

/**
 * Reads a body that may hold bare `NaN`, `Infinity` or `-Infinity` (invalid JSON): those tokens read
 * as `null`, strings are left as they are, and `__proto__` keys are dropped.
 *
 * @example
 * ```ts
 * parseLenientJson('{"headroom_mw": NaN, "name": "NaN"}'); // { headroom_mw: null, name: 'NaN' }
 * ```
 */
export function parseLenientJson(text: string): unknown {
  const clean = text.replace(/"(?:[^"\\]|\\.)*"|-?\bInfinity\b|\bNaN\b/g, (token) =>
    token.startsWith('"') ? token : 'null',
  );
  return JSON.parse(clean, (key, value: unknown) => (key === '__proto__' ? undefined : value));
}

/**
 * Pages through a dataset's records, one array of raw records per page, asking `limit`/`offset`
 * pages of the `records` endpoint. Fails with a PagingError on the first page when the matching
 * records pass the platform's 10 000 window (narrow the `where`), before yielding any of them.
 *
 * @example
 * ```ts
 * for await (const page of odsRecords(client, { baseUrl, dataset: 'ukpn-dnoa', label: 'ukpn dnoa' })) {
 *   console.log(page.length);
 * }
 * ```
 */
export async function* odsRecords(
  client: HttpClient,
  options: OdsRecordsOptions,
): AsyncGenerator<unknown[], void, undefined> {
  const pageSize = Math.min(options.pageSize ?? ODS_MAX_PAGE, ODS_MAX_PAGE);
  const url = `${options.baseUrl}/catalog/datasets/${encodeURIComponent(options.dataset)}/records`;
  const { query = {} } = options;
  yield* offsetPages({
    pageSize,
    ...(options.signal ? { signal: options.signal } : {}),
    fetchPage: async (offset, limit, signal) => {
      const searchParams = {
        limit,
        offset,
        where: query.where,
        select: query.select,
        order_by: query.orderBy,
        ...(query.refine?.length ? { refine: query.refine } : {}),
      };
      const { data: text } = await client.text(url, {
        searchParams,
        label: options.label,
        ...(options.auth ? { auth: options.auth } : {}),
        ...(signal ? { signal } : {}),
      });
      let raw: unknown;
      try {
        raw = parseLenientJson(text);
      } catch {
        throw new SchemaError(
          options.label,
          [{ code: 'custom', message: 'the response is not JSON', path: [], input: undefined }],
          text.slice(0, 2000),
        );
      }
      const parsed = RawRecordsResponse.safeParse(raw);
      if (!parsed.success) throw new SchemaError(options.label, parsed.error.issues, raw);
      const total = parsed.data.total_count;
      // Past the window the endpoint refuses to page: say so before yielding a part of the answer.
      if ((total !== undefined && total > ODS_MAX_WINDOW) || offset + limit > ODS_MAX_WINDOW) {
        throw new PagingError(
          `${options.label}: ${total ?? `more than ${ODS_MAX_WINDOW}`} records match; Opendatasoft's records endpoint pages only the first ${ODS_MAX_WINDOW}. Narrow the query (a year, a scenario, a licence area).`,
        );
      }
      return {
        items: parsed.data.results,
        ...(parsed.data.total_count !== undefined ? { total: parsed.data.total_count } : {}),
      };
    },
  });
}

/**
 * A point field as Opendatasoft serves it: `{"lon": …, "lat": …}`; null or missing means absent.
 *
 * @example
 * ```ts
 * OdsPoint.parse({ lon: 0.181853, lat: 51.574901 }); // [0.181853, 51.574901]
 * ```
 */
export const OdsPoint = z
  .union([z.looseObject({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }), z.null()])
  .transform((p) => (p ? ([p.lon, p.lat] as [number, number]) : undefined))
  .optional();

const GeometryLike = z.looseObject({ type: z.string(), coordinates: z.array(z.unknown()) });

/**
 * A shape field (`geo_shape`), which may be a GeoJSON geometry or a whole Feature wrapping one:
 * the geometry, or undefined when there is none.
 *
 * @example
 * ```ts
 * OdsShape.parse({ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 51.5] } }); // { type: 'Point', ... }
 * ```
 */
export const OdsShape = z
  .union([
    z.looseObject({ type: z.literal('Feature'), geometry: GeometryLike.nullable() }),
    GeometryLike,
    z.null(),
  ])
  .transform((shape) => {
    if (!shape) return undefined;
    const geometry = shape.type === 'Feature' ? (shape as { geometry: unknown }).geometry : shape;
    return (geometry ?? undefined) as Geometry | undefined;
  })
  .optional();
