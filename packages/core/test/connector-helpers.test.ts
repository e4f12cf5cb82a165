import { withoutUndefined } from '@ldn-twin/core';
import { expect, it } from 'vitest';

it('withoutUndefined leaves out undefined values and keeps every other falsy one', () => {
  const out = withoutUndefined({ a: undefined, b: null, c: 0, d: '', e: false, f: 'x' });
  expect(out).toEqual({ b: null, c: 0, d: '', e: false, f: 'x' });
  expect('a' in out).toBe(false);
});
