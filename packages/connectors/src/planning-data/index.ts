/**
 * planning.data.gov.uk: the national Planning Data platform (MHCLG), the planning-constraints twin:
 * conservation areas, listed buildings, Article 4 directions, tree preservation, flood risk zones,
 * SSSIs, scheduled monuments and more, as PlanningConstraint records; local planning authorities as
 * AdministrativeArea records; dataset metadata as Dataset records. Every record carries its own
 * dataset's licence and attribution text, read once per run from the dataset's metadata. No key; CORS
 * is open, so browsers can call it directly.
 *
 * @packageDocumentation
 */
import {
  ConfigError,
  type ConnectorInfo,
  type Licence,
  linkPages,
  type Operation,
  type OperationContext,
  type TwinRecordOf,
  withFastPath,
  withOperations,
} from '@ldn-twin/core';
import { toWkt } from '@ldn-twin/geo';
import type { Geometry } from 'geojson';
import * as z from 'zod';
import { entityFields } from './fast-entity.js';
import { fetchLicence, fetchListedLicences, GENERIC_LICENCE, licenceOf } from './licence.js';
import { mapDataset, mapEntity } from './map.js';
import { RawDatasetList, RawDatasetMetadata, RawEntity, RawEntitySearch } from './raw.js';

export { GENERIC_LICENCE, licenceOf } from './licence.js';
export {
  AREA_DATASETS,
  CONSTRAINT_DATASETS,
  DATASET_LABELS,
  datasetLabel,
  type PlanningDataset,
} from './map.js';

/** RawEntity, with its fast path for the entities it is sure of (a search has thousands). */
const Entity = withFastPath(RawEntity, (raw) => entityFields(raw) as RawEntity | undefined);

export { RawDatasetMetadata } from './raw.js';

/** planning.data dataset names are kebab-case. */
const DatasetName = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case dataset name');

/** The relations planning.data accepts; `intersects` answers "what affects this site". */
const RELATIONS = [
  'intersects',
  'within',
  'equals',
  'disjoint',
  'touches',
  'contains',
  'covers',
  'coveredby',
  'overlaps',
  'crosses',
] as const;

const PlanningDataConfig = z.object({
  /** The service root; override it to go through a proxy or a mirror. */
  baseUrl: z
    .url()
    .default('https://www.planning.data.gov.uk')
    .transform((url) => url.replace(/\/+$/, '')),
  /**
   * Read each dataset's licence and attribution text from its metadata (one `/dataset.json` request
   * beside each search, and one request per dataset it did not give, once per run). `false` skips
   * those requests and labels records with the generic OGL statement.
   */
  datasetMetadata: z.boolean().default(true),
  /**
   * Where `searchEntities({ postcode })` looks a postcode up (`GET {url}/postcodes/{postcode}`, the
   * postcodes.io API or a mirror of it): planning.data itself has no postcode or UPRN search.
   */
  postcodeLookupUrl: z
    .url()
    .default('https://api.postcodes.io')
    .transform((url) => url.replace(/\/+$/, '')),
});
type PlanningDataConfig = z.output<typeof PlanningDataConfig>;

