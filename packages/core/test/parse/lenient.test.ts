import {
  oneOrMany,
  optionalIsoDate,
  optionalNumber,
  optionalText,
  optionalUkDate,
  requiredNumber,
} from '@ldn-twin/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

describe('lenient building blocks', () => {
  it('treats "", whitespace, null and a missing key as absent text', () => {
    const Row = z.object({ name: optionalText() });
    expect(Row.parse({ name: '' })).toEqual({ name: undefined });
    expect(Row.parse({ name: '   ' })).toEqual({ name: undefined });
    expect(Row.parse({ name: null })).toEqual({ name: undefined });
    expect(Row.parse({})).toEqual({});
    expect(Row.parse({ name: ' Lambeth ' })).toEqual({ name: 'Lambeth' });
    expect(Row.safeParse({ name: 3 }).success).toBe(false);
  });

  it('reads numbers that arrive as strings, and refuses what is not a number', () => {
    expect(optionalNumber().parse('192')).toBe(192);
    expect(optionalNumber().parse(192)).toBe(192);
    expect(optionalNumber().parse('')).toBeUndefined();
    expect(optionalNumber().safeParse('n/a').success).toBe(false);
    expect(requiredNumber().safeParse('').success).toBe(false);
    expect(z.object({ n: requiredNumber() }).safeParse({}).success).toBe(false);
  });

  it('round-trips any finite number through its string form', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (n) => optionalNumber().parse(String(n)) === n || (n === 0 && Object.is(n, -0)),
      ),
    );
  });

  it('accepts ISO dates and date-times, "" as absent', () => {
    expect(optionalIsoDate().parse('2021-10-29')).toBe('2021-10-29');
    expect(optionalIsoDate().parse('2020-11-25T13:43:30.207Z')).toBe('2020-11-25T13:43:30.207Z');
    expect(optionalIsoDate().parse('')).toBeUndefined();
    expect(optionalIsoDate().safeParse('29/10/2021').success).toBe(false);
  });

  it('normalises UK dates and refuses impossible ones', () => {
    expect(optionalUkDate().parse('05/03/2021')).toBe('2021-03-05');
    expect(optionalUkDate().parse('5/3/2021')).toBe('2021-03-05');
    expect(optionalUkDate().safeParse('31/02/2020').success).toBe(false);
    expect(optionalUkDate().safeParse('2021-03-05').success).toBe(false);
  });

  it('round-trips every real calendar date through dd/MM/yyyy', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1800-01-01'), max: new Date('2200-12-31'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const [y, m, d] = iso.split('-');
          return optionalUkDate().parse(`${d}/${m}/${y}`) === iso;
        },
      ),
    );
  });

  it('makes one-or-many always an array', () => {
    const Site = oneOrMany(z.object({ code: z.string() }));
    expect(Site.parse({ code: 'BG1' })).toEqual([{ code: 'BG1' }]);
    expect(Site.parse([{ code: 'BG1' }, { code: 'BG2' }])).toHaveLength(2);
    expect(Site.parse(null)).toEqual([]);
    expect(z.object({ Site }).parse({})).toEqual({ Site: [] });
    expect(Site.safeParse({ nope: 1 }).success).toBe(false);
  });
});
