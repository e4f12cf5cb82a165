import { readFileSync } from 'node:fs';
import { postcodesIo } from '@ldn-twin/connectors/postcodes-io';
import { connect, createClient, isConfigError } from '@ldn-twin/core';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Virtual time: the faults' waits (Retry-After, timeouts, backoff) cost no real time.
beforeAll(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterAll(() => vi.useRealTimers());

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/postcodes-io/${name}`, import.meta.url), 'utf8');
const reverse = fixture('postcodes-io-reverse-geocode.json');
const bulk = fixture('postcodes-io-bulk-lookup.json');
const bulkReverse = fixture('postcodes-io-bulk-reverse-geocode.json');
const outcode = fixture('postcodes-io-outcode.json');
// Documented shape only, no capture (fixtures/postcodes-io/SOURCES.md).
const places = fixture('postcodes-io-places.documented.json');
/** One postcode's answer, taken from the recorded reverse-geocode answer. */
const one = JSON.stringify({ status: 200, result: JSON.parse(reverse).result[0] });

/** Answers with the real recorded responses; the harness makes every fault from them. */
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

it.concurrent.each([
  ['lookup', { postcode: 'SW1A 2DD' }, FAULT_CASES],
  [
    'bulkLookup',
    { postcodes: ['PR3 0SG', 'M45 6GN', 'EX16 5BL'] },
    FAULT_CASES.filter((c) => !RETRY_CASES.includes(c.name)),
  ],
  ['reverseGeocode', { point: [-0.127149, 51.50702] }, FAULT_CASES],
  ['bulkReverseGeocode', { points: [[-3.158, 51.48]] }, FAULT_CASES],
  ['outcode', { outcode: 'SW1A' }, FAULT_CASES],
  ['places', { query: 'London' }, FAULT_CASES],
])(
  'postcodes-io %s survives every fault honestly',
  async (operation, params, cases) => {
    const results = await runFaultHarness({
      advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
      connector: postcodesIo,
      operation,
      params,
      fetch: recorded,
      cases,
    });
    expect(results).toHaveLength(cases.length);
    expect(results.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`)).toEqual([]);
    for (const r of results) expect(r.report.received).toBe(r.report.mapped + r.report.failed);
  },
  60_000,
);

it.concurrent('postcodes-io bulkLookup (POST) waits out a 429 and retries a 503 like a GET', async () => {
  const cases = FAULT_CASES.filter((c) => RETRY_CASES.includes(c.name));
  const results = await runFaultHarness({
    advanceTime: (ms) => vi.advanceTimersByTimeAsync(ms),
    connector: postcodesIo,
    operation: 'bulkLookup',
    params: { postcodes: ['PR3 0SG'] },
    fetch: recorded,
    cases,
  });
  expect(results.filter((r) => r.problem).map((r) => `${r.case}: ${r.problem}`)).toEqual([]);
}, 30_000);

/*
 * Property-based tests (fast-check) of what the connector does with the postcode it is given: any
 * valid UK postcode shape, in any case and spacing, is accepted and asked for consistently, and no
 * text at all can step out of the `/postcodes/{postcode}` path.
 */
const RUNS = 200;
const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digit = fc.constantFrom(...'0123456789');
/** A UK postcode shape, canonical: outward (A9, A99, A9A, AA9, AA99, AA9A) + space + inward (9AA). */
const postcode = fc
  .tuple(
    fc.array(letter, { minLength: 1, maxLength: 2 }),
    digit,
    fc.option(fc.oneof(digit, letter), { nil: undefined }),
    digit,
    letter,
    letter,
  )
  .map(([area, d, tail, i, a, b]) => `${area.join('')}${d}${tail ?? ''} ${i}${a}${b}`);
/** The same postcode as a person might type it: any case, no or many spaces, padding. */
const typed = (canonical: string) =>
  fc
    .tuple(
      fc.array(fc.boolean(), { minLength: canonical.length, maxLength: canonical.length }),
      fc.constantFrom('', ' ', '  '),
      fc.constantFrom('', ' ', '\t', '  '),
      fc.constantFrom('', ' ', '\n'),
    )
    .map(([lower, gap, before, after]) => {
      const [outward, inward] = canonical.split(' ') as [string, string];
      const cased = (s: string, offset: number) =>
        [...s].map((c, i) => (lower[offset + i] ? c.toLowerCase() : c)).join('');
      return `${before}${cased(outward, 0)}${gap}${cased(inward, outward.length)}${after}`;
    });
