import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectJson, parseJson } from '../../src/http/client.js';

/** A character-by-character scan of the text for nesting deeper than `maxDepth`: the reference. */
function nestsDeeper(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

/** The reviver parseJson applies where it must, applied always: the reference for the keys it drops. */
const reference = (text: string) =>
  JSON.parse(text, (key, value: unknown) => {
    if (key === '__proto__') return undefined;
    if (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)
      return undefined;
    return value;
  });

/** JSON values whose keys are often the dangerous ones, nested up to 6 levels. */
const risky = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'a', 'b'), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

describe('parseJson', () => {
  it('refuses exactly the JSON that nests deeper than the bound, counting the text', () => {
    const json = fc.jsonValue({ maxDepth: 8 }).map((value) => JSON.stringify(value));
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 6 }), (text, depth) => {
        const tooDeep = nestsDeeper(text, depth);
        if (tooDeep) expect(() => parseJson(text, depth)).toThrow(`deeper than ${depth} levels`);
        // fast-check's JSON may hold a `__proto__` key, which parseJson drops (as the reference does).
        else expect(JSON.stringify(parseJson(text, depth))).toBe(JSON.stringify(reference(text)));
        expect(inspectJson(JSON.parse(text), depth) === 'too deep').toBe(tooDeep);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a hostile depth with its own error, not a stack overflow', () => {
    const arrays = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const objects = `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`;
    expect(() => parseJson(arrays, 256)).toThrow('deeper than 256 levels');
    expect(() => parseJson(objects, 256)).toThrow('deeper than 256 levels');
    expect(parseJson(`${'['.repeat(256)}${']'.repeat(256)}`, 256)).toBeInstanceOf(Array);
  });

  it('drops __proto__ keys and constructor.prototype objects at any depth, as the reviver does', () => {
    fc.assert(
      fc.property(risky, (value) => {
        const text = JSON.stringify(value);
        // JSON.stringify writes an own `__proto__` key like any other, so this compares them all.
        expect(JSON.stringify(parseJson(text))).toBe(JSON.stringify(reference(text)));
      }),
      { numRuns: 2000 },
    );
    const parsed = parseJson('{"ok":true,"x":[{"__proto__":{"polluted":1},"constructor":{"prototype":{}}}]}');
    expect(parsed).toEqual({ ok: true, x: [{}] });
    expect(Object.hasOwn((parsed as { x: object[] }).x[0] as object, '__proto__')).toBe(false);
  });

  it('throws a SyntaxError on text that is not JSON', () => {
    expect(() => parseJson('<html>[[[[')).toThrow(SyntaxError);
  });
});
