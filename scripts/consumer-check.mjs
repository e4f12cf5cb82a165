// The consumer check: the packages as a new user gets them. Packs every published package, installs
// the tarballs into a fresh project outside the monorepo with plain npm (third-party dependencies from
// the registry, or npm's cache), then takes scripts/consumer/program.ts through
//   TypeScript 7's tsc under `nodenext` and `bundler` (strict, exactOptionalPropertyTypes, skipLibCheck off),
//   Node (type stripping), Deno 2 (npm packages from the project's node_modules),
//   esbuild for the browser (failing on any node: builtin), and runs that bundle.
// Run after the build: `node scripts/consumer-check.mjs` (KEEP=1 keeps the temp project).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const project = mkdtempSync(join(tmpdir(), 'ldn-twin-consumer-'));
const packs = join(project, 'packs');
mkdirSync(packs);
const step = (what) => process.stderr.write(`-- ${what}\n`);
const run = (cmd, args, options = {}) =>
  execFileSync(cmd, args, { cwd: project, stdio: ['ignore', 'inherit', 'inherit'], ...options });

try {
  step('pack');
  const dependencies = {};
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const before = new Set(readdirSync(packs));
    execFileSync('pnpm', ['pack', '--pack-destination', packs], {
      cwd: join(root, 'packages', dir),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const tarball = readdirSync(packs).find((f) => !before.has(f));
    dependencies[manifest.name] = `file:packs/${tarball}`;
  }
  // The one peer every package shares, at the version the repo builds against.
  const core = JSON.parse(readFileSync(join(root, 'packages/core/package.json'), 'utf8'));
  dependencies.zod = core.devDependencies.zod;
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies }, null, 2)}\n`,
  );

  step(`npm install (${project})`);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);

  copyFileSync(join(root, 'scripts/consumer/program.ts'), join(project, 'program.ts'));
  // TypeScript 7's tsc, single-threaded (the cores are busy with the rest of the test command; one
  // thread checks this in less CPU time than several). TypeScript 6 stays for the tools that need its
  // compiler API.
  const tsc = join(root, 'node_modules/typescript-7/bin/tsc');
  const strict = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
    target: 'ES2023',
    lib: ['ES2023', 'DOM'],
    types: [],
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
  };
  for (const [name, settings] of [
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['bundler', { module: 'preserve', moduleResolution: 'bundler' }],
  ]) {
    step(`tsc --module ${settings.module} --moduleResolution ${settings.moduleResolution}`);
    writeFileSync(
      join(project, `tsconfig.${name}.json`),
      JSON.stringify({ compilerOptions: { ...strict, ...settings }, files: ['program.ts'] }),
    );
    run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`, '--singleThreaded']);
  }

  step('node program.ts');
  run(process.execPath, ['--disable-warning=ExperimentalWarning', 'program.ts']);

  step('deno run program.ts');
  run('bash', [
    '-c',
    `source '${root}/scripts/toolchain.sh' && ldn_deno && deno run --node-modules-dir=manual --allow-read --allow-env program.ts`,
  ]);

  step('esbuild --platform=browser, then run the bundle');
  const builtins = [];
  await build({
    entryPoints: [join(project, 'program.ts')],
    absWorkingDir: project,
    outfile: join(project, 'bundle.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    plugins: [
      {
        name: 'no-node-builtins',
        setup(b) {
          b.onResolve({ filter: /^node:/ }, (args) => {
            builtins.push(`${args.path} (from ${args.importer.replace(project, '')})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  if (builtins.length) throw new Error(`the browser bundle imports Node builtins: ${builtins.join(', ')}`);
  run(process.execPath, ['bundle.js']);

  const cli = dependencies['@ldn-twin/cli'];
  if (cli) {
    step('ldn-twin --help (the installed command)');
    run(join(project, 'node_modules/.bin/ldn-twin'), ['--help'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  step('consumer check passed');
} finally {
  if (process.env.KEEP) process.stderr.write(`kept ${project}\n`);
  else rmSync(project, { recursive: true, force: true });
}
