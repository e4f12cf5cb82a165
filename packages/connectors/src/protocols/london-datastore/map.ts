/**
 * London Datastore catalogue entries → Dataset records (DCAT-like): a dataset of the v3 export or of
 * `GET /api/dataset/{id}`, with its resources as distributions; or one resource on its own as a
 * Dataset record `partOf` its dataset (how per-type, per-borough and boundary files are listed).
 */
import type { Licence, TwinRecordOf } from '@ldn-twin/core';
import { OPEN_ACCESS, twinId, twinRecord, withoutUndefined } from '@ldn-twin/core';
import { datastoreLicence } from './licence.js';
import type { RawDatasetDetail, RawExportDataset } from './raw.js';
import { type DatastoreResource, fromExportResource, toInstant } from './resources.js';

/**
 * A Dataset record.
 *
 * @example
 * ```ts
 * const name = (record: DatasetRecord) => record.properties.name;
 * ```
 */
export type DatasetRecord = TwinRecordOf<'Dataset'>;

/**
 * What every record of one run shares.
 *
 * @example
 * ```ts
 * const ctx: CatalogueContext = { baseUrl: 'https://data.london.gov.uk', retrievedAt: new Date().toISOString(), connector: 'london-datastore' };
 * ```
 */
export interface CatalogueContext {
  readonly baseUrl: string;
  readonly retrievedAt: string;
  /** The connector id the records name in their provenance. */
  readonly connector: string;
}

const PUBLISHER = 'Greater London Authority (London Datastore)';
const ISSUER = 'data.london.gov.uk';

/**
 * The twin id of a Datastore dataset.
 *
 * @example
 * ```ts
 * datasetId('e5n6w'); // 'urn:ldntwin:dataset:london-datastore:e5n6w'
 * ```
 */
export function datasetId(id: string): string {
  return twinId('Dataset', 'london-datastore', id);
}

/**
 * Maps one dataset of the v3 export.
 *
 * @example
 * ```ts
 * const record = mapExportDataset(RawExportDataset.parse(item), ctx);
 * record.properties.attributes.distributions?.[0]?.id; // a resource id of this edition
 * ```
 */
export function mapExportDataset(raw: RawExportDataset, ctx: CatalogueContext): DatasetRecord {
  const publisher = raw.masthead?.title ?? raw.team?.title;
  const key = slugOf(raw.webpage) ?? raw.id;
  const resources = raw.resources.map((r) => fromExportResource(r, key, ctx.baseUrl));
  return datasetRecord(
    {
      id: raw.id,
      title: raw.title,
      descriptionHtml: raw.description,
      landingPage: raw.webpage ?? `${ctx.baseUrl}/dataset/${encodeURIComponent(raw.id)}`,
      publisher,
      themes: raw.topics.map((t) => t.title ?? t.id).filter(isText),
      keywords: raw.tags,
      issued: toInstant(raw.createdAt),
      modified: toInstant(raw.updatedAt),
      sharing: raw.sharing,
      licence: datastoreLicence(raw.licence, publisher, raw.description),
      resources,
      source: { dataset: 'datasets/export', url: `${ctx.baseUrl}/api/v3/datasets/export.json` },
      extra: { teamId: raw.team?.id, mastheadId: raw.masthead?.id, nextReviewDate: raw.nextReviewDate },
    },
    ctx,
  );
}

/**
 * Maps one dataset read through `GET /api/dataset/{id-or-slug}` with its parsed resources.
 *
 * @example
 * ```ts
 * const { detail, resources } = await readDataset(client, baseUrl, 'test-dataset');
 * const record = mapDatasetDetail(detail, resources, 'test-dataset', ctx);
 * ```
 */
export function mapDatasetDetail(
  raw: RawDatasetDetail,
  resources: readonly DatastoreResource[],
  key: string,
  ctx: CatalogueContext,
): DatasetRecord {
  const slug = raw.slug ?? key;
  const publisher = raw.masthead?.title ?? raw.team?.title;
  return datasetRecord(
    {
      id: raw.id,
      title: raw.title,
      descriptionHtml: raw.description,
      landingPage: `${ctx.baseUrl}/dataset/${encodeURIComponent(slug)}`,
      publisher,
      themes: raw.topics.map((t) => t.title ?? t.id).filter(isText),
      keywords: raw.tags,
      issued: toInstant(raw.createdAt),
      modified: toInstant(raw.updatedAt),
      sharing: raw.sharing,
      licence: datastoreLicence(raw.licence, publisher, raw.description),
      resources,
      source: { dataset: 'dataset', url: `${ctx.baseUrl}/api/dataset/${encodeURIComponent(key)}` },
      extra: {},
    },
    ctx,
  );
}

