// Validate-and-map throughput of the planning-data connector against two baselines on the same
// bytes, in the same process (ratios, so the machine's speed cancels out): bare JSON.parse, and a
// hand-written mapping (JSON.parse, WKT parsing and the same record shape, with no validation).
// Targets: at least 0.06x JSON.parse and 0.5x the hand-written mapping. Median of 7 runs after a
// warm-up; writes a JSON summary to .artifacts/bench/planning-data.json.
// Run after a build: `pnpm --filter @ldn-twin/connectors bench`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { GENERIC_LICENCE, planningData } from '@ldn-twin/connectors/planning-data';
import { connect, createClient } from '@ldn-twin/core';
import { parseWkt } from '@ldn-twin/geo';

const real = JSON.parse(
  readFileSync(
    new URL('../test/fixtures/planning-data/planningdata-entity-json-lambeth-point.json', import.meta.url),
    'utf8',
  ),
) as { entities: Record<string, unknown>[] };

// A page of 20,000 entities made from the four real ones, each with its own number and a polygon.
const entities = Array.from({ length: 20_000 }, (_, i) => ({
  ...real.entities[i % real.entities.length],
  entity: 50_000_000 + i,
  geometry: `MULTIPOLYGON (((-0.12 51.49, -0.11 51.49, -0.11 ${(51.5 + i * 1e-7).toFixed(7)}, -0.12 51.49)))`,
}));
const body = JSON.stringify({ entities, links: {}, count: entities.length });
const megabytes = body.length / 1e6;

const fetchBody: typeof fetch = async () =>
  new Response(body, { headers: { 'content-type': 'application/json' } });
// Only the search is measured: dataset metadata (licences) is a separate, cached request.
const planning = connect(planningData, {
  client: createClient({ fetch: fetchBody, cache: false }),
  config: { datasetMetadata: false },
});

async function mapAll(): Promise<number> {
  const { records } = await planning
    .searchEntities({ point: [-0.12, 51.49], datasets: ['conservation-area'], pageSize: 500 })
    .collect({ limit: 1_000_000 });
  return records.length;
}

const COMMON = new Set([
  'entity',
  'name',
  'dataset',
  'typology',
  'reference',
  'prefix',
  'organisation-entity',
]);
COMMON.add('entry-date').add('start-date').add('end-date').add('geometry').add('point').add('quality');

/** The baseline: what a careful hand-written mapping of the same body does, without validation. */
function handMapped(): number {
  const retrievedAt = new Date().toISOString();
  const { entities: raws } = JSON.parse(body) as { entities: Record<string, unknown>[] };
  const out = [];
  for (const e of raws) {
    const local = String(e.entity);
    const dataset = e.dataset as string;
    const text = (key: string) =>
      typeof e[key] === 'string' && e[key] !== '' ? (e[key] as string) : undefined;
    const start = text('start-date');
    const end = text('end-date');
    const reference = text('reference');
    const wkt = text('geometry') ?? text('point');
    const extra: Record<string, string> = {};
    for (const key in e) {
      const value = e[key];
      if (!COMMON.has(key) && typeof value === 'string' && value !== '') extra[key] = value;
    }
    out.push({
      type: 'Feature',
      id: `urn:ldntwin:planning-constraint:planning-data:${local}`,
      featureType: 'PlanningConstraint',
      geometry: wkt ? parseWkt(wkt) : null,
      time: start || end ? { interval: [start ?? '..', end ?? '..'] } : null,
      properties: {
        kind: 'PlanningConstraint',
        identifiers: [
          { scheme: 'planning-entity', value: local, issuer: 'planning.data.gov.uk' },
          ...(reference ? [{ scheme: 'other', value: reference, issuer: dataset }] : []),
        ],
        validFrom: start,
        recordedAt: text('entry-date') ?? retrievedAt,
        locationPrecision: wkt ? 'exact' : 'none',
        relations: [],
        provenance: {
          publisher: 'Ministry of Housing, Communities and Local Government (planning.data.gov.uk)',
          dataset,
          sourceId: local,
          sourceUrl: `https://www.planning.data.gov.uk/entity/${local}`,
          retrievedAt,
          method: 'reported',
          connector: 'planning-data',
        },
        licence: GENERIC_LICENCE,
        access: { classification: 'open' },
        attributes: {
          dataset,
          constraintType: dataset,
          reference: reference ?? local,
          organisationEntity: Number(e['organisation-entity']),
          extra,
        },
      },
    });
  }
  return out.length;
}

function samples(runs: number, fn: () => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    out.push(performance.now() - start);
  }
  return out;
}

async function samplesAsync(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out;
}

const RUNS = 7;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
// Warm-up of all three, then the three interleaved run by run, so a noisy moment hits them alike.
samples(2, () => JSON.parse(body));
samples(2, handMapped);
await samplesAsync(2, mapAll);
const parse: number[] = [];
const hand: number[] = [];
const map: number[] = [];
for (let run = 0; run < RUNS; run++) {
  parse.push(...samples(1, () => JSON.parse(body)));
  hand.push(...samples(1, handMapped));
  map.push(...(await samplesAsync(1, mapAll)));
}
const [parseMs, handMs, mapMs] = [median(parse), median(hand), median(map)];
// Ratios of throughput (baseline time / mapping time), per run and their median.
const vsParse = parse.map((p, i) => p / map[i]!);
const vsHand = hand.map((h, i) => h / map[i]!);
const rate = (ms: number) => `${(megabytes / (ms / 1000)).toFixed(1)} MB/s (median ${ms.toFixed(1)} ms)`;
const range = (values: number[]) => `${Math.min(...values).toFixed(3)}-${Math.max(...values).toFixed(3)}`;
console.log(`payload: ${entities.length} entities, ${megabytes.toFixed(1)} MB; ${RUNS} runs after warm-up`);
console.log(`JSON.parse (baseline):        ${rate(parseMs)}`);
console.log(`hand-written map (baseline):  ${rate(handMs)}`);
console.log(
  `validate and map:             ${rate(mapMs)}, ${Math.round(entities.length / (mapMs / 1000))} records/s`,
);
const summary = {
  node: process.version,
  entities: entities.length,
  megabytes,
  runs: RUNS,
  medianMs: { jsonParse: parseMs, handWritten: handMs, validateAndMap: mapMs },
  vsJsonParse: {
    median: median(vsParse),
    min: Math.min(...vsParse),
    max: Math.max(...vsParse),
    target: 0.06,
  },
  vsHandWritten: { median: median(vsHand), min: Math.min(...vsHand), max: Math.max(...vsHand), target: 0.5 },
};
for (const [name, r] of [
  ['JSON.parse', summary.vsJsonParse],
  ['the hand-written mapping', summary.vsHandWritten],
] as const) {
  console.log(
    `ratio: ${r.median.toFixed(3)}x ${name} (range ${range(name === 'JSON.parse' ? vsParse : vsHand)}; target at least ${r.target}x): ${r.median >= r.target ? 'met' : 'NOT met'}`,
  );
}
const out = new URL('../../../.artifacts/bench/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('planning-data.json', out), `${JSON.stringify(summary, null, 2)}\n`);
