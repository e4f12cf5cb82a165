/**
 * The GLA Planning Data Map: each London planning authority's local-plan policies-map layers
 * (conservation areas, site allocations, opportunity areas, Metropolitan Open Land, Green Belt,
 * strategic industrial locations, town centres, archaeological priority areas, flood zones, views,
 * ...) as republished by the GLA in one ArcGIS feature service per authority
 * (`planning_local_plan_data_NN`), plus the GLA's London-wide service (LVMF protected vistas, Thames
 * Policy Area). Layers are found by name at run time and mapped to PlanningConstraint records, the
 * borough's own layer name kept; site allocations and opportunity areas become `site-allocation`
 * and `opportunity-area` constraints a development pipeline can use. Built on the `arcgis`
 * connector's query engine (WGS 84 GeoJSON, paging, metadata read at run time).
 *
 * @packageDocumentation
 */
import {
  CONSTRAINT_TYPES,
  type ConnectorInfo,
  isHttpError,
  type Operation,
  type OperationContext,
  twinId,
  withOperations,
} from '@ldn-twin/core';
import * as z from 'zod';
import {
  type ConstraintRecord,
  checkQueryFilter,
  type DatasetRecord,
  esriGet,
  layerToDataset,
  queryFilterShape,
  queryLayer,
  RawAllLayers,
  RawLayerInfo,
  RawServiceLayer,
  readLayerInfo,
  resolveMapping,
  ServiceUrl,
  toLayerQuery,
} from '../protocols/arcgis-rest/index.js';
import { findAuthority, type PlanningAuthority } from './authorities.js';
import { classifyLayer, type LayerMeaning, normaliseLayerName } from './layer-names.js';
import { BOROUGH_LICENCE, layerLicence } from './licence.js';

export { findAuthority, PLANNING_AUTHORITIES, type PlanningAuthority } from './authorities.js';
export { type GlaMetadata, osStatement, parseGlaMetadata } from './gla-metadata.js';
export {
  classifyLayer,
  LAYER_NAME_RULES,
  type LayerMeaning,
  normaliseLayerName,
} from './layer-names.js';
export { BOROUGH_ATTRIBUTION, LONDON_WIDE_ATTRIBUTION } from './licence.js';

const TwoDigits = z.string().regex(/^\d{2}$/, 'a two-digit service number');

const GlaConfig = z.object({
  /** Where the per-authority services live (the GLA's ArcGIS Online organisation). */
  baseUrl: z
    .url()
    .default('https://services.arcgis.com/drifeOPKLpgnJ8Qa/ArcGIS/rest/services')
    .transform((url) => url.replace(/\/+$/, '')),
  /** The service name pattern; `{NN}` is the authority's two-digit number. */
  servicePattern: z.string().includes('{NN}').default('planning_local_plan_data_{NN}'),
  /** Refreshed services queried after the base one; their layers replace base layers of the same name. */
  updatedServices: z.record(TwoDigits, z.array(z.string().min(1))).default({
    '19': ['planning_local_plan_data_19_updated'],
    '32': ['planning_local_plan_data_32_updated'],
  }),
  /** Service names to use for an authority instead of the pattern (and its updated services). */
  serviceOverrides: z.record(TwoDigits, z.array(z.string().min(1)).min(1)).default({}),
  /**
   * The GLA's London-wide service and the layers of it to query: `'all'` (the default) every feature
   * layer its `/layers` listing gives (219 Thames Policy Area and 220 Protected Vistas are confirmed;
   * Opportunity Areas and any other London Plan layer it holds come with them), or the layer ids
   * given. `excludeLayerIds` are never queried: 302 "Planning Authority" is the authorities'
   * boundaries, not a constraint.
   */
  londonWide: z
    .object({
      serviceUrl: ServiceUrl.default(
        'https://gis2.london.gov.uk/server/rest/services/apps/planning_data_map_02/FeatureServer',
      ),
      layerIds: z.union([z.literal('all'), z.array(z.int().nonnegative())]).default('all'),
      excludeLayerIds: z.array(z.int().nonnegative()).default([302]),
    })
    .default({
      serviceUrl: 'https://gis2.london.gov.uk/server/rest/services/apps/planning_data_map_02/FeatureServer',
      layerIds: 'all',
      excludeLayerIds: [302],
    }),
});
type GlaConfig = z.output<typeof GlaConfig>;

const Authority = z
  .string()
  .min(1)
  .refine((value) => findAuthority(value) !== undefined, {
    message: 'a London planning authority: GSS code E09000001-E09000033, a borough name, LLDC or OPDC',
  });

