/**
 * Attributes of the CulturalVenue kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import { z } from 'zod';

/**
 * Attributes of a CulturalVenue (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { CulturalVenueAttributes } from '@ldn-twin/core';
 * CulturalVenueAttributes.parse({ venueType: 'theatre' });
 * ```
 */
export const CulturalVenueAttributes = z
  .looseObject({ venueType: z.string().optional() })
  .meta({ id: 'CulturalVenueAttributes', description: 'A cultural venue (loose)' });
