/**
 * The requests of OGC API - Features, shared by every connector built on it (`ogc-features` itself,
 * `os-ngd`, `underground-assets`): list collections, page through a collection's items, get one item.
 * Paging follows `next` links (Part 1, 7.15.4); when a server gives none but says with `numberMatched`
 * that more items exist, or when told to (`paging: 'offset'`), it pages by `offset`, which some servers
 * (OS NGD among them) support beside a page-size cap. The key goes only to the server's own origin:
 * a next link pointing elsewhere is followed without it.
 */
import {
  type AccessLabel,
  type Auth,
  type Licence,
  linkPages,
  mapPage,
  type OperationContext,
  type RequestOptions,
  type TwinRecordOf,
} from '@ldn-twin/core';
import * as z from 'zod';
import { serverDeclaresCql2 } from './conformance.js';
import { FEATURE_KINDS, type FeatureRecord, mapCollection, mapFeature, PropertyMap } from './map.js';
import { RawCollection, RawCollections, RawFeature, RawItems } from './raw.js';

/**
 * Everything the requests and the mapping need from a connector's config.
 *
 * @example
 * ```ts
 * import type { OgcSettings } from '@ldn-twin/connectors/ogc-features';
 * const settings: OgcSettings = {
 *   baseUrl: 'https://example.london/ogcapi', namespace: 'example.london', publisher: 'Example Borough',
 *   licence: { id: 'OGL-UK-3.0', attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'] },
 *   access: { classification: 'open' },
 * };
 * ```
 */
export interface OgcSettings {
  /** The landing page URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly apiKeyHeader?: string | undefined;
  readonly apiKey?: string | undefined;
  readonly namespace: string;
  readonly publisher: string;
  readonly licence: Licence;
  readonly access: AccessLabel;
  /** The most items the server returns per page; asked page sizes are capped to it. */
  readonly maxPageSize?: number | undefined;
}

const Bbox = z.union([
  z.tuple([z.number(), z.number(), z.number(), z.number()]),
  z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()]),
]);

/**
 * Params of an items query (Part 1 `bbox`, `datetime`, `limit`; Part 2 `bbox-crs`, `crs`; Part 3 /
 * CQL2 `filter`, `filter-lang` (only to a server declaring CQL2, unless given), `filter-crs`), plus the kind the features become and how their
 * properties map.
 *
 * @example
 * ```ts
 * import { ItemsParams } from '@ldn-twin/connectors/ogc-features';
 * ItemsParams.parse({ collection: 'buildings', kind: 'Building', bbox: [-0.13, 51.50, -0.12, 51.51], map: { height: 'height_m' } });
 * ```
 */
export const ItemsParams = z.object({
  /** The collection id (see the `collections` operation). */
  collection: z.string().min(1),
  /** The record kind the features become. */
  kind: z.enum(FEATURE_KINDS),
  /** Which feature property fills which record field; see {@link PropertyMap}. */
  map: PropertyMap.default({}),
  /** `[minx, miny, maxx, maxy]` (or with heights, 6 numbers), in `bboxCrs` (CRS84 lon/lat by default). */
  bbox: Bbox.optional(),
  /** The CRS URI of `bbox` (sent as `bbox-crs`). */
  bboxCrs: z.string().min(1).optional(),
  /** The CRS URI to return coordinates in (sent as `crs`); CRS84, EPSG:4326 and BNG become WGS 84 geometry. */
  crs: z.string().min(1).optional(),
  /** A CQL2 filter: text (`filter-lang=cql2-text`) or a CQL2 JSON object (`cql2-json`). */
  filter: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  /**
   * The filter language, always sent when given. Left out, it is inferred from `filter` and sent only
   * when the server's `/conformance` declares CQL2 (asked once per client).
   */
  filterLang: z.enum(['cql2-text', 'cql2-json']).optional(),
  /** The CRS URI of geometries in `filter` (sent as `filter-crs`). */
  filterCrs: z.string().min(1).optional(),
  /** An instant or interval (`2026-01-01T00:00:00Z/..`), sent as `datetime`. */
  datetime: z.string().min(1).optional(),
  /** Items per page (capped to the server's page size); default 100. */
  limit: z.int().min(1).max(10_000).default(100),
  /**
   * `auto` (default): next links, and offsets when there is no next link but `numberMatched` says
   * more items exist; `links`: next links only; `offset`: offsets only, ignoring links.
   */
  paging: z.enum(['auto', 'links', 'offset']).default('auto'),
});

/**
 * Params of a single item.
 *
 * @example
 * ```ts
 * import { ItemParams } from '@ldn-twin/connectors/ogc-features';
 * ItemParams.parse({ collection: 'buildings', featureId: 'b-1', kind: 'Building' });
 * ```
 */
export const ItemParams = z.object({
  collection: z.string().min(1),
  featureId: z.string().min(1),
  kind: z.enum(FEATURE_KINDS),
  map: PropertyMap.default({}),
  crs: z.string().min(1).optional(),
});

/**
 * Params of the collections listing (none).
 *
 * @example
 * ```ts
 * import { CollectionsParams } from '@ldn-twin/connectors/ogc-features';
 * CollectionsParams.parse({});
 * ```
 */
export const CollectionsParams = z.object({});

type Ctx = Pick<OperationContext<unknown>, 'client' | 'signal' | 'mapper' | 'retrievedAt' | 'page'>;

/**
 * Lists the collections of a server as Dataset records, following next links if the server pages them.
 *
 * @example
 * ```ts
 * for await (const dataset of runCollections(settings, 'my-connector', ctx)) console.log(dataset.properties.name);
 * ```
 */
