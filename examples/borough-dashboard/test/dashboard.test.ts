// The dashboard in a real browser: builds the app with Vite, serves dist/ on 127.0.0.1, opens it in
// Debian's Chromium through playwright-core and checks what a person would see: every layer from
// Lambeth (counts, and every record inside Lambeth's bounding box), the borough drawn on the map,
// details with provenance on a click, the attribution under the map as text with links and no
// placeholder, a layout that fits 390 px, a message when WebGL is missing, and the embedded store (a
// first load fills it, a second reads from it and refreshes it). What to expect is computed here from
// the archive (replayed in Node through the same questions), never copied from the app's output.
// Screenshots go to .artifacts/ (ignored by git).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attributions, createClient, type TwinRecord } from '@ldn-twin/core';
import { parseHar, replayHar } from '@ldn-twin/core/har';
import { BOROUGH_ATTRIBUTION, BOROUGHS, boroughAt, boroughBoundariesForWeb } from '@ldn-twin/geo';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBETH, LAYER_IDS, type Layer, loadLayers, OFFLINE_PLAN } from '../src/layers.js';

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
  '.wasm': 'application/wasm',
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

/** The statements the attribution must name for these records: the boundary's, then the records'. */
const expectedStatements = (records: readonly TwinRecord[]) => [
  ...new Set([...BOROUGH_ATTRIBUTION, ...attributions(records)]),
];

/** Every position of a geometry. */
function positions(c: unknown): [number, number][] {
  if (Array.isArray(c) && typeof c[0] === 'number') return [[c[0], c[1] as number]];
  return Array.isArray(c) ? c.flatMap(positions) : [];
}

