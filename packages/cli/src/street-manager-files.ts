/**
 * `--street-manager FILE|DIR`: Street Manager event messages saved as files (a JSON array or one
 * message per `.json` file, one message a line in `.ndjson` / `.jsonl`), parsed by the
 * street-manager connector into StreetWork records for digOnce. A message that cannot be read is
 * counted on stderr, not dropped in silence.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { streetManager } from '@ldn-twin/connectors/street-manager';
import { ConfigError, connect, type HttpClient, type TwinRecordOf } from '@ldn-twin/core';
import type { CliIo } from './cli.js';

const NDJSON = /\.(ndjson|jsonl)$/i;
const MESSAGES = /\.(json|ndjson|jsonl)$/i;

/**
 * The works in a file or in the message files of a directory (sorted by name).
 *
 * @example
 * ```ts
 * const works = await streetWorksFrom('permits/', client, io);
 * ```
 */
export async function streetWorksFrom(
  path: string,
  client: HttpClient,
  io: CliIo,
): Promise<TwinRecordOf<'StreetWork'>[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ConfigError(`--street-manager ${path}: no such file or directory`);
  const files = info.isDirectory()
    ? (await readdir(path))
        .filter((name) => MESSAGES.test(name))
        .sort()
        .map((name) => join(path, name))
    : [path];
  if (files.length === 0)
    throw new ConfigError(`--street-manager ${path}: no .json, .ndjson or .jsonl files in it`);
  const messages = connect(streetManager, { client });
  const works: TwinRecordOf<'StreetWork'>[] = [];
  let received = 0;
  let failed = 0;
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const stream = NDJSON.test(file)
      ? messages.parseNdjson({ source: text.split('\n') })
      : messages.parseJson({ text });
    for await (const work of stream) works.push(work);
    received += stream.report.received;
    failed += stream.report.failed;
  }
  if (failed > 0)
    io.stderr.write(`ldn-twin: ${failed} of ${received} Street Manager messages could not be read\n`);
  return works;
}