/**
 * Maps one resource (a file) to a Dataset record of its own, `partOf` its dataset's record.
 *
 * @example
 * ```ts
 * const record = mapResource(resource, { datasetTwinId: datasetId('2k55d'), licence: GLA_OGL_LICENCE }, ctx);
 * ```
 */
export function mapResource(
  resource: DatastoreResource,
  parent: {
    readonly datasetTwinId: string;
    readonly licence: Licence;
    readonly keywords?: readonly string[];
  },
  ctx: CatalogueContext,
): DatasetRecord {
  const landingPage = `${ctx.baseUrl}/dataset/${encodeURIComponent(resource.dataset)}`;
  return twinRecord('Dataset', {
    id: ['london-datastore-resource', resource.id],
    name: resource.title || undefined,
    description: resource.description ? htmlToText(resource.description) : undefined,
    identifiers: [{ scheme: 'other', value: resource.id, issuer: `${ISSUER} resource` }],
    recordedAt: resource.modified ?? ctx.retrievedAt,
    relations: [{ rel: 'partOf', target: parent.datasetTwinId }],
    provenance: {
      publisher: PUBLISHER,
      dataset: resource.dataset,
      sourceId: resource.id,
      sourceUrl: `${ctx.baseUrl}/api/dataset/${encodeURIComponent(resource.dataset)}`,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: ctx.connector,
    },
    licence: parent.licence,
    attributes: {
      landingPage,
      ...(parent.keywords?.length ? { keywords: [...parent.keywords] } : {}),
      modified: resource.modified || undefined,
      distributions: resource.url ? [distribution(resource, resource.url)] : [],
      coverage: resource.coverage || undefined,
    },
  });
}

interface DatasetFields {
  readonly id: string;
  readonly title: string | undefined;
  readonly descriptionHtml: string | undefined;
  readonly landingPage: string;
  readonly publisher: string | undefined;
  readonly themes: string[];
  readonly keywords: string[];
  readonly issued: string | undefined;
  readonly modified: string | undefined;
  readonly sharing: string | undefined;
  readonly licence: Licence;
  readonly resources: readonly DatastoreResource[];
  readonly source: { readonly dataset: string; readonly url: string };
  readonly extra: Readonly<Record<string, string | undefined>>;
}

function datasetRecord(fields: DatasetFields, ctx: CatalogueContext): DatasetRecord {
  const description = fields.descriptionHtml ? htmlToText(fields.descriptionHtml) : undefined;
  const extra = withoutUndefined(fields.extra);
  return twinRecord('Dataset', {
    id: datasetId(fields.id),
    name: fields.title || undefined,
    description: description || undefined,
    identifiers: [{ scheme: 'other', value: fields.id, issuer: ISSUER }],
    recordedAt: fields.modified ?? ctx.retrievedAt,
    provenance: {
      publisher: PUBLISHER,
      dataset: fields.source.dataset,
      sourceId: fields.id,
      sourceUrl: fields.landingPage,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: ctx.connector,
    },
    licence: fields.licence,
    // Only public datasets are in the export and readable without a key; a private one read with a
    // key is not labelled open by default.
    access:
      fields.sharing === undefined || fields.sharing === 'public'
        ? OPEN_ACCESS
        : { classification: 'official' },
    attributes: {
      landingPage: fields.landingPage,
      publisher: fields.publisher || undefined,
      themes: fields.themes.length ? fields.themes : undefined,
      keywords: fields.keywords.length ? fields.keywords : undefined,
      issued: fields.issued || undefined,
      modified: fields.modified || undefined,
      distributions: fields.resources.flatMap((r) => (r.url ? [distribution(r, r.url)] : [])),
      sharing: fields.sharing || undefined,
      descriptionHtml: fields.descriptionHtml || undefined,
      ...extra,
    },
  });
}

function distribution(resource: DatastoreResource, url: string) {
  return {
    url,
    id: resource.id,
    ...(resource.title ? { title: resource.title } : {}),
    ...(resource.format ? { format: resource.format } : {}),
    ...(resource.mediaType ? { mediaType: resource.mediaType } : {}),
    ...(resource.byteSize !== undefined ? { byteSize: resource.byteSize } : {}),
    ...(resource.fileName ? { fileName: resource.fileName } : {}),
    ...(resource.modified ? { modified: resource.modified } : {}),
    ...(resource.checksum ? { checksum: resource.checksum } : {}),
  };
}

/**
 * Plain text from the Datastore's HTML descriptions: tags dropped, common entities decoded,
 * whitespace collapsed.
 *
 * @example
 * ```ts
 * htmlToText('<p> Mocking API call</p>'); // 'Mocking API call'
 * ```
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/li|\/h\d)\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The dataset slug from its page URL (`.../dataset/{slug}`). */
function slugOf(webpage: string | undefined): string | undefined {
  return webpage ? /\/dataset\/([^/?#]+)/.exec(webpage)?.[1] : undefined;
}

function isText(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
