/**
 * The National Grid transverse Mercator projection, written out as in Ordnance Survey's "A guide to
 * coordinate systems in Great Britain" (annex C), because those are the formulas the OS test vectors
 * were computed with. Functions write into a caller's Float64Array so batch loops allocate nothing.
 */

/**
 * An ellipsoid with the National Grid's projection constants folded in.
 *
 * @example
 * ```ts
 * import { GRS80_NATIONAL_GRID } from '@ldn-twin/geo';
 * GRS80_NATIONAL_GRID.a; // 6378137
 * ```
 */
export interface NationalGridProjection {
  /** Semi-major axis, metres. */
  readonly a: number;
  /** Semi-minor axis, metres. */
  readonly b: number;
  /** First eccentricity squared. */
  readonly e2: number;
  /** Third flattening (a - b) / (a + b). */
  readonly n: number;
  /** a times the central scale factor. */
  readonly aF0: number;
  /** b times the central scale factor. */
  readonly bF0: number;
  /** The meridional arc from the equator to the true origin, and its metres per radian of rectifying latitude. */
  readonly arcAtOrigin: number;
  readonly rectifying: number;
  /** The footpoint series' coefficients of sin 2mu, sin 4mu and sin 6mu. */
  readonly footpoint: readonly [number, number, number];
  /** The meridional arc's coefficients of sin 2phi, sin 4phi and sin 6phi, in metres (bF0 A2/2, A4/2, A6/2). */
  readonly arcSines: readonly [number, number, number];
}

const F0 = 0.9996012717;
const PHI0 = (49 * Math.PI) / 180;
const LAMBDA0 = (-2 * Math.PI) / 180;
const E0 = 400000;
const N0 = -100000;
const DEG = Math.PI / 180;

function projection(a: number, b: number): NationalGridProjection {
  const n = (a - b) / (a + b);
  const n2 = n * n;
  const n3 = n2 * n;
  // The arc of meridionalArc below written as bF0 (A0 phi - A2/2 sin 2phi + A4/2 sin 4phi - A6/2 sin 6phi)
  // from phi0: its value at the equator's side of phi0, and A0 bF0 (metres per radian of rectifying latitude).
  const A0 = 1 + n + 1.25 * n2 + 1.25 * n3;
  const A2 = 3 * n + 3 * n2 + 2.625 * n3;
  const A4 = 1.875 * n2 + 1.875 * n3;
  const A6 = (35 / 24) * n3;
  const arcAtOrigin =
    b *
    F0 *
    (A0 * PHI0 -
      (A2 / 2) * Math.sin(2 * PHI0) +
      (A4 / 2) * Math.sin(4 * PHI0) -
      (A6 / 2) * Math.sin(6 * PHI0));
  return {
    a,
    b,
    e2: (a * a - b * b) / (a * a),
    n,
    aF0: a * F0,
    bF0: b * F0,
    arcAtOrigin,
    rectifying: b * F0 * A0,
    footpoint: [1.5 * n - (27 / 32) * n3, (21 / 16) * n2, (151 / 96) * n3],
    arcSines: [(b * F0 * A2) / 2, (b * F0 * A4) / 2, (b * F0 * A6) / 2],
  };
}

/**
 * GRS80 (ETRS89, treated as WGS 84) with the National Grid's projection: the "ETRS89 TM" coordinates
 * OSTN15 shifts apply to.
 *
 * @example
 * ```ts
 * import { GRS80_NATIONAL_GRID, projectNationalGrid } from '@ldn-twin/geo';
 * const out = new Float64Array(2);
 * projectNationalGrid(GRS80_NATIONAL_GRID, -0.1276, 51.5072, out);
 * ```
 */
export const GRS80_NATIONAL_GRID: NationalGridProjection = projection(6378137.0, 6356752.314140347);

/**
 * Airy 1830 (OSGB36) with the National Grid's projection, used only by the Helmert fallback.
 *
 * @example
 * ```ts
 * import { AIRY_NATIONAL_GRID, projectNationalGrid } from '@ldn-twin/geo';
 * const out = new Float64Array(2);
 * projectNationalGrid(AIRY_NATIONAL_GRID, -0.1276, 51.5072, out); // OSGB36 lon/lat to E/N
 * ```
 */
export const AIRY_NATIONAL_GRID: NationalGridProjection = projection(6377563.396, 6356256.909);

/**
 * The meridional arc from the true origin's latitude to phi, the OS guide's series (C3) rewritten in
 * sines of 2phi, 4phi and 6phi so that they follow from sin phi and cos phi without more trig:
 * sin(phi - phi0) cos(phi + phi0) = (sin 2phi - sin 2phi0) / 2, and so on, the phi0 parts in arcAtOrigin.
 */
function meridionalArc(p: NationalGridProjection, phi: number, sin: number, cos: number): number {
  const s2 = 2 * sin * cos;
  const c2 = cos * cos - sin * sin;
  const s4 = 2 * s2 * c2;
  const s6 = s4 * c2 + (c2 * c2 - s2 * s2) * s2;
  const k = p.arcSines;
  return p.rectifying * phi - k[0] * s2 + k[1] * s4 - k[2] * s6 - p.arcAtOrigin;
}

/**
 * Projects longitude/latitude in degrees on the given ellipsoid to National Grid easting/northing
 * in metres, written into `out[0]` and `out[1]`.
 *
 * @example
 * ```ts
 * import { GRS80_NATIONAL_GRID, projectNationalGrid } from '@ldn-twin/geo';
 * const out = new Float64Array(2);
 * projectNationalGrid(GRS80_NATIONAL_GRID, -0.1276, 51.5072, out); // ETRS89 TM, before OSTN15 shifts
 * ```
 */
