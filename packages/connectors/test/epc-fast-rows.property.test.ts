/*
 * The fast paths of the two EPC row schemas (src/epc/fast-rows.ts) must give exactly what the schema
 * gives, or nothing: property-based tests (fast-check) against RawCertificate and SearchColumns
 * themselves, on rows mixing good values, blanks, nulls, the register's sentinels, bad values and
 * values of other types in every column, compared key by key in order. REAL (v1, the recorded
 * Hammersmith row) and DOCUMENTED SHAPE (replacement register, the OpenAPI example) rows as bases.
 */
import { readFileSync } from 'node:fs';
import { RawCertificate } from '@ldn-twin/connectors/epc';
import { withFastPath } from '@ldn-twin/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boroughCode, SearchColumns } from '../src/epc/energy-performance-data.js';
import { certificateColumns, searchColumns } from '../src/epc/fast-rows.js';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const v1Row = fixture('epc/epc-domestic-search-row-hammersmith.json');
const searchRow = (
  fixture('epc-2026/epc2026-domestic-search-openapi-example.json').data as object[]
)[0] as Record<string, unknown>;

const blank = fc.constantFrom(undefined, null, '', '  ', 'N/A', 'NO DATA!', 'n/a');
/** Mostly values of the column's kind (some of them wrong), then blanks, then values of another type. */
const field = (values: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { arbitrary: values, weight: 12 },
    { arbitrary: blank, weight: 3 },
    { arbitrary: fc.constantFrom(7, 0, true, {}, ['x'], Number.NaN), weight: 1 },
  );
/** The values of each kind of column the schema accepts, then some it refuses. */
const KINDS = {
  text: [['1 Some Street', ' Flat 2 ', 'Whitbury', 'E09000013'], []],
  numeric: [
    ['60', ' 72.5 ', '-3', '1e3', '0x10', 61, 2.5],
    ['sixty', Number.POSITIVE_INFINITY],
  ],
  band: [
    ['B', ' G ', 'C'],
    ['c', 'H', 'AB'],
  ],
  date: [
    ['2020-05-04', ' 2020-05-04 ', '2020-05-04T10:11:12Z', '2020-05-04 10:11'],
    ['2023-02-29', '04/05/2020'],
  ],
  uprn: [
    ['34053831', ' 12 ', '0'],
    ['12a', '1234567890123'],
  ],
  key: [['1573380469022017090821481343938953', ' 42 '], []],
} satisfies Record<string, [unknown[], unknown[]]>;
/** A column of a kind: `good` rows have only values and blanks the schema accepts. */
const column = (kind: keyof typeof KINDS, good: boolean) => {
  const [accepted, refused] = KINDS[kind];
  return good
    ? fc.oneof({ arbitrary: fc.constantFrom(...accepted), weight: 12 }, { arbitrary: blank, weight: 3 })
    : field(fc.constantFrom(...accepted, ...refused));
};
const text = column('text', false);
const bandValue = column('band', false);
const dateValue = column('date', false);

/** A v1 row: the declared columns with any values, some left out, and columns the schema does not declare. */
const v1Row_ = (good: boolean) =>
  fc.record(
    {
      'lmk-key': column('key', good),
      'certificate-number': fc.constantFrom(undefined, '0000-0000-0000-0000-0000', ''),
      uprn: column('uprn', good),
      'uprn-source': column('text', good),
      address: column('text', good),
      address1: column('text', good),
      postcode: column('text', good),
      'local-authority': column('text', good),
      'current-energy-rating': column('band', good),
      'potential-energy-rating': column('band', good),
      'current-energy-efficiency': column('numeric', good),
      'co2-emissions-current': column('numeric', good),
      'total-floor-area': column('numeric', good),
      'floor-area': column('numeric', good),
      tenure: column('text', good),
      'lodgement-date': column('date', good),
      'inspection-date': column('date', good),
      recommendations: good ? fc.constant(undefined) : fc.constantFrom(undefined, [], [{ sequence: 1 }]),
      'walls-description': column('text', good),
      'mainheat-energy-eff': fc.constantFrom('Good', '', 7, null),
    },
    { requiredKeys: [] },
  );
