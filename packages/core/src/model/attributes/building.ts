/**
 * Attributes of the Building kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import { z } from 'zod';

/**
 * Attributes of a Building (loose, no connector yet).
 *
 * @example
 * ```ts
 * import { BuildingAttributes } from '@ldn-twin/core';
 * BuildingAttributes.parse({ use: 'residential', heightMetres: 18.5, storeys: 6 });
 * ```
 */
export const BuildingAttributes = z
  .looseObject({
    use: z.string().optional(),
    heightMetres: z.number().optional(),
    storeys: z.number().int().optional(),
    yearBuilt: z.number().int().optional(),
  })
  .meta({ id: 'BuildingAttributes', description: 'A building (loose)' });