/** Lambeth's bounding box, from the boundary the map draws. */
function lambethBbox(): [number, number, number, number] {
  const lambeth = boroughBoundariesForWeb().features.find((f) => f.properties.code === LAMBETH)!;
  const all = positions(lambeth.geometry.coordinates);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// PGlite with PostGIS starts in seconds on a desktop; on a loaded CI machine its first start (initdb
// and the PostGIS install in IndexedDB) has taken 40 s, so the store steps wait up to 3 minutes.
const STORE_WAIT = 180_000;

describe.skipIf(!hasChromium)('borough dashboard in Chromium', { timeout: 240_000 }, () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  let layers: Layer[];
  const problems: string[] = [];
  const offsite: string[] = [];

  const watch = (p: Page) => {
    p.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    p.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    p.on('request', (request) => {
      const url = new URL(request.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1') offsite.push(url.href);
    });
  };

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
      // WebGL with no GPU: SwiftShader through ANGLE (MapLibre needs WebGL).
      args: [...CHROMIUM_ARGS, '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    watch(page);
    await page.goto(base);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('answers every bundled layer from the archive, all in Lambeth', async () => {
    expect(layers.map((l) => [l.id, l.status])).toEqual(OFFLINE_PLAN.layers.map((id) => [id, 'answered']));
    const [w, s, e, n] = lambethBbox();
    const site = OFFLINE_PLAN.site;
    expect(boroughAt(site[0], site[1])?.code).toBe(LAMBETH);
    for (const layer of layers) {
      const count = await page.getAttribute(`section.layer[data-layer="${layer.id}"]`, 'data-count');
      expect(count, layer.id).toBe(String(layer.records.length));
      expect(layer.records.length, `${layer.id} has records`).toBeGreaterThan(0);
      // Inside Lambeth's bbox: a record with geometry by every position; one without (the recorded
      // planning.data answer has none) by the site it was asked at, which is in Lambeth.
      const inside = layer.records.filter((r) =>
        r.geometry
          ? positions((r.geometry as { coordinates?: unknown }).coordinates).every(
              ([x, y]) => x >= w && x <= e && y >= s && y <= n,
            )
          : site[0] >= w && site[0] <= e && site[1] >= s && site[1] <= n,
      );
      expect(inside.length, `${layer.id} records inside Lambeth's bbox`).toBe(layer.records.length);
    }
    // A layer with no recording in Lambeth is listed as not asked, not filled from another borough.
    for (const id of LAYER_IDS.filter((id) => !OFFLINE_PLAN.layers.includes(id))) {
      expect(await page.getAttribute(`section.layer[data-layer="${id}"]`, 'data-count')).toBe('not asked');
    }
    expect(await page.textContent('#title')).toBe(
      `${BOROUGHS.find((b) => b.code === LAMBETH)!.name} borough dashboard`,
    );
    expect(offsite, 'requests that left 127.0.0.1').toEqual([]);
  });

  it('draws Lambeth and exactly the records with geometry on the map', async () => {
    const state = await page.getAttribute('#map', 'data-map');
    expect(state, 'WebGL through SwiftShader is expected in headless Chromium').toBe('ready');
    const drawable = layers
      .flatMap((l) => l.records.filter((r) => r.geometry).map((r) => String(r.id)))
      .sort();
    await expect
      .poll(async () => page.getAttribute('#map', 'data-rendered-borough'), { timeout: 15_000 })
      .toBe(LAMBETH);
    expect(await page.getAttribute('#map', 'data-rendered-ids')).toBe(JSON.stringify(drawable));
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'dashboard-desktop.png') });
  });

  it('shows the attribution under the map as text with links, without placeholders', async () => {
    const all = layers.flatMap((l) => l.records);
    const statements = expectedStatements(all);
    await expect
      .poll(() => page.getAttribute('[data-testid="attribution"]', 'data-statements'))
      .toBe(JSON.stringify(statements));
    const text = (await page.textContent('[data-testid="attribution"]')) ?? '';
    expect(text).not.toMatch(/\[date\]|\]\(|\n/);
    expect(text).not.toMatch(/\[[^\]]*\]/);
    // Historic England's "[date]" is the day its records were retrieved.
    const historic = statements.find((s) => s.includes('[date]'));
    expect(historic, 'the archive carries a statement with [date]').toBeDefined();
    const day = all
      .filter((r) => r.properties.licence.attribution.includes(historic!))
      .map((r) => r.properties.provenance.retrievedAt.slice(0, 10))
      .sort()[0]!;
    expect(text).toContain(`obtained on ${day}`);
    // Its markdown link is a link, by its text.
    const link = page.locator('[data-testid="attribution"] a', { hasText: 'HistoricEngland.org.uk' });
    expect(await link.getAttribute('href')).toBe('https://historicengland.org.uk');
    // Under the map, not over it.
    const map = (await page.locator('#map').boundingBox())!;
    const box = (await page.locator('[data-testid="attribution"]').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(map.y + map.height - 1);
    // It follows the layers on screen.
    await page.uncheck('input[data-layer-toggle="constraints"]');
    await expect
      .poll(() => page.getAttribute('[data-testid="attribution"]', 'data-statements'))
      .toBe(JSON.stringify(expectedStatements([])));
    await page.check('input[data-layer-toggle="constraints"]');
    await expect
      .poll(() => page.getAttribute('[data-testid="attribution"]', 'data-statements'))
      .toBe(JSON.stringify(statements));
  });

  it('opens the details of a record from its list entry, with provenance and licence', async () => {
    // A constraint whose statements hold Historic England's "[date]", to see it filled there too.
    const constraints = layers.find((l) => l.id === 'constraints')!.records;
    const constraint = constraints.find((r) =>
      r.properties.licence.attribution.some((a) => a.includes('[date]')),
    )!;
    expect(constraint, 'a recorded constraint carries a statement with [date]').toBeDefined();
    await page.click(`button.record[data-record-id="${String(constraint.id)}"]`);
    await expect.poll(() => page.getAttribute('#details', 'data-record-id')).toBe(String(constraint.id));
    const provenance = (await page.textContent('[data-testid="provenance"]')) ?? '';
    expect(provenance).toContain(constraint.properties.provenance.publisher);
    expect(provenance).toContain(constraint.properties.provenance.dataset);
    const licence = (await page.textContent('[data-testid="licence"]')) ?? '';
    expect(licence).toContain(constraint.properties.licence.id);
    // Its statements as text with links: "[date]" the day it was retrieved, no markdown.
    expect(licence).toContain(`obtained on ${constraint.properties.provenance.retrievedAt.slice(0, 10)}.`);
    expect(licence).not.toMatch(/\[date\]|\]\(|\n/);
    const link = page.locator('[data-testid="licence"] a', { hasText: 'HistoricEngland.org.uk' });
    expect(await link.getAttribute('href')).toBe('https://historicengland.org.uk');
    await page.click('#details .close');
  });

  it('fills the embedded store on the first load, and reads from it on the next', async () => {
    expect(await page.getAttribute('body', 'data-source')).toBe('archive');
    await page.waitForSelector('body[data-store="filled"]', { state: 'attached', timeout: STORE_WAIT });
    const records = layers.flatMap((l) => l.records);
    const filled = JSON.parse((await page.getAttribute('body', 'data-store-report'))!);
    expect(filled).toMatchObject({ received: records.length, stored: records.length, rejected: 0 });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: STORE_WAIT });
    expect(await page.getAttribute('body', 'data-source')).toBe('store');
    for (const layer of layers) {
      const count = await page.getAttribute(`section.layer[data-layer="${layer.id}"]`, 'data-count');
      expect(count, `${layer.id} from the store`).toBe(String(layer.records.length));
    }
    // The background refresh asks again and finds every record already stored.
    await page.waitForSelector('body[data-store="refreshed"]', { state: 'attached', timeout: STORE_WAIT });
    const refreshed = JSON.parse((await page.getAttribute('body', 'data-store-report'))!);
    expect(refreshed).toMatchObject({ received: records.length, stored: 0, unchanged: records.length });
    expect(await page.textContent('#store-status')).toContain(`${records.length} unchanged`);
    expect(offsite, 'requests that left 127.0.0.1').toEqual([]);
  });

  it('fits a 390 px wide screen: no sideways scroll, the map above the panel', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    watch(phone);
    await phone.goto(base);
    await phone.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: STORE_WAIT });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const map = (await phone.locator('#map').boundingBox())!;
    const panel = (await phone.locator('#panel').boundingBox())!;
    expect(map.width).toBeGreaterThanOrEqual(389);
    expect(map.height).toBeGreaterThan(300);
    expect(panel.y).toBeGreaterThanOrEqual(map.y + map.height - 1);
    expect(panel.width).toBeLessThanOrEqual(390);
    mkdirSync(artifacts, { recursive: true });
    await phone.screenshot({ path: join(artifacts, 'dashboard-390.png'), fullPage: true });
    await phone.click('button.record');
    const details = (await phone.locator('#details').boundingBox())!;
    expect(details.x).toBeGreaterThanOrEqual(0);
    expect(details.x + details.width).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(artifacts, 'dashboard-390-details.png') });
    await phone.close();
  });

  it('says so when WebGL is missing, and still lists the records', async () => {
    const noWebgl = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, '--disable-webgl', '--disable-webgl2'],
    });
    try {
      const p = await noWebgl.newPage({ viewport: { width: 1280, height: 800 } });
      await p.goto(base);
      await p.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: STORE_WAIT });
      expect(await p.evaluate(() => document.createElement('canvas').getContext('webgl2'))).toBeNull();
      expect(await p.getAttribute('#map', 'data-map')).toBe('unavailable');
      const message = p.locator('#map [role="alert"]');
      expect(await message.isVisible()).toBe(true);
      expect(await message.textContent()).toMatch(/^The map cannot be drawn: this browser has no WebGL 2\./);
      const records = layers.flatMap((l) => l.records);
      expect(await p.locator('button.record').count()).toBe(records.length);
      mkdirSync(artifacts, { recursive: true });
      await p.screenshot({ path: join(artifacts, 'dashboard-no-webgl.png') });
    } finally {
      await noWebgl.close();
    }
  });

  it('logged no console errors', () => {
    expect(problems).toEqual([]);
  });
});
