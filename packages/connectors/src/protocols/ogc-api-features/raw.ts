/**
 * The payloads of OGC API - Features Part 1 (OGC 17-069r4) as the standard defines them: the
 * `/collections` document, a collection, and an items response (a GeoJSON FeatureCollection with
 * `links`, `numberMatched`, `numberReturned`). Features and collections stay `unknown` at the top
 * level and are parsed one by one, so one bad feature is a reported issue, not a failed page.
 */
import { optionalNumber, optionalText } from '@ldn-twin/core';
import * as z from 'zod';

/**
 * A link object (OGC API - Common: `href`, `rel`, `type`, `title`).
 *
 * @example
 * ```ts
 * RawLink.parse({ href: 'https://example.london/ogcapi/collections/trees/items?offset=100', rel: 'next' });
 * ```
 */
export const RawLink = z.looseObject({
  href: z.string().min(1),
  rel: optionalText(),
  type: optionalText(),
  title: optionalText(),
});
/** A parsed link. */
export type RawLink = z.output<typeof RawLink>;

/** Links, tolerating a missing list; a malformed link is dropped rather than failing the page. */
const Links = z
  .array(z.unknown())
  .optional()
  .transform((links) =>
    (links ?? []).flatMap((link) => {
      const parsed = RawLink.safeParse(link);
      return parsed.success ? [parsed.data] : [];
    }),
  );

/**
 * An items response (`/collections/{id}/items`): features stay unknown, each parsed on its own.
 *
 * @example
 * ```ts
 * RawItems.parse({ type: 'FeatureCollection', features: [], links: [], numberReturned: 0 });
 * ```
 */
export const RawItems = z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(z.unknown()),
  links: Links,
  numberMatched: optionalNumber(),
  numberReturned: optionalNumber(),
});
/** A parsed items response. */
export type RawItems = z.output<typeof RawItems>;

/**
 * One feature (GeoJSON, RFC 7946): the `id` the standard requires for `/items/{featureId}`, a geometry
 * (null allowed) and free-form properties.
 *
 * @example
 * ```ts
 * RawFeature.parse({ type: 'Feature', id: 'b1', geometry: null, properties: { name: 'Shed' } });
 * ```
 */
export const RawFeature = z.looseObject({
  type: z.literal('Feature'),
  id: z.union([z.string().min(1), z.number()]).optional(),
  geometry: z.looseObject({ type: z.string(), coordinates: z.array(z.unknown()).optional() }).nullable(),
  properties: z.record(z.string(), z.unknown()).nullable().default({}),
});
/** A parsed feature. */
export type RawFeature = z.output<typeof RawFeature>;

/**
 * One collection of `/collections` or `/collections/{id}`.
 *
 * @example
 * ```ts
 * RawCollection.parse({ id: 'trees', title: 'Street trees', links: [] });
 * ```
 */
export const RawCollection = z.looseObject({
  id: z.string().min(1),
  title: optionalText(),
  description: optionalText(),
  keywords: z.array(z.string()).optional(),
  itemType: optionalText(),
  crs: z.array(z.string()).optional(),
  extent: z
    .looseObject({
      spatial: z
        .looseObject({
          bbox: z.array(z.array(z.number())).optional(),
          crs: optionalText(),
        })
        .optional(),
      temporal: z.looseObject({ interval: z.array(z.array(z.string().nullable())).optional() }).optional(),
    })
    .optional(),
  links: Links,
});
/** A parsed collection. */
export type RawCollection = z.output<typeof RawCollection>;

/**
 * The `/collections` document: collections stay unknown, each parsed on its own.
 *
 * @example
 * ```ts
 * RawCollections.parse({ collections: [], links: [] });
 * ```
 */
export const RawCollections = z.looseObject({
  collections: z.array(z.unknown()),
  links: Links,
});
