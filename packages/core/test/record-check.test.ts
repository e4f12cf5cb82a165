import {
  createMappingSession,
  hotSchema,
  IsoInstantSchema,
  TwinRecordSchema,
  twinRecord,
} from '@ldn-twin/core';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createRecordCheck } from '../src/model/record-check.js';

const licence = { id: 'OGL-UK-3.0', attribution: ['Contains public sector information'] };
const base = () =>
  twinRecord('PlanningConstraint', {
    id: ['planning-data', '44006852'],
    geometry: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [-0.12, 51.49],
            [-0.11, 51.49],
            [-0.11, 51.5],
            [-0.12, 51.49],
          ],
        ],
      ],
    },
    time: { interval: ['2001-11-26', '..'] },
    name: 'Albert Embankment',
    identifiers: [{ scheme: 'planning-entity', value: '44006852', issuer: 'planning.data.gov.uk' }],
    validFrom: '2001-11-26',
    recordedAt: '2022-01-19',
    relations: [{ rel: 'withinArea', target: 'urn:ldntwin:administrative-area:gss:E09000022' }],
    provenance: {
      publisher: 'MHCLG',
      dataset: 'conservation-area',
      sourceUrl: 'https://www.planning.data.gov.uk/entity/44006852',
      retrievedAt: '2026-11-26T09:30:00Z',
      method: 'reported',
    },
    licence,
    attributes: {
      dataset: 'conservation-area',
      constraintType: 'conservation-area',
      reference: 'CA57',
      extra: {},
    },
  });

