import { defineConfig } from 'tsup';

// Declarations come from tsc (emitDeclarationOnly, see tsconfig.json), much faster than bundling them.
export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
