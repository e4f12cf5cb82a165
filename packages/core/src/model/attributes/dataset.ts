/**
 * Attributes of the Dataset kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import { z } from 'zod';
import { IsoInstantSchema } from '../time.js';

/**
 * Attributes of a Dataset: a DCAT-like catalogue entry (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { DatasetAttributes } from '@ldn-twin/core';
 * DatasetAttributes.parse({ landingPage: 'https://data.london.gov.uk/dataset/london-borough-profiles', themes: ['demography'] });
 * ```
 */
export const DatasetAttributes = z
  .looseObject({
    landingPage: z.url().optional(),
    themes: z.array(z.string()).optional(),
    keywords: z.array(z.string()).optional(),
    issued: IsoInstantSchema.optional(),
    modified: IsoInstantSchema.optional(),
    distributions: z.array(z.looseObject({ url: z.url(), mediaType: z.string().optional() })).optional(),
  })
  .meta({ id: 'DatasetAttributes', description: 'A DCAT-like catalogue entry (loose)' });
