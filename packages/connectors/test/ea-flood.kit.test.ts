import { readFileSync } from 'node:fs';
import { eaFlood } from '@ldn-twin/connectors/ea-flood';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/ea-flood/${name}`, import.meta.url), 'utf8')) as {
    items: unknown[];
  };
const warnings = fixture('ea-flood-warnings.json');
const stations = fixture('ea-stations.json');
const readings = fixture('ea-readings.json');
/** A single-item answer, as the service gives for /id/<thing>/<id>. */
const single = (body: { items: unknown[] }) => JSON.stringify({ ...body, items: body.items[0] });

/** Answers with the real recorded responses; the kit makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const path = new URL(input instanceof Request ? input.url : String(input)).pathname.replace(
    '/flood-monitoring',
    '',
  );
  const body = /\/readings$/.test(path)
    ? JSON.stringify(readings)
    : /^\/id\/stations\/[^/]+$/.test(path)
      ? single(stations)
      : path === '/id/stations'
        ? JSON.stringify(stations)
        : /^\/id\/floods\/[^/]+$/.test(path)
          ? single(warnings)
          : /^\/id\/floodAreas\/[^/]+$/.test(path)
            ? JSON.stringify({ ...warnings, items: (warnings.items[0] as { floodArea: unknown }).floodArea })
            : path === '/id/floodAreas'
              ? JSON.stringify({
                  ...warnings,
                  items: warnings.items.map((i) => (i as { floodArea: unknown }).floodArea),
                })
              : JSON.stringify(warnings);
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

describeConnector(eaFlood, {
  runner: vitest,
  recorded,
  cases: [
    { operation: 'floodWarnings', params: {} },
    { operation: 'floodWarning', params: { id: '93504' } },
    { operation: 'floodAreas', params: { lat: 53.96, long: -1.08, distKm: 10 } },
    { operation: 'floodArea', params: { code: '122FWF723' } },
    { operation: 'stationsNear', params: { lat: 51.25, long: 1.03, distKm: 5 } },
    { operation: 'latestReadings', params: { station: 'E7050' } },
    { operation: 'allLatestReadings', params: { parameter: 'rainfall' } },
    { operation: 'readings', params: { station: 'E3951', since: '2017-07-05T00:00:00Z', limit: 2 } },
  ],
});
