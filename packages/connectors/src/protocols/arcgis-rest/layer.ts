/**
 * Reading a layer's own description at run time and running a mapped query over it: the field
 * names, object id field, `maxRecordCount` and pagination support come from `<layer>?f=json`, never
 * from a hard-coded list, because they differ between services and change over time.
 */
import type { HttpClient, OperationContext } from '@ldn-twin/core';
import { mapPage } from '@ldn-twin/core';
import { type ConstraintRecord, mapFeature } from './map.js';
import type { MappingPlan } from './mapping.js';
import { type LayerQuery, queryPages } from './query.js';
import { RawGeoJsonFeature, RawLayerInfo } from './raw.js';
import { esriGet } from './request.js';

/**
 * The largest page the connector asks for when a layer does not say its `maxRecordCount`
 * (ArcGIS Online's documented default for hosted layers is 2000; the GLA's server says 5000).
 *
 * @example
 * ```ts
 * pageSizeFor({ id: 0, name: 'x', maxRecordCount: 1000 }, 2000); // 1000
 * ```
 */
export const DEFAULT_PAGE_SIZE = 1000;

/**
 * Reads `<layer>?f=json`.
 *
 * @example
 * ```ts
 * const info = await readLayerInfo(client, 'https://example.london/arcgis/rest/services/x/FeatureServer/3');
 * console.log(info.name, info.fields?.map((f) => f.name));
 * ```
 */
export function readLayerInfo(
  client: HttpClient,
  layerUrl: string,
  signal?: AbortSignal,
): Promise<RawLayerInfo> {
  return esriGet(client, layerUrl, RawLayerInfo, {
    searchParams: { f: 'json' },
    signal,
    label: `arcgis layer description ${layerUrl}`,
  });
}

/**
 * The page size to ask for: the requested size, capped at the layer's `maxRecordCount`.
 *
 * @example
 * ```ts
 * pageSizeFor({ id: 14, name: 'Metropolitan Open Land', maxRecordCount: 2000 }, 5000); // 2000
 * ```
 */
export function pageSizeFor(layer: Pick<RawLayerInfo, 'maxRecordCount'>, requested?: number): number {
  const cap = layer.maxRecordCount && layer.maxRecordCount > 0 ? layer.maxRecordCount : undefined;
  const wanted = requested ?? cap ?? DEFAULT_PAGE_SIZE;
  return Math.max(1, Math.floor(cap ? Math.min(wanted, cap) : wanted));
}

/**
 * Queries one layer through every page and maps each feature with `plan`; a feature that fails its
 * schema or mapping is reported by the run and the rest arrive.
 *
 * @example
 * ```ts
 * yield* queryLayer(ctx, { layer, plan, query: { point: [-0.1, 51.5] }, pageSize: 500 });
 * ```
 */
export async function* queryLayer(
  ctx: OperationContext<unknown>,
  options: {
    readonly layer: RawLayerInfo;
    readonly plan: MappingPlan;
    readonly query: LayerQuery;
    readonly pageSize?: number | undefined;
  },
): AsyncGenerator<ConstraintRecord, void, undefined> {
  const { layer, plan } = options;
  const paginate = layer.advancedQueryCapabilities?.supportsPagination !== false;
  const orderable = layer.advancedQueryCapabilities?.supportsOrderBy !== false;
  const pages = queryPages({
    client: ctx.client,
    layerUrl: plan.layerUrl,
    query: options.query,
    pageSize: pageSizeFor(layer, options.pageSize),
    paginate,
    orderBy: orderable ? plan.objectIdField : undefined,
    signal: ctx.signal,
    label: `arcgis query ${plan.layerName || plan.layerUrl}`,
  });
  for await (const features of pages) {
    yield* mapPage(ctx, features, RawGeoJsonFeature, (feature) => mapFeature(feature, plan));
  }
}
