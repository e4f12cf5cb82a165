/**
 * The ODRL policies of the licences London's open data is published under, as their publishers
 * state them, and a restricted example. Each open licence permits every use on the duty to
 * attribute (the record's attribution lines meet it). What the licences also say but the SDK does
 * not evaluate — OGL's exemptions (personal data, logos) and its "no endorsement" condition, TfL's
 * ban on its trademarks and roundel — is left to the app and named in each policy's `description`.
 */
import { OGL_V3_URL } from '../model/licence.js';
import type { OdrlPolicy, PolicyRegistry } from './odrl.js';

const CONTEXT = 'http://www.w3.org/ns/odrl.jsonld';
const ATTRIBUTE = [{ action: 'attribute' }];

/**
 * Open Government Licence v3.0 (The National Archives): copy, publish, distribute, transmit, adapt
 * and exploit, commercially and not, on condition of the attribution statement.
 *
 * @example
 * ```ts
 * import { OGL_V3_POLICY, evaluate } from '@ldn-twin/core';
 * evaluate([OGL_V3_POLICY], { action: 'distribute', party: { clearance: 'open' }, attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'] }).permitted; // true
 * ```
 */
export const OGL_V3_POLICY: OdrlPolicy = {
  '@context': CONTEXT,
  '@type': 'Set',
  uid: OGL_V3_URL,
  description:
    'Open Government Licence v3.0. Not evaluated: its exemptions (personal data, logos, third-party rights) and the condition not to suggest official status or endorsement.',
  permission: [{ action: 'use', duty: ATTRIBUTE }],
};

/**
 * Open Government Licence v2.0 (The National Archives): the same permissions and attribution
 * condition as v3.0; the LAQN feed of King's College London's Environmental Research Group is
 * published under it.
 *
 * @example
 * ```ts
 * import { OGL_V2_POLICY } from '@ldn-twin/core';
 * const record = { properties: { access: { classification: 'open', policies: [OGL_V2_POLICY.uid] } } };
 * ```
 */
export const OGL_V2_POLICY: OdrlPolicy = {
  '@context': CONTEXT,
  '@type': 'Set',
  uid: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/',
  description:
    'Open Government Licence v2.0. Not evaluated: its exemptions and the condition not to suggest official status or endorsement.',
  permission: [{ action: 'use', duty: ATTRIBUTE }],
};

/**
 * Creative Commons Attribution 4.0 International: share and adapt for any purpose, with
 * attribution (UK Power Networks' and the Carbon Intensity API's data, among others).
 *
 * @example
 * ```ts
 * import { CC_BY_4_POLICY } from '@ldn-twin/core';
 * CC_BY_4_POLICY.uid; // 'https://creativecommons.org/licenses/by/4.0/'
 * ```
 */
export const CC_BY_4_POLICY: OdrlPolicy = {
  '@context': CONTEXT,
  '@type': 'Set',
  uid: 'https://creativecommons.org/licenses/by/4.0/',
  description: 'Creative Commons Attribution 4.0 International. Not evaluated: the notice of changes made.',
  permission: [{ action: 'use', duty: ATTRIBUTE }],
};

/**
 * TfL open data, as TfL states it: any use with the attribution "Powered by TfL Open Data", and
 * not TfL's trademarks or roundel. TfL's full licence text was not confirmed (field guide §1), so
 * the uid is ldn-twin's own; replace this policy in your registry if your agreement with TfL says more.
 *
 * @example
 * ```ts
 * import { TFL_OPEN_DATA_POLICY } from '@ldn-twin/core';
 * TFL_OPEN_DATA_POLICY.uid; // 'urn:ldn-twin:policy:tfl-open-data'
 * ```
 */
export const TFL_OPEN_DATA_POLICY: OdrlPolicy = {
  '@context': CONTEXT,
  '@type': 'Set',
  uid: 'urn:ldn-twin:policy:tfl-open-data',
  description:
    "TfL open data: attribute 'Powered by TfL Open Data'. Not evaluated: no use of TfL's trademarks or roundel. Full licence text unconfirmed.",
  permission: [{ action: 'use', duty: ATTRIBUTE }],
};

/**
 * The London Air Quality Network API of King's College London's Environmental Research Group, as
 * its API guide states it: Open Government Licence v2.0 with ERG's own attribution statement (the
 * LAQN connector's records carry it). The guide also asks that one server proxy and cache the API
 * for its users; that is a use of the service, not of the data, and is not evaluated.
 *
 * @example
 * ```ts
 * import { ERG_LAQN_POLICY } from '@ldn-twin/core';
 * ERG_LAQN_POLICY.uid; // 'urn:ldn-twin:policy:erg-laqn'
 * ```
 */
