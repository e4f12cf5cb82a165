// `pnpm live`: one real request per operation of every connector, its response checked against the
// connector's raw zod schemas, and a drift report written (JSON and Markdown). Never part of the
// tests: it is how a maintainer learns that a service changed, and how new recordings are made.
//
//   pnpm live                     run every operation live (keys from the environment, skipped when absent)
//   pnpm live --dry-run           make no request: list every request it would make, and which key it carries
//   pnpm live --record DIR        also write each operation's exchange as DIR/<connector>.<operation>.har, keys redacted
//   pnpm live --only tfl[.lineStatus]   one connector, or one operation
//   pnpm live --out DIR           where the report goes (default .artifacts/live)
//
// Runs the built packages (`pnpm build` first). Exit 1 when any operation drifted or failed (not in
// a dry run, which only plans).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AnyConnector } from '@ldn-twin/core';
import { stringifyHar } from '@ldn-twin/core/har';
import { reportMarkdown, runLiveChecks } from './live/check.ts';
import { liveSamples } from './live/samples.ts';

const options = {
  'dry-run': { type: 'boolean', default: false },
  record: { type: 'string' },
  only: { type: 'string' },
  out: { type: 'string', default: '.artifacts/live' },
} as const;
const values = (() => {
  try {
    return parseArgs({ options }).values;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();
const dryRun = values['dry-run'];
if (dryRun && values.record) fail('--record needs live requests: leave out --dry-run');

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, unknown>;
};
const isConnector = (value: unknown): value is AnyConnector =>
  typeof value === 'object' && value !== null && 'operations' in value && 'id' in value && 'auth' in value;

// Every connector the package exports, so a new connector or operation is checked without listing it here.
const connectors: AnyConnector[] = [];
for (const subpath of Object.keys(manifest.exports).filter((s) => s !== './package.json')) {
  const module = (await import(`@ldn-twin/connectors/${subpath.slice(2)}`).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') fail('pnpm live runs the built packages: run `pnpm build` first');
    throw error;
  })) as Record<string, unknown>;
  for (const value of Object.values(module)) {
    if (isConnector(value) && !connectors.some((c) => c.id === value.id)) connectors.push(value);
  }
}

const record = values.record ? resolve(values.record) : undefined;
if (record) mkdirSync(record, { recursive: true });
const at = new Date().toISOString();
const checks = await runLiveChecks({
  connectors,
  samples: liveSamples(Date.now()),
  env: process.env,
  dryRun,
  ...(values.only ? { only: values.only } : {}),
  ...(record
    ? {
        record: (connector: string, operation: string, archive) =>
          writeFileSync(join(record, `${connector}.${operation}.har`), stringifyHar(archive)),
      }
    : {}),
});

if (values.only && checks.length === 0) fail(`--only ${values.only}: no connector or operation has that id`);

const out = resolve(values.out);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'live-report.json'), `${JSON.stringify({ at, dryRun, checks }, null, 2)}\n`);
writeFileSync(join(out, 'live-report.md'), reportMarkdown(checks, { dryRun, at }));

for (const c of checks) {
  const lines = c.requests.length > 0 ? c.requests : [undefined];
  for (const r of lines) {
    const request = r ? `${r.method} ${r.url}${r.keys.length > 0 ? `  [${r.keys.join(', ')}]` : ''}` : '';
    const note = [c.reason, c.missingKeys.length > 0 ? `not set: ${c.missingKeys.join(', ')}` : undefined]
      .filter(Boolean)
      .join('; ');
    process.stdout.write(
      `${c.status.padEnd(9)} ${c.connector}.${c.operation}  ${request}${note ? `  (${note})` : ''}\n`,
    );
  }
}
process.stdout.write(`\n${checks.length} operations; report: ${join(out, 'live-report.md')}\n`);
if (!dryRun && checks.some((c) => c.status === 'drift' || c.status === 'failed')) process.exitCode = 1;

function fail(message: string): never {
  process.stderr.write(`pnpm live: ${message}\n`);
  process.exit(1);
}
