/**
 * A borough dashboard: the borough's boundary, planning constraints at a site, the development
 * pipeline, road disruptions and air quality on a MapLibre map with no basemap tiles, a panel of
 * counts, details with provenance on click, and an attribution line under the map that lists
 * exactly the statements of the records on screen. Offline (the default) it replays
 * data/dashboard.har; `?live` asks the services, through the dev server's proxy for those that
 * browsers cannot call. The answers are kept in an embedded store in the browser (src/store.ts):
 * a later load reads them from there and refreshes them in the background.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import './style.css';
import { laqn } from '@ldn-twin/connectors/laqn';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { tfl } from '@ldn-twin/connectors/tfl';
import {
  attributionDates,
  attributionParts,
  attributions,
  createClient,
  type TwinRecord,
} from '@ldn-twin/core';
import { parseHar, replayHar } from '@ldn-twin/core/har';
import { BOROUGH_ATTRIBUTION, boroughBoundariesForWeb } from '@ldn-twin/geo';
import type { Store } from '@ldn-twin/store';
import type { GeoJSONSourceSpecification } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import archiveText from '../data/dashboard.har?raw';
import {
  type BaseUrls,
  boroughByName,
  boroughOf,
  type DashboardPlan,
  LAMBETH_SITE,
  LAYER_IDS,
  LAYER_TITLES,
  type Layer,
  type LayerId,
  loadLayers,
  OFFLINE_PLAN,
  shortError,
} from './layers.js';
import { keepLayers, openDashboardStore, readLayers } from './store.js';

type MapLibre = typeof import('maplibre-gl');
type MapInstance = import('maplibre-gl').Map;
type Geometry = NonNullable<TwinRecord['geometry']>;

const COLOURS: Record<LayerId, string> = {
  constraints: '#7b3294',
  pipeline: '#e66101',
  disruptions: '#d7191c',
  'air-quality': '#1a9641',
};

const params = new URLSearchParams(location.search);
const live = params.has('live');

/** The plan: the recorded places offline; live, the borough (and site) asked for in the URL. */
function planFromUrl(): DashboardPlan {
  if (!live) return OFFLINE_PLAN;
  const borough = boroughByName(params.get('borough') ?? OFFLINE_PLAN.borough).code;
  const site = params.get('site')?.split(',').map(Number);
  return {
    borough,
    site: site && site.length === 2 && site.every(Number.isFinite) ? [site[0]!, site[1]!] : LAMBETH_SITE,
    pipelineBorough: borough,
    clipToBorough: true,
    layers: LAYER_IDS,
  };
}

/** Live, connectors that browsers cannot call go through the dev server's proxy (vite.config.ts). */
function proxiedBaseUrls(): BaseUrls {
  const urls: Record<string, string> = {};
  for (const connector of [planningLondonDatahub, tfl, laqn]) {
    if (!connector.browser.cors) urls[connector.id] = `${location.origin}/proxy/${connector.id}`;
  }
  return urls;
}

/**
 * The client speaks https only, but for loopback hosts named in `allowHttpHosts`: the dev server's
 * proxy on localhost is plain http. A deployed proxy is served over https like the page.
 */
function localDevServer(): boolean {
  const host = location.hostname;
  return (
    location.protocol === 'http:' &&
    (host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '::1')
  );
}

const plan = planFromUrl();
const borough = boroughByName(plan.borough);
const visible = new Set<LayerId>(plan.layers);
let layers: Layer[] = [];
let map: MapInstance | undefined;
const byId = new Map<string, { record: TwinRecord; layer: Layer }>();
let storeStatus = '';
/** What the store keeps answers under: the mode and the borough (live, the site too). */
const scope = live ? `live/${plan.borough}/${plan.site.join(',')}` : `offline/${plan.borough}`;
/** Set (in localStorage) once the store holds this scope's layers: the next load reads them from it. */
const KEPT_MARK = `ldn-twin-borough-dashboard:kept:${scope}`;

const $ = <E extends HTMLElement>(id: string) => document.getElementById(id) as E;
const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
};

