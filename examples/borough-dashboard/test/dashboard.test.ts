// The dashboard in a real browser: builds the app with Vite, serves dist/ on 127.0.0.1, opens it in
// Debian's Chromium through playwright-core and checks what a person would see: no console errors,
// every record of the bundled archive that has geometry drawn on the map, details with provenance on
// a click, and the attribution control listing exactly the statements of the records on screen.
// What to expect is computed here from the archive (replayed in Node through the same questions),
// never copied from the app's output. A screenshot goes to .artifacts/ (ignored by git).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attributions, createClient, type TwinRecord } from '@ldn-twin/core';
import { parseHar, replayHar } from '@ldn-twin/core/har';
import { BOROUGH_ATTRIBUTION } from '@ldn-twin/geo';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Layer, loadLayers, OFFLINE_PLAN } from '../src/layers.js';

// Debian's Chromium (apt-get install chromium); CHROMIUM_PATH points elsewhere.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
const artifacts = join(root, '.artifacts');
const hasChromium = existsSync(CHROMIUM);

// CI installs Chromium (scripts/system-deps.sh): there a missing browser is a failure, not a skip.
if (!hasChromium && process.env.CI) {
  throw new Error(`no Chromium at ${CHROMIUM}: the browser check cannot run in CI`);
}
if (!hasChromium) {
  console.warn(
    `borough-dashboard browser test SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`,
  );
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The statements the control must show for these records: the boundary's, then the records'. */
const expectedAttribution = (records: readonly TwinRecord[]) =>
  [...new Set([...BOROUGH_ATTRIBUTION, ...attributions(records)])].join(' · ');

describe.skipIf(!hasChromium)('borough dashboard in Chromium', { timeout: 30_000 }, () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  let layers: Layer[];
  const problems: string[] = [];
  const offsite: string[] = [];

  beforeAll(async () => {
    // What the bundled archive holds, replayed in Node through the same questions the app asks.
    const archive = parseHar(readFileSync(join(root, 'data/dashboard.har'), 'utf8'));
    layers = await loadLayers(
      createClient({ fetch: replayHar(archive), cache: false, retry: { limit: 0 } }),
      OFFLINE_PLAN,
    );
    await build({ root, logLevel: 'silent', configFile: join(root, 'vite.config.ts') });
    server = await serve(dist);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // WebGL with no GPU: SwiftShader through ANGLE (MapLibre needs WebGL).
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1') offsite.push(url.href);
    });
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('answers every layer from the archive, offline', async () => {
    expect(layers.map((l) => [l.id, l.status])).toEqual([
      ['constraints', 'answered'],
      ['pipeline', 'answered'],
      ['disruptions', 'answered'],
      ['air-quality', 'answered'],
    ]);
    for (const layer of layers) {
      const count = await page.getAttribute(`section.layer[data-layer="${layer.id}"]`, 'data-count');
      expect(count, layer.id).toBe(String(layer.records.length));
      expect(layer.records.length, `${layer.id} has records`).toBeGreaterThan(0);
    }
    expect(offsite, 'requests that left 127.0.0.1').toEqual([]);
  });

  it('draws every record with geometry on the map', async () => {
    const state = await page.getAttribute('#map', 'data-map');
    expect(state, 'WebGL through SwiftShader is expected in headless Chromium').toBe('ready');
    const drawable = layers
      .flatMap((l) => l.records.filter((r) => r.geometry).map((r) => String(r.id)))
      .sort();
    expect(drawable.length).toBeGreaterThan(0);
    await expect
      .poll(async () => page.getAttribute('#map', 'data-rendered-ids'), { timeout: 15_000 })
      .toBe(JSON.stringify(drawable));
    expect(await page.getAttribute('#map', 'data-rendered-features')).toBe(String(drawable.length));
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'dashboard-overview.png') });
  });

  it('shows the attribution statements of the records on screen, and follows the layers', async () => {
    const all = layers.flatMap((l) => l.records);
    await expect.poll(() => page.textContent('[data-testid="attribution"]')).toBe(expectedAttribution(all));
    await page.uncheck('input[data-layer-toggle="disruptions"]');
    const withoutDisruptions = layers.filter((l) => l.id !== 'disruptions').flatMap((l) => l.records);
    expect(expectedAttribution(withoutDisruptions)).not.toBe(expectedAttribution(all));
    await expect
      .poll(() => page.textContent('[data-testid="attribution"]'))
      .toBe(expectedAttribution(withoutDisruptions));
    const drawnWithout = layers
      .filter((l) => l.id !== 'disruptions')
      .flatMap((l) => l.records.filter((r) => r.geometry))
      .map((r) => String(r.id))
      .sort();
    await expect
      .poll(() => page.getAttribute('#map', 'data-rendered-ids'))
      .toBe(JSON.stringify(drawnWithout));
    await page.check('input[data-layer-toggle="disruptions"]');
    await expect.poll(() => page.textContent('[data-testid="attribution"]')).toBe(expectedAttribution(all));
  });

  it('opens the details with provenance when a feature on the map is clicked', async () => {
    const site = layers.find((l) => l.id === 'air-quality')!.records[0]!;
    const [lon, lat] = (site.geometry as unknown as { coordinates: [number, number] }).coordinates;
    const at = await page.evaluate(
      ([x, y]) =>
        (
          window as unknown as { dashboardMap: { project(p: [number, number]): { x: number; y: number } } }
        ).dashboardMap.project([x, y]),
      [lon, lat] as [number, number],
    );
    const box = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForSelector('#details:not([hidden])');
    expect(await page.getAttribute('#details', 'data-record-id')).toBe(String(site.id));
    const provenance = (await page.textContent('[data-testid="provenance"]')) ?? '';
    expect(provenance).toContain(site.properties.provenance.publisher);
    expect(provenance).toContain(site.properties.provenance.dataset);
    if (site.properties.provenance.sourceUrl)
      expect(provenance).toContain(site.properties.provenance.sourceUrl);
    expect(await page.textContent('[data-testid="licence"]')).toContain(site.properties.licence.id);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'dashboard-map-click.png') });
  });

  it('opens the details of a record without geometry from its list entry', async () => {
    const constraint = layers.find((l) => l.id === 'constraints')!.records[0]!;
    await page.click(`button.record[data-record-id="${String(constraint.id)}"]`);
    await expect.poll(() => page.getAttribute('#details', 'data-record-id')).toBe(String(constraint.id));
    const provenance = (await page.textContent('[data-testid="provenance"]')) ?? '';
    expect(provenance).toContain(constraint.properties.provenance.publisher);
    expect(provenance).toContain(constraint.properties.provenance.dataset);
    await page.screenshot({ path: join(artifacts, 'dashboard.png') });
  });

  it('logged no console errors', () => {
    expect(problems).toEqual([]);
  });
});
