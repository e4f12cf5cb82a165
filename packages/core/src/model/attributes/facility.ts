/**
 * Attributes of the Facility kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import { z } from 'zod';

/**
 * Attributes of a Facility (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { FacilityAttributes } from '@ldn-twin/core';
 * FacilityAttributes.parse({ facilityType: 'cycle-hire-dock', capacity: 24 });
 * ```
 */
export const FacilityAttributes = z
  .looseObject({ facilityType: z.string().optional(), capacity: z.number().optional() })
  .meta({ id: 'FacilityAttributes', description: 'A facility: cycle dock, car park, toilet (loose)' });