/** A name to show: the record's own, else what it is and its reference. */
function label(record: TwinRecord): string {
  if (record.properties.name) return record.properties.name;
  const a = record.properties.attributes as { constraintType?: string; reference?: string };
  if (a.constraintType) return `${a.constraintType.replaceAll('-', ' ')} ${a.reference ?? ''}`.trim();
  return String(record.id);
}

/** The records on screen: those of the layers switched on, drawn on the map or listed. */
function recordsOnScreen(): TwinRecord[] {
  return layers.filter((l) => visible.has(l.id)).flatMap((l) => [...l.records]);
}

/** The attribution statements to show: the boundary's, then those of the records on screen. */
function attributionStatements(): string[] {
  return [...new Set([...BOROUGH_ATTRIBUTION, ...attributions(recordsOnScreen())])];
}

/**
 * A statement as text with its links (core's `attributionParts`: only http(s) links, text as text
 * nodes), `[date]` as `obtainedOn`.
 */
function statement(text: string, obtainedOn: string): HTMLSpanElement {
  const nodes = attributionParts(text, obtainedOn).map((part) =>
    part.href ? el('a', { href: part.href, rel: 'noreferrer' }, part.text) : part.text,
  );
  return el('span', { class: 'statement' }, ...nodes);
}

/**
 * The attribution line under the map (never over it): each statement as text with its links, and
 * `[date]` as the day the records carrying it were obtained.
 */
function updateAttribution(): void {
  const attribution = $('attribution');
  const obtained = attributionDates(recordsOnScreen());
  const today = new Date().toISOString();
  const statements = attributionStatements();
  attribution.replaceChildren(
    ...statements.flatMap((text, i) => {
      const span = statement(text, obtained.get(text) ?? today);
      return i === 0 ? [span] : [' · ', span];
    }),
  );
  attribution.dataset.statements = JSON.stringify(statements);
}

// ---------------------------------------------------------------------------------------------- panel

function renderPanel(): void {
  const panel = $('panel');
  const total = layers.reduce((n, l) => n + l.records.length, 0);
  const drawn = layers.reduce((n, l) => n + l.records.filter((r) => r.geometry).length, 0);
  const notAsked = LAYER_IDS.filter((id) => !layers.some((l) => l.id === id)).map((id) =>
    el(
      'section',
      { class: 'layer not-asked', 'data-layer': id, 'data-count': 'not asked' },
      el(
        'h2',
        {},
        el(
          'span',
          {},
          el('span', { class: 'swatch', style: `background:${COLOURS[id]}` }),
          ' ',
          LAYER_TITLES[id],
        ),
      ),
      el(
        'p',
        { class: 'status' },
        live
          ? 'Not asked.'
          : `No real recording in ${borough.name} in the offline archive: live only (?live).`,
      ),
    ),
  );
  const sections = layers.map((layer) => {
    const toggle = el('input', { type: 'checkbox', 'data-layer-toggle': layer.id });
    toggle.checked = visible.has(layer.id);
    toggle.addEventListener('change', () => {
      if (toggle.checked) visible.add(layer.id);
      else visible.delete(layer.id);
      applyVisibility();
    });
    const byKind = new Map<string, number>();
    for (const r of layer.records) byKind.set(r.featureType, (byKind.get(r.featureType) ?? 0) + 1);
    const kinds = [...byKind].map(([kind, n]) => `${n} ${kind}`).join(', ');
    const list = el('ul', { class: 'records' });
    for (const record of layer.records) {
      const where = boroughOf(record)?.name;
      const button = el(
        'button',
        { type: 'button', class: 'record', 'data-record-id': String(record.id) },
        el('span', { class: 'name' }, label(record)),
        el(
          'span',
          { class: 'where' },
          record.geometry ? (where ?? 'outside London') : 'no geometry: listed, not drawn',
        ),
      );
      button.addEventListener('click', () => showDetails(String(record.id), true));
      list.append(el('li', {}, button));
    }
    const status =
      layer.status === 'failed'
        ? el('p', { class: 'status failed', role: 'alert' }, `Not answered: ${layer.error ?? 'failed'}`)
        : el('p', { class: 'status' }, kinds || 'none found');
    return el(
      'section',
      { class: 'layer', 'data-layer': layer.id, 'data-count': String(layer.records.length) },
      el(
        'h2',
        {},
        el(
          'label',
          {},
          toggle,
          el('span', { class: 'swatch', style: `background:${COLOURS[layer.id]}` }),
          layer.title,
        ),
        el('span', { class: 'count' }, String(layer.records.length)),
      ),
      el('p', { class: 'asked' }, layer.asked),
      status,
      list,
    );
  });
  const note = live
    ? 'Live: asked now; Datahub, TfL and LAQN through the dev server proxy.'
    : `Offline: real recorded responses (data/dashboard.har), all in ${borough.name}. The recorded ` +
      'planning.data.gov.uk answer carries no geometries, so its constraints are listed, not drawn.';
  panel.replaceChildren(
    el(
      'section',
      { class: 'summary', 'data-total': String(total), 'data-drawable': String(drawn) },
      el('h2', {}, `${borough.name} (${borough.code})`),
      el('p', {}, `${total} records, ${drawn} with geometry on the map.`),
      el('p', { class: 'note' }, note),
      el('p', { class: 'note', id: 'store-status', 'aria-live': 'polite' }, storeStatus),
    ),
    ...sections,
    ...notAsked,
  );
}

