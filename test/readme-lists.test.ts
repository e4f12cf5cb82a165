// The lists in the READMEs are derived, never kept by hand (as the connector catalogue is, in
// packages/connectors/test/catalogue.test.ts): the root README's packages from each package.json,
// the questions README's questions from their docs pages. REGEN=1 rewrites them; the tests fail
// when a list drifts from what it is derived from.
import { readdirSync, readFileSync } from 'node:fs';
import * as questions from '@ldn-twin/questions';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../packages/cli/src/commands.ts';
import { generatedSection } from './support/generated-section.ts';

const root = new URL('../', import.meta.url);
const layers = JSON.parse(readFileSync(new URL('architecture/layers.json', import.meta.url), 'utf8')) as {
  packages: Record<string, string[]>;
};

describe('the root README', () => {
  it('lists every package, in the order of the layers, with its own description', () => {
    const folders = readdirSync(new URL('packages/', root)).sort();
    // Lower layers first (test/architecture/layers.json): core, then what builds on it.
    const order = Object.keys(layers.packages);
    expect([...order].sort(), 'layers.json names every package folder').toEqual(folders);
    const rows = order.map((folder) => {
      const pkg = JSON.parse(readFileSync(new URL(`packages/${folder}/package.json`, root), 'utf8')) as {
        name: string;
        description: string;
      };
      return `| [\`${pkg.name}\`](packages/${folder}) | ${pkg.description} |`;
    });
    const table = ['| package | what it is |', '|---|---|', ...rows].join('\n');
    const { actual, expected } = generatedSection(new URL('README.md', root), 'packages', table);
    expect(actual).toBe(expected);
  });
});

describe('the questions README', () => {
  const docs = new URL('packages/questions/docs/', root);
  const pages = readdirSync(docs)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => {
      const title = readFileSync(new URL(file, docs), 'utf8').split('\n')[0] ?? '';
      const match = /^# (\w+): (.+)$/.exec(title);
      if (!match) throw new Error(`docs/${file} must start with "# questionName: the question?"`);
      return { file, name: match[1]!, question: match[2]! };
    });

  it('has a docs page for every question the CLI asks, each naming an exported question', () => {
    const asked = COMMANDS.filter((command) => command.name.startsWith('ask '));
    expect(asked.length).toBeGreaterThan(0);
    expect(pages.length, 'one page in packages/questions/docs per `ldn-twin ask` command').toBe(asked.length);
    const exported = questions as Record<string, unknown>;
    for (const page of pages) expect(typeof exported[page.name], `docs/${page.file}`).toBe('function');
  });

  it('lists every question with the question it answers', () => {
    const rows = pages.map((p) => `| \`${p.name}\` | ${p.question} | [docs](docs/${p.file}) |`);
    const table = ['| question | answers | |', '|---|---|---|', ...rows].join('\n');
    const { actual, expected } = generatedSection(
      new URL('packages/questions/README.md', root),
      'questions',
      table,
    );
    expect(actual).toBe(expected);
  });
});