const Longitude = z.number().min(-180).max(180);
const Latitude = z.number().min(-90).max(90);
const GeometryParam = z.looseObject({
  type: z.enum(['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
  coordinates: z.array(z.unknown()),
});

const SearchParams = z
  .object({
    /**
     * Datasets to search (sent as repeated `dataset=` parameters): the mapped ones
     * (`CONSTRAINT_DATASETS`, `AREA_DATASETS`) or any other planning.data dataset by name (see the
     * `datasets` operation), whose entities become constraints of type `other`.
     */
    datasets: z.array(DatasetName).min(1),
    /** A WGS 84 point `[longitude, latitude]`. */
    point: z.tuple([Longitude, Latitude]).optional(),
    /** A WGS 84 GeoJSON geometry (sent as WKT), or WKT itself. */
    geometry: z.union([GeometryParam, z.string().min(1)]).optional(),
    /**
     * A postcode (`SE1 7PB`): looked up in postcodes.io (config `postcodeLookupUrl`) and searched at
     * its centroid, as a `point`. A postcode covers many addresses: the entities found are those at
     * the centroid, not every one touching the postcode's addresses.
     */
    postcode: z.string().trim().min(2).max(16).optional(),
    /** How entities relate to the point or geometry. Default `intersects`: what affects the site. */
    relation: z.enum(RELATIONS).default('intersects'),
    /** Current entries (default), historical ones, or all. */
    period: z.enum(['current', 'historical', 'all']).default('current'),
    /** Only entities published by these organisations (planning.data organisation entities). */
    organisationEntities: z.array(z.int().positive()).optional(),
    /**
     * Only entities by their `entry-date` (when planning.data recorded the entry): `since`, `before`
     * or on (`match`) a day. Sent as `entry_date_year`, `_month`, `_day` and `entry_date_match`;
     * whether `since` and `before` include the day itself is unconfirmed.
     */
    entryDate: z.object({ date: z.iso.date(), match: z.enum(['since', 'before', 'match']) }).optional(),
    /** Entities per page, 1 to 500 (default 100). */
    pageSize: z.int().min(1).max(500).default(100),
    /** Leave out geometry for small payloads (records then have `geometry: null`). */
    includeGeometry: z.boolean().default(true),
  })
  .refine((p) => [p.point, p.geometry, p.postcode].filter((given) => given !== undefined).length <= 1, {
    message: 'give one of point, geometry and postcode',
  });

/** The part of a postcodes.io lookup the search needs: the postcode's centroid. */
const RawPostcodeCentroid = z.looseObject({
  status: z.number(),
  result: z.looseObject({
    postcode: z.string(),
    longitude: z.number().nullable(),
    latitude: z.number().nullable(),
  }),
});

/** The centroid of `postcode`, from postcodes.io. */
async function postcodeCentroid(
  postcode: string,
  ctx: OperationContext<PlanningDataConfig>,
): Promise<[number, number]> {
  const { data } = await ctx.client.json(
    `${ctx.config.postcodeLookupUrl}/postcodes/${encodeURIComponent(postcode)}`,
    RawPostcodeCentroid,
    { ...(ctx.signal ? { signal: ctx.signal } : {}), label: 'planning-data postcode lookup (postcodes.io)' },
  );
  const { longitude, latitude } = data.result;
  if (longitude === null || latitude === null)
    throw new ConfigError(`postcode ${JSON.stringify(postcode)}: postcodes.io gives it no location`);
  return [longitude, latitude];
}

const DatasetParams = z.object({
  /** The dataset name, e.g. `conservation-area` (any planning.data dataset, not only the mapped ones). */
  dataset: DatasetName,
});

const DatasetListParams = z.object({
  /** Only these datasets (sent as repeated `dataset=`); default every dataset planning.data lists. */
  datasets: z.array(DatasetName).optional(),
});

const EntityParams = z.object({
  /** The planning.data entity number; retired numbers redirect to their successor. */
  entity: z.int().positive(),
});

type Constraint = TwinRecordOf<'PlanningConstraint'>;
type Area = TwinRecordOf<'AdministrativeArea'>;

/**
 * The `searchEntities` operation on its own, for a connector of only the operations a program calls
 * (a smaller browser bundle); {@link planningData} holds it with the others.
 *
 * @example
 * ```ts
 * import { connect, createClient, withOperations } from '@ldn-twin/core';
 * import { planningDataInfo, searchEntities } from '@ldn-twin/connectors/planning-data';
 *
 * const planning = connect(withOperations(planningDataInfo, { searchEntities }), { client: createClient() });
 * const { records } = await planning
 *   .searchEntities({ point: [-0.1198903, 51.4922191], datasets: ['conservation-area'] })
 *   .collect();
 * ```
 */
export const searchEntities: Operation<typeof SearchParams, Constraint | Area, PlanningDataConfig> = {
  title: 'Search entities',
  description:
    'Planning constraints and areas that relate to a point or geometry (intersects by default), paging through every result.',
  params: SearchParams,
  produces: ['PlanningConstraint', 'AdministrativeArea'],
  async *run(params, ctx) {
    // Always /entity.json: /entity.geojson silently drops entities without geometry and has no count.
    const first = new URL(`${ctx.config.baseUrl}/entity.json`);
    for (const dataset of params.datasets) first.searchParams.append('dataset', dataset);
    const point = params.postcode ? await postcodeCentroid(params.postcode, ctx) : params.point;
    const geometry = point
      ? `POINT(${point[0]} ${point[1]})`
      : typeof params.geometry === 'string'
        ? params.geometry
        : params.geometry && toWkt(params.geometry as Geometry);
    if (geometry) {
      first.searchParams.set('geometry', geometry);
      first.searchParams.set('geometry_relation', params.relation);
    }
    for (const org of params.organisationEntities ?? [])
      first.searchParams.append('organisation_entity', String(org));
    first.searchParams.set('period', params.period);
    if (params.entryDate) {
      const [year, month, day] = params.entryDate.date.split('-').map(Number) as [number, number, number];
      first.searchParams.set('entry_date_year', String(year));
      first.searchParams.set('entry_date_month', String(month));
      first.searchParams.set('entry_date_day', String(day));
      first.searchParams.set('entry_date_match', params.entryDate.match);
    }
    first.searchParams.set('limit', String(params.pageSize));
    if (!params.includeGeometry) first.searchParams.set('exclude_field', 'geometry,point');

    const licences = licenceResolver(ctx);
    const pages = linkPages({
      first,
      signal: ctx.signal,
      fetchPage: async (url, signal) => {
        const searching = ctx.client.json(url, RawEntitySearch, {
          ...(signal ? { signal } : {}),
          label: 'planning-data entity search',
        });
        // The licences are asked once, just after the first page (so the search is sent first).
        licences.prefetch(params.datasets);
        const { data } = await searching;
        return { page: data.entities, next: data.links.next };
      },
    });
    for await (const entities of pages) {
      ctx.page(entities.length);
      const mapping = await licences.forItems(entities);
      // for...of, not yield*: an async generator's yield* over a sync one wraps every step in promises.
      for (const record of ctx.mapper.each(entities, Entity, (entity) => mapEntity(entity, mapping))) {
        yield record;
      }
    }
  },
};

const entity: Operation<typeof EntityParams, Constraint | Area, PlanningDataConfig> = {
  title: 'Get entity',
  description:
    'One entity by number. A retired number follows its 301 to the successor; a removed one (410) or an unknown one (404) is an HttpError.',
  params: EntityParams,
  produces: ['PlanningConstraint', 'AdministrativeArea'],
  async *run(params, ctx) {
    const { data } = await ctx.client.json(
      `${ctx.config.baseUrl}/entity/${params.entity}.json`,
      z.unknown(),
      {
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        label: 'planning-data entity',
      },
    );
    ctx.page(1);
    const mapping = await licenceResolver(ctx).forItems([data]);
    yield* ctx.mapper.each([data], RawEntity, (raw) => mapEntity(raw, mapping));
  },
};

const dataset: Operation<typeof DatasetParams, TwinRecordOf<'Dataset'>, PlanningDataConfig> = {
  title: 'Get dataset metadata',
  description:
    "One dataset's metadata (/dataset/{dataset}.json) as a Dataset record: name, description, themes, entity count, phase, bulk downloads, and its licence and attribution text.",
  params: DatasetParams,
  produces: ['Dataset'],
  async *run(params, ctx) {
    const { data } = await ctx.client.json(
      `${ctx.config.baseUrl}/dataset/${encodeURIComponent(params.dataset)}.json`,
      z.unknown(),
      { ...(ctx.signal ? { signal: ctx.signal } : {}), label: 'planning-data dataset metadata' },
    );
    ctx.page(1);
    yield* ctx.mapper.each([data], RawDatasetMetadata, (raw) =>
      mapDataset(raw, {
        baseUrl: ctx.config.baseUrl,
        retrievedAt: ctx.retrievedAt,
        licence: () => licenceOf(raw),
      }),
    );
  },
};

const datasets: Operation<typeof DatasetListParams, TwinRecordOf<'Dataset'>, PlanningDataConfig> = {
  title: 'List datasets',
  description:
    'Every dataset planning.data publishes (/dataset.json), each as a Dataset record with its name, typology, entity count and licence: the names searchEntities accepts.',
  params: DatasetListParams,
  produces: ['Dataset'],
  async *run(params, ctx) {
    const url = new URL(`${ctx.config.baseUrl}/dataset.json`);
    for (const name of params.datasets ?? []) url.searchParams.append('dataset', name);
    // The per-typology index is not needed: each listed dataset carries its own typology.
    url.searchParams.set('include_typologies', 'false');
    const { data } = await ctx.client.json(url, RawDatasetList, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      label: 'planning-data dataset list',
    });
    ctx.page(data.datasets.length);
    yield* ctx.mapper.each(data.datasets, RawDatasetMetadata, (raw) =>
      mapDataset(raw, {
        baseUrl: ctx.config.baseUrl,
        retrievedAt: ctx.retrievedAt,
        licence: () => licenceOf(raw),
      }),
    );
  },
};

/**
 * The licences of one run. Beside the search, one `/dataset.json` request asks the metadata of every
 * dataset the search names, so the licences usually cost no round trip of their own. The list
 * items' shape is documented, not captured: only an item that carries the kebab-case
 * `attribution-text` key of `/dataset/{dataset}.json` is trusted. Before a page is mapped, each
 * dataset on it that the list did not give is read from its own metadata (once per run), so mapping
 * itself stays synchronous.
 */
function licenceResolver(ctx: OperationContext<PlanningDataConfig>) {
  const resolved = new Map<string, Licence>();
  const base = { baseUrl: ctx.config.baseUrl, retrievedAt: ctx.retrievedAt };
  const licence = (name: string) => resolved.get(name) ?? GENERIC_LICENCE;
  let listed: Promise<void> = Promise.resolve();
  let prefetched = false;
  return {
    /**
     * Starts the one list request for `names`, the first time only; never rejects (a failed list is
     * only a slower path).
     */
    prefetch(names: readonly string[]) {
      if (!ctx.config.datasetMetadata || prefetched) return;
      prefetched = true;
      listed = fetchListedLicences(ctx.client, ctx.config.baseUrl, names, ctx.signal).then(
        (licences) => {
          for (const [name, listedLicence] of licences) resolved.set(name, listedLicence);
        },
        () => {},
      );
    },
    async forItems(items: readonly unknown[]) {
      if (ctx.config.datasetMetadata) {
        await listed;
        // Asked together: a page naming four datasets costs one round trip, not four.
        const missing = [...new Set(items.map(datasetOf))].filter(
          (name): name is string => name !== undefined && !resolved.has(name),
        );
        const licences = await Promise.all(
          missing.map((name) => fetchLicence(ctx.client, ctx.config.baseUrl, name, ctx.signal)),
        );
        for (const [i, name] of missing.entries()) resolved.set(name, licences[i]!);
      }
      return { ...base, licence };
    },
  };
}

/** The dataset of a raw entity, if it names one (a malformed entity is reported when mapped). */
function datasetOf(item: unknown): string | undefined {
  const name =
    typeof item === 'object' && item !== null ? (item as { dataset?: unknown }).dataset : undefined;
  return typeof name === 'string' && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name) ? name : undefined;
}

