/**
 * Underground assets (pipes, cables, ducts, chambers) that a user is authorised to hold, imported as
 * UndergroundAsset records labelled restricted. The National Underground Asset Register (NUAR) is
 * restricted by law to authorised users and has no public API, so this connector does not call it:
 * it imports GeoJSON the user gives (an export from NUAR, a utility or a dig-once partner) or reads an
 * OGC API - Features endpoint the user has access to. Every record carries the access label
 * `{ classification: 'official-sensitive', permittedOrganisations: [organisation] }` unless the config
 * says otherwise, so `filterForAudience(records, PUBLIC_AUDIENCE)` never shows them to the public.
 *
 * @packageDocumentation
 */
import {
  type AccessLabel,
  AccessLabelSchema,
  ConfigError,
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
  CRS,
  type FeatureMappingContext,
  ItemsParams,
  mapFeature,
  type OgcSettings,
  PropertyMap,
  RawFeature,
  runCollections,
  runItems,
} from '../protocols/ogc-api-features/index.js';
import { RawFeatureCollection } from './raw.js';

export { RawFeatureCollection } from './raw.js';

/**
 * Config of {@link undergroundAssets}. `organisation` (who holds the data) is required; `baseUrl` only
 * for the `items` and `collections` operations.
 *
 * @example
 * ```ts
 * import { UndergroundAssetsConfig } from '@ldn-twin/connectors/underground-assets';
 * UndergroundAssetsConfig.parse({ organisation: 'lb-camden' });
 * ```
 */
export const UndergroundAssetsConfig = z
  .object({
    /** The organisation that holds the data and may see it; the default access label names it. */
    organisation: z.string().min(1),
    /**
     * Who may see the records. Default `{ classification: 'official-sensitive', permittedOrganisations:
     * [organisation] }`. Only an explicit `{ classification: 'open' }` here makes them open.
     */
    access: AccessLabelSchema.optional(),
    /** The licence and attribution of the data; default: the holder's data-sharing terms. */
    licence: LicenceSchema.optional(),
    /** The publisher in provenance; default `organisation`. */
    publisher: z.string().min(1).optional(),
    /** The twin id namespace; default `assets-<organisation>`. */
    namespace: z.string().min(1).optional(),
    /** An OGC API - Features endpoint (landing page) the user has access to. */
    baseUrl: z
      .url()
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
    /** The name of the header that carries its key. */
    apiKeyHeader: z.string().min(1).optional(),
    /** Its key; sent only in `apiKeyHeader`, only to `baseUrl`'s origin, and redacted everywhere. */
    apiKey: z.string().min(1).optional(),
    /** Its page-size cap, if any. */
    maxPageSize: z.int().positive().optional(),
  })
  .refine((c) => c.apiKey === undefined || c.apiKeyHeader !== undefined, {
    message: 'apiKey needs apiKeyHeader (the name of the header that carries it)',
    path: ['apiKeyHeader'],
  });
type UndergroundAssetsConfig = z.output<typeof UndergroundAssetsConfig>;

/**
 * The default access label of imported assets: official-sensitive, for the holding organisation only.
 *
 * @example
 * ```ts
 * import { restrictedTo } from '@ldn-twin/connectors/underground-assets';
 * restrictedTo('lb-camden'); // { classification: 'official-sensitive', permittedOrganisations: ['lb-camden'] }
 * ```
 */
export function restrictedTo(organisation: string): AccessLabel {
  return { classification: 'official-sensitive', permittedOrganisations: [organisation] };
}

const LICENCE: Licence = {
  id: 'LicenseRef-data-sharing-agreement',
  attribution: [
    'Underground asset data © the asset owners, held under a data-sharing agreement; not for redistribution.',
  ],
};

function settingsOf(config: UndergroundAssetsConfig): OgcSettings & { readonly baseUrl: string } {
  return {
    baseUrl: config.baseUrl ?? '',
    apiKeyHeader: config.apiKeyHeader,
    apiKey: config.apiKey,
    namespace: config.namespace ?? `assets-${config.organisation}`,
    publisher: config.publisher ?? config.organisation,
    licence: config.licence ?? {
      ...LICENCE,
      attribution: [
        `Underground asset data © the asset owners, held by ${config.organisation} under a data-sharing agreement; not for redistribution.`,
      ],
    },
    access: config.access ?? restrictedTo(config.organisation),
    maxPageSize: config.maxPageSize,
  };
}

function endpointOf(ctx: OperationContext<UndergroundAssetsConfig>): OgcSettings {
  if (!ctx.config.baseUrl) {
    throw new ConfigError(
      'underground-assets: set config.baseUrl to the OGC API - Features endpoint you have access to',
    );
  }
  return settingsOf(ctx.config);
}

/**
 * Params of `importGeoJson`.
 *
 * @example
 * ```ts
 * import { ImportGeoJsonParams } from '@ldn-twin/connectors/underground-assets';
 * ImportGeoJsonParams.parse({ dataset: 'water-mains-2026-11', featureCollection: { type: 'FeatureCollection', features: [] } });
 * ```
 */
