import {
  type AccessLabel,
  attributions,
  CLASSIFICATIONS,
  canSee,
  combineAccess,
  derivedTrust,
  filterForAudience,
  PUBLIC_AUDIENCE,
} from '@ldn-twin/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  engineerTerms,
  HE_ATTRIBUTION,
  listedBuilding,
  no2,
  OGL_ATTRIBUTION,
  samples,
  waterMain,
} from './fixtures.js';

const label: fc.Arbitrary<AccessLabel> = fc.record(
  {
    classification: fc.constantFrom(...CLASSIFICATIONS),
    permittedOrganisations: fc.array(fc.constantFrom('tfl', 'lambeth', 'thames-water'), { maxLength: 3 }),
    permittedGroups: fc.array(fc.constantFrom('dig-once', 'emergency'), { maxLength: 2 }),
  },
  { requiredKeys: ['classification'] },
);
const audience = fc.record(
  {
    clearance: fc.constantFrom(...CLASSIFICATIONS),
    organisation: fc.constantFrom('tfl', 'lambeth', 'thames-water'),
    groups: fc.array(fc.constantFrom('dig-once', 'emergency'), { maxLength: 2 }),
  },
  { requiredKeys: ['clearance'] },
);

describe('attributions', () => {
  it('lists distinct statements in first-seen order', () => {
    expect(attributions([listedBuilding, no2, listedBuilding])).toEqual([
      HE_ATTRIBUTION,
      OGL_ATTRIBUTION,
      'London Air Quality Network, Imperial College London',
    ]);
    expect(attributions([])).toEqual([]);
  });
});

describe('combineAccess', () => {
  it('takes the highest classification, intersects restrictions and keeps every policy', () => {
    expect(
      combineAccess([
        { classification: 'open', policies: ['https://example.org/a'] },
        { classification: 'official', permittedOrganisations: ['tfl', 'thames-water'] },
        { classification: 'official-sensitive', permittedOrganisations: ['thames-water', 'lambeth'] },
        { classification: 'open', permittedGroups: ['dig-once'], policies: ['https://example.org/b'] },
      ]),
    ).toEqual({
      classification: 'official-sensitive',
      permittedOrganisations: ['thames-water'],
      permittedGroups: ['dig-once'],
      policies: ['https://example.org/a', 'https://example.org/b'],
    });
  });

  it('permits nobody when restrictions do not overlap, and refuses to invent a label from nothing', () => {
    const combined = combineAccess([
      { classification: 'official', permittedOrganisations: ['tfl'] },
      { classification: 'official', permittedOrganisations: ['lambeth'] },
    ]);
    expect(combined.permittedOrganisations).toEqual([]);
    expect(canSee(combined, { clearance: 'secret', organisation: 'tfl' })).toBe(false);
    expect(() => combineAccess([])).toThrow(RangeError);
  });

  it('never lets anyone see the combination who cannot see every input', () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 4 }), audience, (labels, viewer) => {
        if (canSee(combineAccess(labels), viewer)) {
          for (const input of labels) expect(canSee(input, viewer)).toBe(true);
        }
      }),
    );
  });
});

describe('canSee and filterForAudience', () => {
  it('needs clearance, a permitted organisation and a permitted group', () => {
    const label: AccessLabel = {
      classification: 'official',
      permittedOrganisations: ['tfl'],
      permittedGroups: ['dig-once'],
    };
    expect(canSee(label, { clearance: 'official', organisation: 'tfl', groups: ['dig-once'] })).toBe(true);
    expect(canSee(label, { clearance: 'open', organisation: 'tfl', groups: ['dig-once'] })).toBe(false);
    expect(canSee(label, { clearance: 'secret', organisation: 'lambeth', groups: ['dig-once'] })).toBe(false);
    expect(canSee(label, { clearance: 'secret', organisation: 'tfl' })).toBe(false);
  });

  it('never shows a restricted record to the public', () => {
    expect(filterForAudience(samples, PUBLIC_AUDIENCE)).not.toContain(waterMain);
    expect(filterForAudience(samples, PUBLIC_AUDIENCE)).toHaveLength(samples.length - 1);
    fc.assert(
      fc.property(label, (l) => {
        const restricted =
          l.classification !== 'open' ||
          l.permittedOrganisations !== undefined ||
          l.permittedGroups !== undefined;
        expect(canSee(l, PUBLIC_AUDIENCE)).toBe(!restricted);
      }),
    );
  });

  it('shows the restricted record to a cleared, permitted organisation', () => {
    const { party, registry } = engineerTerms;
    expect(filterForAudience(samples, party, { registry })).toEqual(samples);
  });

  it('filters an async stream as it flows', async () => {
    async function* stream() {
      yield* samples;
    }
    const seen = [];
    for await (const record of filterForAudience(stream(), PUBLIC_AUDIENCE)) seen.push(record.id);
    expect(seen).not.toContain(waterMain.id);
    expect(seen).toHaveLength(samples.length - 1);
  });
});

describe('derivedTrust', () => {
  it('inherits the most restrictive label and every attribution', () => {
    expect(derivedTrust([listedBuilding, waterMain])).toEqual({
      access: waterMain.properties.access,
      attribution: [HE_ATTRIBUTION, OGL_ATTRIBUTION, '© Thames Water'],
      licenceIds: ['OGL-UK-3.0', 'LicenceRef-NUAR'],
    });
  });
});
