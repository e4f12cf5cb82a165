/**
 * Attributes of the UndergroundAsset kind. Loose (`z.looseObject`: unknown fields are kept) and minimal until
 * its first connector lands and real payloads show the shape; that connector owns this file.
 */
import { z } from 'zod';

/**
 * Attributes of an UndergroundAsset (loose, no connector yet; such records are usually restricted).
 *
 * @example
 * ```ts
 * import { UndergroundAssetAttributes } from '@ldn-twin/core';
 * UndergroundAssetAttributes.parse({ assetType: 'water-main', owner: 'Thames Water', depthMetres: 1.2 });
 * ```
 */
export const UndergroundAssetAttributes = z
  .looseObject({
    assetType: z.string().optional(),
    owner: z.string().optional(),
    material: z.string().optional(),
    depthMetres: z.number().optional(),
  })
  .meta({ id: 'UndergroundAssetAttributes', description: 'A buried asset: pipe, cable, duct (loose)' });
