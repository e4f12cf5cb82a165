import {
  BOROUGH_ATTRIBUTION,
  BOROUGHS,
  boroughAt,
  boroughAtBng,
  boroughBoundaries,
  boroughIndexesAt,
  boroughIndexesAtBng,
  NO_BOROUGH,
  prepareBoroughIndex,
  wgs84ToBng,
} from '@ldn-twin/geo';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { createPolygonRasterIndex } from '../src/polygon-raster-index.js';
import { seededRandom } from './helpers.js';

describe('the 33 areas', () => {
  it('lists 32 boroughs and the City with codes, names and inner/outer', () => {
    expect(BOROUGHS).toHaveLength(33);
    BOROUGHS.forEach((b, i) => {
      expect(b.code).toBe(`E09${String(i + 1).padStart(6, '0')}`);
    });
    expect(BOROUGHS[0]).toEqual({ code: 'E09000001', name: 'City of London', inner: true });
    expect(BOROUGHS.filter((b) => b.inner)).toHaveLength(14);
    expect(BOROUGHS.find((b) => b.name === 'Haringey')?.inner).toBe(true);
    expect(BOROUGHS.find((b) => b.name === 'Greenwich')?.inner).toBe(false);
  });

  it('ships the boundaries with their attribution', () => {
    const fc = boroughBoundaries();
    expect(fc.features).toHaveLength(33);
    const rings = fc.features.flatMap((f) =>
      f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat(),
    );
    expect(rings.reduce((n, r) => n + r.length, 0)).toBe(48548);
    expect(BOROUGH_ATTRIBUTION).toContain(
      'Contains Ordnance Survey data © Crown copyright and database right',
    );
    expect(BOROUGH_ATTRIBUTION).toContain(
      'Contains National Statistics data © Crown copyright and database right',
    );
  });
});

describe('boroughAt', () => {
  it.each([
    [-0.1276, 51.5072, 'Westminster'],
    [-0.0877, 51.5155, 'City of London'],
    [-0.1426, 51.539, 'Camden'],
    [-0.0759, 51.5081, 'Tower Hamlets'],
    [0.0032, 51.503, 'Greenwich'],
    [-0.4543, 51.47, 'Hillingdon'],
  ])('(%f, %f) is in %s', (lon, lat, name) => {
    expect(boroughAt(lon, lat)?.name).toBe(name);
  });

  it('keeps its index within 16 MB', () => {
    expect(prepareBoroughIndex()).toBeLessThanOrEqual(16 * 2 ** 20);
  });

  it('is undefined outside London and in the Thames', () => {
    expect(boroughAt(-1, 51)).toBeUndefined();
    expect(boroughAt(-0.1195, 51.5033)).toBeUndefined(); // mid-river by Westminster Bridge
  });

  it('takes British National Grid points through OSTN15', () => {
    const p = wgs84ToBng(-0.1276, 51.5072);
    expect(boroughAtBng(p.easting, p.northing)?.name).toBe('Westminster');
    const idx = boroughIndexesAtBng(new Float64Array([p.easting, p.northing, 0, 0]));
    expect(Array.from(idx)).toEqual([32, NO_BOROUGH]);
  });
});

describe('agreement with turf on the full-resolution boundaries', () => {
  it('has zero disagreements on 30,000 seeded random points across the London bbox', () => {
    const fc = boroughBoundaries();
    const random = seededRandom(20261126);
    const n = 30000;
    const lonLat = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      lonLat[2 * i] = -0.52 + random() * 0.86;
      lonLat[2 * i + 1] = 51.27 + random() * 0.43;
    }
    const got = boroughIndexesAt(lonLat);
    let disagreements = 0;
    let inside = 0;
    for (let i = 0; i < n; i++) {
      const pt = [lonLat[2 * i] as number, lonLat[2 * i + 1] as number];
      let expected = NO_BOROUGH;
      for (let b = 0; b < fc.features.length; b++) {
        if (booleanPointInPolygon(pt, fc.features[b]!.geometry)) {
          expected = b;
          break;
        }
      }
      if (expected !== NO_BOROUGH) inside++;
      if (got[i] !== expected) disagreements++;
    }
    expect(inside).toBeGreaterThan(n / 2);
    expect(disagreements).toBe(0);
  }, 60_000);

  it('matches turf at points very close to borders', () => {
    // Points 1e-7 degrees (about 1 cm) either side of every 50th boundary vertex.
    const fc = boroughBoundaries();
    let checked = 0;
    for (const f of fc.features) {
      const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
      for (const ring of rings) {
        for (let v = 0; v < ring.length; v += 50) {
          const [x, y] = ring[v] as [number, number];
          for (const [ox, oy] of [
            [1e-7, 3e-8],
            [-1e-7, -3e-8],
            [2e-8, 1e-7],
            [-2e-8, -1e-7],
          ] as const) {
            const pt = [x + ox, y + oy];
            const hit = fc.features.findIndex((g) => booleanPointInPolygon(pt, g.geometry));
            expect(boroughIndexesAt(new Float64Array(pt))[0]).toBe(hit === -1 ? NO_BOROUGH : hit);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  }, 60_000);
});

describe('points exactly on a border', () => {
  const square = (x: number, y: number): Polygon => ({
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + 1, y],
        [x + 1, y + 1],
        [x, y + 1],
        [x, y],
      ],
    ],
  });
  const index = createPolygonRasterIndex([square(0, 0), square(1, 0), square(0, 1)], {
    columns: 16,
    rows: 16,
  });

  it('go to the polygon to the east on a north-south border', () => {
    expect(index.lookup(1, 0.5)).toBe(1);
    expect(booleanPointInPolygon([1, 0.5], square(0, 0))).toBe(true); // turf says both
  });

  it('go to the polygon to the north on an east-west border', () => {
    expect(index.lookup(0.5, 1)).toBe(2);
  });

  // At a vertex, "immediately east, else north" means the region at (x + d, y + d^2) for a small d.
  it('follow the same rule on shared vertices of the real boundaries', () => {
    const fc = boroughBoundaries();
    const geometries: (Polygon | MultiPolygon)[] = fc.features.map((f) => f.geometry);
    let shared = 0;
    const seen = new Map<string, number>();
    fc.features.forEach((f, b) => {
      const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
      for (const ring of rings) for (let v = 0; v < ring.length; v += 7) seen.set(String(ring[v]), b);
    });
    for (const [key] of seen) {
      const [x, y] = key.split(',').map(Number) as [number, number];
      const turfHits = geometries.flatMap((g, b) => (booleanPointInPolygon([x, y], g) ? [b] : []));
      if (turfHits.length < 2) continue;
      shared++;
      const got = boroughIndexesAt(new Float64Array([x, y]))[0]!;
      const nudged = [x + 1e-9, y + 1e-14]; // one float step north at 51.5
      const east = geometries.findIndex((g) => booleanPointInPolygon(nudged, g));
      expect(got).toBe(east === -1 ? NO_BOROUGH : east);
      expect([...turfHits, NO_BOROUGH]).toContain(got);
    }
    expect(shared).toBeGreaterThan(100);
  }, 60_000);
});
