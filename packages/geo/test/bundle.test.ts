/**
 * What a browser bundle pays: esbuild (tsup's own copy) bundles small entries the way an app would,
 * minified and tree-shaken, for the browser platform, so a node: import anywhere would fail here.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ metafile: Metafile; outputFiles: { text: string }[] }>;
}
const require = createRequire(import.meta.url);
const esbuild = createRequire(require.resolve('tsup'))('esbuild') as Esbuild;
const src = fileURLToPath(new URL('../src/', import.meta.url));

async function bundle(
  code: string,
): Promise<{ bytes: number; inputs: Record<string, number>; text: string }> {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: src, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.fromEntries(Object.entries(output!.inputs).map(([k, v]) => [k, v.bytesInOutput]));
  return { bytes: output!.bytes, inputs, text: result.outputFiles[0]!.text };
}

const sizeOf = (inputs: Record<string, number>, suffix: string) =>
  Object.entries(inputs)
    .filter(([k]) => k.endsWith(suffix))
    .reduce((n, [, v]) => n + v, 0);

const gzipped = (text: string) => gzipSync(text).length;

describe('bundle size', () => {
  it.each([
    ['boroughAt', "import { boroughAt } from './index.ts'; export const f = boroughAt;", 400_000],
    ['parseGridRef', "import { parseGridRef } from './index.ts'; export const f = parseGridRef;", 60_000],
    ['ostn15-gb subpath', "export { ostn15Gb } from './ostn15-gb.ts';", 2_400_000],
  ])('an app importing only %s stays within its budget', async (name, code, budget) => {
    const { bytes, text } = await bundle(code);
    expect(bytes).toBeLessThan(budget);
    process.stdout.write(`${name} bundle: ${bytes} bytes minified, ${gzipped(text)} gzipped\n`);
  });

  it('the London OSTN15 window adds at most 20 KB to a bundle importing only the transform', async () => {
    const { bytes, inputs, text } = await bundle(
      "import { bngToWgs84, wgs84ToBng } from './index.ts'; export const f = [bngToWgs84, wgs84ToBng];",
    );
    const window = sizeOf(inputs, 'data/ostn15-london.ts');
    expect(window).toBeGreaterThan(10000);
    expect(window).toBeLessThanOrEqual(20 * 1024);
    // Nothing else heavy comes along: no boroughs, no GB grid, no turf.
    expect(sizeOf(inputs, 'data/boroughs.ts')).toBe(0);
    expect(sizeOf(inputs, 'data/ostn15-gb.ts')).toBe(0);
    expect(Object.keys(inputs).some((k) => k.includes('@turf'))).toBe(false);
    expect(bytes).toBeLessThan(30 * 1024);
    process.stdout.write(
      `transform-only bundle: ${bytes} bytes minified (${gzipped(text)} gzipped), window ${window}\n`,
    );
  });

  it('the whole package bundles for the browser (no node: imports) and the bundle runs', async () => {
    const { bytes, text } = await bundle("export * from './index.ts';");
    expect(text).not.toMatch(/from\s*["']node:/);
    const bundled = (await import(
      `data:text/javascript;base64,${btoa(unescape(encodeURIComponent(text)))}`
    )) as {
      boroughAt(lon: number, lat: number): { name: string } | undefined;
      wgs84ToBng(lon: number, lat: number): { easting: number; method: string };
      aggregateByH3(lonLat: Float64Array, resolution: number): { cell: string }[];
    };
    expect(bundled.boroughAt(-0.1276, 51.5072)?.name).toBe('Westminster');
    expect(bundled.wgs84ToBng(-0.1276, 51.5072).method).toBe('ostn15');
    expect(bundled.aggregateByH3(new Float64Array([-0.1276, 51.5072]), 9)).toHaveLength(1);
    process.stdout.write(`whole-package browser bundle: ${bytes} bytes minified, ${gzipped(text)} gzipped\n`);
  });
});
