/**
 * Counts and sums of points per borough, per British National Grid square (1 km, 100 m) and per H3
 * cell, from typed arrays, with GeoJSON of the results for maps. Points given in WGS 84 reach the
 * grid through OSTN15 (the Greater London window; Helmert beyond it, which is fine at 100 m).
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { cellToBoundary, latLngToCell } from 'h3-js';
import { bngToWgs84, wgs84ToBngBatch } from './bng-transform.js';
import { BOROUGHS, type Borough } from './borough-data.js';
import { boroughBoundariesForWeb } from './borough-web.js';
import { boroughIndexesAt, NO_BOROUGH } from './boroughs.js';
import { formatGridRef } from './grid-ref.js';

/**
 * A count of points and the sum of their weights (the sum equals the count without weights).
 *
 * @example
 * ```ts
 * import { aggregateByBorough, type Aggregate } from '@ldn-twin/geo';
 * const outside: Aggregate = aggregateByBorough(lonLat).outside;
 * ```
 */
export interface Aggregate {
  count: number;
  sum: number;
}

/**
 * Options shared by the aggregations.
 *
 * @example
 * ```ts
 * import { aggregateByH3 } from '@ldn-twin/geo';
 * aggregateByH3(lonLat, 8, { weights: new Float64Array([2, 5]) });
 * ```
 */
export interface AggregateOptions {
  /** One weight per point, summed into `sum` (default: every point weighs 1). */
  readonly weights?: Float64Array;
}

function checkInput(lonLat: Float64Array, weights: Float64Array | undefined): void {
  if (lonLat.length % 2 !== 0)
    throw new RangeError('Point input must hold an even number of values (x, y pairs)');
  if (weights && weights.length !== lonLat.length / 2) {
    throw new RangeError(`Expected ${lonLat.length / 2} weights, one per point, got ${weights.length}`);
  }
}

/**
 * Per-borough totals, in {@link BOROUGHS} order, and the total of points in no borough.
 *
 * @example
 * ```ts
 * import { aggregateByBorough } from '@ldn-twin/geo';
 * const { boroughs, outside } = aggregateByBorough(new Float64Array([-0.1276, 51.5072]));
 * boroughs[32]; // { borough: Westminster, count: 1, sum: 1 }
 * ```
 */
export interface BoroughAggregates {
  readonly boroughs: ({ readonly borough: Borough } & Aggregate)[];
  readonly outside: Aggregate;
}

/**
 * Counts (and sums weights of) WGS 84 points per borough, with the exact borough index.
 *
 * @example
 * ```ts
 * import { aggregateByBorough } from '@ldn-twin/geo';
 * const totals = aggregateByBorough(lonLat, { weights });
 * totals.boroughs.filter((b) => b.count > 0);
 * ```
 */
export function aggregateByBorough(lonLat: Float64Array, options: AggregateOptions = {}): BoroughAggregates {
  const { weights } = options;
  checkInput(lonLat, weights);
  const indexes = boroughIndexesAt(lonLat);
  const counts = new Float64Array(BOROUGHS.length + 1);
  const sums = new Float64Array(BOROUGHS.length + 1);
  for (let i = 0; i < indexes.length; i++) {
    const b = indexes[i] === NO_BOROUGH ? BOROUGHS.length : (indexes[i] as number);
    counts[b]!++;
    sums[b]! += weights ? (weights[i] as number) : 1;
  }
  return {
    boroughs: BOROUGHS.map((borough, b) => ({ borough, count: counts[b] as number, sum: sums[b] as number })),
    outside: { count: counts[BOROUGHS.length] as number, sum: sums[BOROUGHS.length] as number },
  };
}

/**
 * One British National Grid square's total.
 *
 * @example
 * ```ts
 * import { aggregateByGridSquare, type GridSquareAggregate } from '@ldn-twin/geo';
 * const [first]: GridSquareAggregate[] = aggregateByGridSquare(lonLat, 1000).squares;
 * first?.ref; // 'TQ3080'
 * ```
 */
export interface GridSquareAggregate extends Aggregate {
  /** The square's grid reference without spaces ('TQ3080' for 1 km, 'TQ305805' for 100 m). */
  readonly ref: string;
  /** South-west corner, metres. */
  readonly easting: number;
  readonly northing: number;
  /** Side, metres. */
  readonly size: 1000 | 100;
}

/**
 * Options for {@link aggregateByGridSquare}.
 *
 * @example
 * ```ts
 * import { aggregateByGridSquare } from '@ldn-twin/geo';
 * aggregateByGridSquare(eastingNorthing, 100, { input: 'bng' });
 * ```
 */
export interface GridSquareOptions extends AggregateOptions {
  /** Whether the pairs are WGS 84 lon/lat (default) or British National Grid easting/northing. */
  readonly input?: 'wgs84' | 'bng';
}

const GRID_ROWS = 13000;

/**
 * Counts (and sums weights of) points per 1 km or 100 m National Grid square, sorted by easting then
 * northing; points off the grid go to `outside`.
 *
 * @example
 * ```ts
 * import { aggregateByGridSquare } from '@ldn-twin/geo';
 * const { squares } = aggregateByGridSquare(new Float64Array([-0.1276, 51.5072]), 1000);
 * squares[0]; // { ref: 'TQ3080', easting: 530000, northing: 180000, size: 1000, count: 1, sum: 1 }
 * ```
 */
