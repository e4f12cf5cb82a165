import { readFileSync } from 'node:fs';
import { arcgis } from '@ldn-twin/connectors/arcgis';
import { describeConnector, faultCasesPagedAt } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/arcgis/${name}`, import.meta.url), 'utf8');
const nhleLayer = fixture('handmade-nhle-layer0.json');
const nhlePage1 = fixture('handmade-nhle-query-page1.json');
const nhlePage2 = fixture('handmade-nhle-query-page2.json');
const sssiLayer = fixture('handmade-sssi-layer0.json');
const sssiPage = fixture('handmade-sssi-query.json');
const serviceInfo = fixture('handmade-service-info.json');

/** Answers with the recorded (hand-made, see SOURCES.md) responses; the kit makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const path = url.pathname;
  const sssi = path.includes('SSSI_England');
  const body = path.endsWith('/query')
    ? sssi
      ? sssiPage
      : url.searchParams.get('resultOffset') === '0' || !url.searchParams.has('resultOffset')
        ? nhlePage1
        : nhlePage2
    : path.endsWith('/FeatureServer')
      ? serviceInfo
      : sssi
        ? sssiLayer
        : nhleLayer;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

/** The endless-pager case repeats the first query answer only (not a description). */
const cases = faultCasesPagedAt((url) => url.pathname.endsWith('/query'));

const NHLE_QUERY = {
  layerUrl:
    'https://services-eu1.arcgis.com/ZOdPfBS3aqqDYPUQ/arcgis/rest/services/National_Heritage_List_for_England_NHLE_v02_VIEW/FeatureServer/0',
  mapping: {
    constraintType: 'listed-building',
    dataset: 'listed-building',
    publisher: 'Historic England',
    fields: { name: ['Name'], reference: 'ListEntry' },
  },
  point: [-0.1281, 51.508],
};

/**
 * Guards a fixed bug: queryPages once followed `exceededTransferLimit: true` with ever larger
 * resultOffset and no guard against a server that ignores resultOffset and sends the same page
 * again, so the endless-pager case never ended. Its own test below checks that the two paging
 * operations now stop with a PagingError when a page repeats.
 */
const without = (name: string) => cases.filter((c) => c.name !== name);

const LISTED = { point: [-0.1281, 51.508], distance: 100 };
const LAYERS = {
  serviceUrl: 'https://services.arcgis.com/example/arcgis/rest/services/borough_layers/FeatureServer',
};
const PAGER = 'a pager that returns the same page forever';
const pagerOnly = cases.filter((c) => c.name === PAGER);

describeConnector(arcgis, {
  runner: vitest,
  recorded,
  faults: cases,
  cases: [
    { operation: 'listedBuildings', params: LISTED, faults: without(PAGER) },
    { operation: 'sitesOfSpecialScientificInterest', params: { envelope: [-0.3, 51.5, -0.2, 51.6] } },
    { operation: 'query', params: NHLE_QUERY, faults: without(PAGER) },
    { operation: 'layers', params: LAYERS },
    // The two paging operations stop with a PagingError when the server repeats the same page forever.
    {
      operation: 'listedBuildings',
      label: 'a repeated page',
      params: LISTED,
      faults: pagerOnly,
      deadlineMs: 5_000,
      validate: false,
    },
    {
      operation: 'query',
      label: 'a repeated page',
      params: NHLE_QUERY,
      faults: pagerOnly,
      deadlineMs: 5_000,
      validate: false,
    },
  ],
});
