/**
 * Attributes of the Alert kind: a warning in force for an area, such as an Environment Agency flood
 * warning. Strict (another warning service's own fields go in `extra`); the fields below are those
 * the EA flood monitoring API publishes, all optional except where every alert has them.
 */
import * as z from 'zod';

const instant = z.iso.datetime({ offset: true });

/**
 * Attributes of an Alert. `severity` is the publisher's label and `severityLevel` its number (EA:
 * 1 Severe Flood Warning, 2 Flood Warning, 3 Flood Alert, 4 Warning no longer in force); `area` is the
 * publisher's code of the area the alert is for (EA flood area notation, also a relation).
 *
 * @example
 * ```ts
 * import { AlertAttributes } from '@ldn-twin/core';
 * AlertAttributes.parse({
 *   severity: 'Flood Warning',
 *   severityLevel: 2,
 *   area: '122FWF723',
 *   areaDescription: 'River Ouse at Naburn Lock',
 *   isTidal: false,
 *   raisedAt: '2015-12-10T14:22:00Z',
 * });
 * ```
 */
export const AlertAttributes = z
  .strictObject({
    severity: z.string().optional(),
    severityLevel: z.number().int().optional(),
    area: z.string().optional(),
    message: z.string().optional(),
    /** The area's label as the alert gives it (EA `description`). */
    areaDescription: z.string().optional(),
    /** The publisher's operational area and region (EA `eaAreaName`, `eaRegionName`). */
    operatorArea: z.string().optional(),
    operatorRegion: z.string().optional(),
    isTidal: z.boolean().optional(),
    /** When the alert was raised, its severity last changed and its message last changed. */
    raisedAt: instant.optional(),
    severityChangedAt: instant.optional(),
    messageChangedAt: instant.optional(),
    /** Source fields with no place above, as text under their original names. */
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'AlertAttributes', description: 'A warning in force for an area' });
