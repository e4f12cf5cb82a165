/**
 * Records to and from a GeoJSON FeatureCollection. A record already is a GeoJSON Feature, so the
 * conversion is lossless: any GeoJSON tool draws it, and parsing validates every feature back.
 */
import { SchemaError } from '../errors.js';
import { type PolicyTerms, permittedBy } from '../policy/evaluate.js';
import { type TwinRecord, TwinRecordSchema } from './record.js';
import { PUBLIC_AUDIENCE } from './trust.js';

/**
 * A FeatureCollection of twin records (assignable to GeoJSON's `FeatureCollection`).
 *
 * @example
 * ```ts
 * import type { TwinFeatureCollection } from '@ldn-twin/core';
 * const empty: TwinFeatureCollection = { type: 'FeatureCollection', features: [] };
 * ```
 */
export interface TwinFeatureCollection<R extends TwinRecord = TwinRecord> {
  type: 'FeatureCollection';
  features: R[];
}

/**
 * Wraps records in a FeatureCollection: from an array or iterable at once, from an async iterable
 * as a promise. A FeatureCollection is an export, so only records whose policies permit
 * `distribute` to `terms.party` (default: the public) are included; the others are told to
 * `terms.onReport`.
 *
 * @example
 * ```ts
 * import { toFeatureCollection } from '@ldn-twin/core';
 * const geojson = JSON.stringify(toFeatureCollection(records));
 * const fromStream = await toFeatureCollection(connectorStream);
 * const forTfl = toFeatureCollection(records, { terms: { party: { clearance: 'official', organisation: 'tfl' } } });
 * ```
 */
export function toFeatureCollection<R extends TwinRecord>(
  records: Iterable<R>,
  options?: { readonly terms?: PolicyTerms },
): TwinFeatureCollection<R>;
export function toFeatureCollection<R extends TwinRecord>(
  records: AsyncIterable<R>,
  options?: { readonly terms?: PolicyTerms },
): Promise<TwinFeatureCollection<R>>;
export function toFeatureCollection<R extends TwinRecord>(
  records: Iterable<R> | AsyncIterable<R>,
  options: { readonly terms?: PolicyTerms } = {},
): TwinFeatureCollection<R> | Promise<TwinFeatureCollection<R>> {
  const permitted = permittedBy('distribute', options.terms ?? { party: PUBLIC_AUDIENCE });
  if (Symbol.asyncIterator in records) {
    return (async () => {
      const features: R[] = [];
      for await (const record of records) if (permitted(record)) features.push(record);
      return { type: 'FeatureCollection', features };
    })();
  }
  return { type: 'FeatureCollection', features: [...records].filter(permitted) };
}

/**
 * Validates a parsed FeatureCollection of twin records and returns its records.
 *
 * @throws SchemaError when the value is not a FeatureCollection, or naming the first invalid feature.
 *
 * @example
 * ```ts
 * import { parseFeatureCollection } from '@ldn-twin/core';
 * const records = parseFeatureCollection(await (await fetch(url)).json());
 * ```
 */
export function parseFeatureCollection(value: unknown): TwinRecord[] {
  const collection = value as { type?: unknown; features?: unknown } | null;
  if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new SchemaError(
      'FeatureCollection',
      [{ code: 'custom', path: [], message: 'expected a GeoJSON FeatureCollection', input: value }],
      value,
    );
  }
  return collection.features.map((feature: unknown, index) => {
    const result = TwinRecordSchema.safeParse(feature);
    if (!result.success)
      throw new SchemaError(`FeatureCollection feature ${index}`, result.error.issues, feature);
    return result.data;
  });
}
