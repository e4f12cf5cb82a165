/**
 * Validate-and-map with an honest account: every raw item that comes in is either mapped to
 * records or reported with the reason and the offending raw value. Never a crash, never a silent
 * drop: `received === mapped + failed`, always.
 */
import type { z } from 'zod';
import { createRedactor, type Redactor } from '../http/redact.js';
import type { TwinRecord } from '../model/index.js';
import { createRecordCheck } from '../model/record-check.js';
import { fastPathOf } from '../parse/fast-path.js';
import { hotSchema } from '../parse/hot-schema.js';

/** At most this many issues are kept in a report (the counts stay exact), so memory stays flat. */
const MAX_KEPT_ISSUES = 1000;

/** Why one raw item did not become records. */
export interface MappingIssue {
  /** The item's position in the run, counting from 0. */
  readonly index: number;
  /** `parse`: the raw item failed its upstream schema; `map`: the mapping threw; `validate`: the record it made is not a valid twin record. */
  readonly stage: 'parse' | 'map' | 'validate';
  readonly message: string;
  /** Where in the raw item (or record) the problem is, dotted. */
  readonly path?: string;
  /** The offending raw item, as received. */
  readonly raw: unknown;
}

/** The account of one operation run. Live while the run goes on; final once it ends. */
export interface RunReport {
  readonly connector: string;
  readonly operation: string;
  /** Raw items that came in. */
  readonly received: number;
  /** Raw items that became records. */
  readonly mapped: number;
  /** Raw items that did not (each has an issue, up to the first 1,000 kept). */
  readonly failed: number;
  /** Records yielded (one raw item may yield several). */
  readonly records: number;
  readonly pages: number;
  readonly issues: readonly MappingIssue[];
  /** True once the source was read to its end (false when stopped early, aborted or failed). */
  readonly complete: boolean;
}

/** Validates and maps raw items for one run, keeping its report. */
export interface RecordMapper {
  /**
   * Parses each raw item with `schema` and maps it with `map`; yields the records and reports
   * failures instead of throwing.
   */
  each<S extends z.ZodType, R extends TwinRecord>(
    raws: Iterable<unknown>,
    schema: S,
    map: (raw: z.output<S>) => R | readonly R[],
  ): Generator<R>;
}

/** A mutable report and its mapper; `connect` creates one per run. */
export interface MappingSession {
  readonly mapper: RecordMapper;
  readonly report: RunReport;
  page(): void;
  finish(): void;
}

/**
 * Starts the account of one run. Connector authors get the mapper through the operation context;
 * this is exported for tests and custom runners.
 *
 * @example
 * ```ts
 * const session = createMappingSession('my-connector', 'search', [apiKey]);
 * const records = [...session.mapper.each(rawItems, RawItem, toRecord)];
 * console.log(session.report.received, session.report.mapped, session.report.issues);
 * ```
 */
export function createMappingSession(
  connector: string,
  operation: string,
  secrets: readonly string[] = [],
  /** The client's redactor too, so secrets given to `createClient` stay out of records as well. */
  clientRedactor?: Redactor,
): MappingSession {
  const issues: MappingIssue[] = [];
  // A service that echoes a credential into a field it returns must not carry it into a record (or
  // into an issue's raw value): items holding one are redacted before they are parsed.
  const redactor = secrets.length > 0 ? createRedactor({ secrets }) : undefined;
  // Inside strings only: a numeric key that also occurs as a number in the data is data.
  const clean = (raw: unknown): unknown => {
    const own = redactor ? redactor.value(raw) : raw;
    return clientRedactor ? clientRedactor.value(own) : own;
  };
  const report = {
    connector,
    operation,
    received: 0,
    mapped: 0,
    failed: 0,
    records: 0,
    pages: 0,
    issues: issues as readonly MappingIssue[],
    complete: false,
  };

  // Every record is validated against TwinRecordSchema, through the fast path of record-check.ts.
  const checkRecord = createRecordCheck();
  const fail = (issue: MappingIssue) => {
    report.failed += 1;
    if (issues.length < MAX_KEPT_ISSUES) issues.push(issue);
  };

  function* each<S extends z.ZodType, R extends TwinRecord>(
    raws: Iterable<unknown>,
    schema: S,
    map: (raw: z.output<S>) => R | readonly R[],
  ): Generator<R> {
    // A schema with a fast path (withFastPath): its answer taken as is where it has one.
    const fast = fastPathOf(schema);
    for (const item of raws) {
      const raw = clean(item);
      const index = report.received;
      report.received += 1;
      let value = fast?.(raw) as z.output<S> | undefined;
      if (value === undefined) {
        const parsed = hotSchema(schema).safeParse(raw);
        if (!parsed.success) {
          const first = parsed.error.issues[0];
          fail({
            index,
            stage: 'parse',
            message: parsed.error.issues
              .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
              .join('; '),
            ...(first && first.path.length > 0 ? { path: first.path.join('.') } : {}),
            raw,
          });
          continue;
        }
        value = parsed.data;
      }
      let out: R | readonly R[];
      try {
        out = map(value as z.output<S>);
      } catch (error) {
        fail({ index, stage: 'map', message: error instanceof Error ? error.message : String(error), raw });
        continue;
      }
      const records: readonly R[] = isMany(out) ? out : [out];
      let invalid: ReturnType<typeof checkRecord> | undefined;
      for (const record of records) {
        const result = checkRecord(record);
        if (!result.success) {
          invalid = result;
          break;
        }
      }
      if (invalid && !invalid.success) {
        const first = invalid.error.issues[0];
        fail({
          index,
          stage: 'validate',
          message: `${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid record'}`,
          ...(first ? { path: first.path.join('.') } : {}),
          raw,
        });
        continue;
      }
      report.mapped += 1;
      report.records += records.length;
      yield* records;
    }
  }
  const mapper: RecordMapper = { each };

  return {
    mapper,
    report,
    page: () => {
      report.pages += 1;
    },
    finish: () => {
      report.complete = true;
    },
  };
}

function isMany<R>(value: R | readonly R[]): value is readonly R[] {
  return Array.isArray(value);
}

/**
 * Counts one page of raw items and maps them: the run report and progress see the page, then each
 * item is parsed and mapped as by {@link RecordMapper.each}. The one call an operation makes per page.
 *
 * @example
 * ```ts
 * import { mapPage } from '@ldn-twin/core';
 * const data = await ctx.client.getJson(url, RawPage);
 * yield* mapPage(ctx, data.items, RawItem, (item) => toRecord(item));
 * ```
 */
export function* mapPage<S extends z.ZodType, R extends TwinRecord>(
  ctx: { page(items: number): void; readonly mapper: RecordMapper },
  items: readonly unknown[],
  schema: S,
  map: (raw: z.output<S>) => R | readonly R[],
): Generator<R> {
  ctx.page(items.length);
  yield* ctx.mapper.each(items, schema, map);
}
