/**
 * `ldn-twin import epc FILE`: a bulk EPC certificates CSV (the v1 register's or the replacement's
 * format) streamed through the epc connector with flat memory, records written as they map, and a
 * progress bar on stderr when it is a terminal (bytes read of the file's size).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { epc } from '@ldn-twin/connectors/epc';
import { ConfigError, connect, type HttpClient } from '@ldn-twin/core';
import type { CliIo } from './cli.js';
import { type Format, recordLines } from './output.js';

/**
 * What {@link importEpc} needs from the command line.
 *
 * @example
 * ```ts
 * const options: ImportEpcOptions = { path: 'certificates.csv', type: 'domestic', client, format: 'ndjson', write, io };
 * ```
 */
export interface ImportEpcOptions {
  readonly path: string;
  readonly type: 'domestic' | 'non-domestic';
  readonly client: HttpClient;
  readonly format: Format;
  readonly write: (lines: AsyncIterable<string>) => Promise<void>;
  readonly io: CliIo;
}

const BAR = 30;

/**
 * Imports one bulk file; gives how many rows could not be mapped (each is a reported issue).
 *
 * @example
 * ```ts
 * const failed = await importEpc({ path: 'certificates.csv', type: 'domestic', client, format: 'ndjson', write, io });
 * ```
 */
export async function importEpc(options: ImportEpcOptions): Promise<{ mapped: number; failed: number }> {
  const { path, io } = options;
  const size = await stat(path).then(
    (s) => (s.isFile() ? s.size : undefined),
    () => undefined,
  );
  if (size === undefined) throw new ConfigError(`import epc: ${path} is not a file`);
  let read = 0;
  let shown = -1;
  const draw = (mapped: number, final = false) => {
    if (!io.stderr.isTTY) return;
    const percent = size === 0 ? 100 : Math.floor((read / size) * 100);
    // Redrawn when the percentage moves (not per chunk), and once at the end with the final count.
    if (percent === shown && !final) return;
    shown = percent;
    const filled = Math.round((percent / 100) * BAR);
    io.stderr.write(
      `\rimport epc [${'#'.repeat(filled)}${'-'.repeat(BAR - filled)}] ${String(percent).padStart(3)}% ${mapped.toLocaleString('en-GB')} records`,
    );
  };
  const file = createReadStream(path);
  let stream: ReturnType<ReturnType<typeof connect<typeof epc>>['importCsv']> | undefined;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of file as AsyncIterable<Buffer>) {
      read += chunk.length;
      draw(stream?.report.mapped ?? 0);
      yield chunk;
    }
  }
  const register = connect(epc, { client: options.client });
  stream = register.importCsv({ type: options.type, csv: counted() });
  await options.write(recordLines(stream, options.format));
  draw(stream.report.mapped, true);
  const { mapped, failed, received } = stream.report;
  io.stderr.write(
    `${io.stderr.isTTY ? '\n' : ''}ldn-twin: imported ${mapped} of ${received} certificates from ${path}${failed > 0 ? `; ${failed} rows could not be mapped` : ''}\n`,
  );
  return { mapped, failed };
}
