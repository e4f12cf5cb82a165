/**
 * A LoD1 CityJSON 2.0 export of Building records: each footprint extruded from the ground to the top
 * of the building, in British National Grid metres, as one Solid per building (a MultiSolid when the
 * footprint is a MultiPolygon of several parts). CityJSON stores vertices as integers with a
 * `transform` (scale and translate), so coordinates are quantised to millimetres by default.
 * Spec: https://www.cityjson.org/specs/2.0.1/ (Solid boundaries: shells of surfaces of rings of
 * vertex indices; surfaces oriented counter-clockwise seen from outside).
 */
import type { TwinRecordOf } from '@ldn-twin/core';
import { wgs84ToBng } from '@ldn-twin/geo';
import type { Geometry, Position } from 'geojson';
import { axisOf } from '../protocols/ogc-api-features/index.js';

/**
 * A CityJSON 2.0 document, as far as this exporter writes one.
 *
 * @example
 * ```ts
 * import type { CityJsonDocument } from '@ldn-twin/connectors/os-ngd';
 * const empty: CityJsonDocument = { type: 'CityJSON', version: '2.0', transform: { scale: [0.001, 0.001, 0.001], translate: [0, 0, 0] }, metadata: { referenceSystem: 'https://www.opengis.net/def/crs/EPSG/0/27700' }, CityObjects: {}, vertices: [] };
 * ```
 */
export interface CityJsonDocument {
  type: 'CityJSON';
  version: '2.0';
  transform: { scale: [number, number, number]; translate: [number, number, number] };
  metadata: {
    referenceSystem: string;
    geographicalExtent?: [number, number, number, number, number, number];
    title?: string;
  };
  CityObjects: Record<string, CityJsonBuilding>;
  vertices: [number, number, number][];
}

/**
 * One Building city object: a LoD1 Solid (or MultiSolid) and its attributes.
 *
 * @example
 * ```ts
 * import type { CityJsonBuilding } from '@ldn-twin/connectors/os-ngd';
 * ```
 */
export interface CityJsonBuilding {
  type: 'Building';
  attributes: Record<string, string | number>;
  geometry: (
    | { type: 'Solid'; lod: '1'; boundaries: number[][][][] }
    | { type: 'MultiSolid'; lod: '1'; boundaries: number[][][][][] }
  )[];
}

/**
 * Options of {@link toCityJson}.
 *
 * @example
 * ```ts
 * import type { CityJsonOptions } from '@ldn-twin/connectors/os-ngd';
 * const options: CityJsonOptions = { title: 'Lambeth North', onSkip: (id, reason) => console.warn(id, reason) };
 * ```
 */
export interface CityJsonOptions {
  /** Metres per integer unit (default 0.001: millimetres). */
  readonly scale?: number;
  /** `metadata.title`. */
  readonly title?: string;
  /**
   * `absolute`: z is the height above the datum (ground elevation + height; EPSG:7405, BNG + ODN);
   * `relative`: every building stands on z = 0 (EPSG:27700, z is height above ground). Default:
   * absolute when every exported building has `groundElevationMetres`, else relative.
   */
  readonly heights?: 'absolute' | 'relative';
  /** Told about each building left out (no polygon footprint, no height, degenerate footprint). */
  readonly onSkip?: (id: string, reason: string) => void;
}

type Building = TwinRecordOf<'Building'>;
/** A footprint in BNG: polygons of rings of [easting, northing]. */
type Footprint = [number, number][][][];

const EPSG_27700 = 'https://www.opengis.net/def/crs/EPSG/0/27700';
const EPSG_7405 = 'https://www.opengis.net/def/crs/EPSG/0/7405';

/**
 * Writes Building records as a LoD1 CityJSON 2.0 document (serialise it with `JSON.stringify`).
 *
 * @example
 * ```ts
 * import { toCityJson } from '@ldn-twin/connectors/os-ngd';
 * const { records } = await ngd.buildings({ bbox: [-0.1205, 51.4990, -0.1170, 51.5010] }).collect();
 * const city = toCityJson(records, { title: 'Westminster Bridge Road' });
 * await writeFile('area.city.json', JSON.stringify(city));
 * ```
 */
