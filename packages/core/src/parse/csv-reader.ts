/**
 * A small streaming RFC 4180 CSV reader for bulk files (the EPC certificates, gigabytes each; the
 * London Datastore's downloads), row by row with flat memory, in Node, browsers and Deno. Hand-written rather than csv-parse: csv-parse's streaming entry
 * imports `node:stream/web` and its parser works on Node `Buffer`s, so it does not run in browsers or
 * Deno without polyfills; and a row-level problem there fails the whole parse, where here it becomes
 * one reported row.
 *
 * Quoted fields may hold commas, quotes (doubled) and line breaks; records end with LF or CRLF; a
 * leading BOM is dropped; blank lines are skipped. Lenient where files are messy: a quote inside an
 * unquoted field is kept as a character. Problems that lose data (an unterminated quoted field, text
 * after a closing quote, a row with the wrong number of fields) are carried on the row, not thrown.
 */

/**
 * Where CSV text comes from: a byte stream (a `fetch` body, a file stream) or chunks of text or bytes,
 * async or not (`[text]` for a string in hand).
 *
 * @example
 * ```ts
 * const fromFetch: CsvSource = (await fetch(url)).body!;
 * const fromText: CsvSource = ['LMK_KEY,UPRN\n', '1,34053831\n'];
 * ```
 */
export type CsvSource =
  | ReadableStream<Uint8Array>
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>;

/**
 * One CSV record.
 *
 * @example
 * ```ts
 * const row: CsvRow = { line: 2, fields: ['1', '34053831'] };
 * ```
 */
export interface CsvRow {
  /** The line the record starts on, counting from 1 (the header is line 1). */
  readonly line: number;
  readonly fields: string[];
  /** What went wrong in this record, if anything. */
  readonly problem?: string;
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

// Tokenizer states, plain numbers on the hot path.
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3;

/**
 * An incremental CSV tokenizer: feed it text, it appends finished records to `out` (`push`), or hands
 * them out one at a time (`feed`, then `next` until it gives undefined), so a caller can finish with
 * each record before the next is cut from the text.
 *
 * @example
 * ```ts
 * const parser = new CsvParser();
 * const rows: CsvRow[] = [];
 * parser.push('a,"b\n', rows);
 * parser.push('c"\r\n1,2', rows);
 * parser.end(rows); // rows: [{ line: 1, fields: ['a', 'b\nc'] }, { line: 3, fields: ['1', '2'] }]
 *
 * parser.feed('x,y\nz,w\n');
 * for (let row = parser.next(); row; row = parser.next()) console.log(row.fields);
 * ```
 */
export class CsvParser {
  private state = FIELD_START;
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private afterCr = false;
  private problem: string | undefined;
  /** The text being read, where reading goes on, and where the current field's text starts. */
  private text = '';
  private at = 0;
  private start = 0;

  /** Parses one chunk of text, appending every record it finishes to `out`. */
  push(chunk: string, out: CsvRow[]): void {
    this.feed(chunk);
    for (let row = this.next(); row !== undefined; row = this.next()) out.push(row);
  }

  /** Takes the next chunk of text; read its records with {@link CsvParser.next} before feeding more. */
  feed(chunk: string): void {
    this.text = chunk;
    this.at = 0;
    // A CR that ended the last text may be the first half of a CRLF (an empty chunk changes nothing).
    if (this.afterCr && chunk.length > 0) {
      this.afterCr = false;
      if (chunk.charCodeAt(0) === LF) this.at = 1;
    }
    this.start = this.at;
  }

