/**
 * Attributes of the TransportDisruption kind, grounded in the TfL Unified API (field guide §1a–c):
 * road disruptions (`/Road/all/Disruption`), disrupted street segments that are not works
 * (`/Road/all/Street/Disruption`) and line statuses (`/Line/Mode/{modes}/Status`). Strict where the
 * real payloads show the shape; `extra` keeps other upstream fields as strings.
 */
import * as z from 'zod';
import { IsoInstantSchema } from '../time.js';

/**
 * What a disruption record describes: a disruption on the road network, one disrupted street
 * segment of it, or the status of a public transport line (a "Good Service" status is a record too,
 * so a dashboard sees every line).
 *
 * @example
 * ```ts
 * import { DISRUPTION_TYPES } from '@ldn-twin/core';
 * DISRUPTION_TYPES.includes('line-status'); // true
 * ```
 */
export const DISRUPTION_TYPES = ['road', 'street-segment', 'line-status'] as const;

/** One street a road disruption touches, as published (TfL `streets[]`). */
const DisruptedStreet = z.strictObject({
  name: z.string().min(1),
  /** `Open`, `Closed`, ... as published. */
  closure: z.string().min(1).optional(),
  directions: z.string().min(1).optional(),
});

/** One period a line status is valid for (TfL `validityPeriods[]`). */
const ValidityPeriod = z.strictObject({
  from: IsoInstantSchema,
  to: IsoInstantSchema.optional(),
  isNow: z.boolean().optional(),
});

/**
 * Attributes of a TransportDisruption. `severity` is the published label (`Moderate`, `Serious` for
 * roads; `Good Service`, `Minor Delays`, `Part Closure` for lines); `severityLevel` is TfL's line
 * `statusSeverity` (10 = Good Service, lower is worse). Every field is optional (other sources
 * may know less), but unknown keys are rejected. `affectedLines` are line ids (`circle`),
 * `corridorIds` road corridor ids (`a316`).
 *
 * @example
 * ```ts
 * import { TransportDisruptionAttributes } from '@ldn-twin/core';
 * TransportDisruptionAttributes.parse({
 *   disruptionType: 'line-status',
 *   mode: 'tube',
 *   severity: 'Part Closure',
 *   severityLevel: 5,
 *   category: 'PlannedWork',
 *   affectedLines: ['circle'],
 * });
 * ```
 */
export const TransportDisruptionAttributes = z
  .strictObject({
    disruptionType: z.enum(DISRUPTION_TYPES).optional(),
    /** `road`, or the line's mode (`tube`, `dlr`, `overground`, `elizabeth-line`, `bus`...). */
    mode: z.string().min(1).optional(),
    severity: z.string().min(1).optional(),
    severityLevel: z.number().int().optional(),
    category: z.string().min(1).optional(),
    subCategory: z.string().min(1).optional(),
    /** `Active`, `Active Long Term`, ... (roads). */
    status: z.string().min(1).optional(),
    affectedLines: z.array(z.string().min(1)).optional(),
    lineName: z.string().min(1).optional(),
    corridorIds: z.array(z.string().min(1)).optional(),
    /** Where, as published (`[A316] BURLINGTON LANE (W4 ) (Hounslow)`). */
    location: z.string().min(1).optional(),
    /** `High`, `Medium`, `Low` (roads). */
    levelOfInterest: z.string().min(1).optional(),
    hasClosures: z.boolean().optional(),
    isProvisional: z.boolean().optional(),
    /** `Open`/`Closed` of a street segment, or TfL's line `closureText` (`partClosure`). */
    closure: z.string().min(1).optional(),
    directions: z.string().min(1).optional(),
    streets: z.array(DisruptedStreet).optional(),
    validityPeriods: z.array(ValidityPeriod).optional(),
    currentUpdate: z.string().min(1).optional(),
    currentUpdateAt: IsoInstantSchema.optional(),
    /** Other upstream fields, as strings under their original keys. */
    extra: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'TransportDisruptionAttributes', description: 'A road disruption or a line status' });
