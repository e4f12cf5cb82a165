// The connector catalogue in the package README is derived from each connector's declarative
// metadata, never kept by hand: this test regenerates it with REGEN=1 and fails when it drifts.
import { readdirSync } from 'node:fs';
import type { AnyConnector } from '@ldn-twin/core';
import { expect, it } from 'vitest';
import { generatedSection } from '../../../test/support/generated-section.ts';

const src = new URL('../src/', import.meta.url);
const readme = new URL('../README.md', import.meta.url);
// protocols/ holds the shared protocol layer, not a service.
const services = readdirSync(src, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'protocols')
  .map((entry) => entry.name)
  .sort();

const isConnector = (value: unknown): value is AnyConnector =>
  typeof value === 'object' && value !== null && 'operations' in value && 'id' in value && 'licence' in value;

// import.meta.glob is Vite's static glob import (vitest runs on Vite); its types come from vite/client.

const modules = import.meta.glob<Record<string, unknown>>('../src/*/index.ts');

async function connectorsOf(service: string): Promise<AnyConnector[]> {
  const load = modules[`../src/${service}/index.ts`];
  if (!load) throw new Error(`src/${service}/ has no index.ts`);
  return Object.values(await load()).filter(isConnector);
}

function auth(connector: AnyConnector): string {
  return connector.auth.type === 'none'
    ? 'none'
    : `${connector.auth.type}${connector.auth.name ? ` \`${connector.auth.name}\`` : ''}`;
}

it('every service folder exports connectors whose ids are their subpaths', async () => {
  for (const service of services) {
    const connectors = await connectorsOf(service);
    expect(connectors.length, service).toBeGreaterThan(0);
    expect(connectors.map((c) => c.id)).toContain(service);
  }
});

it('the README catalogue matches the connectors metadata', async () => {
  const rows: string[] = [];
  for (const service of services) {
    for (const c of await connectorsOf(service)) {
      const ops = Object.keys(c.operations)
        .map((op) => `\`${op}\``)
        .join(', ');
      const docs = `[docs](docs/${service}.md)`;
      rows.push(
        `| \`@ldn-twin/connectors/${service}\` | ${c.title} | ${c.twins.join(', ')} | ${c.licence.id} | ${auth(c)} | ${c.browser.cors ? 'yes' : 'via a proxy'} | ${ops} | ${docs} |`,
      );
    }
  }
  const table = [
    '| import | serves | twins | licence | auth | browser | operations | |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  const { actual, expected } = generatedSection(readme, 'catalogue', table);
  expect(actual).toBe(expected);
});
