/**
 * The connector kit, tested the way a connector author meets it: a small keyed connector built
 * by the contract, declared through describeConnector with a runner that collects the tests, then
 * each collected test run. The honest connector passes every one; each broken variant fails the
 * one test that is about what it breaks.
 */
import {
  type Connector,
  OPEN_ACCESS,
  type OperationContext,
  requiredNumber,
  type TwinRecord,
  twinId,
} from '@ldn-twin/core';
import { describeConnector } from '@ldn-twin/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

const KEY = 'kit-K3y-0123456789';
const Config = z.object({ apiKey: z.string().optional() });
type Config = z.infer<typeof Config>;
const Item = z.object({
  id: requiredNumber(),
  name: z.string(),
  position: z.tuple([z.number(), z.number()]),
});
const Page = z.object({ items: z.array(z.unknown()) });
const recorded: typeof fetch = async () =>
  Response.json({ items: [1, 2, 3].map((id) => ({ id, name: `site ${id}`, position: [-0.1 * id, 51.5] })) });

function facility(ctx: OperationContext<Config>, id: string, name: string, position: number[]): TwinRecord {
  return {
    type: 'Feature',
    id: twinId('Facility', 'example', id),
    featureType: 'Facility',
    geometry: { type: 'Point', coordinates: position },
    time: null,
    properties: {
      kind: 'Facility',
      name,
      identifiers: [],
      recordedAt: ctx.retrievedAt,
      locationPrecision: 'exact',
      relations: [],
      provenance: {
        publisher: 'Example',
        dataset: 'sites',
        retrievedAt: ctx.retrievedAt,
        method: 'reported',
        connector: 'example',
      },
      licence: { id: 'OGL-UK-3.0', attribution: ['Example attribution'] },
      access: OPEN_ACCESS,
      attributes: {},
    },
  } as TwinRecord;
}

type Variant = 'honest' | 'lenient' | 'wrong-header' | 'crashing';

/** A keyed connector; each variant breaks one thing the kit checks. */
function example(variant: Variant) {
  return {
    id: 'example',
    title: 'Example',
    description: 'A test connector',
    twins: ['open-data-catalogue'],
    publisher: { name: 'Example' },
    homepage: 'https://example.test',
    licence: { id: 'OGL-UK-3.0', attribution: ['Example attribution'] },
    auth: {
      type: 'header',
      name: 'x-api-key',
      description: 'An example key',
      credentials: [{ config: 'apiKey', wire: { in: 'header', name: 'x-api-key' } }],
    },
    browser: { cors: true },
    config: Config,
    operations: {
      list: {
        title: 'List',
        description: 'List sites',
        params: z.object({}),
        produces: ['Facility'],
        async *run(_params: unknown, ctx: OperationContext<Config>) {
          const name = variant === 'wrong-header' ? 'x-token' : 'x-api-key';
          // The lenient variant reads every payload as anything, so drift goes unnoticed.
          const page = variant === 'lenient' ? z.unknown() : Page;
          const { data } = await ctx.client.json('https://example.test/items', page, {
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            ...(ctx.config.apiKey
              ? { auth: { type: 'header', name, value: ctx.config.apiKey } as const }
              : {}),
          });
          const items = (data as { items?: unknown }).items;
          const list: unknown[] = Array.isArray(items) ? items : [];
          ctx.page(list.length);
          if (variant === 'crashing' && list.some((i) => typeof (i as { id?: unknown }).id !== 'number')) {
            throw new Error('boom');
          }
          const schema = variant === 'lenient' ? z.unknown() : Item;
          let unknown = 0;
          yield* ctx.mapper.each(list, schema, (item: unknown) => {
            const known = Item.safeParse(item);
            unknown += known.success ? 0 : 1;
            return known.success
              ? facility(ctx, String(known.data.id), known.data.name, known.data.position)
              : facility(ctx, `unknown-${unknown}`, 'unknown', [-0.1, 51.5]);
          });
        },
      },
    },
  } satisfies Connector<typeof Config>;
}

/** Declares the kit's tests for a variant and runs them; returns the titles of those that failed. */
async function failures(variant: Variant): Promise<string[]> {
  const tests: { name: string; body: () => Promise<void> }[] = [];
  const hooks: { before: (() => void)[]; after: (() => void)[] } = { before: [], after: [] };
  const add = (name: string, body: () => Promise<void>) => tests.push({ name, body });
  describeConnector(example(variant), {
    runner: {
      describe: (_name, body) => body(),
      it: Object.assign(add, { concurrent: add }),
      beforeAll: (body) => hooks.before.push(body),
      afterAll: (body) => hooks.after.push(body),
      vi,
    },
    recorded,
    cases: [{ operation: 'list', params: {} }],
    keys: [{ config: { apiKey: KEY }, operation: 'list', params: {} }],
  });
  const failed: string[] = [];
  for (const hook of hooks.before) hook();
  try {
    for (const test of tests)
      await test.body().catch((error: unknown) => failed.push(`${test.name}: ${error}`));
  } finally {
    for (const hook of hooks.after) hook();
  }
  expect(tests.length).toBe(6);
  return failed;
}

describe('describeConnector', () => {
  it('passes an honest connector on every test it declares', async () => {
    expect(await failures('honest')).toEqual([]);
  }, 30_000);

  it('fails the drift test, and only it, for a connector that reads any payload', async () => {
    expect(await failures('lenient')).toEqual([expect.stringMatching(/notices schema drift/)]);
  }, 30_000);

  it('fails the wire and HAR checks for a key sent under another header than the contract declares', async () => {
    // Under a header name the recorder does not know, the key stays in the default-redacted HAR.
    expect(await failures('wrong-header')).toEqual([
      expect.stringMatching(/goes on the wire as declared.*not sent in header x-api-key/),
      expect.stringMatching(/echoed in an error.*\["har"\]/),
    ]);
  }, 30_000);

  it('fails the fault test (and the drift test) for a connector that crashes untyped on drift', async () => {
    expect(await failures('crashing')).toEqual([
      expect.stringMatching(/survives every fault honestly/),
      expect.stringMatching(/notices schema drift/),
    ]);
  }, 30_000);
});
