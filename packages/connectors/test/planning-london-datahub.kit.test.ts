import { readFileSync } from 'node:fs';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const recordedSearch = readFileSync(
  new URL('./fixtures/planning-london-datahub/pld-applications-search.json', import.meta.url),
  'utf8',
);

/** Answers every `_search` POST with the real recorded response; the kit makes every fault from it. */
const recorded: typeof fetch = async () =>
  new Response(recordedSearch, { headers: { 'content-type': 'application/json' } });

describeConnector(planningLondonDatahub, {
  runner: vitest,
  recorded,
  cases: [
    { operation: 'search', params: {} },
    {
      operation: 'search',
      label: 'Camden, pages of 3',
      params: { filters: { boroughs: ['Camden'] }, pageSize: 3 },
    },
  ],
  keys: [{ config: { allowRequest: 'pld-Allow-5ecret-98765' }, operation: 'search', params: {} }],
});
