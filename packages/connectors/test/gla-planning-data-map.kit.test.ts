import { readFileSync } from 'node:fs';
import { glaPlanningDataMap } from '@ldn-twin/connectors/gla-planning-data-map';
import { describeConnector, faultCasesPagedAt } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/gla-planning-data-map/${name}`, import.meta.url), 'utf8');
const layers19 = fixture('handmade-layers-19.json');
const layers19Updated = fixture('handmade-layers-19-updated.json');
const layer219 = fixture('handmade-londonwide-layer219.json');
const layer220 = fixture('handmade-londonwide-layer220.json');
const londonWide = fixture('handmade-londonwide-layers.json');
const siteAllocations = fixture('handmade-query-site-allocations.json');
const tpa = fixture('handmade-query-londonwide-tpa.json');
const empty = fixture('handmade-query-empty.json');

/** Answers with the recorded (hand-made, see SOURCES.md) responses; the kit makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  const body = path.endsWith('/planning_local_plan_data_19_updated/FeatureServer/layers')
    ? layers19Updated
    : path.endsWith('/planning_data_map_02/FeatureServer/layers')
      ? londonWide
      : path.endsWith('/layers')
        ? layers19
        : path.endsWith('/219/query')
          ? tpa
          : path.endsWith('/41/query')
            ? siteAllocations
            : path.endsWith('/query')
              ? empty
              : path.endsWith('/219')
                ? layer219
                : layer220;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

/** The endless-pager case repeats the first query answer only (not a description). */
const cases = faultCasesPagedAt((url) => url.pathname.endsWith('/query'));

describeConnector(glaPlanningDataMap, {
  runner: vitest,
  recorded,
  faults: cases,
  cases: [
    { operation: 'constraints', params: { authority: 'Islington', point: [-0.1036, 51.5463], distance: 50 } },
    { operation: 'layers', params: { authority: 'islington' } },
  ],
});
