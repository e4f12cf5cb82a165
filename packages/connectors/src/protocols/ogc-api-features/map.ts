/**
 * Mapping of OGC API - Features payloads to twin records: a collection becomes a Dataset record; a
 * feature becomes a record of the kind the caller names (Building or UndergroundAsset). The standard
 * says nothing about what a feature's properties mean, so which upstream property fills which field
 * is a {@link PropertyMap} of property names, passed as params (serialisable, so it works from the
 * CLI and from saved configurations). Properties left unmapped are kept as text in `extra`.
 */
import type { AccessLabel, Identifier, Licence, TwinRecordOf } from '@ldn-twin/core';
import { twinRecord } from '@ldn-twin/core';
import type { Geometry } from 'geojson';
import * as z from 'zod';
import { axisOf, CRS, toWgs84 } from './crs.js';
import type { RawCollection, RawFeature } from './raw.js';

/**
 * The record kinds a feature can become.
 *
 * @example
 * ```ts
 * import { FEATURE_KINDS } from '@ldn-twin/connectors/ogc-features';
 * FEATURE_KINDS.includes('Building'); // true
 * ```
 */
export const FEATURE_KINDS = ['Building', 'UndergroundAsset'] as const;

/**
 * One kind a feature can become.
 *
 * @example
 * ```ts
 * import type { FeatureKind } from '@ldn-twin/connectors/ogc-features';
 * const kind: FeatureKind = 'Building';
 * ```
 */
export type FeatureKind = (typeof FEATURE_KINDS)[number];

const Name = z.string().min(1);

/**
 * Which feature property fills which record field, by property name. Every entry is optional; a
 * field whose property is not named (or is null or empty on a feature) is left out. Numbers may
 * arrive as numbers or numeric strings; any other value is a reported mapping issue.
 *
 * @example
 * ```ts
 * import { PropertyMap } from '@ldn-twin/connectors/ogc-features';
 * // Property names are the server's own: read them from /collections/{id}/queryables or /schema.
 * PropertyMap.parse({ height: 'height_m', groundElevation: 'ground_m', name: 'label' });
 * ```
 */
export const PropertyMap = z.strictObject({
  /** The record name. */
  name: Name.optional(),
  /** The feature id, for servers (and GeoJSON files) whose features have no top-level `id`. */
  id: Name.optional(),
  /** Identifiers kept as typed identifiers as well. */
  uprn: Name.optional(),
  usrn: Name.optional(),
  toid: Name.optional(),
  /** Building: height from ground to top, metres. */
  height: Name.optional(),
  /** Building: ground level above the datum, metres (absolute). */
  groundElevation: Name.optional(),
  /** Building: roof (top) level above the datum, metres (absolute); height = roof - ground when `height` is absent. */
  roofElevation: Name.optional(),
  /** Building: number of storeys. */
  storeys: Name.optional(),
  /** Building: use or description. */
  use: Name.optional(),
  /** Building: year built. */
  yearBuilt: Name.optional(),
  /** UndergroundAsset: what it is (pipe, cable, duct...). */
  assetType: Name.optional(),
  /** UndergroundAsset: who owns it. */
  owner: Name.optional(),
  /** UndergroundAsset: material. */
  material: Name.optional(),
  /** UndergroundAsset: depth below ground, metres. */
  depth: Name.optional(),
});

/**
 * A parsed {@link PropertyMap}.
 *
 * @example
 * ```ts
 * import type { PropertyMapping } from '@ldn-twin/connectors/ogc-features';
 * const map: PropertyMapping = { height: 'height_m' };
 * ```
 */
export type PropertyMapping = z.output<typeof PropertyMap>;

/**
 * What every feature of one run shares.
 *
 * @example
 * ```ts
 * import type { FeatureMappingContext } from '@ldn-twin/connectors/ogc-features';
 * ```
 */
