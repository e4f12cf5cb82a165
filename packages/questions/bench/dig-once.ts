// Does digOnce's grouping scale? 50,000 generated works (seeded: the same works every run) across
// London, points and short lines on 20,000 streets, planned with the spatial index and then with
// every pair compared (the baseline), in the same process. Target: the indexed plan under 2 s, and
// the same opportunities from both.
// Run after a build: `pnpm --filter @ldn-twin/questions bench`.
import type { TwinRecord } from '@ldn-twin/core';
import { planDigOnce } from '@ldn-twin/questions';

const WORKS = Number(process.env.DIG_ONCE_WORKS ?? 50_000);
const STREETS = Math.round(WORKS / 2.5);
const DAY = 86_400_000;
const window = { from: '2026-01-01', to: '2026-03-31' };

/** mulberry32: a small seeded generator, so every run plans the same works. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = seeded(15);
const metre = 1 / 111_320;
const streets = Array.from(
  { length: STREETS },
  () => [-0.5 + random() * 0.8, 51.3 + random() * 0.4] as const,
);

function work(i: number): TwinRecord {
  const street = Math.floor(random() * STREETS);
  const [baseLon, baseLat] = streets[street] as readonly [number, number];
  const lon = baseLon + (random() - 0.5) * 600 * metre * 1.6;
  const lat = baseLat + (random() - 0.5) * 600 * metre;
  const line = random() < 0.4;
  const geometry = line
    ? {
        type: 'LineString' as const,
        coordinates: [
          [lon, lat],
          [lon + (random() - 0.5) * 200 * metre * 1.6, lat + (random() - 0.5) * 200 * metre],
          [lon + (random() - 0.5) * 200 * metre * 1.6, lat + (random() - 0.5) * 200 * metre],
        ],
      }
    : { type: 'Point' as const, coordinates: [lon, lat] };
  const start = Date.parse(window.from) + Math.floor(random() * 80) * DAY;
  const end = start + (1 + Math.floor(random() * 30)) * DAY;
  return {
    type: 'Feature',
    id: `urn:ldntwin:street-work:bench:${i}`,
    featureType: 'StreetWork',
    geometry,
    time: null,
    properties: {
      kind: 'StreetWork',
      identifiers: [],
      validFrom: new Date(start).toISOString(),
      validTo: new Date(end).toISOString(),
      recordedAt: new Date(start - DAY).toISOString(),
      locationPrecision: 'exact',
      relations: [],
      provenance: { publisher: 'bench', dataset: 'generated', retrievedAt: window.from, method: 'reported' },
      licence: { id: 'LicenseRef-generated', attribution: ['generated'] },
      access: { classification: 'open' },
      attributes: {
        permitReference: `BENCH${i}-01`,
        workReference: `BENCH${i}`,
        promoter: `PROMOTER ${i % 40}`,
        usrn: String(20_000_000 + street),
      },
    },
  } as TwinRecord;
}

const records = Array.from({ length: WORKS }, (_, i) => work(i));
const options = { window, withinMetres: 50 };

// Warm-up on a slice: JIT and module loading are not the plan's cost.
planDigOnce(records.slice(0, 2_000), options);

const indexedStart = performance.now();
const indexed = planDigOnce(records, options);
const indexedMs = performance.now() - indexedStart;

const pairsStart = performance.now();
const pairs = planDigOnce(records, { ...options, allPairs: true });
const pairsMs = performance.now() - pairsStart;

const summary = (plan: typeof indexed) =>
  JSON.stringify(plan.opportunities.map((o) => [o.works.map((w) => w.reference).sort(), o.daysSaved]).sort());
const same = summary(indexed) === summary(pairs);

console.log(
  `digOnce plan: ${WORKS} works, ${indexed.opportunities.length} opportunities (${indexed.opportunities.reduce((n, o) => n + o.works.length, 0)} works grouped)`,
);
console.log(
  `spatial index: ${indexedMs.toFixed(0)} ms (target under 2,000 ms): ${indexedMs < 2000 ? 'met' : 'NOT met'}`,
);
console.log(`all pairs (baseline): ${pairsMs.toFixed(0)} ms`);
console.log(
  `ratio all-pairs / index: ${(pairsMs / indexedMs).toFixed(1)}x; same opportunities: ${same ? 'yes' : 'NO'}`,
);
