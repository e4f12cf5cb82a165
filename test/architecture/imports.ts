// Reads the layers of ldn-twin from layers.json and checks imports against them: which package may
// import which (its own tests and scripts included), and inside the connectors package which service
// or protocol folder may import which. Pure functions over (file, specifier) pairs, so the rule can be
// tested on a synthetic import as well as run over the repository.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';

/** The checked-in description of the layers. */
export interface Layers {
  readonly packages: Readonly<Record<string, readonly string[]>>;
  readonly examples: readonly string[];
  readonly connectors: { readonly protocolsFolder: string; readonly protocols: readonly string[] };
  readonly pending: Readonly<Record<string, string>>;
}

/** One import that breaks a rule. */
export interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly rule: string;
}

/** Where a repository path sits: a package (and inside connectors/src, a folder), or an example. */
interface Place {
  readonly owner: string;
  readonly folder?: string;
}

const PACKAGE_NAME = /^@ldn-twin\/([^/]+)/;

function placeOf(path: string, layers: Layers): Place | undefined {
  const parts = path.split('/');
  if (parts[0] === 'examples') return { owner: 'examples' };
  if (parts[0] !== 'packages' || parts[1] === undefined) return undefined;
  const owner = parts[1];
  if (owner === 'connectors' && parts[2] === 'src' && parts.length > 4) {
    const folder = parts[3] === layers.connectors.protocolsFolder ? `${parts[3]}/${parts[4]}` : parts[3];
    return { owner, folder };
  }
  return { owner };
}

function allowedPackages(owner: string, layers: Layers): readonly string[] {
  return owner === 'examples' ? layers.examples : [owner, ...(layers.packages[owner] ?? [])];
}

/**
 * The rule `specifier`, imported by the repository file `file` (a path from the root, with `/`),
 * breaks, or undefined when it is allowed.
 */
export function checkImport(file: string, specifier: string, layers: Layers): string | undefined {
  const from = placeOf(file, layers);
  if (!from) return undefined;
  const named = PACKAGE_NAME.exec(specifier)?.[1];
  if (named !== undefined) {
    return allowedPackages(from.owner, layers).includes(named)
      ? undefined
      : `${from.owner} may not import @ldn-twin/${named}`;
  }
  if (!specifier.startsWith('.')) return undefined;
  const target = normalize(join(dirname(file), specifier))
    .split(sep)
    .join('/');
  const to = placeOf(target, layers);
  if (!to) return undefined;
  if (to.owner !== from.owner)
    return `${from.owner} reaches into ${to.owner}'s files; import @ldn-twin/${to.owner}`;
  if (from.folder === undefined || to.folder === undefined || from.folder === to.folder) return undefined;
  const protocols = `${layers.connectors.protocolsFolder}/`;
  if (from.folder.startsWith(protocols)) return `protocol ${from.folder} may not import ${to.folder}`;
  if (to.folder.startsWith(protocols)) {
    return target.endsWith('/index.js') || target.endsWith('/index.ts')
      ? undefined
      : `service ${from.folder} imports inside ${to.folder}; import its index`;
  }
  return `service ${from.folder} may not import service ${to.folder}; share code through a protocol`;
}

/** The module specifiers a TypeScript or JavaScript source imports (static, dynamic and re-exports). */
export function specifiersOf(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;
const SKIP = new Set(['node_modules', 'dist', 'fixtures', 'data', '.artifacts', 'coverage']);

/** Every source file under `dir` (repository-relative paths), skipping dependencies, builds and data. */
export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(root, path));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every forbidden import in the packages and examples under `root`. */
export function violations(root: string, layers: Layers): Violation[] {
  const files = ['packages', 'examples'].flatMap((dir) => sourceFiles(root, dir));
  return files.flatMap((file) =>
    specifiersOf(readFileSync(join(root, file), 'utf8')).flatMap((specifier) => {
      const rule = checkImport(relative(root, join(root, file)).split(sep).join('/'), specifier, layers);
      return rule === undefined ? [] : [{ file, specifier, rule }];
    }),
  );
}
