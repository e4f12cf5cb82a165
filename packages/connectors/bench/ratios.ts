// The measurement every validate-and-map benchmark shares: the connector's run against two baselines
// on the same bytes, in the same process (ratios, so the machine's speed cancels out): bare
// JSON.parse, and a hand-written mapping (JSON.parse and the same record shape, with no validation).
// Targets: at least 0.06x JSON.parse and 0.5x the hand-written mapping. Median of 7 runs after a
// warm-up; prints the ratios and writes a JSON summary to .artifacts/bench/<name>.json. Each run is
// timed in the process's CPU time (user and system, every thread: garbage collection included), not
// wall time, which on a shared machine mostly measures waiting for a core.
import { mkdirSync, writeFileSync } from 'node:fs';

export interface RatioCase {
  /** Names the summary file and the printed lines. */
  readonly name: string;
  /** The payload, e.g. `20000 entities`. */
  readonly items: number;
  readonly unit: string;
  /** The response body all three read. */
  readonly body: string;
  /** The hand-written mapping; returns how many records it made. */
  readonly hand: () => number;
  /** The connector's run; resolves to how many records it yielded. */
  readonly map: () => Promise<number>;
}

const RUNS = 7;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[]) => `${Math.min(...values).toFixed(3)}-${Math.max(...values).toFixed(3)}`;

/** The CPU milliseconds `fn` takes. */
async function timed(fn: () => unknown): Promise<number> {
  const start = process.cpuUsage();
  await fn();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** Runs one case, prints its figures and ratios, and writes its summary. */
export async function measureRatios(c: RatioCase): Promise<void> {
  const megabytes = c.body.length / 1e6;
  const [handCount, mapCount] = [c.hand(), await c.map()];
  if (handCount !== c.items || mapCount !== c.items) {
    throw new Error(`${c.name}: expected ${c.items} records, hand-written ${handCount}, mapped ${mapCount}`);
  }
  // Warm-up of all three, then the three interleaved run by run, so a noisy moment hits them alike.
  for (let i = 0; i < 2; i++) {
    JSON.parse(c.body);
    c.hand();
    await c.map();
  }
  const parse: number[] = [];
  const hand: number[] = [];
  const map: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    parse.push(await timed(() => JSON.parse(c.body)));
    hand.push(await timed(c.hand));
    map.push(await timed(c.map));
  }
  const [parseMs, handMs, mapMs] = [median(parse), median(hand), median(map)];
  // Ratios of throughput (baseline time / mapping time), per run and their median.
  const vsParse = parse.map((p, i) => p / map[i]!);
  const vsHand = hand.map((h, i) => h / map[i]!);
  const rate = (ms: number) => `${(megabytes / (ms / 1000)).toFixed(1)} MB/s (median ${ms.toFixed(1)} ms)`;
  console.log(
    `${c.name}: ${c.items} ${c.unit}, ${megabytes.toFixed(1)} MB; ${RUNS} runs after warm-up, in CPU time`,
  );
  console.log(`  JSON.parse (baseline):        ${rate(parseMs)}`);
  console.log(`  hand-written map (baseline):  ${rate(handMs)}`);
  console.log(
    `  validate and map:             ${rate(mapMs)}, ${Math.round(c.items / (mapMs / 1000))} records/s`,
  );
  const summary = {
    node: process.version,
    [c.unit]: c.items,
    megabytes,
    runs: RUNS,
    clock: 'process CPU time',
    medianMs: { jsonParse: parseMs, handWritten: handMs, validateAndMap: mapMs },
    vsJsonParse: {
      median: median(vsParse),
      min: Math.min(...vsParse),
      max: Math.max(...vsParse),
      target: 0.06,
    },
    vsHandWritten: {
      median: median(vsHand),
      min: Math.min(...vsHand),
      max: Math.max(...vsHand),
      target: 0.5,
    },
  };
  for (const [label, r, values] of [
    ['JSON.parse', summary.vsJsonParse, vsParse],
    ['the hand-written mapping', summary.vsHandWritten, vsHand],
  ] as const) {
    console.log(
      `  ratio: ${r.median.toFixed(3)}x ${label} (range ${range(values)}; target at least ${r.target}x): ${r.median >= r.target ? 'met' : 'NOT met'}`,
    );
  }
  const out = new URL('../../../.artifacts/bench/', import.meta.url);
  mkdirSync(out, { recursive: true });
  writeFileSync(new URL(`${c.name}.json`, out), `${JSON.stringify(summary, null, 2)}\n`);
}
