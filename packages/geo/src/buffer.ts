/**
 * Buffers in metres on the WGS 84 ellipsoid, composed over turf.buffer (JSTS). turf buffers on a
 * sphere, so its distances come out 0.06% (north-south) to 0.32% (east-west) short of the requested
 * metres in London. Here the geometry is first stretched about its centre so that, near that centre,
 * distances on turf's sphere equal distances on the ellipsoid, then buffered, then stretched back.
 *
 * Error bound: every vertex of the outline lies within 0.01% (+ 1 mm) of the requested distance from
 * the input, for geometries up to about 70 km across (all of Greater London) in Great Britain.
 * Between vertices the outline is a chord that cuts inside the true curve by at most
 * r (1 - cos(pi / (4 steps))): 0.48% of r at the default 8 steps per quarter circle, 0.03% at 32.
 */
import turfBuffer from '@turf/buffer';
import type {
  Feature,
  FeatureCollection,
  GeoJsonProperties,
  Geometry,
  MultiPolygon,
  Polygon,
  Position,
} from 'geojson';
import { radiiOfCurvature } from './ellipsoid.js';

// turf's sphere (@turf/helpers earthRadius).
const TURF_EARTH_RADIUS = 6371008.8;

/**
 * Options for {@link bufferMetres}.
 *
 * @example
 * ```ts
 * import { bufferMetres } from '@ldn-twin/geo';
 * bufferMetres(point, 250, { steps: 32 });
 * ```
 */
export interface BufferMetresOptions {
  /** Segments per quarter circle (default 8, as turf). */
  readonly steps?: number;
}

type Mapper = (p: Position) => Position;

function mapCoordinates<T>(coords: T, f: Mapper): T {
  if (typeof (coords as unknown[])[0] === 'number') return f(coords as Position) as T;
  return (coords as unknown[]).map((c) => mapCoordinates(c, f)) as T;
}

function mapGeometry<G extends Geometry>(geometry: G, f: Mapper): G {
  if (geometry.type === 'GeometryCollection') {
    return { ...geometry, geometries: geometry.geometries.map((g) => mapGeometry(g, f)) };
  }
  return { ...geometry, coordinates: mapCoordinates(geometry.coordinates, f) };
}

function extent(geometry: Geometry): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  mapGeometry(geometry, (p) => {
    box[0] = Math.min(box[0], p[0] as number);
    box[1] = Math.min(box[1], p[1] as number);
    box[2] = Math.max(box[2], p[0] as number);
    box[3] = Math.max(box[3], p[1] as number);
    return p;
  });
  return box;
}

/**
 * Buffers a geometry or feature by a distance in metres on the WGS 84 ellipsoid (negative shrinks
 * polygons). Returns undefined when nothing is left (a polygon shrunk away). See the module notes
 * for the error bound.
 *
 * @example
 * ```ts
 * import { bufferMetres } from '@ldn-twin/geo';
 * const zone = bufferMetres({ type: 'Point', coordinates: [-0.1276, 51.5072] }, 500);
 * ```
 */
export function bufferMetres<P extends GeoJsonProperties = GeoJsonProperties>(
  input: Geometry | Feature<Geometry, P>,
  metres: number,
  options: BufferMetresOptions = {},
): Feature<Polygon | MultiPolygon, P> | undefined {
  const geometry = input.type === 'Feature' ? input.geometry : input;
  const properties = (input.type === 'Feature' ? input.properties : {}) as P;
  const box = extent(geometry);
  const lon0 = (box[0] + box[2]) / 2;
  const lat0 = (box[1] + box[3]) / 2;
  const { meridional, primeVertical } = radiiOfCurvature(lat0);
  const ky = meridional / TURF_EARTH_RADIUS;
  const kx = primeVertical / TURF_EARTH_RADIUS;
  const stretched = mapGeometry(geometry, (p) => [
    lon0 + ((p[0] as number) - lon0) * kx,
    lat0 + ((p[1] as number) - lat0) * ky,
  ]);
  const result = turfBuffer(stretched, metres / 1000, { units: 'kilometers', steps: options.steps ?? 8 }) as
    | Feature<Polygon | MultiPolygon>
    | FeatureCollection<Polygon | MultiPolygon>
    | undefined;
  if (result?.type !== 'Feature') return undefined;
  const back = mapGeometry(result.geometry, (p) => [
    lon0 + ((p[0] as number) - lon0) / kx,
    lat0 + ((p[1] as number) - lat0) / ky,
  ]);
  return { type: 'Feature', properties, geometry: back };
}
