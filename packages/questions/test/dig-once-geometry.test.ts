import { describe, expect, it } from 'vitest';
import { planarShape, planeAt, shapeDistance } from '../src/dig-once-geometry.js';

const toPlane = planeAt(51.5);
const shape = (g: Parameters<typeof planarShape>[0][number]) => planarShape([g], toPlane);
/** Degrees of latitude per metre (the plane's north-south scale). */
const M = 1 / 111_320;

describe('shapeDistance', () => {
  const line = shape({
    type: 'LineString',
    coordinates: [
      [-0.1, 51.5],
      [-0.1, 51.5 + 100 * M],
    ],
  });

  it('measures a point to a line from the nearest point of the line, not its centre', () => {
    const atEnd = shape({ type: 'Point', coordinates: [-0.1, 51.5] });
    expect(shapeDistance(atEnd, line)).toBeCloseTo(0, 6);
    const beside = shape({ type: 'Point', coordinates: [-0.1, 51.5 + 130 * M] });
    expect(shapeDistance(beside, line)).toBeCloseTo(30, 3);
  });

  it('measures line to line: 0 where they cross, else the closest ends', () => {
    const crossing = shape({
      type: 'LineString',
      coordinates: [
        [-0.1005, 51.5 + 50 * M],
        [-0.0995, 51.5 + 50 * M],
      ],
    });
    expect(shapeDistance(line, crossing)).toBe(0);
    const parallel = shape({
      type: 'LineString',
      coordinates: [
        [-0.1, 51.5 + 120 * M],
        [-0.1, 51.5 + 200 * M],
      ],
    });
    expect(shapeDistance(line, parallel)).toBeCloseTo(20, 3);
  });

  it('is 0 for a point inside a polygon, and the distance to its edge outside', () => {
    const square = shape({
      type: 'Polygon',
      coordinates: [
        [
          [-0.101, 51.499],
          [-0.099, 51.499],
          [-0.099, 51.501],
          [-0.101, 51.501],
          [-0.101, 51.499],
        ],
      ],
    });
    expect(shapeDistance(shape({ type: 'Point', coordinates: [-0.1, 51.5] }), square)).toBe(0);
    expect(shapeDistance(shape({ type: 'Point', coordinates: [-0.1, 51.501 + 10 * M] }), square)).toBeCloseTo(
      10,
      3,
    );
  });
});
