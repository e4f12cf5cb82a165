/**
 * Bounding boxes between WGS 84 and the British National Grid. A box's straight edges in one system
 * are curves in the other (meridians converge on the grid, parallels bow), so each edge is sampled
 * (densified) and each extreme refined between samples; corners alone can miss hundreds of metres.
 */
import type { BBox } from 'geojson';
import { type BngTransform, createBngTransform } from './bng-transform.js';

/**
 * Options for the bbox conversions.
 *
 * @example
 * ```ts
 * import { bboxWgs84ToBng } from '@ldn-twin/geo';
 * bboxWgs84ToBng([-0.51, 51.28, 0.34, 51.69], { densify: 64 });
 * ```
 */
export interface BboxTransformOptions {
  /** Points sampled along each edge before each extreme is refined (default 32). */
  readonly densify?: number;
  /** The converter to use (the Greater London OSTN15 window by default). */
  readonly transform?: BngTransform;
}

let london: BngTransform | undefined;

// Golden-section refinement of an extreme found between samples: the edges are smooth curves, so
// the sampled extreme brackets the true one to well under a millimetre after 40 rounds.
const GOLDEN = (Math.sqrt(5) - 1) / 2;
function refine(f: (t: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 40; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - GOLDEN * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + GOLDEN * (b - a);
      fd = f(d);
    }
  }
  return Math.min(fc, fd, f(lo), f(hi));
}

function convert(
  box: BBox,
  options: BboxTransformOptions,
  step: (t: BngTransform, x: number, y: number) => [number, number],
): [number, number, number, number] {
  const [minX, minY, maxX, maxY] = box.length === 6 ? [box[0], box[1], box[3], box[4]] : box;
  london ??= createBngTransform();
  const transform = options.transform ?? london;
  const n = Math.max(0, Math.floor(options.densify ?? 32)) + 1;
  const edges: ((t: number) => [number, number])[] = [
    (t) => step(transform, minX + (maxX - minX) * t, minY),
    (t) => step(transform, minX + (maxX - minX) * t, maxY),
    (t) => step(transform, minX, minY + (maxY - minY) * t),
    (t) => step(transform, maxX, minY + (maxY - minY) * t),
  ];
  // Per output bound: the sign that turns it into a minimum, and which coordinate it reads.
  const bounds = [
    [1, 0],
    [1, 1],
    [-1, 0],
    [-1, 1],
  ] as const;
  const out: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const edge of edges) {
    const samples = Array.from({ length: n + 1 }, (_, i) => edge(i / n));
    bounds.forEach(([sign, axis], b) => {
      let best = 0;
      for (let i = 1; i <= n; i++) {
        if (sign * (samples[i] as [number, number])[axis] < sign * (samples[best] as [number, number])[axis])
          best = i;
      }
      const value =
        sign * refine((t) => sign * edge(t)[axis], Math.max(0, best - 1) / n, Math.min(n, best + 1) / n);
      out[b] = b < 2 ? Math.min(out[b] as number, value) : Math.max(out[b] as number, value);
    });
  }
  return out;
}

/**
 * A WGS 84 bbox [west, south, east, north] to the British National Grid bbox
 * [minEasting, minNorthing, maxEasting, maxNorthing] that contains it, edges densified.
 *
 * @example
 * ```ts
 * import { bboxWgs84ToBng } from '@ldn-twin/geo';
 * bboxWgs84ToBng([-0.51, 51.28, 0.34, 51.69]); // about [503090, 154483, 563296, 201618]
 * ```
 */
export function bboxWgs84ToBng(
  box: BBox,
  options: BboxTransformOptions = {},
): [number, number, number, number] {
  return convert(box, options, (t, x, y) => {
    const p = t.toBng(x, y);
    return [p.easting, p.northing];
  });
}

/**
 * A British National Grid bbox [minEasting, minNorthing, maxEasting, maxNorthing] to the WGS 84 bbox
 * [west, south, east, north] that contains it, edges densified.
 *
 * @example
 * ```ts
 * import { bboxBngToWgs84 } from '@ldn-twin/geo';
 * bboxBngToWgs84([503090, 154483, 563296, 201618]); // contains [-0.51, 51.28, 0.34, 51.69]
 * ```
 */
export function bboxBngToWgs84(
  box: BBox,
  options: BboxTransformOptions = {},
): [number, number, number, number] {
  return convert(box, options, (t, x, y) => {
    const p = t.toWgs84(x, y);
    return [p.lon, p.lat];
  });
}
