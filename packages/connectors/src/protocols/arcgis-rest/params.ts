/**
 * The params schemas the ArcGIS operations share: a layer or service URL, and the spatial and
 * attribute filter of a query (WGS 84 coordinates).
 */
import * as z from 'zod';
import type { LayerQuery } from './query.js';

const Longitude = z.number().min(-180).max(180);
const Latitude = z.number().min(-90).max(90);

/**
 * An ArcGIS layer URL, `.../FeatureServer/<id>` or `.../MapServer/<id>`, without a trailing slash.
 *
 * @example
 * ```ts
 * LayerUrl.parse('https://services.arcgis.com/x/arcgis/rest/services/SSSI_England/FeatureServer/0/');
 * // '.../SSSI_England/FeatureServer/0'
 * ```
 */
export const LayerUrl = z
  .url()
  .transform((url) => url.replace(/\/+$/, ''))
  .refine((url) => /\/(?:FeatureServer|MapServer)\/\d+$/i.test(url), {
    message: 'a layer URL ending in /FeatureServer/<id> or /MapServer/<id>',
  });

/**
 * An ArcGIS service URL, `.../FeatureServer` or `.../MapServer`, without a trailing slash.
 *
 * @example
 * ```ts
 * ServiceUrl.parse('https://gis2.london.gov.uk/server/rest/services/apps/planning_data_map_02/MapServer');
 * ```
 */
export const ServiceUrl = z
  .url()
  .transform((url) => url.replace(/\/+$/, ''))
  .refine((url) => /\/(?:FeatureServer|MapServer)$/i.test(url), {
    message: 'a service URL ending in /FeatureServer or /MapServer',
  });

/**
 * The fields of a layer query filter: where clause, an envelope or a point (with an optional
 * distance), out fields and page size. Spread it into an operation's params and pass the object
 * through {@link checkQueryFilter}.
 *
 * @example
 * ```ts
 * const Params = checkQueryFilter(z.object({ ...queryFilterShape, layerUrl: LayerUrl }));
 * ```
 */
export const queryFilterShape = {
  /** An SQL where clause (default `1=1`). */
  where: z.string().min(1).default('1=1'),
  /** `[west, south, east, north]` in WGS 84. */
  envelope: z.tuple([Longitude, Latitude, Longitude, Latitude]).optional(),
  /** `[longitude, latitude]` in WGS 84. */
  point: z.tuple([Longitude, Latitude]).optional(),
  /** A buffer around `point`; the layer must support query with distance. */
  distance: z.number().positive().optional(),
  units: z.enum(['meters', 'kilometers', 'feet', 'miles']).default('meters'),
  /** Fields to return (default all). */
  outFields: z.array(z.string().min(1)).min(1).default(['*']),
  /** Features per page; capped at the layer's maxRecordCount (its value by default). */
  pageSize: z.int().min(1).max(10_000).optional(),
};

type FilterFields = {
  point?: readonly [number, number] | undefined;
  envelope?: readonly [number, number, number, number] | undefined;
  distance?: number | undefined;
};

/**
 * Adds the cross-field rules of a query filter to an object schema.
 *
 * @example
 * ```ts
 * checkQueryFilter(z.object(queryFilterShape)).safeParse({ point: [0, 51], envelope: [0, 51, 1, 52] }).success; // false
 * ```
 */
export function checkQueryFilter<S extends z.ZodType<FilterFields>>(schema: S) {
  return schema
    .refine((p) => !(p.point && p.envelope), { message: 'give a point or an envelope, not both' })
    .refine((p) => p.distance === undefined || p.point !== undefined, { message: 'distance needs a point' })
    .refine((p) => !p.envelope || (p.envelope[0] <= p.envelope[2] && p.envelope[1] <= p.envelope[3]), {
      message: 'envelope is [west, south, east, north]',
    });
}

/**
 * The filter alone, checked.
 *
 * @example
 * ```ts
 * QueryFilter.parse({ point: [-0.1276, 51.5072], distance: 100 });
 * ```
 */
export const QueryFilter = checkQueryFilter(z.object(queryFilterShape));

/**
 * The {@link LayerQuery} of parsed filter params.
 *
 * @example
 * ```ts
 * toLayerQuery(QueryFilter.parse({ envelope: [-0.2, 51.4, -0.1, 51.5] }));
 * ```
 */
export function toLayerQuery(params: z.output<z.ZodObject<typeof queryFilterShape>>): LayerQuery {
  return {
    where: params.where,
    outFields: params.outFields,
    ...(params.envelope ? { envelope: params.envelope } : {}),
    ...(params.point ? { point: params.point } : {}),
    ...(params.distance !== undefined ? { distance: params.distance, units: params.units } : {}),
  };
}
