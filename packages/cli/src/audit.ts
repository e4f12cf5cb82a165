/**
 * `ldn-twin audit verify` and `ldn-twin audit report`: the store's access log, checked and reported
 * for public oversight. Standalone, so the command table registers it in a few lines.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@ldn-twin/core';
import { accessReport, openStore, type Store, verifyAccessLog } from '@ldn-twin/store';

/** The options `audit` reads (as parsed by the CLI). */
export interface AuditOptions {
  /** `--store`: a folder or a `postgres://` URL. */
  readonly store?: string | boolean | string[] | undefined;
  /** `--head`: a head hash published earlier, verified against. */
  readonly head?: string | boolean | string[] | undefined;
  readonly from?: string | boolean | string[] | undefined;
  readonly to?: string | boolean | string[] | undefined;
  /** `--out DIR` (report): writes access-report.md, access-report.json and accesses.svg there. */
  readonly out?: string | boolean | string[] | undefined;
  /** `--format table|json` (report to stdout): Markdown or JSON. */
  readonly format?: string | boolean | string[] | undefined;
}

/** The exit code when the log fails verification (it was edited, cut or reordered). */
export const AUDIT_FAILED = 2;

const text = (value: AuditOptions[keyof AuditOptions], flag: string): string | undefined => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(`${flag}: give a value`);
  return value;
};

async function withStore<T>(options: AuditOptions, work: (store: Store) => Promise<T>): Promise<T> {
  const location = text(options.store, '--store');
  if (location === undefined) throw new ConfigError('audit: give --store (a folder or a postgres:// URL)');
  const store = await openStore(
    /^postgres(ql)?:\/\//.test(location) ? { url: location } : { path: location },
  );
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * Runs `audit verify` or `audit report` and returns the exit code: 0 done, {@link AUDIT_FAILED}
 * when `verify` finds the log tampered with.
 *
 * @throws ConfigError naming a missing or bad option.
 *
 * @example
 * ```ts
 * import { audit } from './audit.js';
 * process.exitCode = await audit(['verify'], { store: './london-store' }, process);
 * ```
 */
export async function audit(
  args: readonly string[],
  options: AuditOptions,
  io: { readonly stdout: NodeJS.WritableStream; readonly stderr: NodeJS.WritableStream },
): Promise<number> {
  const [action] = args;
  if (action === 'verify') {
    const head = text(options.head, '--head');
    const result = await withStore(options, (store) =>
      verifyAccessLog(store, head === undefined ? {} : { head }),
    );
    if (result.ok) {
      const entries = `${result.entries} ${result.entries === 1 ? 'entry' : 'entries'}`;
      io.stdout.write(`access log verifies: ${entries}; head ${result.head}\n`);
      return 0;
    }
    io.stderr.write(`ldn-twin: access log fails at entry ${result.at}: ${result.problem}\n`);
    return AUDIT_FAILED;
  }
  if (action === 'report') {
    const from = text(options.from, '--from');
    const to = text(options.to, '--to');
    if (from === undefined || to === undefined)
      throw new ConfigError('audit report needs --from DATE --to DATE');
    const head = text(options.head, '--head');
    const format = text(options.format, '--format') ?? 'table';
    if (format !== 'table' && format !== 'json')
      throw new ConfigError(`--format ${format}: audit report writes table (Markdown) or json`);
    const { report, markdown, svg } = await withStore(options, (store) =>
      accessReport(store, { from, to, ...(head === undefined ? {} : { head }) }),
    );
    const json = `${JSON.stringify(report, null, 2)}\n`;
    const out = text(options.out, '--out');
    if (out === undefined) io.stdout.write(format === 'json' ? json : markdown);
    else {
      await mkdir(out, { recursive: true });
      const files = { 'access-report.md': markdown, 'access-report.json': json, 'accesses.svg': svg };
      for (const [name, content] of Object.entries(files)) await writeFile(join(out, name), content);
      io.stdout.write(
        `wrote ${Object.keys(files)
          .map((name) => join(out, name))
          .join(', ')}\n`,
      );
    }
    return report.log.ok ? 0 : AUDIT_FAILED;
  }
  throw new ConfigError(
    `${action === undefined ? 'audit' : `audit ${action}`}: use audit verify or audit report --from DATE --to DATE`,
  );
}
