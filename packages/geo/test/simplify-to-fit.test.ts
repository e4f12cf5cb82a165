import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { simplifyToFit, toWkt } from '../src/index.js';

/**
 * A wavy ring of `n` vertices around Lambeth's quick-start site, about 200 m across: every vertex
 * lies on the known curve r(a) = 1 + 0.1 sin(7a) (in units of the ring's half-axes).
 */
const radius = (a: number) => 1 + 0.1 * Math.sin(7 * a);
function circle(n: number): Polygon {
  const ring = Array.from({ length: n }, (_, i) => {
    const a = (i / n) * 2 * Math.PI;
    return [-0.1198903 + 0.0014 * radius(a) * Math.cos(a), 51.4922191 + 0.0009 * radius(a) * Math.sin(a)];
  });
  return { type: 'Polygon', coordinates: [[...ring, ring[0]!]] };
}

describe('simplifyToFit', () => {
  it('returns a geometry that fits unchanged', () => {
    const site = circle(20);
    const fitted = simplifyToFit(site, { maxLength: 10_000 });
    expect(fitted).toMatchObject({ simplified: false, method: 'none', vertices: 21, originalVertices: 21 });
    expect(fitted.geometry).toBe(site);
  });

  it('drops vertices until the WKT fits, keeping the outline', () => {
    const fitted = simplifyToFit(circle(100_000), { maxLength: 6_000 });
    expect(fitted.method).toBe('simplified');
    expect(toWkt(fitted.geometry).length).toBeLessThanOrEqual(6_000);
    // Raising the tolerance by half a step keeps most of what the limit allows (about 250 vertices).
    expect(fitted.vertices).toBeGreaterThan(60);
    expect(fitted.originalVertices).toBe(100_001);
    // Every kept vertex lies on the original curve (Douglas-Peucker only drops vertices; rounding
    // to 6 decimals moves one by at most 0.1 m).
    const ring = (fitted.geometry as Polygon).coordinates[0]!;
    for (const [x, y] of ring) {
      const dx = (x! + 0.1198903) / 0.0014;
      const dy = (y! - 51.4922191) / 0.0009;
      expect(Math.hypot(dx, dy)).toBeCloseTo(radius(Math.atan2(dy, dx)), 2);
    }
  });

  it('sees an outline of 10^6 vertices cannot fit without writing it out, and fits it', () => {
    const fitted = simplifyToFit(circle(1_000_000), {
      maxLength: 6_000,
      length: (wkt) => new URLSearchParams([['g', wkt]]).toString().length - 2,
    });
    expect(fitted.method).toBe('simplified');
    expect(new URLSearchParams([['g', toWkt(fitted.geometry)]]).toString().length - 2).toBeLessThanOrEqual(
      6_000,
    );
  });

  it('falls back to the bounding box when not even the simplest outline fits', () => {
    // 100 separate parts: each ring keeps at least 4 vertices, so no outline fits 400 characters.
    const parts = Array.from({ length: 100 }, (_, i) =>
      circle(50).coordinates.map((ring) => ring.map(([x, y]) => [x! + i * 0.01, y!])),
    );
    const fitted = simplifyToFit({ type: 'MultiPolygon', coordinates: parts }, { maxLength: 400 });
    expect(fitted.method).toBe('envelope');
    expect(fitted.vertices).toBe(5);
    expect(toWkt(fitted.geometry).length).toBeLessThanOrEqual(400);
  });
});
