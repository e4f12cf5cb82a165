/**
 * Downloading a Datastore resource as a stream, with the checks a large open-data file needs before
 * anyone reads it: the size the listing declares against a maximum (before any request), the
 * `content-length` against the same maximum, the bytes actually read against it too (a server may
 * not say, or may lie), and the response's content type against what the resource says it is (a
 * private or moved file answers an HTML page with status 200). Mismatches are typed errors.
 */
import {
  type Auth,
  type HttpClient,
  isSchemaError,
  type RedactedRequest,
  ResponseTooLargeError,
  SchemaError,
} from '@ldn-twin/core';
import type { DatastoreResource } from './resources.js';

/**
 * The response's content type is not one the resource's format or media type allows. A
 * `SchemaError` (the request worked, the payload is not what was expected), so `isSchemaError`
 * is true for it too.
 *
 * @example
 * ```ts
 * try { await downloadResource(client, resource, { maxBytes }); } catch (error) {
 *   if (isContentTypeMismatchError(error)) console.warn(error.received, 'is not', error.expected);
 * }
 * ```
 */
export class ContentTypeMismatchError extends SchemaError {
  readonly request: RedactedRequest;
  /** The media types the resource allows. */
  readonly expected: readonly string[];
  /** The media type the server sent. */
  readonly received: string;

  constructor(request: RedactedRequest, expected: readonly string[], received: string) {
    super(
      `london-datastore download ${request.url}`,
      [
        {
          code: 'custom',
          message: `the server sent ${received}, the resource is ${expected.join(' or ')}`,
          path: [],
          input: received,
        },
      ],
      { contentType: received },
    );
    this.request = request;
    this.expected = expected;
    this.received = received;
  }
}

/**
 * True for a {@link ContentTypeMismatchError}, from any copy of the package.
 *
 * @example
 * ```ts
 * if (isContentTypeMismatchError(error)) console.warn(error.received);
 * ```
 */
export function isContentTypeMismatchError(error: unknown): error is ContentTypeMismatchError {
  return isSchemaError(error) && error.name === 'ContentTypeMismatchError';
}

/**
 * The size the listing declares for a resource is above the maximum: nothing was requested. A
 * `ResponseTooLargeError`, so `isResponseTooLargeError` is true for it too.
 *
 * @example
 * ```ts
 * if (isResponseTooLargeError(error) && error instanceof DeclaredSizeTooLargeError) console.log(error.declaredBytes);
 * ```
 */
export class DeclaredSizeTooLargeError extends ResponseTooLargeError {
  readonly declaredBytes: number;

  constructor(request: RedactedRequest, maxBytes: number, declaredBytes: number) {
    super(request, maxBytes);
    this.declaredBytes = declaredBytes;
    this.message = `${request.method} ${request.url}: the resource declares ${declaredBytes} bytes, more than the maximum of ${maxBytes}; nothing was downloaded`;
  }
}

