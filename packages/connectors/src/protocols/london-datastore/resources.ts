/**
 * Datastore resources (files) as one normalised shape, from either payload: the v3 export's
 * resource array or one dataset's resource object keyed by id. Resource ids change between editions
 * of a dataset, so they are always read from these listings, never written into code.
 */
import type { HttpClient, Logger } from '@ldn-twin/core';
import { IsoInstantSchema, withoutUndefined } from '@ldn-twin/core';
import { RawDatasetDetail, RawDetailResource, type RawExportResource } from './raw.js';

/**
 * One file of a Datastore dataset.
 *
 * @example
 * ```ts
 * const csv: DatastoreResource | undefined = resources.find((r) => r.format === 'csv');
 * ```
 */
export interface DatastoreResource {
  /** The resource id (a UUID); changes between editions. */
  readonly id: string;
  /** The dataset id or slug it was listed under. */
  readonly dataset: string;
  readonly title?: string;
  readonly description?: string;
  /** Where to download it (a Datastore `/download/...` URL, on the configured base URL). */
  readonly url?: string;
  /** The format, lower case: as declared, else the file extension (`csv`, `gpkg`, `zip`, ...). */
  readonly format?: string;
  /** The media type the Datastore's link checker recorded (`check_mimetype`), if any. */
  readonly mediaType?: string;
  /** The declared size in bytes (`size`, or `check_size`). */
  readonly byteSize?: number;
  readonly fileName?: string;
  /** When it last changed (a timestamp without an offset keeps only its date). */
  readonly modified?: string;
  readonly checksum?: string;
  /** The position the publisher gave it (`order`). */
  readonly order?: number;
  /** The period the data covers, as given. */
  readonly coverage?: { readonly from?: string; readonly to?: string };
}

/**
 * An ISO instant the record model accepts: a date-time with an offset or a date. A date-time without
 * an offset (the Datastore's resource `timestamp`) keeps only its date, since its zone is not stated.
 *
 * @example
 * ```ts
 * toInstant('2019-07-19T16:00:56'); // '2019-07-19'
 * toInstant('2001-01-01T00:00:00.000Z'); // '2001-01-01T00:00:00.000Z'
 * ```
 */
export function toInstant(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (IsoInstantSchema.safeParse(text).success) return text;
  const date = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}/.exec(text)?.[1];
  return date && IsoInstantSchema.safeParse(date).success ? date : undefined;
}

/**
 * Normalises one resource of the v3 export.
 *
 * @example
 * ```ts
 * const resource = fromExportResource(RawExportResource.parse(item), 'cultural-infrastructure-map', baseUrl);
 * ```
 */
export function fromExportResource(
  raw: RawExportResource,
  dataset: string,
  baseUrl: string,
): DatastoreResource {
  const fileName = raw.filename ?? baseName(raw.url);
  return withoutUndefined({
    id: raw.id,
    dataset,
    title: raw.title,
    description: raw.description,
    url: downloadUrl(baseUrl, dataset, raw.id, raw.url, fileName),
    format: formatOf(raw.format, fileName),
    byteSize: byteSize(raw.size),
    fileName,
    modified: toInstant(raw.timestamp),
    checksum: raw.hash,
    coverage: coverage(raw.timeframeFrom, raw.timeframeTo),
  });
}

/**
 * Normalises one resource of `GET /api/dataset/{id}` (its id is its key in `resources`).
 *
 * @example
 * ```ts
 * const resource = fromDetailResource('res-abc-1', RawDetailResource.parse(value), 'test-dataset', baseUrl);
 * ```
 */
export function fromDetailResource(
  id: string,
  raw: RawDetailResource,
  dataset: string,
  baseUrl: string,
): DatastoreResource {
  const fileName = baseName(raw.url);
  return withoutUndefined({
    id,
    dataset,
    title: raw.title,
    description: raw.description,
    url: downloadUrl(baseUrl, dataset, id, raw.url, fileName),
    format: formatOf(raw.format, fileName),
    mediaType: raw.check_mimetype?.split(';')[0]?.trim().toLowerCase(),
    byteSize: byteSize(raw.check_size),
    fileName,
    modified: toInstant(raw.check_timestamp),
    checksum: raw.check_hash,
    order: raw.order,
    coverage: coverage(raw.temporal_coverage_from, raw.temporal_coverage_to),
  });
}

