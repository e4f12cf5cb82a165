/**
 * ArcGIS REST layers as planning constraints: a generic FeatureServer/MapServer layer query (where,
 * envelope, point with distance, out fields, always WGS 84 GeoJSON, paging until the server says
 * there is no more), mapped to PlanningConstraint records by a small, pluggable mapping description
 * resolved against the layer's own field list at run time; a service's layer listing as Dataset
 * records; and two presets, Historic England's listed buildings (NHLE) and Natural England's Sites
 * of Special Scientific Interest. Boroughs point `query` at any layer they publish.
 *
 * @packageDocumentation
 */
import type { Connector, Licence, Operation } from '@ldn-twin/core';
import * as z from 'zod';
import {
  ConstraintMapping,
  type ConstraintRecord,
  checkQueryFilter,
  type DatasetRecord,
  LayerUrl,
  layerToDataset,
  queryFilterShape,
  queryLayer,
  RawServiceLayer,
  readLayerInfo,
  readServiceInfo,
  resolveMapping,
  ServiceUrl,
  toLayerQuery,
} from '../protocols/arcgis-rest/index.js';
import {
  HISTORIC_ENGLAND_LISTED_BUILDINGS,
  HISTORIC_ENGLAND_LISTED_BUILDINGS_URL,
  historicEnglandLicence,
  NATURAL_ENGLAND_SSSI,
  NATURAL_ENGLAND_SSSI_URL,
  naturalEnglandLicence,
} from './presets.js';

export {
  ConstraintMapping,
  type ConstraintRecord,
  type DatasetRecord,
  DISTANCE_UNITS,
  type DistanceUnit,
  type LayerQuery,
  type MappedField,
  type MappingPlan,
  querySearchParams,
  type ResolveContext,
  resolveField,
  resolveMapping,
} from '../protocols/arcgis-rest/index.js';
export {
  HISTORIC_ENGLAND_LISTED_BUILDINGS,
  HISTORIC_ENGLAND_LISTED_BUILDINGS_URL,
  historicEnglandLicence,
  NATURAL_ENGLAND_SSSI,
  NATURAL_ENGLAND_SSSI_URL,
  naturalEnglandLicence,
} from './presets.js';

const ArcGisConfig = z.object({
  /** The NHLE listed-buildings layer (from public clients, not vendor docs: configurable). */
  listedBuildingsLayerUrl: LayerUrl.default(HISTORIC_ENGLAND_LISTED_BUILDINGS_URL),
  /** The Natural England SSSI layer (from public clients, not vendor docs: configurable). */
  sssiLayerUrl: LayerUrl.default(NATURAL_ENGLAND_SSSI_URL),
});
type ArcGisConfig = z.output<typeof ArcGisConfig>;

const FieldOverrides = ConstraintMapping.shape.fields.unwrap().partial();

const QueryParams = checkQueryFilter(
  z.object({
    ...queryFilterShape,
    /** The layer, `.../FeatureServer/<id>` or `.../MapServer/<id>`. */
    layerUrl: LayerUrl,
    /** What its features become. */
    mapping: ConstraintMapping,
  }),
);

const PresetParams = checkQueryFilter(
  z.object({
    ...queryFilterShape,
    /** Override field names (candidates) when the layer's schema has changed. */
    fields: FieldOverrides.optional(),
  }),
);

const LayersParams = z.object({
  /** The service, `.../FeatureServer` or `.../MapServer`. */
  serviceUrl: ServiceUrl,
});

/** No licence is asserted for an arbitrary service: each record quotes its layer's copyright. */
const GENERIC_LICENCE: Licence = {
  id: 'NOASSERTION',
  attribution: [
    'As published by each ArcGIS service: records carry their layer mapping licence, or quote the layer copyright text.',
  ],
};

const query: Operation<typeof QueryParams, ConstraintRecord, ArcGisConfig> = {
  title: 'Query a layer',
  description:
    'Features of any ArcGIS layer that match a where clause and intersect an envelope or a point (with a distance), paged until the server says there is no more, mapped to PlanningConstraint records by the given mapping.',
  params: QueryParams,
  produces: ['PlanningConstraint'],
  async *run(params, ctx) {
    const layer = await readLayerInfo(ctx.client, params.layerUrl, ctx.signal);
    const plan = resolveMapping(params.mapping, layer, {
      layerUrl: params.layerUrl,
      connector: 'arcgis',
      retrievedAt: ctx.retrievedAt,
      extra: { layerName: layer.name, layerUrl: params.layerUrl },
    });
    warnMissing(ctx.client.logger, params.layerUrl, plan.missingFields);
    yield* queryLayer(ctx, { layer, plan, query: toLayerQuery(params), pageSize: params.pageSize });
  },
};

