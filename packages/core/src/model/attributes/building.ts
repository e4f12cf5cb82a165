/**
 * Attributes of the Building kind, as the OGC API - Features connectors (`ogc-features`, `os-ngd`)
 * and the London Building Stock Model fill them. No real OS NGD payload is recorded yet and the
 * field guide names no upstream height attribute, so the connectors map upstream attributes to these
 * fields by configured names; anything else goes in `extra` (strict). Heights are in metres: `heightMetres`
 * from the ground to the top, `groundElevationMetres` the ground level above the vertical datum (ODN
 * in Great Britain), which is what a LoD1 model (CityJSON) or a MapLibre fill-extrusion needs.
 */
import * as z from 'zod';

/**
 * Attributes of a Building: use, heights and storeys, and the Building Stock Model's modelled fields.
 *
 * @example
 * ```ts
 * import { BuildingAttributes } from '@ldn-twin/core';
 * BuildingAttributes.parse({ use: 'residential', heightMetres: 18.5, groundElevationMetres: 11.2, storeys: 6 });
 * ```
 */
export const BuildingAttributes = z
  .strictObject({
    use: z.string().optional(),
    /** Height from the ground to the top of the building, in metres. */
    heightMetres: z.number().nonnegative().optional(),
    /** Ground level at the building, in metres above the vertical datum (ODN in Great Britain). */
    groundElevationMetres: z.number().optional(),
    storeys: z.number().int().optional(),
    yearBuilt: z.number().int().optional(),
    /** The age band as the publisher labels it (Building Stock Model, e.g. `1900-1929`). */
    ageBand: z.string().optional(),
    /** Floor area, square metres (Building Stock Model). */
    floorAreaSquareMetres: z.number().optional(),
    /** The energy rating and efficiency score the model gives the building (A to G; 1 to 100+). */
    energyRating: z.string().optional(),
    energyEfficiency: z.number().optional(),
    /** Modelled energy use, kWh a year (Building Stock Model). */
    annualEnergyKwh: z.number().optional(),
    /** The feature collection it came from (an OGC API collection id, e.g. an OS NGD collection). */
    collection: z.string().min(1).optional(),
    /** Upstream attributes not mapped to a field above, under their original names, as text. */
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'BuildingAttributes', description: 'A building, with heights in metres' });
