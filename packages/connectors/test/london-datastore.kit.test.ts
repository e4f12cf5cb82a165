import { readFileSync } from 'node:fs';
import { londonDatastore } from '@ldn-twin/connectors/london-datastore';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const BASE = 'https://data.london.gov.uk';
/** The GLA client's own mock of the v3 export (see fixtures/london-datastore/SOURCES.md). */
const exportMock = readFileSync(
  new URL('./fixtures/london-datastore/londondatastore-v3-export-mock.json', import.meta.url),
  'utf8',
);
/** A dataset detail in the layout of the GLA client's mock, as london-datastore.test.ts builds it. */
const detail = JSON.stringify({
  id: 'test-dataset',
  title: 'Mock Test Dataset',
  sharing: 'public',
  createdAt: '2020-01-01T00:00:00.000Z',
  updatedAt: '2020-06-15T12:30:00.000Z',
  tags: ['transport', 'buses'],
  topics: ['transport'],
  shares: [],
  readonly: [],
  resources: {
    'res-abc-2': {
      title: 'Bus data 2020',
      url: `${BASE}/download/test-dataset/res-abc-2/bus-data-2020.csv`,
      order: 2,
      check_http_status: 200,
      check_size: 23456,
    },
    'res-abc-1': {
      title: 'Bus data 2019',
      url: `${BASE}/download/test-dataset/res-abc-1/bus-data-2019.csv`,
      order: 1,
      check_http_status: 200,
      check_size: 12345,
      check_mimetype: 'text/csv',
    },
  },
});

/** Answers like the Datastore; the kit makes every fault from these answers. */
const recorded: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  const body = path.endsWith('/export.json') ? exportMock : detail;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

describeConnector(londonDatastore, {
  runner: vitest,
  recorded,
  cases: [
    { operation: 'searchDatasets', params: {} },
    { operation: 'dataset', params: { dataset: 'test-dataset' } },
    { operation: 'resources', params: { dataset: 'test-dataset' } },
    { operation: 'boundaryResources', params: {} },
  ],
  keys: [{ config: { apiKey: 'datastore-K3y-0123456789' }, operation: 'searchDatasets', params: {} }],
});
