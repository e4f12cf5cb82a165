// `pnpm new-connector` writes a connector that passes CI as written: the scaffold runs into a
// throwaway copy of the connectors package (its package.json and live samples, with core and the
// dependencies linked in), and there its output is type-checked (tsc, strict), linted (biome),
// its generated tests run (vitest), and its live-check sample planned by the dry run.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyConnector } from '@ldn-twin/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLiveChecks } from '../packages/connectors/scripts/live/check.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const NAME = 'depot-finder';
let tmp: string;
let pkg: string;

/** Runs node; a failure's message holds what the command printed. */
function node(args: string[], cwd = repo): string {
  try {
    return execFileSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw Object.assign(new Error(`node ${args.join(' ')}:\n${stdout ?? ''}${stderr ?? ''}`), error);
  }
}
const scaffold = (...args: string[]) =>
  node(['scripts/new-connector.mjs', ...args, '--root', tmp, '--no-generate']);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ldn-twin-scaffold-'));
  pkg = join(tmp, 'packages', 'connectors');
  mkdirSync(join(pkg, 'scripts', 'live'), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(tmp, 'node_modules'));
  symlinkSync(join(repo, 'packages', 'core'), join(tmp, 'packages', 'core'));
  symlinkSync(join(repo, 'packages/connectors/node_modules'), join(pkg, 'node_modules'));
  cpSync(join(repo, 'tsconfig.base.json'), join(tmp, 'tsconfig.base.json'));
  cpSync(join(repo, 'packages/connectors/package.json'), join(pkg, 'package.json'));
  cpSync(join(repo, 'packages/connectors/scripts/live/samples.ts'), join(pkg, 'scripts/live/samples.ts'));
  scaffold(NAME, '--title', 'Depot Finder', '--base-url', 'https://depots.example.org/v1/');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('pnpm new-connector', () => {
  it('registers the subpath export and a live sample', () => {
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    expect(manifest.exports[`./${NAME}`]).toEqual({
      types: `./dist/${NAME}/index.d.ts`,
      default: `./dist/${NAME}/index.js`,
    });
    expect(Object.keys(manifest.exports).at(-1)).toBe('./package.json');
    const keys = Object.keys(manifest.exports).slice(0, -1);
    expect(keys).toEqual([...keys].sort());
  });

  it('type-checks strictly and lints clean', () => {
    const core = (path: string) => [`./packages/core/src/${path}`];
    const tsconfig = {
      extends: './tsconfig.base.json',
      compilerOptions: {
        noEmit: true,
        allowImportingTsExtensions: true,
        paths: {
          '@ldn-twin/core': core('index.ts'),
          '@ldn-twin/core/*': core('*.ts'),
          '@ldn-twin/connectors/*': ['./packages/connectors/src/*/index.ts'],
        },
      },
      include: ['packages/connectors/src', 'packages/connectors/test', 'packages/connectors/scripts'],
    };
    writeFileSync(join(tmp, 'tsconfig.json'), JSON.stringify(tsconfig));
    node([
      join(repo, 'node_modules/typescript-7/bin/tsc'),
      '-p',
      join(tmp, 'tsconfig.json'),
      '--singleThreaded',
    ]);
    node([
      join(repo, 'node_modules/@biomejs/biome/bin/biome'),
      'check',
      '--vcs-enabled=false',
      `--config-path=${repo}`,
      join(pkg, 'src'),
      join(pkg, 'test'),
      join(pkg, 'scripts'),
    ]);
  }, 180_000);

  it('writes tests that pass: the mapping and the connector test kit', () => {
    const alias = {
      '@ldn-twin/core/testing': join(repo, 'packages/core/src/testing.ts'),
      '@ldn-twin/core': join(repo, 'packages/core/src/index.ts'),
      [`@ldn-twin/connectors/${NAME}`]: join(pkg, `src/${NAME}/index.ts`),
    };
    writeFileSync(
      join(tmp, 'vitest.config.mjs'),
      `export default { resolve: { alias: ${JSON.stringify(alias)} }, test: { include: ['packages/connectors/test/**/*.test.ts'] } };\n`,
    );
    const vitest = join(repo, 'node_modules/vitest/vitest.mjs');
    node(
      [vitest, 'run', '--config', 'vitest.config.mjs', '--reporter=json', '--outputFile=report.json'],
      tmp,
    );
    const report = JSON.parse(readFileSync(join(tmp, 'report.json'), 'utf8')) as {
      numFailedTests: number;
      testResults: { name: string; assertionResults: { title: string; status: string }[] }[];
    };
    expect(report.testResults.map((r) => r.name.slice(pkg.length + 1)).sort()).toEqual([
      `test/${NAME}.kit.test.ts`,
      `test/${NAME}.test.ts`,
    ]);
    expect(report.numFailedTests).toBe(0);
    const passed = report.testResults.flatMap((r) =>
      r.assertionResults.filter((a) => a.status === 'passed').map((a) => a.title),
    );
    // The mapping, and the kit's conformance, faults and drift checks.
    for (const says of [
      'reports the item it cannot parse',
      'validateConnector',
      'every fault',
      'schema drift',
    ]) {
      expect(
        passed.some((title) => title.includes(says)),
        says,
      ).toBe(true);
    }
  }, 180_000);

  it('gives the live check a sample its dry run plans as one https request', async () => {
    const { liveSamples } = (await import(join(pkg, 'scripts/live/samples.ts'))) as {
      liveSamples: (now: number) => Parameters<typeof runLiveChecks>[0]['samples'];
    };
    const module = (await import(join(pkg, `src/${NAME}/index.ts`))) as Record<string, AnyConnector>;
    const connector = module.depotFinder!;
    const checks = await runLiveChecks({
      connectors: [connector],
      samples: liveSamples(Date.UTC(2026, 11, 7)),
      env: {},
      dryRun: true,
      fetch: () => Promise.reject(new Error('the dry run made a request')),
    });
    expect(checks.map((c) => [c.operation, c.status, c.requests.map((r) => r.url)])).toEqual([
      ['items', 'planned', ['https://depots.example.org/v1/items']],
    ]);
  });

  it('refuses a name that is taken or not kebab-case, in one line, with exit 1', () => {
    for (const [name, says] of [
      [NAME, `packages/connectors/src/${NAME} already exists`],
      ['Depot_Finder', 'is not a kebab-case name'],
      ['protocols', 'shared protocol folder'],
    ] as const) {
      let error: { status?: number; stderr?: string } = {};
      try {
        scaffold(name);
      } catch (e) {
        error = e as typeof error;
      }
      expect(error.status, name).toBe(1);
      expect(error.stderr?.trim().split('\n')).toEqual([expect.stringContaining(says)]);
    }
  });
});
