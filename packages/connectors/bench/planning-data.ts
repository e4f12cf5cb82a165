// Validate-and-map throughput of the planning-data connector against bare JSON.parse of the same
// payload, run in the same process (a ratio, so the machine's speed cancels out). Target: at least
// 0.5x. Run after a build: `pnpm --filter @ldn-twin/connectors bench`.
import { readFileSync } from 'node:fs';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { connect, createClient } from '@ldn-twin/core';

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

function time(runs: number, fn: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function timeAsync(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

time(2, () => JSON.parse(body)); // warm-up
await mapAll();
const parseMs = time(7, () => JSON.parse(body));
const mapMs = await timeAsync(5, mapAll);
const ratio = parseMs / mapMs;
console.log(`payload: ${entities.length} entities, ${megabytes.toFixed(1)} MB`);
console.log(
  `JSON.parse (baseline):  ${(megabytes / (parseMs / 1000)).toFixed(1)} MB/s (median ${parseMs.toFixed(1)} ms)`,
);
console.log(
  `validate and map:       ${(megabytes / (mapMs / 1000)).toFixed(1)} MB/s, ${Math.round(entities.length / (mapMs / 1000))} records/s (median ${mapMs.toFixed(1)} ms)`,
);
console.log(
  `ratio: ${ratio.toFixed(2)}x JSON.parse (target at least 0.5x): ${ratio >= 0.5 ? 'met' : 'NOT met'}`,
);
