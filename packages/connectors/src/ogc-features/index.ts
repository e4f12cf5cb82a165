/**
 * A generic OGC API - Features connector (OGC 17-069r4 Part 1 Core, Part 2 CRS, CQL2 filtering):
 * works against any compliant server, such as a borough's pygeoapi, GeoServer, ldproxy or QGIS Server.
 * Collections become Dataset records; the items of a collection become Building or UndergroundAsset
 * records, whichever the caller names, with a property map saying which feature property fills which
 * field. The `os-ngd` and `underground-assets` connectors are built on the same requests.
 *
 * @packageDocumentation
 */
import {
  AccessLabelSchema,
  type Connector,
  type Licence,
  LicenceSchema,
  type Operation,
  type OperationContext,
  type TwinRecordOf,
} from '@ldn-twin/core';
import * as z from 'zod';
import {
  CollectionsParams,
  type FeatureRecord,
  ItemParams,
  ItemsParams,
  type OgcSettings,
  runCollections,
  runItem,
  runItems,
} from '../protocols/ogc-api-features/index.js';

export {
  axisOf,
  type CollectionMappingContext,
  CollectionsParams,
  CRS,
  FEATURE_KINDS,
  type FeatureKind,
  type FeatureMappingContext,
  type FeatureRecord,
  ItemParams,
  ItemsParams,
  mapCollection,
  mapFeature,
  mapPositions,
  type OgcSettings,
  PropertyMap,
  type PropertyMapping,
  RawCollection,
  RawCollections,
  RawFeature,
  RawItems,
  RawLink,
  runCollections,
  runItem,
  runItems,
  toWgs84,
} from '../protocols/ogc-api-features/index.js';

/**
 * Config of {@link ogcFeatures}. `baseUrl` (the landing page) and `access` are required: a generic
 * server's data is not known to be open, so saying who may see its records is the caller's decision.
 *
 * @example
 * ```ts
 * import { OgcFeaturesConfig } from '@ldn-twin/connectors/ogc-features';
 * OgcFeaturesConfig.parse({ baseUrl: 'https://maps.example.london/ogcapi', access: { classification: 'open' } });
 * ```
 */
export const OgcFeaturesConfig = z
  .object({
    /** The landing page of the API (collections are at `{baseUrl}/collections`). */
    baseUrl: z.url().transform((url) => url.replace(/\/+$/, '')),
    /** The name of the header that carries the API key, when the server needs one (e.g. `key`, `x-api-key`). */
    apiKeyHeader: z.string().min(1).optional(),
    /** The API key; sent only in `apiKeyHeader`, only to `baseUrl`'s origin, and redacted everywhere. */
    apiKey: z.string().min(1).optional(),
    /** The twin id namespace of this server; default its host and path (`maps.example.london/ogcapi`). */
    namespace: z.string().min(1).optional(),
    /** The publisher written into provenance; default the server's host name. */
    publisher: z.string().min(1).optional(),
    /** The licence of the data, with its exact attribution statements; see the docs for the default. */
    licence: LicenceSchema.optional(),
    /** Who may see the records: `{ classification: 'open' }` for open data, by an explicit decision. */
    access: AccessLabelSchema,
    /** The server's page-size cap, when it has one; asked `limit`s are capped to it. */
    maxPageSize: z.int().positive().optional(),
  })
  .refine((c) => c.apiKey === undefined || c.apiKeyHeader !== undefined, {
    message: 'apiKey needs apiKeyHeader (the name of the header that carries it)',
    path: ['apiKeyHeader'],
  });
type OgcFeaturesConfig = z.output<typeof OgcFeaturesConfig>;

/** The connector-level licence: a generic server's terms are its own. */
const LICENCE: Licence = {
  id: 'LicenseRef-server-terms',
  attribution: [
    'Data from the OGC API - Features server you connect to, under that server’s own licence and attribution.',
  ],
};

/**
 * The settings a run uses, from the parsed config (defaults filled from `baseUrl`).
 *
 * @example
 * ```ts
 * import { OgcFeaturesConfig, ogcSettings } from '@ldn-twin/connectors/ogc-features';
 * const settings = ogcSettings(OgcFeaturesConfig.parse({ baseUrl: 'https://maps.example.london/ogcapi', access: { classification: 'open' } }));
 * settings.namespace; // 'maps.example.london/ogcapi'
 * ```
 */
