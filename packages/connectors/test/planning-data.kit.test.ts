import { readFileSync } from 'node:fs';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const lambeth = readFileSync(
  new URL('./fixtures/planning-data/planningdata-entity-json-lambeth-point.json', import.meta.url),
  'utf8',
);
const entity = JSON.stringify(
  JSON.parse(
    readFileSync(
      new URL('./fixtures/planning-data/planningdata-entity-conservation-area.json', import.meta.url),
      'utf8',
    ),
  )[0],
);
const metadata = JSON.parse(
  readFileSync(
    new URL('./fixtures/planning-data/planningdata-dataset-metadata.json', import.meta.url),
    'utf8',
  ),
) as Record<string, { dataset: string }>;
/** Answers with the real recorded responses; the kit makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const dataset = /^\/dataset\/(.+)\.json$/.exec(url.pathname)?.[1];
  const found = Object.values(metadata).find((m) => m.dataset === dataset);
  const body = url.pathname === '/entity.json' ? lambeth : found ? JSON.stringify(found) : entity;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

describeConnector(planningData, {
  runner: vitest,
  recorded,
  cases: [
    {
      operation: 'searchEntities',
      label: 'two datasets',
      params: { point: [-0.1198903, 51.4922191], datasets: ['conservation-area', 'listed-building-outline'] },
    },
    {
      operation: 'searchEntities',
      label: 'entered since',
      params: {
        point: [-0.1198903, 51.4922191],
        datasets: ['conservation-area'],
        entryDate: { date: '2024-01-01', match: 'since' },
      },
    },
    { operation: 'entity', params: { entity: 44006852 } },
    { operation: 'dataset', params: { dataset: 'conservation-area' } },
  ],
});
