/**
 * The 33 areas of Greater London (32 boroughs and the City of London): codes, names, inner/outer and
 * full-resolution boundaries, decoded from the generated data module on first use.
 */
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { boroughsData } from './data/boroughs.js';

/**
 * Attribution to show with the borough boundaries or anything derived from them (OGL v3).
 *
 * @example
 * ```ts
 * import { BOROUGH_ATTRIBUTION } from '@ldn-twin/geo';
 * map.attributionControl.addAttribution(BOROUGH_ATTRIBUTION.join('; '));
 * ```
 */
export const BOROUGH_ATTRIBUTION: readonly string[] = [
  'Contains National Statistics data © Crown copyright and database right',
  'Contains Ordnance Survey data © Crown copyright and database right',
];

/**
 * One of the 33 areas: GSS code (E09000001 to E09000033), name, and whether it is Inner London by the
 * ONS statistical definition (Haringey and Newham Inner, Greenwich Outer).
 *
 * @example
 * ```ts
 * import { BOROUGHS } from '@ldn-twin/geo';
 * const camden = BOROUGHS.find((b) => b.name === 'Camden');
 * // { code: 'E09000007', name: 'Camden', inner: true }
 * ```
 */
export interface Borough {
  readonly code: string;
  readonly name: string;
  readonly inner: boolean;
}

/** The shape of src/data/boroughs.ts (see scripts/generate-boroughs.ts). */
export interface EncodedBoroughs {
  readonly boroughs: readonly Borough[];
  readonly scale: number;
  /** Vertex count of each arc (a stretch of border, stored once however many rings use it). */
  readonly arcLengths: readonly number[];
  /**
   * Per borough: polygon count; per polygon: ring count; per ring: arc count, then the arcs' indexes
   * (`~i` for arc `i` walked backwards). Consecutive arcs share their end and start vertex.
   */
  readonly structure: readonly number[];
  /**
   * The arcs' vertices times `scale`, each as its difference from the previous vertex plus the
   * previous step along its arc, zigzagged, in 5-bit groups, one base64 character per group with
   * the sixth bit set while more follow (see scripts/generate-boroughs.ts).
   */
  readonly coordinates: string;
}

/**
 * The 33 areas ordered by GSS code, so `BOROUGHS[i].code` is `E090000` + (i + 1), zero padded.
 * Borough indexes returned by the batch lookups index this array.
 *
 * @example
 * ```ts
 * import { BOROUGHS } from '@ldn-twin/geo';
 * BOROUGHS[0]; // { code: 'E09000001', name: 'City of London', inner: true }
 * ```
 */
export const BOROUGHS: readonly Borough[] = boroughsData.boroughs;

/**
 * Properties on each boundary feature.
 *
 * @example
 * ```ts
 * import { boroughBoundaries, type BoroughProperties } from '@ldn-twin/geo';
 * const p: BoroughProperties = boroughBoundaries().features[0]!.properties;
 * ```
 */
export interface BoroughProperties extends Borough {
  /** Position in {@link BOROUGHS}. */
  readonly index: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Character code to its base64 value. */
const GROUP = new Uint8Array(128);
for (let i = 0; i < 64; i++) GROUP[BASE64.charCodeAt(i)] = i;

let boundaries: FeatureCollection<Polygon | MultiPolygon, BoroughProperties> | undefined;

/**
 * Full-resolution boundaries of the 33 areas (WGS 84, clipped to mean high water, 48.5k vertices),
 * in {@link BOROUGHS} order. The same object is returned on every call: do not mutate it.
 *
 * @example
 * ```ts
 * import { BOROUGH_ATTRIBUTION, boroughBoundaries } from '@ldn-twin/geo';
 * const fc = boroughBoundaries(); // 33 features
 * ```
 */
export function boroughBoundaries(): FeatureCollection<Polygon | MultiPolygon, BoroughProperties> {
  boundaries ??= decodeBoundaries(boroughsData);
  return boundaries;
}

function decodeBoundaries(
  data: EncodedBoroughs,
): FeatureCollection<Polygon | MultiPolygon, BoroughProperties> {
  const text = data.coordinates;
  let pos = 0;
  const next = (): number => {
    let zigzag = 0;
    let scale = 1;
    let group: number;
    do {
      group = GROUP[text.charCodeAt(pos++)] as number;
      zigzag += (group & 31) * scale;
      scale *= 32;
    } while (group & 32);
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  };
  let x = 0;
  let y = 0;
  const arcs: Position[][] = data.arcLengths.map((length) => {
    const arc: Position[] = [];
    let stepX = 0;
    let stepY = 0;
    for (let v = 0; v < length; v++) {
      stepX += next();
      stepY += next();
      x += stepX;
      y += stepY;
      arc.push([x / data.scale, y / data.scale]);
    }
    return arc;
  });
  let s = 0;
  const take = () => data.structure[s++] as number;
  const ringOf = (arcCount: number): Position[] => {
    const ring: Position[] = [];
    for (let a = 0; a < arcCount; a++) {
      const i = take();
      const arc = i < 0 ? (arcs[~i] as Position[]).slice().reverse() : (arcs[i] as Position[]);
      // Each arc after the first starts where the previous one ended.
      for (let v = a === 0 ? 0 : 1; v < arc.length; v++) ring.push(arc[v] as Position);
    }
    return ring;
  };
  const features: Feature<Polygon | MultiPolygon, BoroughProperties>[] = data.boroughs.map(
    (borough, index) => {
      const polygons: Position[][][] = [];
      const polygonCount = take();
      for (let p = 0; p < polygonCount; p++) {
        const rings: Position[][] = [];
        const ringCount = take();
        for (let r = 0; r < ringCount; r++) rings.push(ringOf(take()));
        polygons.push(rings);
      }
      const geometry: Polygon | MultiPolygon =
        polygons.length === 1
          ? { type: 'Polygon', coordinates: polygons[0] as Position[][] }
          : { type: 'MultiPolygon', coordinates: polygons };
      return { type: 'Feature', properties: { ...borough, index }, geometry };
    },
  );
  return { type: 'FeatureCollection', features };
}
