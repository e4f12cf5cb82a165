// The live check's verdicts (scripts/live/check.ts), run on TfL's recorded line status instead of the
// live service: the real response is `ok`, a drifted one is `drift` with the zod issues, a missing
// key skips a connector that needs it, and `--record` archives the exchange with the key redacted.
import { readFileSync } from 'node:fs';
import { osPlaces } from '@ldn-twin/connectors/os-places';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { postcodesIo } from '@ldn-twin/connectors/postcodes-io';
import { tfl } from '@ldn-twin/connectors/tfl';
import { stringifyHar } from '@ldn-twin/core/har';
import { expect, it } from 'vitest';
import { runLiveChecks } from '../scripts/live/check.ts';
import { liveSamples } from '../scripts/live/samples.ts';

const lines = readFileSync(new URL('./fixtures/tfl/tfl-line-status.json', import.meta.url), 'utf8');
const KEY = 'tfl-live-key-5550123';
const samples = liveSamples(Date.UTC(2026, 11, 7));

/** Answers every request with `body`, counting them. */
function answering(body: string) {
  const seen: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    seen.push(new Request(input, init).url);
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  };
  return { fetch, seen };
}

const lineStatus = (body: string, env: Record<string, string> = {}) => {
  const { fetch, seen } = answering(body);
  return runLiveChecks({
    connectors: [tfl],
    samples,
    env,
    dryRun: false,
    fetch,
    only: 'tfl.lineStatus',
  }).then((checks) => ({ checks, seen }));
};

it('the real recorded response is ok, after one request', async () => {
  const { checks, seen } = await lineStatus(lines);
  expect(checks).toHaveLength(1);
  expect(checks[0]).toMatchObject({ status: 'ok', received: 2, mapped: 2 });
  expect(seen).toEqual(['https://api.tfl.gov.uk/Line/Mode/tube/Status']);
});

it('an item that no longer fits the raw schema is drift, with the zod issue', async () => {
  const drifted = JSON.parse(lines) as Record<string, unknown>[];
  drifted[0] = { ...drifted[0], id: 42 };
  const { checks } = await lineStatus(JSON.stringify(drifted));
  expect(checks[0]?.status).toBe('drift');
  expect(checks[0]).toMatchObject({ received: 2, mapped: 1 });
  expect(checks[0]?.issues).toEqual([
    { stage: 'parse', path: 'id', message: expect.stringContaining('expected string') },
  ]);
});

it('a body whose envelope changed is drift at the envelope', async () => {
  const { checks } = await lineStatus(JSON.stringify({ lines: JSON.parse(lines) }));
  expect(checks[0]?.status).toBe('drift');
  expect(checks[0]?.issues?.[0]?.stage).toBe('envelope');
});

it('a connector whose key is not set is skipped, naming the variable, and makes no request', async () => {
  const { fetch, seen } = answering('{}');
  const checks = await runLiveChecks({ connectors: [osPlaces], samples, env: {}, dryRun: false, fetch });
  expect(checks.length).toBe(Object.keys(osPlaces.operations).length);
  expect(new Set(checks.map((c) => c.status))).toEqual(new Set(['skipped']));
  expect(checks[0]?.reason).toBe('needs LDN_TWIN_OS_API_KEY (not set)');
  expect(seen).toEqual([]);
});

it('recording keeps the exchange with the key redacted, and reports which key it carried', async () => {
  const { fetch } = answering(lines);
  const archives: string[] = [];
  const checks = await runLiveChecks({
    connectors: [tfl],
    samples,
    env: { LDN_TWIN_TFL_APP_KEY: KEY },
    dryRun: false,
    fetch,
    only: 'tfl.lineStatus',
    record: (connector, operation, archive) =>
      archives.push(`${connector}.${operation} ${stringifyHar(archive)}`),
  });
  expect(checks[0]?.status).toBe('ok');
  expect(checks[0]?.requests[0]?.keys).toEqual(['LDN_TWIN_TFL_APP_KEY in header app_key']);
  expect(archives).toHaveLength(1);
  expect(archives[0]).toMatch(/^tfl\.lineStatus /);
  expect(archives[0]).toContain('"app_key"');
  expect(archives[0]).not.toContain(KEY);
  expect(JSON.stringify(checks)).not.toContain(KEY);
});

it('a POST reaches the service with its body intact', async () => {
  const bulk = readFileSync(
    new URL('./fixtures/postcodes-io/postcodes-io-bulk-lookup.json', import.meta.url),
    'utf8',
  );
  const bodies: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    bodies.push(await new Request(input, init).text());
    return new Response(bulk, { headers: { 'content-type': 'application/json' } });
  };
  const checks = await runLiveChecks({
    connectors: [postcodesIo],
    samples,
    env: {},
    dryRun: false,
    fetch,
    only: 'postcodes-io.bulkLookup',
  });
  expect(checks[0]).toMatchObject({ status: 'ok', requests: [{ method: 'POST' }] });
  expect(bodies).toHaveLength(1);
  expect(JSON.parse(bodies[0] ?? '')).toEqual({ postcodes: ['SW1A 2AA', 'SE1 7PB'] });
});

it('a paged operation stops after its first page', async () => {
  // The real Lambeth answer, given the `links.next` that planning.data.gov.uk sends when there is more
  // (the connector's raw schema reads it): a pager that never ends, as the fault harness makes one.
  const page = JSON.parse(
    readFileSync(
      new URL('./fixtures/planning-data/planningdata-entity-json-lambeth-point.json', import.meta.url),
      'utf8',
    ),
  ) as Record<string, unknown>;
  const endless = JSON.stringify({
    ...page,
    links: { next: 'https://www.planning.data.gov.uk/entity.json?offset=100' },
  });
  const seen: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(new Request(input, init).url);
    seen.push(url.pathname);
    return url.pathname === '/entity.json'
      ? new Response(endless, { headers: { 'content-type': 'application/json' } })
      : new Response('not found', { status: 404 });
  };
  const checks = await runLiveChecks({
    connectors: [planningData],
    samples,
    env: {},
    dryRun: false,
    fetch,
    only: 'planning-data.searchEntities',
  });
  expect(seen.filter((path) => path === '/entity.json')).toHaveLength(1);
  expect(checks[0]).toMatchObject({ status: 'ok', received: 4, mapped: 4 });
});
