// Validate-and-map throughput of EPC certificate rows, for both registers, against bare JSON.parse
// and a hand-written mapping of the same bytes (see ratios.ts): a v1 search page (the legacy
// kebab-case rows, made from the real Hammersmith row) and a replacement-register search page (the
// 2026 camelCase rows of its OpenAPI example, parsed into the same columns). Every row is validated
// at the boundary as in any run. Writes .artifacts/bench/epc-rows-legacy.json and epc-rows-2026.json.
// Run after a build: `pnpm --filter @ldn-twin/connectors bench`.
import { readFileSync } from 'node:fs';
import { epc, getEnergyPerformanceData, openDataCommunitiesV1 } from '@ldn-twin/connectors/epc';
import { connect, createClient, OPEN_ACCESS } from '@ldn-twin/core';
import { measureRatios } from './ratios.ts';

const ROWS = Number(process.env.EPC_BENCH_ROWS ?? 5_000);
const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/${path}`, import.meta.url), 'utf8'));
const legacyRow = fixture('epc/epc-domestic-search-row-hammersmith.json') as Record<string, string>;
const row2026 = (fixture('epc-2026/epc2026-domestic-search-openapi-example.json') as { data: object[] })
  .data[0] as Record<string, unknown>;
const bands = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];

const legacyBody = JSON.stringify({
  'column-names': Object.keys(legacyRow),
  rows: Array.from({ length: ROWS }, (_, i) => ({
    ...legacyRow,
    'lmk-key': String(1_000_000_000_000 + i),
    uprn: String(10_000_000 + i),
    address: `${i % 300} Lillie Road, Flat ${i % 7}`,
    'current-energy-rating': bands[i % 7],
    'current-energy-efficiency': String(20 + (i % 80)),
  })),
});
const body2026 = JSON.stringify({
  data: Array.from({ length: ROWS }, (_, i) => ({
    ...row2026,
    certificateNumber: `0000-0000-0000-${String(1000 + (i % 9000)).padStart(4, '0')}-${String(i).padStart(5, '0')}`,
    uprn: 100_000_000_000 + i,
    addressLine1: `${i % 300} Some Street`,
    currentEnergyEfficiencyBand: bands[i % 7],
  })),
  pagination: { totalRecords: ROWS, currentPage: 1, totalPages: 1, nextPage: null, pageSize: ROWS },
});

const fetching =
  (body: string): typeof fetch =>
  async () =>
    new Response(body, { headers: { 'content-type': 'application/json' } });
const LICENCE = {
  id: 'LicenseRef-EPC-register-unconfirmed',
  attribution: ['Energy Performance Certificates'],
};
const legacy = connect(epc, {
  client: createClient({ fetch: fetching(legacyBody), cache: false }),
  config: {
    source: openDataCommunitiesV1,
    email: 'bench@example.org',
    apiKey: 'bench-key',
    licence: LICENCE,
  },
});
const register = connect(epc, {
  client: createClient({ fetch: fetching(body2026), cache: false }),
  config: { source: getEnergyPerformanceData, token: 'bench-token', licence: LICENCE },
});
const count = async (run: { collect(o: { limit: number }): Promise<{ records: unknown[] }> }) =>
  (await run.collect({ limit: 1_000_000 })).records.length;

/** The record shape both registers' rows map to, as a careful hand-written mapping makes it. */
function record(c: {
  key: string;
  scheme: 'epc-lmk-key' | 'epc-certificate-number';
  sourceUrl: string;
  retrievedAt: string;
  attributes: Record<string, unknown>;
  uprn: string | undefined;
  gss: string | undefined;
  address: string | undefined;
  postcode: string | undefined;
  lodged: string | undefined;
  inspected: string | undefined;
}) {
  const relations = [];
  if (c.uprn) relations.push({ rel: 'observes', target: `urn:ldntwin:building:uprn:${c.uprn}` });
  if (c.gss) relations.push({ rel: 'withinArea', target: `urn:ldntwin:administrative-area:gss:${c.gss}` });
  const identifiers = [];
  if (c.uprn) identifiers.push({ scheme: 'uprn', value: c.uprn });
  identifiers.push({ scheme: 'other', value: c.key, issuer: c.scheme });
  if (c.gss) identifiers.push({ scheme: 'gss', value: c.gss });
  const day = c.inspected ?? c.lodged;
  return {
    type: 'Feature',
    id: `urn:ldntwin:energy-performance:${c.scheme}:${encodeURIComponent(c.key)}`,
    featureType: 'EnergyPerformance',
    geometry: null,
    time: day ? { date: day } : null,
    properties: {
      kind: 'EnergyPerformance',
      name: [c.address, c.postcode].filter(Boolean).join(', ') || `EPC ${c.key}`,
      identifiers,
      validFrom: c.lodged,
      observedAt: c.inspected,
      recordedAt: c.lodged ?? c.retrievedAt,
      locationPrecision: 'none',
      relations,
      provenance: {
        publisher: 'Ministry of Housing, Communities and Local Government (Open Data Communities)',
        dataset: 'epc-domestic',
        sourceId: c.key,
        sourceUrl: c.sourceUrl,
        retrievedAt: c.retrievedAt,
        method: 'modelled',
        connector: 'epc',
      },
      licence: LICENCE,
      access: OPEN_ACCESS,
      attributes: c.attributes,
    },
  };
}

const text = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
const num = (value: unknown) => (text(value) === undefined ? undefined : Number(value));
const TYPED = new Set(['lmk-key', 'uprn', 'uprn-source', 'building-reference-number', 'address']);
for (const key of ['postcode', 'local-authority', 'local-authority-label', 'current-energy-rating'])
  TYPED.add(key);
for (const key of ['potential-energy-rating', 'current-energy-efficiency', 'potential-energy-efficiency'])
  TYPED.add(key);
for (const key of ['co2-emissions-current', 'co2-emissions-potential', 'total-floor-area']) TYPED.add(key);
for (const key of ['construction-age-band', 'property-type', 'built-form', 'tenure', 'transaction-type'])
  TYPED.add(key);
TYPED.add('lodgement-date').add('inspection-date');

function handLegacy(): number {
  const retrievedAt = new Date().toISOString();
  const { rows } = JSON.parse(legacyBody) as { rows: Record<string, string>[] };
  const out = [];
  for (const r of rows) {
    const key = r['lmk-key'] as string;
    const extra: Record<string, string> = {};
    for (const k in r) {
      const value = text(r[k]);
      if (!TYPED.has(k) && value !== undefined) extra[k] = value;
    }
    const [uprn, gss, address, postcode] = [
      text(r.uprn),
      text(r['local-authority']),
      text(r.address),
      text(r.postcode),
    ];
    const [lodged, inspected] = [text(r['lodgement-date']), text(r['inspection-date'])];
    out.push(
      record({
        key,
        scheme: 'epc-lmk-key',
        sourceUrl: `https://epc.opendatacommunities.org/api/v1/domestic/certificate/${key}`,
        retrievedAt,
        uprn,
        gss,
        address,
        postcode,
        lodged,
        inspected,
        attributes: {
          certificateType: 'domestic',
          lmkKey: key,
          uprn,
          uprnSource: text(r['uprn-source']),
          buildingReferenceNumber: text(r['building-reference-number']),
          currentRating: text(r['current-energy-rating']),
          potentialRating: text(r['potential-energy-rating']),
          currentEfficiency: num(r['current-energy-efficiency']),
          potentialEfficiency: num(r['potential-energy-efficiency']),
          co2EmissionsCurrent: num(r['co2-emissions-current']),
          co2EmissionsPotential: num(r['co2-emissions-potential']),
          floorArea: num(r['total-floor-area']),
          constructionAgeBand: text(r['construction-age-band']),
          propertyType: text(r['property-type']),
          builtForm: text(r['built-form']),
          tenure: text(r.tenure),
          transactionType: text(r['transaction-type']),
          lodgementDate: lodged,
          inspectionDate: inspected,
          address,
          postcode,
          localAuthority: gss,
          localAuthorityLabel: text(r['local-authority-label']),
          extra,
        },
      }),
    );
  }
  return out.length;
}

