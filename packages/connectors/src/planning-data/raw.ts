/**
 * The payloads of planning.data.gov.uk as they really arrive (see the connector's README): kebab-case
 * keys, `""` for null, `organisation-entity` as a string or an integer, WKT geometry in lon/lat
 * order, and dataset-specific keys beside the common ones. Entities are parsed one by one, so one
 * bad entity is a reported issue, not a failed search.
 */
import { optionalIsoDate, optionalNumber, optionalText, requiredNumber } from '@ldn-twin/core';
import { z } from 'zod';

/** The keys every entity has; the rest are dataset-specific. */
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

/** One entity of `/entity.json` or `/entity/{id}.json`. Unknown keys are kept for `extra`. */
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

/** The `/entity.json` search body. Entities stay unknown here: each is parsed on its own. */
export const RawEntitySearch = z.object({
  entities: z.array(z.unknown()),
  links: z.looseObject({ next: optionalText() }).default({ next: undefined }),
  count: optionalNumber(),
});