// -------------------------------------------------------------------------------------------- details

function showDetails(recordId: string, fly: boolean): void {
  const found = byId.get(recordId);
  const details = $('details');
  if (!found) return;
  const { record, layer } = found;
  const p = record.properties;
  const row = (k: string, v: unknown) =>
    el('tr', {}, el('th', {}, k), el('td', {}, typeof v === 'string' ? v : JSON.stringify(v)));
  const link = (url: string | undefined) => (url ? el('a', { href: url, rel: 'noreferrer' }, url) : '—');
  const attributes = Object.entries(p.attributes as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0),
  );
  const close = el('button', { type: 'button', class: 'close', 'aria-label': 'Close details' }, '×');
  close.addEventListener('click', () => {
    details.hidden = true;
    delete details.dataset.recordId;
  });
  details.replaceChildren(
    close,
    el('h2', {}, label(record)),
    el('p', { class: 'kind' }, `${record.featureType} · ${layer.title}`),
    el('h3', {}, 'Attributes'),
    el('table', {}, ...attributes.map(([k, v]) => row(k, v))),
    el('h3', {}, 'Where it came from'),
    el(
      'table',
      { 'data-testid': 'provenance' },
      row('publisher', p.provenance.publisher),
      row('dataset', p.provenance.dataset),
      el('tr', {}, el('th', {}, 'source'), el('td', {}, link(p.provenance.sourceUrl))),
      row('retrieved', p.provenance.retrievedAt),
      row('method', p.provenance.method),
      row('location', p.locationPrecision),
    ),
    el('h3', {}, 'Licence'),
    el(
      'table',
      { 'data-testid': 'licence' },
      el('tr', {}, el('th', {}, 'licence'), el('td', {}, p.licence.url ? link(p.licence.url) : p.licence.id)),
      row('id', p.licence.id),
      el(
        'tr',
        {},
        el('th', {}, 'attribution'),
        el(
          'td',
          {},
          ...p.licence.attribution.flatMap((text, i) => {
            const span = statement(text, p.provenance.retrievedAt);
            return i === 0 ? [span] : [' · ', span];
          }),
        ),
      ),
      row('access', p.access.classification),
    ),
    el('p', { class: 'id' }, String(record.id)),
    live
      ? ''
      : el(
          'p',
          { class: 'note' },
          'Offline: read from data/dashboard.har, so "retrieved" is when this browser first read it ' +
            "(and kept it in its store); the responses are real captures, dated in the connectors' " +
            'fixtures SOURCES.md.',
        ),
  );
  details.dataset.recordId = recordId;
  details.hidden = false;
  if (fly && map && record.geometry) map.fitBounds(boundsOf([record.geometry]), { padding: 80, maxZoom: 15 });
}