export function aggregateByGridSquare(
  coordinates: Float64Array,
  size: 1000 | 100,
  options: GridSquareOptions = {},
): { squares: GridSquareAggregate[]; outside: Aggregate } {
  const { weights } = options;
  checkInput(coordinates, weights);
  const en = options.input === 'bng' ? coordinates : wgs84ToBngBatch(coordinates).coordinates;
  const totals = new Map<number, Aggregate>();
  const outside: Aggregate = { count: 0, sum: 0 };
  for (let i = 0; i < en.length / 2; i++) {
    const e = en[2 * i] as number;
    const n = en[2 * i + 1] as number;
    const w = weights ? (weights[i] as number) : 1;
    if (!(e >= 0 && e < 700000 && n >= 0 && n < 1300000)) {
      outside.count++;
      outside.sum += w;
      continue;
    }
    const key = Math.floor(e / size) * GRID_ROWS + Math.floor(n / size);
    const t = totals.get(key);
    if (t) {
      t.count++;
      t.sum += w;
    } else totals.set(key, { count: 1, sum: w });
  }
  const squares = [...totals.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([key, t]) => {
      const easting = Math.floor(key / GRID_ROWS) * size;
      const northing = (key % GRID_ROWS) * size;
      const ref = formatGridRef(easting, northing, { digits: size === 1000 ? 4 : 6, spaces: false });
      return { ref, easting, northing, size, count: t.count, sum: t.sum };
    });
  return { squares, outside };
}

/**
 * One H3 cell's total.
 *
 * @example
 * ```ts
 * import { aggregateByH3, type H3Aggregate } from '@ldn-twin/geo';
 * const cells: H3Aggregate[] = aggregateByH3(lonLat, 9);
 * ```
 */
export interface H3Aggregate extends Aggregate {
  /** The H3 cell index (hexadecimal string). */
  readonly cell: string;
}

/**
 * Counts (and sums weights of) WGS 84 points per H3 cell at a resolution (0 to 15), sorted by cell.
 *
 * @example
 * ```ts
 * import { aggregateByH3 } from '@ldn-twin/geo';
 * aggregateByH3(new Float64Array([-0.1276, 51.5072]), 9); // [{ cell: '89195da49b7ffff', count: 1, sum: 1 }]
 * ```
 */
export function aggregateByH3(
  lonLat: Float64Array,
  resolution: number,
  options: AggregateOptions = {},
): H3Aggregate[] {
  const { weights } = options;
  checkInput(lonLat, weights);
  const totals = new Map<string, Aggregate>();
  for (let i = 0; i < lonLat.length / 2; i++) {
    const cell = latLngToCell(lonLat[2 * i + 1] as number, lonLat[2 * i] as number, resolution);
    const w = weights ? (weights[i] as number) : 1;
    const t = totals.get(cell);
    if (t) {
      t.count++;
      t.sum += w;
    } else totals.set(cell, { count: 1, sum: w });
  }
  return [...totals.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([cell, t]) => ({ cell, count: t.count, sum: t.sum }));
}

/**
 * Grid-square totals as WGS 84 polygons (corners through OSTN15) for maps.
 *
 * @example
 * ```ts
 * import { aggregateByGridSquare, gridSquaresToGeoJSON } from '@ldn-twin/geo';
 * const fc = gridSquaresToGeoJSON(aggregateByGridSquare(lonLat, 1000).squares);
 * ```
 */
export function gridSquaresToGeoJSON(
  squares: readonly GridSquareAggregate[],
): FeatureCollection<Polygon, GridSquareAggregate> {
  return {
    type: 'FeatureCollection',
    features: squares.map((s) => {
      const corners = [
        [s.easting, s.northing],
        [s.easting + s.size, s.northing],
        [s.easting + s.size, s.northing + s.size],
        [s.easting, s.northing + s.size],
        [s.easting, s.northing],
      ].map(([e, n]) => {
        const p = bngToWgs84(e as number, n as number);
        return [p.lon, p.lat];
      });
      return { type: 'Feature', properties: { ...s }, geometry: { type: 'Polygon', coordinates: [corners] } };
    }),
  };
}

/**
 * H3 totals as polygons for maps.
 *
 * @example
 * ```ts
 * import { aggregateByH3, h3CellsToGeoJSON } from '@ldn-twin/geo';
 * const fc = h3CellsToGeoJSON(aggregateByH3(lonLat, 8));
 * ```
 */
export function h3CellsToGeoJSON(cells: readonly H3Aggregate[]): FeatureCollection<Polygon, H3Aggregate> {
  return {
    type: 'FeatureCollection',
    features: cells.map((c) => ({
      type: 'Feature',
      properties: { ...c },
      geometry: { type: 'Polygon', coordinates: [cellToBoundary(c.cell, true)] },
    })),
  };
}

/**
 * Borough totals on the web-weight boundaries for maps (show {@link BOROUGH_ATTRIBUTION}).
 *
 * @example
 * ```ts
 * import { aggregateByBorough, boroughAggregatesToGeoJSON } from '@ldn-twin/geo';
 * const fc = boroughAggregatesToGeoJSON(aggregateByBorough(lonLat));
 * ```
 */
export function boroughAggregatesToGeoJSON(
  totals: BoroughAggregates,
): FeatureCollection<Polygon | MultiPolygon, { code: string; name: string; count: number; sum: number }> {
  const web = boroughBoundariesForWeb();
  return {
    type: 'FeatureCollection',
    features: totals.boroughs.map(
      (
        t,
        i,
      ): Feature<Polygon | MultiPolygon, { code: string; name: string; count: number; sum: number }> => ({
        type: 'Feature',
        properties: { code: t.borough.code, name: t.borough.name, count: t.count, sum: t.sum },
        geometry: web.features[i]!.geometry,
      }),
    ),
  };
}