  /** The next record the text fed so far finishes, or undefined when it needs more text (or `end`). */
  next(): CsvRow | undefined {
    const chunk = this.text;
    const n = chunk.length;
    let i = this.at;
    let start = this.start;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case FIELD_START:
          if (c === QUOTE) {
            this.state = QUOTED;
            start = i + 1;
            i += 1;
            continue;
          }
          // Any other character starts an unquoted field: read it again in that state.
          this.state = UNQUOTED;
          continue;
        case UNQUOTED:
          if (c === COMMA) {
            this.endField(chunk.slice(start, i));
            start = i + 1;
          } else if (c === LF || c === CR) {
            this.endField(chunk.slice(start, i));
            if (c === CR) {
              if (i + 1 < n) {
                if (chunk.charCodeAt(i + 1) === LF) i += 1;
              } else this.afterCr = true;
            }
            const row = this.endRecord();
            this.line += 1;
            this.recordLine = this.line;
            i += 1;
            start = i;
            if (row !== undefined) {
              this.at = i;
              this.start = start;
              return row;
            }
            continue;
          }
          break;
        case QUOTED:
          if (c === QUOTE) {
            this.field += chunk.slice(start, i);
            this.state = QUOTE_IN_QUOTED;
          } else if (c === LF) this.line += 1;
          break;
        case QUOTE_IN_QUOTED:
          if (c === QUOTE) {
            // A doubled quote is one quote; the field goes on.
            this.field += '"';
            this.state = QUOTED;
            start = i + 1;
          } else if (c === COMMA || c === LF || c === CR) {
            this.state = UNQUOTED;
            start = i;
            continue; // handled as the end of an unquoted field (an empty remainder)
          } else {
            this.problem ??= `line ${this.line}: text after a closing quote`;
            this.state = UNQUOTED;
            start = i;
          }
          break;
      }
      i += 1;
    }
    // The text is used up: keep the unfinished field's text, and let go of the chunk.
    if (this.state === UNQUOTED || this.state === QUOTED) this.field += chunk.slice(start, n);
    this.text = '';
    this.at = 0;
    this.start = 0;
    return undefined;
  }

  /** Ends the input: flushes the last record (which need not end with a line break). */
  end(out: CsvRow[]): void {
    const row = this.finish();
    if (row !== undefined) out.push(row);
  }

  /** Ends the input and gives the last record, if the text left one unfinished. */
  finish(): CsvRow | undefined {
    if (this.state === QUOTED) this.problem ??= `line ${this.recordLine}: a quoted field is not closed`;
    let row: CsvRow | undefined;
    if (this.state !== FIELD_START || this.fields.length > 0) {
      this.endField('');
      row = this.endRecord();
    }
    this.state = FIELD_START;
    return row;
  }

  private endField(tail: string): void {
    this.fields.push(this.field + tail);
    this.field = '';
    this.state = FIELD_START;
  }

  private endRecord(): CsvRow | undefined {
    const fields = this.fields;
    this.fields = [];
    // A blank line is one empty field: skip it.
    if (fields.length === 1 && fields[0] === '' && this.problem === undefined) return undefined;
    const row: CsvRow =
      this.problem === undefined
        ? { line: this.recordLine, fields }
        : { line: this.recordLine, fields, problem: this.problem };
    this.problem = undefined;
    return row;
  }
}

/**
 * Reads CSV records from a source, a batch of rows per chunk read, so the caller's per-row work is
 * not an `await` each. Memory holds one chunk and one batch.
 *
 * @example
 * ```ts
 * const response = await fetch('https://example.london/certificates.csv');
 * for await (const rows of csvRows(response.body!)) console.log(rows.length);
 * ```
 */
export async function* csvRows(source: CsvSource, signal?: AbortSignal): AsyncGenerator<CsvRow[]> {
  const parser = new CsvParser();
  for await (const text of csvText(source, signal)) {
    const rows: CsvRow[] = [];
    parser.push(text, rows);
    if (rows.length > 0) yield rows;
  }
  const rows: CsvRow[] = [];
  parser.end(rows);
  if (rows.length > 0) yield rows;
}

/** The text of a source, chunk by chunk: bytes decoded as UTF-8 (split characters joined), a BOM dropped. */
async function* csvText(source: CsvSource, signal: AbortSignal | undefined): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of chunksOf(source)) {
    signal?.throwIfAborted();
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    // TextDecoder drops a byte-order mark itself; text chunks may still carry one.
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.length > 0) first = false;
    yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/**
 * A CSV record keyed by its header.
 *
 * @example
 * ```ts
 * const record: CsvRecord = { line: 2, values: { 'lmk-key': '1', uprn: '34053831' } };
 * ```
 */
export interface CsvRecord {
  readonly line: number;
  readonly values: Record<string, string>;
  /** Why the record is not whole (wrong field count, bad quoting); absent when it is. */
  readonly problem?: string;
}