export interface FeatureMappingContext {
  readonly kind: FeatureKind;
  /** The collection (or imported dataset) name. */
  readonly collection: string;
  /** The twin id namespace of this server (or import). */
  readonly namespace: string;
  /** The items URL of the collection, for `sourceUrl`; absent for a file import. */
  readonly itemsUrl?: string;
  readonly publisher: string;
  /** The connector id written into provenance. */
  readonly connector: string;
  readonly retrievedAt: string;
  readonly licence: Licence;
  readonly access: AccessLabel;
  readonly map: PropertyMapping;
  /** The CRS of the features' coordinates (CRS84 when absent). */
  readonly crs?: string;
}

/** A record a feature becomes. */
export type FeatureRecord = TwinRecordOf<'Building'> | TwinRecordOf<'UndergroundAsset'>;

/**
 * Maps one parsed feature to a record of `ctx.kind`. Throws (and the run reports it) when the feature
 * has no id or a mapped number is not a number.
 *
 * @example
 * ```ts
 * import { mapFeature } from '@ldn-twin/connectors/ogc-features';
 * const record = mapFeature(feature, { kind: 'Building', collection: 'buildings', namespace: 'borough', publisher: 'Borough', connector: 'ogc-features', retrievedAt, licence, access, map: {} });
 * ```
 */
export function mapFeature(feature: RawFeature, ctx: FeatureMappingContext): FeatureRecord {
  const properties = feature.properties ?? {};
  const used = new Set<string>();
  const take = (field: keyof PropertyMapping): unknown => {
    const name = ctx.map[field];
    if (name === undefined) return undefined;
    used.add(name);
    const value = properties[name];
    return value === null || value === '' ? undefined : value;
  };
  const text = (field: keyof PropertyMapping): string | undefined => {
    const value = take(field);
    return value === undefined ? undefined : String(value).trim() || undefined;
  };
  const number = (field: keyof PropertyMapping): number | undefined => {
    const value = take(field);
    if (value === undefined) return undefined;
    const n =
      typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
    if (!Number.isFinite(n)) {
      throw new Error(`property "${ctx.map[field]}" (${field}) is not a number: ${JSON.stringify(value)}`);
    }
    return n;
  };

  const local = feature.id ?? text('id');
  if (local === undefined) {
    throw new Error('the feature has no id (no top-level "id", and no id property mapped with map.id)');
  }
  const sourceId = String(local);
  const name = text('name');
  const identifiers: Identifier[] = [
    { scheme: 'other', value: sourceId, issuer: `${ctx.namespace}/${ctx.collection}` },
  ];
  for (const scheme of ['uprn', 'usrn', 'toid'] as const) {
    const value = text(scheme);
    if (value !== undefined) identifiers.push({ scheme, value });
  }
  const { geometry, place } = geometryOf(feature, ctx.crs);

  const envelope = {
    geometry,
    place,
    coordRefSys: place ? (ctx.crs ?? CRS.CRS84) : undefined,
    name,
    identifiers,
    provenance: {
      publisher: ctx.publisher,
      dataset: ctx.collection,
      sourceId,
      sourceUrl: ctx.itemsUrl ? `${ctx.itemsUrl}/${encodeURIComponent(sourceId)}` : undefined,
      retrievedAt: ctx.retrievedAt,
      method: 'reported' as const,
      connector: ctx.connector,
    },
    licence: ctx.licence,
    access: ctx.access,
  };

  if (ctx.kind === 'Building') {
    const ground = number('groundElevation');
    const roof = number('roofElevation');
    const height =
      number('height') ?? (roof !== undefined && ground !== undefined ? roof - ground : undefined);
    return twinRecord('Building', {
      ...envelope,
      id: [ctx.namespace, `${ctx.collection}:${sourceId}`],
      attributes: {
        use: text('use'),
        heightMetres: height === undefined ? undefined : round(height),
        groundElevationMetres: ground,
        storeys: number('storeys'),
        yearBuilt: number('yearBuilt'),
        collection: ctx.collection,
        extra: extraOf(properties, used),
      },
    });
  }
  return twinRecord('UndergroundAsset', {
    ...envelope,
    id: [ctx.namespace, `${ctx.collection}:${sourceId}`],
    attributes: {
      assetType: text('assetType'),
      owner: text('owner'),
      material: text('material'),
      depthMetres: number('depth'),
      collection: ctx.collection,
      extra: extraOf(properties, used),
    },
  });
}

