import {
  type Audience,
  CC_BY_4_POLICY,
  combineAccess,
  derivedTrust,
  EXAMPLE_SHARED_ASSETS_POLICY,
  evaluate,
  filterForAudience,
  honourPolicies,
  LONDON_POLICIES,
  LONDON_POLICY_REGISTRY,
  type OdrlPolicy,
  OGL_V3_POLICY,
  type PolicyDecision,
  type PolicyTerms,
  PUBLIC_AUDIENCE,
  policyGate,
  policyRegistry,
  SchemaError,
  type TwinRecord,
  toCsv,
  toFeatureCollection,
  toNdjson,
} from '@ldn-twin/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listedBuilding, OGL_ATTRIBUTION, waterMain } from '../model/fixtures.js';

const NO_REDISTRIBUTION: OdrlPolicy = {
  '@context': 'http://www.w3.org/ns/odrl.jsonld',
  '@type': 'Set',
  uid: 'https://example.org/policy/view-only',
  permission: [{ action: 'use', duty: [{ action: 'attribute' }] }],
  prohibition: [{ action: 'distribute' }],
};

const RESEARCH_ONLY: OdrlPolicy = {
  '@type': 'Set',
  uid: 'https://example.org/policy/research-only',
  permission: [
    {
      action: 'odrl:use',
      constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }],
    },
  ],
};

const registry = policyRegistry([
  ...LONDON_POLICIES,
  NO_REDISTRIBUTION,
  RESEARCH_ONLY,
  EXAMPLE_SHARED_ASSETS_POLICY,
]);

/** A copy of `record` whose access label lists `policies` (and, optionally, another classification). */
function withPolicies(
  record: TwinRecord,
  policies: string[],
  access: Partial<TwinRecord['properties']['access']> = {},
) {
  return {
    ...record,
    properties: { ...record.properties, access: { ...record.properties.access, ...access, policies } },
  } as TwinRecord;
}

async function text(lines: AsyncIterable<string>): Promise<string> {
  let all = '';
  for await (const line of lines) all += line;
  return all;
}

describe('a prohibition on distribute', () => {
  const viewOnly = withPolicies(listedBuilding, [NO_REDISTRIBUTION.uid]);
  const ogl = withPolicies(listedBuilding, [OGL_V3_POLICY.uid]);

  it('keeps an open record out of every export, and says why', async () => {
    const reasons: string[] = [];
    const terms: PolicyTerms = {
      party: PUBLIC_AUDIENCE,
      registry,
      onReport: (_record, decision) => reasons.push(...decision.reasons),
    };
    const ndjson = await text(toNdjson([viewOnly, ogl], { terms }));
    expect(
      ndjson
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).properties.access.policies),
    ).toEqual([[OGL_V3_POLICY.uid]]);
    const csv = await text(toCsv([viewOnly, ogl], { terms, columns: ['id', 'access.policies'] }));
    expect(csv.trim().split('\r\n')).toEqual(['id,access.policies', `${ogl.id},${OGL_V3_POLICY.uid}`]);
    expect(toFeatureCollection([viewOnly, ogl], { terms }).features).toEqual([ogl]);
    expect(
      (
        await toFeatureCollection(
          (async function* () {
            yield viewOnly;
          })(),
          { terms },
        )
      ).features,
    ).toEqual([]);
    // What the store and GeoParquet exports call before writing.
    expect(honourPolicies([viewOnly, ogl], 'distribute', terms)).toEqual([ogl]);
    expect(reasons).toHaveLength(5);
    expect(new Set(reasons)).toEqual(new Set([`${NO_REDISTRIBUTION.uid}: prohibits distribute`]));
  });

  it('is unknown to the default registry, so an open record under it is exported and reported', async () => {
    // Exports default to the public party and the London registry, which does not hold the policy.
    const reported: PolicyDecision[] = [];
    const out = await text(
      toNdjson([viewOnly], { terms: { party: PUBLIC_AUDIENCE, onReport: (_r, d) => reported.push(d) } }),
    );
    expect(out).not.toBe('');
    expect(reported).toEqual([
      {
        permitted: true,
        reasons: [`${NO_REDISTRIBUTION.uid}: policy not found in the registry`],
        unresolved: [NO_REDISTRIBUTION.uid],
      },
    ]);
  });

  it('still lets the record be displayed', () => {
    expect(filterForAudience([viewOnly], PUBLIC_AUDIENCE, { registry })).toEqual([viewOnly]);
    expect(filterForAudience([viewOnly], PUBLIC_AUDIENCE, { registry, action: 'distribute' })).toEqual([]);
  });

  it('is kept by a record derived from it (the strictest combination)', () => {
    const { access, attribution } = derivedTrust([ogl, viewOnly]);
    const derived = { properties: { licence: { id: 'various', attribution }, access } };
    expect(access.policies).toEqual([OGL_V3_POLICY.uid, NO_REDISTRIBUTION.uid]);
    const gate = (action: 'display' | 'distribute') =>
      policyGate(action, { party: PUBLIC_AUDIENCE, registry })(derived);
    expect(gate('display').permitted).toBe(true);
    expect(gate('distribute')).toMatchObject({
      permitted: false,
      reasons: [`${NO_REDISTRIBUTION.uid}: prohibits distribute`],
    });
    // combineAccess alone keeps both policies whatever the order.
    expect(combineAccess([viewOnly.properties.access, ogl.properties.access]).policies).toHaveLength(2);
  });
});

