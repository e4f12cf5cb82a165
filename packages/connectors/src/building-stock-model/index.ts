/**
 * The London Building Stock Model (LBSM 2 / 2.1, the GLA's model of every building's age, size and
 * energy performance), through the London Datastore: its per-borough resources are found through the
 * dataset API (resource ids change between editions), a borough's CSV is streamed, and each row
 * becomes a Building record through a configurable column map. The model's files, formats and
 * columns are unconfirmed: every column name is configuration, documented as such.
 *
 * @packageDocumentation
 */
import { ConfigError, type Connector, type Operation, type OperationContext } from '@ldn-twin/core';
import * as z from 'zod';
import {
  ColumnCandidates,
  containsPhrase,
  type DatasetRecord,
  type DatastoreResource,
  DatastoreSettings,
  datasetId,
  fromDetailResource,
  GLA_OGL_LICENCE,
  mapCsvResource,
  mapResource,
  RawDetailResource,
  readDataset,
} from '../protocols/london-datastore/index.js';
import { BUILDING_COLUMN_TYPES, type BuildingField, DEFAULT_BUILDING_COLUMNS } from './columns.js';
import { type BuildingRecord, mapBuilding } from './map.js';

export { BUILDING_COLUMN_TYPES, type BuildingField, DEFAULT_BUILDING_COLUMNS } from './columns.js';
export { type BuildingContext, type BuildingRecord, type IdSource, mapBuilding } from './map.js';

const columnDefaults = Object.fromEntries(
  (Object.entries(DEFAULT_BUILDING_COLUMNS) as [BuildingField, readonly string[]][]).map(([field, names]) => [
    field,
    ColumnCandidates.default([...names]),
  ]),
) as Record<BuildingField, z.ZodDefault<typeof ColumnCandidates>>;
const Columns = z.object(columnDefaults);

const BuildingStockConfig = DatastoreSettings.extend({
  /** The Datastore dataset (id or slug). Default: LBSM 2's slug from the field guide. */
  dataset: z.string().min(1).default('london-building-stock-model-2-lbsm-2-2k55d'),
  /** Candidate column names per field. UNCONFIRMED defaults: set them from the model's data dictionary. */
  columns: Columns.default(Columns.parse({})),
  /** Which identifier gives a building its twin id, in order (TOID first: one building, many UPRNs). */
  idFrom: z
    .array(z.enum(['toid', 'uprn', 'id']))
    .min(1)
    .default(['toid', 'uprn', 'id']),
  /** What the model's points stand for (unconfirmed). */
  locationPrecision: z.enum(['exact', 'centroid', 'address-point']).default('centroid'),
});
type BuildingStockConfig = z.output<typeof BuildingStockConfig>;

const ResourcesParams = z.object({});

const BuildingsParams = z.object({
  /** A borough name as the resource titles give it, e.g. `Lambeth`, `Hammersmith and Fulham`. */
  borough: z.string().min(1).optional(),
  /** Or words of the resource title or file name to pick (when the files are not per borough). */
  resource: z.string().min(1).optional(),
});

/** One `[id, resource]` entry of the dataset's `resources` object. */
const ResourceEntry = z.tuple([z.string().min(1), RawDetailResource]);

const resources: Operation<typeof ResourcesParams, DatasetRecord, BuildingStockConfig> = {
  title: 'List model files',
  description:
    "The model dataset's resources (per-borough files and any others) found through the dataset API, each as a Dataset record with its id, format, URL and declared size.",
  params: ResourcesParams,
  produces: ['Dataset'],
  async *run(_params, ctx) {
    const { detail, entries } = await read(ctx);
    ctx.page(entries.length);
    const parent = {
      datasetTwinId: datasetId(detail.id),
      licence: GLA_OGL_LICENCE,
      keywords: ['building-stock'],
    };
    const catalogue = {
      baseUrl: ctx.config.baseUrl,
      retrievedAt: ctx.retrievedAt,
      connector: 'building-stock-model',
    };
    yield* ctx.mapper.each(entries, ResourceEntry, ([id, raw]) =>
      mapResource(fromDetailResource(id, raw, ctx.config.dataset, ctx.config.baseUrl), parent, catalogue),
    );
  },
};

