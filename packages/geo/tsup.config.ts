import { defineConfig } from 'tsup';

// One output module per source module (no bundling), so `sideEffects: false` lets an app's bundler
// drop every module it does not use: parsing WKT does not bring the borough boundaries or h3-js.
// No source maps: most of the bytes are generated data, and a map of it is of no use to anyone.
// Declarations come from tsc (emitDeclarationOnly, see tsconfig.json), much faster than bundling them.
export default defineConfig({
  entry: ['src/**/*.ts'],
  bundle: false,
  format: 'esm',
  clean: true,
  sourcemap: false,
  target: 'es2022',
});
