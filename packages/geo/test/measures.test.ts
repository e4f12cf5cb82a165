import {
  areaHectares,
  areaSquareMetres,
  bboxBngToWgs84,
  bboxWgs84ToBng,
  boroughBoundaries,
  bufferMetres,
  createBngTransform,
  distanceMetres,
  wgs84ToBng,
} from '@ldn-twin/geo';
import { ostn15Gb } from '@ldn-twin/geo/ostn15-gb';
import turfArea from '@turf/area';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './helpers.js';

// Exact ellipsoidal area of the region between two parallels and two meridians: the authalic sphere
// (radius Rq) has the ellipsoid's area, and the region maps to the band between authalic latitudes.
const a = 6378137;
const e2 = 0.0066943799901413165;
const e = Math.sqrt(e2);
const q = (phi: number) => {
  const s = Math.sin(phi);
  return (1 - e2) * (s / (1 - e2 * s * s) - (1 / (2 * e)) * Math.log((1 - e * s) / (1 + e * s)));
};
const qp = q(Math.PI / 2);
function quadrangleArea(w: number, s: number, east: number, n: number): number {
  const rad = Math.PI / 180;
  // Rq^2 * dLambda * (sin(beta2) - sin(beta1)), with sin(beta) = q / qp and Rq^2 = a^2 qp / 2.
  return ((a * a * qp) / 2) * (east - w) * rad * ((q(n * rad) - q(s * rad)) / qp);
}
function quadranglePolygon(w: number, s: number, east: number, n: number, steps: number): Polygon {
  const ring: Position[] = [];
  for (let i = 0; i <= steps; i++) ring.push([w + ((east - w) * i) / steps, s]);
  for (let i = 0; i <= steps; i++) ring.push([east - ((east - w) * i) / steps, n]);
  ring.push([w, s]);
  return { type: 'Polygon', coordinates: [ring] };
}

describe('areaSquareMetres', () => {
  it.each([
    [-0.2, 51.45, -0.1, 51.55],
    [-0.5, 51.3, 0.3, 51.7],
    [-0.1, 51.5, -0.09, 51.51],
    [-3.5, 55.8, -3.0, 56.0],
  ])('is within 0.01%% of the exact ellipsoidal area of the quadrangle %f %f %f %f', (w, s, east, n) => {
    // Parallels are curves in any projection, so follow them closely.
    const exact = quadrangleArea(w, s, east, n);
    const got = areaSquareMetres(quadranglePolygon(w, s, east, n, 2000));
    expect(Math.abs(got / exact - 1)).toBeLessThan(0.0001);
    expect(areaHectares(quadranglePolygon(w, s, east, n, 2000))).toBeCloseTo(got / 10000, 6);
  });

  it('beats turf.area, which is about 0.3% off in London', () => {
    const exact = quadrangleArea(-0.2, 51.45, -0.1, 51.55);
    const poly = quadranglePolygon(-0.2, 51.45, -0.1, 51.55, 2000);
    expect(Math.abs(turfArea(poly) / exact - 1)).toBeGreaterThan(0.002);
  });

  it('subtracts holes and sums collections', () => {
    const outer = quadranglePolygon(-0.2, 51.45, -0.1, 51.55, 200).coordinates[0]!;
    const hole = quadranglePolygon(-0.16, 51.48, -0.14, 51.5, 200).coordinates[0]!.slice().reverse();
    const holed = areaSquareMetres({ type: 'Polygon', coordinates: [outer, hole] });
    const exact = quadrangleArea(-0.2, 51.45, -0.1, 51.55) - quadrangleArea(-0.16, 51.48, -0.14, 51.5);
    expect(Math.abs(holed / exact - 1)).toBeLessThan(0.0001);
    const all = areaSquareMetres(boroughBoundaries());
    const sum = boroughBoundaries().features.reduce((t, f) => t + areaSquareMetres(f), 0);
    expect(all).toBeCloseTo(sum, 0);
    expect(areaSquareMetres({ type: 'Point', coordinates: [0, 0] })).toBe(0);
  });
});

