// The live check's dry run (`pnpm live --dry-run`, scripts/live.ts) on every connector: no request
// leaves the process (neither the fetch given nor the global one is called), every operation of
// every connector appears, and each one either plans its request or says why it is skipped.
import type { AnyConnector } from '@ldn-twin/core';
import { expect, it, vi } from 'vitest';
import { reportMarkdown, runLiveChecks } from '../scripts/live/check.ts';
import { liveSamples } from '../scripts/live/samples.ts';

const modules = import.meta.glob<Record<string, unknown>>('../src/*/index.ts');
const isConnector = (value: unknown): value is AnyConnector =>
  typeof value === 'object' && value !== null && 'operations' in value && 'id' in value && 'auth' in value;

async function allConnectors(): Promise<AnyConnector[]> {
  const found: AnyConnector[] = [];
  for (const load of Object.values(modules)) {
    for (const value of Object.values(await load())) if (isConnector(value)) found.push(value);
  }
  return found;
}

let requests = 0;
const noNetwork: typeof fetch = () => {
  requests += 1;
  return Promise.reject(new Error('the dry run made a request'));
};

it('the dry run lists every operation of every connector and makes no request', async () => {
  const connectors = await allConnectors();
  const globalFetch = vi.spyOn(globalThis, 'fetch');
  const key = 'live-test-key-0123456789';
  const checks = await runLiveChecks({
    connectors,
    samples: liveSamples(Date.UTC(2026, 11, 7)),
    env: { LDN_TWIN_TFL_APP_KEY: key },
    dryRun: true,
    fetch: noNetwork,
  });

  expect(requests).toBe(0);
  expect(globalFetch).not.toHaveBeenCalled();

  const expected = connectors.flatMap((c) => Object.keys(c.operations).map((op) => `${c.id}.${op}`));
  expect(expected.length).toBeGreaterThan(60);
  expect(checks.map((c) => `${c.connector}.${c.operation}`)).toEqual(expected);

  // Each operation plans at least one https request, or is skipped for a stated reason.
  const unplanned = checks
    .filter((c) => !(c.status === 'planned' && c.requests.length > 0) && c.status !== 'skipped')
    .map((c) => `${c.connector}.${c.operation}: ${c.status} ${c.reason ?? ''}`);
  expect(unplanned).toEqual([]);
  for (const c of checks.filter((c) => c.status === 'planned')) {
    for (const r of c.requests)
      expect(new URL(r.url).protocol, `${c.connector}.${c.operation}`).toBe('https:');
  }
  expect(checks.filter((c) => c.status === 'skipped').every((c) => (c.reason ?? '').length > 10)).toBe(true);

  // The keys: a key that is set is named and redacted; a missing one is named as not set.
  const tfl = checks.find((c) => c.connector === 'tfl' && c.operation === 'lineStatus');
  expect(tfl?.requests[0]?.keys).toEqual(['LDN_TWIN_TFL_APP_KEY in header app_key']);
  expect(tfl?.missingKeys).toEqual([]);
  const places = checks.find((c) => c.connector === 'os-places' && c.operation === 'postcode');
  expect(places?.missingKeys).toEqual(['LDN_TWIN_OS_API_KEY']);
  expect(places?.requests[0]?.keys).toEqual(['LDN_TWIN_OS_API_KEY in query key']);
  expect(places?.requests[0]?.url).toMatch(/^https:\/\/api\.os\.uk\/search\/places\/v1\/postcode\?/);
  const everything = JSON.stringify(checks) + reportMarkdown(checks, { dryRun: true, at: 'now' });
  expect(everything).not.toContain(key);
  expect(everything).not.toContain('dry-run-LDN_TWIN_OS_API_KEY');
});

it('an operation without a sample is reported, not left out', async () => {
  const [first] = await allConnectors();
  if (!first) throw new Error('no connector');
  const checks = await runLiveChecks({
    connectors: [first],
    samples: {},
    env: {},
    dryRun: true,
    fetch: noNetwork,
  });
  expect(checks.map((c) => c.status)).toEqual(Object.keys(first.operations).map(() => 'no-sample'));
});
