/**
 * ODRL policies hold through a question: a record whose terms do not permit the audience's purpose
 * is withheld from the report, and the report says which policy withheld it and why.
 */
import {
  EXAMPLE_SHARED_ASSETS_POLICY,
  LONDON_POLICIES,
  OGL_V3_URL,
  policyRegistry,
  type TwinRecord,
  twinRecord,
} from '@ldn-twin/core';
import { askAll, buildReport } from '@ldn-twin/questions';
import { describe, expect, it } from 'vitest';

const RESEARCH_ONLY = {
  uid: 'https://example.org/policy/research-only',
  permission: [
    { action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] },
  ],
};
const policies = policyRegistry([...LONDON_POLICIES, RESEARCH_ONLY, EXAMPLE_SHARED_ASSETS_POLICY]);

function facility(local: string, policy: string, attribution: string): TwinRecord {
  return twinRecord('Facility', {
    id: ['test', local],
    geometry: { type: 'Point', coordinates: [-0.12, 51.5] },
    name: local,
    provenance: {
      publisher: 'Test',
      dataset: 'facilities',
      retrievedAt: '2026-12-01T00:00:00Z',
      method: 'reported',
    },
    licence: { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: [attribution] },
    access: { classification: 'open', policies: [policy] },
    attributes: {},
  } as Parameters<typeof twinRecord<'Facility'>>[1]);
}

const open = facility(
  'open',
  OGL_V3_URL,
  'Contains public sector information licensed under the Open Government Licence v3.0.',
);
const research = facility('research', RESEARCH_ONLY.uid, '© Research Data Ltd');
const sources = [{ source: 'facilities you hold', run: async () => [open, research] }];

describe('question reports honour ODRL policies', () => {
  it('withholds a record whose purpose constraint the audience does not meet, with the reason', async () => {
    const asked = await askAll(sources, { audience: { clearance: 'open', purpose: 'marketing' }, policies });
    expect(asked.records).toEqual([open]);
    const report = buildReport('test', undefined, asked.records, asked.sources, ['1 facility'], asked);
    expect(report.withheld).toBe(1);
    const reason = `${RESEARCH_ONLY.uid}: constraint purpose eq research not met by purpose marketing`;
    expect(report.withheldBecause).toEqual({ [reason]: 1 });
    expect(report.summary).toContain(`1 record withheld by their terms: ${reason}.`);
    expect(report.attributions).not.toContain('© Research Data Ltd');
  });

  it('shows it to the purpose the policy admits', async () => {
    const asked = await askAll(sources, { audience: { clearance: 'open', purpose: 'research' }, policies });
    expect(asked.records).toEqual([open, research]);
    expect(asked).toMatchObject({ withheld: 0, withheldBecause: {} });
  });
});