const canonicalOf = (text: string) => {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
};

/** Records each request, and answers with the recorded SW1A 2DD result renamed to the postcode asked. */
function capturing() {
  const asked: { url: URL; body: string | undefined }[] = [];
  const fetcher: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const body = request.method === 'POST' ? await request.text() : undefined;
    asked.push({ url, body });
    const result = JSON.parse(reverse).result[0] as Record<string, unknown>;
    const postcode = canonicalOf(decodeURIComponent(url.pathname.split('/').pop() ?? ''));
    return new Response(JSON.stringify({ status: 200, result: { ...result, postcode } }), {
      headers: { 'content-type': 'application/json' },
    });
  };
  return { asked, fetcher };
}

describe('postcodes-io postcode handling (property)', () => {
  it(`accepts any UK postcode shape in any case and spacing and asks for it as typed, trimmed (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        postcode.chain((canonical) => fc.tuple(fc.constant(canonical), typed(canonical))),
        async ([canonical, input]) => {
          const { asked, fetcher } = capturing();
          const client = createClient({ cache: false, retry: { limit: 0 }, fetch: fetcher });
          const { records, report } = await connect(postcodesIo, { client })
            .lookup({ postcode: input })
            .collect();
          expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0 });
          expect(asked).toHaveLength(1);
          const segments = asked[0]!.url.pathname.split('/');
          expect(segments.slice(0, -1)).toEqual(['', 'postcodes']);
          expect(decodeURIComponent(segments.at(-1)!)).toBe(input.trim());
          // Every way of typing it names the same postcode: the record's code is the canonical one.
          expect(canonicalOf(decodeURIComponent(segments.at(-1)!))).toBe(canonical);
          expect(records[0]!.properties.attributes.code).toBe(canonical);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`sends every postcode of a bulk lookup trimmed, in order (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(postcode.chain(typed), { minLength: 1, maxLength: 5 }), async (inputs) => {
        const { asked, fetcher } = capturing();
        const client = createClient({ cache: false, retry: { limit: 0 }, fetch: fetcher });
        await connect(postcodesIo, { client })
          .bulkLookup({ postcodes: inputs })
          .collect()
          .catch(() => undefined);
        expect(asked).toHaveLength(1);
        expect(JSON.parse(asked[0]!.body ?? '{}')).toEqual({ postcodes: inputs.map((p) => p.trim()) });
      }),
      { numRuns: RUNS },
    );
  });

  it(`keeps any text inside the /postcodes/{postcode} path: no traversal, query or fragment (${RUNS} runs)`, async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'grapheme', minLength: 2, maxLength: 16 }),
          fc.constantFrom('../admin', '..%2F..%2Fx', 'SW1A?x=1', 'SW1A#frag', 'a/b/c', '%2e%2e', '\\..\\x'),
        ),
        async (input) => {
          // The param schema takes 2 to 16 characters once trimmed (as zod counts them, which is not
          // always as String.length counts astral characters): anything else is refused before sending.
          const { asked, fetcher } = capturing();
          const client = createClient({ cache: false, retry: { limit: 0 }, fetch: fetcher });
          let failure: unknown;
          // Bad params throw at the call, before any stream exists.
          await (async () => connect(postcodesIo, { client }).lookup({ postcode: input }).collect())().catch(
            (error: unknown) => {
              failure = error;
            },
          );
          if (asked.length === 0) {
            expect(isConfigError(failure)).toBe(true);
            return;
          }
          expect(asked).toHaveLength(1);
          sent += 1;
          const { url } = asked[0]!;
          expect(url.origin).toBe('https://api.postcodes.io');
          expect(url.search).toBe('');
          expect(url.hash).toBe('');
          const segments = url.pathname.split('/');
          expect(segments).toHaveLength(3);
          expect(segments[1]).toBe('postcodes');
          expect(decodeURIComponent(segments[2]!)).toBe(input.trim());
        },
      ),
      { numRuns: RUNS },
    );
    // Most inputs are postcode-sized: the property is not met by refusing them all.
    expect(sent).toBeGreaterThan(RUNS / 2);
  });
});
