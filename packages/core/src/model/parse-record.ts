/**
 * Validation of one record with the SDK's error type, for connectors, tests and apps that want a
 * typed record or a `SchemaError` rather than a zod result.
 */
import { SchemaError } from '../errors.js';
import type { Kind } from './kinds.js';
import { recordSchema, type TwinRecord, type TwinRecordOf, TwinRecordSchema } from './record.js';

/**
 * Validates `value` as a twin record (of `kind`, when given) and returns it typed. With a `kind`,
 * `source` may name where the value came from in the error message, e.g. `'planning-data map'`.
 *
 * @throws SchemaError with every zod issue and the raw value when `value` is not a valid record.
 *
 * @example
 * ```ts
 * import { parseTwinRecord } from '@ldn-twin/core';
 * const record = parseTwinRecord(json); // TwinRecord
 * const constraint = parseTwinRecord(json, 'PlanningConstraint'); // TwinRecordOf<'PlanningConstraint'>
 * ```
 */
export function parseTwinRecord(value: unknown): TwinRecord;
export function parseTwinRecord<K extends Kind>(value: unknown, kind: K, source?: string): TwinRecordOf<K>;
export function parseTwinRecord(value: unknown, kind?: Kind, source = 'twin record'): TwinRecord {
  const result = (kind === undefined ? TwinRecordSchema : recordSchema(kind)).safeParse(value);
  if (!result.success) throw new SchemaError(source, result.error.issues, value);
  return result.data as TwinRecord;
}
