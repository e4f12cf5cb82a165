import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

// Declarations come from tsc (emitDeclarationOnly, see tsconfig.json), much faster than bundling them.
export default defineConfig({
  entry: ['src/index.ts', 'src/http.ts', 'src/har.ts', 'src/testing.ts'],
  format: 'esm',
  clean: true,
  sourcemap: true,
  target: 'es2022',
  define: { __LDN_TWIN_VERSION__: JSON.stringify(version) },
});
