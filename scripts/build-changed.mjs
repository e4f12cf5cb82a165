// Builds only the packages whose build inputs changed since their last build by this script, and
// the packages that depend on them (`npm run demo` runs it; CI always builds everything).
//
// A package's inputs are its src/, package.json, tsup.config.ts and tsconfig.json, the shared
// tsconfig.base.json and the lockfile, and the input hashes of the workspace packages it depends
// on. After a successful build the hash is kept in node_modules/.cache/ldn-twin-build/ (outside
// dist/, so it is never packed); a package is skipped while its hash is unchanged and dist/ exists.
//   node scripts/build-changed.mjs
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const cache = join(root, 'node_modules', '.cache', 'ldn-twin-build');
const SHARED = ['tsconfig.base.json', 'pnpm-lock.yaml'].map((file) => join(root, file));
const OWN = ['package.json', 'tsup.config.ts', 'tsconfig.json'];

/** Every file under `dir`, sorted, so the hash does not depend on the order the disk lists them. */
function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const packages = new Map();
for (const dir of readdirSync(join(root, 'packages'))) {
  const path = join(root, 'packages', dir);
  const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
  if (!manifest.scripts?.build) continue;
  const deps = Object.keys({
    ...manifest.dependencies,
    ...manifest.peerDependencies,
    ...manifest.devDependencies,
  });
  packages.set(manifest.name, { dir: path, deps: deps.filter((dep) => dep.startsWith('@ldn-twin/')) });
}

const hashes = new Map();
function hashOf(name) {
  const known = hashes.get(name);
  if (known) return known;
  const { dir, deps } = packages.get(name);
  const hash = createHash('sha256');
  const own = OWN.map((file) => join(dir, file)).filter(existsSync);
  for (const file of [...SHARED, ...own, ...filesUnder(join(dir, 'src'))]) {
    hash
      .update(`${relative(root, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  }
  for (const dep of deps.filter((dep) => packages.has(dep)).sort()) hash.update(`${dep}\0${hashOf(dep)}\0`);
  const digest = hash.digest('hex');
  hashes.set(name, digest);
  return digest;
}

const stampOf = (name) => join(cache, `${name.replace('/', '__')}.sha256`);
const stale = [...packages.keys()].filter((name) => {
  const stamp = stampOf(name);
  const built = existsSync(join(packages.get(name).dir, 'dist'));
  return !built || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== hashOf(name);
});

if (stale.length === 0) {
  console.log('build: every package is up to date');
} else {
  console.log(`build: ${stale.join(', ')}`);
  mkdirSync(cache, { recursive: true });
  for (const name of stale) rmSync(stampOf(name), { force: true });
  // pnpm orders the builds by their dependencies and runs the independent ones together.
  const filters = stale.flatMap((name) => ['--filter', name]);
  execFileSync('pnpm', [...filters, '--reporter-hide-prefix', 'run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const name of stale) writeFileSync(stampOf(name), hashOf(name));
}
