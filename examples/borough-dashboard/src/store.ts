/**
 * The dashboard's own store: `@ldn-twin/store` (PGlite with PostGIS) kept in the browser's
 * IndexedDB. The first load fills it with the layers' answers (offline, the bundled archive); later
 * loads read the layers from it and then refresh it in the background. Beside the records, each
 * layer's last answer (title, what was asked, status and which records) is a store checkpoint.
 */
import type { PutReport, Store } from '@ldn-twin/store';
import { LAYER_CONNECTORS, type Layer, type LayerId } from './layers.js';

/** Where the store lives in the browser (PGlite's IndexedDB data dir). */
export const STORE_PATH = 'idb://ldn-twin-borough-dashboard';

/** The purpose the store's access log records for the dashboard's reads. */
const PURPOSE = 'borough dashboard';

/** A layer's last kept answer, without its records (those are in the store). */
interface LayerCheckpoint {
  readonly title: string;
  readonly asked: string;
  readonly ids: readonly string[];
}

/**
 * The checkpoint of a layer for one plan (`scope`, e.g. `offline/E09000022`), so answers for another
 * borough or mode are not read as this one's.
 */
const checkpointOf = (scope: string, id: LayerId) => `borough-dashboard/${scope}/${id}`;

/**
 * Opens the store on IndexedDB. PGlite and PostGIS (some 36 MB of wasm and data) are fetched only
 * here, after the page has drawn.
 */
export async function openDashboardStore(): Promise<Store> {
  const { openStore } = await import('@ldn-twin/store');
  return openStore({ path: STORE_PATH });
}

/** The layers as the store last kept them for `scope`; undefined when it has not kept every one of `ids`. */
export async function readLayers(
  store: Store,
  scope: string,
  ids: readonly LayerId[],
): Promise<Layer[] | undefined> {
  const layers: Layer[] = [];
  for (const id of ids) {
    const kept = await store.checkpoint<LayerCheckpoint>(checkpointOf(scope, id));
    if (!kept) return undefined;
    const wanted = new Set(kept.ids);
    const records = [];
    for await (const record of store.query({ connector: LAYER_CONNECTORS[id], purpose: PURPOSE })) {
      if (wanted.has(String(record.id))) records.push(record);
    }
    layers.push({ id, title: kept.title, asked: kept.asked, records, status: 'answered' });
  }
  return layers;
}

/**
 * Keeps the layers that answered for `scope`: their records (content already stored writes nothing) and each
 * layer's checkpoint. A layer that failed leaves what the store had for it.
 */
export async function keepLayers(store: Store, scope: string, layers: readonly Layer[]): Promise<PutReport> {
  const answered = layers.filter((l) => l.status === 'answered');
  const report = await store.put(answered.flatMap((l) => l.records));
  for (const layer of answered) {
    const kept: LayerCheckpoint = {
      title: layer.title,
      asked: layer.asked,
      ids: layer.records.map((r) => String(r.id)),
    };
    await store.saveCheckpoint(checkpointOf(scope, layer.id), kept);
  }
  return report;
}
