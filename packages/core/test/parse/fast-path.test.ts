import { createMappingSession, OPEN_ACCESS, twinRecord, withFastPath } from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Row = z.object({ id: z.string().trim().min(1) });
/** A fast path sure only of ids already trimmed; it counts what it answers. */
let answered = 0;
const FastRow = withFastPath(Row, (raw) => {
  const id = (raw as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id === '' || id.trim() !== id) return undefined;
  answered += 1;
  return { id };
});

const record = (id: string) =>
  twinRecord('Facility', {
    id: ['example', id],
    provenance: {
      publisher: 'Example',
      dataset: 'sites',
      retrievedAt: '2026-12-07T09:00:00Z',
      method: 'reported',
    },
    licence: { id: 'OGL-UK-3.0', attribution: ['Example'] },
    access: OPEN_ACCESS,
    attributes: {},
  });

describe('withFastPath', () => {
  it('takes the fast answer, lets the schema judge the rest, and reports what the schema reports', () => {
    answered = 0;
    expect(FastRow.parse({ id: 'a' })).toEqual({ id: 'a' });
    expect(FastRow.parse({ id: ' b ' })).toEqual({ id: 'b' });
    expect(answered).toBe(1);
    const bad = FastRow.safeParse({ id: ' ' });
    const direct = Row.safeParse({ id: ' ' });
    expect(bad.error?.issues.map((i) => [i.path, i.message])).toEqual(
      direct.error?.issues.map((i) => [i.path, i.message]),
    );
  });

  it('is taken as is by the record mapper, with the account kept', () => {
    answered = 0;
    const session = createMappingSession('example', 'list');
    const rows = [{ id: 'a' }, { id: ' b ' }, { id: 7 }, { id: '' }, { id: 'c' }];
    const ids = [...session.mapper.each(rows, FastRow, (row) => record(row.id))].map((r) => r.id);
    expect(ids).toEqual([
      'urn:ldntwin:facility:example:a',
      'urn:ldntwin:facility:example:b',
      'urn:ldntwin:facility:example:c',
    ]);
    expect(answered).toBe(2);
    expect(session.report).toMatchObject({ received: 5, mapped: 3, failed: 2 });
    expect(session.report.issues.map((i) => [i.index, i.path, i.stage])).toEqual([
      [2, 'id', 'parse'],
      [3, 'id', 'parse'],
    ]);
  });
});
