import { type CityJsonDocument, toCityJson } from '@ldn-twin/connectors/os-ngd';
import { OPEN_ACCESS, type TwinRecordOf, twinId } from '@ldn-twin/core';
import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';

type Building = TwinRecordOf<'Building'>;

const building = (
  local: string,
  geometry: Geometry | null,
  attributes: Building['properties']['attributes'],
  extra: Partial<Building> = {},
): Building => ({
  type: 'Feature',
  id: twinId('Building', 'test', local),
  featureType: 'Building',
  geometry,
  time: null,
  ...extra,
  properties: {
    kind: 'Building',
    name: `Building ${local}`,
    identifiers: [],
    recordedAt: '2026-11-26T09:30:00Z',
    locationPrecision: geometry ? 'exact' : 'none',
    relations: [],
    provenance: {
      publisher: 'test',
      dataset: 'test',
      retrievedAt: '2026-11-26T09:30:00Z',
      method: 'reported',
    },
    licence: { id: 'test', attribution: ['test'] },
    access: OPEN_ACCESS,
    attributes,
  },
});

/** A 20 m by 10 m rectangle in BNG, as the JSON-FG place (exact, no transform). */
const bngRect = (e: number, n: number, w = 20, h = 10): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [e, n],
      [e + w, n],
      [e + w, n + h],
      [e, n + h],
      [e, n],
    ],
  ],
});
const withPlace = (place: Geometry) => ({
  place,
  coordRefSys: 'http://www.opengis.net/def/crs/EPSG/0/27700',
});
const wgs84Square: Geometry = {
  type: 'Polygon',
  coordinates: [
    [
      [-0.1283, 51.504],
      [-0.1281, 51.504],
      [-0.1281, 51.5041],
      [-0.1283, 51.5041],
      [-0.1283, 51.504],
    ],
  ],
};

/** Every vertex index of a geometry's boundaries, however deep. */
const indices = (boundaries: unknown): number[] =>
  Array.isArray(boundaries) ? boundaries.flatMap(indices) : [boundaries as number];
const real = (doc: CityJsonDocument, i: number) =>
  doc.vertices[i]!.map((v, k) => v * doc.transform.scale[k]! + doc.transform.translate[k]!);

