import {
  type AccessLabel,
  createMappingSession,
  ERG_LAQN_POLICY,
  mapPage,
  OGL_V3_POLICY,
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
        access: { classification: 'open', policies: [OGL_V3_POLICY.uid] },
        attributes: { category: 'burglary', month: '2026-10' },
      },
    });
    expect(recordSchema('Incident').safeParse(record).success).toBe(true);
  });

  it("references its licence's policy unless the label names its own, and keeps a licence without one bare", () => {
    const make = (id: string, access?: Parameters<typeof twinRecord>[1]['access']) =>
      twinRecord('Incident', {
        id: ['police-uk', id],
        provenance,
        licence: { id, attribution: ['Example'] },
        ...(access ? { access } : {}),
        attributes: { category: 'burglary', month: '2026-10' },
      }).properties.access;
    expect(make('OGL-UK-2.0').policies).toEqual([
      'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/',
    ]);
    expect(make('CC-BY-4.0').policies).toEqual(['https://creativecommons.org/licenses/by/4.0/']);
    expect(make('LicenseRef-TfL-Open-Data').policies).toEqual(['urn:ldn-twin:policy:tfl-open-data']);
    // A label of the mapping's own keeps its classification and gains the policy...
    expect(make('OGL-UK-3.0', { classification: 'official', permittedGroups: ['g'] })).toEqual({
      classification: 'official',
      permittedGroups: ['g'],
      policies: [OGL_V3_POLICY.uid],
    });
    // ...unless it names policies, which are kept as they are.
    const erg: AccessLabel = { classification: 'open', policies: [ERG_LAQN_POLICY.uid] };
    expect(make('OGL-UK-2.0', erg)).toBe(erg);
    // No shipped policy for these: the label is left as it was, never given a policy by a prefix.
    expect(make('OGL-UK-1.0')).toBe(OPEN_ACCESS);
    expect(make('toString')).toBe(OPEN_ACCESS);
    expect(make('LicenseRef-OS-NGD')).toBe(OPEN_ACCESS);
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

  it('uses attributes and provenance without undefined values as given, and copies the others without touching them', () => {
    const attributes = { category: 'burglary', month: '2026-10' };
    const clean = {
      publisher: 'data.police.uk',
      dataset: 'crimes-street',
      retrievedAt: '2026-11-26T09:30:00Z',
      method: 'reported' as const,
    };
    const withHole = { category: 'burglary', month: '2026-10', streetName: undefined };
    const sourced = { ...clean, sourceUrl: undefined };
    const given = twinRecord('Incident', { id: ['police-uk', '3'], provenance: clean, licence, attributes });
    expect(given.properties.attributes).toBe(attributes);
    expect(given.properties.provenance).toBe(clean);
    const copied = twinRecord('Incident', {
      id: ['police-uk', '4'],
      provenance: sourced,
      licence,
      attributes: withHole,
    });
    expect(copied.properties.attributes).toEqual(attributes);
    expect(copied.properties.provenance).toEqual(clean);
    expect('sourceUrl' in copied.properties.provenance).toBe(false);
    expect('streetName' in withHole && 'sourceUrl' in sourced).toBe(true);
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
