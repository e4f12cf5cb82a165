// JSR manifests (packages/<name>/jsr.json), derived from each package.json so the two never drift:
// same name and version, one JSR export per npm export (the TypeScript source behind it), and an
// import map naming each dependency and peer as `npm:` (third-party) or `jsr:` (our own packages).
// The CLI is published to npm only (a command, run under Deno as `npm:@ldn-twin/cli`).
//   node scripts/jsr.mjs          writes the manifests
//   node scripts/jsr.mjs --check  fails when a committed manifest differs from what it would write
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
export const JSR_PACKAGES = ['core', 'geo', 'connectors', 'questions'];

/** Where an npm export's built file comes from in src (dist/x/index.js -> src/x/index.ts). */
function sourceOf(dir, target) {
  const built = typeof target === 'string' ? target : target.default;
  if (!built.startsWith('./dist/')) return built;
  const source = built.replace(/^\.\/dist\//, './src/').replace(/\.js$/, '.ts');
  if (!existsSync(join(dir, source))) throw new Error(`${dir}: no source ${source} for export ${built}`);
  return source;
}

export function manifestOf(name) {
  const dir = join(root, 'packages', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const exports = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (subpath === './package.json' || subpath.endsWith('.json')) continue;
    exports[subpath] = sourceOf(dir, target);
  }
  const imports = {};
  for (const [dep, range] of Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies })) {
    if (dep.startsWith('@ldn-twin/')) {
      const version = JSON.parse(
        readFileSync(join(root, 'packages', dep.slice(10), 'package.json'), 'utf8'),
      ).version;
      imports[dep] = `jsr:${dep}@^${version}`;
    } else if (dep.startsWith('@types/')) {
      imports[dep.slice(7)] = `npm:${dep}@${range}`;
    } else {
      imports[dep] = `npm:${dep}@${range}`;
    }
  }
  const include = ['src', 'README.md', 'LICENSE', ...(pkg.files ?? []).filter((f) => f !== 'dist')];
  return {
    $comment: 'Generated from package.json by scripts/jsr.mjs; do not edit.',
    name: pkg.name,
    version: pkg.version,
    license: pkg.license,
    exports,
    imports,
    publish: { include, exclude: ['src/**/*.test.ts'] },
  };
}

function main() {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const name of JSR_PACKAGES) {
    const path = join(root, 'packages', name, 'jsr.json');
    const text = `${JSON.stringify(manifestOf(name), null, 2)}\n`;
    if (!check) writeFileSync(path, text);
    // Compared as data: the formatter may lay the committed file out differently.
    else if (
      !existsSync(path) ||
      JSON.stringify(JSON.parse(readFileSync(path, 'utf8'))) !== JSON.stringify(JSON.parse(text))
    )
      stale.push(path.replace(root, ''));
  }
  if (stale.length) {
    console.error(`JSR manifests out of date (run node scripts/jsr.mjs): ${stale.join(', ')}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
