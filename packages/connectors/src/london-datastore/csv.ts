/**
 * A small streaming CSV reader (RFC 4180: quoted fields with commas, doubled quotes and line breaks;
 * LF or CRLF; a leading BOM dropped; blank lines skipped) for Datastore downloads, row by row with
 * flat memory in Node, browsers and Deno. Hand-written because csv-parse's streaming entry needs Node
 * streams and Buffers, and because a bad row should become one reported row, not a failed parse.
 */

/**
 * One CSV record keyed by the header row.
 *
 * @example
 * ```ts
 * const record: CsvRecord = { line: 2, values: { name: 'Jazz Cafe', latitude: '51.5386' } };
 * ```
 */
export interface CsvRecord {
  /** The line the record starts on, counting from 1 (the header is line 1). */
  readonly line: number;
  readonly values: Record<string, string>;
  /** Why the record is not whole (wrong field count, bad quoting); absent when it is. */
  readonly problem?: string;
}

/**
 * A batch of records and the header they are keyed by.
 *
 * @example
 * ```ts
 * const batch: CsvBatch = { header: ['name'], records: [{ line: 2, values: { name: 'Jazz Cafe' } }] };
 * ```
 */
export interface CsvBatch {
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
}

/** Header names that must never become object keys. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads a CSV byte stream (a download body) or text chunks as records keyed by the header, one batch
 * per chunk read. Stopping early cancels the stream, so a download does not run on.
 *
 * @example
 * ```ts
 * for await (const { header, records } of csvBatches(download.body)) {
 *   for (const record of records) console.log(record.line, record.values);
 * }
 * ```
 */
export async function* csvBatches(
  source: ReadableStream<Uint8Array> | Iterable<string>,
  signal?: AbortSignal,
): AsyncGenerator<CsvBatch> {
  const decoder = new TextDecoder('utf-8');
  const tokenizer = createTokenizer();
  let header: string[] | undefined;
  const toBatch = (rows: Row[]): CsvBatch | undefined => {
    const records: CsvRecord[] = [];
    for (const row of rows) {
      if (header === undefined) {
        header = row.fields.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, '') : name).trim());
        continue;
      }
      const values: Record<string, string> = {};
      const count = Math.min(header.length, row.fields.length);
      for (let i = 0; i < count; i++) {
        const name = header[i] as string;
        if (!UNSAFE_KEYS.has(name)) values[name] = row.fields[i] as string;
      }
      const problem =
        row.problem ??
        (row.fields.length === header.length
          ? undefined
          : `line ${row.line}: ${row.fields.length} fields, the header has ${header.length}`);
      records.push(problem === undefined ? { line: row.line, values } : { line: row.line, values, problem });
    }
    return header && records.length > 0 ? { header, records } : undefined;
  };
  for await (const chunk of chunksOf(source)) {
    signal?.throwIfAborted();
    const batch = toBatch(
      tokenizer.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })),
    );
    if (batch) yield batch;
  }
  const batch = toBatch([...tokenizer.push(decoder.decode()), ...tokenizer.end()]);
  if (batch) yield batch;
}

interface Row {
  readonly line: number;
  readonly fields: string[];
  readonly problem?: string;
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/** The tokenizer: feed text, get finished rows; `end` flushes the last one. */
function createTokenizer() {
  let state = FIELD_START;
  let fields: string[] = [];
  let field = '';
  let pendingCr = false;
  let line = 1;
  let rowLine = 1;
  let problem: string | undefined;

  const endField = () => {
    fields.push(field);
    field = '';
    state = FIELD_START;
  };
  const endRow = (out: Row[]) => {
    endField();
    out.push(problem === undefined ? { line: rowLine, fields } : { line: rowLine, fields, problem });
    fields = [];
    problem = undefined;
  };
  const newline = (c: string, out: Row[]) => {
    // A blank line (nothing read since the last row) is skipped.
    if (state !== FIELD_START || fields.length > 0) endRow(out);
    if (c === '\r') pendingCr = true;
    line += 1;
    rowLine = line;
  };

  return {
    push(text: string): Row[] {
      const out: Row[] = [];
      for (const c of text) {
        if (pendingCr) {
          pendingCr = false;
          if (c === '\n') continue;
        }
        switch (state) {
          case QUOTED:
            if (c === '"') state = QUOTE_IN_QUOTED;
            else {
              if (c === '\n') line += 1;
              field += c;
            }
            break;
          case QUOTE_IN_QUOTED:
            if (c === '"') {
              field += '"'; // a doubled quote is one quote
              state = QUOTED;
            } else if (c === ',') endField();
            else if (c === '\n' || c === '\r') newline(c, out);
            else {
              problem ??= `line ${line}: text after a closing quote`;
              field += c;
              state = UNQUOTED;
            }
            break;
          default:
            if (c === ',') endField();
            else if (c === '\n' || c === '\r') newline(c, out);
            else if (c === '"' && state === FIELD_START) state = QUOTED;
            else {
              if (c === '"') problem ??= `line ${line}: a quote inside an unquoted field`;
              field += c;
              state = UNQUOTED;
            }
        }
      }
      return out;
    },
    end(): Row[] {
      const out: Row[] = [];
      if (state === QUOTED) problem ??= `line ${rowLine}: a quoted field is not closed`;
      if (state !== FIELD_START || fields.length > 0) endRow(out);
      return out;
    },
  };
}

/** Chunks of a ReadableStream (read with a reader: not every browser iterates streams) or an iterable. */
async function* chunksOf(
  source: ReadableStream<Uint8Array> | Iterable<string>,
): AsyncGenerator<string | Uint8Array> {
  if (!('getReader' in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    void reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
