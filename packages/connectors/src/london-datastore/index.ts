/**
 * The London Datastore (data.london.gov.uk, a DataPress site run by the GLA): the open-data
 * catalogue of London. Datasets become Dataset records (DCAT-like: title, description, publisher,
 * licence, modified, and every resource as a distribution with its id, format, URL and size); one
 * dataset's resources can be listed on their own; a resource downloads as a checked stream
 * ({@link downloadResource}). Resource ids change between editions, so they are always read from the
 * dataset listing. No key for public data; the Cultural Infrastructure Map and the Building Stock
 * Model connectors are built on this one.
 *
 * @packageDocumentation
 */
import {
  ConfigError,
  type Connector,
  type HttpClient,
  type Operation,
  type OperationContext,
} from '@ldn-twin/core';
import * as z from 'zod';
import {
  type CatalogueContext,
  type DatasetRecord,
  type DatastoreResource,
  DatastoreSettings,
  datasetId,
  datastoreLicence,
  downloadResource,
  fromDetailResource,
  GLA_OGL_LICENCE,
  mapDatasetDetail,
  mapExportDataset,
  mapResource,
  RawDetailResource,
  RawExport,
  RawExportDataset,
  type ResourceDownload,
  readDataset,
} from '../protocols/london-datastore/index.js';

export {
  type CatalogueContext,
  ColumnCandidates,
  type ColumnType,
  ContentTypeMismatchError,
  type DatasetRecord,
  type DatastoreResource,
  DatastoreSettings,
  DeclaredSizeTooLargeError,
  type DownloadOptions,
  datasetId,
  datastoreLicence,
  downloadResource,
  expectedTypes,
  extraColumns,
  GLA_OGL_LICENCE,
  htmlToText,
  isContentTypeMismatchError,
  mapResource,
  normaliseColumn,
  OGL_ATTRIBUTION,
  type ParsedRow,
  type ResourceDownload,
  readDataset,
  resolveColumns,
  toInstant,
} from '../protocols/london-datastore/index.js';

const LondonDatastoreConfig = DatastoreSettings.extend({
  /** The catalogue export (the GLA's client reads v3; older clients read `/api/datasets/export.json`). */
  exportPath: z.string().startsWith('/').default('/api/v3/datasets/export.json'),
  /**
   * Datasets holding boundary files, by id or slug. Default: the GLA's statistical GIS boundary files
   * (boroughs, wards, LSOAs), the dataset the field guide names.
   */
  boundaryDatasets: z.array(z.string().min(1)).min(1).default(['statistical-gis-boundary-files-london']),
});
type LondonDatastoreConfig = z.output<typeof LondonDatastoreConfig>;