/** What every collection of one run shares. */
export interface CollectionMappingContext {
  readonly baseUrl: string;
  readonly namespace: string;
  readonly publisher: string;
  readonly connector: string;
  readonly retrievedAt: string;
  readonly licence: Licence;
  readonly access: AccessLabel;
}

/**
 * Maps one collection of `/collections` to a Dataset record: its spatial extent (when in CRS84) as
 * the geometry, its items link as a distribution.
 *
 * @example
 * ```ts
 * import { mapCollection } from '@ldn-twin/connectors/ogc-features';
 * const dataset = mapCollection(collection, { baseUrl, namespace, publisher, connector: 'ogc-features', retrievedAt, licence, access });
 * ```
 */
export function mapCollection(
  collection: RawCollection,
  ctx: CollectionMappingContext,
): TwinRecordOf<'Dataset'> {
  const selfUrl = `${ctx.baseUrl}/collections/${encodeURIComponent(collection.id)}`;
  const resolve = (href: string) => new URL(href, `${ctx.baseUrl}/collections`).toString();
  const items = collection.links.filter((l) => l.rel === 'items');
  const spatial = collection.extent?.spatial;
  const box = spatial?.bbox?.[0];
  const geometry =
    box && (box.length === 4 || box.length === 6) && axisOf(spatial?.crs) === 'lonlat'
      ? bboxPolygon(box)
      : null;
  const interval = collection.extent?.temporal?.interval?.[0];
  const time =
    interval && (interval[0] || interval[1])
      ? { interval: [interval[0] ?? '..', interval[1] ?? '..'] as [string, string] }
      : null;
  return twinRecord('Dataset', {
    id: [ctx.namespace, collection.id],
    geometry,
    time,
    name: collection.title ?? collection.id,
    description: collection.description || undefined,
    identifiers: [{ scheme: 'other', value: collection.id, issuer: ctx.namespace }],
    precision: 'area',
    provenance: {
      publisher: ctx.publisher,
      dataset: 'collections',
      sourceId: collection.id,
      sourceUrl: selfUrl,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: ctx.connector,
    },
    licence: ctx.licence,
    access: ctx.access,
    attributes: {
      landingPage: selfUrl,
      ...(collection.keywords?.length ? { keywords: collection.keywords } : {}),
      distributions: (items.length > 0
        ? items
        : [{ href: `${selfUrl}/items`, type: 'application/geo+json' }]
      ).map((l) => ({ url: resolve(l.href), ...(l.type ? { mediaType: l.type } : {}) })),
      collectionId: collection.id,
      itemType: collection.itemType || undefined,
      ...(collection.crs?.length ? { crs: collection.crs } : {}),
    },
  });
}

function geometryOf(
  feature: RawFeature,
  crs: string | undefined,
): { geometry: Geometry | null; place?: Geometry } {
  if (feature.geometry === null) return { geometry: null };
  const native = feature.geometry as unknown as Geometry;
  const wgs84 = toWgs84(native, crs);
  if (axisOf(crs) === 'lonlat') return { geometry: native };
  // JSON-FG: the native geometry is kept as `place`, so nothing is lost in the transform.
  return wgs84 ? { geometry: wgs84, place: native } : { geometry: null, place: native };
}

function bboxPolygon(box: number[]): Geometry {
  const [w, s, e, n] = box.length === 6 ? [box[0], box[1], box[3], box[4]] : box;
  const [x0, y0, x1, y1] = [w ?? 0, s ?? 0, e ?? 0, n ?? 0];
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

/** Unmapped properties, as non-empty text under their original names. */
function extraOf(properties: Record<string, unknown>, used: ReadonlySet<string>): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (used.has(key) || value === null || value === undefined || value === '') continue;
    extra[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return extra;
}

/** Centimetres are more than any building height source resolves; this hides float noise from subtraction. */
function round(metres: number): number {
  return Math.round(metres * 100) / 100;
}