export const ImportGeoJsonParams = z.object({
  /** The GeoJSON FeatureCollection to import. */
  featureCollection: RawFeatureCollection,
  /** A name for this import (the provenance dataset and part of every id), e.g. `water-mains-2026-11`. */
  dataset: z.string().min(1),
  /**
   * The CRS URI of the coordinates. Default: the file's legacy `crs` member if it has one, else
   * CRS84 (lon/lat, RFC 7946). British National Grid files: `http://www.opengis.net/def/crs/EPSG/0/27700`.
   */
  crs: z.string().min(1).optional(),
  /** Which feature property fills which field (`id`, `assetType`, `owner`, `material`, `depth`, `name`...). */
  map: PropertyMap.default({}),
});

const importGeoJson: Operation<
  typeof ImportGeoJsonParams,
  TwinRecordOf<'UndergroundAsset'>,
  UndergroundAssetsConfig
> = {
  title: 'Import GeoJSON',
  description:
    'Asset data you are authorised to hold, given as a GeoJSON FeatureCollection, as restricted UndergroundAsset records.',
  params: ImportGeoJsonParams,
  produces: ['UndergroundAsset'],
  async *run(params, ctx) {
    const settings = settingsOf(ctx.config);
    const declared = params.featureCollection.crs?.properties?.name;
    // RFC 7946 GeoJSON is lon/lat whatever it declares; only a projected CRS changes the coordinates.
    const crs = params.crs ?? (declared && /27700|7405/.test(declared) ? CRS.BNG : undefined);
    const mapping: FeatureMappingContext = {
      ...settings,
      kind: 'UndergroundAsset',
      collection: params.dataset,
      connector: 'underground-assets',
      retrievedAt: ctx.retrievedAt,
      map: params.map,
      ...(crs ? { crs } : {}),
    };
    const features = params.featureCollection.features;
    ctx.page(features.length);
    for (const record of ctx.mapper.each(features, RawFeature, (raw) => mapFeature(raw, mapping))) {
      if (record.featureType === 'UndergroundAsset') yield record;
    }
  },
};

/**
 * Params of `items`: an OGC items query whose features become UndergroundAsset records.
 *
 * @example
 * ```ts
 * import { AssetItemsParams } from '@ldn-twin/connectors/underground-assets';
 * AssetItemsParams.parse({ collection: 'water-mains', map: { assetType: 'asset_type' } });
 * ```
 */
export const AssetItemsParams = ItemsParams.omit({ kind: true });

const items: Operation<typeof AssetItemsParams, TwinRecordOf<'UndergroundAsset'>, UndergroundAssetsConfig> = {
  title: 'Items from an OGC API endpoint',
  description:
    'The features of a collection of an OGC API - Features endpoint you have access to (config.baseUrl), as restricted UndergroundAsset records.',
  params: AssetItemsParams,
  produces: ['UndergroundAsset'],
  async *run(params, ctx) {
    const records = runItems(
      { ...params, kind: 'UndergroundAsset' },
      endpointOf(ctx),
      'underground-assets',
      ctx,
    );
    for await (const record of records) {
      if (record.featureType === 'UndergroundAsset') yield record;
    }
  },
};

const collections: Operation<typeof CollectionsParams, TwinRecordOf<'Dataset'>, UndergroundAssetsConfig> = {
  title: 'Collections of the OGC API endpoint',
  description: 'The collections of config.baseUrl, as Dataset records carrying the same restricted label.',
  params: CollectionsParams,
  produces: ['Dataset'],
  run: (_params, ctx) => runCollections(endpointOf(ctx), 'underground-assets', ctx),
};

/**
 * The underground-assets importer.
 *
 * @example
 * ```ts
 * import { connect, createClient, filterForAudience } from '@ldn-twin/core';
 * import { undergroundAssets } from '@ldn-twin/connectors/underground-assets';
 *
 * const assets = connect(undergroundAssets, { client: createClient(), config: { organisation: 'lb-camden' } });
 * const { records } = await assets
 *   .importGeoJson({ dataset: 'water-mains-2026-11', featureCollection, map: { id: 'asset_id', assetType: 'type' } })
 *   .collect();
 * // Only viewers from lb-camden with official-sensitive clearance see them:
 * filterForAudience(records, { clearance: 'official-sensitive', organisation: 'lb-camden' });
 * ```
 */
export const undergroundAssets = {
  id: 'underground-assets',
  title: 'Underground assets (authorised data import)',
  description:
    'Imports underground asset data a user is authorised to hold (GeoJSON, or an OGC API - Features endpoint they can access) as restricted UndergroundAsset records. NUAR has no public API and is not called.',
  twins: ['underground-assets', 'infrastructure-coordination'],
  publisher: { name: 'The asset owners, as held by the importing organisation' },
  homepage: 'https://www.rfc-editor.org/rfc/rfc7946',
  licence: LICENCE,
  auth: {
    type: 'header',
    description:
      'None for a GeoJSON import. For an OGC API endpoint that needs a key, set `apiKeyHeader` and `apiKey` in the config.',
    // The header is named by config `apiKeyHeader`.
    credentials: [{ config: 'apiKey', wire: { in: 'header' } }],
  },
  browser: { cors: true, note: 'A GeoJSON import makes no request; an OGC endpoint’s CORS is its own.' },
  config: UndergroundAssetsConfig,
  settings: [
    { config: 'organisation', env: 'LDN_TWIN_UNDERGROUND_ORGANISATION', required: true },
    { config: 'access', env: 'LDN_TWIN_UNDERGROUND_ACCESS' },
  ],
  operations: { importGeoJson, items, collections },
} satisfies Connector<typeof UndergroundAssetsConfig>;
