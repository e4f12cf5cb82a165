/**
 * A mapping helper: records are strict about optional fields (an absent field is left out, never
 * `undefined`), and upstream values are often missing.
 */

/**
 * `T` with the keys that may be `undefined` made optional (and never `undefined`); the others kept.
 *
 * @example
 * ```ts
 * import type { WithoutUndefined } from '@ldn-twin/core';
 * type Row = WithoutUndefined<{ id: string; name: string | undefined }>; // { id: string; name?: string }
 * ```
 */
export type WithoutUndefined<T> = {
  [K in keyof T as undefined extends T[K] ? never : K]: T[K];
} & { [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> };

/**
 * A copy of an object without its `undefined` values, typed so the keys that may be `undefined`
 * become optional.
 *
 * @example
 * ```ts
 * import { withoutUndefined } from '@ldn-twin/core';
 * withoutUndefined({ name: 'Lillie Road', uprn: undefined }); // { name: 'Lillie Road' }
 * ```
 */
export function withoutUndefined<T extends object>(values: T): WithoutUndefined<T> {
  const out: Record<string, unknown> = {};
  for (const key in values) {
    if (!Object.hasOwn(values, key)) continue;
    const value = values[key];
    if (value !== undefined) out[key] = value;
  }
  return out as WithoutUndefined<T>;
}
