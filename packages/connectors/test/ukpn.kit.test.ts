import { readFileSync } from 'node:fs';
import { ukpn } from '@ldn-twin/connectors/ukpn';
import { describeConnector } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/ukpn/${name}`, import.meta.url), 'utf8');
/** Hand-made to the documented shape (no raw UKPN body exists; see fixtures/ukpn/SOURCES.md). */
const bodies: Record<string, string> = {
  'dfes-network-headroom-report': fixture('handmade-headroom-lpn-2030.json'),
  ukpn_primary_postcode_area: fixture('handmade-primary-postcode-area-lpn.json'),
  'ukpn-ltds-infrastructure-projects': fixture('handmade-ltds-infrastructure-projects-lpn.json'),
  'ukpn-dnoa': fixture('handmade-dnoa.json'),
};

const recorded: typeof fetch = async (input) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const dataset = /\/datasets\/([^/]+)\/records$/.exec(url.pathname)?.[1] ?? '';
  const body = bodies[dataset];
  if (!body) return new Response('{"message":"unknown dataset"}', { status: 404 });
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

describeConnector(ukpn, {
  runner: vitest,
  recorded,
  config: { apiKey: 'k' },
  cases: [
    { operation: 'headroom', params: { year: 2030 } },
    { operation: 'feedingAreas', params: {} },
    { operation: 'infrastructureProjects', params: {} },
    { operation: 'constraintDecisions', params: {} },
  ],
  keys: [{ config: { apiKey: 'ukpn-K3y-0123456789abcdef' }, operation: 'feedingAreas', params: {} }],
});