// ------------------------------------------------------------------------------------------------ map

function boundsOf(geometries: Geometry[]): [[number, number], [number, number]] {
  let [w, s, e, n] = [180, 90, -180, -90];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  for (const g of geometries) {
    if (g.type === 'GeometryCollection')
      for (const x of g.geometries) visit('coordinates' in x ? x.coordinates : []);
    else visit(g.coordinates);
  }
  return [
    [w, s],
    [e, n],
  ];
}

/**
 * A layer's records as GeoJSON for MapLibre, with the few properties styled on flattened. A line or
 * polygon also gets a marker at the centre of its bounds, so a small one is seen (and clicked) when
 * the map shows the whole borough; both carry the record's id.
 */
function collectionOf(layer: Layer): GeoJSONSourceSpecification['data'] {
  return {
    type: 'FeatureCollection',
    features: layer.records.flatMap((r) => {
      if (!r.geometry) return [];
      const geometry = r.geometry as Geometry;
      const properties = { recordId: String(r.id), layer: layer.id, name: label(r) };
      const feature = { type: 'Feature' as const, geometry, properties };
      if (geometry.type === 'Point') return [feature];
      const [[w, s], [e, n]] = boundsOf([geometry]);
      const centre: Geometry = { type: 'Point', coordinates: [(w + e) / 2, (s + n) / 2] };
      return [
        feature,
        { type: 'Feature' as const, geometry: centre, properties: { ...properties, marker: true } },
      ];
    }),
  };
}

const DATA_LAYERS = (id: LayerId) => [`${id}-fill`, `${id}-line`, `${id}-point`];

function drawMap(maplibre: MapLibre): void {
  const boroughs = boroughBoundariesForWeb();
  const mine = boroughs.features.filter((f) => f.properties.code === borough.code);
  const drawn = layers.flatMap((l) => l.records.flatMap((r) => (r.geometry ? [r.geometry as Geometry] : [])));
  const m = new maplibre.Map({
    container: 'map',
    // No tile sources at all: a background colour, then our own GeoJSON. Works with no network.
    style: {
      version: 8,
      sources: {},
      layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }],
    },
    bounds: boundsOf([
      ...mine.map((f) => f.geometry),
      ...drawn,
      { type: 'Point', coordinates: [...plan.site] },
    ]),
    fitBoundsOptions: { padding: 24 },
    attributionControl: false,
  });
  map = m;
  // For the console and the browser test: `dashboardMap.project([lon, lat])`.
  (window as unknown as { dashboardMap: MapInstance }).dashboardMap = m;
  m.addControl(new maplibre.NavigationControl({ showCompass: false }), 'top-right');
  m.on('load', () => {
    m.addSource('boroughs', { type: 'geojson', data: boroughs });
    m.addLayer({
      id: 'boroughs-fill',
      type: 'fill',
      source: 'boroughs',
      paint: {
        'fill-color': ['case', ['==', ['get', 'code'], borough.code], '#fff8d6', '#ffffff'],
        'fill-opacity': 0.9,
      },
    });
    m.addLayer({
      id: 'boroughs-line',
      type: 'line',
      source: 'boroughs',
      paint: {
        'line-color': ['case', ['==', ['get', 'code'], borough.code], '#333333', '#b8c0c8'],
        'line-width': ['case', ['==', ['get', 'code'], borough.code], 2.5, 0.8],
      },
    });
    m.addSource('site', {
      type: 'geojson',
      data: { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [...plan.site] } },
    });
    m.addLayer({
      id: 'site',
      type: 'circle',
      source: 'site',
      paint: {
        'circle-radius': 7,
        'circle-color': '#ffffff',
        'circle-stroke-color': COLOURS.constraints,
        'circle-stroke-width': 3,
      },
    });
    for (const layer of layers) {
      const colour = COLOURS[layer.id];
      m.addSource(layer.id, { type: 'geojson', data: collectionOf(layer) });
      const [fill, line, point] = DATA_LAYERS(layer.id) as [string, string, string];
      m.addLayer({
        id: fill,
        type: 'fill',
        source: layer.id,
        filter: ['==', ['geometry-type'], 'Polygon'],
        paint: { 'fill-color': colour, 'fill-opacity': 0.35 },
      });
      m.addLayer({
        id: line,
        type: 'line',
        source: layer.id,
        filter: ['in', ['geometry-type'], ['literal', ['LineString', 'Polygon']]],
        paint: { 'line-color': colour, 'line-width': 2.5 },
      });
      m.addLayer({
        id: point,
        type: 'circle',
        source: layer.id,
        filter: ['==', ['geometry-type'], 'Point'],
        paint: {
          'circle-radius': ['case', ['has', 'marker'], 5, 7],
          'circle-color': ['case', ['has', 'marker'], '#ffffff', colour],
          'circle-stroke-color': ['case', ['has', 'marker'], colour, '#ffffff'],
          'circle-stroke-width': ['case', ['has', 'marker'], 3, 2],
        },
      });
      for (const id of [fill, line, point]) {
        m.on('click', id, (event) => {
          const recordId = event.features?.[0]?.properties?.recordId;
          if (typeof recordId === 'string') showDetails(recordId, false);
        });
        m.on('mouseenter', id, () => {
          m.getCanvas().style.cursor = 'pointer';
        });
        m.on('mouseleave', id, () => {
          m.getCanvas().style.cursor = '';
        });
      }
    }
    applyVisibility();
  });
  m.on('idle', reportRendered);
}

