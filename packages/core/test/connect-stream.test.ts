import {
  type Connector,
  connect,
  createClient,
  isConfigError,
  isPagingError,
  OPEN_ACCESS,
  type OperationContext,
  type TwinRecord,
  twinRecord,
} from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const licence = { id: 'OGL-UK-3.0', attribution: ['Example attribution'] };

/** A connector whose one operation maps `count` items (no network), noting when it was stopped. */
function counting(count: number, log: string[]) {
  const run = async function* (_params: unknown, ctx: OperationContext<unknown>): AsyncGenerator<TwinRecord> {
    try {
      const items = Array.from({ length: count }, (_, i) => i);
      ctx.page(items.length);
      yield* ctx.mapper.each(items, z.number(), (i) =>
        twinRecord('Facility', {
          id: ['example', String(i)],
          name: `site ${i}`,
          provenance: {
            publisher: 'Example',
            dataset: 'sites',
            retrievedAt: ctx.retrievedAt,
            method: 'reported',
          },
          licence,
          access: OPEN_ACCESS,
          attributes: {},
        }),
      );
      log.push('ran to its end');
    } finally {
      log.push('stopped');
    }
  };
  return {
    id: 'example',
    title: 'Example',
    description: 'A test connector',
    twins: ['open-data-catalogue'],
    publisher: { name: 'Example' },
    homepage: 'https://example.test',
    licence,
    auth: { type: 'none' },
    browser: { cors: true },
    config: z.object({}),
    operations: {
      list: { title: 'List', description: 'List sites', params: z.object({}), produces: ['Facility'], run },
    },
  } satisfies Connector;
}

const bound = (count: number, log: string[]) =>
  connect(counting(count, log), { client: createClient({ cache: false }) });

describe('a record stream', () => {
  it('hands on every record in order, then reports the run complete', async () => {
    const log: string[] = [];
    const stream = bound(5, log).list({});
    const names: unknown[] = [];
    for await (const record of stream) names.push(record.properties.name);
    expect(names).toEqual(['site 0', 'site 1', 'site 2', 'site 3', 'site 4']);
    expect(stream.report).toMatchObject({ received: 5, mapped: 5, records: 5, complete: true });
    expect(log).toEqual(['ran to its end', 'stopped']);
  });

  it('starts the run only when read, and can be read once', async () => {
    const log: string[] = [];
    const stream = bound(2, log).list({});
    expect(log).toEqual([]);
    expect((await stream.collect()).records).toHaveLength(2);
    const again = await stream.collect().catch((e: unknown) => e);
    expect(isConfigError(again)).toBe(true);
    expect((again as Error).message).toContain('can be iterated once');
  });

  it('stops the operation when the reader leaves early, and the run is not complete', async () => {
    const log: string[] = [];
    const stream = bound(10, log).list({});
    let seen = 0;
    for await (const _ of stream) if (++seen === 3) break;
    expect(log).toEqual(['stopped']);
    expect(stream.report.complete).toBe(false);
  });

  it('stops the operation and fails past maxRecords', async () => {
    const log: string[] = [];
    const stream = bound(10, log).list({}, { maxRecords: 4 });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const record of stream) seen.push(record);
    })().catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
    expect((error as Error).message).toContain('more than 4 records');
    expect(seen).toHaveLength(4);
    expect(log).toEqual(['stopped']);
    expect(stream.report.complete).toBe(false);
  });
});
