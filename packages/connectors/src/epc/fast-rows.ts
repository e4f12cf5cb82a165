/**
 * Fast paths of the two row schemas a whole search runs per row: RawCertificate (v1 rows) and
 * SearchColumns (the replacement register's search rows). Each reads a row the plain way and gives
 * exactly what its schema's parse gives (the same keys, in the same order, with the same values), or
 * `undefined` whenever it is not sure, a value of an unexpected type or one the schema would refuse
 * included: the schema then decides, and names the issue. So every row is still judged by its schema
 * (property tests against it: `epc-fast-rows.property.test.ts`); the fast path only saves the
 * schema's work, most of a search's cost, on the rows that are plainly good.
 */
import * as z from 'zod';
import { SENTINELS } from './raw.js';

/** The pattern of `z.iso.date()`, zod's own. */
const ISO_DATE: RegExp = z.iso.date()._zod.pattern;
const DATE_TIME_PREFIX = /^\d{4}-\d{2}-\d{2}[T ]/;
const UPRN = /^\d{1,12}$/;
const BANDS: ReadonlySet<string> = new Set(['A', 'B', 'C', 'D', 'E', 'F', 'G']);

/** What a fast path gives for a value it is not sure of. */
const UNSURE: unique symbol = Symbol('unsure');
type Unsure = typeof UNSURE;

/** `optionalText()`: a trimmed string, `undefined` for blank, null or absent. */
function optionalText(value: unknown): string | undefined | Unsure {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return UNSURE;
  const text = value.trim();
  return text === '' ? undefined : text;
}

/** raw.ts's `text()`: `optionalText()` where the register's sentinels are absent too. */
function text(value: unknown): string | undefined | Unsure {
  const t = optionalText(value);
  return t !== undefined && t !== UNSURE && SENTINELS.has(t) ? undefined : t;
}

/** raw.ts's `band()`. */
function band(value: unknown): string | undefined | Unsure {
  const t = text(value);
  return t === undefined || t === UNSURE || BANDS.has(t) ? t : UNSURE;
}

/** raw.ts's `date()`. */
function date(value: unknown): string | undefined | Unsure {
  let t = text(value);
  if (t === undefined || t === UNSURE) return t;
  if (DATE_TIME_PREFIX.test(t)) t = t.slice(0, 10);
  return ISO_DATE.test(t) ? t : UNSURE;
}

/** raw.ts's `number()`. */
function number(value: unknown): number | undefined | Unsure {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : UNSURE;
  if (typeof value !== 'string') return UNSURE;
  const t = value.trim();
  if (t === '' || SENTINELS.has(t)) return undefined;
  const parsed = Number(t);
  return Number.isFinite(parsed) ? parsed : UNSURE;
}

/** RawCertificate's `uprn`, from text. */
function uprnText(value: string | undefined | Unsure): string | undefined | Unsure {
  return value === undefined || value === UNSURE || UPRN.test(value) ? value : UNSURE;
}

/** A plain object as JSON.parse or the CSV reader makes them, without a key that sets a prototype. */
function isPlainRow(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !Object.hasOwn(value, '__proto__')
  );
}

/** RawCertificate's columns, in its shape's order, each with its rule. */
const CERTIFICATE_RULES: readonly (readonly [string, (value: unknown) => unknown])[] = [
  ['lmk-key', text],
  ['certificate-number', text],
  ['uprn', (value) => uprnText(text(value))],
  ['uprn-source', text],
  ['building-reference-number', text],
  ['address', text],
  ['address1', text],
  ['address2', text],
  ['address3', text],
  ['postcode', text],
  ['local-authority', text],
  ['local-authority-label', text],
  ['current-energy-rating', band],
  ['potential-energy-rating', band],
  ['current-energy-efficiency', number],
  ['potential-energy-efficiency', number],
  ['asset-rating', number],
  ['asset-rating-band', text],
  ['co2-emissions-current', number],
  ['co2-emissions-potential', number],
  ['total-floor-area', number],
  ['floor-area', number],
  ['construction-age-band', text],
  ['property-type', text],
  ['built-form', text],
  ['tenure', text],
  ['transaction-type', text],
  ['lodgement-date', date],
  ['inspection-date', date],
  // Recommendations come only with the replacement register's detail: any at all go to the schema.
  ['recommendations', (value) => (value === undefined ? undefined : UNSURE)],
];
const CERTIFICATE_COLUMNS: ReadonlySet<string> = new Set(CERTIFICATE_RULES.map(([name]) => name));

