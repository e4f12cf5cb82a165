/**
 * Distances between works' geometries in metres: point to point, point to line, line to line and to
 * polygons (0 inside), on a local plane (equirectangular about one latitude). Across a city, at the
 * tens of metres digOnce compares, the plane's error is well under a metre; it is what lets one
 * projected copy of each geometry serve every comparison and a flat spatial index.
 */
import type { Geometry, Position } from 'geojson';

/** A geometry flattened on the plane: its points, its segments, its polygon rings. */
export interface PlanarShape {
  readonly points: readonly (readonly [number, number])[];
  /** Segments as `[x1, y1, x2, y2]`. */
  readonly segments: readonly (readonly [number, number, number, number])[];
  readonly rings: readonly (readonly (readonly [number, number])[])[];
  /** `[minX, minY, maxX, maxY]`. */
  readonly bbox: readonly [number, number, number, number];
}

const METRES_PER_DEGREE = 111_320;

/**
 * A projection of WGS 84 positions to metres on a plane tangent at `latitude`.
 *
 * @example
 * ```ts
 * const toPlane = planeAt(51.5);
 * toPlane([-0.1, 51.5]); // [x, y] in metres
 * ```
 */
export function planeAt(latitude: number): (p: Position) => [number, number] {
  const kx = METRES_PER_DEGREE * Math.cos((latitude * Math.PI) / 180);
  return (p) => [(p[0] as number) * kx, (p[1] as number) * METRES_PER_DEGREE];
}

/**
 * Flattens geometries on the plane into points, segments and rings.
 *
 * @example
 * ```ts
 * const shape = planarShape([{ type: 'LineString', coordinates: [[-0.1, 51.5], [-0.1, 51.501]] }], planeAt(51.5));
 * shape.segments.length; // 1
 * ```
 */
export function planarShape(
  geometries: readonly Geometry[],
  toPlane: (p: Position) => [number, number],
): PlanarShape {
  const points: [number, number][] = [];
  const segments: [number, number, number, number][] = [];
  const rings: [number, number][][] = [];
  const line = (coordinates: readonly Position[], closed: boolean) => {
    const projected = coordinates.map(toPlane);
    if (projected.length === 1) points.push(projected[0] as [number, number]);
    for (let i = 1; i < projected.length; i++) {
      const a = projected[i - 1] as [number, number];
      const b = projected[i] as [number, number];
      segments.push([a[0], a[1], b[0], b[1]]);
    }
    if (closed) rings.push(projected);
  };
  const add = (g: Geometry): void => {
    switch (g.type) {
      case 'Point':
        points.push(toPlane(g.coordinates));
        return;
      case 'MultiPoint':
        for (const p of g.coordinates) points.push(toPlane(p));
        return;
      case 'LineString':
        line(g.coordinates, false);
        return;
      case 'MultiLineString':
        for (const l of g.coordinates) line(l, false);
        return;
      case 'Polygon':
        for (const r of g.coordinates) line(r, true);
        return;
      case 'MultiPolygon':
        for (const polygon of g.coordinates) for (const r of polygon) line(r, true);
        return;
      case 'GeometryCollection':
        for (const member of g.geometries) add(member);
        return;
    }
  };
  for (const g of geometries) add(g);
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  const extend = (x: number, y: number) => {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  };
  for (const [x, y] of points) extend(x, y);
  for (const [x1, y1, x2, y2] of segments) {
    extend(x1, y1);
    extend(x2, y2);
  }
  return { points, segments, rings, bbox: [minX, minY, maxX, maxY] };
}

/**
 * The shortest distance between two shapes in metres: 0 where they touch, cross or one lies inside
 * the other's polygon.
 *
 * @example
 * ```ts
 * shapeDistance(permitShape, roadworksShape) <= 50; // a permit on or beside the roadworks' line
 * ```
 */
export function shapeDistance(a: PlanarShape, b: PlanarShape): number {
  let best = Number.POSITIVE_INFINITY;
  for (const p of a.points) {
    for (const q of b.points) best = Math.min(best, Math.hypot(p[0] - q[0], p[1] - q[1]));
    for (const s of b.segments) best = Math.min(best, pointSegment(p[0], p[1], s));
    if (b.rings.length > 0 && inside(p, b.rings)) return 0;
  }
  for (const q of b.points) {
    for (const s of a.segments) best = Math.min(best, pointSegment(q[0], q[1], s));
    if (a.rings.length > 0 && inside(q, a.rings)) return 0;
  }
  for (const s of a.segments) {
    for (const t of b.segments) {
      best = Math.min(best, segmentSegment(s, t));
      if (best === 0) return 0;
    }
  }
  // A shape wholly inside the other's polygon, touching no edge.
  const firstA = a.points[0] ?? (a.segments[0] ? ([a.segments[0][0], a.segments[0][1]] as const) : undefined);
  const firstB = b.points[0] ?? (b.segments[0] ? ([b.segments[0][0], b.segments[0][1]] as const) : undefined);
  if (firstA && b.rings.length > 0 && inside(firstA, b.rings)) return 0;
  if (firstB && a.rings.length > 0 && inside(firstB, a.rings)) return 0;
  return best;
}

function pointSegment(
  px: number,
  py: number,
  [x1, y1, x2, y2]: readonly [number, number, number, number],
): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / length));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

function segmentSegment(
  s: readonly [number, number, number, number],
  t: readonly [number, number, number, number],
): number {
  if (crosses(s, t)) return 0;
  return Math.min(
    pointSegment(s[0], s[1], t),
    pointSegment(s[2], s[3], t),
    pointSegment(t[0], t[1], s),
    pointSegment(t[2], t[3], s),
  );
}

function crosses(
  [ax, ay, bx, by]: readonly [number, number, number, number],
  [cx, cy, dx, dy]: readonly [number, number, number, number],
): boolean {
  const d1 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
  const d2 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  const d3 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const d4 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

/** Even-odd rule over every ring (holes are rings too). */
function inside([x, y]: readonly [number, number], rings: PlanarShape['rings']): boolean {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as [number, number];
      const [xj, yj] = ring[j] as [number, number];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}
