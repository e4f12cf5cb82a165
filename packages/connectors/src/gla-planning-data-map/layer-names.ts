/**
 * From a borough's own layer name to the small constraint vocabulary. Layer names and ids differ
 * between the Planning Data Map services ("Conservation Area" in Brent, "Conservation Areas"
 * elsewhere; "Site Allocations", "Site Specific Allocations", "Site Proposals", "Strategic Sites",
 * "Opportunity Sites", "Key Sites" for the same idea; typos kept upstream, e.g. "Archaelogical"), so
 * layers are matched by name at run time with this table, first match wins. Every rule is grounded
 * in the layer names of the field guide's layers table (`gla-planning-data-map-layers.tsv`, tested
 * row by row); the rules marked "not seen" anticipate names the guide lists as unconfirmed either way.
 * A layer that matches nothing is kept as constraint type `other`, with its own name.
 */
import type { CONSTRAINT_TYPES } from '@ldn-twin/core';

type ConstraintType = (typeof CONSTRAINT_TYPES)[number];

/**
 * What a layer name means: the constraint type, a vocabulary term (finer than the type where the
 * type is `other` or the term matters, e.g. `flood-zone`, `industrial-land`), and for flood zones the
 * zone as the name gives it (`2`, `3`, `3a`, `3b`).
 *
 * @example
 * ```ts
 * const meaning: LayerMeaning = { constraintType: 'flood-risk', term: 'flood-zone', floodRiskLevel: '3b' };
 * ```
 */
export interface LayerMeaning {
  readonly constraintType: ConstraintType;
  readonly term: string;
  readonly floodRiskLevel?: string;
}

interface Rule {
  readonly pattern: RegExp;
  readonly constraintType: ConstraintType;
  readonly term: string;
}

/**
 * The matching table, in order. Patterns see the normalised name: lower case, `&` as `and`, single
 * spaces. Exclusions come before the rule they narrow.
 *
 * @example
 * ```ts
 * LAYER_NAME_RULES.find((rule) => rule.pattern.test('site proposals'))?.constraintType; // 'site-allocation'
 * ```
 */
export const LAYER_NAME_RULES: readonly Rule[] = [
  { pattern: /\bconservation areas?\b/, constraintType: 'conservation-area', term: 'conservation-area' },
  // Newham's "Micro Business" and "Community Facility" opportunity areas are local-plan designations,
  // not the London Plan's Opportunity Areas.
  {
    pattern: /\b(?:micro business|community facility) opportunity areas?\b/,
    constraintType: 'other',
    term: 'local-opportunity-area',
  },
  { pattern: /\bopportunity areas?\b/, constraintType: 'opportunity-area', term: 'opportunity-area' },
  {
    pattern:
      /\bsite (?:specific )?allocations?\b|\bsite proposals?\b|\bstrategic sites?\b|\bopportunity sites?\b|\bkey sites?\b/,
    constraintType: 'site-allocation',
    term: 'site-allocation',
  },
  {
    pattern: /\bmetropolitan open land\b/,
    constraintType: 'metropolitan-open-land',
    term: 'metropolitan-open-land',
  },
  { pattern: /\bgreen belt\b/, constraintType: 'green-belt', term: 'green-belt' },
  {
    pattern: /\bstrategic industrial locations?\b/,
    constraintType: 'strategic-industrial-location',
    term: 'strategic-industrial-location',
  },
  // Locally designated industrial land (Lambeth KIBA, Sutton, Wandsworth LSIS): not SIL.
  {
    pattern:
      /\blocally significant industrial sites?\b|\bkey industrial and business areas?\b|\bestablished industrial locations?\b/,
    constraintType: 'other',
    term: 'industrial-land',
  },
  {
    pattern: /\bcentral activities zone\b/,
    constraintType: 'central-activities-zone',
    term: 'central-activities-zone',
  },
  {
    pattern: /\barch\w*logical priority (?:areas?|zones?)\b/,
    constraintType: 'archaeological-priority-area',
    term: 'archaeological-priority-area',
  },
  { pattern: /\bflood\b/, constraintType: 'flood-risk', term: 'flood-zone' },
  {
    pattern: /\btown centres?\b|\b(?:major|district|local|neighbourhood|metropolitan) centres?\b/,
    constraintType: 'town-centre',
    term: 'town-centre',
  },
  { pattern: /\bthames policy area\b/, constraintType: 'thames-policy-area', term: 'thames-policy-area' },
  {
    pattern: /\bsites? of special scientific interest\b|\bsssis?\b/,
    constraintType: 'site-of-special-scientific-interest',
    term: 'site-of-special-scientific-interest',
  },
  {
    pattern:
      /\bview(?:ing)? corridors?\b|\bview ?points?\b|\b(?:designated|protected|strategic|local)(?: linear)? views?\b|\bprotected vistas?\b|\bapproaches to westminster world heritage site\b/,
    constraintType: 'protected-view',
    term: 'protected-view',
  },
  // Not seen in the layers table; the guide leaves their presence unconfirmed either way.
  {
    pattern: /\bworld heritage sites?\b/,
    constraintType: 'world-heritage-site',
    term: 'world-heritage-site',
  },
  { pattern: /\barticle ?4\b/, constraintType: 'article-4-direction', term: 'article-4-direction' },
  { pattern: /\btree preservation\b/, constraintType: 'tree-preservation', term: 'tree-preservation' },
  {
    pattern: /\blocally listed\b|\blocal list\b/,
    constraintType: 'locally-listed-building',
    term: 'locally-listed-building',
  },
  { pattern: /\blisted buildings?\b/, constraintType: 'listed-building', term: 'listed-building' },
  {
    pattern: /\bscheduled (?:ancient )?monuments?\b/,
    constraintType: 'scheduled-monument',
    term: 'scheduled-monument',
  },
  {
    pattern: /\bhistoric parks? and gardens?\b|\bregistered parks? and gardens?\b/,
    constraintType: 'park-and-garden',
    term: 'park-and-garden',
  },
];

/**
 * A layer name, normalised for matching.
 *
 * @example
 * ```ts
 * normaliseLayerName('  Regionally Important Geological & Geomorphological Site '); // 'regionally important geological and geomorphological site'
 * ```
 */
export function normaliseLayerName(name: string): string {
  return name.toLowerCase().replaceAll('&', ' and ').replace(/\s+/g, ' ').trim();
}

/**
 * What a borough's layer name means.
 *
 * @example
 * ```ts
 * classifyLayer('Archaelogical Priority Areas').constraintType; // 'archaeological-priority-area'
 * classifyLayer('Flood Zone 3B Functional Floodplain'); // { constraintType: 'flood-risk', term: 'flood-zone', floodRiskLevel: '3b' }
 * classifyLayer('Adventure Playgrounds'); // { constraintType: 'other', term: 'other' }
 * ```
 */
export function classifyLayer(name: string): LayerMeaning {
  const normalised = normaliseLayerName(name);
  const rule = LAYER_NAME_RULES.find((r) => r.pattern.test(normalised));
  if (!rule) return { constraintType: 'other', term: 'other' };
  if (rule.term !== 'flood-zone') return { constraintType: rule.constraintType, term: rule.term };
  const zone = /\bzone ?(2|3[ab]?)\b/.exec(normalised)?.[1];
  return { constraintType: rule.constraintType, term: rule.term, ...(zone ? { floodRiskLevel: zone } : {}) };
}
