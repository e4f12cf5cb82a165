// The release, npm and JSR, through changesets. Versions come only from .changeset/*.md.
//   node scripts/release.mjs version    consume the changesets: bump versions, write each package's
//                                       CHANGELOG.md, regenerate the JSR manifests (commit the result
//                                       as "Version Packages")
//   node scripts/release.mjs publish    build, then publish every bumped package to npm (with
//                                       provenance, from CI) and the libraries to JSR
//   node scripts/release.mjs --dry-run  CI: the whole release in a copy of the tree, nothing uploaded:
//                                       changeset status, version, CHANGELOGs, `pnpm publish --dry-run`
//                                       per package, `deno publish --dry-run` on the JSR workspace
// The dry run needs the built packages (`dist`) and reaches the npm registry only for `deno publish`'s
// type check of npm dependencies (or uses Deno's cache).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { JSR_PACKAGES } from './jsr.mjs';

const root = new URL('..', import.meta.url).pathname;
const step = (what) => process.stderr.write(`-- ${what}\n`);
const sh = (cwd, command) =>
  execFileSync('bash', ['-c', `source '${root}/scripts/toolchain.sh' && ${command}`], {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
const json = (path) => JSON.parse(readFileSync(path, 'utf8'));
const publicPackages = (tree) =>
  readdirSync(join(tree, 'packages')).filter(
    (dir) => !json(join(tree, 'packages', dir, 'package.json')).private,
  );

/** Dependencies nothing in the package's source imports (peers of its own dependencies excepted). */
function unusedDependencies(tree) {
  const problems = [];
  for (const dir of publicPackages(tree)) {
    const pkg = json(join(tree, 'packages', dir, 'package.json'));
    const text = readdirSync(join(tree, 'packages', dir, 'src'), { recursive: true })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(tree, 'packages', dir, 'src', f), 'utf8'))
      .join('\n');
    // A command (bin) supplies the peers its libraries need (zod, geo) without importing them.
    const peersOfDeps = new Set(
      Object.keys(pkg.dependencies ?? {})
        .filter((d) => d.startsWith('@ldn-twin/'))
        .flatMap((d) =>
          Object.keys(json(join(tree, 'packages', d.slice(10), 'package.json')).peerDependencies ?? {}),
        ),
    );
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      const name = dep.startsWith('@types/') ? dep.slice(7) : dep;
      const imported = new RegExp(`from '${name}(?:/[^']*)?'|import\\('${name}`).test(text);
      if (!imported && !peersOfDeps.has(dep))
        problems.push(`${pkg.name}: dependency ${dep} is imported nowhere in src`);
    }
  }
  return problems;
}

function version(tree) {
  sh(tree, 'pnpm exec changeset version');
  sh(tree, 'node scripts/jsr.mjs && pnpm exec biome format --write packages/*/jsr.json');
}

function publish(tree, dryRun) {
  const flag = dryRun ? ' --dry-run' : '';
  for (const dir of publicPackages(tree)) {
    step(`pnpm publish${flag} ${dir}`);
    sh(join(tree, 'packages', dir), `pnpm publish --no-git-checks${flag}`);
  }
  step(`deno publish${flag} (${JSR_PACKAGES.join(', ')})`);
  // A Deno workspace of the JSR manifests, so our packages resolve to each other locally.
  const jsr = mkdtempSync(join(tmpdir(), 'ldn-twin-jsr-'));
  try {
    for (const name of JSR_PACKAGES) {
      const from = join(tree, 'packages', name);
      const manifest = json(join(from, 'jsr.json'));
      for (const entry of manifest.publish.include) {
        if (existsSync(join(from, entry)))
          cpSync(join(from, entry), join(jsr, name, entry), { recursive: true });
      }
      writeFileSync(join(jsr, name, 'deno.json'), JSON.stringify(manifest, null, 2));
    }
    writeFileSync(join(jsr, 'deno.json'), JSON.stringify({ workspace: JSR_PACKAGES.map((n) => `./${n}`) }));
    // Sources import ./x.js for ./x.ts (TypeScript's NodeNext convention); JSR rewrites them on publish.
    // Slow types allowed: the exported zod schemas (about 200) have inferred types by design.
    sh(jsr, `ldn_deno && deno publish --allow-dirty --sloppy-imports --allow-slow-types${flag}`);
  } finally {
    rmSync(jsr, { recursive: true, force: true });
  }
}

async function dryRun() {
  step('dependencies nothing imports');
  const unused = unusedDependencies(root);
  if (unused.length) throw new Error(unused.join('\n'));
  step('JSR manifests match package.json');
  sh(root, 'node scripts/jsr.mjs --check');
  step('changeset status');
  const status = join(mkdtempSync(join(tmpdir(), 'ldn-twin-status-')), 'status.json');
  sh(root, `pnpm exec changeset status --output='${status}'`);
  const plan = json(status).releases.filter((r) => r.type !== 'none');
  rmSync(dirname(status), { recursive: true, force: true });
  for (const r of plan) process.stderr.write(`   ${r.name} ${r.oldVersion} -> ${r.newVersion}\n`);

  // A copy of the tracked tree plus the built dist folders: versioning rewrites package.json files.
  const tree = mkdtempSync(join(tmpdir(), 'ldn-twin-release-'));
  try {
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((f) => f && existsSync(join(root, f)) && !f.startsWith('.toolchain'));
    for (const f of files) cpSync(join(root, f), join(tree, f), { recursive: true });
    for (const dir of publicPackages(root)) {
      const dist = join(root, 'packages', dir, 'dist');
      if (!existsSync(dist)) throw new Error(`packages/${dir}/dist is missing: build first`);
      cpSync(dist, join(tree, 'packages', dir, 'dist'), { recursive: true });
    }
    cpSync(join(root, 'node_modules'), join(tree, 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    step('changeset version (in a copy)');
    version(tree);
    const problems = [];
    for (const r of plan) {
      const dir = join(tree, 'packages', r.name.slice(10));
      const got = json(join(dir, 'package.json')).version;
      if (got !== r.newVersion) problems.push(`${r.name}: versioned ${got}, planned ${r.newVersion}`);
      const changelog = existsSync(join(dir, 'CHANGELOG.md'))
        ? readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')
        : '';
      if (!changelog.includes(`## ${r.newVersion}`))
        problems.push(`${r.name}: CHANGELOG.md has no ${r.newVersion}`);
    }
    if (readdirSync(join(tree, '.changeset')).some((f) => f.endsWith('.md') && f !== 'README.md')) {
      problems.push('changeset version left changesets unconsumed');
    }
    if (problems.length) throw new Error(problems.join('\n'));
    publish(tree, true);
    step('release dry run passed');
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

const mode = process.argv[2];
if (mode === '--dry-run') {
  try {
    await dryRun();
  } catch (error) {
    console.error(
      `release dry run failed: ${error.message.split('\n')[0].startsWith('Command failed') ? 'see above' : error.message}`,
    );
    process.exit(1);
  }
} else if (mode === 'version') version(root);
else if (mode === 'publish') {
  sh(root, "pnpm --filter './packages/*' run build");
  publish(root, false);
} else {
  console.error('usage: node scripts/release.mjs version|publish|--dry-run');
  process.exit(1);
}
