/**
 * A mapping helper: records are strict about optional fields (an absent field is left out, never
 * `undefined`), and upstream values are often missing.
 */

/**
 * A copy of an object without its `undefined` values, typed so the keys become optional.
 *
 * @example
 * ```ts
 * import { withoutUndefined } from '@ldn-twin/core';
 * withoutUndefined({ name: 'Lillie Road', uprn: undefined }); // { name: 'Lillie Road' }
 * ```
 */
export function withoutUndefined<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}