describe('a purpose constraint', () => {
  const record = withPolicies(listedBuilding, [RESEARCH_ONLY.uid]);
  const as = (purpose?: string): Audience => ({ clearance: 'open', ...(purpose ? { purpose } : {}) });

  it('admits the purpose it names and denies another, and a party stating none', () => {
    expect(filterForAudience([record], as('research'), { registry })).toEqual([record]);
    const reasons: string[] = [];
    const onReport = (_r: unknown, decision: PolicyDecision) => reasons.push(...decision.reasons);
    expect(filterForAudience([record], as('marketing'), { registry, onReport })).toEqual([]);
    expect(filterForAudience([record], as(), { registry, onReport })).toEqual([]);
    expect(reasons).toEqual([
      `${RESEARCH_ONLY.uid}: constraint purpose eq research not met by purpose marketing`,
      `${RESEARCH_ONLY.uid}: constraint purpose eq research needs a stated purpose`,
    ]);
  });

  it('permits exactly the purposes of an isAnyOf list (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1 }), { minLength: 1 }),
        fc.string({ minLength: 1 }),
        (purposes, asked) => {
          const policy: OdrlPolicy = {
            uid: 'https://example.org/p',
            permission: [
              {
                action: 'display',
                constraint: [{ leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: purposes }],
              },
            ],
          };
          const { permitted } = evaluate([policy], {
            action: 'display',
            party: as(asked),
            classification: 'open',
          });
          expect(permitted).toBe(purposes.includes(asked));
          // and a prohibition under the same constraint denies exactly those purposes
          const banned: OdrlPolicy = {
            uid: 'https://example.org/q',
            permission: [{ action: 'use' }],
            prohibition: [
              {
                action: 'display',
                constraint: [{ leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: purposes }],
              },
            ],
          };
          expect(evaluate([banned], { action: 'display', party: as(asked) }).permitted).toBe(
            !purposes.includes(asked),
          );
        },
      ),
    );
  });
});

describe('a policy that cannot be resolved or evaluated', () => {
  const unknown = 'https://example.org/policy/not-held';

  it('denies a restricted record', () => {
    const restricted = withPolicies(waterMain, [unknown]);
    const engineer = { clearance: 'official-sensitive', organisation: 'thames-water' } as const;
    const decisions: PolicyDecision[] = [];
    expect(
      filterForAudience([restricted], engineer, { registry, onReport: (_r, d) => decisions.push(d) }),
    ).toEqual([]);
    expect(decisions).toEqual([
      { permitted: false, reasons: [`${unknown}: policy not found in the registry`], unresolved: [unknown] },
    ]);
    // Without the unknown id the same record and engineer pass.
    expect(filterForAudience([withPolicies(waterMain, [])], engineer, { registry })).toHaveLength(1);
  });

  it('lets an open record through and reports it', () => {
    const decision = evaluate([unknown], {
      action: 'display',
      party: PUBLIC_AUDIENCE,
      classification: 'open',
    });
    expect(decision).toEqual({
      permitted: true,
      reasons: [`${unknown}: policy not found in the registry`],
      unresolved: [unknown],
    });
  });

  it('treats an operand or duty the SDK does not know as undecidable', () => {
    const spatial: OdrlPolicy = {
      uid: 'https://example.org/policy/spatial',
      permission: [
        {
          action: 'use',
          constraint: [
            { leftOperand: 'spatial', operator: 'eq', rightOperand: { '@id': 'https://example.org/london' } },
          ],
        },
      ],
    };
    const paid: OdrlPolicy = {
      uid: 'https://example.org/policy/paid',
      permission: [{ action: 'use', duty: [{ action: 'compensate' }] }],
    };
    for (const policy of [spatial, paid]) {
      const request = { action: 'display', party: PUBLIC_AUDIENCE } as const;
      expect(evaluate([policy], { ...request, classification: 'official' })).toMatchObject({
        permitted: false,
        unresolved: [policy.uid],
      });
      expect(evaluate([policy], { ...request, classification: 'open' })).toMatchObject({
        permitted: true,
        unresolved: [policy.uid],
      });
    }
  });
});

