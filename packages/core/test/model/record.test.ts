import {
  ATTRIBUTE_SCHEMAS,
  KINDS,
  type Kind,
  parseTwinRecord,
  recordSchema,
  SchemaError,
  type TwinRecord,
  type TwinRecordOf,
  TwinRecordSchema,
  twinId,
} from '@ldn-twin/core';
import type { Feature, Geometry } from 'geojson';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { copy, floodDepth, listedBuilding, no2, samples, waterMain } from './fixtures.js';

/** The issue paths of a failed parse, as dotted strings. */
function issuePaths(value: unknown): string[] {
  const result = TwinRecordSchema.safeParse(value);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
}

const minimalAttributes: Record<Kind, unknown> = {
  ...Object.fromEntries(KINDS.map((kind) => [kind, {}])),
  AdministrativeArea: { areaType: 'borough', code: 'E09000022', extra: {} },
  PlanningApplication: { reference: '24/01234/FUL', authority: 'E09000022' },
  PlanningConstraint: listedBuilding.properties.attributes,
  Observation: no2.properties.attributes,
} as Record<Kind, unknown>;

function minimalRecord(kind: Kind) {
  return {
    type: 'Feature',
    id: twinId(kind, 'test', 'one'),
    featureType: kind,
    geometry: null,
    time: null,
    properties: {
      kind,
      identifiers: [],
      recordedAt: '2026-11-26T09:30:00Z',
      locationPrecision: 'none',
      relations: [],
      provenance: { publisher: 'p', dataset: 'd', retrievedAt: '2026-11-26', method: 'reported' },
      licence: { id: 'OGL-UK-3.0', attribution: [] },
      access: { classification: 'open' },
      attributes: minimalAttributes[kind],
    },
  };
}

describe('valid records', () => {
  it.each(samples.map((record) => [record.featureType, record] as const))(
    'a %s sample parses unchanged',
    (_, record) => {
      expect(TwinRecordSchema.parse(copy(record))).toEqual(record);
    },
  );

  it.each(KINDS.map((kind) => [kind]))('a minimal %s record parses with both schemas', (kind) => {
    const record = minimalRecord(kind);
    expect(TwinRecordSchema.safeParse(record).success).toBe(true);
    expect(recordSchema(kind).safeParse(record).success).toBe(true);
  });

  it('has an attributes schema for every kind and nothing else', () => {
    expect(Object.keys(ATTRIBUTE_SCHEMAS).sort()).toEqual([...KINDS].sort());
  });

  it('rejects unknown attributes on kinds with a known shape (they belong in extra)', () => {
    const main = copy(waterMain);
    (main.properties.attributes as Record<string, unknown>).pressureBar = 3;
    expect(issuePaths(main)).toContain('properties.attributes');
    const strict = copy(listedBuilding);
    (strict.properties.attributes as Record<string, unknown>)['listed-building-grade'] = 'I';
    expect(issuePaths(strict)).toContain('properties.attributes');
  });

  it('keeps unknown attributes only on the kinds documented as open', () => {
    // Dataset: every catalogue has fields of its own; InfrastructureProject and SimulationRun: no
    // connector yet to show their shape. Any other kind accepting unknown keys is a regression.
    const open = KINDS.filter((kind) => {
      const attributes = { ...(minimalAttributes[kind] as object), notAField: 'x' };
      return ATTRIBUTE_SCHEMAS[kind].safeParse(attributes).success;
    });
    expect(open).toEqual(['InfrastructureProject', 'SimulationRun', 'Dataset']);
    const run = copy(minimalRecord('SimulationRun'));
    (run.properties.attributes as Record<string, unknown>).rainfallMm = 80;
    expect(TwinRecordSchema.parse(run).properties.attributes).toMatchObject({ rainfallMm: 80 });
  });

  it('types records as GeoJSON features', () => {
    const feature: Feature<Geometry | null> = listedBuilding satisfies TwinRecord;
    expect(feature.type).toBe('Feature');
    expectTypeOf<TwinRecordOf<'PlanningConstraint'>['properties']['attributes']['grade']>().toEqualTypeOf<
      string | undefined
    >();
  });
});

