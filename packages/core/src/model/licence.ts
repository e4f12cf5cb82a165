/**
 * Licence and attribution on every record, so an app can credit exactly what is on screen. The Open
 * Government Licence v3 requires the attribution statement.
 */
import * as z from 'zod';

/**
 * Zod schema of a {@link Licence}: an SPDX-style id (`OGL-UK-3.0`, `CC-BY-4.0`, `ODbL-1.0`), its URL
 * and the exact attribution statements the licensor asks for (may be empty when none is required).
 *
 * @example
 * ```ts
 * import { LicenceSchema } from '@ldn-twin/core';
 * LicenceSchema.parse({
 *   id: 'OGL-UK-3.0',
 *   url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
 *   attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'],
 * });
 * ```
 */
export const LicenceSchema = z
  .strictObject({
    id: z.string().min(1),
    url: z.url().optional(),
    attribution: z.array(z.string().min(1)),
  })
  .meta({ id: 'Licence', description: 'Licence id (SPDX-style), URL and exact attribution statements' });

/**
 * The licence of a record.
 *
 * @example
 * ```ts
 * import type { Licence } from '@ldn-twin/core';
 * const licence: Licence = { id: 'CC-BY-4.0', attribution: ['© Example Ltd'] };
 * ```
 */
export type Licence = z.infer<typeof LicenceSchema>;

/**
 * The URL of the Open Government Licence v3.0.
 *
 * @example
 * ```ts
 * import { OGL_V3_URL } from '@ldn-twin/core';
 * const licence = { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: ['Contains OS data © Crown copyright'] };
 * ```
 */
export const OGL_V3_URL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

/**
 * The URL of the Open Government Licence v2.0 (LAQN's licence, and many London Datastore datasets').
 *
 * @example
 * ```ts
 * import { OGL_V2_URL } from '@ldn-twin/core';
 * const licence = { id: 'OGL-UK-2.0', url: OGL_V2_URL, attribution: ['Contains public sector information licensed under the Open Government Licence v2.0.'] };
 * ```
 */
export const OGL_V2_URL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/';

/**
 * The URL of the Open Government Licence v1.0.
 *
 * @example
 * ```ts
 * import { OGL_V1_URL } from '@ldn-twin/core';
 * const licence = { id: 'OGL-UK-1.0', url: OGL_V1_URL, attribution: ['Contains public sector information licensed under the Open Government Licence v1.0.'] };
 * ```
 */
export const OGL_V1_URL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/1/';
