// What honouring ODRL policies costs an export: 100,000 records (labels drawn from seven policy
// sets: London's licences, a no-marketing and a research-only policy, and none) written as NDJSON
// and as CSV with the policies evaluated for a researcher, against the same records written with
// nothing evaluated (the serialisers as they were before policies), in the same process. The
// researcher is permitted every record, so both write the same bytes (checked) and only the
// evaluation differs. Target: at most 1.2x. Run after a build: `pnpm --filter @ldn-twin/core bench`.
import {
  CC_BY_4_POLICY,
  csvCell,
  ERG_LAQN_POLICY,
  flattenRecord,
  LONDON_POLICIES,
  type OdrlPolicy,
  OGL_V3_POLICY,
  permittedBy,
  policyRegistry,
  TFL_OPEN_DATA_POLICY,
  type TwinRecord,
  toCsv,
  toNdjson,
  twinId,
} from '@ldn-twin/core';

const RECORDS = Number(process.env.POLICY_BENCH_RECORDS ?? 100_000);

const noMarketing: OdrlPolicy = {
  uid: 'https://example.org/policy/no-marketing',
  permission: [{ action: 'use', duty: [{ action: 'attribute' }] }],
  prohibition: [
    { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'marketing' }] },
  ],
};
const researchOnly: OdrlPolicy = {
  uid: 'https://example.org/policy/research-only',
  permission: [
    { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] },
  ],
};
const registry = policyRegistry([...LONDON_POLICIES, noMarketing, researchOnly]);
const POLICY_SETS: (string[] | undefined)[] = [
  [OGL_V3_POLICY.uid],
  [CC_BY_4_POLICY.uid],
  [TFL_OPEN_DATA_POLICY.uid],
  [ERG_LAQN_POLICY.uid],
  [OGL_V3_POLICY.uid, noMarketing.uid],
  [researchOnly.uid],
  undefined,
];

function record(i: number): TwinRecord {
  const policies = POLICY_SETS[i % POLICY_SETS.length];
  return {
    type: 'Feature',
    id: twinId('Observation', 'bench', String(i)),
    featureType: 'Observation',
    geometry: { type: 'Point', coordinates: [-0.1 + (i % 1000) * 1e-4, 51.5 + (i % 777) * 1e-4] },
    time: { timestamp: '2026-11-26T09:00:00Z' },
    properties: {
      kind: 'Observation',
      name: `Reading ${i}`,
      identifiers: [],
      recordedAt: '2026-11-26T09:00:00Z',
      observedAt: '2026-11-26T09:00:00Z',
      locationPrecision: 'exact',
      relations: [],
      provenance: {
        publisher: 'Bench',
        dataset: 'readings',
        retrievedAt: '2026-11-26T09:30:00Z',
        method: 'measured',
      },
      licence: {
        id: 'OGL-UK-3.0',
        attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'],
      },
      // Each record its own label and list, as records parsed from a store or a feed have.
      access: policies ? { classification: 'open', policies: [...policies] } : { classification: 'open' },
      attributes: {
        datastream: 'urn:ldntwin:sensor:laqn:BL0/NO2',
        observedProperty: 'http://vocab.nerc.ac.uk/collection/P01/current/NO2XXXXX/',
        unitOfMeasurement: {
          name: 'microgram per cubic metre',
          symbol: 'µg/m³',
          definition: 'http://unitsofmeasure.org/ucum.html#ug/m3',
        },
        result: i % 97,
        phenomenonTime: '2026-11-26T09:00:00Z',
      },
    },
  };
}

const records = Array.from({ length: RECORDS }, (_, i) => record(i));

/** The serialisers as they were before policies: no evaluation at all. */
async function* plainNdjson(input: Iterable<TwinRecord>) {
  for await (const r of input) yield `${JSON.stringify(r)}\n`;
}
const CSV_COLUMNS = Object.keys(flattenRecord(records[0] as TwinRecord));
const csvLine = (cells: readonly string[]) => `${cells.map(csvCell).join(',')}\r\n`;
/** `toCsv` with `columns` given, as it was before policies. */
async function* plainCsv(input: Iterable<TwinRecord>) {
  const source = (async function* () {
    yield* input;
  })();
  yield csvLine(CSV_COLUMNS);
  for await (const r of { [Symbol.asyncIterator]: () => source }) {
    const row = flattenRecord(r);
    yield csvLine(CSV_COLUMNS.map((column) => row[column] ?? ''));
  }
}

async function drain(lines: AsyncIterable<string>): Promise<number> {
  let n = 0;
  for await (const line of lines) n += line.length;
  return n;
}

let reported = 0;
const terms = {
  party: { clearance: 'open', purpose: 'research' } as const,
  registry,
  onReport: () => {
    reported += 1;
  },
};
const cases = {
  'NDJSON, no policies evaluated': () => drain(plainNdjson(records)),
  'NDJSON, policies evaluated': () => drain(toNdjson(records, { terms })),
  'CSV, no policies evaluated': () => drain(plainCsv(records)),
  'CSV, policies evaluated': () => drain(toCsv(records, { columns: CSV_COLUMNS, terms })),
} as const;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

const sizes = [];
for (const fn of Object.values(cases)) sizes.push(await fn()); // warm-up, and the check
if (sizes[0] !== sizes[1] || sizes[2] !== sizes[3] || reported > 0)
  throw new Error(
    `the exports differ (${sizes.join(', ')} characters, ${reported} reported): not a fair comparison`,
  );

// Runs in pairs, alternating which goes first, and takes the median of the pairs' ratios: on a
// shared machine the load changes between runs, less so within a pair.
const PAIRS = Number(process.env.POLICY_BENCH_PAIRS ?? 11);
console.log(
  `records: ${RECORDS} (${POLICY_SETS.length} label kinds), every one written by both; ${PAIRS} pairs`,
);
for (const format of ['NDJSON', 'CSV'] as const) {
  const plain = cases[`${format}, no policies evaluated`];
  const evaluated = cases[`${format}, policies evaluated`];
  const ratios: number[] = [];
  const plainMs: number[] = [];
  const evaluatedMs: number[] = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    const first = pair % 2 === 0;
    const a = await timed(first ? plain : evaluated);
    const b = await timed(first ? evaluated : plain);
    const [p, e] = first ? [a, b] : [b, a];
    plainMs.push(p);
    evaluatedMs.push(e);
    ratios.push(e / p);
  }
  const ratio = median(ratios);
  console.log(
    `${format}: without policies median ${median(plainMs).toFixed(1)} ms, with ${median(evaluatedMs).toFixed(1)} ms; ratio ${ratio.toFixed(2)}x (target at most 1.2x): ${ratio <= 1.2 ? 'met' : 'NOT met'}`,
  );
}

// The evaluation alone, without the export around it: what a gate costs per record once warm.
const gateRuns: number[] = [];
for (let run = 0; run < 7; run++) {
  const permitted = permittedBy('distribute', terms);
  const start = performance.now();
  let shown = 0;
  for (const r of records) if (permitted(r)) shown += 1;
  gateRuns.push(performance.now() - start);
  if (shown !== RECORDS) throw new Error(`the gate withheld ${RECORDS - shown} records`);
}
const gateMs = median(gateRuns);
console.log(
  `evaluation alone: median ${gateMs.toFixed(1)} ms per ${RECORDS} records (${((gateMs * 1e6) / RECORDS).toFixed(0)} ns a record)`,
);
