/**
 * Configuration shared by the Datastore connectors (london-datastore, cultural-infrastructure-map,
 * building-stock-model): where the Datastore is, how large a download may be, and an optional key.
 */
import * as z from 'zod';

/**
 * The Datastore's connection settings.
 *
 * @example
 * ```ts
 * DatastoreSettings.parse({}); // { baseUrl: 'https://data.london.gov.uk', maxDownloadBytes: 104857600, ... }
 * ```
 */
export const DatastoreSettings = z.object({
  /** The Datastore root; override it to go through a proxy or a mirror. */
  baseUrl: z
    .url()
    .default('https://data.london.gov.uk')
    .transform((url) => url.replace(/\/+$/, '')),
  /** The largest download accepted, in bytes (default 100 MB), checked before and while reading. */
  maxDownloadBytes: z
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /** Accept `application/octet-stream` and the like as any format (default true). */
  acceptGenericContentTypes: z.boolean().default(true),
  /** A Datastore API key, only for private datasets (sent as `Authorization`, redacted everywhere). */
  apiKey: z.string().min(1).optional(),
});
/** @example `const settings: DatastoreSettings = DatastoreSettings.parse({});` */
export type DatastoreSettings = z.output<typeof DatastoreSettings>;
