import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan } from '../../src/http/client.js';

/** The character-by-character scan the string-skipping one replaced: the reference. */
function reference(text: string, maxDepth: number): boolean {
  if (text.length <= maxDepth * 2) return false;
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

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not brackets inside strings', () => {
    expect(nestsDeeperThan(`${'['.repeat(6)}${']'.repeat(6)}`, 5)).toBe(true);
    expect(nestsDeeperThan(`[[[[["${'['.repeat(20)}"]]]]]`, 5)).toBe(false);
    expect(nestsDeeperThan(`[[[[["\\\\"${'['.repeat(6)}`, 5)).toBe(true);
    expect(nestsDeeperThan(`[[[[["\\"${'['.repeat(20)}"]]]]]`, 5)).toBe(false);
  });

  it('agrees with the character-by-character scan on any JSON and any text', () => {
    const json = fc.jsonValue({ maxDepth: 8 }).map((value) => JSON.stringify(value));
    const jsonish = fc.string({
      unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', ',', ':'),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.oneof(json, jsonish), fc.integer({ min: 0, max: 6 }), (text, depth) => {
        expect(nestsDeeperThan(text, depth)).toBe(reference(text, depth));
      }),
      { numRuns: 2000 },
    );
  });
});
