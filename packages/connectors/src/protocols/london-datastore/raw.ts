/**
 * zod schemas of the London Datastore (DataPress) payloads, as the GLA's own R client (ldndatar2)
 * reads them: the full catalogue `GET /api/v3/datasets/export.json` (an array of datasets, each with
 * a `resources` ARRAY) and one dataset `GET /api/dataset/{id-or-slug}` (whose `resources` is an
 * OBJECT keyed by resource id). Only the shape is known from a publisher-written mock, so schemas are
 * loose (unknown keys kept) and lenient (`null` and `""` mean absent; sizes may be strings).
 */
import { oneOrMany, optionalNumber, optionalText } from '@ldn-twin/core';
import * as z from 'zod';

/** `{id, title}` as the export gives mastheads, teams and topics; a bare string is accepted too. */
const Labelled = z.union([
  z.looseObject({ id: optionalText(), title: optionalText() }),
  z.string().transform((title) => ({ id: undefined, title: title.trim() || undefined })),
]);

/**
 * One resource (file) of a dataset in the v3 export.
 *
 * @example
 * ```ts
 * RawExportResource.parse({ id: 'b71acf1c-1fc4-4aea-9e6b-22b8996741ee', title: 'data.csv', size: 2000 });
 * ```
 */
export const RawExportResource = z.looseObject({
  id: z.string().min(1),
  /** The owning dataset's id; the publisher's mock gives a different id here than the dataset's own. */
  dataset: optionalText(),
  webpage: optionalText(),
  title: optionalText(),
  url: optionalText(),
  description: optionalText(),
  format: optionalText(),
  timeframeFrom: optionalText(),
  timeframeTo: optionalText(),
  size: optionalNumber(),
  hash: optionalText(),
  timestamp: optionalText(),
  filename: optionalText(),
});
/** @example `const resource: RawExportResource = RawExportResource.parse(item);` */
export type RawExportResource = z.output<typeof RawExportResource>;

/**
 * One dataset of `GET /api/v3/datasets/export.json`.
 *
 * @example
 * ```ts
 * const dataset = RawExportDataset.parse(items[0]);
 * dataset.resources.map((r) => r.id);
 * ```
 */
export const RawExportDataset = z.looseObject({
  id: z.string().min(1),
  webpage: optionalText(),
  title: optionalText(),
  /** HTML. */
  description: optionalText(),
  createdAt: optionalText(),
  updatedAt: optionalText(),
  nextReviewDate: optionalText(),
  sharing: optionalText(),
  masthead: Labelled.nullish(),
  team: Labelled.nullish(),
  topics: oneOrMany(Labelled),
  tags: oneOrMany(z.string()),
  /** Shape unconfirmed (`null` in the publisher's mock): a code, a title or an object. */
  licence: z.unknown().optional(),
  contact: z.unknown().optional(),
  resources: z
    .array(RawExportResource)
    .nullish()
    .transform((r) => r ?? []),
});
/** @example `const dataset: RawExportDataset = RawExportDataset.parse(item);` */
export type RawExportDataset = z.output<typeof RawExportDataset>;

/**
 * The v3 export: an array of datasets, each item kept raw and parsed on its own.
 *
 * @example
 * ```ts
 * const { data } = await client.json(`${baseUrl}/api/v3/datasets/export.json`, RawExport);
 * ```
 */
export const RawExport = z.array(z.unknown());

/**
 * One resource of `GET /api/dataset/{id}` (the value under its id in `resources`).
 *
 * @example
 * ```ts
 * RawDetailResource.parse({ title: 'Bus data 2019', url: 'https://data.london.gov.uk/download/x/res-1/a.csv', check_size: 12345 });
 * ```
 */
export const RawDetailResource = z.looseObject({
  title: optionalText(),
  description: optionalText(),
  url: optionalText(),
  order: optionalNumber(),
  format: optionalText(),
  check_http_status: optionalNumber(),
  check_size: optionalNumber(),
  check_hash: optionalText(),
  check_mimetype: optionalText(),
  check_timestamp: optionalText(),
  temporal_coverage_from: optionalText(),
  temporal_coverage_to: optionalText(),
  tables: z.unknown().optional(),
});
/** @example `const resource: RawDetailResource = RawDetailResource.parse(value);` */
export type RawDetailResource = z.output<typeof RawDetailResource>;

/**
 * `GET /api/dataset/{id-or-slug}`: one dataset, `resources` keyed by resource id (kept raw, parsed
 * one by one so a bad resource is reported on its own).
 *
 * @example
 * ```ts
 * const { data } = await client.json(`${baseUrl}/api/dataset/${slug}`, RawDatasetDetail);
 * Object.keys(data.resources); // the resource ids of this edition
 * ```
 */
export const RawDatasetDetail = z.looseObject({
  id: z.string().min(1),
  slug: optionalText(),
  title: optionalText(),
  description: optionalText(),
  sharing: optionalText(),
  createdAt: optionalText(),
  updatedAt: optionalText(),
  /** Not in the publisher's mock of this endpoint; read when present, as in the export. */
  masthead: Labelled.nullish(),
  team: Labelled.nullish(),
  tags: oneOrMany(z.string()),
  topics: oneOrMany(Labelled),
  licence: z.unknown().optional(),
  resources: z
    .record(z.string(), z.unknown())
    .nullish()
    .transform((r) => r ?? {}),
});
/** @example `const detail: RawDatasetDetail = RawDatasetDetail.parse(body);` */
export type RawDatasetDetail = z.output<typeof RawDatasetDetail>;
