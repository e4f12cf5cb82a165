/**
 * Attributes of the CulturalVenue kind, as the GLA's Cultural Infrastructure Map publishes venues:
 * one file per venue type (music venues, theatres, libraries, pubs, ...) whose rows are venues with
 * coordinates (`latitude`/`longitude` in the GeoPackage layers). The field guide confirms the venue
 * types and the coordinate columns but no other column name, so the typed fields are the few every
 * venue has (type, name and coordinates in the envelope, address and borough where given) and every
 * other column is kept as text in `extra` under its original name.
 */
import * as z from 'zod';

/**
 * Attributes of a CulturalVenue.
 *
 * @example
 * ```ts
 * import { CulturalVenueAttributes } from '@ldn-twin/core';
 * CulturalVenueAttributes.parse({
 *   venueType: 'music-venues',
 *   venueTypeLabel: 'Music venues (grassroots)',
 *   address: '1 Example Street, London',
 *   borough: 'Camden',
 * });
 * ```
 */
export const CulturalVenueAttributes = z
  .strictObject({
    /**
     * The venue type as a kebab-case key, e.g. `music-venues`, `theatres`, `artists-workspaces`.
     * The Cultural Infrastructure Map connector always sets it; optional only so that a venue of no
     * known type stays a valid record.
     */
    venueType: z
      .string()
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case venue type, e.g. music-venues')
      .optional(),
    /** The publisher's label of the venue type (the title of the file it came from). */
    venueTypeLabel: z.string().min(1).optional(),
    /** The address as one line, as published. */
    address: z.string().min(1).optional(),
    /** The London borough, as published (a name; not checked against GSS codes). */
    borough: z.string().min(1).optional(),
    /** Columns not mapped to a field above, under their original names, as text. */
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'CulturalVenueAttributes', description: 'A cultural venue of one venue type' });