export const ERG_LAQN_POLICY: OdrlPolicy = {
  '@context': CONTEXT,
  '@type': 'Set',
  uid: 'urn:ldn-twin:policy:erg-laqn',
  description:
    "ERG/LAQN: Open Government Licence v2.0 with the attribution 'This information has been obtained from the Environmental Research Group of Kings College London ...'.",
  permission: [{ action: 'use', duty: ATTRIBUTE }],
};

/**
 * The policies of London's open licences: OGL v3 and v2, CC BY 4.0, TfL open data, ERG/LAQN.
 *
 * @example
 * ```ts
 * import { LONDON_POLICIES, policyRegistry } from '@ldn-twin/core';
 * const registry = policyRegistry([...LONDON_POLICIES, myAgreement]);
 * ```
 */
export const LONDON_POLICIES: readonly OdrlPolicy[] = Object.freeze([
  OGL_V3_POLICY,
  OGL_V2_POLICY,
  CC_BY_4_POLICY,
  TFL_OPEN_DATA_POLICY,
  ERG_LAQN_POLICY,
]);

/**
 * {@link LONDON_POLICIES} as a registry: the default wherever policies are resolved.
 *
 * @example
 * ```ts
 * import { LONDON_POLICY_REGISTRY } from '@ldn-twin/core';
 * LONDON_POLICY_REGISTRY.get('https://creativecommons.org/licenses/by/4.0/')?.permission;
 * ```
 */
// Typed constants, validated by the tests: no schema runs when core is imported.
export const LONDON_POLICY_REGISTRY: PolicyRegistry = new Map(
  LONDON_POLICIES.map((policy) => [policy.uid, policy]),
);

/**
 * The policy of each licence id a connector states whose publisher's terms ldn-twin ships: OGL v3
 * and v2, CC BY 4.0 and TfL open data. `twinRecord` puts it on every record under that licence whose
 * label names no policies of its own (the LAQN connector names {@link ERG_LAQN_POLICY}, ERG's
 * statement of OGL v2). Other licences (OGL v1, OS, NESO, unconfirmed terms) have no shipped policy.
 *
 * @example
 * ```ts
 * import { LICENCE_POLICIES, OGL_V3_POLICY } from '@ldn-twin/core';
 * LICENCE_POLICIES.get('OGL-UK-3.0') === OGL_V3_POLICY.uid; // true
 * ```
 */
export const LICENCE_POLICIES: ReadonlyMap<string, string> = new Map([
  ['OGL-UK-3.0', OGL_V3_POLICY.uid],
  ['OGL-UK-2.0', OGL_V2_POLICY.uid],
  ['CC-BY-4.0', CC_BY_4_POLICY.uid],
  ['LicenseRef-TfL-Open-Data', TFL_OPEN_DATA_POLICY.uid],
]);

/**
 * A restricted policy in the style of the National Underground Asset Register: assets shared only
 * with the named organisations, only for the named purposes, never redistributed, with attribution.
 *
 * @example
 * ```ts
 * import { sharedAssetsPolicy } from '@ldn-twin/core';
 * const policy = sharedAssetsPolicy({
 *   uid: 'https://example.org/policy/camden-assets',
 *   organisations: ['thames-water', 'lb-camden'],
 *   purposes: ['safe-digging'],
 * });
 * ```
 */
export function sharedAssetsPolicy(options: {
  readonly uid: string;
  readonly organisations: readonly string[];
  readonly purposes: readonly string[];
}): OdrlPolicy {
  return {
    '@context': CONTEXT,
    '@type': 'Agreement',
    uid: options.uid,
    permission: [
      {
        action: ['display', 'derive'],
        constraint: [
          { leftOperand: 'recipient', operator: 'isAnyOf', rightOperand: [...options.organisations] },
          { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: [...options.purposes] },
        ],
        duty: ATTRIBUTE,
      },
    ],
    prohibition: [{ action: 'distribute' }],
  };
}

/**
 * The restricted example: underground assets shared with Thames Water and the London Borough of
 * Lambeth for safe digging and for planning street works, in the style of NUAR (an example, not
 * NUAR's actual terms).
 *
 * @example
 * ```ts
 * import { EXAMPLE_SHARED_ASSETS_POLICY, LONDON_POLICIES, policyRegistry } from '@ldn-twin/core';
 * const registry = policyRegistry([...LONDON_POLICIES, EXAMPLE_SHARED_ASSETS_POLICY]);
 * ```
 */
export const EXAMPLE_SHARED_ASSETS_POLICY: OdrlPolicy = sharedAssetsPolicy({
  uid: 'urn:ldn-twin:policy:example:shared-underground-assets',
  organisations: ['thames-water', 'lambeth'],
  purposes: ['safe-digging', 'street-works-planning'],
});
