// Bundle budgets: what a browser app pays, gzipped, for one import. Each entry is a tiny program
// bundled by esbuild for the browser from the built packages (`dist`, resolved through their
// `exports` and `sideEffects: false`, as a user's bundler would), minified, then gzipped. Fails when an
// entry is over its budget or when any bundle would pull in a `node:` builtin. Run after the build.
//   node scripts/bundle-budgets.mjs           check and print the table
//   node scripts/bundle-budgets.mjs --json    also write .artifacts/bundle-budgets.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const KB = 1024;

/** One tiny program per budget; `use` keeps the import alive through minification. */
export const BUDGETS = [
  {
    name: 'parseWkt',
    budget: 5 * KB,
    code: `import { parseWkt } from '@ldn-twin/geo'; use(parseWkt('POINT (1 2)'));`,
  },
  {
    name: 'wgs84ToBng',
    budget: 20 * KB,
    code: `import { wgs84ToBng } from '@ldn-twin/geo'; use(wgs84ToBng(-0.1, 51.5));`,
  },
  {
    name: 'boroughAt',
    budget: 150 * KB,
    code: `import { boroughAt } from '@ldn-twin/geo'; use(boroughAt(-0.1, 51.5));`,
  },
  {
    name: 'core + planning-data',
    budget: 130 * KB,
    code: `import { connect } from '@ldn-twin/core';
import { planningData } from '@ldn-twin/connectors/planning-data';
use(connect(planningData, {}));`,
  },
  {
    name: 'restrictionsAt',
    // Issue 20's goal was 200 KB (199.6 KB before questions read from a store). Reading the local
    // plan's layers and recent applications from a store adds 5.2 KB: their coverage checks (a synced
    // circle holding the site's) measure geodesic distance, which brings geodesy's Vincenty (3.9 KB of
    // it). planning.data's validation fast path (issue 21) adds 0.8 KB. Getting back under 200 KB
    // means loading the store reading only when a store is given, in every question (open work).
    budget: 206 * KB,
    code: `import { restrictionsAt } from '@ldn-twin/questions'; use(restrictionsAt);`,
  },
];

const FORBIDDEN_IN = { 'core + planning-data': [/^h3-js/, /^@turf\//], parseWkt: [/^h3-js/, /^@turf\//] };

export async function measure(entry) {
  const found = [];
  const result = await build({
    stdin: {
      contents: `const use = (...xs) => { globalThis.__keep = xs; };\n${entry.code}`,
      resolveDir: join(root, 'packages/questions'),
      loader: 'js',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // The questions package sees every workspace package, as an app depending on all of them would.
    nodePaths: [join(root, 'packages/questions/node_modules')],
    plugins: [
      {
        name: 'record-node-builtins',
        setup(b) {
          b.onResolve({ filter: /^node:/ }, (args) => {
            found.push(`${args.path} (from ${args.importer.replace(root, '')})`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  const bytes = result.outputFiles[0].contents;
  // Modules that put bytes in the output (the metafile also lists modules tree-shaken away).
  const output = Object.values(result.metafile.outputs)[0];
  const kept = Object.entries(output.inputs)
    .filter(([, i]) => i.bytesInOutput > 0)
    .map(([p]) => p);
  const inputs = kept.map((p) => p.replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, ''));
  const packages = [
    ...new Set(inputs.map((p) => (p.startsWith('@') ? p.split('/').slice(0, 2).join('/') : p.split('/')[0]))),
  ];
  return { gzip: gzipSync(bytes, { level: 9 }).length, raw: bytes.length, nodeBuiltins: found, packages };
}

async function main() {
  const rows = [];
  const failures = [];
  for (const entry of BUDGETS) {
    const m = await measure(entry);
    rows.push({
      entry: entry.name,
      gzipKB: +(m.gzip / KB).toFixed(1),
      budgetKB: entry.budget / KB,
      rawKB: +(m.raw / KB).toFixed(1),
    });
    if (m.gzip > entry.budget)
      failures.push(`${entry.name}: ${(m.gzip / KB).toFixed(1)} KB gzipped, budget ${entry.budget / KB} KB`);
    for (const b of m.nodeBuiltins) failures.push(`${entry.name}: browser bundle imports ${b}`);
    for (const re of FORBIDDEN_IN[entry.name] ?? []) {
      for (const p of m.packages.filter((p) => re.test(p))) failures.push(`${entry.name}: pulls in ${p}`);
    }
    if (process.env.BUNDLE_BUDGETS_VERBOSE) console.log(entry.name, m.packages.join(' '));
  }
  console.table(rows);
  if (process.argv.includes('--json')) {
    mkdirSync(join(root, '.artifacts'), { recursive: true });
    writeFileSync(join(root, '.artifacts/bundle-budgets.json'), `${JSON.stringify(rows, null, 2)}\n`);
  }
  if (failures.length) {
    console.error(`bundle budgets failed:\n  ${failures.join('\n  ')}`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
