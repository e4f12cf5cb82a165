/*
 * The fast path of RawEntity (src/planning-data/fast-entity.ts) must give exactly what the schema
 * gives, or nothing: a property-based test (fast-check) against RawEntity itself, on entities mixing
 * good values, blanks, nulls, bad values and values of other types in every field, compared key by
 * key in order. REAL: the recorded Lambeth entities as bases.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entityFields } from '../src/planning-data/fast-entity.js';
import { RawEntity } from '../src/planning-data/raw.js';

const real = (
  JSON.parse(
    readFileSync(
      new URL('./fixtures/planning-data/planningdata-entity-json-lambeth-point.json', import.meta.url),
      'utf8',
    ),
  ) as { entities: Record<string, unknown>[] }
).entities;

const blank = fc.constantFrom(undefined, null, '', '  ');
const other = fc.constantFrom(true, {}, ['x'], Number.NaN, Number.POSITIVE_INFINITY);
/** Accepted values, blanks, then (when not `good`) refused values and other types. */
const field = (accepted: unknown[], refused: unknown[], good: boolean) =>
  good
    ? fc.oneof({ arbitrary: fc.constantFrom(...accepted), weight: 12 }, { arbitrary: blank, weight: 2 })
    : fc.oneof(
        { arbitrary: fc.constantFrom(...accepted, ...refused), weight: 12 },
        { arbitrary: blank, weight: 3 },
        { arbitrary: other, weight: 1 },
      );
const TEXT = ['Albert Embankment', ' CA57 ', 'statistical-geography'];
const NUMBER = [44006852, '44006852', ' 12 ', 0, 2.5, '1e3'];
const DATE = ['2001-11-26', ' 2022-01-19 '];
const entity = (good: boolean) =>
  fc.record(
    {
      entity: good ? fc.constantFrom(...NUMBER) : field(NUMBER, ['n/a'], false),
      name: field(TEXT, [7], good),
      dataset: good
        ? fc.constantFrom('conservation-area', 'local-planning-authority')
        : field(['conservation-area'], ['', ' '], false),
      typology: field(TEXT, [], good),
      reference: field(TEXT, [], good),
      prefix: field(TEXT, [], good),
      'organisation-entity': field(NUMBER, ['sixteen'], good),
      'entry-date': field(DATE, ['2022-01-19T10:00:00Z', '2023-02-29', '19/01/2022'], good),
      'start-date': field(DATE, ['2001-11-26T00:00:00+01:00', 'soon'], good),
      'end-date': field(DATE, ['2001-13-01'], good),
      geometry: field(['MULTIPOLYGON (((-0.12 51.49, -0.11 51.49, -0.11 51.5, -0.12 51.49)))'], [], good),
      point: field(['POINT (-0.12 51.49)'], [], good),
      quality: field(TEXT, [], good),
      'designation-date': field(DATE, [5], good),
      notes: fc.constantFrom('', 'a note', null, 3),
    },
    { requiredKeys: [] },
  );
const entities = fc.oneof(entity(true), entity(false)).chain((e) =>
  fc.oneof(
    fc.constant(e),
    fc.constantFrom(...real).map((r) => ({ ...r, ...e })),
    fc
      .shuffledSubarray(Object.keys(e), { minLength: Object.keys(e).length })
      .map((keys) => Object.fromEntries(keys.map((k) => [k, e[k as keyof typeof e]]))),
  ),
);

const entries = (value: unknown) => (value === undefined ? undefined : Object.entries(value as object));

describe('planning-data fast entity path', () => {
  it('gives what RawEntity gives, or declines', () => {
    let taken = 0;
    fc.assert(
      fc.property(
        fc.oneof(entities, fc.constantFrom(null, 'entity', [real[0]], Object.create({ entity: 1 }))),
        (raw) => {
          const fast = entityFields(raw);
          if (fast === undefined) return;
          taken += 1;
          const schema = RawEntity.safeParse(raw);
          expect(schema.success).toBe(true);
          expect(entries(fast)).toEqual(entries(schema.data));
        },
      ),
      { numRuns: 3000 },
    );
    // The fast path takes the plainly good entities, often enough to mean something.
    expect(taken).toBeGreaterThan(300);
    for (const r of real) expect(entries(entityFields(r))).toEqual(entries(RawEntity.parse(r)));
  });
});
