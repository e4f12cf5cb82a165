// Does a question cost its slowest source, not the sum of its sources? A local HTTP server answers
// as each upstream would (real recorded bodies from the connectors' fixtures) after a latency the
// benchmark sets; restrictionsAt asks them all and its time is compared with the slowest single
// upstream call, in the same process. Every arrangement is measured: each upstream in turn the
// slowest, and all equal (median of 5 questions after a warm-up, each with a fresh client). Then the
// same question again on a used client: it must make no request at all (cache). Writes a JSON summary
// to .artifacts/bench/concurrency.json. Run after a build: `pnpm --filter @ldn-twin/questions bench`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '@ldn-twin/core';
import { restrictionsAt } from '@ldn-twin/questions';

const fixture = (path: string) =>
  readFileSync(new URL(`../../connectors/test/fixtures/${path}`, import.meta.url), 'utf8');
const metadata = JSON.parse(fixture('planning-data/planningdata-dataset-metadata.json')) as Record<
  string,
  { dataset: string }
>;

/** Upstream host -> latency in ms (set per arrangement) and the body it answers with. */
const upstreams: Record<string, { latencyMs: number; body: (path: string) => string | undefined }> = {
  'www.planning.data.gov.uk': {
    latencyMs: 0,
    body: (path) => {
      if (path.startsWith('/entity.json'))
        return fixture('planning-data/planningdata-entity-json-lambeth-point.json');
      // Real metadata where the fixtures hold it; for the other datasets, the same body renamed
      // (only the timing matters here).
      const body = (dataset: string | undefined) =>
        Object.values(metadata).find((m) => m.dataset === dataset) ?? {
          ...metadata['conservation-area'],
          dataset,
        };
      // The /dataset.json list in its documented shape (no capture): the asked datasets' bodies.
      if (path.startsWith('/dataset.json?')) {
        const asked = new URLSearchParams(path.slice(path.indexOf('?'))).getAll('dataset');
        return JSON.stringify({ datasets: asked.map(body) });
      }
      return JSON.stringify(body(/^\/dataset\/(.+)\.json/.exec(path)?.[1]));
    },
  },
  'environment.data.gov.uk': { latencyMs: 0, body: () => fixture('ea-flood/ea-flood-warnings.json') },
  'planningdata.london.gov.uk': {
    latencyMs: 0,
    body: () => fixture('planning-london-datahub/pld-applications-search.json'),
  },
};

const calls: { host: string; path: string }[] = [];
const server = createServer((request, response) => {
  const [, host = '', ...rest] = (request.url ?? '').split('/');
  const path = `/${rest.join('/')}`;
  const upstream = upstreams[host];
  calls.push({ host, path });
  request.resume();
  setTimeout(() => {
    const body = upstream?.body(path);
    response.writeHead(body ? 200 : 404, {
      'content-type': 'application/json',
      'cache-control': 'max-age=300',
    });
    response.end(body ?? '{"detail":"not found"}');
  }, upstream?.latencyMs ?? 0);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

// The client checks https on the real URLs; the fetch then sends them to the local server.
const local: typeof fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const target = `http://127.0.0.1:${port}/${url.hostname}${url.pathname}${url.search}`;
  return input instanceof Request ? fetch(new Request(target, input), init) : fetch(target, init);
};
const site = { point: [-0.1198903, 51.4922191] as const };
const sources = ['constraints', 'borough', 'flood', 'applications'] as const;

const ask = (client = createClient({ fetch: local })) =>
  restrictionsAt(site, { client, sources: [...sources] });

// Warm-up with a client of its own (its cache is not the measured one): module loading, schema
// compilation and the borough index are one-off costs, not the question's.
await ask();

const SLOW = 600;
const FAST = 250;
const hosts = Object.keys(upstreams);
const arrangements = [
  ...hosts.map((slow) => ({
    name: `${slow} slowest`,
    latencies: Object.fromEntries(hosts.map((h) => [h, h === slow ? SLOW : FAST])),
  })),
  { name: 'all equal', latencies: Object.fromEntries(hosts.map((h) => [h, SLOW])) },
];
const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const results = [];
for (const { name, latencies } of arrangements) {
  for (const [host, ms] of Object.entries(latencies)) upstreams[host]!.latencyMs = ms;
  const slowest = Math.max(...Object.values(latencies));
  const ratios: number[] = [];
  let statuses = '';
  let firstCalls = 0;
  let client = createClient({ fetch: local });
  for (let run = 0; run < RUNS; run++) {
    client = createClient({ fetch: local });
    calls.length = 0;
    const started = performance.now();
    const report = await ask(client);
    ratios.push((performance.now() - started) / slowest);
    firstCalls = calls.length;
    statuses = report.sources.map((s) => `${s.source.split(' (')[0]} ${s.status}`).join(', ');
  }
  // The same question on the last run's client: everything is cached.
  await ask(client);
  const repeatCalls = calls.length - firstCalls;
  const ratio = median(ratios);
  results.push({
    arrangement: name,
    latenciesMs: latencies,
    slowestMs: slowest,
    upstreamCalls: firstCalls,
    ratio,
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    met: ratio <= 1.2,
    repeatCalls,
  });
  console.log(`${name} (${Object.values(latencies).join('/')} ms): ${statuses}`);
  console.log(
    `  first answer ${ratio.toFixed(2)}x the slowest call (median of ${RUNS}, range ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}; target at most 1.2x): ${ratio <= 1.2 ? 'met' : 'NOT met'}; ${firstCalls} upstream calls`,
  );
  console.log(
    `  repeated question: ${repeatCalls} upstream calls (target 0): ${repeatCalls === 0 ? 'met' : 'NOT met'}`,
  );
}
server.close();

const out = new URL('../../../.artifacts/bench/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(
  new URL('concurrency.json', out),
  `${JSON.stringify({ node: process.version, results }, null, 2)}\n`,
);
