// Is the culture question's memory bounded by the venues it keeps, not by the file it reads? A
// local server answers the Datastore listing and a generated London-wide venue CSV of about 16 MB
// (seeded, so every run reads the same file: a handful of venues near the site, the rest spread over
// London). In the same process, the baseline collects every venue of the file (what the question
// held before it filtered while streaming); then culturalInfrastructureNear answers about one site.
// The heap each retains once its answer is in hand (after a full GC) is compared as a ratio.
// Run after a build, with the GC exposed: `node --expose-gc bench/culture-memory.ts`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { culturalInfrastructureMap } from '@ldn-twin/connectors/cultural-infrastructure-map';
import { connect, createClient } from '@ldn-twin/core';
import { culturalInfrastructureNear } from '@ldn-twin/questions';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const SLUG = 'cultural-infrastructure-map-2025-2rj5o';
const ID = '0f0e0d0c-1111-4222-8333-444455556666';
const site: [number, number] = [-0.1426, 51.5386];

// Seeded (mulberry32): the same file each run.
let seed = 20261207;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const lines = ['name,address,borough,latitude,longitude,notes'];
let bytes = 0;
for (let i = 0; bytes < 16_000_000; i += 1) {
  const nearSite = i % 20_000 === 0;
  const lat = nearSite ? site[1] + (random() - 0.5) * 0.002 : 51.3 + random() * 0.4;
  const lon = nearSite ? site[0] + (random() - 0.5) * 0.003 : -0.5 + random() * 0.8;
  const line = `Venue ${i},"${i} Example Street, London",Borough ${i % 33},${lat.toFixed(6)},${lon.toFixed(6)},${'open-mic night and rehearsal space '.repeat(2)}`;
  lines.push(line);
  bytes += line.length + 1;
}
const csv = lines.join('\n');
const rows = lines.length - 1;

const server = createServer((request, response) => {
  request.resume();
  if ((request.url ?? '').includes('/api/dataset/')) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        id: SLUG,
        title: 'Cultural Infrastructure Map 2025',
        resources: {
          [ID]: {
            title: 'Music venues (grassroots)',
            url: `https://data.london.gov.uk/download/cim/${ID}/music_venues.csv`,
            order: 1,
          },
        },
      }),
    );
    return;
  }
  response.writeHead(200, { 'content-type': 'text/csv' });
  response.end(csv);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const local: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const target = `http://127.0.0.1:${port}${url.pathname}${url.search}`;
  return input instanceof Request ? fetch(new Request(target, input), init) : fetch(target, init);
};
const client = () => createClient({ fetch: local, cache: false });

/** Heap retained by what `run` returns, after a full GC on both sides. */
async function retained<T>(run: () => Promise<T>): Promise<{ heldMb: number; value: T }> {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const value = await run();
  gc?.();
  const after = process.memoryUsage().heapUsed;
  return { heldMb: (after - before) / 1e6, value };
}

// Warm-up (discarded): module loading, schema compilation and the borough index are one-off costs.
await culturalInfrastructureNear({ point: site }, { client: client(), types: ['music-venues'] });
const baseline = await retained(async () => {
  const map = connect(culturalInfrastructureMap, { client: client() });
  return (await map.venues({ venueType: 'music-venues' }).collect({ limit: 10_000_000 })).records;
});
const question = await retained(() =>
  culturalInfrastructureNear({ point: site }, { client: client(), types: ['music-venues'] }),
);
server.close();

const source = question.value.sources.find((s) => s.connector === 'cultural-infrastructure-map');
console.log(`file: ${(bytes / 1e6).toFixed(1)} MB, ${rows} venue rows`);
console.log(
  `baseline (every venue of the file held): ${baseline.value.length} records, ${baseline.heldMb.toFixed(1)} MB retained`,
);
console.log(
  `culturalInfrastructureNear: ${source?.note ?? source?.status}, ${question.heldMb.toFixed(1)} MB retained`,
);
console.log(
  `ratio to the baseline: ${(question.heldMb / baseline.heldMb).toFixed(3)} (target at most 0.05): ${question.heldMb <= 0.05 * baseline.heldMb ? 'met' : 'NOT met'}`,
);
