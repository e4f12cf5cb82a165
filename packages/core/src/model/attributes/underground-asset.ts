/**
 * Attributes of the UndergroundAsset kind: a buried pipe, cable, duct or chamber. The national register
 * (NUAR) has no public API and its schema is not public, so no upstream payload is recorded; the
 * `underground-assets` connector imports data a user is authorised to hold (GeoJSON or an OGC API -
 * Features endpoint) and maps its attributes to these fields by configured names. Strict:
 * attributes mapped to no field go in `extra`. Such records are restricted by their access label.
 */
import * as z from 'zod';

/**
 * Attributes of an UndergroundAsset (loose; such records are usually restricted).
 *
 * @example
 * ```ts
 * import { UndergroundAssetAttributes } from '@ldn-twin/core';
 * UndergroundAssetAttributes.parse({ assetType: 'water-main', owner: 'Thames Water', depthMetres: 1.2 });
 * ```
 */
export const UndergroundAssetAttributes = z
  .strictObject({
    assetType: z.string().optional(),
    owner: z.string().optional(),
    material: z.string().optional(),
    /** Depth below ground level, in metres. */
    depthMetres: z.number().optional(),
    /** The collection or dataset it came from (an OGC API collection id, or a name given on import). */
    collection: z.string().min(1).optional(),
    /** Upstream attributes not mapped to a field above, under their original names, as text. */
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'UndergroundAssetAttributes', description: 'A buried asset: pipe, cable, duct (loose)' });
