/**
 * The twin record: a GeoJSON Feature extended the JSON-FG way (`featureType`, `time`, `place`,
 * `coordRefSys`) whose `properties` carry the common envelope (identity, times, location precision,
 * relations, provenance, licence, access label, scenario) and a kind-specific `attributes` payload.
 * One schema per kind, and a discriminated union over `featureType` that validates any record.
 */
import * as z from 'zod';
import { AccessLabelSchema } from './access-label.js';
import { ATTRIBUTE_SCHEMAS } from './attributes/index.js';
import { BBoxSchema, GeometrySchema, PlaceSchema } from './geometry.js';
import { IdentifierSchema, RelationSchema } from './identifiers.js';
import { KINDS, type Kind } from './kinds.js';
import { LicenceSchema } from './licence.js';
import { ProvenanceSchema, ScenarioSchema } from './provenance.js';
import { IsoInstantSchema, JsonFgTimeSchema } from './time.js';
import { twinIdPattern } from './twin-id.js';

/**
 * How precisely `geometry` locates the thing: `exact`, a `centroid` of a larger shape, an
 * `address-point`, a `postcode` centroid, a `street`, an `area`, or `none` (no geometry).
 *
 * @example
 * ```ts
 * import { LOCATION_PRECISIONS } from '@ldn-twin/core';
 * LOCATION_PRECISIONS.includes('postcode'); // true
 * ```
 */
export const LOCATION_PRECISIONS = [
  'exact',
  'centroid',
  'address-point',
  'postcode',
  'street',
  'area',
  'none',
] as const;

/**
 * One location precision.
 *
 * @example
 * ```ts
 * import type { LocationPrecision } from '@ldn-twin/core';
 * const precision: LocationPrecision = 'centroid';
 * ```
 */
export type LocationPrecision = (typeof LOCATION_PRECISIONS)[number];

/**
 * The properties schemas, so the JSON Schema generator can add the rules zod checks in code.
 * @internal
 */
export const envelopeSchemas = new WeakSet<object>();
/**
 * The per-kind record schemas, for the same reason.
 * @internal
 */
export const featureSchemas = new WeakSet<object>();

function isBefore(a: string, b: string): boolean {
  const [ta, tb] = [Date.parse(a), Date.parse(b)];
  return Number.isNaN(ta) || Number.isNaN(tb) || ta <= tb;
}

function buildRecordSchema<K extends Kind, A extends z.ZodType>(kind: K, attributes: A) {
  const properties = z
    .strictObject({
      kind: z.literal(kind),
      name: z.string().min(1).optional(),
      description: z.string().min(1).optional(),
      identifiers: z.array(IdentifierSchema),
      validFrom: IsoInstantSchema.optional(),
      validTo: IsoInstantSchema.optional(),
      observedAt: IsoInstantSchema.optional(),
      recordedAt: IsoInstantSchema,
      locationPrecision: z.enum(LOCATION_PRECISIONS),
      relations: z.array(RelationSchema),
      provenance: ProvenanceSchema,
      licence: LicenceSchema,
      access: AccessLabelSchema,
      scenario: ScenarioSchema.optional(),
      attributes,
    })
    // `check`, not `superRefine`: superRefine hands each parse a closure, and on a bulk import's
    // millions of records V8 then keeps records alive into the old generation (pretenuring).
    .check((ctx) => {
      const props = ctx.value;
      const simulated = props.provenance.method === 'simulated';
      if (simulated && props.scenario === undefined) {
        ctx.issues.push({
          input: ctx.value,
          code: 'custom',
          path: ['scenario'],
          message: 'a simulated record must name its run and scenario',
        });
      }
      if (!simulated && props.scenario !== undefined) {
        ctx.issues.push({
          input: ctx.value,
          code: 'custom',
          path: ['scenario'],
          message: 'only simulated records carry a scenario (provenance.method is not simulated)',
        });
      }
      if (
        props.validFrom !== undefined &&
        props.validTo !== undefined &&
        !isBefore(props.validFrom, props.validTo)
      ) {
        ctx.issues.push({
          input: ctx.value,
          code: 'custom',
          path: ['validTo'],
          message: 'validTo is before validFrom',
        });
      }
    });
  envelopeSchemas.add(properties);

  const feature = z
    .object({
      type: z.literal('Feature'),
      id: z.string().regex(new RegExp(twinIdPattern(kind)), `id must be a twin id of kind ${kind}`),
      featureType: z.literal(kind),
      geometry: GeometrySchema.nullable(),
      place: PlaceSchema.nullable().optional(),
      coordRefSys: z.string().min(1).optional(),
      time: JsonFgTimeSchema.nullable(),
      bbox: BBoxSchema.optional(),
      properties,
    })
    .check((ctx) => {
      const record = ctx.value;
      const none = record.properties.locationPrecision === 'none';
      if (record.geometry === null && !none) {
        ctx.issues.push({
          input: ctx.value,
          code: 'custom',
          path: ['properties', 'locationPrecision'],
          message: "a record without geometry has locationPrecision 'none'",
        });
      }
      if (record.geometry !== null && none) {
        ctx.issues.push({
          input: ctx.value,
          code: 'custom',
          path: ['properties', 'locationPrecision'],
          message: "locationPrecision 'none' needs geometry null",
        });
      }
      if (record.place != null && record.coordRefSys === undefined) {
        ctx.issues.push({
          input: ctx.value,
          code: 'custom',
          path: ['coordRefSys'],
          message: 'place needs coordRefSys',
        });
      }
    })
    .meta({ id: `${kind}Record`, description: `A twin record of kind ${kind}` });
  featureSchemas.add(feature);
  return feature;
}

