/**
 * A service's layer listing (`<service>?f=json`, `layers[]` and `tables[]`) as Dataset records: one
 * catalogue entry per layer, with the layer URL as landing page and its GeoJSON query as the
 * distribution, so an app can offer "what else does this service publish" and point the `query`
 * operation at any of them.
 */

import type { HttpClient } from '@ldn-twin/core';
import { type Licence, type TwinRecordOf, twinRecord } from '@ldn-twin/core';
import { RawServiceInfo, type RawServiceLayer } from './raw.js';
import { esriGet } from './request.js';

/**
 * A Dataset record.
 *
 * @example
 * ```ts
 * const title = (record: DatasetRecord) => record.properties.name;
 * ```
 */
export type DatasetRecord = TwinRecordOf<'Dataset'>;

/**
 * Reads `<service>?f=json`.
 *
 * @example
 * ```ts
 * const info = await readServiceInfo(client, 'https://example.london/arcgis/rest/services/x/FeatureServer');
 * console.log(info.layers.length);
 * ```
 */
export function readServiceInfo(client: HttpClient, serviceUrl: string, signal?: AbortSignal) {
  return esriGet(client, serviceUrl, RawServiceInfo, {
    searchParams: { f: 'json' },
    signal,
    label: `arcgis service description ${serviceUrl}`,
  });
}

/**
 * What every layer record of one listing shares.
 *
 * @example
 * ```ts
 * const listing: ListingContext = { serviceUrl, publisher: 'GLA', licence, connector: 'arcgis', retrievedAt };
 * ```
 */
export interface ListingContext {
  readonly serviceUrl: string;
  readonly publisher: string;
  readonly licence: Licence;
  readonly connector: string;
  readonly retrievedAt: string;
  /** Extra attributes per layer (e.g. the GLA's constraint type for the layer name). */
  readonly describe?: (layer: RawServiceLayer) => Record<string, string>;
}

/**
 * One listed layer as a Dataset record.
 *
 * @example
 * ```ts
 * yield* ctx.mapper.each(info.layers, RawServiceLayer, (layer) => layerToDataset(layer, listing));
 * ```
 */
export function layerToDataset(layer: RawServiceLayer, ctx: ListingContext): DatasetRecord {
  const layerUrl = `${ctx.serviceUrl}/${layer.id}`;
  const isGroup = (layer.subLayerIds?.length ?? 0) > 0 || layer.type === 'Group Layer';
  return twinRecord('Dataset', {
    id: ['arcgis-layer', layerUrl],
    name: layer.name.trim() || undefined,
    identifiers: [{ scheme: 'other', value: String(layer.id), issuer: ctx.serviceUrl }],
    provenance: {
      publisher: ctx.publisher,
      dataset: ctx.serviceUrl,
      sourceId: String(layer.id),
      sourceUrl: layerUrl,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: ctx.connector,
    },
    licence: ctx.licence,
    attributes: {
      landingPage: layerUrl,
      ...(isGroup
        ? {}
        : {
            distributions: [
              {
                url: `${layerUrl}/query?where=1%3D1&outFields=*&outSR=4326&f=geojson`,
                mediaType: 'application/geo+json',
                format: 'geojson',
              },
            ],
          }),
      layerId: layer.id,
      layerName: layer.name,
      layerType: layer.type || undefined,
      geometryType: layer.geometryType || undefined,
      ...(layer.parentLayerId !== undefined && layer.parentLayerId >= 0
        ? { parentLayerId: layer.parentLayerId }
        : {}),
      ...(ctx.describe ? ctx.describe(layer) : {}),
    },
  });
}