export function projectNationalGrid(
  p: NationalGridProjection,
  lon: number,
  lat: number,
  out: Float64Array,
): void {
  const phi = lat * DEG;
  const sin = Math.sin(phi);
  const cos = Math.cos(phi);
  const tan = sin / cos;
  const tan2 = tan * tan;
  const w = 1 - p.e2 * sin * sin;
  const nu = p.aF0 / Math.sqrt(w);
  const rho = (nu * (1 - p.e2)) / w;
  const eta2 = nu / rho - 1;
  const cos3 = cos * cos * cos;
  const cos5 = cos3 * cos * cos;
  const I = meridionalArc(p, phi, sin, cos) + N0;
  const II = (nu / 2) * sin * cos;
  const III = (nu / 24) * sin * cos3 * (5 - tan2 + 9 * eta2);
  const IIIA = (nu / 720) * sin * cos5 * (61 - 58 * tan2 + tan2 * tan2);
  const IV = nu * cos;
  const V = (nu / 6) * cos3 * (nu / rho - tan2);
  const VI = (nu / 120) * cos5 * (5 - 18 * tan2 + tan2 * tan2 + 14 * eta2 - 58 * tan2 * eta2);
  const dl = lon * DEG - LAMBDA0;
  const dl2 = dl * dl;
  out[0] = E0 + dl * (IV + dl2 * (V + dl2 * VI));
  out[1] = I + dl2 * (II + dl2 * (III + dl2 * IIIA));
}

/**
 * Inverse of {@link projectNationalGrid}: easting/northing in metres to longitude/latitude in
 * degrees on the given ellipsoid, written into `out[0]` (lon) and `out[1]` (lat).
 *
 * @example
 * ```ts
 * import { GRS80_NATIONAL_GRID, unprojectNationalGrid } from '@ldn-twin/geo';
 * const out = new Float64Array(2);
 * unprojectNationalGrid(GRS80_NATIONAL_GRID, 530000, 180000, out);
 * ```
 */
export function unprojectNationalGrid(
  p: NationalGridProjection,
  e: number,
  n: number,
  out: Float64Array,
): void {
  const target = n - N0;
  // The footpoint latitude in closed form (the meridional arc's series inverted, to n^3: off by about
  // 1e-11 rad, 0.1 mm), then one Newton step on the arc (its derivative is rho), which squares that
  // error away: the OS method's iteration from a spherical guess needs three or four such steps.
  // One trig call in all: sin mu, then cos mu from it (mu, the rectifying latitude, lies within
  // +-90 degrees for any northing short of the pole), sin and cos of phi by the angle sum (the
  // series' term d is under 0.003 rad, so d - d^3/6 and 1 - d^2/2 + d^4/24 are its sine and cosine
  // to 1e-15), and after the Newton step (about 1e-11 rad) to first order.
  const mu = (target + p.arcAtOrigin) / p.rectifying;
  const sinMu = Math.sin(mu);
  const cosMu = Math.sqrt(1 - sinMu * sinMu);
  const s2 = 2 * sinMu * cosMu;
  const c2 = cosMu * cosMu - sinMu * sinMu;
  // sin 4mu and sin 6mu from sin 2mu and cos 2mu.
  const f = p.footpoint;
  const d = s2 * (f[0] + c2 * (2 * f[1]) + f[2] * (3 - 4 * s2 * s2));
  const d2 = d * d;
  const sinD = d * (1 - d2 / 6);
  const cosD = 1 - (d2 / 2) * (1 - d2 / 12);
  let phi = mu + d;
  let sin = sinMu * cosD + cosMu * sinD;
  let cos = cosMu * cosD - sinMu * sinD;
  // Few divisions: with w = 1 - e2 sin^2 phi, 1/rho = w sqrt(w) / (aF0 (1 - e2)), 1/nu = sqrt(w) / aF0
  // and nu/rho = w / (1 - e2).
  {
    const w = 1 - p.e2 * sin * sin;
    const step = ((target - meridionalArc(p, phi, sin, cos)) * (w * Math.sqrt(w))) / (p.aF0 * (1 - p.e2));
    phi += step;
    const sin0 = sin;
    sin += cos * step;
    cos -= sin0 * step;
  }
  const sec = 1 / cos;
  const tan = sin * sec;
  const tan2 = tan * tan;
  const tan4 = tan2 * tan2;
  const w = 1 - p.e2 * sin * sin;
  const inu = Math.sqrt(w) / p.aF0;
  const nuOverRho = w / (1 - p.e2);
  const eta2 = nuOverRho - 1;
  const inu2 = inu * inu;
  const inu3 = inu2 * inu;
  const inu5 = inu3 * inu2;
  const tanRho = tan * inu * nuOverRho; // tan / rho
  const VII = (tanRho * inu) / 2;
  const VIII = ((tanRho * inu3) / 24) * (5 + 3 * tan2 + eta2 - 9 * tan2 * eta2);
  const IX = ((tanRho * inu5) / 720) * (61 + 90 * tan2 + 45 * tan4);
  const X = sec * inu;
  const XI = ((sec * inu3) / 6) * (nuOverRho + 2 * tan2);
  const XII = ((sec * inu5) / 120) * (5 + 28 * tan2 + 24 * tan4);
  const XIIA = ((sec * inu5 * inu2) / 5040) * (61 + 662 * tan2 + 1320 * tan4 + 720 * tan4 * tan2);
  const de = e - E0;
  const de2 = de * de;
  out[1] = (phi - de2 * (VII - de2 * (VIII - de2 * IX))) / DEG;
  out[0] = (LAMBDA0 + de * (X - de2 * (XI - de2 * (XII - de2 * XIIA)))) / DEG;
}
