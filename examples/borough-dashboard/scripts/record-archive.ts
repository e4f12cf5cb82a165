// Rebuilds data/dashboard.har, the archive the dashboard runs on offline, from the real responses
// kept in the connectors' fixtures (origins in each SOURCES.md): planning.data.gov.uk's answer for a
// point in Lambeth and the metadata of the datasets it names, the only real recording in Lambeth (the
// other layers' recordings are of other boroughs, so the offline plan does not ask them). The app's
// own loader (src/layers.ts) makes the requests; a request the fixtures do not answer for exactly that
// question is refused and not recorded, so nothing in the archive is invented and the app reports
// that layer as not answered. Run after building the packages:
//   node examples/borough-dashboard/scripts/record-archive.ts
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createClient } from '@ldn-twin/core';
import { recordHar, stringifyHar } from '@ldn-twin/core/har';
import { LAMBETH_SITE, loadLayers, OFFLINE_PLAN } from '../src/layers.ts';

const fixtures = new URL('../../../packages/connectors/test/fixtures/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');

// planning.data.gov.uk: the recorded query was at this point, for these datasets.
const lambeth = read('planning-data/planningdata-entity-json-lambeth-point.json');
const lambethDatasets = new Set(
  JSON.parse(read('planning-data/planningdata-entity-json-lambeth-point.datasets.json')) as string[],
);
const metadata = Object.values(
  JSON.parse(read('planning-data/planningdata-dataset-metadata.json')) as Record<string, { dataset: string }>,
);
const json = { 'content-type': 'application/json' };
const refuse = (why: string): never => {
  throw new TypeError(`not recorded: ${why}`);
};

const recorded: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  if (url.host === 'www.planning.data.gov.uk' && url.pathname === '/entity.json') {
    // The same question as the recording: a point query at the recorded site, for recorded datasets.
    const point = `POINT(${LAMBETH_SITE[0]} ${LAMBETH_SITE[1]})`;
    const geometry = url.searchParams.get('geometry') ?? url.searchParams.get('point') ?? '';
    const datasets = url.searchParams.getAll('dataset');
    if (geometry.replace(/\s+/g, ' ') !== point) refuse(`planning.data at ${geometry}`);
    if (!datasets.every((d) => lambethDatasets.has(d))) refuse(`planning.data datasets ${datasets}`);
    return new Response(lambeth, { headers: { ...json, server: 'uvicorn' } });
  }
  const dataset = /^\/dataset\/(.+)\.json$/.exec(url.pathname)?.[1];
  if (url.host === 'www.planning.data.gov.uk' && dataset) {
    const body = metadata.find((m) => m.dataset === dataset);
    if (!body) refuse(`planning.data metadata of ${dataset}`);
    return new Response(JSON.stringify(body), { headers: { ...json, server: 'uvicorn' } });
  }
  return refuse(`${request.method} ${url.href}`);
};

const recorder = recordHar({
  fetch: recorded,
  creator: { name: 'ldn-twin borough-dashboard', version: '0.0.0' },
});
const layers = await loadLayers(
  createClient({ fetch: recorder.fetch, cache: false, retry: { limit: 0 } }),
  OFFLINE_PLAN,
);
const archive = recorder.archive();
const out = new URL('../data/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('dashboard.har', out), stringifyHar(archive));
for (const layer of layers) {
  console.log(
    `${layer.id}: ${layer.status}, ${layer.records.length} records${layer.error ? ` (${layer.error})` : ''}`,
  );
}
console.log(`recorded ${archive.log.entries.length} exchanges`);
for (const entry of archive.log.entries) console.log(`  ${entry.request.method} ${entry.request.url}`);
