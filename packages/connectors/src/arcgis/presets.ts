/**
 * Presets: mapping descriptions of national layers that constrain development in London, with the
 * service URLs and field names of the field guide (`apis-planning-and-buildings.md`, section 5).
 * Both URLs come from working public clients, not from vendor documentation, so each is
 * configurable (connector config), and field names are candidates resolved against the layer's own
 * description at run time.
 */
import { OGL_V3_URL } from '@ldn-twin/core';
import type { ConstraintMapping } from '../protocols/arcgis-rest/index.js';

/** The OGL v3 statement: the only attribution the guide gives for either layer (licence "OGL v3"). */
const OGL_STATEMENT = 'Contains public sector information licensed under the Open Government Licence v3.0.';

/**
 * Historic England, National Heritage List for England (NHLE), layer 0: listed buildings as points.
 *
 * @example
 * ```ts
 * HISTORIC_ENGLAND_LISTED_BUILDINGS_URL.endsWith('/FeatureServer/0'); // true
 * ```
 */
export const HISTORIC_ENGLAND_LISTED_BUILDINGS_URL =
  'https://services-eu1.arcgis.com/ZOdPfBS3aqqDYPUQ/arcgis/rest/services/National_Heritage_List_for_England_NHLE_v02_VIEW/FeatureServer/0';

/**
 * The NHLE listed-building mapping: `ListEntry` is the list entry number (the record id), `Name`,
 * `Grade` (`I`, `II*`, `II`), `ListDate` the designation date, `hyperlink` the list entry page (else
 * built from the list entry number); `AmendDate` and `NGR` stay in `extra`.
 *
 * @example
 * ```ts
 * HISTORIC_ENGLAND_LISTED_BUILDINGS.constraintType; // 'listed-building'
 * ```
 */
export const HISTORIC_ENGLAND_LISTED_BUILDINGS = {
  kind: 'PlanningConstraint',
  constraintType: 'listed-building',
  dataset: 'listed-building',
  publisher: 'Historic England',
  idNamespace: 'nhle',
  fields: {
    name: 'Name',
    reference: 'ListEntry',
    date: 'ListDate',
    grade: 'Grade',
    documentationUrl: 'hyperlink',
  },
  documentationUrlTemplate: 'https://historicengland.org.uk/listing/the-list/list-entry/{reference}',
  licence: { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: [OGL_STATEMENT] },
} satisfies ConstraintMapping;

/**
 * Natural England, Sites of Special Scientific Interest (England), layer 0.
 *
 * @example
 * ```ts
 * NATURAL_ENGLAND_SSSI_URL.includes('SSSI_England'); // true
 * ```
 */
export const NATURAL_ENGLAND_SSSI_URL =
  'https://services.arcgis.com/JJzESW51TqeY9uat/arcgis/rest/services/SSSI_England/FeatureServer/0';

/**
 * The SSSI mapping. The name field is `SSSI_NAME` in most clients and `NAME` in a 2026 one, so both
 * are candidates; no reference field is confirmed, so records are known by their object id.
 *
 * @example
 * ```ts
 * NATURAL_ENGLAND_SSSI.fields.name; // ['SSSI_NAME', 'NAME']
 * ```
 */
export const NATURAL_ENGLAND_SSSI = {
  kind: 'PlanningConstraint',
  constraintType: 'site-of-special-scientific-interest',
  dataset: 'site-of-special-scientific-interest',
  publisher: 'Natural England',
  idNamespace: 'natural-england-sssi',
  fields: { name: ['SSSI_NAME', 'NAME'] },
  licence: { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: [OGL_STATEMENT] },
} satisfies ConstraintMapping;
