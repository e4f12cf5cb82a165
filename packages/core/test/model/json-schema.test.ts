/**
 * The committed JSON Schema must match the zod schemas. When the model changes on purpose, rewrite it
 * with: `REGEN=1 pnpm exec vitest run packages/core/test/model/json-schema.test.ts`, and commit it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { twinRecordJsonSchema } from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';

const file = new URL('../../schema/twin-record.schema.json', import.meta.url);
const generated = `${JSON.stringify(twinRecordJsonSchema(), null, 2)}\n`;

describe('twin-record.schema.json', () => {
  it.runIf(process.env.REGEN === '1')('is regenerated (REGEN=1)', () => {
    writeFileSync(file, generated);
  });

  it('has not drifted from the zod schemas (REGEN=1 rewrites it)', () => {
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });

  it('describes every kind and the trust envelope', () => {
    const schema = JSON.parse(generated) as { $defs: Record<string, unknown> };
    for (const id of [
      'AccessLabel',
      'Licence',
      'Provenance',
      'PlanningConstraintRecord',
      'ObservationAttributes',
    ]) {
      expect(schema.$defs).toHaveProperty(id);
    }
    const envelope = JSON.stringify(schema.$defs.ScenarioResultRecord);
    expect(envelope).toContain('"required":["scenario"]');
  });
});