describe('duties and the shipped policies', () => {
  it('meets a duty to attribute with the attribution lines, and only then', () => {
    const request = { action: 'distribute', party: PUBLIC_AUDIENCE, classification: 'open' } as const;
    expect(evaluate([CC_BY_4_POLICY], { ...request, attribution: ['© UK Power Networks'] }).permitted).toBe(
      true,
    );
    expect(evaluate([CC_BY_4_POLICY], { ...request, attribution: [] })).toEqual({
      permitted: false,
      reasons: [`${CC_BY_4_POLICY.uid}: duty to attribute, but the record carries no attribution lines`],
      unresolved: [],
    });
  });

  it('ships London licences that permit every action with attribution', () => {
    expect([...policyRegistry([...LONDON_POLICIES, EXAMPLE_SHARED_ASSETS_POLICY]).keys()]).toHaveLength(6);
    expect([...LONDON_POLICY_REGISTRY.values()]).toEqual(LONDON_POLICIES);
    for (const policy of LONDON_POLICIES) {
      for (const action of ['use', 'display', 'distribute', 'derive'] as const) {
        expect(
          evaluate([policy], { action, party: PUBLIC_AUDIENCE, attribution: [OGL_ATTRIBUTION] }).permitted,
        ).toBe(true);
      }
    }
  });

  it('shares the example assets with the named organisations for the named purposes, never onward', () => {
    const request = (organisation: string, purpose: string, action: 'display' | 'distribute' | 'derive') =>
      evaluate([EXAMPLE_SHARED_ASSETS_POLICY], {
        action,
        party: { clearance: 'official-sensitive', organisation, purpose },
        attribution: ['© Thames Water'],
        classification: 'official-sensitive',
      });
    expect(request('thames-water', 'safe-digging', 'display').permitted).toBe(true);
    expect(request('lambeth', 'street-works-planning', 'derive').permitted).toBe(true);
    expect(request('thames-water', 'safe-digging', 'distribute').permitted).toBe(false);
    expect(request('lambeth', 'marketing', 'display').permitted).toBe(false);
    expect(request('tfl', 'safe-digging', 'display').reasons).toEqual([
      `${EXAMPLE_SHARED_ASSETS_POLICY.uid}: constraint recipient isAnyOf thames-water, lambeth not met by recipient tfl`,
    ]);
  });

  it('rejects a policy that is not ODRL, naming it', () => {
    expect(() => policyRegistry([OGL_V3_POLICY, { uid: 'not a url', permission: [] }])).toThrow(SchemaError);
    expect(() => policyRegistry([{ uid: 'https://example.org/empty' }])).toThrow(/ODRL policy 0/);
  });

  it('evaluates each distinct label once per gate', () => {
    const gate = policyGate('display', { party: PUBLIC_AUDIENCE, registry });
    const a = withPolicies(listedBuilding, [RESEARCH_ONLY.uid]);
    const b = withPolicies({ ...listedBuilding, id: 'other' }, [RESEARCH_ONLY.uid]);
    expect(gate(a)).toBe(gate(b));
    expect(gate(withPolicies(listedBuilding, [RESEARCH_ONLY.uid], { classification: 'official' }))).not.toBe(
      gate(a),
    );
  });
});
