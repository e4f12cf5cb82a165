/**
 * A connector of only the operations a program calls: it answers as the full connector does, has no
 * other method, and a browser bundle of it leaves the other operations out.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { eaFlood, eaFloodInfo, floodWarnings } from '@ldn-twin/connectors/ea-flood';
import { connect, createClient, withOperations } from '@ldn-twin/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/** A real response (see fixtures/ea-flood/SOURCES.md). */
const warnings = JSON.parse(
  readFileSync(new URL('./fixtures/ea-flood/ea-flood-warnings.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const BASE = 'https://environment.data.gov.uk/flood-monitoring';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('withOperations', () => {
  it('builds a connector with the chosen operations only, answering as the full connector does', async () => {
    server.use(http.get(`${BASE}/id/floods`, () => HttpResponse.json(warnings)));
    const near = { near: { lat: 53.96, long: -1.08, distKm: 25 } };
    const alone = connect(withOperations(eaFloodInfo, { floodWarnings }), {
      client: createClient({ cache: false }),
    });
    const full = connect(eaFlood, { client: createClient({ cache: false }) });
    const [a, b] = await Promise.all([
      alone.floodWarnings(near).collect(),
      full.floodWarnings(near).collect(),
    ]);
    expect(a.report).toMatchObject({ received: 2, mapped: 2, failed: 0 });
    // The same records but for retrievedAt (each run stamps its own).
    const stripped = (records: typeof a.records) =>
      records.map((r) => ({
        ...r,
        properties: { ...r.properties, provenance: { ...r.properties.provenance, retrievedAt: '' } },
      }));
    expect(stripped(a.records)).toEqual(stripped(b.records));
    expect(Object.keys(alone.connector.operations)).toEqual(['floodWarnings']);
    expect('readings' in alone).toBe(false);
    expect(Object.keys(eaFlood.operations)).toContain('readings');
  });

  it('lets a browser bundle leave out the operations it does not use', async () => {
    interface Esbuild {
      build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
    }
    const require = createRequire(import.meta.url);
    const esbuild = createRequire(require.resolve('tsup'))('esbuild') as Esbuild;
    const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));
    const bundle = async (code: string) =>
      (
        await esbuild.build({
          stdin: { contents: code, resolveDir: src('../src/'), loader: 'ts' },
          bundle: true,
          minify: true,
          format: 'esm',
          platform: 'browser',
          target: 'es2022',
          write: false,
          logLevel: 'silent',
          alias: { '@ldn-twin/core': src('../../core/src/index.ts') },
        })
      ).outputFiles[0]!.text;
    const readingsTitle = eaFlood.operations.readings.title;
    const one = await bundle(
      `import { withOperations } from '@ldn-twin/core';
import { eaFloodInfo, floodWarnings } from './ea-flood/index.ts';
export const c = withOperations(eaFloodInfo, { floodWarnings });`,
    );
    const all = await bundle(`export { eaFlood } from './ea-flood/index.ts';`);
    expect(one).toContain(floodWarnings.title);
    expect(one).not.toContain(readingsTitle);
    expect(all).toContain(readingsTitle);
  });
});
