/**
 * OS NGD API - Features (Ordnance Survey National Geographic Database), a preset of the generic
 * `ogc-features` connector: OS's base URL, its `key` header, its 100-item page cap and the building
 * collections the field guide names. Buildings become Building records with heights (by a
 * configurable property map: the guide names no OS height attribute, so none is assumed), ready for a
 * MapLibre fill-extrusion layer ({@link toFillExtrusion}) or a LoD1 CityJSON file ({@link toCityJson}).
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
  PropertyMap,
  runCollections,
  runItem,
  runItems,
} from '../protocols/ogc-api-features/index.js';

export {
  type CityJsonBuilding,
  type CityJsonDocument,
  type CityJsonOptions,
  toCityJson,
} from './cityjson.js';
export { type ExtrusionProperties, toFillExtrusion } from './extrusion.js';

/**
 * Building collection ids the field guide names (OS versions them; discover current ones with the
 * `collections` operation).
 *
 * @example
 * ```ts
 * import { OS_NGD_BUILDING_COLLECTIONS } from '@ldn-twin/connectors/os-ngd';
 * OS_NGD_BUILDING_COLLECTIONS.building; // 'bld-fts-building-4'
 * ```
 */
export const OS_NGD_BUILDING_COLLECTIONS = {
  building: 'bld-fts-building-4',
  buildingPart: 'bld-fts-buildingpart-1',
  buildingPartV2: 'bld-fts-buildingpart-2',
  buildingLine: 'bld-fts-buildingline-1',
} as const;

/** The default licence: OS NGD terms are per collection and unconfirmed, so this says so. */
const LICENCE: Licence = {
  id: 'LicenseRef-OS-NGD',
  attribution: [
    '© Crown copyright and database rights, Ordnance Survey. The exact statement depends on your OS licence (premium, PSGA or OpenData): set config.licence.',
  ],
};

/**
 * Config of {@link osNgd}. Only `apiKey` is required.
 *
 * @example
 * ```ts
 * import { OsNgdConfig } from '@ldn-twin/connectors/os-ngd';
 * OsNgdConfig.parse({ apiKey: process.env.OS_API_KEY, buildingProperties: { height: '<height attribute from /schema>' } });
 * ```
 */
export const OsNgdConfig = z.object({
  /** The API root; override it to go through a proxy. */
  baseUrl: z
    .url()
    .default('https://api.os.uk/features/ngd/ofa/v1')
    .transform((url) => url.replace(/\/+$/, '')),
  /** An OS Data Hub project API key. */
  apiKey: z.string().min(1),
  /** The header that carries it (OS's own client sends `key`). */
  apiKeyHeader: z.string().min(1).default('key'),
  /** OS NGD caps a page at 100 items. */
  maxPageSize: z.int().positive().default(100),
  /** The building collection `buildings` reads. */
  buildingCollection: z.string().min(1).default(OS_NGD_BUILDING_COLLECTIONS.building),
  /**
   * Which OS attribute fills which Building field (heights above all). Empty by default: read the
   * attribute names from `/collections/{id}/schema` and set them here.
   */
  buildingProperties: PropertyMap.default({}),
  /** The licence and exact attribution of your OS licence. */
  licence: LicenceSchema.default(LICENCE),
  /** Who may see the records; not open by default (OS NGD is licensed data). */
  access: AccessLabelSchema.default({ classification: 'official' }),
});
type OsNgdConfig = z.output<typeof OsNgdConfig>;

function settingsOf(ctx: OperationContext<OsNgdConfig>): OgcSettings {
  return {
    baseUrl: ctx.config.baseUrl,
    apiKeyHeader: ctx.config.apiKeyHeader,
    apiKey: ctx.config.apiKey,
    namespace: 'os-ngd',
    publisher: 'Ordnance Survey',
    licence: ctx.config.licence,
    access: ctx.config.access,
    maxPageSize: ctx.config.maxPageSize,
  };
}

/**
 * Params of {@link osNgd}'s `buildings`: an items query without the kind, the collection defaulting
 * to the configured building collection, and the property map merged over the configured one.
 *
 * @example
 * ```ts
 * import { BuildingsParams } from '@ldn-twin/connectors/os-ngd';
 * BuildingsParams.parse({ bbox: [-0.1205, 51.499, -0.117, 51.501] });
 * ```
 */
