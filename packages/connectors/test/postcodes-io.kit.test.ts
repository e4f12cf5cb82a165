import { readFileSync } from 'node:fs';
import { postcodesIo } from '@ldn-twin/connectors/postcodes-io';
import { describeConnector, FAULT_CASES } from '@ldn-twin/core/testing';
import * as vitest from 'vitest';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/postcodes-io/${name}`, import.meta.url), 'utf8');
const reverse = fixture('postcodes-io-reverse-geocode.json');
const bulk = fixture('postcodes-io-bulk-lookup.json');
const bulkReverse = fixture('postcodes-io-bulk-reverse-geocode.json');
const outcode = fixture('postcodes-io-outcode.json');
// Documented shape only, no capture (fixtures/postcodes-io/SOURCES.md).
const places = fixture('postcodes-io-places.documented.json');
/** One postcode's answer, taken from the recorded reverse-geocode answer. */
const one = JSON.stringify({ status: 200, result: JSON.parse(reverse).result[0] });

/** Answers with the real recorded responses; the kit makes every fault from them. */
const recorded: typeof fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(String(input), init);
  const path = new URL(request.url).pathname;
  const posted = request.method === 'POST' ? await request.text() : '';
  const body =
    request.method === 'POST'
      ? posted.includes('geolocations')
        ? bulkReverse
        : bulk
      : path === '/postcodes'
        ? reverse
        : path.startsWith('/outcodes/')
          ? outcode
          : path === '/places'
            ? places
            : one;
  return new Response(body, { headers: { 'content-type': 'application/json' } });
};

/**
 * Guards a fixed bug: the shared client once retried only GET and HEAD, so bulkLookup's read-only
 * POST was never retried on a 429 with Retry-After or a 503. Its own test below checks that the
 * POST, now marked `idempotent`, waits out the 429 and retries the 503.
 */
const RETRY_CASES = ['429 with Retry-After, then success', '503 twice, then success'];

describeConnector(postcodesIo, {
  runner: vitest,
  recorded,
  cases: [
    { operation: 'lookup', params: { postcode: 'SW1A 2DD' } },
    {
      operation: 'bulkLookup',
      params: { postcodes: ['PR3 0SG', 'M45 6GN', 'EX16 5BL'] },
      faults: FAULT_CASES.filter((c) => !RETRY_CASES.includes(c.name)),
    },
    {
      operation: 'bulkLookup',
      label: 'a POST waits out a 429 and retries a 503 like a GET',
      params: { postcodes: ['PR3 0SG'] },
      faults: FAULT_CASES.filter((c) => RETRY_CASES.includes(c.name)),
      validate: false,
    },
    { operation: 'reverseGeocode', params: { point: [-0.127149, 51.50702] } },
    { operation: 'bulkReverseGeocode', params: { points: [[-3.158, 51.48]] } },
    { operation: 'outcode', params: { outcode: 'SW1A' } },
    { operation: 'places', params: { query: 'London' } },
  ],
});
