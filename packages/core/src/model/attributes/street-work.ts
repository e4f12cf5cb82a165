/**
 * Attributes of the StreetWork kind: works in the street (a permit, an activity or a Section 58
 * restriction from DfT Street Manager; TfL street disruptions also map here). Every field is
 * optional, because two publishers with different vocabularies fill it; the fields below are those
 * Street Manager messages and TfL's disrupted streets really carry. Strict: anything else goes in
 * `extra`.
 */
import * as z from 'zod';
import { IsoInstantSchema } from '../time.js';

/**
 * Attributes of a StreetWork.
 *
 * - `workReference`, `permitReference`: Street Manager `work_reference_number` and
 *   `permit_reference_number` (or an activity / Section 58 reference).
 * - `objectType`, `eventType`: what the message was about (`PERMIT`, ...) and the event, normalised
 *   to UPPER_SNAKE (`WORK_START`; older messages said `work-start`).
 * - `promoter`, `promoterSwaCode`, `highwayAuthority`, `highwayAuthoritySwaCode`: who digs and who
 *   owns the street, with their Street Works Authority codes.
 * - `usrn`, `streetName`, `areaName`, `town`: the street.
 * - `status`, `permitStatus`, `workCategory`, `activityType`, `worksLocationType`,
 *   `trafficManagement`, `roadCategory`, `permitConditions`: as published (labels, not codes).
 * - `proposedStart`, `proposedEnd`, `actualStart`, `actualEnd`: ISO instants.
 * - `trafficSensitive`, `ttroRequired`, `footwayClosed`, `collaborativeWorking`: the "Yes"/"No" flags
 *   as booleans.
 * - `disruptionId`, `disruptedStreetId`, `severity`, `category`, `subCategory`, `closure`,
 *   `directions`, `levelOfInterest`, `location`: a TfL disrupted street segment's fields, as TfL
 *   publishes them (`GET /Road/all/Street/Disruption`).
 * - `extra`: further upstream fields (codes such as `work_category_ref`), as strings.
 *
 * @example
 * ```ts
 * import { StreetWorkAttributes } from '@ldn-twin/core';
 * StreetWorkAttributes.parse({ workReference: 'TSR1591199404915', promoter: 'Thames Water', usrn: '8401426' });
 * StreetWorkAttributes.parse({
 *   workReference: 'LC10620213165',
 *   permitReference: 'LC10620213165-01',
 *   eventType: 'PERMIT_ALTERATION_GRANTED',
 *   proposedStart: '2025-06-15T23:00:00.000Z',
 *   trafficSensitive: true,
 * });
 * ```
 */
export const StreetWorkAttributes = z
  .strictObject({
    workReference: z.string().optional(),
    promoter: z.string().optional(),
    usrn: z.string().optional(),
    status: z.string().optional(),
    trafficManagement: z.string().optional(),
    permitReference: z.string().optional(),
    objectType: z.string().optional(),
    eventType: z.string().optional(),
    promoterSwaCode: z.string().optional(),
    highwayAuthority: z.string().optional(),
    highwayAuthoritySwaCode: z.string().optional(),
    streetName: z.string().optional(),
    areaName: z.string().optional(),
    town: z.string().optional(),
    permitStatus: z.string().optional(),
    workCategory: z.string().optional(),
    activityType: z.string().optional(),
    worksLocationType: z.string().optional(),
    roadCategory: z.string().optional(),
    permitConditions: z.string().optional(),
    proposedStart: IsoInstantSchema.optional(),
    proposedEnd: IsoInstantSchema.optional(),
    actualStart: IsoInstantSchema.optional(),
    actualEnd: IsoInstantSchema.optional(),
    trafficSensitive: z.boolean().optional(),
    ttroRequired: z.boolean().optional(),
    footwayClosed: z.boolean().optional(),
    collaborativeWorking: z.boolean().optional(),
    disruptionId: z.string().min(1).optional(),
    disruptedStreetId: z.string().min(1).optional(),
    severity: z.string().optional(),
    category: z.string().optional(),
    subCategory: z.string().optional(),
    closure: z.string().optional(),
    directions: z.string().optional(),
    levelOfInterest: z.string().optional(),
    location: z.string().optional(),
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({
    id: 'StreetWorkAttributes',
    description: 'Works in the street: permit, promoter, street, dates and traffic management',
  });
