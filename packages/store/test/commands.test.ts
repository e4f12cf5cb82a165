import { PassThrough } from 'node:stream';
import { connect, createClient, parseNdjson } from '@ldn-twin/core';
import { runStoreExport, runStoreQuery, runSync, type Store } from '@ldn-twin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, application, BRIXTON, CAMDEN, freshStore } from './fixtures.ts';
import { source, testConnector } from './test-connector.ts';

function sink() {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  return { out, text: () => Buffer.concat(parts).toString('utf8'), bytes: () => Buffer.concat(parts) };
}

describe('the CLI store commands', () => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore('pglite');
    await store.put([
      application(1),
      application(2, { lat: BRIXTON.lat + 1000 / 111_257 }),
      application(3, CAMDEN),
      application(4, { access: { classification: 'official' } }),
    ]);
  }, 120_000);
  afterAll(() => store?.close());

  it('store query --kind --near --radius writes the matching records as NDJSON', async () => {
    const { out, text } = sink();
    const report = await runStoreQuery(
      { store, kind: ['PlanningApplication'], near: `${BRIXTON.lon},${BRIXTON.lat}`, radius: '250' },
      out,
    );
    const records = await all(parseNdjson(text()));
    expect(records.map((r) => r.id)).toEqual([application(1).id]);
    expect(report).toEqual({ records: 1, bytes: Buffer.byteLength(text()) });
    const wide = sink();
    await runStoreQuery(
      { store, near: `${BRIXTON.lon},${BRIXTON.lat}`, radius: 2000, audience: { clearance: 'official' } },
      wide.out,
    );
    expect((await all(parseNdjson(wide.text()))).map((r) => r.id)).toEqual(
      [application(1).id, application(2).id, application(4).id].sort(),
    );
  });

  it('store export --format writes every visible record in the format', async () => {
    const csv = sink();
    expect(await runStoreExport({ store, format: 'csv', borough: 'Camden' }, csv.out)).toMatchObject({
      records: 1,
    });
    expect(csv.text().split('\r\n')[1]?.startsWith(application(3).id)).toBe(true);
    const parquet = sink();
    const report = await runStoreExport({ store, format: 'geoparquet' }, parquet.out);
    expect(report.records).toBe(3);
    expect(parquet.bytes().subarray(0, 4).toString()).toBe('PAR1');
    expect(parquet.bytes().subarray(-4).toString()).toBe('PAR1');
  });

  it('rejects bad options with one line naming what is wrong', async () => {
    const { out } = sink();
    await expect(runStoreQuery({ store, near: '-0.1' }, out)).rejects.toThrow(/^--near -0\.1: use lon,lat/);
    await expect(runStoreQuery({ store, radius: '10' }, out)).rejects.toThrow(
      '--radius needs --near lon,lat',
    );
    await expect(runStoreQuery({ store, near: '0,51', radius: 'far' }, out)).rejects.toThrow(
      '--radius far: not a number',
    );
    await expect(runStoreQuery({ store, kind: ['Castle'] }, out)).rejects.toThrow(
      /^--kind Castle: use one of /,
    );
    await expect(runStoreQuery({ store, limit: '0' }, out)).rejects.toThrow(
      '--limit 0: a whole number, 1 or more',
    );
    await expect(runStoreQuery({ store, asOf: 'yesterday' }, out)).rejects.toThrow(
      '--as-of yesterday: not an ISO date',
    );
    await expect(runStoreExport({ store, format: 'xlsx' }, out)).rejects.toThrow(
      '--format xlsx: use geoparquet, geojson, ndjson, csv',
    );
    await expect(runStoreExport({ store: ' ', format: 'csv' }, out)).rejects.toThrow(
      '--store: give a folder',
    );
  });

  it('sync runs an operation into the store and writes one summary line', async () => {
    source.splice(0, source.length, { n: 5, status: 'Registered', recordedAt: '2026-01-01T00:00:00Z' });
    const connector = connect(testConnector, { client: createClient() });
    const { out, text } = sink();
    const report = await runSync(
      { store, connector, operation: 'everything', params: { authority: 'Test' } },
      out,
    );
    expect(report.put.stored).toBe(1);
    expect(text()).toBe(
      'test-planning.everything {"authority":"Test"}: 2 received, 1 mapped, 1 failed; 1 stored (0 changed), 0 unchanged, 0 rejected\n',
    );
    expect(await store.get(application(5).id)).toEqual(application(5));
  });
});