describe('invalid records give issues', () => {
  it('rejects a record without licence', () => {
    const record = copy(listedBuilding) as { properties: Record<string, unknown> };
    delete record.properties.licence;
    expect(issuePaths(record)).toContain('properties.licence');
  });

  it('rejects a record without access label: open is never a default', () => {
    const record = copy(no2) as { properties: Record<string, unknown> };
    delete record.properties.access;
    expect(issuePaths(record)).toContain('properties.access');
  });

  it('rejects a simulated record without scenario', () => {
    const record = copy(floodDepth) as { properties: Record<string, unknown> };
    delete record.properties.scenario;
    expect(issuePaths(record)).toContain('properties.scenario');
    const result = TwinRecordSchema.safeParse(record);
    expect(result.error?.issues).toContainEqual(
      expect.objectContaining({
        code: 'custom',
        path: ['properties', 'scenario'],
        message: 'a simulated record must name its run and scenario',
      }),
    );
  });

  it('rejects a scenario on a record that is not simulated: no simulated output passes as an observation', () => {
    const record = copy(no2);
    Object.assign(record.properties, { scenario: { runId: 'run-42', scenario: 'baseline' } });
    expect(issuePaths(record)).toContain('properties.scenario');
  });

  it.each([
    ['not a urn', 'lambeth-palace'],
    ['the id of another kind', twinId('Building', 'planning-entity', '31479426')],
    ['a raw colon in the local part', 'urn:ldntwin:planning-constraint:planning-entity:a:b'],
    ['a missing local part', 'urn:ldntwin:planning-constraint:planning-entity'],
  ])('rejects an id that is %s', (_, id) => {
    expect(issuePaths({ ...copy(listedBuilding), id })).toContain('id');
  });

  it('rejects British National Grid coordinates in geometry (WGS 84 only)', () => {
    const record = { ...copy(listedBuilding), geometry: { type: 'Point', coordinates: [530600, 179100] } };
    expect(issuePaths(record).some((path) => path.startsWith('geometry'))).toBe(true);
  });

  it('rejects place without coordRefSys', () => {
    const { coordRefSys: _, ...record } = copy(listedBuilding);
    expect(issuePaths(record)).toContain('coordRefSys');
  });

  it('rejects a featureType that disagrees with kind', () => {
    const record = copy(listedBuilding);
    Object.assign(record.properties, { kind: 'Building' });
    expect(issuePaths(record)).toContain('properties.kind');
  });

  it('rejects an unknown kind', () => {
    expect(issuePaths({ ...copy(listedBuilding), featureType: 'Castle' })).toContain('featureType');
  });

  it('ties locationPrecision none to a null geometry', () => {
    expect(issuePaths({ ...copy(listedBuilding), geometry: null })).toContain('properties.locationPrecision');
    const record = copy(no2);
    record.properties.locationPrecision = 'none';
    expect(issuePaths(record)).toContain('properties.locationPrecision');
  });

  it('rejects validTo before validFrom and malformed dates', () => {
    const backwards = copy(listedBuilding);
    backwards.properties.validTo = '1900-01-01';
    expect(issuePaths(backwards)).toContain('properties.validTo');
    const malformed = copy(listedBuilding);
    malformed.properties.recordedAt = '01/03/2024';
    expect(issuePaths(malformed)).toContain('properties.recordedAt');
  });

  it('rejects an empty JSON-FG time and an unknown classification', () => {
    expect(issuePaths({ ...copy(listedBuilding), time: {} })).toContain('time');
    const record = copy(listedBuilding);
    Object.assign(record.properties.access, { classification: 'top-secret' });
    expect(issuePaths(record)).toContain('properties.access.classification');
  });
});

describe('parseTwinRecord', () => {
  it('returns a typed record or throws a SchemaError with the issues', () => {
    expect(parseTwinRecord(copy(listedBuilding), 'PlanningConstraint').properties.attributes.grade).toBe('I');
    expect(parseTwinRecord(copy(no2)).id).toBe(no2.id);
    expect(() => parseTwinRecord(copy(no2), 'PlanningConstraint')).toThrow(SchemaError);
    expect(() => parseTwinRecord({ ...copy(no2), id: 'x' }, 'Observation', 'laqn map')).toThrow(
      /^laqn map: unexpected shape at id/,
    );
  });
});
