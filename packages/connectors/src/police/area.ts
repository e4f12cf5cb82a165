/**
 * Custom areas for data.police.uk: the `poly=lat,lng:lat,lng:...` parameter, and the split of an
 * area that holds more than 10,000 crimes (the API answers 503) into the four quadrants of its
 * bounding box, each clipped to the area, so the pieces cover the area exactly once (crimes on a
 * shared border come back twice and are deduplicated by the caller).
 */
import { HttpError, type RedactedRequest } from '@ldn-twin/core';
import { bbox } from '@turf/bbox';
import { bboxClip } from '@turf/bbox-clip';
import type { Polygon, Position } from 'geojson';

const brand = Symbol.for('ldn-twin.police.area-too-dense');

/**
 * The area still held more than 10,000 crimes after splitting it `maxDepth` times: data.police.uk
 * kept answering 503. An `HttpError` (status 503), so `isHttpError` holds too; narrow it with
 * {@link isAreaTooDenseError}.
 *
 * @example
 * ```ts
 * try { await police.crimesInArea({ polygon }).collect(); } catch (error) {
 *   if (isAreaTooDenseError(error)) console.warn(`still too dense at depth ${error.depth}: ask for a smaller area`);
 * }
 * ```
 */
export class AreaTooDenseError extends HttpError {
  readonly [brand] = true;
  /** How many times the area had been split when the last 503 came. */
  readonly depth: number;

  constructor(request: RedactedRequest, body: unknown, depth: number, options?: { cause?: unknown }) {
    super(503, request, body, {
      ...options,
      message: `data.police.uk answered 503 (more than 10,000 crimes) for an area split ${depth} times; the split limit (maxSplitDepth) is reached: ask for a smaller area or raise the limit`,
    });
    this.depth = depth;
  }
}

/**
 * Whether `error` is an {@link AreaTooDenseError} (works across bundles: reads a global symbol).
 *
 * @example
 * ```ts
 * if (isAreaTooDenseError(error)) console.warn(error.depth);
 * ```
 */
export function isAreaTooDenseError(error: unknown): error is AreaTooDenseError {
  return typeof error === 'object' && error !== null && (error as { [brand]?: unknown })[brand] === true;
}

/**
 * The `poly` parameter: the outer ring as `lat,lng` pairs joined by `:`, without the closing
 * point (the API closes the ring itself), rounded to 6 decimals (about 0.1 m) to keep URLs short.
 *
 * @example
 * ```ts
 * polyParam({ type: 'Polygon', coordinates: [[[-0.1, 51.5], [-0.09, 51.5], [-0.09, 51.51], [-0.1, 51.5]]] });
 * // '51.5,-0.1:51.5,-0.09:51.51,-0.09'
 * ```
 */
export function polyParam(polygon: Polygon): string {
  const ring = polygon.coordinates[0] ?? [];
  const open = ring.length > 1 && samePosition(ring[0]!, ring[ring.length - 1]!) ? ring.slice(0, -1) : ring;
  return open.map(([lon, lat]) => `${round(lat!)},${round(lon!)}`).join(':');
}

/**
 * The four quadrants of the polygon's bounding box, each clipped to the polygon; pieces that clip
 * to nothing are left out. Holes are kept by the clip but ignored by the API (it takes one ring).
 *
 * @example
 * ```ts
 * const pieces = quadrants(polygon); // up to 4 polygons covering `polygon`
 * ```
 */
export function quadrants(polygon: Polygon): Polygon[] {
  const [west, south, east, north] = bbox(polygon) as [number, number, number, number];
  const midX = (west + east) / 2;
  const midY = (south + north) / 2;
  const boxes: [number, number, number, number][] = [
    [west, south, midX, midY],
    [midX, south, east, midY],
    [west, midY, midX, north],
    [midX, midY, east, north],
  ];
  const pieces: Polygon[] = [];
  for (const box of boxes) {
    const clipped = bboxClip(polygon, box).geometry;
    if (clipped.type === 'Polygon' && (clipped.coordinates[0]?.length ?? 0) >= 4) pieces.push(clipped);
  }
  return pieces;
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
