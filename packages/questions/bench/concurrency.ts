// Does a question cost its slowest source, not the sum of its sources? A local HTTP server answers
// as each upstream would (real recorded bodies from the connectors' fixtures) after a known latency;
// restrictionsAt asks them all and its time is compared with the slowest single upstream call, in
// the same process. Then the same question again: it must make no request at all (cache).
// Run after a build: `pnpm --filter @ldn-twin/questions bench`.
import { readFileSync } from 'node:fs';
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

/** Upstream host -> latency in ms and the body it answers with. */
const upstreams: Record<string, { latencyMs: number; body: (path: string) => string | undefined }> = {
  'www.planning.data.gov.uk': {
    latencyMs: 250,
    body: (path) => {
      if (path.startsWith('/entity.json'))
        return fixture('planning-data/planningdata-entity-json-lambeth-point.json');
      // Real metadata where the fixtures hold it; for the other datasets of the page, the same body
      // renamed (only the timing matters here).
      const dataset = /^\/dataset\/(.+)\.json/.exec(path)?.[1];
      const found = Object.values(metadata).find((m) => m.dataset === dataset) ?? {
        ...metadata['conservation-area'],
        dataset,
      };
      return JSON.stringify(found);
    },
  },
  'environment.data.gov.uk': { latencyMs: 300, body: () => fixture('ea-flood/ea-flood-warnings.json') },
  'planningdata.london.gov.uk': {
    latencyMs: 600,
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

// Warm-up with a client of its own (its cache is not the measured one): module loading, schema
// compilation and the borough index are one-off costs, not the question's.
await restrictionsAt(site, { client: createClient({ fetch: local }), sources: [...sources] });
calls.length = 0;
const client = createClient({ fetch: local });

const started = performance.now();
const first = await restrictionsAt(site, { client, sources: [...sources] });
const firstMs = performance.now() - started;
const slowest = Math.max(...Object.values(upstreams).map((u) => u.latencyMs));
const firstCalls = calls.length;

const again = performance.now();
await restrictionsAt(site, { client, sources: [...sources] });
const secondMs = performance.now() - again;
server.close();

console.log(`sources: ${first.sources.map((s) => `${s.source.split(' (')[0]} ${s.status}`).join(', ')}`);
console.log(
  `first answer: ${firstMs.toFixed(0)} ms with ${firstCalls} upstream calls; slowest single call ${slowest} ms; sum of latencies ${calls.reduce((sum, c) => sum + (upstreams[c.host]?.latencyMs ?? 0), 0)} ms`,
);
console.log(
  `ratio to the slowest call: ${(firstMs / slowest).toFixed(2)}x (target at most 1.2x): ${firstMs <= 1.2 * slowest ? 'met' : 'NOT met'}`,
);
console.log(
  `repeated question: ${secondMs.toFixed(1)} ms, ${calls.length - firstCalls} upstream calls (target 0): ${calls.length === firstCalls ? 'met' : 'NOT met'}`,
);