function hand2026(): number {
  const retrievedAt = new Date().toISOString();
  const { data } = JSON.parse(body2026) as { data: Record<string, unknown>[] };
  const out = [];
  for (const r of data) {
    const key = r.certificateNumber as string;
    const address = [r.addressLine1, r.addressLine2, r.addressLine3, r.addressLine4]
      .filter(Boolean)
      .join(', ');
    const uprn = r.uprn == null ? undefined : String(r.uprn);
    const council = text(r.council);
    const gss = council?.toLowerCase() === 'hammersmith and fulham' ? 'E09000013' : undefined;
    const lodged = text(r.registrationDate);
    out.push(
      record({
        key,
        scheme: 'epc-certificate-number',
        sourceUrl: `https://api.get-energy-performance-data.communities.gov.uk/api/certificate?certificate_number=${encodeURIComponent(key)}`,
        retrievedAt,
        uprn,
        gss,
        address,
        postcode: text(r.postcode),
        lodged,
        inspected: undefined,
        attributes: {
          certificateType: 'domestic',
          certificateNumber: key,
          uprn,
          currentRating: text(r.currentEnergyEfficiencyBand)?.toUpperCase(),
          lodgementDate: lodged,
          address,
          postcode: text(r.postcode),
          localAuthority: gss,
          localAuthorityLabel: council,
          extra: {
            posttown: text(r.postTown),
            'constituency-label': text(r.constituency),
            'schema-type': text(r.schemaType),
          },
        },
      }),
    );
  }
  return out.length;
}

await measureRatios({
  name: 'epc-rows-legacy',
  items: ROWS,
  unit: 'rows',
  body: legacyBody,
  hand: handLegacy,
  map: () => count(legacy.search({ localAuthority: 'E09000013' })),
});
await measureRatios({
  name: 'epc-rows-2026',
  items: ROWS,
  unit: 'rows',
  body: body2026,
  hand: hand2026,
  map: () => count(register.search({ council: 'Hammersmith and Fulham' })),
});