export function toCityJson(buildings: Iterable<Building>, options: CityJsonOptions = {}): CityJsonDocument {
  const scale = options.scale ?? 0.001;
  const skip = options.onSkip ?? (() => {});
  const usable: { record: Building; footprint: Footprint; height: number; ground: number | undefined }[] = [];
  for (const record of buildings) {
    const { heightMetres: height, groundElevationMetres: ground } = record.properties.attributes;
    if (height === undefined || !(height > 0)) {
      skip(record.id, 'no height above 0');
      continue;
    }
    const footprint = footprintOf(record);
    if (!footprint) {
      skip(record.id, 'no Polygon or MultiPolygon footprint');
      continue;
    }
    usable.push({ record, footprint, height, ground });
  }
  const absolute = options.heights
    ? options.heights === 'absolute'
    : usable.length > 0 && usable.every((b) => b.ground !== undefined);

  // The translate is the floor of the minimum, so every quantised vertex is a small positive integer.
  const min = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  const max = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const b of usable) {
    const base = absolute ? (b.ground ?? 0) : 0;
    for (const [e, n] of b.footprint.flat(2)) {
      extend(min, max, e, n, base);
      extend(min, max, e, n, base + b.height);
    }
  }
  const translate: [number, number, number] = usable.length
    ? [Math.floor(min[0]!), Math.floor(min[1]!), Math.floor(min[2]!)]
    : [0, 0, 0];

  const vertices: [number, number, number][] = [];
  const index = new Map<string, number>();
  const vertex = (e: number, n: number, z: number): number => {
    const q: [number, number, number] = [
      Math.round((e - translate[0]) / scale),
      Math.round((n - translate[1]) / scale),
      Math.round((z - translate[2]) / scale),
    ];
    const key = q.join(',');
    let i = index.get(key);
    if (i === undefined) {
      i = vertices.push(q) - 1;
      index.set(key, i);
    }
    return i;
  };

  const objects: Record<string, CityJsonBuilding> = {};
  for (const { record, footprint, height, ground } of usable) {
    const base = absolute ? (ground ?? 0) : 0;
    const shells = footprint.flatMap((polygon) => {
      const shell = extrude(polygon, base, base + height, vertex);
      return shell ? [shell] : [];
    });
    if (shells.length === 0) {
      skip(record.id, 'degenerate footprint (fewer than 3 distinct corners)');
      continue;
    }
    const { name } = record.properties;
    const attributes: Record<string, string | number> = {
      measuredHeight: height,
      twinId: record.id,
      ...(name ? { name } : {}),
      ...(ground !== undefined ? { groundElevation: ground } : {}),
      ...(record.properties.attributes.storeys !== undefined
        ? { storeysAboveGround: record.properties.attributes.storeys }
        : {}),
    };
    objects[record.id] = {
      type: 'Building',
      attributes,
      geometry: [
        shells.length === 1
          ? { type: 'Solid', lod: '1', boundaries: [shells[0]!] }
          : { type: 'MultiSolid', lod: '1', boundaries: shells.map((shell) => [shell]) },
      ],
    };
  }

  return {
    type: 'CityJSON',
    version: '2.0',
    transform: { scale: [scale, scale, scale], translate },
    metadata: {
      referenceSystem: absolute ? EPSG_7405 : EPSG_27700,
      ...(vertices.length
        ? {
            geographicalExtent: [min[0]!, min[1]!, min[2]!, max[0]!, max[1]!, max[2]!] as [
              number,
              number,
              number,
              number,
              number,
              number,
            ],
          }
        : {}),
      ...(options.title ? { title: options.title } : {}),
    },
    CityObjects: objects,
    vertices,
  };
}

/**
 * One closed shell of a footprint polygon extruded from `bottom` to `top`: the floor, the roof and a
 * wall per ring edge, each surface counter-clockwise seen from outside. Undefined for a degenerate
 * outer ring; degenerate holes are left out.
 */
function extrude(
  polygon: [number, number][][],
  bottom: number,
  top: number,
  vertex: (e: number, n: number, z: number) => number,
): number[][][] | undefined {
  const rings: [number, number][][] = [];
  for (const [i, raw] of polygon.entries()) {
    const ring = openRing(raw);
    if (ring.length < 3) {
      if (i === 0) return undefined;
      continue;
    }
    // Outer ring counter-clockwise, holes clockwise, seen from above.
    const ccw = signedArea(ring) > 0;
    rings.push(ccw === (i === 0) ? ring : ring.reverse());
  }
  const lower = rings.map((ring) => ring.map(([e, n]) => vertex(e, n, bottom)));
  const upper = rings.map((ring) => ring.map(([e, n]) => vertex(e, n, top)));
  const shell: number[][][] = [];
  shell.push(lower.map((ring) => [...ring].reverse())); // the floor faces down
  shell.push(upper); // the roof faces up
  for (const [r, ring] of lower.entries()) {
    const roof = upper[r]!;
    for (let i = 0; i < ring.length; i++) {
      const j = (i + 1) % ring.length;
      shell.push([[ring[i]!, ring[j]!, roof[j]!, roof[i]!]]);
    }
  }
  return shell;
}

/** The ring without its closing position and without repeated consecutive positions. */
function openRing(ring: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of ring) {
    const last = out.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  while (out.length > 1 && out[0]![0] === out.at(-1)![0] && out[0]![1] === out.at(-1)![1]) out.pop();
  return out;
}

function signedArea(ring: readonly [number, number][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

/** The footprint in BNG metres: the native `place` when it is BNG, else the WGS 84 geometry transformed. */
function footprintOf(record: Building): Footprint | undefined {
  const bng = record.place && axisOf(record.coordRefSys) === 'bng';
  const geometry = (bng ? record.place : record.geometry) as Geometry | null | undefined;
  const toBng = (p: Position): [number, number] => {
    if (bng) return [p[0]!, p[1]!];
    const { easting, northing } = wgs84ToBng(p[0]!, p[1]!);
    return [easting, northing];
  };
  if (geometry?.type === 'Polygon') return [geometry.coordinates.map((ring) => ring.map(toBng))];
  if (geometry?.type === 'MultiPolygon') {
    return geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(toBng)));
  }
  return undefined;
}

function extend(min: number[], max: number[], ...point: number[]): void {
  for (const [k, v] of point.entries()) {
    min[k] = Math.min(min[k]!, v);
    max[k] = Math.max(max[k]!, v);
  }
}