const ConstraintsParams = checkQueryFilter(
  z.object({
    ...queryFilterShape,
    /** The planning authority: GSS code (`E09000019`) or name (`Islington`, `LLDC`, `OPDC`). */
    authority: Authority,
    /** Only layers that map to these constraint types (default: every layer). */
    constraintTypes: z.array(z.enum(CONSTRAINT_TYPES)).min(1).optional(),
    /** Also query the GLA's London-wide layers (config `londonWide`: every layer of its service by default). Default true. */
    londonWide: z.boolean().default(true),
  }),
).refine((p) => p.point !== undefined || p.envelope !== undefined, {
  message: 'give a point or an envelope',
});

const LayersParams = z.object({ authority: Authority });

const DATASET = 'gla-planning-data-map';
const PUBLISHER = 'Greater London Authority (Planning Data Map)';

/**
 * All the records of one layer (a borough layer at a site or in an envelope is small), and the error
 * that stopped it, if one did: every record mapped is then still yielded before the error is thrown.
 */
async function collectLayer(ctx: OperationContext<GlaConfig>, options: Parameters<typeof queryLayer>[1]) {
  const records = [];
  try {
    for await (const record of queryLayer(ctx, options)) records.push(record);
    return { records };
  } catch (error) {
    return { records, error };
  }
}

/** The services of one authority, base first. */
function servicesFor(authority: PlanningAuthority, config: GlaConfig): string[] {
  const override = config.serviceOverrides[authority.nn];
  if (override) return [...override];
  return [
    config.servicePattern.replaceAll('{NN}', authority.nn),
    ...(config.updatedServices[authority.nn] ?? []),
  ];
}

interface FoundLayer {
  readonly service: string;
  readonly layer: RawLayerInfo;
  readonly meaning: LayerMeaning;
}

/**
 * Every layer of an authority's services, read from `<service>/layers?f=json`. A later (updated)
 * service's layer replaces an earlier one of the same name; group layers and tables are left out.
 */
async function discoverLayers(
  ctx: OperationContext<GlaConfig>,
  authority: PlanningAuthority,
): Promise<FoundLayer[]> {
  const byName = new Map<string, FoundLayer>();
  const services = servicesFor(authority, ctx.config);
  for (const [index, service] of services.entries()) {
    let all: z.output<typeof RawAllLayers>;
    try {
      all = await esriGet(ctx.client, `${ctx.config.baseUrl}/${service}/FeatureServer/layers`, RawAllLayers, {
        searchParams: { f: 'json' },
        signal: ctx.signal,
        label: `gla-planning-data-map layers of ${service}`,
      });
    } catch (error) {
      // An updated service is a refinement: if it is gone, the base service still answers.
      if (index === 0 || !isHttpError(error)) throw error;
      ctx.client.logger.warn?.(
        'gla-planning-data-map: an updated service did not answer; using the base one',
        {
          service,
          status: error.status,
        },
      );
      continue;
    }
    for (const entry of all.layers) {
      const parsed = RawLayerInfo.safeParse(entry);
      if (!parsed.success) {
        ctx.client.logger.warn?.('gla-planning-data-map: a layer description could not be read', {
          service,
          issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        });
        continue;
      }
      const layer = parsed.data;
      if (layer.type && layer.type !== 'Feature Layer') continue;
      byName.set(normaliseLayerName(layer.name), { service, layer, meaning: classifyLayer(layer.name) });
    }
  }
  return [...byName.values()];
}

/**
 * The London-wide layers to query: every feature layer of the service's `/layers` listing, or the
 * configured ids (each read from `<service>/<id>?f=json`); never an excluded one.
 */
