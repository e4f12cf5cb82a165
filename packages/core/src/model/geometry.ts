/**
 * GeoJSON geometry schemas (RFC 7946). `geometry` is always WGS 84 longitude/latitude, so its
 * positions are range-checked (a British National Grid easting in `geometry` is a mapping bug and
 * fails loudly); `place` holds the native geometry in the CRS named by `coordRefSys`, unchecked.
 */
import type { Geometry } from 'geojson';
import * as z from 'zod';

/**
 * A GeoJSON bounding box: `[west, south, east, north]`, or with minimum and maximum heights, 6 numbers.
 *
 * @example
 * ```ts
 * import { BBoxSchema } from '@ldn-twin/core';
 * BBoxSchema.parse([-0.51, 51.28, 0.33, 51.69]);
 * ```
 */
export const BBoxSchema = z.union([
  z.tuple([z.number(), z.number(), z.number(), z.number()]),
  z.tuple([z.number(), z.number(), z.number(), z.number(), z.number(), z.number()]),
]);

function geometrySchema(
  position: z.ZodType<readonly number[]>,
  id: string,
  description: string,
): z.ZodType<Geometry, Geometry> {
  const bbox = BBoxSchema;
  const ring = z.array(position).min(4);
  const point = z.object({ type: z.literal('Point'), coordinates: position, bbox: bbox.optional() });
  const multiPoint = z.object({
    type: z.literal('MultiPoint'),
    coordinates: z.array(position),
    bbox: bbox.optional(),
  });
  const lineString = z.object({
    type: z.literal('LineString'),
    coordinates: z.array(position).min(2),
    bbox: bbox.optional(),
  });
  const multiLineString = z.object({
    type: z.literal('MultiLineString'),
    coordinates: z.array(z.array(position).min(2)),
    bbox: bbox.optional(),
  });
  const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring), bbox: bbox.optional() });
  const multiPolygon = z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(ring)),
    bbox: bbox.optional(),
  });
  const simple = [point, multiPoint, lineString, multiLineString, polygon, multiPolygon] as const;
  // RFC 7946 3.1.8: nested collections SHOULD be avoided, so a collection holds simple geometries only.
  const collection = z.object({
    type: z.literal('GeometryCollection'),
    geometries: z.array(z.discriminatedUnion('type', [...simple])),
    bbox: bbox.optional(),
  });
  // Typed as GeoJSON's Geometry so geometries from turf, @ldn-twin/geo or any GeoJSON code fit without
  // casts; the runtime schema is stricter (positions checked, no nested collections).
  return z
    .discriminatedUnion('type', [...simple, collection])
    .meta({ id, description }) as unknown as z.ZodType<Geometry, Geometry>;
}

const wgs84Position = z.tuple(
  [z.number().min(-180).max(180).describe('longitude'), z.number().min(-90).max(90).describe('latitude')],
  z.number(),
);

/**
 * A GeoJSON geometry in WGS 84 longitude/latitude (the `geometry` of a twin record).
 *
 * @example
 * ```ts
 * import { GeometrySchema } from '@ldn-twin/core';
 * GeometrySchema.parse({ type: 'Point', coordinates: [-0.1167, 51.4947] });
 * GeometrySchema.safeParse({ type: 'Point', coordinates: [530000, 180000] }).success; // false
 * ```
 */
export const GeometrySchema = geometrySchema(
  wgs84Position,
  'Geometry',
  'GeoJSON geometry in WGS 84 longitude/latitude (RFC 7946)',
);

/**
 * A GeoJSON-shaped geometry in its native CRS (the JSON-FG `place` of a twin record), e.g. British
 * National Grid eastings/northings with `coordRefSys` `http://www.opengis.net/def/crs/EPSG/0/27700`.
 *
 * @example
 * ```ts
 * import { PlaceSchema } from '@ldn-twin/core';
 * PlaceSchema.parse({ type: 'Point', coordinates: [530600, 179100, 12.5] });
 * ```
 */
export const PlaceSchema = geometrySchema(
  z.tuple([z.number(), z.number()], z.number()),
  'Place',
  'JSON-FG place: a geometry in the native CRS named by coordRefSys',
);

/**
 * A WGS 84 geometry as the record model types it (assignable to GeoJSON's `Geometry`).
 *
 * @example
 * ```ts
 * import type { TwinGeometry } from '@ldn-twin/core';
 * const point: TwinGeometry = { type: 'Point', coordinates: [-0.1167, 51.4947] };
 * ```
 */
export type TwinGeometry = z.infer<typeof GeometrySchema>;

/**
 * A native-CRS geometry as the record model types it.
 *
 * @example
 * ```ts
 * import type { TwinPlace } from '@ldn-twin/core';
 * const place: TwinPlace = { type: 'Point', coordinates: [530600, 179100] };
 * ```
 */
export type TwinPlace = z.infer<typeof PlaceSchema>;

/**
 * The JSON-FG `coordRefSys` URI of British National Grid (EPSG:27700), the usual native CRS in London.
 *
 * @example
 * ```ts
 * import { BNG_CRS } from '@ldn-twin/core';
 * const native = { place: { type: 'Point', coordinates: [530600, 179100] }, coordRefSys: BNG_CRS };
 * ```
 */
export const BNG_CRS = 'http://www.opengis.net/def/crs/EPSG/0/27700';
