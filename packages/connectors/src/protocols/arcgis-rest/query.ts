/**
 * The ArcGIS layer query: the Esri REST `query` parameters from a small, typed description (where,
 * an envelope or a point with a distance, out fields), always `outSR=4326&f=geojson` so geometry
 * arrives as WGS 84 lon/lat whatever the layer stores (British National Grid, Web Mercator), and the
 * paging loop over `resultOffset`/`resultRecordCount`.
 *
 * Paging follows Esri's documented rule: keep going while the page says `exceededTransferLimit:
 * true`, even when it holds fewer features than asked (or none: the server filters its spatial-index
 * candidates after paging), advancing the offset by the page size asked; stop when it says false.
 * Where the flag is absent, a page shorter than the page size is the last. The page size is capped
 * at the layer's `maxRecordCount` so the server never cuts a page shorter than the offset step.
 */
import { type HttpClient, PagingError } from '@ldn-twin/core';
import { RawGeoJsonPage } from './raw.js';
import { esriGet } from './request.js';

/**
 * Distance units for a point query, mapped to the Esri unit names of the `units` parameter.
 *
 * @example
 * ```ts
 * DISTANCE_UNITS.meters; // 'esriSRUnit_Meter'
 * ```
 */
export const DISTANCE_UNITS = {
  meters: 'esriSRUnit_Meter',
  kilometers: 'esriSRUnit_Kilometer',
  feet: 'esriSRUnit_Foot',
  miles: 'esriSRUnit_StatuteMile',
} as const;

/**
 * One of {@link DISTANCE_UNITS}.
 *
 * @example
 * ```ts
 * const unit: DistanceUnit = 'meters';
 * ```
 */
export type DistanceUnit = keyof typeof DISTANCE_UNITS;

/**
 * What to ask a layer for. Coordinates are WGS 84 (`inSR=4326`).
 *
 * @example
 * ```ts
 * const query: LayerQuery = { where: "Grade = 'I'", point: [-0.1276, 51.5072], distance: 250, units: 'meters' };
 * ```
 */
export interface LayerQuery {
  /** An SQL where clause; `1=1` for all. */
  readonly where?: string;
  /** `[west, south, east, north]` in WGS 84. */
  readonly envelope?: readonly [number, number, number, number];
  /** `[longitude, latitude]` in WGS 84. */
  readonly point?: readonly [number, number];
  /** A buffer around `point` (the layer must support query with distance). */
  readonly distance?: number;
  readonly units?: DistanceUnit;
  /** Fields to return; `['*']` (the default) for all. */
  readonly outFields?: readonly string[];
}

/**
 * The Esri `query` parameters of a {@link LayerQuery}, without paging.
 *
 * @example
 * ```ts
 * querySearchParams({ envelope: [-0.13, 51.5, -0.12, 51.51] });
 * // { where: '1=1', outFields: '*', returnGeometry: 'true', outSR: '4326', f: 'geojson',
 * //   geometry: '-0.13,51.5,-0.12,51.51', geometryType: 'esriGeometryEnvelope', inSR: '4326',
 * //   spatialRel: 'esriSpatialRelIntersects' }
 * ```
 */
export function querySearchParams(query: LayerQuery): Record<string, string> {
  const params: Record<string, string> = {
    where: query.where?.trim() || '1=1',
    outFields: query.outFields && query.outFields.length > 0 ? query.outFields.join(',') : '*',
    returnGeometry: 'true',
    outSR: '4326',
    f: 'geojson',
  };
  if (query.envelope) {
    params.geometry = query.envelope.join(',');
    params.geometryType = 'esriGeometryEnvelope';
  } else if (query.point) {
    params.geometry = query.point.join(',');
    params.geometryType = 'esriGeometryPoint';
    if (query.distance !== undefined) {
      params.distance = String(query.distance);
      params.units = DISTANCE_UNITS[query.units ?? 'meters'];
    }
  }
  if (params.geometry) {
    params.inSR = '4326';
    params.spatialRel = 'esriSpatialRelIntersects';
  }
  return params;
}

/**
 * Options of {@link queryPages}.
 *
 * @example
 * ```ts
 * const options: QueryPagesOptions = { client, layerUrl, query: {}, pageSize: 2000, label: 'arcgis query' };
 * ```
 */
export interface QueryPagesOptions {
  readonly client: HttpClient;
  /** The layer URL, `.../FeatureServer/<id>` or `.../MapServer/<id>`. */
  readonly layerUrl: string;
  readonly query: LayerQuery;
  /** Features per page, already capped at the layer's `maxRecordCount`. */
  readonly pageSize: number;
  /** False for a layer without `supportsPagination`: one request, no offsets. */
  readonly paginate?: boolean;
  /** A field to order by, for stable pages (the object id field). */
  readonly orderBy?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly label: string;
}

/** Pages that claim more but hold nothing, in a row, before the listing is given up as a loop. */
const MAX_EMPTY_PAGES = 20;

/**
 * Pages through a layer query, one array of raw GeoJSON features per page.
 *
 * @throws PagingError when the layer cannot page but holds more than one page, or keeps sending
 * empty pages that claim more.
 * @example
 * ```ts
 * for await (const features of queryPages({ client, layerUrl, query: { point }, pageSize: 2000, label: 'q' })) {
 *   console.log(features.length);
 * }
 * ```
 */
export async function* queryPages(options: QueryPagesOptions): AsyncGenerator<unknown[], void, undefined> {
  const { client, layerUrl, pageSize, signal, label } = options;
  const paginate = options.paginate ?? true;
  const base = querySearchParams(options.query);
  let offset = 0;
  let empty = 0;
  let previous: string | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const searchParams = paginate
      ? {
          ...base,
          resultOffset: offset,
          resultRecordCount: pageSize,
          ...(options.orderBy ? { orderByFields: options.orderBy } : {}),
        }
      : base;
    const page = await esriGet(client, `${layerUrl}/query`, RawGeoJsonPage, { searchParams, signal, label });
    const more = page.properties?.exceededTransferLimit ?? page.exceededTransferLimit;
    // A server that ignores resultOffset sends the same full page for ever: stop at the first repeat.
    const fingerprint =
      page.features.length > 0
        ? JSON.stringify([page.features.length, page.features[0], page.features.at(-1)])
        : undefined;
    if (fingerprint !== undefined && fingerprint === previous) {
      throw new PagingError(
        `${label}: the page at offset ${offset} repeats the previous one; the server ignores resultOffset`,
      );
    }
    previous = fingerprint;
    yield page.features;
    if (!paginate) {
      if (more === true) {
        throw new PagingError(
          `${label}: the layer holds more than one page (${page.features.length}) but does not support pagination; narrow the query`,
        );
      }
      return;
    }
    if (more === false) return;
    if (more === undefined && page.features.length < pageSize) return;
    empty = page.features.length === 0 ? empty + 1 : 0;
    if (empty >= MAX_EMPTY_PAGES) {
      throw new PagingError(
        `${label}: ${empty} empty pages in a row still claim exceededTransferLimit; giving up at offset ${offset}`,
      );
    }
    offset += pageSize;
  }
}
