/**
 * Answering a question from a store of twin records instead of the network. A question names, per
 * source, the connector operation that fills it and which synced params cover the place asked
 * about; the store's sync checkpoints say what it holds and as of when. A source (or a dataset of
 * one) that no complete sync covers is not answered, never read as "nothing there".
 *
 * Only the shape of a store is named here ({@link RecordStore}): `@ldn-twin/store`'s `Store`
 * fits it, and a browser bundle of the questions never pulls in a database.
 */
import { type Audience, ConfigError, type HttpClient, type Kind, type TwinRecord } from '@ldn-twin/core';
import { createPolygonRasterIndex, NO_POLYGON } from '@ldn-twin/geo';
import type { Geometry, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { Source, Withheld } from './report.js';

/** What a question asks of a store (a subset of `@ldn-twin/store`'s `StoreQuery`). */
export interface RecordStoreQuery {
  readonly kind?: Kind | readonly Kind[];
  readonly connector?: string | readonly string[];
  /**
   * A London borough by GSS code: the borough a record's `withinArea` relation names, else the one
   * its geometry lies in (a record with neither has none).
   */
  readonly borough?: string;
  /** Records whose geometry intersects this WGS 84 geometry. */
  readonly intersects?: Geometry;
  /** Records within `radius` metres of the point. */
  readonly near?: { readonly lon: number; readonly lat: number; readonly radius: number };
  /** Who is looking (the store's default: the public); the store withholds what they may not see. */
  readonly audience?: Audience | undefined;
  /** Why, for the store's access log. */
  readonly purpose?: string | undefined;
  /** Told, when the read ends, how many records the store withheld from the audience and why. */
  readonly onWithheld?: (withheld: Withheld) => void;
}

/** One complete sync a store holds: a connector operation run with these params. */
export interface SyncedSource {
  readonly connector: string;
  readonly operation: string;
  /** The params of the run as given (without `since`). */
  readonly params: Readonly<Record<string, unknown>>;
  /** When the run started: the store's copy is no older than this. */
  readonly startedAt: string;
  readonly completedAt: string;
  /**
   * Records of the run without geometry, by dataset: a spatial query cannot find them, so the store
   * cannot answer for those datasets. Absent (a sync saved before it was counted): unknown.
   */
  readonly withoutGeometry?: Readonly<Record<string, number>>;
}

/**
 * A store a question can read from: `@ldn-twin/store`'s `Store` is one (`openStore(...)`). Its
 * queries honour access labels and policies and are written to its access log.
 *
 * @example
 * ```ts
 * import { openStore } from '@ldn-twin/store';
 * import { type RecordStore, restrictionsAt } from '@ldn-twin/questions';
 * const store: RecordStore = await openStore({ path: './london-store' });
 * const report = await restrictionsAt({ point: [-0.1198903, 51.4922191] }, { store });
 * ```
 */
export interface RecordStore {
  /** The current records matching `query` that the audience may see. */
  query(query: RecordStoreQuery): AsyncIterable<TwinRecord>;
  /** Every complete sync the store holds (its sync checkpoints). */
  syncs(): Promise<readonly SyncedSource[]>;
}

/**
 * What a store holds of one source for a place: when the freshest covering sync started, for the
 * source and per dataset held, and why what is not held is not. No `asOf`: the store cannot answer
 * any of it (`why` says why).
 */
export interface StoredCoverage {
  readonly asOf?: string;
  readonly why?: string;
  /**
   * With `unplaced: 'counted'`: how many records the covering syncs brought without geometry, which
   * a spatial query cannot find (the answer leaves them out and says so).
   */
  readonly unplaced?: number;
  /** Per dataset held, when its freshest covering sync started. */
  readonly datasets?: Readonly<Record<string, string>>;
  /** Per dataset asked but not held, why not. */
  readonly unanswered?: Readonly<Record<string, string>>;
}

/** What a source read from a store needs: where its records come from and which syncs cover the place. */
export interface StoreSourceSpec<R extends TwinRecord = TwinRecord> {
  readonly source: string;
  /** The kinds of record the source answers with (the store is asked for these only). */
  readonly kinds: readonly R['featureType'][];
  readonly connector: string;
  readonly operation: string;
  readonly datasets?: readonly { readonly id: string; readonly label: string }[];
  /**
   * Whether a complete sync with these params holds every record the question needs for the place:
   * `true` (all of it), `false`, or the datasets it holds.
   */
  readonly covers: (params: Readonly<Record<string, unknown>>) => boolean | readonly string[];
  /** The store query (kinds, connector, audience and purpose are added). */
  readonly query: Pick<RecordStoreQuery, 'intersects' | 'near' | 'borough'>;
  /**
   * What the records a covering sync brought without geometry mean for the answer (default
   * `'not answered'`): `'not answered'`, a spatial query cannot find them, so the dataset is not
   * answered; `'ignored'`, they do not change the answer (the query is not spatial and finds them,
   * or the source's own answer would leave them out too); `'counted'`, the answer leaves them out
   * and says how many the covering syncs hold ({@link StoredCoverage.unplaced}).
   */
  readonly unplaced?: 'not answered' | 'ignored' | 'counted';
  /** Keep only the records that pass (e.g. applications validated in the last three years). */
  readonly keep?: (record: R) => boolean;
}

/** Why a store cannot answer: no complete sync it holds covers the place. */
export const NOT_IN_STORE = 'no sync in the store covers this place';

/**
 * What the freshest covering sync of each dataset says (a source naming no datasets is one, `''`):
 * held since it started, or why not (no sync covers it; records it brought without geometry).
 */
function coverage(
  syncs: readonly SyncedSource[],
  spec: Pick<StoreSourceSpec, 'connector' | 'operation' | 'covers' | 'datasets' | 'unplaced'>,
): StoredCoverage {
  const ids = spec.datasets?.map((d) => d.id) ?? [''];
  const mode = spec.unplaced ?? 'not answered';
  const datasets: Record<string, string> = {};
  const unanswered: Record<string, string> = {};
  let unplaced = 0;
  for (const id of ids) {
    let freshest: SyncedSource | undefined;
    for (const sync of syncs) {
      if (sync.connector !== spec.connector || sync.operation !== spec.operation) continue;
      const covered = spec.covers(sync.params);
      const holds = covered === true || (covered !== false && (id === '' || covered.includes(id)));
      if (holds && (freshest === undefined || sync.startedAt > freshest.startedAt)) freshest = sync;
    }
    const counts = Object.entries(freshest?.withoutGeometry ?? {});
    const n = counts.reduce((sum, [dataset, count]) => (id === '' || dataset === id ? sum + count : sum), 0);
    const why =
      freshest === undefined
        ? NOT_IN_STORE
        : mode === 'ignored'
          ? undefined
          : freshest.withoutGeometry === undefined
            ? 'synced by an older release: sync it again'
            : n > 0 && mode === 'not answered'
              ? `the store cannot place ${n} record${n === 1 ? '' : 's'} of it synced without geometry`
              : undefined;
    if (why === undefined && freshest) {
      datasets[id] = freshest.startedAt;
      unplaced += n;
    } else unanswered[id] = why ?? NOT_IN_STORE;
  }
  // The source is no fresher than its stalest dataset.
  const [asOf] = Object.values(datasets).sort();
  const reasons = new Set(Object.values(unanswered));
  const why = reasons.size === 1 ? [...reasons][0] : NOT_IN_STORE;
  return {
    ...(asOf === undefined ? { why } : { asOf }),
    ...(asOf !== undefined && mode === 'counted' && unplaced > 0 ? { unplaced } : {}),
    ...(spec.datasets ? { datasets, unanswered } : {}),
  };
}

/**
 * A question's source read from a store: the records the store query returns (of the datasets held,
 * when the source names datasets), with what the store holds of it and as of when.
 *
 * @example
 * ```ts
 * const syncs = await store.syncs();
 * const constraints = storeSource(store, syncs, {
 *   source: 'planning constraints (planning.data.gov.uk)',
 *   kinds: ['PlanningConstraint'],
 *   connector: 'planning-data',
 *   operation: 'searchEntities',
 *   covers: (params) => params.point === undefined && params.geometry === undefined,
 *   query: { intersects: site },
 * }, audience);
 * ```
 */
export function storeSource<R extends TwinRecord>(
  store: RecordStore,
  syncs: readonly SyncedSource[],
  spec: StoreSourceSpec<R>,
  audience?: Audience,
): Source<R> & { readonly stored: StoredCoverage } {
  const stored = coverage(syncs, spec);
  const kinds: readonly Kind[] = spec.kinds;
  // Of the kinds asked and, when the source names datasets, of a dataset held.
  const held = (record: TwinRecord): record is R =>
    kinds.includes(record.featureType) &&
    (stored.datasets === undefined || record.properties.provenance.dataset in stored.datasets);
  let withheld: Withheld | undefined;
  return {
    source: spec.source,
    connector: spec.connector,
    ...(spec.datasets ? { datasets: spec.datasets } : {}),
    stored,
    withheld: () => withheld,
    async run() {
      const records: R[] = [];
      const query: RecordStoreQuery = {
        ...spec.query,
        kind: spec.kinds,
        connector: spec.connector,
        audience,
        purpose: audience?.purpose,
        onWithheld: (told) => {
          withheld = told;
        },
      };
      for await (const record of store.query(query)) {
        if (held(record) && (spec.keep?.(record) ?? true)) records.push(record);
      }
      return records;
    },
  };
}

/**
 * A question's sources: read from `options.store` (with the syncs it holds) when one is given,
 * else asked of the network with `options.client`.
 *
 * @throws ConfigError when neither is given.
 *
 * @example
 * ```ts
 * const sources = await readFrom(
 *   'projectProgress',
 *   options,
 *   (store, syncs) => fromStore(store, syncs),
 *   (client) => fromNetwork(client),
 * );
 * ```
 */
export async function readFrom<S>(
  question: string,
  options: { readonly client?: HttpClient | undefined; readonly store?: RecordStore | undefined },
  fromStore: (store: RecordStore, syncs: readonly SyncedSource[]) => S,
  fromNetwork: (client: HttpClient) => S,
): Promise<S> {
  if (options.store) return fromStore(options.store, await options.store.syncs());
  if (options.client) return fromNetwork(options.client);
  throw new ConfigError(`${question}: give a client or a store`);
}

/** Every position of a point's or an area's coordinates. */
function positionsOf(coordinates: unknown, out: Position[] = []): Position[] {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') out.push(coordinates as Position);
  else if (Array.isArray(coordinates)) for (const inner of coordinates) positionsOf(inner, out);
  return out;
}

/**
 * Whether `area` (a synced request's polygon) holds every vertex of `site`; an area that is not a
 * polygon holds nothing. For a site that is a point, exact; for an outline, its vertices (an area
 * with a notch the outline crosses between two vertices would be wrongly taken to cover it: sync an
 * area that is convex around the site).
 */
export function areaHolds(area: Geometry, site: Point | Polygon | MultiPolygon): boolean {
  if (area.type !== 'Polygon' && area.type !== 'MultiPolygon') return false;
  const positions = positionsOf(site.coordinates);
  // The exact index boroughAt uses, coarse: built for one test.
  const index = createPolygonRasterIndex([area], { columns: 8, rows: 8 });
  return (
    positions.length > 0 &&
    positions.every(([lon = Number.NaN, lat = Number.NaN]) => index.lookup(lon, lat) !== NO_POLYGON)
  );
}

/**
 * A bounding box `[west, south, east, north]` as a polygon, for a store query.
 *
 * @example
 * ```ts
 * boxPolygon([-0.13, 51.48, -0.11, 51.5]).coordinates[0]?.length; // 5
 * ```
 */
export function boxPolygon([w, s, e, n]: readonly [number, number, number, number]): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}

/**
 * How long before `at` a store's copy was synced, for a reader: '0 hours', '3 hours', '36 days'.
 *
 * @example
 * ```ts
 * ageOf('2026-12-01T00:00:00Z', new Date('2026-12-07T12:00:00Z')); // '6 days'
 * ```
 */
export function ageOf(asOf: string, at: Date): string {
  const hours = Math.max(0, Math.floor((at.getTime() - Date.parse(asOf)) / 3_600_000));
  const [n, unit] = hours < 48 ? [hours, 'hour'] : [Math.floor(hours / 24), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