/** Media types each declared format may come as. */
const FORMAT_TYPES: Readonly<Record<string, readonly string[]>> = {
  csv: ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'],
  json: ['application/json', 'text/json', 'text/plain'],
  geojson: ['application/geo+json', 'application/vnd.geo+json', 'application/json'],
  zip: ['application/zip', 'application/x-zip-compressed', 'application/x-zip'],
  gpkg: ['application/geopackage+sqlite3', 'application/x-sqlite3', 'application/vnd.sqlite3'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  xls: ['application/vnd.ms-excel'],
  pdf: ['application/pdf'],
};

/** Types servers send for any file; accepted unless `acceptGenericContentTypes` is false. */
const GENERIC_TYPES = ['application/octet-stream', 'binary/octet-stream', 'application/force-download'];

/**
 * Options of {@link downloadResource}.
 *
 * @example
 * ```ts
 * const options: DownloadOptions = { maxBytes: 50 * 1024 * 1024, acceptGenericContentTypes: true };
 * ```
 */
export interface DownloadOptions {
  /** The largest file accepted, in bytes. */
  readonly maxBytes: number;
  /** Accept `application/octet-stream` and the like for any format (default true). */
  readonly acceptGenericContentTypes?: boolean;
  readonly signal?: AbortSignal | undefined;
  /**
   * A Datastore API key, for private datasets (sent as `Authorization`, redacted everywhere), and
   * only to the Datastore itself: never to a resource hosted elsewhere.
   */
  readonly apiKey?: string | undefined;
  /** The Datastore root (`baseUrl` of the settings): the only origin `apiKey` is sent to. */
  readonly baseUrl?: string | undefined;
}

/**
 * A download under way: read `body` (once); it errors with a `ResponseTooLargeError` as soon as
 * more than `maxBytes` arrive.
 *
 * @example
 * ```ts
 * const { body, contentType } = await downloadResource(client, resource, { maxBytes });
 * ```
 */
export interface ResourceDownload {
  readonly resource: DatastoreResource;
  /** The URL requested, redacted. */
  readonly url: string;
  readonly contentType: string | undefined;
  readonly contentLength: number | undefined;
  readonly body: ReadableStream<Uint8Array>;
}

/**
 * The media types a resource may be served as, from its recorded media type and its format; empty
 * when neither is known (then no check is made).
 *
 * @example
 * ```ts
 * expectedTypes({ id: 'x', dataset: 'd', format: 'csv' }); // ['text/csv', 'application/csv', ...]
 * ```
 */
export function expectedTypes(resource: Pick<DatastoreResource, 'format' | 'mediaType'>): string[] {
  const types = new Set<string>();
  if (resource.mediaType) types.add(resource.mediaType);
  for (const type of FORMAT_TYPES[resource.format ?? ''] ?? []) types.add(type);
  return [...types];
}

/**
 * Downloads a resource as a stream, checking its declared size, `content-length` and content type
 * first. Throws {@link DeclaredSizeTooLargeError} (nothing requested), `ResponseTooLargeError`,
 * {@link ContentTypeMismatchError}, or the client's HTTP errors.
 *
 * @example
 * ```ts
 * import { createClient } from '@ldn-twin/core';
 * import { downloadResource, findResources } from '@ldn-twin/connectors/london-datastore';
 *
 * const client = createClient();
 * const [csv] = (await findResources(client, { dataset: 'cultural-infrastructure-map-2023-23697' })).filter(
 *   (r) => r.format === 'csv',
 * );
 * const { body } = await downloadResource(client, csv!, { maxBytes: 20_000_000 });
 * ```
 */
export async function downloadResource(
  client: HttpClient,
  resource: DatastoreResource,
  options: DownloadOptions,
): Promise<ResourceDownload> {
  const url = resource.url;
  const request: RedactedRequest = { method: 'GET', url: url ?? `(resource ${resource.id} has no URL)` };
  if (url === undefined) {
    throw new SchemaError(
      `london-datastore resource ${resource.id}`,
      [{ code: 'custom', message: 'the resource has no download URL', path: ['url'], input: undefined }],
      resource,
    );
  }
  if (resource.byteSize !== undefined && resource.byteSize > options.maxBytes) {
    throw new DeclaredSizeTooLargeError(request, options.maxBytes, resource.byteSize);
  }
  // The key is the Datastore's: a resource hosted by a third party never sees it.
  const onDatastore = new URL(url).origin === new URL(options.baseUrl ?? 'https://data.london.gov.uk').origin;
  const auth: Auth | undefined =
    options.apiKey && onDatastore
      ? { type: 'header', name: 'authorization', value: options.apiKey }
      : undefined;
  const response = await client.stream(url, {
    headers: { accept: '*/*' },
    ...(auth ? { auth } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    label: 'london-datastore download',
  });
  const redacted: RedactedRequest = { method: 'GET', url: client.redactor.url(response.url || url) };
  const length = Number(response.headers.get('content-length') ?? Number.NaN);
  const contentLength = Number.isFinite(length) ? length : undefined;
  if (contentLength !== undefined && contentLength > options.maxBytes) {
    void response.body?.cancel().catch(() => {});
    throw new ResponseTooLargeError(redacted, options.maxBytes);
  }
  const contentType = response.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;
  const expected = expectedTypes(resource);
  if (contentType !== undefined && expected.length > 0 && !expected.includes(contentType)) {
    const generic = (options.acceptGenericContentTypes ?? true) && GENERIC_TYPES.includes(contentType);
    if (!generic) {
      void response.body?.cancel().catch(() => {});
      throw new ContentTypeMismatchError(redacted, expected, contentType);
    }
  }
  if (contentLength !== undefined && resource.byteSize !== undefined && contentLength !== resource.byteSize) {
    // A new edition may replace a file under the same id; worth knowing, not worth failing.
    client.logger.info?.('london-datastore: the download size differs from the listing', {
      url: redacted.url,
      declared: resource.byteSize,
      contentLength,
    });
  }
  const body = response.body ?? new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  return {
    resource,
    url: redacted.url,
    contentType,
    contentLength,
    body: body.pipeThrough(limitBytes(options.maxBytes, redacted)),
  };
}

/** Passes bytes through, erroring once more than `maxBytes` have passed. */
function limitBytes(maxBytes: number, request: RedactedRequest): TransformStream<Uint8Array, Uint8Array> {
  let bytes = 0;
  return new TransformStream({
    transform(chunk, controller) {
      bytes += chunk.byteLength;
      if (bytes > maxBytes) controller.error(new ResponseTooLargeError(request, maxBytes));
      else controller.enqueue(chunk);
    },
  });
}
