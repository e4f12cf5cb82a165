import {
  formatGridRef,
  GridReferenceError,
  gridRefSquare,
  gridRefToWgs84,
  parseGridRef,
  wgs84ToBng,
  wgs84ToGridRef,
} from '@ldn-twin/geo';
import fc from 'fast-check';
import OsGridRef from 'geodesy/osgridref.js';
import { describe, expect, it } from 'vitest';

describe('parseGridRef', () => {
  it.each([
    ['TQ 30 80', 530000, 180000, 1000],
    ['TQ3080', 530000, 180000, 1000],
    ['tq 3080', 530000, 180000, 1000],
    ['TQ 30123 80456', 530123, 180456, 1],
    ['TQ 301 804', 530100, 180400, 100],
    ['TQ 3 8', 530000, 180000, 10000],
    ['TQ', 500000, 100000, 100000],
    ['SV 00 00', 0, 0, 1000],
    ['HP 40 12', 440000, 1212000, 1000],
    ['OV 12 34', 512000, 534000, 1000],
    ['JM 00 00', 600000, 1200000, 1000],
    ['NT 2547 7315', 325470, 673150, 10],
  ])('%s', (text, easting, northing, precision) => {
    expect(parseGridRef(text)).toMatchObject({ easting, northing, precision });
  });

  it.each([
    ['ZZ 12', /'ZZ' is not a 100 km square/],
    ['TQ 123', /3 digits; it needs an even number/],
    ['TQ 12 345', /easting has 2 digits and the northing 3/],
    ['TQ 12a4', /only digits and spaces/],
    ['12 34', /must start with two letters/],
    ['TI 12 34', /'TI' is not a 100 km square/],
    ['TQ 123456 123456', /at most 10/],
    ['TQ 1 2 3', /at most two groups/],
    ['JZ 12 34', /outside the National Grid/],
    ['HA 12 34', /outside the National Grid/],
  ])('rejects %s with a reason', (text, reason) => {
    expect(() => parseGridRef(text)).toThrow(GridReferenceError);
    expect(() => parseGridRef(text)).toThrow(reason);
  });
});

describe('formatGridRef', () => {
  it('agrees with geodesy OsGridRef anywhere on the National Grid (property-based)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 699999.999, noNaN: true }),
        fc.double({ min: 0, max: 1299999.999, noNaN: true }),
        fc.constantFrom(2, 4, 6, 8, 10) as fc.Arbitrary<2 | 4 | 6 | 8 | 10>,
        (e, n, digits) => {
          expect(formatGridRef(e, n, { digits })).toBe(new OsGridRef(e, n).toString(digits));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('formats at every precision, truncating', () => {
    expect(formatGridRef(530123.9, 180456.9)).toBe('TQ 30123 80456');
    expect(formatGridRef(530123, 180456, { digits: 8 })).toBe('TQ 3012 8045');
    expect(formatGridRef(530123, 180456, { digits: 6 })).toBe('TQ 301 804');
    expect(formatGridRef(530123, 180456, { digits: 4, spaces: false })).toBe('TQ3080');
    expect(formatGridRef(530123, 180456, { digits: 2 })).toBe('TQ 3 8');
    expect(formatGridRef(530123, 180456, { digits: 0 })).toBe('TQ');
    expect(formatGridRef(0, 0, { digits: 4 })).toBe('SV 00 00');
  });

  it('rejects points off the grid and bad digit counts', () => {
    expect(() => formatGridRef(-1, 0)).toThrow(RangeError);
    expect(() => formatGridRef(530000, 180000, { digits: 5 as 4 })).toThrow(/digits must be/);
  });
});

describe('squares and conversion', () => {
  it('gives the square a reference covers', () => {
    expect(gridRefSquare('TQ 30 80')).toEqual({
      minEasting: 530000,
      minNorthing: 180000,
      maxEasting: 531000,
      maxNorthing: 181000,
    });
    expect(gridRefSquare('TQ 30123 80456').maxEasting).toBe(530124);
  });

  it('converts through OSTN15 both ways', () => {
    const centre = gridRefToWgs84('TQ 30 80');
    expect(centre.method).toBe('ostn15');
    const back = wgs84ToBng(centre.lon, centre.lat);
    expect(back.easting).toBeCloseTo(530500, 3);
    expect(back.northing).toBeCloseTo(180500, 3);
    expect(wgs84ToGridRef(centre.lon, centre.lat, { digits: 4 })).toBe('TQ 30 80');
    const corner = gridRefToWgs84('TQ 30 80', { at: 'south-west' });
    expect(wgs84ToGridRef(corner.lon + 1e-7, corner.lat + 1e-7, { digits: 4 })).toBe('TQ 30 80');
  });
});

describe('round trips (property-based)', () => {
  const digits = fc.constantFrom(0 as const, 2 as const, 4 as const, 6 as const, 8 as const, 10 as const);
  it('format -> parse names the square containing the point', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 699999 }),
        fc.integer({ min: 0, max: 1299999 }),
        digits,
        fc.boolean(),
        (e, n, d, spaces) => {
          const text = formatGridRef(e, n, { digits: d, spaces });
          const ref = parseGridRef(text);
          expect(ref.digits).toBe(d);
          const sq = gridRefSquare(ref);
          expect(e >= sq.minEasting && e < sq.maxEasting).toBe(true);
          expect(n >= sq.minNorthing && n < sq.maxNorthing).toBe(true);
          expect(formatGridRef(ref.easting, ref.northing, { digits: d, spaces })).toBe(text);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
