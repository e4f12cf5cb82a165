import { defineConfig } from 'tsup';

// One output module per source module (no bundling), so `sideEffects: false` lets an app's bundler
// drop every module it does not use: parsing WKT does not bring the borough boundaries or h3-js.
// No source maps: most of the bytes are generated data, and a map of it is of no use to anyone.
export default defineConfig({
  entry: ['src/**/*.ts'],
  bundle: false,
  format: 'esm',
  dts: { entry: ['src/index.ts', 'src/ostn15-gb.ts'] },
  clean: true,
  sourcemap: false,
  target: 'es2022',
});