// biome-ignore lint/suspicious/noExplicitAny: each mutation reaches into the record freely
type Mutable = Record<string, any>;
/** Each changes one thing of a valid record; the fast path must agree with the schema on all. */
const MUTATIONS: [string, (r: Mutable) => void][] = [
  ['nothing', () => {}],
  ['latitude out of range', (r) => (r.geometry.coordinates[0][0][1] = [-0.11, 90.5])],
  ['longitude at the bound', (r) => (r.geometry.coordinates[0][0][1] = [180, -90])],
  ['a NaN coordinate', (r) => (r.geometry.coordinates[0][0][1] = [Number.NaN, 51])],
  ['an infinite height', (r) => (r.geometry.coordinates[0][0][1] = [-0.11, 51, Number.POSITIVE_INFINITY])],
  ['a height', (r) => (r.geometry.coordinates[0][0][1] = [-0.11, 51, 12])],
  ['a ring of three', (r) => r.geometry.coordinates[0][0].splice(1, 1)],
  [
    'a hole in a ring',
    (r) => {
      const ring = r.geometry.coordinates[0][0];
      delete ring[1];
    },
  ],
  ['a bbox', (r) => (r.geometry.bbox = [-0.12, 51.49, -0.11, 51.5])],
  ['a bad bbox', (r) => (r.geometry.bbox = [-0.12, 51.49])],
  ['a point', (r) => (r.geometry = { type: 'Point', coordinates: [-0.1, 51.5] })],
  ['a one-position line', (r) => (r.geometry = { type: 'LineString', coordinates: [[-0.1, 51.5]] })],
  [
    'a nested collection',
    (r) =>
      (r.geometry = {
        type: 'GeometryCollection',
        geometries: [{ type: 'GeometryCollection', geometries: [] }],
      }),
  ],
  ['an unknown geometry type', (r) => (r.geometry = { type: 'Circle', coordinates: [0, 0] })],
  ['no geometry, precision exact', (r) => (r.geometry = null)],
  [
    'no geometry, precision none',
    (r) => {
      r.geometry = null;
      r.properties.locationPrecision = 'none';
    },
  ],
  ['an unknown precision', (r) => (r.properties.locationPrecision = 'nearby')],
  ['a three-ended interval', (r) => (r.time = { interval: ['2001-11-26', '..', '..'] })],
  ['an impossible date', (r) => (r.time = { interval: ['2023-02-29', '..'] })],
  ['a leap day', (r) => (r.time = { interval: ['2024-02-29', '..'] })],
  ['an empty time', (r) => (r.time = {})],
  ['a zoneless timestamp', (r) => (r.time = { timestamp: '2026-11-26T09:30:00' })],
  ['no time key', (r) => delete r.time],
  ['an unknown record key', (r) => (r.extra = 1)],
  ['a place without coordRefSys', (r) => (r.place = r.geometry)],
  ['an id of another kind', (r) => (r.id = 'urn:ldntwin:building:planning-data:44006852')],
  ['a kind that is not the featureType', (r) => (r.properties.kind = 'Building')],
  ['an empty name', (r) => (r.properties.name = '')],
  ['an unknown property', (r) => (r.properties.colour = 'red')],
  ['a date-time recordedAt', (r) => (r.properties.recordedAt = '2026-11-26T09:30:00.5+01:00')],
  ['a zoneless recordedAt', (r) => (r.properties.recordedAt = '2026-11-26T09:30:00')],
  ['validTo before validFrom', (r) => (r.properties.validTo = '2001-01-01')],
  ['validTo after validFrom', (r) => (r.properties.validTo = '2031-01-01')],
  ['an empty identifier', (r) => (r.properties.identifiers[0].value = '')],
  ['an unknown scheme', (r) => (r.properties.identifiers[0].scheme = 'isbn')],
  ['a relation to a non-URN', (r) => (r.properties.relations[0].target = 'E09000022')],
  ['a simulated record without scenario', (r) => (r.properties.provenance.method = 'simulated')],
  [
    'a simulated record with its scenario',
    (r) => {
      r.properties.provenance.method = 'simulated';
      r.properties.scenario = { runId: 'run-1', scenario: 'baseline' };
    },
  ],
  ['a scenario on a reported record', (r) => (r.properties.scenario = { runId: 'run-1', scenario: 'b' })],
  ['a relative source URL', (r) => (r.properties.provenance.sourceUrl = '/entity/44006852')],
  ['a source URL that is a number', (r) => (r.properties.provenance.sourceUrl = 44006852)],
  ['a source URL in spaces', (r) => (r.properties.provenance.sourceUrl = ' https://x.test/e/1 ')],
  ['a source URL with a space in its host', (r) => (r.properties.provenance.sourceUrl = 'https://x .test/')],
  ['an attribute of the wrong type', (r) => (r.properties.attributes.reference = 57)],
  ['an unknown attribute', (r) => (r.properties.attributes.colour = 'red')],
  ['an unknown provenance key', (r) => (r.properties.provenance.note = 'x')],
  ['a licence without attribution', (r) => (r.properties.licence = { id: 'OGL-UK-3.0' })],
  ['a secret access label', (r) => (r.properties.access = { classification: 'secret' })],
  ['an unknown access classification', (r) => (r.properties.access = { classification: 'public' })],
  ['a bad dataset attribute', (r) => (r.properties.attributes.dataset = 'Conservation Area')],
  ['no attributes', (r) => delete r.properties.attributes],
  [
    'extra columns of text',
    (r) => (r.properties.attributes.extra = { 'walls-description': 'Solid brick', a: '' }),
  ],
  ['an extra column that is a number', (r) => (r.properties.attributes.extra = { a: 'x', b: 7 })],
  ['an extra column that is an object', (r) => (r.properties.attributes.extra = { a: { b: 'c' } })],
  ['no extra (required here)', (r) => delete r.properties.attributes.extra],
  ['an undefined extra', (r) => (r.properties.attributes.extra = undefined)],
  ['a null extra', (r) => (r.properties.attributes.extra = null)],
  ['an array for extra', (r) => (r.properties.attributes.extra = ['a'])],
  ['an extra with a symbol key', (r) => (r.properties.attributes.extra = { a: 'x', [Symbol('s')]: 'y' })],
  [
    'an extra with a hidden number',
    (r) =>
      (r.properties.attributes.extra = Object.defineProperty({ a: 'x' }, 'b', {
        value: 7,
        enumerable: false,
      })),
  ],
  [
    'an extra without a prototype',
    (r) => (r.properties.attributes.extra = Object.assign(Object.create(null), { a: 'x' })),
  ],
];

/**
 * The compiler loads on first need (a runtime import, which takes longer on a loaded machine): waits
 * until a schema of its own comes back compiled.
 */
