// The layering we describe is the layering in the code: every import in the packages and examples
// is checked against layers.json, and the check itself is shown to catch a forbidden import.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImport, type Layers, specifiersOf, violations } from './imports.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const layers = JSON.parse(readFileSync(new URL('./layers.json', import.meta.url), 'utf8')) as Layers;

describe('the layers', () => {
  const found = violations(root, layers);
  const pending = Object.keys(layers.pending).filter((key) => !key.startsWith('//'));

  it('no import breaks a rule, outside the files listed as pending', () => {
    expect(found.filter((v) => !pending.includes(v.file))).toEqual([]);
  });

  it('every pending file still exists and still breaks a rule (the list only shrinks)', () => {
    for (const file of pending) {
      expect(existsSync(`${root}${file}`), file).toBe(true);
      expect(
        found.some((v) => v.file === file),
        `${file} no longer breaks a rule: remove it from pending`,
      ).toBe(true);
    }
  });

  it('the protocols named in layers.json are the folders under connectors/src/protocols', () => {
    const index = (name: string) =>
      `${root}packages/connectors/src/${layers.connectors.protocolsFolder}/${name}/index.ts`;
    for (const name of layers.connectors.protocols) expect(existsSync(index(name)), name).toBe(true);
  });
});

describe('the check (a test of the test)', () => {
  const services = 'packages/connectors/src';

  it('catches a service importing a sibling service, as the source text would say it', () => {
    const source = "import { axisOf } from '../ogc-features/crs.js';\nexport { x } from './own.js';\n";
    const rules = specifiersOf(source).map((s) => checkImport(`${services}/os-ngd/index.ts`, s, layers));
    expect(rules[0]).toBe(
      'service os-ngd may not import service ogc-features; share code through a protocol',
    );
    expect(rules[1]).toBeUndefined();
  });

  it('allows a service to import a protocol index, and nothing deeper', () => {
    const file = `${services}/os-ngd/index.ts`;
    expect(checkImport(file, '../protocols/ogc-api-features/index.js', layers)).toBeUndefined();
    expect(checkImport(file, '../protocols/ogc-api-features/crs.js', layers)).toMatch(/import its index/);
  });

  it('forbids a protocol importing a service or another protocol', () => {
    const file = `${services}/protocols/arcgis-rest/map.ts`;
    expect(checkImport(file, '../../tfl/index.js', layers)).toMatch(/protocol protocols\/arcgis-rest/);
    expect(checkImport(file, '../london-datastore/index.js', layers)).toMatch(/may not import/);
    expect(checkImport(file, './raw.js', layers)).toBeUndefined();
  });

  it('forbids a package importing a package above it, by name or by path', () => {
    expect(checkImport('packages/core/src/index.ts', '@ldn-twin/connectors/tfl', layers)).toBe(
      'core may not import @ldn-twin/connectors',
    );
    expect(checkImport('packages/core/test/x.test.ts', '@ldn-twin/cli', layers)).toMatch(/core may not/);
    expect(checkImport('packages/questions/src/a.ts', '../../core/src/index.js', layers)).toMatch(
      /reaches into/,
    );
    expect(checkImport('packages/questions/src/a.ts', '@ldn-twin/connectors/tfl', layers)).toBeUndefined();
  });
});
