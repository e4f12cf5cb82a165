/**
 * Golden GeoJSON fixtures, turf style: test/in/*.geojson -> test/out/*.geojson. Regenerate with
 * REGEN=1 after an intended change, and look at the diff (any GeoJSON viewer shows the files).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  aggregateByBorough,
  aggregateByGridSquare,
  aggregateByH3,
  boroughAggregatesToGeoJSON,
  bufferMetres,
  gridSquaresToGeoJSON,
  h3CellsToGeoJSON,
  simplifyForWeb,
} from '@ldn-twin/geo';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { describe, expect, it } from 'vitest';

const read = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./in/${name}`, import.meta.url), 'utf8')) as T;

// Nine decimals of a degree is 0.1 mm: below that, float noise differs between platforms.
const round = (value: unknown): unknown =>
  typeof value === 'number'
    ? Math.round(value * 1e9) / 1e9
    : Array.isArray(value)
      ? value.map(round)
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]))
        : value;

function golden(name: string, actual: unknown): void {
  const url = new URL(`./out/${name}`, import.meta.url);
  const rounded = round(actual);
  if (process.env.REGEN === '1') writeFileSync(url, `${JSON.stringify(rounded)}\n`);
  expect(rounded).toEqual(JSON.parse(readFileSync(url, 'utf8')));
}

describe('golden fixtures', () => {
  it.each(['buffer-points.geojson', 'buffer-shapes.geojson'])('bufferMetres: %s', (name) => {
    const input = read<FeatureCollection<Geometry, { metres: number; steps?: number }>>(name);
    const features = input.features.flatMap((f) => {
      const out = bufferMetres(f, f.properties.metres, { steps: f.properties.steps ?? 8 });
      return out ? [out, f as Feature] : [f as Feature];
    });
    golden(name, { type: 'FeatureCollection', features });
  });

  it('simplifyForWeb: simplify-central-boroughs.geojson', () => {
    const input = read<FeatureCollection & { properties: { minArea: number } }>(
      'simplify-central-boroughs.geojson',
    );
    golden('simplify-central-boroughs.geojson', simplifyForWeb(input, { minArea: input.properties.minArea }));
  });

  describe('aggregation of aggregate-points.geojson', () => {
    const input = read<FeatureCollection<Point, { weight: number }>>('aggregate-points.geojson');
    const lonLat = new Float64Array(input.features.flatMap((f) => f.geometry.coordinates.slice(0, 2)));
    const weights = new Float64Array(input.features.map((f) => f.properties.weight));

    it('per 1 km grid square', () => {
      const { squares, outside } = aggregateByGridSquare(lonLat, 1000, { weights });
      expect(squares.reduce((n, s) => n + s.count, 0) + outside.count).toBe(400);
      golden('aggregate-grid-1km.geojson', gridSquaresToGeoJSON(squares));
    });

    it('per 100 m grid square', () => {
      const { squares } = aggregateByGridSquare(lonLat, 100, { weights });
      golden('aggregate-grid-100m.geojson', gridSquaresToGeoJSON(squares));
    });

    it('per H3 cell (resolution 8)', () => {
      const cells = aggregateByH3(lonLat, 8, { weights });
      expect(cells.reduce((n, c) => n + c.sum, 0)).toBe(weights.reduce((a, b) => a + b, 0));
      golden('aggregate-h3-8.geojson', h3CellsToGeoJSON(cells));
    });

    it('per borough', () => {
      const totals = aggregateByBorough(lonLat, { weights });
      expect(totals.boroughs.reduce((n, b) => n + b.count, 0) + totals.outside.count).toBe(400);
      golden('aggregate-boroughs.geojson', boroughAggregatesToGeoJSON(totals));
    });
  });
});