const buildings: Operation<typeof BuildingsParams, BuildingRecord, BuildingStockConfig> = {
  title: 'Buildings of one file',
  description:
    "Finds a borough's CSV (or the file named by `resource`) through the dataset API, streams it and maps each row to a Building record with the configured column map. A row without a TOID, UPRN or id is reported.",
  params: BuildingsParams,
  produces: ['Building'],
  async *run(params, ctx) {
    const { resources: found } = await read(ctx);
    const csvs = found.filter((r) => r.format === 'csv');
    const wanted = [params.borough, params.resource].filter((p): p is string => p !== undefined);
    const chosen =
      wanted.length > 0
        ? csvs.filter((r) => wanted.every((phrase) => containsPhrase([r.title, r.fileName], phrase)))
        : csvs;
    if (chosen.length !== 1) {
      throw new ConfigError(
        `building-stock-model: ${chosen.length === 0 ? 'no' : `${chosen.length}`} CSV resources match ${
          wanted.map((w) => `"${w}"`).join(' and ') || '(no borough or resource given)'
        }; the dataset has: ${describe(found)}`,
      );
    }
    const resource = chosen[0] as DatastoreResource;
    yield* mapCsvResource(ctx, resource, {
      columns: ctx.config.columns,
      types: BUILDING_COLUMN_TYPES,
      check: (columns, header) => {
        if (!ctx.config.idFrom.some((source) => columns[source] !== undefined)) {
          throw new ConfigError(
            `building-stock-model: no ${ctx.config.idFrom.join('/')} column in ${resource.title ?? resource.id}; its header is: ${header.join(', ')}. Set config columns.`,
          );
        }
      },
      map: (row, columns) =>
        mapBuilding(row, {
          resource,
          columns,
          idFrom: ctx.config.idFrom,
          licence: GLA_OGL_LICENCE,
          precision: ctx.config.locationPrecision,
          retrievedAt: ctx.retrievedAt,
        }),
    });
  },
};

function read(ctx: OperationContext<BuildingStockConfig>) {
  return readDataset(ctx.client, ctx.config.baseUrl, ctx.config.dataset, {
    signal: ctx.signal,
    apiKey: ctx.config.apiKey,
  });
}

function describe(resources: readonly DatastoreResource[]): string {
  return resources.map((r) => `${r.title ?? r.id} (${r.format ?? '?'})`).join(', ') || 'no resources';
}

/**
 * The London Building Stock Model connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { buildingStockModel } from '@ldn-twin/connectors/building-stock-model';
 *
 * const lbsm = connect(buildingStockModel, {
 *   client: createClient(),
 *   // The model's columns are unconfirmed: name them from its data dictionary.
 *   config: { columns: { uprn: ['UPRN'], ageBand: ['AGE_BAND'], floorArea: ['TFA'] } },
 * });
 * for await (const building of lbsm.buildings({ borough: 'Lambeth' })) {
 *   console.log(building.id, building.properties.attributes.ageBand);
 * }
 * ```
 */
// Types its public ones refer to, re-exported so declarations resolve for users.
export type { ColumnType, ParsedRow } from '../protocols/london-datastore/index.js';

export const buildingStockModel = {
  id: 'building-stock-model',
  title: 'London Building Stock Model (GLA, via the London Datastore)',
  description:
    "The GLA's London Building Stock Model: every building's modelled age, size, use and energy performance, per borough, as Building records (column names configurable: the model's columns are unconfirmed).",
  twins: ['building-stock', 'zero-carbon-and-retrofit'],
  publisher: { name: 'Greater London Authority', url: 'https://www.london.gov.uk' },
  homepage: 'https://data.london.gov.uk/dataset/london-building-stock-model-2-lbsm-2-2k55d',
  licence: GLA_OGL_LICENCE,
  auth: { type: 'none' },
  browser: {
    cors: false,
    note: 'Unconfirmed whether the Datastore answers cross-origin requests; use a proxy baseUrl in browsers.',
  },
  config: BuildingStockConfig,
  operations: { resources, buildings },
} satisfies Connector<typeof BuildingStockConfig>;
