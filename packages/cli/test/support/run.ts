/** Runs the CLI in-process with captured streams: its exit code, stdout and stderr. */
import { PassThrough } from 'node:stream';
import { main } from '@ldn-twin/cli';

export async function run(args: readonly string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const code = await main(args, { stdout, stderr, env });
  return { code, out, err };
}
