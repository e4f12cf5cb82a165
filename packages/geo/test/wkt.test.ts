import { parseWkt, toWkt, WktError } from '@ldn-twin/geo';
import { wktToGeoJSON } from '@terraformer/wkt';
import fc from 'fast-check';
import type { Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';

describe('WKT', () => {
  it('reads and writes the common types', () => {
    expect(parseWkt('POINT (-0.1276 51.5072)')).toEqual({ type: 'Point', coordinates: [-0.1276, 51.5072] });
    expect(toWkt({ type: 'Point', coordinates: [-0.1276, 51.5072] })).toBe('POINT (-0.1276 51.5072)');
    const poly = parseWkt('POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))');
    expect(poly.type).toBe('Polygon');
  });

  it('reads every number form of the grammar, and no more', () => {
    expect(parseWkt('POINT (-.5 +1.e2)')).toEqual({ type: 'Point', coordinates: [-0.5, 100] });
    expect(parseWkt('POINT (1E-3 2.50e+1)')).toEqual({ type: 'Point', coordinates: [0.001, 25] });
    expect(parseWkt('POINT(\t3\r\n4 )')).toEqual({ type: 'Point', coordinates: [3, 4] });
    for (const bad of ['POINT (1e 2)', 'POINT (. 2)', 'POINT (- 2)', 'POINT (1 2e)']) {
      expect(() => parseWkt(bad)).toThrow(WktError);
    }
  });

  // OGC Simple Features' BNF: a sign, then digits with an optional point and fraction or a point and
  // digits, then an optional E and signed integer; a number ends at a space, a comma or a bracket.
  it('rejects malformed numbers instead of reading a prefix of them, naming the text and the number', () => {
    const cases: [string, string][] = [
      ['POINT (1..2 3)', '1..2'],
      ['POINT (1e 2)', '1e'],
      ['POINT (--1 2)', '--1'],
      ['POINT (. 2)', '.'],
      ['POINT (1.2.3 4)', '1.2.3'],
      ['POINT (1 2e)', '2e'],
      ['POINT (1 2-3)', '2-3'],
      ['LINESTRING (0 0, 1 1e5e)', '1e5e'],
      ['POINT (0x10 2)', '0x10'],
    ];
    for (const [text, number] of cases) {
      expect(() => parseWkt(text)).toThrow(WktError);
      expect(() => parseWkt(text)).toThrow(`Could not read WKT '${text}': '${number}' is not a number`);
    }
    expect(parseWkt('POINT (1. .5)')).toEqual({ type: 'Point', coordinates: [1, 0.5] });
    expect(parseWkt('LINESTRING(1 2,3 4)')).toEqual({
      type: 'LineString',
      coordinates: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(parseWkt('POINT (-1.5 1e-3)')).toEqual({ type: 'Point', coordinates: [-1.5, 0.001] });
  });

  it('says which text it could not read', () => {
    expect(() => parseWkt('POINT (1')).toThrow(WktError);
    expect(() => parseWkt('NOT WKT')).toThrow(/Could not read WKT 'NOT WKT'/);
  });

  it('round-trips geometries (property-based)', () => {
    const coord = fc
      .tuple(
        fc.double({ min: -180, max: 180, noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: -90, max: 90, noNaN: true, noDefaultInfinity: true }),
      )
      .map(([x, y]) => [x === 0 ? 0 : x, y === 0 ? 0 : y] as Position); // WKT has no negative zero
    const line = fc.array(coord, { minLength: 2, maxLength: 8 });
    const ring = fc.array(coord, { minLength: 3, maxLength: 8 }).map((r) => [...r, r[0]!]);
    const geometry: fc.Arbitrary<Geometry> = fc.oneof(
      coord.map((c) => ({ type: 'Point', coordinates: c }) as Geometry),
      line.map((c) => ({ type: 'LineString', coordinates: c }) as Geometry),
      fc
        .array(ring, { minLength: 1, maxLength: 3 })
        .map((c) => ({ type: 'Polygon', coordinates: c }) as Geometry),
      fc
        .array(coord, { minLength: 1, maxLength: 5 })
        .map((c) => ({ type: 'MultiPoint', coordinates: c }) as Geometry),
      fc
        .array(line, { minLength: 1, maxLength: 3 })
        .map((c) => ({ type: 'MultiLineString', coordinates: c }) as Geometry),
      fc
        .array(fc.array(ring, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 })
        .map((c) => ({ type: 'MultiPolygon', coordinates: c }) as Geometry),
    );
    fc.assert(
      fc.property(geometry, (g) => {
        expect(parseWkt(toWkt(g))).toEqual(g);
      }),
      { numRuns: 500 },
    );
  });
});

describe('the reader agrees with terraformer', () => {
  const coordinate = fc.double({ min: -180, max: 180, noNaN: true, noDefaultInfinity: true });
  const position = fc.tuple(coordinate, coordinate);
  const ring = fc.array(position, { minLength: 3, maxLength: 8 }).map((points) => [...points, points[0]!]);
  const geometry = fc.oneof(
    position.map((coordinates) => ({ type: 'Point', coordinates }) as Geometry),
    fc
      .array(position, { minLength: 2, maxLength: 6 })
      .map((coordinates) => ({ type: 'LineString', coordinates }) as Geometry),
    fc
      .array(ring, { minLength: 1, maxLength: 3 })
      .map((coordinates) => ({ type: 'Polygon', coordinates }) as Geometry),
    fc
      .array(position, { minLength: 1, maxLength: 5 })
      .map((coordinates) => ({ type: 'MultiPoint', coordinates }) as Geometry),
    fc
      .array(fc.array(position, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 3 })
      .map((coordinates) => ({ type: 'MultiLineString', coordinates }) as Geometry),
    fc
      .array(fc.array(ring, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 })
      .map((coordinates) => ({ type: 'MultiPolygon', coordinates }) as Geometry),
  );

  it('on any simple geometry written as WKT', () => {
    fc.assert(
      fc.property(geometry, (g) => {
        const text = toWkt(g);
        expect(parseWkt(text)).toEqual(wktToGeoJSON(text));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    'POINT(1 2)',
    'MULTIPOINT (1 2, 3 4)',
    'MULTIPOINT ((1 2), (3 4))',
    'MULTIPOLYGON (((-0.12 51.49, -0.11 51.49, -0.11 51.5, -0.12 51.49)))',
    'LINESTRING (530410.0 179640.0, 530480.5 179700.25)',
    'GEOMETRYCOLLECTION (POINT (1 2))',
    'POINT EMPTY',
    'POINT (1.5e3 -2E-2)',
  ])('on %s', (text) => {
    expect(parseWkt(text)).toEqual(wktToGeoJSON(text));
  });

  // Terraformer adds a non-GeoJSON `properties` member for Z and M; the twin keeps plain geometries.
  it.each([
    ['POINT Z (1 2 3)', { type: 'Point', coordinates: [1, 2, 3] }],
    ['point(1 2)', { type: 'Point', coordinates: [1, 2] }],
    ['POINT M (1 2 3)', { type: 'Point', coordinates: [1, 2, 3] }],
    ['POINT ZM (1 2 3 4)', { type: 'Point', coordinates: [1, 2, 3, 4] }],
    [
      'LINESTRING Z (1 2 3, 4 5 6)',
      {
        type: 'LineString',
        coordinates: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      },
    ],
    ['MULTIPOLYGON EMPTY', { type: 'MultiPolygon', coordinates: [] }],
    ['GEOMETRYCOLLECTION EMPTY', { type: 'GeometryCollection', geometries: [] }],
    [
      'GEOMETRYCOLLECTION (POINT (1 2), GEOMETRYCOLLECTION (LINESTRING (1 2, 3 4)))',
      {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Point', coordinates: [1, 2] },
          {
            type: 'GeometryCollection',
            geometries: [
              {
                type: 'LineString',
                coordinates: [
                  [1, 2],
                  [3, 4],
                ],
              },
            ],
          },
        ],
      },
    ],
  ])('reads %s', (text, expected) => {
    expect(parseWkt(text)).toEqual(expected);
    expect(parseWkt(toWkt(expected as Geometry))).toEqual(expected);
  });

  it('still refuses what is not WKT', () => {
    expect(() => parseWkt('POINT (1 2')).toThrow(WktError);
    expect(() => parseWkt('LINESTRING (1 2, x y)')).toThrow(WktError);
    expect(() => parseWkt('POINT Z (1 2)')).toThrow(/expected 3 numbers/);
    expect(() => parseWkt('POINT (1 2) trailing')).toThrow(/unexpected text at character 13/);
    expect(() => parseWkt('CIRCLE (1 2)')).toThrow(/unknown geometry type CIRCLE/);
    expect(() => parseWkt('POINT (1 2, 3 4)')).toThrow(WktError);
  });
});
