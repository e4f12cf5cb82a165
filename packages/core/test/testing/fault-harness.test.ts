import {
  type Connector,
  OPEN_ACCESS,
  type OperationContext,
  requiredNumber,
  type TwinRecord,
  twinId,
} from '@ldn-twin/core';
import { FAULT_CASES, runFaultHarness } from '@ldn-twin/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Item = z.object({
  id: requiredNumber(),
  name: z.string(),
  position: z.tuple([z.number(), z.number()]),
});
const Page = z.object({ items: z.array(z.unknown()) });
const good: typeof fetch = async () =>
  Response.json({ items: [1, 2, 3].map((id) => ({ id, name: `site ${id}`, position: [-0.1 * id, 51.5] })) });

/** A small connector built the way the contract asks: parse items one by one through the mapper. */
function connector(run: (params: unknown, ctx: OperationContext<unknown>) => AsyncIterable<TwinRecord>) {
  return {
    id: 'example',
    title: 'Example',
    description: 'A test connector',
    twins: ['open-data-catalogue'],
    publisher: { name: 'Example' },
    homepage: 'https://example.test',
    licence: { id: 'OGL-UK-3.0', attribution: ['Example attribution'] },
    auth: { type: 'none' },
    browser: { cors: true },
    config: z.object({}),
    operations: {
      list: { title: 'List', description: 'List sites', params: z.object({}), produces: ['Facility'], run },
    },
  } satisfies Connector;
}

const honest = connector(async function* (_params, ctx) {
  const { data } = await ctx.client.json(
    'https://example.test/items',
    Page,
    ctx.signal ? { signal: ctx.signal } : {},
  );
  ctx.page(data.items.length);
  yield* ctx.mapper.each(data.items, Item, (item) => ({
    type: 'Feature' as const,
    id: twinId('Facility', 'example', String(item.id)),
    featureType: 'Facility' as const,
    geometry: { type: 'Point' as const, coordinates: item.position },
    time: null,
    properties: {
      kind: 'Facility' as const,
      name: item.name,
      identifiers: [],
      recordedAt: ctx.retrievedAt,
      locationPrecision: 'exact' as const,
      relations: [],
      provenance: {
        publisher: 'Example',
        dataset: 'sites',
        retrievedAt: ctx.retrievedAt,
        method: 'reported' as const,
        connector: 'example',
      },
      licence: { id: 'OGL-UK-3.0', attribution: ['Example attribution'] },
      access: OPEN_ACCESS,
      attributes: {},
    },
  }));
});

describe('runFaultHarness', () => {
  it('finds nothing wrong with an honest connector, and the faults really bite', async () => {
    const results = await runFaultHarness({ connector: honest, operation: 'list', params: {}, fetch: good });
    expect(results.filter((r) => r.problem)).toEqual([]);
    const byCase = Object.fromEntries(results.map((r) => [r.case, r]));
    expect(byCase['a dropped connection']).toMatchObject({ outcome: 'typed-error', errorCode: 'NETWORK' });
    expect(byCase['schema drift: a field missing']).toMatchObject({ outcome: 'partial', records: 2 });
    expect(byCase['schema drift: a field missing']?.report).toMatchObject({
      received: 3,
      mapped: 2,
      failed: 1,
    });
    expect(byCase['invalid geometry (coordinates out of range)']).toMatchObject({
      outcome: 'partial',
      records: 0,
    });
  }, 30_000);

  it('flags a connector that crashes with an untyped error on bad data', async () => {
    const crashing = connector(async function* (_params, ctx) {
      const { data } = await ctx.client.json('https://example.test/items', Page);
      for (const item of data.items) {
        if (typeof (item as { id?: unknown }).id !== 'number') throw new Error('boom');
      }
      yield* [];
    });
    const cases = FAULT_CASES.filter((c) => c.name === 'schema drift: a field missing');
    const [result] = await runFaultHarness({
      connector: crashing,
      operation: 'list',
      params: {},
      fetch: good,
      cases,
    });
    expect(result?.outcome).toBe('untyped-error');
    expect(result?.problem).toMatch(/untyped error: Error: boom/);
  });

  it('flags a connector that never ends', async () => {
    const endless = connector(async function* (_params, ctx) {
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      yield* ctx.mapper.each([], Item, () => {
        throw new Error('unreachable');
      });
    });
    const cases = FAULT_CASES.filter((c) => c.name === 'schema drift: an extra field');
    const [result] = await runFaultHarness({
      connector: endless,
      operation: 'list',
      params: {},
      fetch: good,
      cases,
      deadlineMs: 100,
    });
    expect(result?.outcome).toBe('hang');
  });
});