/**
 * The planning.data.gov.uk connector's description (id, licence, config, ...) without its
 * operations: with `withOperations` (`@ldn-twin/core`) and the operations a program calls (such as
 * {@link searchEntities}) it makes a connector that bundles only those.
 *
 * @example
 * ```ts
 * import { planningDataInfo } from '@ldn-twin/connectors/planning-data';
 * console.log(planningDataInfo.id, planningDataInfo.homepage);
 * ```
 */
export const planningDataInfo = {
  id: 'planning-data',
  title: 'Planning Data (planning.data.gov.uk)',
  description:
    'National planning and housing data for England from MHCLG: planning constraints and boundaries, as published by local planning authorities, Historic England, Natural England and others.',
  twins: ['planning-constraints'],
  publisher: {
    name: 'Ministry of Housing, Communities and Local Government',
    url: 'https://www.planning.data.gov.uk',
  },
  homepage: 'https://www.planning.data.gov.uk',
  licence: GENERIC_LICENCE,
  auth: { type: 'none' },
  browser: { cors: true },
  config: PlanningDataConfig,
} satisfies ConnectorInfo<typeof PlanningDataConfig>;

/**
 * The planning.data.gov.uk connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { planningData } from '@ldn-twin/connectors/planning-data';
 *
 * const planning = connect(planningData, { client: createClient() });
 * // What affects 1 Lambeth High Street?
 * for await (const constraint of planning.searchEntities({
 *   point: [-0.1198903, 51.4922191],
 *   datasets: ['conservation-area', 'listed-building-outline', 'article-4-direction-area'],
 * })) {
 *   console.log(constraint.properties.attributes.dataset, constraint.properties.name);
 *   console.log(constraint.properties.licence.attribution); // the dataset's own attribution text
 * }
 * const { records } = await planning.dataset({ dataset: 'conservation-area' }).collect();
 * console.log(records[0]?.properties.attributes.entityCount);
 * ```
 */
export const planningData = /* @__PURE__ */ withOperations(planningDataInfo, {
  searchEntities,
  entity,
  dataset,
  datasets,
});
