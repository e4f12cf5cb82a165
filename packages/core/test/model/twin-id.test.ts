import { isTwinId, KINDS, kindFromKebab, kindToKebab, parseTwinId, twinId } from '@ldn-twin/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const kind = fc.constantFrom(...KINDS);
const part = fc.string({ unit: 'binary', minLength: 1, maxLength: 20 });
const awkward = fc.string({
  unit: fc.constantFrom(':', '%', '/', 'a', '2', 'F', ' ', '#'),
  minLength: 1,
  maxLength: 8,
});

describe('twinId', () => {
  it('writes urn:ldntwin:<kind-kebab>:<namespace>:<local>', () => {
    expect(twinId('AdministrativeArea', 'gss', 'E09000022')).toBe(
      'urn:ldntwin:administrative-area:gss:E09000022',
    );
    expect(twinId('PlanningApplication', 'lpa-lambeth', '24/01234/FUL')).toBe(
      'urn:ldntwin:planning-application:lpa-lambeth:24%2F01234%2FFUL',
    );
  });

  it('percent-encodes so that shifting a colon between the parts changes the id', () => {
    expect(twinId('Building', 'a:b', 'c')).not.toBe(twinId('Building', 'a', 'b:c'));
    expect(twinId('Building', 'a%3Ab', 'c')).not.toBe(twinId('Building', 'a:b', 'c'));
  });

  it('refuses empty parts and lone surrogates', () => {
    expect(() => twinId('Building', '', 'x')).toThrow(TypeError);
    expect(() => twinId('Building', 'uprn', '')).toThrow(TypeError);
    expect(() => twinId('Building', 'uprn', '\uD800')).toThrow(TypeError);
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(kind, part, part, (k, ns, local) => {
        const first = twinId(k, ns, local);
        expect(twinId(k, `${ns}`, `${local}`)).toBe(first);
      }),
    );
  });

  it('round-trips through parseTwinId', () => {
    fc.assert(
      fc.property(kind, fc.oneof(part, awkward), fc.oneof(part, awkward), (k, namespace, local) => {
        const id = twinId(k, namespace, local);
        expect(isTwinId(id)).toBe(true);
        expect(parseTwinId(id)).toEqual({ kind: k, namespace, local });
      }),
    );
  });

  it('never collides: different inputs, different ids (kinds included)', () => {
    const input = fc.tuple(kind, fc.oneof(part, awkward), fc.oneof(part, awkward));
    fc.assert(
      fc.property(input, input, (a, b) => {
        fc.pre(a.join('\u0000') !== b.join('\u0000'));
        expect(twinId(...a)).not.toBe(twinId(...b));
      }),
    );
  });

  it('maps every kind to a distinct kebab form and back', () => {
    const kebabs = KINDS.map(kindToKebab);
    expect(new Set(kebabs).size).toBe(KINDS.length);
    for (const k of KINDS) expect(kindFromKebab(kindToKebab(k))).toBe(k);
    expect(kindToKebab('TransportDisruption')).toBe('transport-disruption');
  });
});

describe('parseTwinId', () => {
  it.each([
    'urn:ldntwin:castle:x:y',
    'urn:ldntwin:building:uprn',
    'urn:ldntwin:building:uprn:1:2',
    'urn:other:building:uprn:1',
    'urn:ldntwin:building:uprn:%FF',
    'urn:ldntwin:building:uprn:%41',
    'urn:ldntwin:building:uprn:%2f',
  ])('rejects %s', (id) => {
    expect(parseTwinId(id)).toBeUndefined();
  });
});
