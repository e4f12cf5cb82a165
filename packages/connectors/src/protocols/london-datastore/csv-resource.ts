/**
 * Runs a CSV resource through an operation: download it (checked), read it as a stream, pick the
 * columns from the header with the configured column map, and map each row with the run's mapper, so
 * a bad row is a reported issue and memory stays flat however large the file.
 */
import { ConfigError, csvRecords, type OperationContext, type TwinRecord } from '@ldn-twin/core';
import type { DatastoreSettings } from './config.js';
import { downloadResource } from './download.js';
import type { DatastoreResource } from './resources.js';
import { type ColumnType, type ParsedRow, rowSchema } from './tabular.js';

/**
 * Options of {@link mapCsvResource}.
 *
 * @example
 * ```ts
 * const options: CsvResourceOptions<'name', VenueRecord> = { columns, types, check, map };
 * ```
 */
export interface CsvResourceOptions<F extends string, R extends TwinRecord> {
  /** Candidate column names per field. */
  readonly columns: Readonly<Partial<Record<F, readonly string[]>>>;
  readonly types: Readonly<Record<F, ColumnType>>;
  /** Throws a ConfigError when the header lacks what the mapping needs (the column map is wrong). */
  readonly check?: (columns: Partial<Record<F, string>>, header: readonly string[]) => void;
  readonly map: (row: ParsedRow<F>, columns: Partial<Record<F, string>>) => R;
}

/**
 * Downloads a CSV resource and yields its rows mapped to records.
 *
 * @example
 * ```ts
 * yield* mapCsvResource(ctx, resource, { columns, types, map: (row, columns) => mapVenue(row, { ...venue, columns }) });
 * ```
 */
export async function* mapCsvResource<F extends string, R extends TwinRecord>(
  ctx: OperationContext<DatastoreSettings>,
  resource: DatastoreResource,
  options: CsvResourceOptions<F, R>,
): AsyncGenerator<R> {
  if (resource.format !== 'csv') {
    throw new ConfigError(
      `${resource.title ?? resource.id} is ${resource.format ?? 'of an unknown format'}, not CSV: only CSV resources are read`,
    );
  }
  const download = await downloadResource(ctx.client, resource, {
    maxBytes: ctx.config.maxDownloadBytes,
    acceptGenericContentTypes: ctx.config.acceptGenericContentTypes,
    signal: ctx.signal,
    apiKey: ctx.config.apiKey,
    baseUrl: ctx.config.baseUrl,
  });
  let parser: ReturnType<typeof rowSchema<F>> | undefined;
  for await (const batch of csvRecords(download.body, ctx.signal ? { signal: ctx.signal } : {})) {
    if (parser === undefined) {
      parser = rowSchema(batch.header, options.columns, options.types);
      options.check?.(parser.columns, batch.header);
    }
    ctx.page(batch.records.length);
    const { columns, schema } = parser;
    yield* ctx.mapper.each(batch.records, schema, (row) => options.map(row, columns));
  }
}
