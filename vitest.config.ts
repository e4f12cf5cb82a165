import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

/** The tests that run the built packages rather than their sources. */
const BUILT = ['packages/cli/test/bin.test.ts', 'examples/*/test/**/*.test.ts'];
/**
 * Tests that share one module graph per worker (`isolate: false`, project `units`): they hold no state
 * between files (timers, msw servers and mocks are restored by each file), so importing core, zod and
 * the connectors once per worker rather than once per file halves their CPU time. The store's, the
 * CLI's, the questions' and the root tests keep a fresh module graph per file (project `source`).
 */
const UNITS = [
  'packages/core/test/**/*.test.ts',
  'packages/geo/test/**/*.test.ts',
  'packages/connectors/test/**/*.test.ts',
];

// Tests run against the packages' sources, so a change is tested without a build first.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@ldn-twin\/core\/(http|har|testing)$/, replacement: src('core/src/$1.ts') },
      { find: /^@ldn-twin\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@ldn-twin\/geo\/(.+)$/, replacement: src('geo/src/$1.ts') },
      { find: /^@ldn-twin\/geo$/, replacement: src('geo/src/index.ts') },
      { find: /^@ldn-twin\/connectors\/(.+)$/, replacement: src('connectors/src/$1/index.ts') },
      { find: /^@ldn-twin\/questions$/, replacement: src('questions/src/index.ts') },
      { find: /^@ldn-twin\/store$/, replacement: src('store/src/index.ts') },
      { find: /^@ldn-twin\/cli$/, replacement: src('cli/src/index.ts') },
    ],
  },
  test: {
    exclude: ['**/*.live.test.ts', '**/node_modules/**'],
    restoreMocks: true,
    // One worker per core. Vitest 5.1's default in a run is one fewer (its docs say all of them), which
    // on a 2-core machine ran the files strictly one at a time.
    maxWorkers: availableParallelism(),
    // `npm test` runs these beside the type-check, the build and the built-package checks, so a test
    // gets a fraction of a core: a timeout here catches a hang, it is no speed check (benchmarks are).
    testTimeout: 20_000,
    // `units` and `source` tests need no build, so they run while the packages build (scripts/ldn.sh);
    // `built` ones run the built packages (the CLI binary, the examples) and wait for the build.
    projects: [
      { test: { name: 'units', include: [...UNITS], isolate: false } },
      {
        test: {
          name: 'source',
          // One empty embedded store per run, copied by the store and CLI tests (PostGIS made once).
          globalSetup: ['packages/store/test/support/store-template.ts'],
          include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...BUILT, ...UNITS],
        },
      },
      { test: { name: 'built', include: [...BUILT] } },
    ],
  },
});
