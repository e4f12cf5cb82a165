/**
 * The GLA's Cultural Infrastructure Map, through the London Datastore: one file per venue type
 * (music venues, theatres, artists' workspaces, libraries, pubs, ...). The per-type files are found
 * through the dataset API (resource ids change between editions), the chosen type's CSV is streamed,
 * and each row becomes a CulturalVenue record with its position in WGS 84. The dataset and every
 * column name except `latitude`/`longitude` are unconfirmed, so both are configurable.
 *
 * @packageDocumentation
 */
import { ConfigError, type Connector, type Operation, type OperationContext } from '@ldn-twin/core';
import * as z from 'zod';
import {
  ColumnCandidates,
  type DatasetRecord,
  type DatastoreResource,
  DatastoreSettings,
  datasetId,
  datastoreLicence,
  fromDetailResource,
  GLA_OGL_LICENCE,
  mapCsvResource,
  mapResource,
  RawDetailResource,
  readDataset,
} from '../protocols/london-datastore/index.js';
import { DEFAULT_VENUE_COLUMNS, VENUE_COLUMN_TYPES, type VenueField } from './columns.js';
import { mapVenue, type VenueRecord } from './map.js';
import { DEFAULT_VENUE_TYPES, VenueTypes, venueTypeOf } from './venue-types.js';

export { DEFAULT_VENUE_COLUMNS, type VenueField } from './columns.js';
export { mapVenue, type VenueContext, type VenueRecord } from './map.js';
export { DEFAULT_VENUE_TYPES, venueTypeOf } from './venue-types.js';

const Columns = z.object({
  id: ColumnCandidates.default([...DEFAULT_VENUE_COLUMNS.id]),
  name: ColumnCandidates.default([...DEFAULT_VENUE_COLUMNS.name]),
  address: ColumnCandidates.default([...DEFAULT_VENUE_COLUMNS.address]),
  borough: ColumnCandidates.default([...DEFAULT_VENUE_COLUMNS.borough]),
  latitude: ColumnCandidates.default([...DEFAULT_VENUE_COLUMNS.latitude]),
  longitude: ColumnCandidates.default([...DEFAULT_VENUE_COLUMNS.longitude]),
  easting: ColumnCandidates.default([...DEFAULT_VENUE_COLUMNS.easting]),
  northing: ColumnCandidates.default([...DEFAULT_VENUE_COLUMNS.northing]),
});

const CulturalInfrastructureConfig = DatastoreSettings.extend({
  /**
   * The Datastore dataset (id or slug) holding the per-type files. Default: the 2023 edition's slug
   * from the field guide; that the API answers to it is unconfirmed.
   */
  dataset: z.string().min(1).default('cultural-infrastructure-map-2025-2rj5o'),
  /** Venue type → phrases that recognise its file by title or file name (defaults: the documented types). */
  venueTypes: VenueTypes.default({ ...DEFAULT_VENUE_TYPES } as Record<string, string[]>),
  /** Candidate column names per field (only latitude/longitude are documented; the rest are guesses). */
  columns: Columns.default(Columns.parse({})),
  /** How precise the published points are (unconfirmed; venues are usually geocoded addresses). */
  locationPrecision: z.enum(['exact', 'address-point', 'postcode', 'centroid']).default('address-point'),
});
type CulturalInfrastructureConfig = z.output<typeof CulturalInfrastructureConfig>;

const VenueTypeParams = z.object({});

const VenuesParams = z.object({
  /** The venue type, a key of config `venueTypes`, e.g. `music-venues`, `theatres`, `libraries`. */
  venueType: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case venue type, e.g. music-venues'),
});

/** The dataset's resources, each with the venue type its title or file name names (if any). */
async function discover(ctx: OperationContext<CulturalInfrastructureConfig>) {
  const { detail, resources, entries } = await readDataset(
    ctx.client,
    ctx.config.baseUrl,
    ctx.config.dataset,
    {
      signal: ctx.signal,
      apiKey: ctx.config.apiKey,
    },
  );
  const typed = resources.map((resource) => ({
    resource,
    venueType: venueTypeOf([resource.title, resource.fileName], ctx.config.venueTypes),
  }));
  // The dataset's own licence and statements; the GLA's OGL v3 (its pages) when it states none.
  const licence = datastoreLicence(
    detail.licence,
    detail.masthead?.title ?? detail.team?.title ?? 'Greater London Authority',
    detail.description,
    GLA_OGL_LICENCE,
  );
  return { detail, typed, entries, licence };
}

