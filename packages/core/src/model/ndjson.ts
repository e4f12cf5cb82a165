/**
 * Records as NDJSON (newline-delimited JSON): one record a line, written and read as a stream so
 * memory stays flat however many records flow.
 */
import { SchemaError } from '../errors.js';
import { type PolicyTerms, permittedBy } from '../policy/evaluate.js';
import { type TwinRecord, TwinRecordSchema } from './record.js';
import { PUBLIC_AUDIENCE } from './trust.js';

/**
 * Writes records as NDJSON, one line (with its `\n`) per record, as they arrive. An export leaves
 * the app, so only records whose policies permit `distribute` to `terms.party` are written
 * (default: the public); the others are told to `terms.onReport`.
 *
 * @example
 * ```ts
 * import { toNdjson } from '@ldn-twin/core';
 * for await (const line of toNdjson(connectorStream)) process.stdout.write(line);
 * const party = { clearance: 'official', organisation: 'tfl', purpose: 'street-works-planning' } as const;
 * for await (const line of toNdjson(records, { terms: { party } })) process.stdout.write(line);
 * ```
 */
export async function* toNdjson(
  records: Iterable<TwinRecord> | AsyncIterable<TwinRecord>,
  options: { readonly terms?: PolicyTerms } = {},
): AsyncGenerator<string, void, undefined> {
  const permitted = permittedBy('distribute', options.terms ?? { party: PUBLIC_AUDIENCE });
  for await (const record of records) if (permitted(record)) yield `${JSON.stringify(record)}\n`;
}

/**
 * Reads NDJSON text (whole, or in chunks split anywhere) and yields validated records. Blank lines
 * are skipped.
 *
 * @throws SchemaError naming the line of the first line that is not JSON or not a valid record.
 *
 * @example
 * ```ts
 * import { parseNdjson } from '@ldn-twin/core';
 * const chunks = response.body!.pipeThrough(new TextDecoderStream());
 * for await (const record of parseNdjson(chunks)) console.info(record.id);
 * ```
 */
export async function* parseNdjson(
  chunks: string | Iterable<string> | AsyncIterable<string>,
): AsyncGenerator<TwinRecord, void, undefined> {
  let buffer = '';
  let lineNumber = 0;
  const parseLine = (line: string): TwinRecord | undefined => {
    lineNumber += 1;
    if (line.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new SchemaError(
        `NDJSON line ${lineNumber}`,
        [{ code: 'custom', path: [], message: 'not JSON', input: line }],
        line,
      );
    }
    const result = TwinRecordSchema.safeParse(value);
    if (!result.success) throw new SchemaError(`NDJSON line ${lineNumber}`, result.error.issues, value);
    return result.data;
  };
  for await (const chunk of typeof chunks === 'string' ? [chunks] : chunks) {
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const record = parseLine(buffer.slice(0, newline));
      buffer = buffer.slice(newline + 1);
      if (record !== undefined) yield record;
      newline = buffer.indexOf('\n');
    }
  }
  const last = parseLine(buffer);
  if (last !== undefined) yield last;
}
