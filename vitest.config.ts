import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

// Tests run against the packages' sources, so a change is tested without a build first.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@ldn-twin\/core\/testing$/, replacement: src('core/src/testing.ts') },
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
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    exclude: ['**/*.live.test.ts', '**/node_modules/**'],
    restoreMocks: true,
  },
});
