/**
 * Property-based tests (fast-check) of the two pieces every recording and every error depends on:
 * the HAR replay matcher and the redactor.
 */
import { HarNoMatchError, isLdnTwinError } from '@ldn-twin/core';
import { recordHar, replayHar } from '@ldn-twin/core/har';
import { createRedactor, REDACTED } from '@ldn-twin/core/http';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const RUNS = 200;
const ORIGIN = 'https://api.example.london';

/** Query parameter names that no redaction rule touches (so the archive keeps their values). */
const paramName = fc.stringMatching(/^p_[a-z][a-z0-9_]{0,8}$/);
/** Any value text, including spaces, unicode, `&`, `=`, `+`, `%` and `#` (set through URLSearchParams). */
const paramValue = fc.string({ unit: 'grapheme', maxLength: 16 }).filter((v) => !v.includes(REDACTED));
const pathSegments = fc.array(fc.stringMatching(/^[A-Za-z0-9._~-]{1,10}$/), { minLength: 1, maxLength: 4 });
const params = fc.uniqueArray(fc.tuple(paramName, paramValue), {
  minLength: 1,
  maxLength: 6,
  selector: ([name]) => name,
});

/** Parameters the archive never saw, to add to a request (built once: a regex arbitrary costs to build). */
const extraParams = fc.uniqueArray(fc.tuple(fc.stringMatching(/^x_[a-z0-9]{1,6}$/), paramValue), {
  maxLength: 4,
  selector: ([name]) => name,
});

function urlOf(path: string[], query: readonly (readonly [string, string])[]): string {
  const url = new URL(`${ORIGIN}/${path.join('/')}`);
  for (const [name, value] of query) url.searchParams.append(name, value);
  return url.toString();
}

/** Records one GET of `url` into an archive, answered `ok`. */
async function archiveOf(url: string) {
  const recorder = recordHar({
    fetch: async () => new Response('ok', { headers: { 'content-type': 'text/plain' } }),
  });
  await (await recorder.fetch(url)).text();
  return recorder.archive();
}

