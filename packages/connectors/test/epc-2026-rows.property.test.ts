/*
 * The replacement register's search rows are parsed by one schema (SearchColumns) when no
 * certificate detail comes with them, and through SearchRow, the body's columns and RawCertificate
 * when it does. A row with an empty certificate body adds nothing, so the second path is the
 * reference: property-based tests (fast-check) that both accept exactly the same rows and map them
 * to the same records, for rows mixing good values, blanks, nulls, the register's sentinels and bad
 * values in every field. DOCUMENTED SHAPE: the rows are made from the OpenAPI example.
 */
import { readFileSync } from 'node:fs';
import { epc, getEnergyPerformanceData, mapCertificate } from '@ldn-twin/connectors/epc';
import { connect, createClient, OPEN_ACCESS } from '@ldn-twin/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const example = (
  JSON.parse(
    readFileSync(
      new URL('./fixtures/epc-2026/epc2026-domestic-search-openapi-example.json', import.meta.url),
      'utf8',
    ),
  ) as { data: Record<string, unknown>[] }
).data[0]!;

const blank = fc.constantFrom(undefined, null, '', '  ', 'N/A', 'NO DATA!', 'n/a');
/** Mostly values of the field's kind (some of them wrong), then blanks, then values of another type. */
const field = (values: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { arbitrary: values, weight: 12 },
    { arbitrary: blank, weight: 3 },
    { arbitrary: fc.constantFrom(7, true, {}, ['x']), weight: 1 },
  );
const text = field(fc.constantFrom('1 Some Street', ' Flat 2 ', 'Whitbury'));
const row = fc.record(
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
    currentEnergyEfficiencyBand: field(fc.constantFrom('B', 'c', ' g ', 'H', 'AB')),
    registrationDate: field(
      fc.constantFrom('2020-05-04', '2020-05-04T10:11:12Z', '2020-05-04 10:11', '2023-02-29', '04/05/2020'),
    ),
    uprn: field(fc.constantFrom(100121241798, 0, -1, 1.5, 1234567890123, '34053831', ' 12 ', '12a')),
    schemaType: text,
    relatedRrn: text,
    somethingNew: text,
  },
  { requiredKeys: [] },
);

const mapping = {
  certificateType: 'domestic' as const,
  retrievedAt: '2026-12-07T09:00:00Z',
  licence: { id: 'LicenseRef-EPC-register-unconfirmed', attribution: ['Energy Performance Certificates'] },
  access: OPEN_ACCESS,
  certificateUrl: (key: string) => `https://x.test/api/certificate?certificate_number=${key}`,
};
const item = (search: Record<string, unknown>) => ({
  certificateNumber: String(search.certificateNumber ?? ''),
  search,
});

