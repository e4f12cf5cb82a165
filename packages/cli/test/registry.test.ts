/**
 * The CLI reads what each connector's contract declares (`settings`, `auth.credentials`): these
 * tests pin the table the command offered when it kept its own hand-written map, so the
 * derivation changed nothing, and check that every declared field is one the connector's config
 * schema knows, so a declaration cannot drift from the config it names.
 */
import { CONNECTORS } from '@ldn-twin/cli';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

/** The hand-written map the registry kept before it was derived: id -> [env, required]. */
const BEFORE: Record<string, [Record<string, string>, string[]]> = {
  'planning-london-datahub': [{ allowRequest: 'LDN_TWIN_PLD_ALLOW_REQUEST' }, []],
  tfl: [{ appKey: 'LDN_TWIN_TFL_APP_KEY' }, []],
  epc: [{ token: 'LDN_TWIN_EPC_TOKEN' }, ['token']],
  'os-places': [{ apiKey: 'LDN_TWIN_OS_API_KEY' }, ['apiKey']],
  'os-ngd': [{ apiKey: 'LDN_TWIN_OS_API_KEY' }, ['apiKey']],
  'london-datastore': [{ apiKey: 'LDN_TWIN_DATASTORE_API_KEY' }, []],
  ukpn: [{ apiKey: 'LDN_TWIN_UKPN_API_KEY' }, ['apiKey']],
  sensorthings: [{ baseUrl: 'LDN_TWIN_SENSORTHINGS_BASE_URL' }, ['baseUrl']],
  'ogc-features': [
    {
      baseUrl: 'LDN_TWIN_OGC_BASE_URL',
      apiKeyHeader: 'LDN_TWIN_OGC_API_KEY_HEADER',
      apiKey: 'LDN_TWIN_OGC_API_KEY',
      access: 'LDN_TWIN_OGC_ACCESS',
    },
    ['baseUrl', 'access'],
  ],
  'underground-assets': [
    { organisation: 'LDN_TWIN_UNDERGROUND_ORGANISATION', access: 'LDN_TWIN_UNDERGROUND_ACCESS' },
    ['organisation'],
  ],
};

/** The fields of a config schema: an object's shape, through pipes and transforms. */
function fieldsOf(schema: z.ZodType): string[] {
  const def = (
    schema as unknown as { _zod: { def: { shape?: object; in?: z.ZodType; innerType?: z.ZodType } } }
  )._zod.def;
  if (def.shape) return Object.keys(def.shape);
  const inner = def.in ?? def.innerType;
  return inner ? fieldsOf(inner) : [];
}

describe('the CLI registry, derived from the contracts', () => {
  it.each(CONNECTORS.map((c) => [c.connector.id, c] as const))(
    '%s reads the variables it read before',
    (id, entry) => {
      const [env, required] = BEFORE[id] ?? [{}, []];
      expect(entry.env).toEqual(env);
      expect([...entry.required].sort()).toEqual([...required].sort());
    },
  );

  it.each(CONNECTORS.map((c) => [c.connector.id, c] as const))(
    '%s declares only fields its config has',
    (_id, entry) => {
      const fields = fieldsOf(entry.connector.config);
      expect(fields.length).toBeGreaterThan(0);
      const declared = [...Object.keys(entry.env), ...entry.credentials].map((path) => path.split('.')[0]);
      expect(declared.filter((field) => !fields.includes(field!))).toEqual([]);
    },
  );

  it('names each variable once per meaning: one variable, one config field', () => {
    const fieldOf = new Map<string, Set<string>>();
    for (const entry of CONNECTORS) {
      for (const [field, variable] of Object.entries(entry.env)) {
        fieldOf.set(variable, (fieldOf.get(variable) ?? new Set()).add(field));
      }
    }
    expect([...fieldOf].filter(([, fields]) => fields.size > 1)).toEqual([]);
  });
});