describe('replayHar matching (property)', () => {
  it(`matches the archived request with its query shuffled and extra parameters added (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        pathSegments,
        params.chain((recorded) =>
          fc.tuple(
            fc.constant(recorded),
            fc.shuffledSubarray(recorded, { minLength: recorded.length, maxLength: recorded.length }),
            extraParams,
            fc.nat(),
          ),
        ),
        async (path, [recorded, shuffled, extra, at]) => {
          const replay = replayHar(await archiveOf(urlOf(path, recorded)));
          // Extras go anywhere among the recorded parameters.
          const query = [...shuffled];
          query.splice(at % (query.length + 1), 0, ...extra);
          const response = await replay(urlOf(path, query));
          expect(response.status).toBe(200);
          expect(await response.text()).toBe('ok');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`never matches when one recorded value is changed (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        pathSegments,
        params.chain((recorded) => fc.tuple(fc.constant(recorded), fc.nat(recorded.length - 1), paramValue)),
        async (path, [recorded, index, replacement]) => {
          fc.pre(replacement !== recorded[index]![1]);
          const replay = replayHar(await archiveOf(urlOf(path, recorded)));
          const changed = recorded.map(
            ([name, value], i) => [name, i === index ? replacement : value] as const,
          );
          const error = await replay(urlOf(path, changed)).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(HarNoMatchError);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`never matches when a recorded parameter is left out (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        pathSegments,
        params.chain((recorded) => fc.tuple(fc.constant(recorded), fc.nat(recorded.length - 1))),
        async (path, [recorded, index]) => {
          const replay = replayHar(await archiveOf(urlOf(path, recorded)));
          const error = await replay(
            urlOf(
              path,
              recorded.filter((_, i) => i !== index),
            ),
          ).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isLdnTwinError(error) && error.code).toBe('HAR_NO_MATCH');
        },
      ),
      { numRuns: RUNS },
    );
  });
});

/** Key alphabets of real services: hex, base64, base64url, UUIDs, `key-...` tokens. */
const keyLike = fc.stringMatching(/^[A-Za-z0-9+/=_.~-]{4,40}$/);
/** Any printable ASCII (passwords), four characters or more. */
const printable = fc.string({
  unit: fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))),
  minLength: 4,
  maxLength: 24,
});
/** Anything at all: unicode, emoji, control characters. */
const anything = fc.string({ unit: 'grapheme', minLength: 4, maxLength: 16 });
const around = fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }));

/** Nothing of the secret left: neither raw nor in any URL-encoded form, nor once decoded. */
function leaks(out: string, secret: string): boolean {
  if (out.includes(secret)) return true;
  for (const decode of [decodeURIComponent, (s: string) => decodeURIComponent(s.replaceAll('+', ' '))]) {
    try {
      if (decode(out).includes(secret)) return true;
    } catch {
      // Not decodable as a whole: the raw check stands.
    }
  }
  return false;
}

describe('createRedactor({ secrets }) (property)', () => {
  it(`hides any secret in body text, wherever it sits, repeated or not (${RUNS * 3} runs)`, () => {
    for (const secrets of [keyLike, printable, anything]) {
      fc.assert(
        fc.property(secrets, around, fc.integer({ min: 1, max: 3 }), (secret, [before, after], times) => {
          const redact = createRedactor({ secrets: [secret] });
          const body = `${before}${Array.from({ length: times }, () => secret).join(before)}${after}`;
          // Only what the caller wrote around the secret may remain; the secret itself may not.
          fc.pre(!`${before}${after}`.includes(secret));
          expect(redact.text(body).includes(secret)).toBe(false);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it(`hides every one of several secrets of different lengths in a parsed value, and changes nothing else (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(keyLike, { minLength: 2, maxLength: 3 }),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }),
        (secrets, others) => {
          const redact = createRedactor({ secrets });
          fc.pre(others.every((o) => !secrets.some((s) => o.includes(s)) && !o.includes(REDACTED)));
          // Nor in the text this test writes around them.
          const fixed = `${REDACTED} before after alone0 alone1 alone2 inside0 inside1 inside2 short empty n`;
          fc.pre(
            secrets.every(
              (s) => !fixed.includes(s) && !'other0 other1 other2 other3 other4 other5'.includes(s),
            ),
          );
          // Each secret alone, inside text, and as a key; short values and keys around them.
          const row: Record<string, unknown> = { n: 1, empty: '', short: 'D' };
          secrets.forEach((secret, i) => {
            row[`alone${i}`] = secret;
            row[`inside${i}`] = `before ${secret} after`;
            row[secret] = i;
          });
          others.forEach((other, i) => {
            row[`other${i}`] = other;
          });
          const out = redact.value([row]);
          const text = JSON.stringify(out);
          for (const secret of secrets) expect(text.includes(secret)).toBe(false);
          const [first] = out as [Record<string, unknown>];
          expect(first.short).toBe('D');
          for (const [i, other] of others.entries()) expect(first[`other${i}`]).toBe(other);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it(`hides any secret in any header value (${RUNS * 3} runs)`, () => {
    for (const secrets of [keyLike, printable, anything]) {
      fc.assert(
        fc.property(
          secrets,
          around,
          fc.stringMatching(/^x-[a-z]{1,10}$/),
          (secret, [before, after], name) => {
            fc.pre(!`${before}${after}`.includes(secret));
            const redact = createRedactor({ secrets: [secret] });
            const pairs = redact.headers([
              [name, `${before}${secret}${after}`],
              ['authorization', `Bearer ${secret}`],
            ]);
            for (const [, value] of pairs) expect(value.includes(secret)).toBe(false);
          },
        ),
        { numRuns: RUNS },
      );
    }
  });

  it(`hides any secret set as a query value, a path segment or userinfo of a URL (${RUNS * 3} runs)`, () => {
    for (const secrets of [keyLike, printable, anything]) {
      fc.assert(
        fc.property(secrets, paramName, (secret, name) => {
          const redact = createRedactor({ secrets: [secret] });
          const query = new URL(`${ORIGIN}/v1/items`);
          query.searchParams.set(name, secret);
          query.searchParams.set('page', '2');
          const segment = `${ORIGIN}/v1/${encodeURIComponent(secret)}/items?page=2`;
          const userinfo = new URL(`${ORIGIN}/v1/items`);
          userinfo.username = 'user';
          userinfo.password = secret;
          for (const url of [query.toString(), segment, userinfo.toString()]) {
            const out = redact.url(url);
            expect(leaks(out, secret), `${url} -> ${out}`).toBe(false);
          }
          // As text (a URL quoted in an error message) too, where the encoded forms are matched.
          for (const url of [query.toString(), segment]) expect(leaks(redact.text(url), secret)).toBe(false);
        }),
        { numRuns: RUNS },
      );
    }
  });

  it(`hides a key-like secret written straight into a URL's path or query (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(keyLike, paramName, (secret, name) => {
        const redact = createRedactor({ secrets: [secret] });
        for (const url of [`${ORIGIN}/v1/${secret}/items`, `${ORIGIN}/v1/items?${name}=${secret}&page=2`]) {
          expect(leaks(redact.url(url), secret)).toBe(false);
          expect(leaks(redact.text(url), secret)).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
  });

  /**
   * Guards a bug the harness found (fixed): the redactor hides a secret raw, as encodeURIComponent writes it and as
   * URLSearchParams writes it, but not as the URL parser writes it in a path or query. A secret
   * that mixes a character the parser keeps (`@ ; : , = $ ! '`) with one it escapes (space,
   * `{ } " < > \``) comes out percent-encoded in a form none of the three matches, so it survives.
   * Fix: add the parser's forms to encodings() in redact.ts, e.g.
   * `new URL(`http://x/${secret}`).pathname.slice(1)` and `new URL(`http://x/?${secret}`).search.slice(1)`.
   */
  it.each([
    ['a password in a path', 'p@ss{w0rd}', (s: string) => `${ORIGIN}/v1/${s}/items`],
    ['a password in a query', 'p@ss w0rd;', (s: string) => `${ORIGIN}/v1/items?q=${s}`],
  ])('hides %s as the URL parser escapes it', (_, secret, place) => {
    const redact = createRedactor({ secrets: [secret] });
    const url = new URL(place(secret)).toString();
    expect(leaks(redact.url(url), secret), redact.url(url)).toBe(false);
    expect(leaks(redact.text(url), secret), redact.text(url)).toBe(false);
  });
});
