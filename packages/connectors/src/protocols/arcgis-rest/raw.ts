/**
 * The payloads of an ArcGIS FeatureServer/MapServer as the Esri REST API documents them: the service
 * description (`<service>?f=json`), the layer description (`<layer>?f=json`), the all-layers
 * description (`<service>/layers?f=json`), a query result in GeoJSON (`<layer>/query?f=geojson`), and
 * the error object Esri servers answer with, often under HTTP 200. Only the keys the connector reads
 * are named; everything else is kept (loose objects), because field lists and capabilities vary
 * between services and change over time. Features stay `unknown` in a page and are parsed one by one.
 */
import { optionalNumber, optionalText } from '@ldn-twin/core';
import * as z from 'zod';

/**
 * The Esri error body: `{"error": {"code": 400, "message": "...", "details": [...]}}`. ArcGIS servers
 * send it with HTTP status 200, so it has to be recognised in the body.
 *
 * @example
 * ```ts
 * RawEsriError.parse({ error: { code: 400, message: 'Invalid URL', details: [] } });
 * ```
 */
export const RawEsriError = z.object({
  error: z.looseObject({
    code: optionalNumber(),
    message: optionalText(),
    details: z.array(z.unknown()).nullish(),
  }),
});

/**
 * One field of a layer description (`fields[]`): name, Esri type (`esriFieldTypeString`,
 * `esriFieldTypeDate`, `esriFieldTypeOID`, ...), optional alias.
 *
 * @example
 * ```ts
 * RawField.parse({ name: 'sitename', type: 'esriFieldTypeString', alias: 'sitename', length: 2048 });
 * ```
 */
export const RawField = z.looseObject({
  name: z.string().min(1),
  type: z.string().min(1),
  alias: optionalText(),
});
export type RawField = z.output<typeof RawField>;

/**
 * A layer (or table) description, `<layer>?f=json`, and one entry of `<service>/layers?f=json`.
 *
 * @example
 * ```ts
 * RawLayerInfo.parse({ id: 14, name: 'Metropolitan Open Land', maxRecordCount: 2000, objectIdField: 'objectid', fields: [] });
 * ```
 */
export const RawLayerInfo = z.looseObject({
  id: requiredInt(),
  name: z.string(),
  type: optionalText(),
  geometryType: optionalText(),
  displayField: optionalText(),
  description: optionalText(),
  copyrightText: optionalText(),
  maxRecordCount: optionalNumber(),
  objectIdField: optionalText(),
  supportedQueryFormats: optionalText(),
  fields: z.array(RawField).nullish(),
  advancedQueryCapabilities: z
    .looseObject({ supportsPagination: z.boolean().optional(), supportsOrderBy: z.boolean().optional() })
    .nullish(),
  editingInfo: z.looseObject({ lastEditDate: optionalNumber() }).nullish(),
});
export type RawLayerInfo = z.output<typeof RawLayerInfo>;

/**
 * `<service>/layers?f=json`: every layer's and table's description in one call.
 *
 * @example
 * ```ts
 * RawAllLayers.parse({ layers: [{ id: 0, name: 'Archaeological Priority Areas' }], tables: [] });
 * ```
 */
export const RawAllLayers = z.looseObject({
  layers: z.array(z.unknown()).default([]),
  tables: z.array(z.unknown()).nullish(),
});

/**
 * One entry of the `layers[]` listing of a service description (`<service>?f=json`).
 *
 * @example
 * ```ts
 * RawServiceLayer.parse({ id: 219, name: 'Thames Policy Area (LPA)', parentLayerId: 218, subLayerIds: null });
 * ```
 */
export const RawServiceLayer = z.looseObject({
  id: requiredInt(),
  name: z.string(),
  type: optionalText(),
  geometryType: optionalText(),
  parentLayerId: optionalNumber(),
  subLayerIds: z.array(z.number()).nullish(),
});
export type RawServiceLayer = z.output<typeof RawServiceLayer>;

/**
 * A service description, `<service>?f=json` (FeatureServer or MapServer).
 *
 * @example
 * ```ts
 * RawServiceInfo.parse({ serviceDescription: 'Haringey', maxRecordCount: 2000, layers: [], tables: [] });
 * ```
 */
export const RawServiceInfo = z.looseObject({
  serviceDescription: optionalText(),
  description: optionalText(),
  copyrightText: optionalText(),
  maxRecordCount: optionalNumber(),
  layers: z.array(z.unknown()).default([]),
  tables: z.array(z.unknown()).nullish(),
});

/**
 * One page of `<layer>/query?f=geojson`. Where the "more to come" flag sits differs between servers:
 * in a top-level `properties.exceededTransferLimit` (ArcGIS Online hosted services) or as a top-level
 * `exceededTransferLimit` (as in Esri JSON); both are read.
 *
 * @example
 * ```ts
 * RawGeoJsonPage.parse({ type: 'FeatureCollection', features: [], properties: { exceededTransferLimit: false } });
 * ```
 */
export const RawGeoJsonPage = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
  exceededTransferLimit: z.boolean().optional(),
  properties: z.looseObject({ exceededTransferLimit: z.boolean().optional() }).nullish(),
});

const Position = z.array(z.number()).min(2);
/** GeoJSON geometries as an ArcGIS query in `f=geojson` writes them (no collections). */
const RawGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Point'), coordinates: Position }),
  z.object({ type: z.literal('MultiPoint'), coordinates: z.array(Position) }),
  z.object({ type: z.literal('LineString'), coordinates: z.array(Position) }),
  z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) }),
]);

/**
 * One feature of a GeoJSON query page: `id` is the object id, `properties` the requested fields
 * (dates as epoch milliseconds), `geometry` null for a feature without a shape.
 *
 * @example
 * ```ts
 * RawGeoJsonFeature.parse({ type: 'Feature', id: 7, geometry: null, properties: { sitename: 'Highbury' } });
 * ```
 */
export const RawGeoJsonFeature = z.looseObject({
  type: z.literal('Feature'),
  id: z.union([z.number(), z.string()]).nullish(),
  geometry: RawGeometry.nullable(),
  properties: z.record(z.string(), z.unknown()).nullable(),
});
export type RawGeoJsonFeature = z.output<typeof RawGeoJsonFeature>;

function requiredInt() {
  return optionalNumber().pipe(z.number({ error: 'expected an integer id' }).int());
}
