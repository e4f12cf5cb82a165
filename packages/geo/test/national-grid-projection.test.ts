import {
  AIRY_NATIONAL_GRID,
  GRS80_NATIONAL_GRID,
  type NationalGridProjection,
  projectNationalGrid,
  unprojectNationalGrid,
} from '@ldn-twin/geo';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The Ordnance Survey's "A guide to coordinate systems in Great Britain", annex C, written out term
// for term as the guide prints it (meridional arc as sin(k(phi - phi0)) cos(k(phi + phi0)), the
// inverse iterating from phi0 + (N - N0) / aF0, here on to 1 nm rather than the guide's 0.01 mm so
// that the reference has no error of its own to speak of): what the library's rewritten series (fewer
// trig calls, a closed-form first guess and one Newton step) must reproduce.
const F0 = 0.9996012717;
const PHI0 = (49 * Math.PI) / 180;
const LAMBDA0 = (-2 * Math.PI) / 180;
const E0 = 400000;
const N0 = -100000;
const DEG = Math.PI / 180;

function guideArc(p: NationalGridProjection, phi: number): number {
  const n = p.n;
  const d = phi - PHI0;
  const s = phi + PHI0;
  return (
    p.b *
    F0 *
    ((1 + n + (5 / 4) * n ** 2 + (5 / 4) * n ** 3) * d -
      (3 * n + 3 * n ** 2 + (21 / 8) * n ** 3) * Math.sin(d) * Math.cos(s) +
      ((15 / 8) * n ** 2 + (15 / 8) * n ** 3) * Math.sin(2 * d) * Math.cos(2 * s) -
      (35 / 24) * n ** 3 * Math.sin(3 * d) * Math.cos(3 * s))
  );
}

function guideRadii(p: NationalGridProjection, phi: number): { nu: number; rho: number; eta2: number } {
  const a = p.a * F0;
  const w = 1 - p.e2 * Math.sin(phi) ** 2;
  const nu = a / Math.sqrt(w);
  const rho = (a * (1 - p.e2)) / w ** 1.5;
  return { nu, rho, eta2: nu / rho - 1 };
}

function guideProject(p: NationalGridProjection, lon: number, lat: number): [number, number] {
  const phi = lat * DEG;
  const { nu, rho, eta2 } = guideRadii(p, phi);
  const sin = Math.sin(phi);
  const cos = Math.cos(phi);
  const tan = Math.tan(phi);
  const I = guideArc(p, phi) + N0;
  const II = (nu / 2) * sin * cos;
  const III = (nu / 24) * sin * cos ** 3 * (5 - tan ** 2 + 9 * eta2);
  const IIIA = (nu / 720) * sin * cos ** 5 * (61 - 58 * tan ** 2 + tan ** 4);
  const IV = nu * cos;
  const V = (nu / 6) * cos ** 3 * (nu / rho - tan ** 2);
  const VI = (nu / 120) * cos ** 5 * (5 - 18 * tan ** 2 + tan ** 4 + 14 * eta2 - 58 * tan ** 2 * eta2);
  const dl = lon * DEG - LAMBDA0;
  return [E0 + IV * dl + V * dl ** 3 + VI * dl ** 5, I + II * dl ** 2 + III * dl ** 4 + IIIA * dl ** 6];
}

function guideUnproject(p: NationalGridProjection, e: number, n: number): [number, number] {
  let phi = (n - N0) / (p.a * F0) + PHI0;
  let m = guideArc(p, phi);
  for (let k = 0; k < 50 && Math.abs(n - N0 - m) >= 1e-9; k++) {
    phi += (n - N0 - m) / (p.a * F0);
    m = guideArc(p, phi);
  }
  const { nu, rho, eta2 } = guideRadii(p, phi);
  const tan = Math.tan(phi);
  const sec = 1 / Math.cos(phi);
  const VII = tan / (2 * rho * nu);
  const VIII = (tan / (24 * rho * nu ** 3)) * (5 + 3 * tan ** 2 + eta2 - 9 * tan ** 2 * eta2);
  const IX = (tan / (720 * rho * nu ** 5)) * (61 + 90 * tan ** 2 + 45 * tan ** 4);
  const X = sec / nu;
  const XI = (sec / (6 * nu ** 3)) * (nu / rho + 2 * tan ** 2);
  const XII = (sec / (120 * nu ** 5)) * (5 + 28 * tan ** 2 + 24 * tan ** 4);
  const XIIA = (sec / (5040 * nu ** 7)) * (61 + 662 * tan ** 2 + 1320 * tan ** 4 + 720 * tan ** 6);
  const de = e - E0;
  return [
    (LAMBDA0 + X * de - XI * de ** 3 + XII * de ** 5 - XIIA * de ** 7) / DEG,
    (phi - VII * de ** 2 + VIII * de ** 4 - IX * de ** 6) / DEG,
  ];
}

/** Metres per degree of latitude, about (and more than a degree of longitude in GB). */
const METRES_PER_DEGREE = 111_000;

describe.each([
  ['GRS80', GRS80_NATIONAL_GRID],
  ['Airy 1830', AIRY_NATIONAL_GRID],
])('the National Grid projection on %s against the OS guide written out', (_, p) => {
  const out = new Float64Array(2);

  it('projects as the guide does, to 10 nanometres, across GB', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -8, max: 2, noNaN: true }),
        fc.double({ min: 49.8, max: 60.9, noNaN: true }),
        (lon, lat) => {
          projectNationalGrid(p, lon, lat, out);
          const [e, n] = guideProject(p, lon, lat);
          expect(Math.abs((out[0] as number) - e)).toBeLessThan(1e-8);
          expect(Math.abs((out[1] as number) - n)).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('unprojects as the guide does, to 10 nanometres, across GB', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 700000, noNaN: true }),
        fc.double({ min: 0, max: 1250000, noNaN: true }),
        (e, n) => {
          unprojectNationalGrid(p, e, n, out);
          const [lon, lat] = guideUnproject(p, e, n);
          expect(Math.abs((out[0] as number) - lon) * METRES_PER_DEGREE).toBeLessThan(1e-8);
          expect(Math.abs((out[1] as number) - lat) * METRES_PER_DEGREE).toBeLessThan(1e-8);
        },
      ),
      { numRuns: 500 },
    );
  });
});