const Key = z
  .string()
  .min(1)
  .regex(/^[^/?#]+$/, 'a dataset id or slug, e.g. e5n6w');

const SearchParams = z.object({
  /** Words that must all appear in the title, description, tags or topics (any case). */
  query: z.string().min(1).optional(),
  /** Only datasets with this topic (id or title, any case). */
  topic: z.string().min(1).optional(),
  /** Only datasets with this tag (any case). */
  tag: z.string().min(1).optional(),
  /** Only datasets whose publisher (masthead or team) contains this text (any case). */
  publisher: z.string().min(1).optional(),
});

const DatasetParams = z.object({
  /** The dataset id (the 5-character suffix of its slug, e.g. `e5n6w`) or its slug. */
  dataset: Key,
});

const BoundaryParams = z.object({
  /** Boundary datasets to list (id or slug); default: config `boundaryDatasets`. */
  datasets: z.array(Key).min(1).optional(),
});

const catalogue = (ctx: OperationContext<LondonDatastoreConfig>): CatalogueContext => ({
  baseUrl: ctx.config.baseUrl,
  retrievedAt: ctx.retrievedAt,
  connector: 'london-datastore',
});

const searchDatasets: Operation<typeof SearchParams, DatasetRecord, LondonDatastoreConfig> = {
  title: 'Search datasets',
  description:
    'Datasets of the whole catalogue (the v3 export, one request), filtered here by words, topic, tag or publisher (the CKAN-style search endpoint ignores its query), as Dataset records with their resources as distributions.',
  params: SearchParams,
  produces: ['Dataset'],
  async *run(params, ctx) {
    const { data } = await ctx.client.json(`${ctx.config.baseUrl}${ctx.config.exportPath}`, RawExport, {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...auth(ctx.config),
      label: 'london-datastore catalogue export',
    });
    ctx.page(data.length);
    const wanted = data.filter((item) => matches(item, params));
    yield* ctx.mapper.each(wanted, RawExportDataset, (raw) => mapExportDataset(raw, catalogue(ctx)));
  },
};

const dataset: Operation<typeof DatasetParams, DatasetRecord, LondonDatastoreConfig> = {
  title: 'Get dataset',
  description:
    'One dataset (GET /api/dataset/{id-or-slug}) as a Dataset record, its resources (keyed by id) as distributions in the publisher order. 403 (private) and 404 are HttpErrors.',
  params: DatasetParams,
  produces: ['Dataset'],
  async *run(params, ctx) {
    const { detail, resources } = await readDataset(ctx.client, ctx.config.baseUrl, params.dataset, {
      signal: ctx.signal,
      apiKey: ctx.config.apiKey,
    });
    ctx.page(1);
    yield* ctx.mapper.each([detail], z.unknown(), () =>
      mapDatasetDetail(detail, resources, params.dataset, catalogue(ctx)),
    );
  },
};

const resources: Operation<typeof DatasetParams, DatasetRecord, LondonDatastoreConfig> = {
  title: 'List resources',
  description:
    "One dataset's resources (files), each as a Dataset record partOf the dataset, with its id, format, URL and declared size; a resource that does not parse is reported.",
  params: DatasetParams,
  produces: ['Dataset'],
  async *run(params, ctx) {
    yield* resourceRecords(params.dataset, ctx, []);
  },
};

const boundaryResources: Operation<typeof BoundaryParams, DatasetRecord, LondonDatastoreConfig> = {
  title: 'List boundary resources',
  description:
    'The resources of the boundary datasets (default: the statistical GIS boundary files for London: boroughs, wards, LSOAs), each as a Dataset record, so boundary packages are found the same way as any file.',
  params: BoundaryParams,
  produces: ['Dataset'],
  async *run(params, ctx) {
    for (const key of params.datasets ?? ctx.config.boundaryDatasets) {
      yield* resourceRecords(key, ctx, ['boundaries']);
    }
  },
};

async function* resourceRecords(
  key: string,
  ctx: OperationContext<LondonDatastoreConfig>,
  keywords: readonly string[],
): AsyncGenerator<DatasetRecord> {
  const { detail, entries } = await readDataset(ctx.client, ctx.config.baseUrl, key, {
    signal: ctx.signal,
    apiKey: ctx.config.apiKey,
  });
  ctx.page(entries.length);
  // Each file carries its dataset's own licence (any publisher's dataset can be listed here).
  const licence = datastoreLicence(
    detail.licence,
    detail.masthead?.title ?? detail.team?.title,
    detail.description,
  );
  const parent = { datasetTwinId: datasetId(detail.id), licence, keywords };
  yield* ctx.mapper.each(entries, ResourceEntry, ([id, raw]) =>
    mapResource(fromDetailResource(id, raw, key, ctx.config.baseUrl), parent, catalogue(ctx)),
  );
}

/** One `[id, resource]` entry of a dataset's `resources` object. */
const ResourceEntry = z.tuple([z.string().min(1), RawDetailResource]);

function auth(config: LondonDatastoreConfig) {
  return config.apiKey
    ? { auth: { type: 'header' as const, name: 'authorization', value: config.apiKey } }
    : {};
}

/** The searchable text of a raw export item, read leniently (a malformed item is kept for the mapper to report). */
function matches(item: unknown, params: z.output<typeof SearchParams>): boolean {
  const parsed = RawExportDataset.safeParse(item);
  // A malformed item is kept whatever the filters, so the run reports it rather than dropping it.
  if (!parsed.success) return true;
  const d = parsed.data;
  const lower = (s: string | undefined) => (s ?? '').toLowerCase();
  const topics = d.topics.flatMap((t) => [lower(t.id), lower(t.title)]);
  const tags = d.tags.map(lower);
  if (params.topic && !topics.includes(lower(params.topic))) return false;
  if (params.tag && !tags.includes(lower(params.tag))) return false;
  if (params.publisher) {
    const who = `${lower(d.masthead?.title)} ${lower(d.team?.title)}`;
    if (!who.includes(lower(params.publisher))) return false;
  }
  if (params.query) {
    const text = [lower(d.title), lower(d.description), ...tags, ...topics, lower(d.webpage)].join(' ');
    return lower(params.query)
      .split(/\s+/)
      .filter(Boolean)
      .every((word) => text.includes(word));
  }
  return true;
}

/**
 * The resources of one dataset, read through the dataset API in the publisher's order (ids as this
 * edition has them).
 *
 * @example
 * ```ts
 * import { createClient } from '@ldn-twin/core';
 * import { findResources } from '@ldn-twin/connectors/london-datastore';
 *
 * const files = await findResources(createClient(), { dataset: 'statistical-gis-boundary-files-london' });
 * console.log(files.map((f) => [f.id, f.title, f.format, f.byteSize]));
 * ```
 */
export async function findResources(
  client: HttpClient,
  options: { readonly dataset: string; readonly signal?: AbortSignal } & z.input<typeof DatastoreSettings>,
): Promise<DatastoreResource[]> {
  const settings = DatastoreSettings.parse(options);
  const { resources: found } = await readDataset(client, settings.baseUrl, options.dataset, {
    signal: options.signal,
    apiKey: settings.apiKey,
  });
  return found;
}

/**
 * Finds a dataset's resource through the dataset API and downloads it as a checked stream: the id
 * is the one the listing gives today, never a stored one.
 *
 * @example
 * ```ts
 * import { createClient } from '@ldn-twin/core';
 * import { openResource } from '@ldn-twin/connectors/london-datastore';
 *
 * const download = await openResource(createClient(), {
 *   dataset: 'statistical-gis-boundary-files-london',
 *   pick: (r) => r.format === 'zip',
 *   maxDownloadBytes: 50_000_000,
 * });
 * const reader = download.body.getReader();
 * ```
 */
export async function openResource(
  client: HttpClient,
  options: {
    readonly dataset: string;
    readonly pick: (resource: DatastoreResource) => boolean;
    readonly signal?: AbortSignal;
  } & z.input<typeof DatastoreSettings>,
): Promise<ResourceDownload> {
  const settings = DatastoreSettings.parse(options);
  const found = await findResources(client, options);
  const resource = found.find(options.pick);
  if (!resource) {
    throw new ConfigError(
      `london-datastore: no resource of ${options.dataset} matches; it has: ${found.map((r) => r.title ?? r.id).join(', ') || 'none'}`,
    );
  }
  return downloadResource(client, resource, {
    maxBytes: settings.maxDownloadBytes,
    acceptGenericContentTypes: settings.acceptGenericContentTypes,
    signal: options.signal,
    apiKey: settings.apiKey,
    baseUrl: settings.baseUrl,
  });
}

/**
 * The London Datastore connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { londonDatastore } from '@ldn-twin/connectors/london-datastore';
 *
 * const datastore = connect(londonDatastore, { client: createClient() });
 * for await (const d of datastore.searchDatasets({ query: 'cultural infrastructure' })) {
 *   console.log(d.properties.name, d.properties.attributes.distributions?.map((r) => r.id));
 * }
 * const { records: files } = await datastore.resources({ dataset: 'statistical-gis-boundary-files-london' }).collect();
 * ```
 */
export const londonDatastore = {
  id: 'london-datastore',
  title: 'London Datastore (data.london.gov.uk)',
  description:
    "The GLA's open-data catalogue for London (DataPress): datasets and their resources as DCAT-like Dataset records, and checked streaming downloads of resources found through the dataset API.",
  twins: ['open-data-catalogue'],
  publisher: { name: 'Greater London Authority', url: 'https://data.london.gov.uk' },
  homepage: 'https://data.london.gov.uk',
  licence: GLA_OGL_LICENCE,
  auth: {
    type: 'header',
    name: 'Authorization',
    description:
      'None for public datasets. Private datasets need a London Datastore API key (config apiKey), sent as the Authorization header.',
    signupUrl: 'https://data.london.gov.uk',
    credentials: [
      { config: 'apiKey', wire: { in: 'header', name: 'Authorization' }, env: 'LDN_TWIN_DATASTORE_API_KEY' },
    ],
  },
  browser: {
    cors: false,
    note: 'Unconfirmed whether the Datastore answers cross-origin requests; use a proxy baseUrl in browsers.',
  },
  config: LondonDatastoreConfig,
  operations: { searchDatasets, dataset, resources, boundaryResources },
} satisfies Connector<typeof LondonDatastoreConfig>;