type AttributeSchemas = typeof ATTRIBUTE_SCHEMAS;
type BuiltRecordSchema<K extends Kind, A extends z.ZodType> = ReturnType<typeof buildRecordSchema<K, A>>;
type RecordSchemas = { [K in Kind]: BuiltRecordSchema<K, AttributeSchemas[K]> };

const RECORD_SCHEMAS = Object.fromEntries(
  KINDS.map((kind) => [kind, buildRecordSchema(kind, ATTRIBUTE_SCHEMAS[kind])]),
) as unknown as RecordSchemas;

/**
 * The zod schema of a record of one kind.
 *
 * @example
 * ```ts
 * import { recordSchema } from '@ldn-twin/core';
 * const result = recordSchema('PlanningConstraint').safeParse(json);
 * if (result.success) console.info(result.data.properties.attributes.constraintType);
 * ```
 */
export function recordSchema<K extends Kind>(kind: K): RecordSchemas[K] {
  return RECORD_SCHEMAS[kind];
}

/**
 * The zod schema of any twin record: a discriminated union over `featureType`, so issues are those of
 * the record's own kind.
 *
 * @example
 * ```ts
 * import { TwinRecordSchema } from '@ldn-twin/core';
 * const result = TwinRecordSchema.safeParse(JSON.parse(line));
 * if (!result.success) console.error(result.error.issues);
 * ```
 */
export const TwinRecordSchema = z
  .discriminatedUnion(
    'featureType',
    KINDS.map((kind) => RECORD_SCHEMAS[kind]) as unknown as [RecordSchemas[Kind], ...RecordSchemas[Kind][]],
  )
  .meta({
    id: 'TwinRecord',
    title: 'ldn-twin record',
    description:
      'A GeoJSON Feature extended the JSON-FG way, whose properties carry the ldn-twin envelope and kind-specific attributes',
  });

/**
 * A twin record of kind `K`.
 *
 * @example
 * ```ts
 * import type { TwinRecordOf } from '@ldn-twin/core';
 * function grade(record: TwinRecordOf<'PlanningConstraint'>) {
 *   return record.properties.attributes.grade;
 * }
 * ```
 */
export type TwinRecordOf<K extends Kind> = z.infer<RecordSchemas[K]>;

/**
 * Any twin record; narrow it on `featureType` (or `properties.kind`).
 *
 * @example
 * ```ts
 * import type { TwinRecord } from '@ldn-twin/core';
 * function label(record: TwinRecord) {
 *   return record.featureType === 'Observation' ? String(record.properties.attributes.result) : record.properties.name;
 * }
 * ```
 */
export type TwinRecord = { [K in Kind]: TwinRecordOf<K> }[Kind];

/**
 * The envelope (the `properties`) of a record of kind `K`.
 *
 * @example
 * ```ts
 * import type { TwinEnvelope } from '@ldn-twin/core';
 * const licenceOf = (properties: TwinEnvelope) => properties.licence.id;
 * ```
 */
export type TwinEnvelope<K extends Kind = Kind> = TwinRecordOf<K>['properties'];
