import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per service folder (src/<service>/index.ts), so each connector is its own subpath export.
// Declarations come from tsc (emitDeclarationOnly, see tsconfig.json), much faster than bundling them.
const services = readdirSync('src', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`src/${entry.name}/index.ts`))
  .map((entry) => entry.name);

export default defineConfig({
  entry: Object.fromEntries(services.map((service) => [`${service}/index`, `src/${service}/index.ts`])),
  format: 'esm',
  clean: true,
  sourcemap: true,
  target: 'es2022',
});
