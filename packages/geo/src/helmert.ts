/**
 * The 7-parameter Helmert approximation between ETRS89 (WGS 84) and OSGB36, the same one proj4's
 * `+towgs84` applies. Used only outside the OSTN15 grid a transform holds, where it is good to about
 * 5 m (1.3 to 2.0 m across London); results that used it are flagged.
 */
import {
  AIRY_NATIONAL_GRID,
  GRS80_NATIONAL_GRID,
  projectNationalGrid,
  unprojectNationalGrid,
} from './transverse-mercator.js';

const ARCSEC = Math.PI / (180 * 3600);
// ETRS89 -> OSGB36, position-vector convention (OS guide, section 6.6).
const TX = -446.448;
const TY = 125.157;
const TZ = -542.06;
const S = 20.4894e-6;
const RX = -0.1502 * ARCSEC;
const RY = -0.247 * ARCSEC;
const RZ = -0.8421 * ARCSEC;
const DEG = Math.PI / 180;

const GRS80 = { a: GRS80_NATIONAL_GRID.a, e2: GRS80_NATIONAL_GRID.e2 };
const AIRY = { a: AIRY_NATIONAL_GRID.a, e2: AIRY_NATIONAL_GRID.e2 };

/** Converts lon/lat (degrees, height 0) on one ellipsoid to lon/lat on another via a Helmert shift. */
function shiftDatum(
  lon: number,
  lat: number,
  from: { a: number; e2: number },
  to: { a: number; e2: number },
  sign: 1 | -1,
  out: Float64Array,
): void {
  const phi = lat * DEG;
  const lambda = lon * DEG;
  const sinPhi = Math.sin(phi);
  const cosPhi = Math.cos(phi);
  const nu = from.a / Math.sqrt(1 - from.e2 * sinPhi * sinPhi);
  const x = nu * cosPhi * Math.cos(lambda);
  const y = nu * cosPhi * Math.sin(lambda);
  const z = nu * (1 - from.e2) * sinPhi;
  // The reverse transformation negates every parameter, as proj4 and the OS guide do.
  const s1 = 1 + sign * S;
  const rx = sign * RX;
  const ry = sign * RY;
  const rz = sign * RZ;
  const x2 = sign * TX + s1 * x - rz * y + ry * z;
  const y2 = sign * TY + rz * x + s1 * y - rx * z;
  const z2 = sign * TZ - ry * x + rx * y + s1 * z;
  const p = Math.sqrt(x2 * x2 + y2 * y2);
  let phi2 = Math.atan2(z2, p * (1 - to.e2));
  for (let k = 0; k < 10; k++) {
    const s = Math.sin(phi2);
    const nu2 = to.a / Math.sqrt(1 - to.e2 * s * s);
    const next = Math.atan2(z2 + to.e2 * nu2 * s, p);
    const done = Math.abs(next - phi2) < 1e-12;
    phi2 = next;
    if (done) break;
  }
  out[0] = Math.atan2(y2, x2) / DEG;
  out[1] = phi2 / DEG;
}

/**
 * ETRS89 (WGS 84) lon/lat in degrees to OSGB36 National Grid easting/northing by Helmert, into `out`.
 *
 * @example
 * ```ts
 * import { helmertWgs84ToBng } from '@ldn-twin/geo';
 * const out = new Float64Array(2);
 * helmertWgs84ToBng(-0.1276, 51.5072, out); // within about 2 m of OSTN15 in London
 * ```
 */
export function helmertWgs84ToBng(lon: number, lat: number, out: Float64Array): void {
  shiftDatum(lon, lat, GRS80, AIRY, 1, out);
  projectNationalGrid(AIRY_NATIONAL_GRID, out[0] as number, out[1] as number, out);
}

/**
 * OSGB36 National Grid easting/northing to ETRS89 (WGS 84) lon/lat in degrees by Helmert, into `out`.
 *
 * @example
 * ```ts
 * import { helmertBngToWgs84 } from '@ldn-twin/geo';
 * const out = new Float64Array(2);
 * helmertBngToWgs84(530000, 180000, out); // [lon, lat]
 * ```
 */
export function helmertBngToWgs84(easting: number, northing: number, out: Float64Array): void {
  unprojectNationalGrid(AIRY_NATIONAL_GRID, easting, northing, out);
  shiftDatum(out[0] as number, out[1] as number, AIRY, GRS80, -1, out);
}
