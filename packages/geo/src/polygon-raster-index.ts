/**
 * An exact point-in-polygon index for a set of non-overlapping polygons (a partition with gaps, such
 * as boroughs). A grid of cells records, per cell, either the one polygon covering it whole (or none)
 * or the edges that cross it. A point in a crossed cell casts turf's ray to the east, but only until
 * the next whole cell, whose answer it already knows, so it tests a handful of edges instead of all.
 *
 * Ray crossings use turf's test (an edge counts when one end is strictly above the point and the
 * crossing is strictly east of it), so answers match turf's booleanPointInPolygon everywhere except
 * exactly on a boundary, where turf says "inside" for both sides and this index picks one: the
 * polygon immediately east of the point, or, on a border running exactly east-west, immediately north.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Returned for points in no polygon.
 *
 * @example
 * ```ts
 * import { NO_POLYGON } from '@ldn-twin/geo';
 * NO_POLYGON; // 255
 * ```
 */
export const NO_POLYGON = 255;
// In the byte grid the hot path reads: a cell crossed by edges, whose answer needs a walk.
const CROSSED = 254;

/**
 * The index (see the example of {@link createPolygonRasterIndex}). `lookup` answers one point; `lookupBatch` answers interleaved lon/lat pairs into bytes
 * (polygon position, or {@link NO_POLYGON}), so at most 254 polygons are supported.
 */
export interface PolygonRasterIndex {
  lookup(x: number, y: number): number;
  lookupBatch(xy: Float64Array, out?: Uint8Array): Uint8Array;
  /** Bytes held by the index's arrays. */
  readonly byteLength: number;
}

/** Options for {@link createPolygonRasterIndex}, e.g. `{ columns: 8, rows: 8 }` for a one-off test. */
export interface PolygonRasterIndexOptions {
  /** Cells across (default 1024). */
  readonly columns?: number;
  /** Cells down (default 1024). */
  readonly rows?: number;
}

const UNLABELLED = -3;
// Edges join a cell's list when their bounding box comes this close, so a point that rounding puts in
// the neighbouring cell still meets every edge near it.
const MARGIN = 1e-9;

/**
 * Builds the index for polygons given in order; lookups answer positions in that order.
 *
 * @example
 * ```ts
 * import { createPolygonRasterIndex, NO_POLYGON } from '@ldn-twin/geo';
 * const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
 * const index = createPolygonRasterIndex([square], { columns: 8, rows: 8 });
 * index.lookup(0.5, 0.5); // 0
 * index.lookup(2, 2) === NO_POLYGON; // true
 * ```
 */
