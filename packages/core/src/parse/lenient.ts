/**
 * zod building blocks for the mess upstream data really arrives in: numbers as strings, `""` for
 * null, one object where a list is expected, UK dates. Each accepts the mess explicitly and
 * normalises it; anything else is still an error, so drift is reported rather than hidden.
 */
import * as z from 'zod';

/*
 * Every helper is `.optional()` on the outside: in zod 4 only an optional schema makes an object key
 * optional, and upstream services leave keys out as often as they send `""` or `null`.
 */

/**
 * A string where `""` (or whitespace only), `null` and a missing key mean absent: parses to
 * `string | undefined`.
 *
 * @example
 * ```ts
 * optionalText().parse('') // undefined
 * optionalText().parse(' Lambeth ') // 'Lambeth'
 * ```
 */
export function optionalText() {
  // nullable, not a union with null: the same values, without a union's per-branch cost.
  return z
    .string()
    .nullable()
    .transform((value) => (value == null || value.trim() === '' ? undefined : value.trim()))
    .optional();
}

/**
 * A number that may arrive as a number or a numeric string; `""` and `null` mean absent.
 *
 * @example
 * ```ts
 * optionalNumber().parse('192') // 192
 * optionalNumber().parse('') // undefined
 * optionalNumber().safeParse('n/a').success // false
 * ```
 */
export function optionalNumber() {
  return z
    .union([z.number(), z.string(), z.null()])
    .transform((value, ctx) => {
      if (value == null || (typeof value === 'string' && value.trim() === '')) return undefined;
      const number = typeof value === 'number' ? value : Number(value.trim());
      if (!Number.isFinite(number)) {
        ctx.issues.push({
          code: 'custom',
          message: `expected a number, got ${JSON.stringify(value)}`,
          input: value,
        });
        return z.NEVER;
      }
      return number;
    })
    .optional();
}

/**
 * A required number that may arrive as a numeric string.
 *
 * @example
 * ```ts
 * requiredNumber().parse('44006852') // 44006852
 * requiredNumber().safeParse('').success // false
 * ```
 */
export function requiredNumber() {
  return optionalNumber().pipe(z.number({ error: 'expected a number' }));
}

/**
 * An ISO date (`YYYY-MM-DD`) or date-time, where `""` and `null` mean absent.
 *
 * @example
 * ```ts
 * optionalIsoDate().parse('2021-10-29') // '2021-10-29'
 * optionalIsoDate().parse('') // undefined
 * ```
 */
export function optionalIsoDate() {
  return optionalText().pipe(
    z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true }), z.undefined()]),
  );
}

/**
 * A UK date `dd/MM/yyyy`, normalised to ISO `YYYY-MM-DD`; `""` and `null` mean absent; an impossible
 * date (31/02/2020) is an error.
 *
 * @example
 * ```ts
 * optionalUkDate().parse('05/03/2021') // '2021-03-05'
 * ```
 */
export function optionalUkDate() {
  return optionalText().transform((value, ctx) => {
    if (value === undefined) return undefined;
    const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    const iso = match ? `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}` : undefined;
    if (!iso || Number.isNaN(Date.parse(iso)) || new Date(iso).toISOString().slice(0, 10) !== iso) {
      ctx.issues.push({
        code: 'custom',
        message: `expected a UK date dd/MM/yyyy, got ${JSON.stringify(value)}`,
        input: value,
      });
      return z.NEVER;
    }
    return iso;
  });
}

/**
 * One item or an array of items, always parsed to an array (`null` and absent give `[]`).
 *
 * @example
 * ```ts
 * oneOrMany(z.string()).parse('a') // ['a']
 * oneOrMany(z.string()).parse(['a', 'b']) // ['a', 'b']
 * ```
 */
export function oneOrMany<T extends z.ZodType>(item: T) {
  return z
    .union([z.array(item), item, z.null()])
    .transform((value): z.output<T>[] =>
      value == null ? [] : Array.isArray(value) ? (value as z.output<T>[]) : [value as z.output<T>],
    )
    .default([]);
}