export async function* runCollections(
  settings: OgcSettings,
  connector: string,
  ctx: Ctx,
): AsyncGenerator<TwinRecordOf<'Dataset'>> {
  const pages = linkPages({
    first: `${settings.baseUrl}/collections`,
    signal: ctx.signal,
    fetchPage: async (url, signal) => {
      const { data } = await ctx.client.json(
        url,
        RawCollections,
        request(settings, url, signal, 'collections'),
      );
      return { page: data.collections, next: data.links.find((l) => l.rel === 'next')?.href };
    },
  });
  const mapping = { ...settings, connector, retrievedAt: ctx.retrievedAt };
  for await (const collections of pages) {
    yield* mapPage(ctx, collections, RawCollection, (raw) => mapCollection(raw, mapping));
  }
}

/**
 * Pages through the items of a collection, mapping each feature to a record of `params.kind`.
 *
 * @example
 * ```ts
 * const params = ItemsParams.parse({ collection: 'buildings', kind: 'Building' });
 * for await (const building of runItems(params, settings, 'my-connector', ctx)) console.log(building.id);
 * ```
 */
export async function* runItems(
  params: z.output<typeof ItemsParams>,
  settings: OgcSettings,
  connector: string,
  ctx: Ctx,
): AsyncGenerator<FeatureRecord> {
  const itemsUrl = `${settings.baseUrl}/collections/${encodeURIComponent(params.collection)}/items`;
  const pageSize = Math.min(params.limit, settings.maxPageSize ?? Number.POSITIVE_INFINITY);
  const first = new URL(itemsUrl);
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) first.searchParams.set(name, value);
  };
  set('limit', String(pageSize));
  set('bbox', params.bbox?.join(','));
  set('bbox-crs', params.bboxCrs);
  set('crs', params.crs);
  if (params.filter !== undefined) {
    const json = typeof params.filter !== 'string';
    set('filter', json ? JSON.stringify(params.filter) : (params.filter as string));
    const lang =
      params.filterLang ??
      ((await serverDeclaresCql2(
        ctx.client,
        settings.baseUrl,
        request(settings, settings.baseUrl, ctx.signal, 'conformance'),
      ))
        ? json
          ? 'cql2-json'
          : 'cql2-text'
        : undefined);
    set('filter-lang', lang);
  }
  set('filter-crs', params.filterCrs);
  set('datetime', params.datetime);

  let seen = 0;
  const offsetUrl = (offset: number) => {
    const url = new URL(first);
    url.searchParams.set('offset', String(offset));
    return url.toString();
  };
  const pages = linkPages({
    first,
    signal: ctx.signal,
    fetchPage: async (url, signal) => {
      const { data } = await ctx.client.json(url, RawItems, {
        ...request(settings, url, signal, `items of ${params.collection}`),
        headers: { accept: 'application/geo+json, application/json;q=0.9' },
      });
      seen += data.features.length;
      const link = data.links.find((l) => l.rel === 'next')?.href;
      const matched = data.numberMatched;
      const more =
        data.features.length > 0 &&
        (matched !== undefined ? seen < matched : data.features.length >= pageSize);
      let next: string | undefined;
      if (params.paging === 'offset') next = more ? offsetUrl(seen) : undefined;
      else if (link) next = link;
      // Without a next link, only numberMatched is evidence that more items exist.
      else if (params.paging === 'auto' && matched !== undefined && more) next = offsetUrl(seen);
      return { page: data.features, next };
    },
  });
  const mapping = {
    ...settings,
    kind: params.kind,
    collection: params.collection,
    itemsUrl,
    connector,
    retrievedAt: ctx.retrievedAt,
    map: params.map,
    ...(params.crs ? { crs: params.crs } : {}),
  };
  for await (const features of pages) {
    yield* mapPage(ctx, features, RawFeature, (raw) => mapFeature(raw, mapping));
  }
}

/**
 * Gets one item of a collection as a record of `params.kind`.
 *
 * @example
 * ```ts
 * const params = ItemParams.parse({ collection: 'buildings', featureId: 'b-1', kind: 'Building' });
 * for await (const building of runItem(params, settings, 'my-connector', ctx)) console.log(building.id);
 * ```
 */
export async function* runItem(
  params: z.output<typeof ItemParams>,
  settings: OgcSettings,
  connector: string,
  ctx: Ctx,
): AsyncGenerator<FeatureRecord> {
  const itemsUrl = `${settings.baseUrl}/collections/${encodeURIComponent(params.collection)}/items`;
  const url = new URL(`${itemsUrl}/${encodeURIComponent(params.featureId)}`);
  if (params.crs) url.searchParams.set('crs', params.crs);
  const { data } = await ctx.client.json(url, z.unknown(), {
    ...request(settings, url.toString(), ctx.signal, `item ${params.featureId} of ${params.collection}`),
    headers: { accept: 'application/geo+json, application/json;q=0.9' },
  });
  ctx.page(1);
  const mapping = {
    ...settings,
    kind: params.kind,
    collection: params.collection,
    itemsUrl,
    connector,
    retrievedAt: ctx.retrievedAt,
    map: params.map,
    ...(params.crs ? { crs: params.crs } : {}),
  };
  yield* ctx.mapper.each([data], RawFeature, (raw) => mapFeature(raw, mapping));
}

/** Request options: the key header only towards the server's own origin. */
function request(
  settings: OgcSettings,
  url: string,
  signal: AbortSignal | undefined,
  what: string,
): RequestOptions {
  const sameOrigin = new URL(url).origin === new URL(settings.baseUrl).origin;
  const auth: Auth | undefined =
    settings.apiKey && settings.apiKeyHeader && sameOrigin
      ? { type: 'header', name: settings.apiKeyHeader, value: settings.apiKey }
      : undefined;
  return {
    ...(auth ? { auth } : {}),
    ...(signal ? { signal } : {}),
    label: `${settings.namespace} ${what}`,
  };
}