/** Header names that must never become object keys. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

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

/** Options of {@link csvRecords} and {@link eachCsvRecord}. */
export interface CsvRecordsOptions {
  /** How header names become keys (e.g. `LMK_KEY` to `lmk-key`); default: as written, trimmed. */
  readonly normaliseName?: (name: string) => string;
  /** Stops reading (and cancels a stream) when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * Turns rows into records keyed by the first row (the header): undefined for the header itself.
 * A record with more or fewer fields than the header keeps what it has and says so in `problem`.
 */
function recordMaker(normaliseName: (name: string) => string): {
  readonly header: () => string[] | undefined;
  readonly toRecord: (row: CsvRow) => CsvRecord | undefined;
} {
  let header: string[] | undefined;
  // Where each field goes (undefined: a name that must not become a key), and an object with every
  // key already in place: a copy of it takes all of a row's values without growing (adding 90 keys
  // one by one reallocates the object's property store dozens of times, most of a row's garbage).
  let keys: (string | undefined)[] = [];
  let template: Record<string, string> = {};
  const toRecord = (row: CsvRow): CsvRecord | undefined => {
    if (header === undefined) {
      header = row.fields.map((name) => normaliseName(name.trim()));
      keys = header.map((name) => (UNSAFE_KEYS.has(name) ? undefined : name));
      template = {};
      for (const key of keys) if (key !== undefined) template[key] = '';
      return undefined;
    }
    const count = Math.min(header.length, row.fields.length);
    const values: Record<string, string> = { ...template };
    // A short row lacks the keys it has no field for, as if they were never in the header.
    for (let i = count; i < keys.length; i++) {
      const key = keys[i];
      if (key !== undefined) delete values[key];
    }
    for (let i = 0; i < count; i++) {
      const key = keys[i];
      if (key !== undefined) values[key] = row.fields[i] as string;
    }
    const problem =
      row.problem ??
      (row.fields.length === header.length
        ? undefined
        : `line ${row.line}: ${row.fields.length} fields, the header has ${header.length}`);
    return problem === undefined ? { line: row.line, values } : { line: row.line, values, problem };
  };
  return { header: () => header, toRecord };
}

/**
 * Reads CSV records keyed by the first row (the header), one batch per chunk read. A record with
 * more or fewer fields than the header keeps what it has and says so in `problem`. Stopping early
 * cancels a stream, so a download does not run on.
 *
 * @example
 * ```ts
 * for await (const { header, records } of csvRecords(response.body, { normaliseName: (n) => n.toLowerCase() })) {
 *   for (const record of records) console.log(record.line, record.values);
 * }
 * ```
 */
export async function* csvRecords(
  source: CsvSource,
  options: CsvRecordsOptions = {},
): AsyncGenerator<CsvBatch> {
  const { header, toRecord } = recordMaker(options.normaliseName ?? ((name: string) => name));
  for await (const rows of csvRows(source, options.signal)) {
    const records: CsvRecord[] = [];
    for (const row of rows) {
      const record = toRecord(row);
      if (record !== undefined) records.push(record);
    }
    const names = header();
    if (names && records.length > 0) yield { header: names, records };
  }
}

/**
 * Reads CSV records keyed by the first row (the header) one at a time, each cut from the text only
 * when the one before has been dealt with: for bulk files whose per-row work allocates a lot (parse,
 * map, validate), so no chunk's worth of rows is alive while that work runs and memory stays low
 * without heap flags. Records are as {@link csvRecords} gives them.
 *
 * @example
 * ```ts
 * for await (const record of eachCsvRecord(response.body!, { normaliseName: (n) => n.toLowerCase() })) {
 *   save(record.line, record.values);
 * }
 * ```
 */
export async function* eachCsvRecord(
  source: CsvSource,
  options: CsvRecordsOptions = {},
): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  const { toRecord } = recordMaker(options.normaliseName ?? ((name: string) => name));
  for await (const text of csvText(source, options.signal)) {
    parser.feed(text);
    for (let row = parser.next(); row !== undefined; row = parser.next()) {
      const record = toRecord(row);
      if (record !== undefined) yield record;
    }
  }
  const last = parser.finish();
  const record = last === undefined ? undefined : toRecord(last);
  if (record !== undefined) yield record;
}

/** Chunks of a ReadableStream (read with a reader: not every browser iterates streams) or an iterable. */
async function* chunksOf(source: CsvSource): AsyncGenerator<string | Uint8Array> {
  if (isReadableStream(source)) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      // Stopping early (break, abort) cancels the stream so a download does not run on.
      void reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  } else {
    yield* source;
  }
}

function isReadableStream(source: CsvSource): source is ReadableStream<Uint8Array> {
  return typeof (source as ReadableStream<Uint8Array>).getReader === 'function';
}

/**
 * Whether a value can be read as a {@link CsvSource}.
 *
 * @example
 * ```ts
 * isCsvSource(new Blob(['a,b\n']).stream()); // true
 * isCsvSource(['a,b\n1,2\n']); // true
 * isCsvSource('a,b'); // false: pass [text] for a string
 * ```
 */
export function isCsvSource(value: unknown): value is CsvSource {
  if (typeof value !== 'object' || value === null) return false;
  return (
    typeof (value as ReadableStream).getReader === 'function' ||
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' ||
    typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function'
  );
}
