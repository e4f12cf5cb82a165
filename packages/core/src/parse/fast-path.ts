/**
 * A hand-written fast path beside a zod schema, for the rows a bulk run parses by the thousand: the
 * schema stays the judge of every row the fast path is not sure of.
 */
import * as z from 'zod';
import { hotSchema } from './hot-schema.js';

/**
 * A schema that gives `fast(raw)` where the fast path is sure, and otherwise parses with `schema`
 * (compiled once hot), its issues (paths and messages) the row's. `fast` must give exactly what
 * `schema` gives for a value it answers, and `undefined` for any value it is not sure of: prove it
 * with a property test against `schema`. Then the verdicts, values and issues are the schema's own.
 *
 * @example
 * ```ts
 * import { withFastPath } from '@ldn-twin/core';
 * const Row = z.object({ id: z.string() });
 * const FastRow = withFastPath(Row, (raw) =>
 *   typeof raw === 'object' && raw !== null && Object.keys(raw).length === 1 && typeof (raw as { id?: unknown }).id === 'string'
 *     ? { id: (raw as { id: string }).id }
 *     : undefined,
 * );
 * FastRow.parse({ id: 'a' }); // { id: 'a' }, without running Row
 * ```
 */
export function withFastPath<O>(
  schema: z.ZodType<O, unknown>,
  fast: (raw: unknown) => O | undefined,
): z.ZodType<O, unknown> {
  const combined = z.unknown().transform((raw, ctx): O => {
    const quick = fast(raw);
    if (quick !== undefined) return quick;
    const parsed = hotSchema(schema).safeParse(raw);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      ctx.issues.push({ code: 'custom', message: issue.message, path: issue.path, input: raw });
    }
    return z.NEVER;
  });
  FAST_PATHS.set(combined, fast);
  return combined;
}

const FAST_PATHS = new WeakMap<z.ZodType, (raw: unknown) => unknown>();

/**
 * The fast path `schema` was made with by {@link withFastPath}, if it was: for a caller (the record
 * mapper) that can take its answer without a parse result per value.
 * @internal
 */
export function fastPathOf(schema: z.ZodType): ((raw: unknown) => unknown) | undefined {
  return FAST_PATHS.get(schema);
}
