/**
 * Records out of a store in the four formats ldn-twin shares: GeoParquet (for DuckDB, Apache Sedona
 * or a warehouse), GeoJSON, NDJSON and CSV (core's serialisers), each written as a stream.
 */
import {
  ConfigError,
  type CsvOptions,
  honourPolicies,
  type PolicyTerms,
  PUBLIC_AUDIENCE,
  type TwinRecord,
  toCsv,
  toNdjson,
} from '@ldn-twin/core';
import { toGeoParquet } from './geoparquet.js';

/**
 * The export formats.
 *
 * @example
 * ```ts
 * import { EXPORT_FORMATS } from '@ldn-twin/store';
 * EXPORT_FORMATS.includes('geoparquet'); // true
 * ```
 */
export const EXPORT_FORMATS = ['geoparquet', 'geojson', 'ndjson', 'csv'] as const;

/**
 * One export format.
 *
 * @example
 * ```ts
 * import type { ExportFormat } from '@ldn-twin/store';
 * const format: ExportFormat = 'geoparquet';
 * ```
 */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A GeoJSON FeatureCollection written record by record (a record is a Feature, so it is lossless). */
async function* toGeoJsonText(records: AsyncIterable<TwinRecord>): AsyncGenerator<string, void, undefined> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const record of records) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(record)}`;
    first = false;
  }
  yield '\n]}\n';
}

/**
 * Records in an export format, as chunks (text for the text formats, bytes for GeoParquet). Only
 * records whose policies permit `distribute` to `terms.party` are written (see `honourPolicies`),
 * resolved in `terms.registry`: give the store's (`store.policies.registry()`) for records a store held.
 *
 * @throws ConfigError when `format` is not one of {@link EXPORT_FORMATS}.
 *
 * @example
 * ```ts
 * import { exportRecords, openStore } from '@ldn-twin/store';
 * const store = await openStore({ path: './london-store' });
 * const terms = { party: { clearance: 'open' }, registry: await store.policies.registry() } as const;
 * for await (const chunk of exportRecords(store.query({ borough: 'Lambeth' }), 'ndjson', { terms })) process.stdout.write(chunk);
 * ```
 */
export function exportRecords(
  records: AsyncIterable<TwinRecord>,
  format: ExportFormat,
  options: { readonly csv?: CsvOptions; readonly terms?: PolicyTerms } = {},
): AsyncGenerator<string | Uint8Array, void, undefined> {
  // Only records whose terms permit `distribute` to the party (default: the public) leave the store.
  const terms = options.terms ?? { party: PUBLIC_AUDIENCE };
  const permitted = () => honourPolicies(records, 'distribute', terms);
  switch (format) {
    case 'geoparquet':
      return toGeoParquet(permitted());
    case 'geojson':
      return toGeoJsonText(permitted());
    case 'ndjson':
      return toNdjson(records, { terms });
    case 'csv':
      return toCsv(records, { ...options.csv, terms });
    default:
      throw new ConfigError(`format ${JSON.stringify(format)}: use ${EXPORT_FORMATS.join(', ')}`);
  }
}
