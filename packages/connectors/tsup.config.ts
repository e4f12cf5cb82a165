import { defineConfig } from 'tsup';

// One entry per service folder, so each connector is its own subpath export.
export default defineConfig({
  entry: { 'planning-data/index': 'src/planning-data/index.ts' },
  format: 'esm',
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
