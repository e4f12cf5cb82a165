import {
  createMappingSession,
  mapPage,
  OPEN_ACCESS,
  recordSchema,
  TwinRecordSchema,
  twinId,
  twinRecord,
} from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const licence = { id: 'OGL-UK-3.0', attribution: ['Contains public sector information'] };
const provenance = {
  publisher: 'data.police.uk',
  dataset: 'crimes-street',
  sourceId: undefined,
  retrievedAt: '2026-11-26T09:30:00Z',
  method: 'reported' as const,
};

describe('twinRecord', () => {
  it('fills type, id, kind, precision, recordedAt, identifiers, relations and access, and the record is valid', () => {
    const record = twinRecord('Incident', {
      id: ['police-uk', 'abc/1'],
      geometry: { type: 'Point', coordinates: [-0.1, 51.5] },
      precision: 'street',
      provenance,
      licence,
      attributes: { category: 'burglary', month: '2026-10', outcome: undefined },
    });
    expect(record).toEqual({
      type: 'Feature',
      id: twinId('Incident', 'police-uk', 'abc/1'),
      featureType: 'Incident',
      geometry: { type: 'Point', coordinates: [-0.1, 51.5] },
      time: null,
      properties: {
        kind: 'Incident',
        identifiers: [],
        recordedAt: '2026-11-26T09:30:00Z',
        locationPrecision: 'street',
        relations: [],
        provenance: {
          publisher: 'data.police.uk',
          dataset: 'crimes-street',
          retrievedAt: '2026-11-26T09:30:00Z',
          method: 'reported',
        },
        licence,
        access: OPEN_ACCESS,
        attributes: { category: 'burglary', month: '2026-10' },
      },
    });
    expect(recordSchema('Incident').safeParse(record).success).toBe(true);
  });

  it('leaves out every undefined and empty-named field, so none is present but undefined', () => {
    const record = twinRecord('Incident', {
      id: 'urn:ldntwin:incident:police-uk:1',
      name: '',
      description: undefined,
      validFrom: undefined,
      place: undefined,
      provenance,
      licence,
      attributes: { category: 'burglary', month: '2026-10', streetName: undefined },
    });
    const present = (value: object) => Object.entries(value).filter(([, v]) => v === undefined);
    expect(present(record)).toEqual([]);
    expect(present(record.properties)).toEqual([]);
    expect(present(record.properties.provenance)).toEqual([]);
    expect(present(record.properties.attributes)).toEqual([]);
    expect('name' in record.properties).toBe(false);
    expect(record.id).toBe('urn:ldntwin:incident:police-uk:1');
    expect(TwinRecordSchema.safeParse(record).success).toBe(true);
  });

  it("says 'none' whenever there is no geometry, whatever precision the mapping asked for", () => {
    const record = twinRecord('Incident', {
      id: ['police-uk', '2'],
      geometry: null,
      precision: 'street',
      provenance,
      licence,
      attributes: { category: 'burglary', month: '2026-10' },
    });
    expect(record.properties.locationPrecision).toBe('none');
    expect(record.properties.recordedAt).toBe(provenance.retrievedAt);
  });
});

describe('mapPage', () => {
  it('counts the page and maps its items, reporting a bad one', () => {
    const session = createMappingSession('test', 'op');
    let pages = 0;
    const ctx = { mapper: session.mapper, page: (n: number) => (pages += n) };
    const make = (category: string) =>
      twinRecord('Incident', {
        id: ['t', category],
        provenance,
        licence,
        attributes: { category, month: '2026-10' },
      });
    const records = [
      ...mapPage(ctx, [{ c: 'a' }, { c: 1 }, { c: 'b' }], z.object({ c: z.string() }), (r) => make(r.c)),
    ];
    expect(pages).toBe(3);
    expect(records.map((r) => r.properties.attributes.category)).toEqual(['a', 'b']);
    expect(session.report).toMatchObject({ received: 3, mapped: 2, failed: 1 });
  });
});