const venueTypes: Operation<typeof VenueTypeParams, DatasetRecord, CulturalInfrastructureConfig> = {
  title: 'List venue type files',
  description:
    "The map dataset's resources (per-type CSVs, GeoPackages, ...) found through the dataset API, each as a Dataset record whose `venueType` attribute names the type it was recognised as.",
  params: VenueTypeParams,
  produces: ['Dataset'],
  async *run(_params, ctx) {
    const { detail, entries, licence } = await discover(ctx);
    ctx.page(entries.length);
    const parent = {
      datasetTwinId: datasetId(detail.id),
      licence,
      keywords: ['cultural-infrastructure'],
    };
    const catalogue = {
      baseUrl: ctx.config.baseUrl,
      retrievedAt: ctx.retrievedAt,
      connector: 'cultural-infrastructure-map',
    };
    yield* ctx.mapper.each(entries, ResourceEntry, ([id, raw]) => {
      const resource = fromDetailResource(id, raw, ctx.config.dataset, ctx.config.baseUrl);
      const record = mapResource(resource, parent, catalogue);
      const venueType = venueTypeOf([resource.title, resource.fileName], ctx.config.venueTypes);
      return {
        ...record,
        properties: {
          ...record.properties,
          attributes: { ...record.properties.attributes, ...(venueType ? { venueType } : {}) },
        },
      };
    });
  },
};

/** One `[id, resource]` entry of the dataset's `resources` object. */
const ResourceEntry = z.tuple([z.string().min(1), RawDetailResource]);

const venues: Operation<typeof VenuesParams, VenueRecord, CulturalInfrastructureConfig> = {
  title: 'Venues of one type',
  description:
    "Finds the venue type's CSV through the dataset API, streams it and maps each row to a CulturalVenue record (name, type, address, borough, WGS 84 point; BNG eastings/northings are converted with OSTN15). A row that cannot be mapped is reported.",
  params: VenuesParams,
  produces: ['CulturalVenue'],
  async *run(params, ctx) {
    if (!(params.venueType in ctx.config.venueTypes)) {
      throw new ConfigError(
        `cultural-infrastructure-map: unknown venue type "${params.venueType}"; known: ${Object.keys(ctx.config.venueTypes).join(', ')}`,
      );
    }
    const { typed, licence } = await discover(ctx);
    const csv = typed.find((t) => t.venueType === params.venueType && t.resource.format === 'csv');
    if (!csv) {
      throw new ConfigError(
        `cultural-infrastructure-map: no CSV resource for "${params.venueType}" in ${ctx.config.dataset}; it has: ${describe(typed.map((t) => t.resource))}`,
      );
    }
    yield* mapCsvResource(ctx, csv.resource, {
      columns: ctx.config.columns,
      types: VENUE_COLUMN_TYPES,
      check: (columns, header) => {
        const positioned = (columns.latitude && columns.longitude) || (columns.easting && columns.northing);
        if (!positioned && !columns.name && !columns.id) {
          throw new ConfigError(
            `cultural-infrastructure-map: none of the configured columns is in ${csv.resource.title ?? csv.resource.id}; its header is: ${header.join(', ')}. Set config columns.`,
          );
        }
      },
      map: (row, columns) =>
        mapVenue(row, {
          resource: csv.resource,
          venueType: params.venueType,
          columns: columns as Partial<Record<VenueField, string>>,
          licence,
          precision: ctx.config.locationPrecision,
          retrievedAt: ctx.retrievedAt,
        }),
    });
  },
};

function describe(resources: readonly DatastoreResource[]): string {
  return resources.map((r) => `${r.title ?? r.id} (${r.format ?? '?'})`).join(', ') || 'no resources';
}

/**
 * The Cultural Infrastructure Map connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { culturalInfrastructureMap } from '@ldn-twin/connectors/cultural-infrastructure-map';
 *
 * const cim = connect(culturalInfrastructureMap, { client: createClient() });
 * const { records: files } = await cim.venueTypes({}).collect();
 * for await (const venue of cim.venues({ venueType: 'music-venues' })) {
 *   console.log(venue.properties.name, venue.properties.attributes.borough, venue.geometry);
 * }
 * ```
 */
// Types its public ones refer to, re-exported so declarations resolve for users.
export type { ParsedRow } from '../protocols/london-datastore/index.js';

export const culturalInfrastructureMap = {
  id: 'cultural-infrastructure-map',
  title: 'Cultural Infrastructure Map (GLA, via the London Datastore)',
  description:
    "The GLA's map of London's cultural venues and workspaces (music venues, theatres, artists' workspaces, libraries, pubs, ...), one file per venue type, as CulturalVenue records.",
  twins: ['cultural-infrastructure'],
  publisher: { name: 'Greater London Authority', url: 'https://www.london.gov.uk' },
  homepage: 'https://data.london.gov.uk/dataset/cultural-infrastructure-map-2025-2rj5o',
  licence: GLA_OGL_LICENCE,
  auth: { type: 'none' },
  browser: {
    cors: false,
    note: 'Unconfirmed whether the Datastore answers cross-origin requests; use a proxy baseUrl in browsers.',
  },
  config: CulturalInfrastructureConfig,
  operations: { venueTypes, venues },
} satisfies Connector<typeof CulturalInfrastructureConfig>;
