/**
 * The payloads of planning.data.gov.uk as they really arrive (see docs/planning-data.md): kebab-case
 * keys, `""` for null, `organisation-entity` as a string or an integer, WKT geometry in lon/lat
 * order, and dataset-specific keys beside the common ones. Entities are parsed one by one, so one
 * bad entity is a reported issue, not a failed search.
 */
import { optionalIsoDate, optionalNumber, optionalText, requiredNumber } from '@ldn-twin/core';
import * as z from 'zod';

/** The keys every entity has; the rest are dataset-specific. *
 * @example
 * ```ts
 * COMMON_ENTITY_KEYS.has('organisation-entity'); // true
 * ```
 */
export const COMMON_ENTITY_KEYS = new Set([
  'entity',
  'name',
  'dataset',
  'typology',
  'reference',
  'prefix',
  'organisation-entity',
  'entry-date',
  'start-date',
  'end-date',
  'geometry',
  'point',
  'quality',
]);

/** One entity of `/entity.json` or `/entity/{id}.json`. Unknown keys are kept for `extra`. *
 * @example
 * ```ts
 * RawEntity.parse({ entity: 44006852, dataset: 'conservation-area', 'organisation-entity': '192', 'end-date': '' });
 * // { entity: 44006852, dataset: 'conservation-area', 'organisation-entity': 192, 'end-date': undefined }
 * ```
 */
export const RawEntity = z.looseObject({
  entity: requiredNumber(),
  name: optionalText(),
  dataset: z.string().min(1),
  typology: optionalText(),
  reference: optionalText(),
  prefix: optionalText(),
  'organisation-entity': optionalNumber(),
  'entry-date': optionalIsoDate(),
  'start-date': optionalIsoDate(),
  'end-date': optionalIsoDate(),
  geometry: optionalText(),
  point: optionalText(),
  quality: optionalText(),
});
export type RawEntity = z.output<typeof RawEntity>;

/** The `/entity.json` search body. Entities stay unknown here: each is parsed on its own. *
 * @example
 * ```ts
 * RawEntitySearch.parse({ entities: [], links: {}, count: 0 });
 * ```
 */
export const RawEntitySearch = z.object({
  entities: z.array(z.unknown()),
  links: z.looseObject({ next: optionalText() }).default({ next: undefined }),
  count: optionalNumber(),
});

/**
 * `entity-count` of a dataset: the Python model says an integer, every real body has an object
 * `{"dataset": "...", "count": N}`. Both parse to the number.
 */
const EntityCount = z
  .union([z.looseObject({ count: requiredNumber() }).transform((value) => value.count), optionalNumber()])
  .optional();

/** One dataset's metadata: `/dataset/{dataset}.json`. `""` stands for null throughout. *
 * @example
 * ```ts
 * RawDatasetMetadata.parse({ dataset: 'flood-risk-zone', 'entity-count': { dataset: 'flood-risk-zone', count: 780636 }, prefix: '' });
 * // { dataset: 'flood-risk-zone', 'entity-count': 780636, prefix: undefined, ... }
 * ```
 */
export const RawDatasetMetadata = z.looseObject({
  dataset: z.string().min(1),
  name: optionalText(),
  plural: optionalText(),
  description: optionalText(),
  text: optionalText(),
  collection: optionalText(),
  prefix: optionalText(),
  typology: optionalText(),
  phase: optionalText(),
  realm: optionalText(),
  'entry-date': optionalIsoDate(),
  'start-date': optionalIsoDate(),
  'end-date': optionalIsoDate(),
  themes: z
    .union([z.array(z.string()), z.literal(''), z.null()])
    .optional()
    .transform((value) => (Array.isArray(value) ? value : undefined)),
  'entity-count': EntityCount,
  attribution: optionalText(),
  'attribution-text': optionalText(),
  licence: optionalText(),
  'licence-text': optionalText(),
  consideration: optionalText(),
  wikidata: optionalText(),
  wikipedia: optionalText(),
  'replacement-dataset': optionalText(),
});
export type RawDatasetMetadata = z.output<typeof RawDatasetMetadata>;

/**
 * The `/dataset.json` list body (digital-land.info `list_datasets`): `{"datasets": [...], ...}`.
 * Only the documented shape is known (no capture): each item is parsed on its own as dataset
 * metadata, so an item in another shape is a reported issue, not a failed list.
 *
 * @example
 * ```ts
 * RawDatasetList.parse({ datasets: [{ dataset: 'ancient-woodland' }], typologies: {} });
 * ```
 */
export const RawDatasetList = z.looseObject({ datasets: z.array(z.unknown()) });
