import { readFileSync } from 'node:fs';
import { epc, openDataCommunitiesV1 } from '@ldn-twin/connectors/epc';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

/*
 * importCsv reads a file the caller hands it (no request), so the network faults do not apply; its
 * handling of broken rows is covered in epc-csv.test.ts. Here: search and certificate.
 */
/** A real row of the domestic search API (see fixtures/epc/SOURCES.md), in the API's envelope. */
const row = JSON.parse(
  readFileSync(new URL('../fixtures/epc/epc-domestic-search-row-hammersmith.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const envelope = JSON.stringify({ 'column-names': Object.keys(row), rows: [row] });

/** Answers with the recorded row; the harness makes every fault from it. */
const recorded: typeof fetch = async () =>
  new Response(envelope, { headers: { 'content-type': 'application/json' } });

const config = { source: openDataCommunitiesV1, email: 'analyst@example.gov.uk', apiKey: 'epc-k3y-faults' };

it.concurrent.each([
  ['search', { localAuthority: 'E09000013' }],
  ['certificate', { key: String(row['lmk-key']) }],
])(
  'epc %s survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: epc,
      config,
      operation,
      params,
      fetch: recorded,
    });
    expect(results).toHaveLength(FAULT_CASES.length);
    expect(results.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`)).toEqual([]);
    for (const r of results) expect(r.report.received).toBe(r.report.mapped + r.report.failed);
  },
  60_000,
);

/** The replacement register (the default source): its OpenAPI example (documented shape, no live capture). */
const example = readFileSync(
  new URL('../fixtures/epc-2026/epc2026-domestic-search-openapi-example.json', import.meta.url),
  'utf8',
);
const certificate = `{"data":${readFileSync(
  new URL('../fixtures/epc-2026/epc2026-certificate-rdsap-21.0.1-publisher-sample.json', import.meta.url),
  'utf8',
)}}`;
const documented: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  return new Response(url.pathname === '/api/certificate' ? certificate : example, {
    headers: { 'content-type': 'application/json' },
  });
};

it.concurrent.each([
  ['search', { council: 'Camden' }],
  ['search', { council: 'Camden', details: true }],
  ['certificate', { key: '0000-0000-0000-0000-0000' }],
])(
  'epc replacement register %s (%j) survives every fault honestly',
  async (operation, params) => {
    const results = await runFaultHarness({
      connector: epc,
      config: { token: 'epc-t0ken-faults' },
      operation,
      params,
      fetch: documented,
    });
    expect(results).toHaveLength(FAULT_CASES.length);
    expect(results.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`)).toEqual([]);
    for (const r of results) expect(r.report.received).toBe(r.report.mapped + r.report.failed);
  },
  60_000,
);
