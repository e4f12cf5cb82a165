/**
 * Licence and attribution of the Planning Data Map. The per-borough services show blank copyright
 * text; OGL v3 and the attribution below come from the field guide, which marks the OGL for them as
 * third-party and "to be verified". The London-wide service is OGL v3 on the GLA's own pages, with
 * the `accessInformation` statement of its layer 219 (a real capture), plus whatever the layer's own
 * copyright text and Ordnance Survey statement say at run time.
 */
import { type Licence, OGL_V3_URL } from '@ldn-twin/core';
import type { RawLayerInfo } from '../protocols/arcgis-rest/index.js';
import { osStatement, parseGlaMetadata } from './gla-metadata.js';

/**
 * The attribution the field guide gives for the per-borough services.
 *
 * @example
 * ```ts
 * BOROUGH_ATTRIBUTION.startsWith('Greater London Authority'); // true
 * ```
 */
export const BOROUGH_ATTRIBUTION =
  'Greater London Authority (Planning Data Map / Planning Local Plan Data), data from London borough local plans; contains OS data © Crown copyright';

/**
 * The `accessInformation` of the London-wide layer 219 itemInfo, verbatim.
 *
 * @example
 * ```ts
 * LONDON_WIDE_ATTRIBUTION.endsWith('Open Government Licence v3.0'); // true
 * ```
 */
export const LONDON_WIDE_ATTRIBUTION =
  'Greater London Authority - Contains public sector information licensed under the Open Government Licence v3.0';

/**
 * The licence of the connector as a whole (the per-borough services).
 *
 * @example
 * ```ts
 * BOROUGH_LICENCE.id; // 'OGL-UK-3.0'
 * ```
 */
export const BOROUGH_LICENCE: Licence = {
  id: 'OGL-UK-3.0',
  url: OGL_V3_URL,
  attribution: [BOROUGH_ATTRIBUTION],
};

/**
 * The licence of one layer's records: the base statement, then the layer's own copyright text and
 * the OS statement in its description, when present.
 *
 * @example
 * ```ts
 * layerLicence({ id: 302, name: 'Planning Authority', copyrightText: 'Ordnance Survey Open Data - …' }, 'london-wide');
 * ```
 */
export function layerLicence(layer: RawLayerInfo, scope: 'borough' | 'london-wide'): Licence {
  const base = scope === 'borough' ? BOROUGH_ATTRIBUTION : LONDON_WIDE_ATTRIBUTION;
  const meta = parseGlaMetadata(layer.description);
  const inner = typeof meta?.description === 'string' ? meta.description : layer.description;
  const attribution = [base, layer.copyrightText, osStatement(inner)].filter(
    (statement): statement is string => statement !== undefined && statement.trim() !== '',
  );
  return { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: [...new Set(attribution)] };
}