function presetOperation(
  title: string,
  description: string,
  mapping: ConstraintMapping,
  layerUrlOf: (config: ArcGisConfig) => string,
  licenceOf: (retrievedAt: string) => Licence,
): Operation<typeof PresetParams, ConstraintRecord, ArcGisConfig> {
  return {
    title,
    description,
    params: PresetParams,
    produces: ['PlanningConstraint'],
    async *run(params, ctx) {
      const layerUrl = layerUrlOf(ctx.config);
      const layer = await readLayerInfo(ctx.client, layerUrl, ctx.signal);
      const plan = resolveMapping({ ...mapping, fields: { ...mapping.fields, ...params.fields } }, layer, {
        layerUrl,
        connector: 'arcgis',
        retrievedAt: ctx.retrievedAt,
        licence: licenceOf(ctx.retrievedAt),
        extra: { layerName: layer.name, layerUrl },
      });
      warnMissing(ctx.client.logger, layerUrl, plan.missingFields);
      yield* queryLayer(ctx, { layer, plan, query: toLayerQuery(params), pageSize: params.pageSize });
    },
  };
}

const listedBuildings = presetOperation(
  'Listed buildings (Historic England NHLE)',
  "Listed buildings from Historic England's National Heritage List for England (layer 0, points), as PlanningConstraint records of type listed-building with grade, list entry number, list date and link.",
  ConstraintMapping.parse(HISTORIC_ENGLAND_LISTED_BUILDINGS),
  (config) => config.listedBuildingsLayerUrl,
  historicEnglandLicence,
);

const sitesOfSpecialScientificInterest = presetOperation(
  'Sites of Special Scientific Interest (Natural England)',
  "Natural England's SSSIs (England), as PlanningConstraint records of type site-of-special-scientific-interest; the name field is found at run time (SSSI_NAME or NAME).",
  ConstraintMapping.parse(NATURAL_ENGLAND_SSSI),
  (config) => config.sssiLayerUrl,
  naturalEnglandLicence,
);

const layers: Operation<typeof LayersParams, DatasetRecord, ArcGisConfig> = {
  title: 'List layers',
  description:
    "A service's layers and tables (from its own description, `?f=json`) as Dataset records, with each layer's URL and GeoJSON query.",
  params: LayersParams,
  produces: ['Dataset'],
  async *run(params, ctx) {
    const service = await readServiceInfo(ctx.client, params.serviceUrl, ctx.signal);
    const entries = [...service.layers, ...(service.tables ?? [])];
    ctx.page(entries.length);
    const copyright = service.copyrightText;
    yield* ctx.mapper.each(entries, RawServiceLayer, (layer) =>
      layerToDataset(layer, {
        serviceUrl: params.serviceUrl,
        publisher: new URL(params.serviceUrl).hostname,
        licence: copyright ? { id: 'NOASSERTION', attribution: [copyright] } : GENERIC_LICENCE,
        connector: 'arcgis',
        retrievedAt: ctx.retrievedAt,
      }),
    );
  },
};

function warnMissing(
  logger: { warn?: (message: string, fields?: Record<string, unknown>) => void },
  layerUrl: string,
  missing: readonly string[],
) {
  if (missing.length > 0) logger.warn?.('arcgis: mapped fields not in the layer', { layerUrl, missing });
}

/**
 * The ArcGIS connector: any ArcGIS REST layer as PlanningConstraint records, a service's layer
 * listing, and presets for Historic England's listed buildings and Natural England's SSSIs.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { arcgis } from '@ldn-twin/connectors/arcgis';
 *
 * const layers = connect(arcgis, { client: createClient() });
 * // Listed buildings within 100 m of Trafalgar Square
 * for await (const building of layers.listedBuildings({ point: [-0.1281, 51.508], distance: 100 })) {
 *   console.log(building.properties.attributes.grade, building.properties.name);
 * }
 * // Any layer a borough publishes
 * const { records } = await layers
 *   .query({
 *     layerUrl: 'https://services.arcgis.com/drifeOPKLpgnJ8Qa/ArcGIS/rest/services/planning_local_plan_data_18/FeatureServer/14',
 *     mapping: { constraintType: 'metropolitan-open-land', dataset: 'metropolitan-open-land', publisher: 'London Borough of Hounslow', fields: { name: 'sitename' } },
 *     envelope: [-0.4, 51.45, -0.3, 51.5],
 *   })
 *   .collect();
 * ```
 */
export const arcgis = {
  id: 'arcgis',
  title: 'ArcGIS REST layers',
  description:
    'Any ArcGIS FeatureServer/MapServer layer as planning constraints (pluggable mapping, field names read at run time), service layer listings, and presets for Historic England listed buildings (NHLE) and Natural England SSSIs.',
  twins: ['planning-constraints', 'environment', 'open-data-catalogue'],
  publisher: { name: 'Any ArcGIS REST service publisher (presets: Historic England, Natural England)' },
  homepage: 'https://developers.arcgis.com/rest/services-reference/enterprise/query-feature-service-layer/',
  licence: GENERIC_LICENCE,
  auth: { type: 'none' },
  browser: {
    cors: true,
    note: 'ArcGIS Online hosted services answer cross-origin requests; other ArcGIS servers may not (use a proxy URL).',
  },
  config: ArcGisConfig,
  operations: { query, listedBuildings, sitesOfSpecialScientificInterest, layers },
} satisfies Connector<typeof ArcGisConfig>;