/**
 * `RawCertificate.parse(row)` for a row it is sure of, else `undefined`.
 *
 * @example
 * ```ts
 * certificateColumns({ 'lmk-key': '1', 'current-energy-efficiency': ' 60 ' }); // { 'lmk-key': '1', 'current-energy-efficiency': 60 }
 * ```
 */
export function certificateColumns(row: unknown): Record<string, unknown> | undefined {
  if (!isPlainRow(row)) return undefined;
  const out: Record<string, unknown> = {};
  // The declared columns first, as a loose object gives them: present in the row, or defined.
  for (const [name, rule] of CERTIFICATE_RULES) {
    const value = rule(row[name]);
    if (value === UNSURE) return undefined;
    if (value !== undefined || name in row) out[name] = value;
  }
  if (out['lmk-key'] === undefined && out['certificate-number'] === undefined) return undefined;
  // Then the others, as they came.
  for (const name in row) if (!CERTIFICATE_COLUMNS.has(name)) out[name] = row[name];
  return out;
}

/**
 * What SearchColumns gives for a search row it is sure of, else `undefined`: the register's
 * kebab-case columns (see `energy-performance-data.ts`). `boroughCode` names a council's London
 * borough code from its lower-case name.
 *
 * @example
 * ```ts
 * searchColumns({ certificateNumber: '0000-0000', council: 'Camden' }, (name) => codes.get(name));
 * ```
 */
export function searchColumns(
  row: unknown,
  boroughCode: (lowerCaseName: string) => string | undefined,
): Record<string, unknown> | undefined {
  if (!isPlainRow(row)) return undefined;
  const { certificateNumber } = row;
  if (typeof certificateNumber !== 'string') return undefined;
  const number = certificateNumber.trim();
  if (number === '' || SENTINELS.has(number)) return undefined;
  const line1 = optionalText(row.addressLine1);
  const line2 = optionalText(row.addressLine2);
  const line3 = optionalText(row.addressLine3);
  const line4 = optionalText(row.addressLine4);
  const postcode = text(row.postcode);
  const postTown = optionalText(row.postTown);
  const council = optionalText(row.council);
  const constituency = optionalText(row.constituency);
  const schemaType = optionalText(row.schemaType);
  const relatedRrn = optionalText(row.relatedRrn);
  const rawBand = optionalText(row.currentEnergyEfficiencyBand);
  const currentBand = rawBand === undefined || rawBand === UNSURE ? rawBand : band(rawBand.toUpperCase());
  const registered = date(optionalText(row.registrationDate));
  const uprn = searchUprn(row.uprn);
  if (
    line1 === UNSURE ||
    line2 === UNSURE ||
    line3 === UNSURE ||
    line4 === UNSURE ||
    postcode === UNSURE ||
    postTown === UNSURE ||
    council === UNSURE ||
    constituency === UNSURE ||
    schemaType === UNSURE ||
    relatedRrn === UNSURE ||
    currentBand === UNSURE ||
    registered === UNSURE ||
    uprn === UNSURE
  ) {
    return undefined;
  }
  // SearchColumns' transform, line for line.
  let address = line1 ?? '';
  for (const line of [line2, line3, line4]) {
    if (line) address = address ? `${address}, ${line}` : line;
  }
  return {
    'certificate-number': number,
    address: address === '' || SENTINELS.has(address) ? undefined : address,
    postcode,
    posttown: postTown,
    'local-authority': council === undefined ? undefined : boroughCode(council.toLowerCase()),
    'local-authority-label': council === undefined || SENTINELS.has(council) ? undefined : council,
    'constituency-label': constituency,
    'current-energy-rating': currentBand,
    'lodgement-date': registered,
    uprn,
    'schema-type': schemaType,
    'related-rrn': relatedRrn,
  };
}

/** SearchColumns' `uprn`: a non-negative integer or text, as RawCertificate's `uprn` text. */
function searchUprn(value: unknown): string | undefined | Unsure {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 && !Object.is(value, -0)
      ? uprnText(text(String(value)))
      : UNSURE;
  }
  return typeof value === 'string' ? uprnText(text(value)) : UNSURE;
}
