/**
 * zod's ahead-of-time compiler (`z.compile`) for the schemas a process runs most: a schema that has
 * parsed {@link COMPILE_AFTER} values is compiled once and its compiled clone used from then on. A
 * compiled schema gives the same results (it hands every value its fast path rejects to the
 * runtime parser, so failures and their issues are the runtime's own); compiling costs tens of
 * milliseconds, so small runs never pay it. Where code generation is refused (a strict CSP) or a
 * schema has features the compiler does not model, zod returns the schema unchanged.
 *
 * The compiler is reached through a runtime import that bundlers leave out: in Node and Deno it is
 * the same zod module already loaded (nothing new is loaded), while a browser bundle carries no
 * compiler (28 KB of zod) and runs every schema uncompiled, with the same results.
 */
import type * as z from 'zod';

/** Values a schema parses before it is compiled. */
const COMPILE_AFTER = 1000;

/** The module the compiler comes from, named through a variable so that bundlers do not bundle it. */
const ZOD = 'zod';

type Compile = <S extends z.ZodType>(schema: S) => S;

let compiler: Compile | undefined;
let loadStarted = false;

/** Starts loading the compiler once; until it is there (or where it cannot be), schemas run as they are. */
function loadCompiler(): void {
  if (loadStarted) return;
  loadStarted = true;
  void import(/* @vite-ignore */ /* webpackIgnore: true */ ZOD).then(
    (zod: { compile?: Compile }) => {
      compiler = zod.compile;
    },
    () => {},
  );
}

const uses = new WeakMap<z.ZodType, number | z.ZodType>();

/**
 * `schema`, or its compiled clone once it has been asked for 1,000 times in the process (and the
 * compiler is loaded: see the module's note on browsers): for a schema run per item outside
 * `mapper.each` (which does this itself), e.g. one nested in a transform.
 *
 * @example
 * ```ts
 * import { hotSchema } from '@ldn-twin/core';
 * for (const raw of rows) hotSchema(RawRow).safeParse(raw);
 * ```
 */
export function hotSchema<S extends z.ZodType>(schema: S): S {
  const entry = uses.get(schema);
  if (typeof entry === 'object') return entry as S;
  const count = (entry ?? 0) + 1;
  if (count < COMPILE_AFTER) {
    uses.set(schema, count);
    return schema;
  }
  if (compiler === undefined) {
    loadCompiler();
    uses.set(schema, count);
    return schema;
  }
  const compiled = compiler(schema);
  uses.set(schema, compiled);
  return compiled;
}
