import { culturalInfrastructureMap } from '@ldn-twin/connectors/cultural-infrastructure-map';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

/*
 * No recording of the map's files exists yet: these are the hand-made listing and CSV of
 * cultural-infrastructure-map.test.ts, which the harness makes faults from.
 */
const BASE = 'https://data.london.gov.uk';
const SLUG = 'cultural-infrastructure-map-2025-2rj5o';
const MUSIC_ID = '0f0e0d0c-1111-4222-8333-444455556666';
const listing = JSON.stringify({
  id: SLUG,
  title: 'Cultural Infrastructure Map 2023',
  sharing: 'public',
  tags: [],
  topics: [],
  resources: {
    [MUSIC_ID]: {
      title: 'Music venues (grassroots)',
      url: `${BASE}/download/cultural-infrastructure-map-2023/${MUSIC_ID}/music_venues.csv`,
      order: 1,
      check_timestamp: '2023-06-01T09:00:00Z',
    },
  },
});
const musicCsv = [
  'name,address,borough,latitude,longitude,capacity',
  'Jazz Basement,"1 Example Street, London",Camden,51.5386,-0.1426,200',
  '"The ""Quoted"" Room",2 Sample Road,Hackney,51.5450,-0.0553,',
].join('\r\n');

const recorded: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
  return path.startsWith('/download/')
    ? new Response(musicCsv, { headers: { 'content-type': 'text/csv; charset=utf-8' } })
    : new Response(listing, { headers: { 'content-type': 'application/json' } });
};

// The pager case once hung here (a download check awaited cancelling a teed body); it now ends
// with a schema error like any other wrong answer, and runs with the rest.
describeConnector(culturalInfrastructureMap, {
  runner: vitest,
  recorded,
  cases: [
    { operation: 'venueTypes', params: {} },
    { operation: 'venues', params: { venueType: 'music-venues' } },
  ],
});