const v1 = fc.oneof(v1Row_(true), v1Row_(false)).chain((row) =>
  fc.oneof(
    fc.constant(row),
    fc.constant({ ...v1Row, ...row }),
    // Another order of the same columns.
    fc
      .shuffledSubarray(Object.keys(row), { minLength: Object.keys(row).length })
      .map((keys) => Object.fromEntries(keys.map((k) => [k, row[k as keyof typeof row]]))),
  ),
);

const search = fc.oneof(
  fc.record(
    {
      certificateNumber: field(fc.constantFrom('0000-0000-0000-0000-0000', ' 1111-2222 ', 'N/A')),
      addressLine1: text,
      addressLine2: text,
      addressLine3: text,
      addressLine4: text,
      postcode: field(fc.constantFrom('SW10 0AA', ' sw6 7sr ')),
      postTown: text,
      council: field(fc.constantFrom('Hammersmith and Fulham', 'camden', ' Westminster ', 'Nowhere')),
      constituency: text,
      currentEnergyEfficiencyBand: bandValue,
      registrationDate: dateValue,
      uprn: field(
        fc.constantFrom(100121241798, 0, -1, -0, 1.5, 1234567890123, 2 ** 60, '34053831', ' 12 ', '12a'),
      ),
      schemaType: text,
      relatedRrn: text,
      somethingNew: text,
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom(null, 'a row', ['a', 'row'], Object.create({ certificateNumber: 'inherited' })),
);

/** Key by key, in order, what both give; `undefined` for a fast path that declines. */
const entries = (value: unknown) => (value === undefined ? undefined : Object.entries(value as object));

describe('epc fast row paths', () => {
  it('certificateColumns gives what RawCertificate gives, or declines', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof(v1, fc.constantFrom(null, 'row', [v1Row], {})), (row) => {
        const schema = RawCertificate.safeParse(row);
        const fast = certificateColumns(row);
        if (fast === undefined) return;
        taken += 1;
        expect(schema.success).toBe(true);
        expect(entries(fast)).toEqual(entries(schema.data));
      }),
      { numRuns: 3000 },
    );
    // The fast path takes the plainly good rows, often enough to mean something.
    expect(taken).toBeGreaterThan(300);
    expect(entries(certificateColumns(v1Row))).toEqual(entries(RawCertificate.parse(v1Row)));
  });

  it('searchColumns gives what SearchColumns gives, or declines', () => {
    let taken = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          search,
          search.map((r) => (typeof r === 'object' ? { ...searchRow, ...r } : r)),
        ),
        (row) => {
          const schema = SearchColumns.safeParse(row);
          const fast = searchColumns(row, boroughCode);
          if (fast === undefined) return;
          taken += 1;
          expect(schema.success).toBe(true);
          expect(entries(fast)).toEqual(entries(schema.data));
        },
      ),
      { numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it('withFastPath reports what the schema reports for a row the fast path declines', () => {
    const row = withFastPath(RawCertificate, (raw) => certificateColumns(raw) as RawCertificate | undefined);
    const bad = { ...v1Row, 'current-energy-rating': 'H', 'total-floor-area': 'big' };
    const direct = RawCertificate.safeParse(bad);
    const wrapped = row.safeParse(bad);
    expect(wrapped.success).toBe(false);
    expect(direct.success).toBe(false);
    const described = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
      issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(described(wrapped.error?.issues ?? [])).toEqual(described(direct.error?.issues ?? []));
    expect(described(wrapped.error?.issues ?? [])).toHaveLength(2);
    expect(row.parse(v1Row)).toEqual(RawCertificate.parse(v1Row));
  });
});
