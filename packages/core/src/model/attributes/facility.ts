/**
 * Attributes of the Facility kind, grounded in TfL BikePoint (field guide §1e): a cycle hire
 * docking station with its terminal, state flags and dock count. Live availability (bikes, empty
 * docks) is not an attribute: it comes as Observation records that observe the facility.
 */
import * as z from 'zod';
import { IsoInstantSchema } from '../time.js';

/**
 * Attributes of a Facility. `facilityType` names what it is (`cycle-hire-dock`, `car-park`,
 * `toilet`); `capacity` how many it holds (docks of a cycle hire station). The cycle hire fields
 * (`terminalName`, `installed`, `locked`, `temporary`, `installDate`, `removalDate`) are TfL's
 * BikePoint properties; `extra` keeps other upstream fields as strings. Every field is optional, but
 * unknown keys are rejected.
 *
 * @example
 * ```ts
 * import { FacilityAttributes } from '@ldn-twin/core';
 * FacilityAttributes.parse({
 *   facilityType: 'cycle-hire-dock',
 *   capacity: 19,
 *   terminalName: '001023',
 *   installed: true,
 *   locked: false,
 * });
 * ```
 */
export const FacilityAttributes = z
  .strictObject({
    facilityType: z.string().min(1).optional(),
    capacity: z.number().int().nonnegative().optional(),
    terminalName: z.string().min(1).optional(),
    installed: z.boolean().optional(),
    locked: z.boolean().optional(),
    temporary: z.boolean().optional(),
    installDate: IsoInstantSchema.optional(),
    removalDate: IsoInstantSchema.optional(),
    /** Other upstream fields, as strings under their original keys. */
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'FacilityAttributes', description: 'A facility: cycle hire dock, car park, toilet' });
