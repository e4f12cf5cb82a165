// Rebuilds the archives that run offline (the CLI's --offline and the quick start) from the real
// responses kept in the connectors' fixtures: planning.data.gov.uk's capture of a query at this
// Lambeth site and the metadata of the datasets it names, and the Carbon Intensity API's London
// region now (origins in their SOURCES.md). Requests the
// fixtures cannot answer are not recorded, so nothing in the archives is invented. To record the
// live services instead: `ldn-twin ask restrictions --point -0.1198903,51.4922191 --har-record FILE`.
// Run after a build: `node packages/cli/scripts/record-offline.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { createClient } from '@ldn-twin/core';
import { recordHar, stringifyHar } from '@ldn-twin/core/har';
import { energyOutlook, restrictionsAt } from '@ldn-twin/questions';

const fixtures = new URL('../../connectors/test/fixtures/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');
const lambeth = read('planning-data/planningdata-entity-json-lambeth-point.json');
const metadata = Object.values(
  JSON.parse(read('planning-data/planningdata-dataset-metadata.json')) as Record<string, { dataset: string }>,
);
const londonIntensity = read('carbon-intensity/carbonintensity-regional-regionid-13.json');

const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const headers = { 'content-type': 'application/json', server: 'uvicorn' };
  if (url.pathname === '/entity.json') return new Response(lambeth, { headers });
  if (url.pathname === '/regional/regionid/13')
    return new Response(londonIntensity, { headers: { 'content-type': 'application/json' } });
  const dataset = /^\/dataset\/(.+)\.json$/.exec(url.pathname)?.[1];
  const body = metadata.find((m) => m.dataset === dataset);
  if (body) return new Response(JSON.stringify(body), { headers });
  throw new TypeError(`no recorded response for ${url.pathname}`);
};

const site: [number, number] = [-0.1198903, 51.4922191];
const quiet = { retry: { limit: 0 }, cache: false } as const;

// The quick start asks restrictionsAt for the constraints and the borough: what these fixtures hold.
const quickstart = recordHar({ fetch: recorded });
await restrictionsAt(
  { point: site },
  { client: createClient({ ...quiet, fetch: quickstart.fetch }), sources: ['constraints', 'borough'] },
);
writeFileSync(
  new URL('../../../examples/node-quickstart/data/lambeth.har', import.meta.url),
  stringifyHar(quickstart.archive()),
);

const cli = recordHar({ fetch: recorded });
await restrictionsAt({ point: site }, { client: createClient({ ...quiet, fetch: cli.fetch }) });
await energyOutlook({ horizon: 'current', client: createClient({ ...quiet, fetch: cli.fetch }) });
writeFileSync(new URL('../data/offline.har', import.meta.url), stringifyHar(cli.archive()));
console.log(
  `recorded ${quickstart.archive().log.entries.length} and ${cli.archive().log.entries.length} exchanges`,
);
