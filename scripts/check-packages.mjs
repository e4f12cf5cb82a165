// Checks the built, packed packages as users receive them: publint and Are the Types Wrong on each
// tarball, and one manifest shape for every published package (ESM only, types first in `exports`,
// no side effects, Node 22+, a licence). Run after `pnpm -r build`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.artifacts', 'packs');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const problems = [];
const packages = readdirSync(join(root, 'packages')).map((dir) => join(root, 'packages', dir));

for (const dir of packages) {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (manifest.private) continue;
  const name = manifest.name;
  const expect = (ok, message) => ok || problems.push(`${name}: ${message}`);
  expect(manifest.type === 'module', 'type must be "module" (ESM only)');
  expect(manifest.sideEffects === false, 'sideEffects must be false');
  expect(manifest.engines?.node === '>=22', 'engines.node must be ">=22"');
  expect(typeof manifest.license === 'string', 'needs a license');
  expect(!('main' in manifest) && !('module' in manifest), 'use exports only, no main/module');
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (typeof target === 'string') continue;
    expect(Object.keys(target)[0] === 'types', `exports["${subpath}"] must list types first`);
  }
  // Libraries share one zod and one core with the app (peers); a command (`bin`) brings its own.
  if (!manifest.bin) {
    for (const peer of ['zod', '@ldn-twin/core']) {
      expect(!manifest.dependencies?.[peer], `${peer} must be a peer dependency, not a dependency`);
    }
  }

  if (name === '@ldn-twin/connectors') {
    // One subpath export per service folder, no more, no less (protocols/ is shared code, not a service).
    const folders = readdirSync(join(dir, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'protocols')
      .map((entry) => `./${entry.name}`);
    const subpaths = Object.keys(manifest.exports).filter((key) => key !== './package.json');
    expect(
      folders.sort().join() === subpaths.sort().join(),
      `exports (${subpaths.join(', ')}) must be exactly the service folders (${folders.join(', ')})`,
    );
  }

  execFileSync('pnpm', ['pack', '--pack-destination', out], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

for (const tarball of readdirSync(out)) {
  const path = join(out, tarball);
  console.log(`\n-- ${tarball}`);
  try {
    execFileSync('pnpm', ['exec', 'publint', 'run', path, '--strict'], { cwd: root, stdio: 'inherit' });
  } catch {
    problems.push(`${tarball}: publint failed`);
  }
  try {
    execFileSync('pnpm', ['exec', 'attw', path, '--profile', 'esm-only', '--format', 'table-flipped'], {
      cwd: root,
      stdio: 'inherit',
    });
  } catch {
    problems.push(`${tarball}: Are the Types Wrong failed`);
  }
}

if (problems.length > 0) {
  console.error(`\nPackage checks failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('\nPackage checks passed.');
