import { readFileSync } from 'node:fs';
import { epc, openDataCommunitiesV1 } from '@ldn-twin/connectors/epc';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

/*
 * importCsv reads a file the caller hands it (no request), so the network faults do not apply; its
 * handling of broken rows is covered in epc-csv.test.ts. Here: search and certificate, on both
 * sources.
 */
/** A real row of the retired v1 search API (see fixtures/epc/SOURCES.md), in the API's envelope. */
const row = JSON.parse(
  readFileSync(new URL('./fixtures/epc/epc-domestic-search-row-hammersmith.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const envelope = JSON.stringify({ 'column-names': Object.keys(row), rows: [row] });
/** The replacement register (the default source): its OpenAPI example (documented shape, no live capture). */
const example = readFileSync(
  new URL('./fixtures/epc-2026/epc2026-domestic-search-openapi-example.json', import.meta.url),
  'utf8',
);
const certificate = `{"data":${readFileSync(
  new URL('./fixtures/epc-2026/epc2026-certificate-rdsap-21.0.1-publisher-sample.json', import.meta.url),
  'utf8',
)}}`;

/** Answers with the recorded row (v1) or the documented examples (the register); the kit makes every fault from them. */
const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body =
    url.hostname === 'epc.opendatacommunities.org'
      ? envelope
      : url.pathname === '/api/certificate'
        ? certificate
        : example;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

const v1 = { source: openDataCommunitiesV1, email: 'analyst@example.gov.uk', apiKey: 'epc-k3y-faults' };
const register = { token: 'epc-t0ken-faults' };

describeConnector(epc, {
  runner: vitest,
  recorded,
  cases: [
    { operation: 'search', label: 'v1', config: v1, params: { localAuthority: 'E09000013' } },
    { operation: 'certificate', label: 'v1', config: v1, params: { key: String(row['lmk-key']) } },
    { operation: 'search', label: 'register', config: register, params: { council: 'Camden' } },
    {
      operation: 'search',
      label: 'register, details',
      config: register,
      params: { council: 'Camden', details: true },
    },
    {
      operation: 'certificate',
      label: 'register',
      config: register,
      params: { key: '0000-0000-0000-0000-0000' },
      driftUnnoticed:
        'the register certificate body is read as an open record (its fields are unconfirmed): a changed field reads as a missing value',
    },
  ],
  keys: [
    {
      label: 'Basic email and apiKey',
      config: {
        source: openDataCommunitiesV1,
        email: 'analyst@example.gov.uk',
        apiKey: 'epcKey-5ecret-0123456789',
      },
      operation: 'search',
      params: { localAuthority: 'E09000013' },
    },
    {
      label: 'Bearer token',
      config: { token: 'epcBearer-5ecret-0123456789' },
      operation: 'search',
      params: { council: 'Camden' },
    },
  ],
});