async function londonWideLayers(ctx: OperationContext<GlaConfig>): Promise<RawLayerInfo[]> {
  const { serviceUrl, layerIds, excludeLayerIds } = ctx.config.londonWide;
  const excluded = new Set(excludeLayerIds);
  if (layerIds !== 'all') {
    const layers: RawLayerInfo[] = [];
    for (const id of layerIds) {
      if (!excluded.has(id)) layers.push(await readLayerInfo(ctx.client, `${serviceUrl}/${id}`, ctx.signal));
    }
    return layers;
  }
  const all = await esriGet(ctx.client, `${serviceUrl}/layers`, RawAllLayers, {
    searchParams: { f: 'json' },
    signal: ctx.signal,
    label: 'gla-planning-data-map London-wide layers',
  });
  const layers: RawLayerInfo[] = [];
  for (const entry of all.layers) {
    const parsed = RawLayerInfo.safeParse(entry);
    if (!parsed.success) {
      ctx.client.logger.warn?.('gla-planning-data-map: a London-wide layer description could not be read', {
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
      continue;
    }
    const layer = parsed.data;
    if ((layer.type && layer.type !== 'Feature Layer') || excluded.has(layer.id)) continue;
    layers.push(layer);
  }
  return layers;
}

/** The layer's last edit (`editingInfo.lastEditDate`, epoch ms), which the guide advises recording. */
function lastEdit(layer: RawLayerInfo): { layerLastEditDate?: string } {
  const ms = layer.editingInfo?.lastEditDate;
  return ms !== undefined && Number.isFinite(ms) ? { layerLastEditDate: new Date(ms).toISOString() } : {};
}

function wanted(meaning: LayerMeaning, types: readonly string[] | undefined): boolean {
  return types === undefined || types.includes(meaning.constraintType);
}

/**
 * The `constraints` operation on its own, for a connector of only the operations a program calls
 * (a smaller browser bundle); {@link glaPlanningDataMap} holds it with the others.
 *
 * @example
 * ```ts
 * import { connect, createClient, withOperations } from '@ldn-twin/core';
 * import { constraints, glaPlanningDataMapInfo } from '@ldn-twin/connectors/gla-planning-data-map';
 *
 * const pdm = connect(withOperations(glaPlanningDataMapInfo, { constraints }), { client: createClient() });
 * const { records } = await pdm.constraints({ authority: 'Islington', point: [-0.1036, 51.5463] }).collect();
 * ```
 */
export const constraints: Operation<typeof ConstraintsParams, ConstraintRecord, GlaConfig> = {
  title: 'Constraints at a point or in an envelope',
  description:
    "The planning authority's local-plan designations (every layer of its Planning Data Map service, found by name) and the GLA's London-wide layers that intersect a point (with an optional distance) or an envelope, as PlanningConstraint records.",
  params: ConstraintsParams,
  produces: ['PlanningConstraint'],
  async *run(params, ctx) {
    const authority = findAuthority(params.authority) as PlanningAuthority;
    const query = toLayerQuery(params);
    const relations = authority.gss
      ? [{ rel: 'withinArea' as const, target: twinId('AdministrativeArea', 'gss', authority.gss) }]
      : [];
    const layers = (await discoverLayers(ctx, authority)).filter((found) =>
      wanted(found.meaning, params.constraintTypes),
    );
    // A borough has dozens of layers: they are asked together (the client's per-host limits keep it
    // polite), so the run costs about its slowest layer, and yielded in layer order.
    const answers = await Promise.all(
      layers.map(async (found) => {
        const { layer, service, meaning } = found;
        const layerUrl = `${ctx.config.baseUrl}/${service}/FeatureServer/${layer.id}`;
        const plan = resolveMapping(
          {
            kind: 'PlanningConstraint',
            constraintType: meaning.constraintType,
            dataset: DATASET,
            publisher: PUBLISHER,
            fields: {
              name: [...(layer.displayField ? [layer.displayField] : []), 'sitename'],
              reference: 'sitereference',
            },
          },
          layer,
          {
            layerUrl,
            connector: 'gla-planning-data-map',
            retrievedAt: ctx.retrievedAt,
            provenanceDataset: `${service}/${layer.name}`,
            // Object ids are the only per-feature id; unique within one layer of one service.
            idNamespace: `${service}.${layer.id}`,
            idFrom: 'objectId',
            // Site references are unique only within one authority.
            identifierIssuer: authority.gss ?? authority.name,
            licence: layerLicence(layer, 'borough'),
            floodRiskLevel: meaning.floodRiskLevel,
            extra: {
              layerName: layer.name,
              layerId: String(layer.id),
              serviceName: service,
              layerTopic: meaning.term,
              authority: authority.name,
              ...(authority.gss ? { authorityCode: authority.gss } : {}),
              ...lastEdit(layer),
            },
            relations,
          },
        );
        return collectLayer(ctx, {
          layer,
          plan,
          query,
          pageSize: params.pageSize,
        });
      }),
    );
    for (const { records } of answers) yield* records;
    const failed = answers.find((answer) => 'error' in answer);
    if (failed) throw failed.error;
    if (!params.londonWide) return;
    const { serviceUrl } = ctx.config.londonWide;
    for (const layer of await londonWideLayers(ctx)) {
      const layerUrl = `${serviceUrl}/${layer.id}`;
      const meaning = classifyLayer(layer.name);
      if (!wanted(meaning, params.constraintTypes)) continue;
      const plan = resolveMapping(
        {
          kind: 'PlanningConstraint',
          constraintType: meaning.constraintType,
          dataset: DATASET,
          publisher: 'Greater London Authority',
          fields: {
            name: [...(layer.displayField ? [layer.displayField] : []), 'sitename'],
            reference: 'sitereference',
          },
        },
        layer,
        {
          layerUrl,
          connector: 'gla-planning-data-map',
          retrievedAt: ctx.retrievedAt,
          provenanceDataset: `planning_data_map_02/${layer.name}`,
          idNamespace: `planning_data_map_02.${layer.id}`,
          idFrom: 'objectId',
          licence: layerLicence(layer, 'london-wide'),
          floodRiskLevel: meaning.floodRiskLevel,
          extra: {
            layerName: layer.name,
            layerId: String(layer.id),
            serviceName: 'planning_data_map_02',
            layerTopic: meaning.term,
            ...lastEdit(layer),
          },
        },
      );
      yield* queryLayer(ctx, { layer, plan, query, pageSize: params.pageSize });
    }
  },
};

const layers: Operation<typeof LayersParams, DatasetRecord, GlaConfig> = {
  title: 'Layers of an authority',
  description:
    "The layers of a planning authority's Planning Data Map services (base and updated), as Dataset records, each with the constraint type and vocabulary term its name maps to.",
  params: LayersParams,
  produces: ['Dataset'],
  async *run(params, ctx) {
    const authority = findAuthority(params.authority) as PlanningAuthority;
    const found = await discoverLayers(ctx, authority);
    ctx.page(found.length);
    for (const { service, layer, meaning } of found) {
      const entry = { id: layer.id, name: layer.name, type: layer.type, geometryType: layer.geometryType };
      yield* ctx.mapper.each([entry], RawServiceLayer, (raw) =>
        layerToDataset(raw, {
          serviceUrl: `${ctx.config.baseUrl}/${service}/FeatureServer`,
          publisher: PUBLISHER,
          licence: layerLicence(layer, 'borough'),
          connector: 'gla-planning-data-map',
          retrievedAt: ctx.retrievedAt,
          describe: () => ({
            ...(lastEdit(layer).layerLastEditDate ? { modified: lastEdit(layer).layerLastEditDate } : {}),
            serviceName: service,
            constraintType: meaning.constraintType,
            layerTopic: meaning.term,
            authority: authority.name,
            ...(authority.gss ? { authorityCode: authority.gss } : {}),
          }),
        }),
      );
    }
  },
};

/**
 * The GLA Planning Data Map connector's description (id, licence, config, ...) without its
 * operations: with `withOperations` (`@ldn-twin/core`) and the operations a program calls (such as
 * {@link constraints}) it makes a connector that bundles only those.
 *
 * @example
 * ```ts
 * import { glaPlanningDataMapInfo } from '@ldn-twin/connectors/gla-planning-data-map';
 * console.log(glaPlanningDataMapInfo.id, glaPlanningDataMapInfo.licence.id);
 * ```
 */
export const glaPlanningDataMapInfo = {
  id: 'gla-planning-data-map',
  title: 'GLA Planning Data Map (local plan layers)',
  description:
    "The GLA's Planning Data Map: every London planning authority's local-plan policies-map layers (one ArcGIS service per authority) and the London-wide protected vistas and Thames Policy Area, as planning constraints.",
  twins: ['planning-constraints', 'growth-and-development'],
  publisher: { name: 'Greater London Authority', url: 'https://www.london.gov.uk' },
  homepage: 'https://data.london.gov.uk/dataset/planning-local-plan-data-2zjmn',
  licence: BOROUGH_LICENCE,
  auth: { type: 'none' },
  browser: {
    cors: true,
    note: 'ArcGIS Online hosted services answer cross-origin requests; unconfirmed for gis2.london.gov.uk (use a proxy URL in londonWide.serviceUrl if needed).',
  },
  config: GlaConfig,
} satisfies ConnectorInfo<typeof GlaConfig>;

/**
 * The GLA Planning Data Map connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { glaPlanningDataMap } from '@ldn-twin/connectors/gla-planning-data-map';
 *
 * const pdm = connect(glaPlanningDataMap, { client: createClient() });
 * // Site allocations and opportunity areas within 200 m of Highbury Corner, Islington
 * const { records } = await pdm
 *   .constraints({
 *     authority: 'Islington',
 *     point: [-0.1036, 51.5463],
 *     distance: 200,
 *     constraintTypes: ['site-allocation', 'opportunity-area'],
 *   })
 *   .collect();
 * for (const r of records) console.log(r.properties.attributes.extra.layerName, r.properties.name);
 * ```
 */
export const glaPlanningDataMap = /* @__PURE__ */ withOperations(glaPlanningDataMapInfo, {
  constraints,
  layers,
});