/** What the map has drawn: the distinct records among the rendered features, for people and tests. */
function reportRendered(): void {
  if (!map) return;
  const ids = layers.filter((l) => visible.has(l.id)).flatMap((l) => DATA_LAYERS(l.id));
  const rendered = new Set(
    map.queryRenderedFeatures({ layers: ids }).map((f) => String(f.properties?.recordId ?? '')),
  );
  const container = $('map');
  container.dataset.renderedFeatures = String(rendered.size);
  container.dataset.renderedIds = JSON.stringify([...rendered].sort());
  const mine = map
    .queryRenderedFeatures({ layers: ['boroughs-line'] })
    .some((f) => f.properties?.code === borough.code);
  container.dataset.renderedBorough = mine ? borough.code : '';
}

function applyVisibility(): void {
  if (map?.isStyleLoaded()) {
    for (const id of LAYER_IDS) {
      for (const layer of DATA_LAYERS(id)) {
        if (map.getLayer(layer))
          map.setLayoutProperty(layer, 'visibility', visible.has(id) ? 'visible' : 'none');
      }
    }
    if (map.getLayer('site'))
      map.setLayoutProperty('site', 'visibility', visible.has('constraints') ? 'visible' : 'none');
  }
  for (const section of document.querySelectorAll<HTMLElement>('section.layer:not(.not-asked)')) {
    section.classList.toggle('off', !visible.has(section.dataset.layer as LayerId));
  }
  updateAttribution();
}

/** WebGL 2 is what MapLibre needs; without it the panel, list, details and attribution still work. */
function webglAvailable(): boolean {
  return document.createElement('canvas').getContext('webgl2') !== null;
}

/** Says, where the map would be, that it cannot be drawn and why (one short line). */
function showNoMap(why: string): void {
  const container = $('map');
  container.dataset.map = 'unavailable';
  container.replaceChildren(
    el(
      'p',
      { class: 'no-webgl', role: 'alert' },
      `The map cannot be drawn: ${why}. The list and details work.`,
    ),
  );
}

async function showMap(): Promise<void> {
  if (!webglAvailable()) {
    showNoMap('this browser has no WebGL 2');
    return;
  }
  try {
    const maplibre = await import('maplibre-gl');
    maplibre.setWorkerUrl(maplibreWorkerUrl);
    drawMap(maplibre);
    $('map').dataset.map = 'ready';
  } catch (error) {
    showNoMap(shortError(error));
  }
}

