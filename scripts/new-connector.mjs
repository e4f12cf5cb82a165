// `pnpm new-connector NAME [--title TITLE] [--base-url URL]`: the scaffold of a connector that
// passes CI as written (CONTRIBUTING.md, "Add a connector"). From the templates in
// scripts/new-connector/ it writes, in packages/connectors:
//   src/NAME/{raw,map,index}.ts            schemas, mapping, the declarative connector
//   test/NAME.test.ts                      the mapping over msw
//   test/NAME.kit.test.ts                  the connector test kit (describeConnector: conformance,
//                                          every fault, drift noticed)
//   test/fixtures/NAME/{items.json,SOURCES.md}  a placeholder fixture, marked as one
//   docs/NAME.md                           the connector's page
// and registers it: the subpath export in package.json (tsup builds one entry per src folder), the
// live check's sample in scripts/live/samples.ts, the JSR manifest (scripts/jsr.mjs), the README
// catalogue (its test with REGEN=1) and a changeset. `--root DIR` scaffolds into a copy of the
// repository instead (the scaffold's own test); `--no-generate` leaves the manifest and catalogue.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

const fail = (message) => {
  console.error(`new-connector: ${message}`);
  process.exit(1);
};

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      'base-url': { type: 'string' },
      root: { type: 'string' },
      'no-generate': { type: 'boolean' },
    },
  });
} catch (error) {
  fail(error.message);
}
const { values, positionals } = parsed;
const name = positionals[0];
if (!name || positionals.length > 1) fail('usage: pnpm new-connector NAME [--title TITLE] [--base-url URL]');
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name))
  fail(`"${name}" is not a kebab-case name such as "my-service"`);
if (name === 'protocols') fail('"protocols" is the shared protocol folder, not a service');

const here = dirname(new URL(import.meta.url).pathname);
const root = values.root ?? join(here, '..');
const pkg = join(root, 'packages', 'connectors');
if (existsSync(join(pkg, 'src', name))) fail(`packages/connectors/src/${name} already exists`);

const camel = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = camel[0].toUpperCase() + camel.slice(1);
const title =
  values.title ??
  name
    .split('-')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
if (/['\\\n`$]/.test(title)) fail('--title may not hold quotes, backslashes, backticks or $');
const baseUrl = (values['base-url'] ?? `https://${name}.example.org/api`).replace(/\/+$/, '');
try {
  if (new URL(baseUrl).protocol !== 'https:') fail(`--base-url must be https: ${baseUrl}`);
} catch {
  fail(`--base-url is not a URL: ${baseUrl}`);
}

const templates = new URL('./new-connector/', import.meta.url);
const fill = (template) =>
  readFileSync(new URL(template, templates), 'utf8')
    .replaceAll('__NAME__', name)
    .replaceAll('__CAMEL__', camel)
    .replaceAll('__PASCAL__', pascal)
    .replaceAll('__TITLE__', title)
    .replaceAll('__BASE_URL__', baseUrl);
const files = {
  [`src/${name}/raw.ts`]: 'raw.ts.tmpl',
  [`src/${name}/map.ts`]: 'map.ts.tmpl',
  [`src/${name}/index.ts`]: 'index.ts.tmpl',
  [`test/${name}.test.ts`]: 'test.ts.tmpl',
  [`test/${name}.kit.test.ts`]: 'kit.test.ts.tmpl',
  [`test/fixtures/${name}/items.json`]: 'items.json.tmpl',
  [`test/fixtures/${name}/SOURCES.md`]: 'SOURCES.md.tmpl',
  [`docs/${name}.md`]: 'docs.md.tmpl',
};
for (const [path, template] of Object.entries(files)) {
  mkdirSync(dirname(join(pkg, path)), { recursive: true });
  writeFileSync(join(pkg, path), fill(template));
}
const changeset = join(root, '.changeset', `connectors-${name}.md`);
mkdirSync(dirname(changeset), { recursive: true });
writeFileSync(changeset, fill('changeset.md.tmpl'));

// The subpath export, in order, `./package.json` last.
const manifestPath = join(pkg, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const { './package.json': own, ...subpaths } = manifest.exports;
subpaths[`./${name}`] = { types: `./dist/${name}/index.d.ts`, default: `./dist/${name}/index.js` };
manifest.exports = Object.fromEntries(Object.entries(subpaths).sort(([a], [b]) => a.localeCompare(b)));
if (own) manifest.exports['./package.json'] = own;
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

// The live check's sample, in the order of the connectors' ids.
const samplesPath = join(pkg, 'scripts', 'live', 'samples.ts');
const samples = readFileSync(samplesPath, 'utf8').split('\n');
const key = /^[a-z_$][\w$]*$/i.test(name) ? name : `'${name}'`;
const entry = `    ${key}: { operations: { items: { params: {} } } },`;
const start = samples.findIndex((line) => line.startsWith('export function liveSamples('));
const end = samples.findIndex((line, i) => i > start && line === '  };');
if (start < 0 || end < 0) fail('scripts/live/samples.ts: liveSamples() not found');
const next = samples.findIndex((line, i) => {
  if (i <= start || i >= end) return false;
  const id = /^ {4}'?([a-z0-9-]+)'?: \{/.exec(line)?.[1];
  return id !== undefined && id.localeCompare(name) > 0;
});
samples.splice(next < 0 ? end : next, 0, entry);
writeFileSync(samplesPath, samples.join('\n'));

const run = (command, args, { cwd = root, env = {} } = {}) =>
  execFileSync(command, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
// The templates' lines are as long as the name makes them: the formatter lays them out.
const written = [...Object.keys(files).filter((path) => path.endsWith('.ts')), 'scripts/live/samples.ts'];
run(
  'pnpm',
  [
    'exec',
    'biome',
    'check',
    '--write',
    '--vcs-enabled=false',
    `--config-path=${join(here, '..', 'biome.json')}`,
    ...written.map((path) => join(pkg, path)),
  ],
  { cwd: join(here, '..') },
);

if (!values['no-generate']) {
  run('node', ['scripts/jsr.mjs']);
  const manifests = readdirSync(join(root, 'packages'))
    .map((dir) => `packages/${dir}/jsr.json`)
    .filter((path) => existsSync(join(root, path)));
  run('pnpm', ['exec', 'biome', 'format', '--write', ...manifests]);
  run('pnpm', ['exec', 'vitest', 'run', 'packages/connectors/test/catalogue.test.ts'], {
    env: { REGEN: '1' },
  });
}

console.log(`Scaffolded @ldn-twin/connectors/${name} (${camel}). Next:
  1. Record a real response and replace test/fixtures/${name}/items.json (write its origin in SOURCES.md).
  2. Write raw.ts from it, then map.ts and the connector's metadata, licence and sample (scripts/live/samples.ts).
  3. pnpm exec vitest run packages/connectors/test/${name}.test.ts packages/connectors/test/${name}.kit.test.ts
  4. Edit docs/${name}.md and .changeset/connectors-${name}.md; see CONTRIBUTING.md, "Add a connector".`);