describe('toCityJson', () => {
  const buildings = [
    building(
      'a',
      wgs84Square,
      { heightMetres: 12, groundElevationMetres: 5 },
      withPlace(bngRect(530000, 180000)),
    ),
    building(
      'b',
      wgs84Square,
      { heightMetres: 30.5, groundElevationMetres: 4.25 },
      withPlace(bngRect(530040, 180000)),
    ),
  ];

  it('writes a CityJSON 2.0 document with an integer transform', () => {
    const doc = toCityJson(buildings, { title: 'Test area' });
    expect(doc.type).toBe('CityJSON');
    expect(doc.version).toBe('2.0');
    expect(doc.transform.scale).toEqual([0.001, 0.001, 0.001]);
    expect(doc.transform.translate).toEqual([530000, 180000, 4]);
    expect(doc.vertices.every((v) => v.length === 3 && v.every(Number.isInteger))).toBe(true);
    expect(doc.metadata.referenceSystem).toBe('https://www.opengis.net/def/crs/EPSG/0/7405');
    expect(doc.metadata.geographicalExtent).toEqual([530000, 180000, 4.25, 530060, 180010, 34.75]);
    expect(doc.metadata.title).toBe('Test area');
  });

  it('gives one Solid per building, with every vertex index valid', () => {
    const doc = toCityJson(buildings);
    expect(Object.keys(doc.CityObjects)).toEqual(buildings.map((b) => b.id));
    for (const object of Object.values(doc.CityObjects)) {
      expect(object.type).toBe('Building');
      expect(object.geometry).toHaveLength(1);
      const solid = object.geometry[0]!;
      expect(solid).toMatchObject({ type: 'Solid', lod: '1' });
      const shell = (solid.boundaries as number[][][][])[0]!;
      expect(solid.boundaries).toHaveLength(1); // one exterior shell
      expect(shell).toHaveLength(2 + 4); // floor, roof, four walls
      for (const i of indices(solid.boundaries)) {
        expect(Number.isInteger(i) && i >= 0 && i < doc.vertices.length).toBe(true);
      }
    }
    // 8 corners per box, none shared between the two buildings.
    expect(doc.vertices).toHaveLength(16);
  });

  it('extrudes from the ground elevation to ground + height', () => {
    const doc = toCityJson(buildings);
    const object = doc.CityObjects[buildings[1]!.id]!;
    const zs = [...new Set(indices(object.geometry[0]!.boundaries).map((i) => real(doc, i)[2]!))].sort(
      (a, b) => a - b,
    );
    expect(zs).toEqual([4.25, 34.75]);
    expect(object.attributes).toMatchObject({
      measuredHeight: 30.5,
      groundElevation: 4.25,
      twinId: buildings[1]!.id,
    });
    // The footprint is the BNG place, exactly.
    const xs = indices(object.geometry[0]!.boundaries).map((i) => real(doc, i)[0]!);
    expect(Math.min(...xs)).toBeCloseTo(530040, 6);
    expect(Math.max(...xs)).toBeCloseTo(530060, 6);
  });

  it('orients surfaces outwards: the floor faces down, the roof up, walls out', () => {
    const doc = toCityJson(buildings.slice(0, 1));
    const shell = (doc.CityObjects[buildings[0]!.id]!.geometry[0]!.boundaries as number[][][][])[0]!;
    const normal = (ring: number[]) => {
      // Newell's method over the real coordinates.
      const n = [0, 0, 0];
      for (let k = 0; k < ring.length; k++) {
        const [x1, y1, z1] = real(doc, ring[k]!);
        const [x2, y2, z2] = real(doc, ring[(k + 1) % ring.length]!);
        n[0]! += (y1! - y2!) * (z1! + z2!);
        n[1]! += (z1! - z2!) * (x1! + x2!);
        n[2]! += (x1! - x2!) * (y1! + y2!);
      }
      return n;
    };
    expect(normal(shell[0]![0]!)[2]).toBeLessThan(0);
    expect(normal(shell[1]![0]!)[2]).toBeGreaterThan(0);
    // The wall along the south edge (northing 180000) faces south.
    const south = shell.slice(2).find((s) => s[0]!.every((i) => real(doc, i)[1] === 180000))!;
    expect(normal(south[0]!)[1]).toBeLessThan(0);
  });

  it('transforms WGS 84 footprints to BNG when there is no BNG place, and stands them on z = 0 without ground levels', () => {
    const doc = toCityJson([building('c', wgs84Square, { heightMetres: 9 })]);
    expect(doc.metadata.referenceSystem).toBe('https://www.opengis.net/def/crs/EPSG/0/27700');
    const [minX, minY, minZ, , , maxZ] = doc.metadata.geographicalExtent!;
    // -0.1283, 51.504 is about TQ 30000 80000.
    expect(Math.abs(minX - 530000)).toBeLessThan(30);
    expect(Math.abs(minY - 180000)).toBeLessThan(30);
    expect([minZ, maxZ]).toEqual([0, 9]);
  });

  it('keeps holes, writes a MultiSolid for a multi-part footprint, and skips what it cannot extrude', () => {
    const courtyard: Geometry = {
      type: 'Polygon',
      coordinates: [
        (bngRect(530000, 180000, 30, 30) as { coordinates: number[][][] }).coordinates[0]!,
        [
          [530010, 180010],
          [530010, 180020],
          [530020, 180020],
          [530020, 180010],
          [530010, 180010],
        ],
      ],
    };
    const parts: Geometry = {
      type: 'MultiPolygon',
      coordinates: [
        (bngRect(530100, 180000) as { coordinates: number[][][] }).coordinates,
        (bngRect(530200, 180000) as { coordinates: number[][][] }).coordinates,
      ],
    };
    const skipped: [string, string][] = [];
    const doc = toCityJson(
      [
        building('court', wgs84Square, { heightMetres: 15 }, withPlace(courtyard)),
        building('parts', wgs84Square, { heightMetres: 6 }, withPlace(parts)),
        building('flat', wgs84Square, {}),
        building('nowhere', null, { heightMetres: 5 }),
      ],
      { onSkip: (id, reason) => skipped.push([id, reason]) },
    );
    const court = doc.CityObjects[twinId('Building', 'test', 'court')]!.geometry[0]!;
    const shell = (court.boundaries as number[][][][])[0]!;
    expect(shell[1]).toHaveLength(2); // the roof has its courtyard hole
    expect(shell).toHaveLength(2 + 4 + 4); // floor, roof, outer and courtyard walls
    const multi = doc.CityObjects[twinId('Building', 'test', 'parts')]!.geometry[0]!;
    expect(multi.type).toBe('MultiSolid');
    expect(multi.boundaries).toHaveLength(2);
    expect(skipped.map(([id]) => id)).toEqual([
      twinId('Building', 'test', 'flat'),
      twinId('Building', 'test', 'nowhere'),
    ]);
    expect(Object.keys(doc.CityObjects)).toHaveLength(2);
    for (const i of indices(Object.values(doc.CityObjects).map((o) => o.geometry[0]!.boundaries))) {
      expect(i).toBeLessThan(doc.vertices.length);
    }
  });
});