export function createPolygonRasterIndex(
  geometries: readonly (Polygon | MultiPolygon)[],
  options: PolygonRasterIndexOptions = {},
): PolygonRasterIndex {
  if (geometries.length > CROSSED) throw new RangeError(`A raster index holds at most ${CROSSED} polygons`);
  const columns = options.columns ?? 1024;
  const rows = options.rows ?? 1024;

  // Edges as flat arrays; closing edges included, zero-length and horizontal edges left out (turf's
  // ray never counts a horizontal edge).
  const edgeList: number[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  geometries.forEach((geometry, label) => {
    const polygons: Position[][][] =
      geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    for (const polygon of polygons) {
      for (const ring of polygon) {
        const n = ring.length;
        for (let i = 0; i < n; i++) {
          const a = ring[i] as Position;
          const b = ring[(i + 1) % n] as Position;
          const ax = a[0] as number;
          const ay = a[1] as number;
          const bx = b[0] as number;
          const by = b[1] as number;
          minX = Math.min(minX, ax);
          minY = Math.min(minY, ay);
          maxX = Math.max(maxX, ax);
          maxY = Math.max(maxY, ay);
          if (ay !== by) edgeList.push(ax, ay, bx, by, label);
        }
      }
    }
  });
  const edgeCount = edgeList.length / 5;
  const ex0 = new Float64Array(edgeCount);
  const ey0 = new Float64Array(edgeCount);
  const ex1 = new Float64Array(edgeCount);
  const ey1 = new Float64Array(edgeCount);
  const edgeLabel = new Uint8Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    ex0[e] = edgeList[e * 5] as number;
    ey0[e] = edgeList[e * 5 + 1] as number;
    ex1[e] = edgeList[e * 5 + 2] as number;
    ey1[e] = edgeList[e * 5 + 3] as number;
    edgeLabel[e] = edgeList[e * 5 + 4] as number;
  }

  // The grid covers the polygons with a cell to spare on each side, so points off it are in none.
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const dx = spanX / (columns - 2);
  const dy = spanY / (rows - 2);
  const x0 = minX - dx;
  const y0 = minY - dy;
  const invDx = 1 / dx;
  const invDy = 1 / dy;
  const cellLeft = (c: number) => x0 + c * dx;

  const forEachCell = (e: number, visit: (cell: number) => void) => {
    const c0 = Math.max(0, Math.floor((Math.min(ex0[e] as number, ex1[e] as number) - MARGIN - x0) * invDx));
    const c1 = Math.min(
      columns - 1,
      Math.floor((Math.max(ex0[e] as number, ex1[e] as number) + MARGIN - x0) * invDx),
    );
    const r0 = Math.max(0, Math.floor((Math.min(ey0[e] as number, ey1[e] as number) - MARGIN - y0) * invDy));
    const r1 = Math.min(
      rows - 1,
      Math.floor((Math.max(ey0[e] as number, ey1[e] as number) + MARGIN - y0) * invDy),
    );
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) visit(r * columns + c);
  };

  // Cell lists in compressed-row form: count, prefix-sum, fill.
  const counts = new Int32Array(columns * rows);
  for (let e = 0; e < edgeCount; e++) forEachCell(e, (cell) => counts[cell]!++);
  const cells = new Int32Array(columns * rows);
  let mixed = 0;
  for (let i = 0; i < cells.length; i++) cells[i] = counts[i]! > 0 ? -2 - mixed++ : UNLABELLED;
  const starts = new Int32Array(mixed + 1);
  for (let i = 0, m = 0; i < cells.length; i++) if (counts[i]! > 0) starts[m + 1] = starts[m++]! + counts[i]!;
  const edges = new Int32Array(starts[mixed]!);
  const fill = starts.slice(0, mixed);
  for (let e = 0; e < edgeCount; e++) {
    forEachCell(e, (cell) => {
      edges[fill[-2 - cells[cell]!]!++] = e;
    });
  }

  const parity = new Uint8Array(256);
  // Every crossing of a walk is recorded, so this can never overflow.
  const touched = new Uint8Array(edgeCount + 1);

  // The walk: count crossings of the eastward ray cell by cell until a whole cell, then combine.
  function walk(x: number, y: number, column: number, row: number): number {
    let touchedCount = 0;
    let cell = row * columns + column;
    let wholeLabel = -1;
    for (let c = column; ; c++, cell++) {
      if (c === columns) break;
      const v = cells[cell] as number;
      if (v >= -1 || v === UNLABELLED) {
        // Only the starting cell can be unlabelled: labelling runs east to west.
        if (c === column) continue;
        wholeLabel = v;
        break;
      }
      const m = -2 - v;
      const left = c === column ? -Infinity : cellLeft(c);
      const right = cellLeft(c + 1);
      for (let k = starts[m] as number, end = starts[m + 1] as number; k < end; k++) {
        const e = edges[k] as number;
        const yi = ey0[e] as number;
        const yj = ey1[e] as number;
        if (yi > y !== yj > y) {
          const xi = ex0[e] as number;
          const xint = (((ex1[e] as number) - xi) * (y - yi)) / (yj - yi) + xi;
          if (x < xint && xint >= left && xint < right) {
            const label = edgeLabel[e] as number;
            parity[label] = (parity[label] as number) ^ 1;
            touched[touchedCount++] = label;
          }
        }
      }
    }
    // Inside polygon P when the crossings of P's edges are odd, flipped if the whole cell lies in P.
    let answer = wholeLabel >= 0 && parity[wholeLabel] === 0 ? wholeLabel : NO_POLYGON;
    for (let t = 0; t < touchedCount; t++) {
      const label = touched[t] as number;
      if (parity[label] === 1 && label !== wholeLabel && label < answer) answer = label;
    }
    for (let t = 0; t < touchedCount; t++) parity[touched[t] as number] = 0;
    return answer;
  }

  // Label whole cells east to west: each takes its answer from a walk that stops at the next whole
  // cell, which is already labelled.
  for (let r = 0; r < rows; r++) {
    const y = y0 + (r + 0.5) * dy;
    for (let c = columns - 1; c >= 0; c--) {
      const cell = r * columns + c;
      if (cells[cell] !== UNLABELLED) continue;
      const result = walk(x0 + (c + 0.5) * dx, y, c, r);
      cells[cell] = result === NO_POLYGON ? -1 : result;
    }
  }

  // Lookups read this byte per cell first: a quarter of the Int32 grid's memory, so it stays in cache
  // while millions of points stream past.
  const bytes = new Uint8Array(columns * rows);
  for (let i = 0; i < bytes.length; i++) {
    const v = cells[i] as number;
    bytes[i] = v >= 0 ? v : v === -1 ? NO_POLYGON : CROSSED;
  }

  function lookup(x: number, y: number): number {
    const fc = (x - x0) * invDx;
    const fr = (y - y0) * invDy;
    if (!(fc >= 0 && fc < columns && fr >= 0 && fr < rows)) return NO_POLYGON;
    const c = fc | 0;
    const r = fr | 0;
    const v = bytes[r * columns + c] as number;
    return v === CROSSED ? walk(x, y, c, r) : v;
  }

  return {
    lookup,
    lookupBatch(xy, out) {
      if (xy.length % 2 !== 0)
        throw new RangeError('Batch input must hold an even number of values (x, y pairs)');
      const result = out ?? new Uint8Array(xy.length / 2);
      if (result.length < xy.length / 2) throw new RangeError('Batch output is shorter than the input');
      for (let i = 0, k = 0; i < xy.length; i += 2, k++) {
        const x = xy[i] as number;
        const y = xy[i + 1] as number;
        const fc = (x - x0) * invDx;
        const fr = (y - y0) * invDy;
        if (!(fc >= 0 && fc < columns && fr >= 0 && fr < rows)) {
          result[k] = NO_POLYGON;
          continue;
        }
        const c = fc | 0;
        const r = fr | 0;
        const v = bytes[r * columns + c] as number;
        result[k] = v === CROSSED ? walk(x, y, c, r) : v;
      }
      return result;
    },
    byteLength:
      bytes.byteLength +
      cells.byteLength +
      starts.byteLength +
      edges.byteLength +
      ex0.byteLength * 4 +
      edgeLabel.byteLength,
  };
}
