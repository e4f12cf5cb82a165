/**
 * Presets: mapping descriptions of national layers that constrain development in London, with the
 * service URLs and field names of the field guide (`apis-planning-and-buildings.md`, section 5).
 * Both URLs come from working public clients, not from vendor documentation, so each is
 * configurable (connector config), and field names are candidates resolved against the layer's own
 * description at run time.
 */
import { type Licence, OGL_V3_URL } from '@ldn-twin/core';
import type { ConstraintMapping } from '../protocols/arcgis-rest/index.js';

/**
 * Historic England's own statement for its GIS data (as planning.data.gov.uk publishes it in the
 * `attribution-text` of Historic England's datasets), for data obtained at `retrievedAt`: the
 * year and the date it was obtained are filled in from it.
 *
 * @example
 * ```ts
 * historicEnglandLicence('2026-12-07T08:00:00Z').attribution[0];
 * // '© Historic England 2026. Contains Ordnance Survey data © Crown copyright and database right 2026.'
 * ```
 */
export function historicEnglandLicence(retrievedAt: string): Licence {
  const year = retrievedAt.slice(0, 4);
  return {
    id: 'OGL-UK-3.0',
    url: OGL_V3_URL,
    attribution: [
      `© Historic England ${year}. Contains Ordnance Survey data © Crown copyright and database right ${year}.`,
      `The Historic England GIS Data contained in this material was obtained on ${retrievedAt.slice(0, 10)}.`,
      'The most publicly available up to date Historic England GIS Data can be obtained from [HistoricEngland.org.uk](https://historicengland.org.uk).',
    ],
  };
}

/**
 * Natural England's own statement (as planning.data.gov.uk publishes it in the `attribution-text`
 * of Natural England's datasets), with the year of `retrievedAt`.
 *
 * @example
 * ```ts
 * naturalEnglandLicence('2026-12-07T08:00:00Z').attribution[0];
 * // '© Natural England copyright. Contains Ordnance Survey data © Crown copyright and database right 2026.'
 * ```
 */
export function naturalEnglandLicence(retrievedAt: string): Licence {
  return {
    id: 'OGL-UK-3.0',
    url: OGL_V3_URL,
    attribution: [
      `© Natural England copyright. Contains Ordnance Survey data © Crown copyright and database right ${retrievedAt.slice(0, 4)}.`,
    ],
  };
}

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
 * The NHLE listed-building mapping (its records carry {@link historicEnglandLicence}, dated by the
 * run; with the generic `query`, pass that licence in the mapping): `ListEntry` is the list entry number (the record id), `Name`,
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
 * The SSSI mapping (its records carry {@link naturalEnglandLicence}; with the generic `query`, pass
 * that licence in the mapping). The name field is `SSSI_NAME` in most clients and `NAME` in a 2026 one, so both
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
} satisfies ConstraintMapping;