/** Shows these layers: the panel, the attribution and the map's data. */
function showLayers(next: Layer[]): void {
  layers = next;
  byId.clear();
  for (const layer of layers)
    for (const record of layer.records) byId.set(String(record.id), { record, layer });
  renderPanel();
  updateAttribution();
  if (map?.isStyleLoaded()) {
    for (const layer of layers) {
      const source = map.getSource(layer.id);
      if (source && 'setData' in source)
        (source as import('maplibre-gl').GeoJSONSource).setData(collectionOf(layer));
    }
  }
}

function setStoreStatus(text: string): void {
  storeStatus = text;
  const line = document.getElementById('store-status');
  if (line) line.textContent = text;
}

/**
 * The store's part, after the page has drawn: a first load keeps what was shown; a later load has
 * shown what the store kept, and now asks again and keeps (and shows) the fresh answer.
 */
async function refreshStore(
  store: Store,
  shownFromStore: boolean,
  ask: () => Promise<Layer[]>,
): Promise<void> {
  const fresh = shownFromStore ? await ask() : layers;
  const report = await keepLayers(store, scope, fresh);
  // A layer that failed to refresh keeps showing what the store had.
  if (shownFromStore)
    showLayers(fresh.map((l) => (l.status === 'failed' ? (layers.find((k) => k.id === l.id) ?? l) : l)));
  const failed = fresh.filter((l) => l.status === 'failed').map((l) => l.title);
  setStoreStatus(
    `${shownFromStore ? 'Refreshed' : 'Kept'} in the browser's store: ${report.stored} new or changed, ` +
      `${report.unchanged} unchanged${report.rejected ? `, ${report.rejected} refused` : ''}` +
      `${failed.length ? `; not refreshed: ${failed.join(', ')}` : ''}.`,
  );
  document.body.dataset.store = shownFromStore ? 'refreshed' : 'filled';
  document.body.dataset.storeReport = JSON.stringify(report);
}

// ----------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  $('title').textContent = `${borough.name} borough dashboard`;
  $('mode').textContent = live ? 'live' : 'offline · recorded responses';
  const client = live
    ? createClient(localDevServer() ? { allowHttpHosts: [location.hostname] } : {})
    : createClient({ fetch: replayHar(parseHar(archiveText)), cache: false, retry: { limit: 0 } });
  const ask = () => loadLayers(client, plan, live ? proxiedBaseUrls() : {});
  // PGlite and PostGIS take seconds to start: a first visit shows the answers at once and fills the
  // store meanwhile; a visit after one that filled it (the mark below) waits for the store.
  const opening = openDashboardStore().then(
    (store) => ({ store }),
    (error: unknown) => ({ error }),
  );
  setStoreStatus("Opening the browser's store…");
  const opened = localStorage.getItem(KEPT_MARK) ? await opening : undefined;
  const kept =
    opened && 'store' in opened
      ? await readLayers(opened.store, scope, plan.layers).catch((error: unknown) => {
          setStoreStatus(`The store could not be read (${shortError(error)}): asking again.`);
          return undefined;
        })
      : undefined;
  document.body.dataset.source = kept ? 'store' : live ? 'live' : 'archive';
  showLayers(kept ?? (await ask()));
  if (kept) setStoreStatus("Shown from the browser's store; refreshing…");
  await showMap();
  document.body.dataset.ready = 'true';
  const result = await opening;
  if ('error' in result) {
    document.body.dataset.store = 'unavailable';
    setStoreStatus(`No store in this browser (${shortError(result.error)}): answers are not kept.`);
    return;
  }
  try {
    await refreshStore(result.store, kept !== undefined, ask);
    localStorage.setItem(KEPT_MARK, new Date().toISOString());
  } catch (error) {
    document.body.dataset.store = 'failed';
    setStoreStatus(`The store was not updated: ${shortError(error)}.`);
  }
}

main().catch((error: unknown) => {
  document.body.dataset.ready = 'error';
  $('panel').replaceChildren(
    el('p', { class: 'status failed', role: 'alert' }, `The dashboard failed: ${shortError(error)}`),
  );
});
