/**
 * A connector whose source is an in-memory list of applications, for sync tests: no network.
 */
import type { Operation, TwinRecord } from '@ldn-twin/core';
import { z } from 'zod';
import { application } from './records.ts';

// `changes` yields those recorded after `since` (the shape of a change stream), `everything` yields
// every one, and one raw item that fails its schema.
const Raw = z.object({ n: z.number(), status: z.string(), recordedAt: z.string() });
export type RawItem = z.infer<typeof Raw>;
export const source: RawItem[] = [];
export const sinceCalls: (string | undefined)[] = [];
const toRecord = (raw: RawItem) => application(raw.n, { status: raw.status, recordedAt: raw.recordedAt });

const changes: Operation<z.ZodObject<{ since: z.ZodString }>, TwinRecord> = {
  title: 'Changes',
  description: 'Applications recorded after since',
  params: z.object({ since: z.string() }),
  produces: ['PlanningApplication'],
  async *run(params, ctx) {
    sinceCalls.push(params.since);
    ctx.page(source.length);
    yield* ctx.mapper.each(
      source.filter((raw) => raw.recordedAt > params.since),
      Raw,
      toRecord,
    );
  },
};
const everything: Operation<z.ZodObject<{ authority: z.ZodString }>, TwinRecord> = {
  title: 'All',
  description: 'Every application',
  params: z.object({ authority: z.string() }),
  produces: ['PlanningApplication'],
  async *run(_params, ctx) {
    yield* ctx.mapper.each([...source, { n: 'broken' }], Raw, toRecord);
  },
};
export const testConnector = {
  id: 'test-planning',
  title: 'Test planning',
  description: 'In-memory applications',
  twins: ['growth-and-development' as const],
  publisher: { name: 'Test' },
  homepage: 'https://example.org',
  licence: { id: 'OGL-UK-3.0', attribution: ['Test'] },
  auth: { type: 'none' as const },
  browser: { cors: true },
  config: z.object({}),
  operations: { changes, everything },
};