describe('bufferMetres', () => {
  it.each([10, 100, 500, 5000])(
    'puts every vertex of a %d m point buffer within 0.01%% of the distance',
    (r) => {
      const centre = [-0.1276, 51.5072] as const;
      const zone = bufferMetres({ type: 'Point', coordinates: [...centre] }, r, { steps: 16 });
      const ring = (zone!.geometry as Polygon).coordinates[0]!;
      expect(ring.length).toBeGreaterThan(60);
      for (const [lon, lat] of ring as [number, number][]) {
        const d = distanceMetres(centre[0], centre[1], lon, lat);
        expect(Math.abs(d - r)).toBeLessThan(r * 1e-4 + 0.001);
      }
    },
  );

  it("keeps a polygon's buffer at the distance from its edges", () => {
    const square = quadranglePolygon(-0.13, 51.5, -0.12, 51.506, 1);
    const zone = bufferMetres({ type: 'Feature', properties: { id: 7 }, geometry: square }, 200);
    expect(zone?.properties).toEqual({ id: 7 });
    const ring = (zone!.geometry as Polygon).coordinates[0]!;
    // Vertices beside the north edge lie 200 m north of it.
    const north = ring.filter(
      ([lon, lat]) =>
        (lon as number) >= -0.130001 && (lon as number) <= -0.119999 && (lat as number) > 51.506,
    );
    expect(north.length).toBeGreaterThan(0);
    for (const [lon, lat] of north as [number, number][]) {
      expect(Math.abs(distanceMetres(lon, 51.506, lon, lat) - 200)).toBeLessThan(0.02 + 200 * 1e-4);
    }
  });

  it('holds the bound across a geometry spanning London (70 km)', () => {
    const pts = [
      [-0.5, 51.3],
      [0.3, 51.7],
      [-0.1, 51.5],
      [0.3, 51.3],
      [-0.5, 51.7],
    ] as [number, number][];
    const zone = bufferMetres({ type: 'MultiPoint', coordinates: pts }, 1000, { steps: 16 })!;
    expect(zone.geometry.type).toBe('MultiPolygon');
    for (const polygon of (zone.geometry as MultiPolygon).coordinates) {
      for (const [lon, lat] of polygon[0] as [number, number][]) {
        const d = Math.min(...pts.map(([x, y]) => distanceMetres(x, y, lon, lat)));
        expect(Math.abs(d - 1000)).toBeLessThan(1000 * 1e-4 + 0.001);
      }
    }
  });

  it('returns undefined when a negative buffer consumes the polygon', () => {
    expect(bufferMetres(quadranglePolygon(-0.13, 51.5, -0.129, 51.5005, 1), -100)).toBeUndefined();
  });
});

describe('bbox conversion', () => {
  it('contains every transformed point of the box, which corners alone do not', () => {
    const gb = createBngTransform({ grid: ostn15Gb });
    const box = [-6, 50, -1, 58] as [number, number, number, number];
    const dense = bboxWgs84ToBng(box, { transform: gb });
    const cornerNorthings = [
      [box[0], box[1]],
      [box[2], box[1]],
      [box[0], box[3]],
      [box[2], box[3]],
    ].map(([lon, lat]) => gb.toBng(lon as number, lat as number).northing);
    const corners = [0, Math.min(...cornerNorthings)] as const;
    const random = seededRandom(7);
    let outsideCorners = 0;
    for (let i = 0; i < 2000; i++) {
      // Half the samples on the south edge, where the extreme lies.
      const lon = box[0] + (box[2] - box[0]) * random();
      const lat = i % 2 === 0 ? box[1] : box[1] + (box[3] - box[1]) * random();
      const p = gb.toBng(lon, lat);
      expect(p.easting >= dense[0] - 0.01 && p.easting <= dense[2] + 0.01).toBe(true);
      expect(p.northing >= dense[1] - 0.01 && p.northing <= dense[3] + 0.01).toBe(true);
      // Parallels bow south towards the central meridian (2 W), so the south edge dips below its corners.
      if (p.northing < corners[1]) outsideCorners++;
    }
    expect(outsideCorners).toBeGreaterThan(0);
  });

  it('goes both ways around London', () => {
    const bng = bboxWgs84ToBng([-0.51, 51.28, 0.34, 51.69]);
    const sw = wgs84ToBng(-0.51, 51.28);
    expect(bng[0]).toBeLessThanOrEqual(sw.easting);
    const back = bboxBngToWgs84(bng);
    expect(back[0]).toBeLessThanOrEqual(-0.51);
    expect(back[1]).toBeLessThanOrEqual(51.28);
    expect(back[2]).toBeGreaterThanOrEqual(0.34);
    expect(back[3]).toBeGreaterThanOrEqual(51.69);
  });
});
