import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/ostn15-gb.ts'],
  format: 'esm',
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
