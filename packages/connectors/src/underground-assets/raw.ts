/**
 * The GeoJSON an authorised user imports (RFC 7946 FeatureCollection). Features stay unknown here and
 * are parsed one by one (with the OGC feature schema), so one bad feature is a reported issue. The
 * legacy GeoJSON 2008 `crs` member is read because GIS exports of British data (QGIS, GDAL) still
 * write it for British National Grid files.
 */
import * as z from 'zod';

/**
 * A FeatureCollection given as params.
 *
 * @example
 * ```ts
 * import { RawFeatureCollection } from '@ldn-twin/connectors/underground-assets';
 * RawFeatureCollection.parse({ type: 'FeatureCollection', features: [] });
 * ```
 */
export const RawFeatureCollection = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
  /** GeoJSON 2008: `{ type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } }`. */
  crs: z
    .looseObject({
      type: z.string().optional(),
      properties: z.looseObject({ name: z.string().optional() }).optional(),
    })
    .optional(),
});
