/**
 * The JSON Schema (draft 2020-12) of the twin record, generated from the zod schemas so other
 * languages can validate records. The rules zod checks in code (scenario iff simulated, geometry null
 * iff locationPrecision none, place needs coordRefSys, a JSON-FG time is not empty) are added as
 * `if`/`then` so the JSON Schema enforces them too; only "validTo is not before validFrom" is left to
 * the zod schema. The committed copy is `packages/core/schema/twin-record.schema.json`, checked for
 * drift by `test/model/json-schema.test.ts` (run it with `REGEN=1` to rewrite the file).
 */
import * as z from 'zod';
import { envelopeSchemas, featureSchemas, TwinRecordSchema } from './record.js';
import { JsonFgTimeSchema } from './time.js';

/** A JSON Schema `if`/`then`/`else`, built in one place because `then` is also the thenable key. */
function conditional(condition: JSONSchema, consequence: JSONSchema, alternative?: JSONSchema): JSONSchema {
  const schema: JSONSchema = { if: condition };
  // biome-ignore lint/complexity/useLiteralKeys: `.then =` would trip noThenProperty; this is the JSON Schema keyword.
  schema['then'] = consequence;
  if (alternative !== undefined) schema.else = alternative;
  return schema;
}

type JSONSchema = z.core.JSONSchema.BaseSchema;

const simulated: JSONSchema = {
  properties: { provenance: { properties: { method: { const: 'simulated' } }, required: ['method'] } },
  required: ['provenance'],
};

/**
 * The JSON Schema of any twin record, as a plain object.
 *
 * @example
 * ```ts
 * import { twinRecordJsonSchema } from '@ldn-twin/core';
 * const schema = twinRecordJsonSchema();
 * console.info(Object.keys(schema.$defs ?? {})); // ['AccessLabel', 'Licence', ...]
 * ```
 */
export function twinRecordJsonSchema(): JSONSchema {
  return z.toJSONSchema(TwinRecordSchema, {
    target: 'draft-2020-12',
    // Input: a plain z.object accepts (and strips) foreign members, so the JSON Schema must allow them too.
    io: 'input',
    override: ({ zodSchema, jsonSchema }) => {
      if (envelopeSchemas.has(zodSchema)) {
        jsonSchema.allOf = [
          conditional(simulated, { required: ['scenario'] }, { not: { required: ['scenario'] } }),
        ];
      } else if (featureSchemas.has(zodSchema)) {
        jsonSchema.allOf = [
          conditional(
            { properties: { geometry: { type: 'null' } } },
            { properties: { properties: { properties: { locationPrecision: { const: 'none' } } } } },
            { properties: { properties: { properties: { locationPrecision: { not: { const: 'none' } } } } } },
          ),
          conditional(
            { properties: { place: { not: { type: 'null' } } }, required: ['place'] },
            { required: ['coordRefSys'] },
          ),
        ];
      } else if (zodSchema === JsonFgTimeSchema) {
        jsonSchema.minProperties = 1;
      }
    },
  });
}