describe('epc replacement register: a search row through one schema', () => {
  it('accepts and maps exactly as the path through SearchRow and RawCertificate', async () => {
    const parse = getEnergyPerformanceData.row;
    let accepted = 0;
    // More runs than the compile threshold, async so the compiler loads: both paths compiled too.
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          row,
          row.map((r) => ({ ...example, ...r })),
        ),
        async (search) => {
          await Promise.resolve();
          const one = parse.safeParse(item(search));
          const reference = parse.safeParse({ ...item(search), certificate: {} });
          expect(one.success).toBe(reference.success);
          if (one.success && reference.success) {
            accepted += 1;
            expect(mapCertificate(one.data, mapping)).toEqual(mapCertificate(reference.data, mapping));
          }
        },
      ),
      { numRuns: 2500 },
    );
    // Both outcomes were seen often enough to mean something.
    expect(accepted).toBeGreaterThan(100);
    expect(accepted).toBeLessThan(2400);
  });

  it.each([
    ['a one-line address that is a sentinel', { addressLine1: 'N/A', addressLine2: null }],
    ['an address over two lines', { addressLine1: ' 1 Some Street ', addressLine2: 'N/A' }],
    ['a council that is a sentinel', { council: 'N/A' }],
    ['a council in other case and spaces', { council: ' hammersmith AND fulham ' }],
    ['a lower-case sentinel band', { currentEnergyEfficiencyBand: 'n/a' }],
    ['a lower-case band in spaces', { currentEnergyEfficiencyBand: ' g ' }],
    ['a sentinel postcode', { postcode: 'NO DATA!' }],
    ['a sentinel date', { registrationDate: 'N/A' }],
    ['a date-time', { registrationDate: '2020-05-04T10:11:12Z' }],
    ['a sentinel UPRN', { uprn: 'N/A' }],
    ['a UPRN in spaces', { uprn: ' 12 ' }],
    ['a number in spaces', { certificateNumber: ' 1111-2222 ' }],
    ['a sentinel number', { certificateNumber: 'NO DATA!' }],
    ['no number', { certificateNumber: undefined }],
  ])('agrees with the reference on %s', (_, change) => {
    const search = { ...example, ...change };
    const one = getEnergyPerformanceData.row.safeParse(item(search));
    const reference = getEnergyPerformanceData.row.safeParse({ ...item(search), certificate: {} });
    expect(one.success).toBe(reference.success);
    if (one.success && reference.success) {
      expect(mapCertificate(one.data, mapping)).toEqual(mapCertificate(reference.data, mapping));
    }
  });

  it('names the search row field a bad value is in', () => {
    const cases: [string, unknown, string][] = [
      ['currentEnergyEfficiencyBand', 'H', 'search.currentEnergyEfficiencyBand'],
      ['registrationDate', '2023-02-29', 'search.registrationDate'],
      ['uprn', '12a', 'search.uprn'],
      ['uprn', -1, 'search.uprn'],
      ['certificateNumber', 'N/A', 'search.certificateNumber'],
      ['certificateNumber', ' ', 'search.certificateNumber'],
      ['postcode', 7, 'search.postcode'],
    ];
    for (const [key, value, path] of cases) {
      const result = getEnergyPerformanceData.row.safeParse(item({ ...example, [key]: value }));
      expect(result.success, `${key}: ${JSON.stringify(value)}`).toBe(false);
      expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
    }
  });

  it('keeps received = mapped + failed on a search page past the compile threshold, naming each bad field', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      ...example,
      certificateNumber: `0000-0000-0000-${String(i).padStart(4, '0')}-0000`,
      ...(i % 7 === 3 ? { currentEnergyEfficiencyBand: 'H' } : {}),
      ...(i % 11 === 5 ? { uprn: 'not a uprn' } : {}),
    }));
    const bad = rows.filter((_, i) => i % 7 === 3 || i % 11 === 5).length;
    const body = JSON.stringify({
      data: rows,
      pagination: { currentPage: 1, totalPages: 1, nextPage: null },
    });
    // No network: the client's fetch answers with the page.
    const fetchPage: typeof fetch = async () =>
      new Response(body, { headers: { 'content-type': 'application/json' } });
    const register = connect(epc, {
      client: createClient({ fetch: fetchPage, cache: false }),
      config: { token: 'a-bearer-token' },
    });
    const { records, report } = await register
      .search({ council: 'Hammersmith and Fulham' })
      .collect({ limit: 10_000 });
    expect(report).toMatchObject({ received: 3000, mapped: 3000 - bad, failed: bad, complete: true });
    expect(records).toHaveLength(3000 - bad);
    const paths = new Set(report.issues.map((i) => i.path));
    expect(paths).toEqual(new Set(['search.currentEnergyEfficiencyBand', 'search.uprn']));
    // A bad row late in the page (after the schemas are compiled) reads as an early one.
    const early = report.issues.find((i) => i.index === 3);
    const late = report.issues.find((i) => i.index === 2992);
    expect(late?.message).toBe(early?.message);
    expect(late?.stage).toBe('parse');
  });
});