export function ogcSettings(config: OgcFeaturesConfig): OgcSettings {
  const url = new URL(config.baseUrl);
  const namespace = config.namespace ?? `${url.host}${url.pathname}`.replace(/\/+$/, '');
  return {
    baseUrl: config.baseUrl,
    apiKeyHeader: config.apiKeyHeader,
    apiKey: config.apiKey,
    namespace,
    publisher: config.publisher ?? url.hostname,
    licence: config.licence ?? {
      id: 'LicenseRef-server-terms',
      url: config.baseUrl,
      attribution: [
        `Data from ${url.hostname}; see that server’s licence and attribution (none configured).`,
      ],
    },
    access: config.access,
    maxPageSize: config.maxPageSize,
  };
}

const settingsOf = (ctx: OperationContext<OgcFeaturesConfig>) => ogcSettings(ctx.config);

const collections: Operation<typeof CollectionsParams, TwinRecordOf<'Dataset'>, OgcFeaturesConfig> = {
  title: 'Collections',
  description: 'The collections the server offers (`/collections`), as Dataset records.',
  params: CollectionsParams,
  produces: ['Dataset'],
  run: (_params, ctx) => runCollections(settingsOf(ctx), 'ogc-features', ctx),
};

const items: Operation<typeof ItemsParams, FeatureRecord, OgcFeaturesConfig> = {
  title: 'Items',
  description:
    'The features of a collection (`/collections/{id}/items`) with bbox, bbox-crs, crs, CQL2 filter and datetime, paging through next links (or offsets), as records of the kind named by `kind`.',
  params: ItemsParams,
  produces: ['Building', 'UndergroundAsset'],
  run: (params, ctx) => runItems(params, settingsOf(ctx), 'ogc-features', ctx),
};

const item: Operation<typeof ItemParams, FeatureRecord, OgcFeaturesConfig> = {
  title: 'Item',
  description:
    'One feature by id (`/collections/{id}/items/{featureId}`); an unknown id is an HttpError 404.',
  params: ItemParams,
  produces: ['Building', 'UndergroundAsset'],
  run: (params, ctx) => runItem(params, settingsOf(ctx), 'ogc-features', ctx),
};

/**
 * The generic OGC API - Features connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { ogcFeatures } from '@ldn-twin/connectors/ogc-features';
 *
 * const borough = connect(ogcFeatures, {
 *   client: createClient(),
 *   config: { baseUrl: 'https://maps.example.london/ogcapi', access: { classification: 'open' } },
 * });
 * const { records: datasets } = await borough.collections({}).collect();
 * for await (const building of borough.items({
 *   collection: 'buildings',
 *   kind: 'Building',
 *   bbox: [-0.1300, 51.5000, -0.1200, 51.5100],
 *   map: { height: 'height_m', name: 'name' }, // the server's own property names
 * })) {
 *   console.log(building.id, building.properties.attributes.heightMetres);
 * }
 * ```
 */
export const ogcFeatures = {
  id: 'ogc-features',
  title: 'OGC API - Features (any server)',
  description:
    'Any OGC API - Features server (Part 1 Core, Part 2 CRS, CQL2 filters): collections as Dataset records, features as Building or UndergroundAsset records mapped by a configurable property map.',
  twins: ['3d-model', 'building-stock', 'underground-assets', 'open-data-catalogue'],
  publisher: {
    name: 'The server you connect to (OGC API - Features standard by the Open Geospatial Consortium)',
    url: 'https://ogcapi.ogc.org/features/',
  },
  homepage: 'https://ogcapi.ogc.org/features/',
  licence: LICENCE,
  auth: {
    type: 'header',
    description:
      'None for open servers. For keyed servers set `apiKeyHeader` (the header name the server expects) and `apiKey` in the config; the key goes only to the server’s own origin.',
    // The header is named by config `apiKeyHeader`.
    credentials: [{ config: 'apiKey', wire: { in: 'header' }, env: 'LDN_TWIN_OGC_API_KEY' }],
  },
  browser: {
    cors: true,
    note: 'Depends on the server: OGC API servers usually allow CORS; if yours does not, point baseUrl at a proxy.',
  },
  config: OgcFeaturesConfig,
  settings: [
    { config: 'baseUrl', env: 'LDN_TWIN_OGC_BASE_URL', required: true },
    { config: 'apiKeyHeader', env: 'LDN_TWIN_OGC_API_KEY_HEADER' },
    { config: 'access', env: 'LDN_TWIN_OGC_ACCESS', required: true },
  ],
  operations: { collections, items, item },
} satisfies Connector<typeof OgcFeaturesConfig>;
