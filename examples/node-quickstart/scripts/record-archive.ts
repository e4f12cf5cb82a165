// Rebuilds data/lambeth.har, the archive the quick start replays offline. With --live it records
// the real service; by default it replays the real planning.data.gov.uk response kept in the
// connectors' fixtures (a capture of this very query; see packages/connectors/test/fixtures/SOURCES.md).
import { readFile, writeFile } from 'node:fs/promises';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { connect, createClient, recordHar, stringifyHar } from '@ldn-twin/core';

const live = process.argv.includes('--live');
const fixture = await readFile(
  new URL(
    '../../../packages/connectors/test/fixtures/planning-data/planningdata-entity-json-lambeth-point.json',
    import.meta.url,
  ),
  'utf8',
);
const recordedFetch: typeof fetch = async () =>
  new Response(fixture, { headers: { 'content-type': 'application/json', server: 'uvicorn' } });

const recorder = recordHar({ fetch: live ? globalThis.fetch : recordedFetch });
const planning = connect(planningData, { client: createClient({ fetch: recorder.fetch }) });
const datasets = [
  'central-activities-zone',
  'conservation-area',
  'listed-building-outline',
  'article-4-direction-area',
] as const;
await planning.searchEntities({ point: [-0.1198903, 51.4922191], datasets: [...datasets] }).collect();
await writeFile(new URL('../data/lambeth.har', import.meta.url), stringifyHar(recorder.archive()));
console.log('wrote data/lambeth.har');