async function compilerLoaded(): Promise<void> {
  const warm = z.object({ warm: z.boolean() });
  for (let i = 0; i < 1000; i += 1) hotSchema(warm);
  await vi.waitFor(() => expect(hotSchema(warm)).not.toBe(warm), { timeout: 4000 });
}

describe('createRecordCheck', () => {
  it.each(MUTATIONS)('agrees with TwinRecordSchema on %s', (_, mutate) => {
    const record = base() as Mutable;
    mutate(record);
    const check = createRecordCheck();
    expect(check(record).success).toBe(TwinRecordSchema.safeParse(record).success);
    // Twice: the second time the licence and access label come from the run's cache.
    expect(check(record).success).toBe(TwinRecordSchema.safeParse(record).success);
  });

  it.each(MUTATIONS)(
    'agrees with TwinRecordSchema on %s once the attribute schema is compiled',
    async (_, mutate) => {
      // Past the compile threshold, with the compiler loaded: the attributes are checked compiled.
      const check = createRecordCheck();
      await compilerLoaded();
      for (let i = 0; i < 1001; i += 1) check(base());
      for (let i = 0; i < 10; i += 1) check(base());
      const record = base() as Mutable;
      mutate(record);
      expect(check(record).success).toBe(TwinRecordSchema.safeParse(record).success);
    },
  );

  it('reports the schema issues of a record it rejects', () => {
    const record = base() as Mutable;
    record.properties.recordedAt = 'yesterday';
    const result = createRecordCheck()(record);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]?.path).toEqual(['properties', 'recordedAt']);
  });
});

describe('IsoInstantSchema', () => {
  // The order before (date-time first): the same members, so the same accepted set.
  const before = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
  it.each([
    '2026-11-26',
    '2024-02-29',
    '2023-02-29',
    '2100-02-29',
    '2000-02-29',
    '2026-13-01',
    '2026-04-31',
    '2026-11-26T09:30:00Z',
    '2026-11-26T09:30:00.123456Z',
    '2026-11-26T09:30:00+00:00',
    '2026-11-26T09:30:00-23:59',
    '2026-11-26T09:30:00+24:00',
    '2026-11-26T09:30Z',
    '2026-11-26T09:30:00',
    '2026-11-26T24:00:00Z',
    '2026-11-26t09:30:00z',
    '2026-11-26 09:30:00Z',
    '20261126',
    '',
    '..',
  ])('accepts %j exactly when it did before', (value) => {
    expect(IsoInstantSchema.safeParse(value).success).toBe(before.safeParse(value).success);
  });
});

describe('a mapping session past the compile threshold', () => {
  it('keeps received = mapped + failed, with the same issues, once the schema is compiled', async () => {
    await compilerLoaded();
    // A schema of its own, so this test sees it compiled after 1,000 items whatever ran before.
    const Item = z.object({ n: z.number().int(), date: z.iso.date().optional() });
    const items = Array.from({ length: 3000 }, (_, i) =>
      i % 7 === 0 ? { n: 'x' } : i % 11 === 0 ? { n: i, date: '2023-02-29' } : { n: i },
    );
    const session = createMappingSession('test', 'compiled');
    const records = [
      ...session.mapper.each(items, Item, (item) =>
        twinRecord('Dataset', {
          id: ['test', String(item.n)],
          provenance: { publisher: 'p', dataset: 'd', retrievedAt: '2026-11-26', method: 'reported' },
          licence,
          attributes: { landingPage: 'https://example.org/' },
        }),
      ),
    ];
    const bad = items.filter((_, i) => i % 7 === 0 || i % 11 === 0).length;
    const { received, mapped, failed } = session.report;
    expect(received).toBe(3000);
    expect(failed).toBe(bad);
    expect(mapped).toBe(3000 - bad);
    expect(records).toHaveLength(mapped);
    // An issue after the threshold reads as one before it.
    const early = session.report.issues.find((i) => i.index === 7);
    const late = session.report.issues.find((i) => i.index === 2996);
    expect(late?.message).toBe(early?.message);
    expect(late?.stage).toBe('parse');
    // In Node the compiled clone is what ran after the threshold.
    expect(hotSchema(Item)).not.toBe(Item);
  });
});
