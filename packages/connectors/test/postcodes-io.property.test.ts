import { readFileSync } from 'node:fs';
import { postcodesIo } from '@ldn-twin/connectors/postcodes-io';
import { connect, createClient, isConfigError } from '@ldn-twin/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** The real recorded reverse-geocode answer, whose first result stands for any postcode asked. */
const reverse = readFileSync(
  new URL('./fixtures/postcodes-io/postcodes-io-reverse-geocode.json', import.meta.url),
  'utf8',
);

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
