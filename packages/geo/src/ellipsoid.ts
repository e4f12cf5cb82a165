/**
 * WGS 84 ellipsoid quantities the measures need: radii of curvature and the authalic (equal-area)
 * latitude. GRS80 and WGS 84 differ by 0.1 mm in the semi-minor axis, which no measure here notices.
 */

/** WGS 84 semi-major axis, metres. */
export const WGS84_A = 6378137;
/** WGS 84 first eccentricity squared. */
export const WGS84_E2 = 0.0066943799901413165;
const E = Math.sqrt(WGS84_E2);
const DEG = Math.PI / 180;

/** Meridional (north-south) and prime-vertical (east-west) radii of curvature at a latitude in degrees. */
export function radiiOfCurvature(lat: number): { meridional: number; primeVertical: number } {
  const s = Math.sin(lat * DEG);
  const w = 1 - WGS84_E2 * s * s;
  const primeVertical = WGS84_A / Math.sqrt(w);
  return { meridional: (primeVertical * (1 - WGS84_E2)) / w, primeVertical };
}

/** Snyder's q(phi) (Map Projections: A Working Manual, eq. 3-12), from a latitude's sine. */
export function authalicQ(sinPhi: number): number {
  const es = E * sinPhi;
  return (1 - WGS84_E2) * (sinPhi / (1 - es * es) - (1 / (2 * E)) * Math.log((1 - es) / (1 + es)));
}

/** q at the pole, which fixes the radius of the sphere with the ellipsoid's area. */
export const AUTHALIC_QP = authalicQ(1);
/** Radius of the sphere with the same surface area as the WGS 84 ellipsoid, metres. */
export const AUTHALIC_RADIUS = WGS84_A * Math.sqrt(AUTHALIC_QP / 2);