export const BuildingsParams = ItemsParams.omit({ kind: true, collection: true, map: true }).extend({
  /** A building collection other than the configured one (e.g. a building-part collection). */
  collection: z.string().min(1).optional(),
  /** Overrides entries of the configured `buildingProperties`. */
  map: PropertyMap.optional(),
});

const collections: Operation<typeof CollectionsParams, TwinRecordOf<'Dataset'>, OsNgdConfig> = {
  title: 'Collections',
  description:
    'The OS NGD feature collections (`/collections`), as Dataset records; their ids carry versions.',
  params: CollectionsParams,
  produces: ['Dataset'],
  run: (_params, ctx) => runCollections(settingsOf(ctx), 'os-ngd', ctx),
};

const buildings: Operation<typeof BuildingsParams, TwinRecordOf<'Building'>, OsNgdConfig> = {
  title: 'Buildings',
  description:
    'Buildings in a bbox (or matching a CQL2 filter) from the configured building collection, as Building records with heights from the configured property map; pages of 100.',
  params: BuildingsParams,
  produces: ['Building'],
  async *run(params, ctx) {
    const { collection, map, ...query } = params;
    const records = runItems(
      {
        ...query,
        kind: 'Building',
        collection: collection ?? ctx.config.buildingCollection,
        map: { ...ctx.config.buildingProperties, ...map },
      },
      settingsOf(ctx),
      'os-ngd',
      ctx,
    );
    for await (const record of records) {
      if (record.featureType === 'Building') yield record;
    }
  },
};

const items: Operation<typeof ItemsParams, FeatureRecord, OsNgdConfig> = {
  title: 'Items',
  description: 'The features of any OS NGD collection, as records of the kind named by `kind`.',
  params: ItemsParams,
  produces: ['Building', 'UndergroundAsset'],
  run: (params, ctx) => runItems(params, settingsOf(ctx), 'os-ngd', ctx),
};

const item: Operation<typeof ItemParams, FeatureRecord, OsNgdConfig> = {
  title: 'Item',
  description: 'One OS NGD feature by id; an unknown id is an HttpError 404.',
  params: ItemParams,
  produces: ['Building', 'UndergroundAsset'],
  run: (params, ctx) => runItem(params, settingsOf(ctx), 'os-ngd', ctx),
};

/**
 * The OS NGD API - Features connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { osNgd, toCityJson } from '@ldn-twin/connectors/os-ngd';
 *
 * const ngd = connect(osNgd, {
 *   client: createClient(),
 *   config: { apiKey: process.env.OS_API_KEY!, buildingProperties: { height: '<height attribute from /schema>' } },
 * });
 * const { records } = await ngd.buildings({ bbox: [-0.1205, 51.499, -0.117, 51.501] }).collect();
 * const city = toCityJson(records);
 * ```
 */
export const osNgd = {
  id: 'os-ngd',
  title: 'OS NGD API - Features (Ordnance Survey)',
  description:
    'Ordnance Survey National Geographic Database features through its OGC API - Features service: buildings with heights for 3D London, and any other NGD collection.',
  twins: ['3d-model', 'building-stock'],
  publisher: { name: 'Ordnance Survey', url: 'https://www.ordnancesurvey.co.uk' },
  homepage: 'https://osdatahub.os.uk',
  licence: LICENCE,
  auth: {
    type: 'header',
    name: 'key',
    description: 'An OS Data Hub project API key, sent in the `key` header (configurable as apiKeyHeader).',
    signupUrl: 'https://osdatahub.os.uk',
    // The header is named by config `apiKeyHeader` ('key' by default).
    credentials: [{ config: 'apiKey', wire: { in: 'header' }, env: 'LDN_TWIN_OS_API_KEY', required: true }],
  },
  // OS Data Hub live projects: 600 transactions a minute (field guide, section 6).
  rateLimits: { 'api.os.uk': { requestsPerSecond: 10, burst: 10 } },
  browser: {
    cors: false,
    note: 'CORS support is unconfirmed, and a browser app would expose its key: go through a proxy (baseUrl).',
  },
  config: OsNgdConfig,
  operations: { collections, buildings, items, item },
} satisfies Connector<typeof OsNgdConfig>;
