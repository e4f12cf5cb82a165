// Rebuilds the archives that run offline (the CLI's --offline and the quick start) from the real
// responses kept in the connectors' fixtures (origins in their SOURCES.md): every request the eight
// questions make for Lambeth (`--borough Lambeth` and `--point` at the quick-start site) is recorded
// with the real body a fixture holds for that endpoint. Requests no real capture answers are not
// recorded (the question then reports that source as not asked), so nothing in the archives is
// invented:
// - planning.data.gov.uk: the capture of a constraints query at this very Lambeth site, asking the
//   18 datasets that query asked (not flood zones: no capture of a flood-risk-zone answer exists),
//   and the metadata of the datasets it names. No brownfield-land capture: pipeline omits it.
// - TfL road and street disruptions (London-wide lists, October 2025; dig-once keeps Lambeth's).
// - Carbon Intensity: London region now.
// - Planning London Datahub: the one capture there is (Waltham Forest applications, 2020-21),
//   answering the pipeline, culture and dig-once requests. EPC: one Hammersmith certificate row
//   (in the API's documented envelope). They show how those answers read, not Lambeth's facts.
// - Not recorded (no real capture): Cultural Infrastructure Map files, GLA Planning Data Map
//   queries; EA flood warnings (the one capture is Yorkshire's, 2015: replayed "near" Lambeth it
//   would claim warnings in force there).
// To record the live services instead: `ldn-twin ask <question> --borough Lambeth --har-record FILE`.
// Run after a build: `node packages/cli/scripts/record-offline.ts`.
import { readFileSync, writeFileSync } from 'node:fs';
import { openDataCommunitiesV1 } from '@ldn-twin/connectors/epc';
import { createClient, type HttpClient } from '@ldn-twin/core';
import { recordHar, stringifyHar } from '@ldn-twin/core/har';
import {
  capacityForGrowth,
  culturalInfrastructureNear,
  developmentPipeline,
  digOnce,
  energyOutlook,
  projectProgress,
  restrictionsAt,
  retrofitCandidates,
  type Site,
} from '@ldn-twin/questions';

const fixtures = new URL('../../connectors/test/fixtures/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, fixtures), 'utf8');
const lambeth = read('planning-data/planningdata-entity-json-lambeth-point.json');
const metadata = [
  ...Object.values(JSON.parse(read('planning-data/planningdata-dataset-metadata.json'))),
  ...Object.values(JSON.parse(read('planning-data/planningdata-dataset-metadata-nature-trees.json'))),
] as { dataset: string }[];
const epcRow = JSON.parse(read('epc/epc-domestic-search-row-hammersmith.json')) as Record<string, string>;

/** The datasets the recorded Lambeth query asked (fixtures SOURCES.md): the offline request asks the same. */
const RECORDED_DATASETS = JSON.parse(
  read('planning-data/planningdata-entity-json-lambeth-point.datasets.json'),
) as string[];
/** When the TfL captures were live (their records run through October 2025). */
const WINDOW = { from: '2025-10-01', to: '2025-10-20' };

const json = (body: string, headers: Record<string, string> = {}) =>
  new Response(body, { headers: { 'content-type': 'application/json', ...headers } });

const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const at = `${url.hostname}${url.pathname}`;
  if (at === 'www.planning.data.gov.uk/entity.json') {
    const asked = url.searchParams.getAll('dataset');
    // Only the query the capture answers: other datasets (brownfield land) have no capture.
    if (asked.length === RECORDED_DATASETS.length && asked.every((d) => RECORDED_DATASETS.includes(d)))
      return json(lambeth, { server: 'uvicorn' });
  }
  const dataset = /^www\.planning\.data\.gov\.uk\/dataset\/(.+)\.json$/.exec(at)?.[1];
  const body = metadata.find((m) => m.dataset === dataset);
  if (body) return json(JSON.stringify(body), { server: 'uvicorn' });
  if (at === 'api.carbonintensity.org.uk/regional/regionid/13')
    return json(read('carbon-intensity/carbonintensity-regional-regionid-13.json'));
  if (at === 'api.tfl.gov.uk/Road/all/Disruption') return json(read('tfl/tfl-road-disruption.json'));
  if (at === 'api.tfl.gov.uk/Road/all/Street/Disruption')
    return json(read('tfl/tfl-road-street-disruption.json'));
  if (at === 'planningdata.london.gov.uk/api-guest/applications/_search')
    return json(read('planning-london-datahub/pld-applications-search.json'));
  if (at === 'epc.opendatacommunities.org/api/v1/domestic/search')
    return json(JSON.stringify({ 'column-names': Object.keys(epcRow), rows: [epcRow] }));
  throw new TypeError(`no real capture answers ${url.hostname}${url.pathname}`);
};

const quiet = { retry: { limit: 0 }, cache: false } as const;
const quickstartSite = { point: [-0.1198903, 51.4922191] as const } satisfies Site;
const places: Site[] = [quickstartSite, { borough: 'Lambeth' }];
// The one EPC capture is the retired v1 API's: the replacement register has no real capture yet.
const epc = { epc: { source: openDataCommunitiesV1, email: 'offline@example.invalid', apiKey: 'offline' } };

// The quick start asks restrictionsAt for the constraints and the borough: what these fixtures hold.
const quickstart = recordHar({ fetch: recorded });
await restrictionsAt(quickstartSite, {
  client: createClient({ ...quiet, fetch: quickstart.fetch }),
  sources: ['constraints', 'borough'],
  datasets: RECORDED_DATASETS,
});
writeFileSync(
  new URL('../../../examples/node-quickstart/data/lambeth.har', import.meta.url),
  stringifyHar(quickstart.archive()),
);
writeFileSync(
  new URL('../../../examples/node-quickstart/data/lambeth.json', import.meta.url),
  `${JSON.stringify({ datasets: RECORDED_DATASETS }, null, 2)}\n`,
);

const cli = recordHar({ fetch: recorded });
const client = (): HttpClient => createClient({ ...quiet, fetch: cli.fetch });
for (const place of places) {
  // Not flood warnings or recent applications: no capture is about Lambeth, and the applications
  // request carries today's date, so it would not match tomorrow.
  await restrictionsAt(place, {
    client: client(),
    datasets: RECORDED_DATASETS,
    sources: ['constraints', 'local-plan', 'borough'],
  });
  await developmentPipeline(place, { client: client() });
  await culturalInfrastructureNear(place, { client: client() });
  await digOnce(place, { client: client(), window: WINDOW });
  await retrofitCandidates(place, { client: client(), config: epc });
  // Datahub stages from the one capture; UK Power Networks' headroom has no real capture (not asked).
  await projectProgress(place, { client: client() });
  await capacityForGrowth(place, { client: client(), year: 2030 });
}
await energyOutlook({ horizon: 'current', client: client() });
writeFileSync(new URL('../data/offline.har', import.meta.url), stringifyHar(cli.archive()));
writeFileSync(
  new URL('../data/offline.json', import.meta.url),
  `${JSON.stringify({ window: WINDOW, datasets: RECORDED_DATASETS }, null, 2)}\n`,
);
console.log(
  `recorded ${quickstart.archive().log.entries.length} and ${cli.archive().log.entries.length} exchanges`,
);
