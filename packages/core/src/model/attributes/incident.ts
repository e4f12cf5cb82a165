/**
 * Attributes of the Incident kind: something that happened at a place and time and was reported,
 * such as a street-level crime (data.police.uk). Shaped on the police.uk crime object: a category
 * slug, the month it was reported in (police.uk publishes months, never days), and the latest
 * outcome. Strict: the police.uk payload is documented and stable; what it adds later goes to `extra`.
 */
import * as z from 'zod';

const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/**
 * Attributes of an Incident.
 *
 * - `category`: the publisher's category slug (police.uk `category`, e.g. `anti-social-behaviour`);
 *   optional in the schema only so that a bare record stays valid; the police.uk connector always sets it.
 * - `month`: the month of the incident (`YYYY-MM`); police.uk gives no finer date.
 * - `outcome`, `outcomeMonth`: the latest outcome and its month (police.uk `outcome_status`), absent
 *   when none was recorded (always for anti-social behaviour).
 * - `streetName`, `streetId`: the anonymised map point's label ("On or near ...") and the
 *   publisher's id of that point.
 * - `locationType`: who recorded the location (police.uk `Force` or `BTP`, British Transport Police).
 * - `locationSubtype`, `context`: free text the publisher sometimes fills.
 * - `extra`: further upstream fields, as strings.
 *
 * @example
 * ```ts
 * import { IncidentAttributes } from '@ldn-twin/core';
 * IncidentAttributes.parse({
 *   category: 'other-theft',
 *   month: '2024-01',
 *   outcome: 'Unable to prosecute suspect',
 *   outcomeMonth: '2024-02',
 *   streetName: 'On or near Marquis Street',
 *   streetId: '1738423',
 *   locationType: 'Force',
 * });
 * ```
 */
export const IncidentAttributes = z
  .strictObject({
    category: z.string().min(1).optional(),
    month: yearMonth.optional(),
    outcome: z.string().min(1).optional(),
    outcomeMonth: yearMonth.optional(),
    streetName: z.string().min(1).optional(),
    streetId: z.string().min(1).optional(),
    locationType: z.string().min(1).optional(),
    locationSubtype: z.string().min(1).optional(),
    context: z.string().min(1).optional(),
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({
    id: 'IncidentAttributes',
    description: 'A reported incident, such as a street-level crime: category, month, outcome, map point',
  });