/**
 * One dataset read through `GET /api/dataset/{id-or-slug}`: the parsed body and its resources in the
 * publisher's order. A resource that does not parse is logged and left out of `resources`, and
 * counted in `invalid`.
 *
 * @example
 * ```ts
 * const { detail, resources } = await readDataset(client, 'https://data.london.gov.uk', 'cultural-infrastructure-map-2023-23697');
 * const csvs = resources.filter((r) => r.format === 'csv');
 * ```
 */
export async function readDataset(
  client: HttpClient,
  baseUrl: string,
  dataset: string,
  options: { readonly signal?: AbortSignal | undefined; readonly apiKey?: string | undefined } = {},
): Promise<{
  detail: RawDatasetDetail;
  entries: [string, unknown][];
  resources: DatastoreResource[];
  invalid: number;
}> {
  const { data } = await client.json(
    `${baseUrl}/api/dataset/${encodeURIComponent(dataset)}`,
    RawDatasetDetail,
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.apiKey ? { auth: { type: 'header', name: 'authorization', value: options.apiKey } } : {}),
      label: 'london-datastore dataset',
    },
  );
  const entries = Object.entries(data.resources);
  const resources: DatastoreResource[] = [];
  let invalid = 0;
  for (const [id, value] of entries) {
    const parsed = RawDetailResource.safeParse(value);
    if (parsed.success) resources.push(fromDetailResource(id, parsed.data, dataset, baseUrl));
    else {
      invalid += 1;
      warn(client.logger, dataset, id, parsed.error.issues[0]?.message);
    }
  }
  resources.sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER));
  return { detail: data, entries, resources, invalid };
}

function warn(logger: Logger, dataset: string, id: string, message: string | undefined): void {
  logger.warn?.('london-datastore: a resource does not parse and is left out', { dataset, id, message });
}

/**
 * The download URL: the listed URL, moved onto the configured base URL when it is a Datastore
 * `/download/` link (so a proxy works); else `{baseUrl}/download/{dataset}/{id}/{file}` as the GLA's
 * client builds it.
 */
function downloadUrl(
  baseUrl: string,
  dataset: string,
  id: string,
  url: string | undefined,
  fileName: string | undefined,
): string | undefined {
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url, baseUrl);
    } catch {
      return undefined;
    }
    const onDatastore = parsed.hostname === 'data.london.gov.uk' || parsed.origin === new URL(baseUrl).origin;
    return onDatastore && parsed.pathname.startsWith('/download/')
      ? `${baseUrl}${parsed.pathname}${parsed.search}`
      : parsed.toString();
  }
  if (fileName === undefined) return undefined;
  return `${baseUrl}/download/${[dataset, id, fileName].map(encodeURIComponent).join('/')}`;
}

/** The last path segment of a URL, if it looks like a file name. */
function baseName(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const last = url.split(/[?#]/)[0]?.split('/').pop();
  return last && /\.[A-Za-z0-9]{1,8}$/.test(last) ? decodeURIComponentSafe(last) : undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function formatOf(format: string | undefined, fileName: string | undefined): string | undefined {
  if (format !== undefined) return format.toLowerCase().replace(/^\./, '');
  return /\.([A-Za-z0-9]{1,8})$/.exec(fileName ?? '')?.[1]?.toLowerCase();
}

function byteSize(size: number | undefined): number | undefined {
  return size !== undefined && Number.isInteger(size) && size >= 0 ? size : undefined;
}

function coverage(from: string | undefined, to: string | undefined) {
  return from === undefined && to === undefined ? undefined : withoutUndefined({ from, to });
}
