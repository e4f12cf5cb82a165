/**
 * Attributes of the Dataset kind: a DCAT-like catalogue entry (dcat:Dataset with its
 * dcat:Distribution list). Several connectors list catalogues (planning.data, OGC API collections,
 * ArcGIS layers, the London Datastore), each with catalogue fields of its own, so the object stays
 * loose (`z.looseObject`: unknown fields are kept); the fields every catalogue shares are typed here.
 * The distribution fields follow what the London Datastore (DataPress) API serves for each resource
 * (id, title, format, URL, size, file name, hash, timestamp), as the GLA's own client reads them.
 */
import * as z from 'zod';
import { IsoInstantSchema } from '../time.js';

/**
 * One distribution (dcat:Distribution): a downloadable file or an API endpoint of a dataset.
 *
 * @example
 * ```ts
 * import { DatasetDistribution } from '@ldn-twin/core';
 * DatasetDistribution.parse({
 *   url: 'https://data.london.gov.uk/download/test-dataset/res-abc-1/bus-data-2019.csv',
 *   id: 'res-abc-1',
 *   title: 'Bus data 2019',
 *   format: 'csv',
 *   byteSize: 12345,
 * });
 * ```
 */
export const DatasetDistribution = z
  .looseObject({
    /** Where to get it (dcat:downloadURL / accessURL). */
    url: z.url(),
    /** The IANA media type, where known (dcat:mediaType). */
    mediaType: z.string().optional(),
    /** The publisher's id of this distribution (a London Datastore resource id); changes between editions. */
    id: z.string().min(1).optional(),
    title: z.string().min(1).optional(),
    /** The publisher's format label as given (`csv`, `gpkg`, `zip`, ...) (dct:format). */
    format: z.string().min(1).optional(),
    /** Size in bytes as the publisher declares it (dcat:byteSize). */
    byteSize: z.number().int().nonnegative().optional(),
    fileName: z.string().min(1).optional(),
    /** When the file last changed, as the publisher declares it (dct:modified). */
    modified: IsoInstantSchema.optional(),
    /** The publisher's content hash, as given (the algorithm is the publisher's). */
    checksum: z.string().min(1).optional(),
  })
  .meta({ id: 'DatasetDistribution', description: 'A DCAT-like distribution: a file or endpoint' });

/**
 * Attributes of a Dataset: a DCAT-like catalogue entry. The title and description are the record's
 * `name` and `description`; the catalogue's own id is in `identifiers`.
 *
 * @example
 * ```ts
 * import { DatasetAttributes } from '@ldn-twin/core';
 * DatasetAttributes.parse({
 *   landingPage: 'https://data.london.gov.uk/dataset/london-borough-profiles',
 *   publisher: 'Greater London Authority',
 *   themes: ['demography'],
 *   modified: '2026-01-15T10:00:00.000Z',
 * });
 * ```
 */
export const DatasetAttributes = z
  .looseObject({
    /** The human page of the dataset (dcat:landingPage). */
    landingPage: z.url().optional(),
    /** Who publishes the dataset (dct:publisher), as the catalogue names it. */
    publisher: z.string().min(1).optional(),
    /** Topics or themes (dcat:theme), as the catalogue names them. */
    themes: z.array(z.string()).optional(),
    /** Tags (dcat:keyword). */
    keywords: z.array(z.string()).optional(),
    issued: IsoInstantSchema.optional(),
    modified: IsoInstantSchema.optional(),
    distributions: z.array(DatasetDistribution).optional(),
  })
  .meta({ id: 'DatasetAttributes', description: 'A DCAT-like catalogue entry (loose)' });
