/**
 * The EPC register's payloads as they really arrive: a `{"column-names", "rows"}` envelope whose rows
 * are flat objects with kebab-case keys and every value a string, `""` for empty. The same row shape
 * comes from the bulk CSV files once their header is normalised (see `csv.ts`). Rows are parsed one
 * by one, so one bad certificate is a reported issue, not a failed search.
 */
import { optionalText } from '@ldn-twin/core';
import * as z from 'zod';

/**
 * Values the register writes for "no value" besides `""` (seen in the fixture: `floor-energy-eff`
 * "NO DATA!", `sheating-energy-eff` "N/A"). Typed fields read them as absent.
 *
 * @example
 * ```ts
 * SENTINELS.has('NO DATA!'); // true
 * ```
 */
export const SENTINELS: ReadonlySet<string> = new Set(['NO DATA!', 'N/A']);

/** Text where `""` and the register's sentinels mean absent. */
const text = () =>
  optionalText().transform((value) => (value === undefined || SENTINELS.has(value) ? undefined : value));

/** A number where `""` and the sentinels mean absent; anything else not numeric is an error. */
const number = () =>
  z
    .union([z.string(), z.number(), z.null()])
    .transform((value, ctx) => {
      if (typeof value === 'number') return value;
      const text = value?.trim() ?? '';
      if (text === '' || SENTINELS.has(text)) return undefined;
      const parsed = Number(text);
      if (Number.isFinite(parsed)) return parsed;
      ctx.issues.push({
        code: 'custom',
        message: `expected a number, got ${JSON.stringify(value)}`,
        input: value,
      });
      return z.NEVER;
    })
    .optional();

/** An energy band; the register writes them upper case. */
const band = () => text().pipe(z.enum(['A', 'B', 'C', 'D', 'E', 'F', 'G']).optional());

/** An ISO date (`YYYY-MM-DD`). */
const date = () =>
  text()
    // The replacement register's API may give a date-time where its SQL gives a date: keep the day.
    .transform((value) => (value && /^\d{4}-\d{2}-\d{2}[T ]/.test(value) ? value.slice(0, 10) : value))
    .pipe(z.union([z.iso.date(), z.undefined()]));

/** One recommended improvement, already in the twin's terms (see the replacement source). */
const Recommendation = z.strictObject({
  sequence: z.number().optional(),
  improvementType: z.string().optional(),
  improvementNumber: z.number().optional(),
  indicativeCost: z.string().optional(),
  typicalSaving: z.number().optional(),
  energyPerformanceRating: z.number().optional(),
});

/**
 * One certificate row (domestic or non-domestic). Only the columns the mapping reads are declared;
 * the rest are kept (loose) and go to `extra`.
 *
 * @example
 * ```ts
 * const row = RawCertificate.parse({ 'lmk-key': '1573380469022017090821481343938953', uprn: '34053831', 'current-energy-efficiency': '60' });
 * row['current-energy-efficiency']; // 60
 * ```
 */
export const RawCertificate = z
  .looseObject({
    /** The v1 register's key (v1 API rows and bulk files). */
    'lmk-key': text(),
    /** The replacement register's key (its API rows and bulk files, `CERTIFICATE_NUMBER`). */
    'certificate-number': text(),
    uprn: text().pipe(
      z
        .string()
        .regex(/^\d{1,12}$/, 'uprn must be 1 to 12 digits')
        .optional(),
    ),
    'uprn-source': text(),
    'building-reference-number': text(),
    address: text(),
    address1: text(),
    address2: text(),
    address3: text(),
    postcode: text(),
    'local-authority': text(),
    'local-authority-label': text(),
    'current-energy-rating': band(),
    'potential-energy-rating': band(),
    'current-energy-efficiency': number(),
    'potential-energy-efficiency': number(),
    'asset-rating': number(),
    'asset-rating-band': text(),
    'co2-emissions-current': number(),
    'co2-emissions-potential': number(),
    'total-floor-area': number(),
    'floor-area': number(),
    'construction-age-band': text(),
    'property-type': text(),
    'built-form': text(),
    tenure: text(),
    'transaction-type': text(),
    'lodgement-date': date(),
    'inspection-date': date(),
    /** Recommended improvements (only the replacement register's certificate detail has them). */
    recommendations: z.array(Recommendation).optional(),
  })
  // `refine`, not `superRefine`: zod's superRefine gives each parse a closure, and on a bulk file's
  // millions of rows V8 then keeps every row alive into the old generation (pretenuring), which is
  // most of the import's memory and garbage-collection time (docs/epc.md, "Benchmark").
  .refine((row) => row['lmk-key'] !== undefined || row['certificate-number'] !== undefined, {
    path: ['lmk-key'],
    message: 'the row has no lmk-key or certificate-number',
  });
/** A parsed certificate row. */
export type RawCertificate = z.output<typeof RawCertificate>;

/**
 * The JSON search and certificate body. Rows stay unknown here: each is parsed on its own.
 *
 * @example
 * ```ts
 * RawSearch.parse({ 'column-names': ['lmk-key'], rows: [{ 'lmk-key': '1' }] }).rows.length; // 1
 * ```
 */
export const RawSearch = z.looseObject({
  'column-names': z.array(z.string()).optional(),
  rows: z.array(z.unknown()),
});
/** A parsed search body. */
export type RawSearch = z.output<typeof RawSearch>;
