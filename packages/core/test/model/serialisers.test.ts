import {
  parseFeatureCollection,
  parseNdjson,
  SchemaError,
  type TwinRecord,
  toFeatureCollection,
  toNdjson,
  toReadableStream,
} from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';
import { engineerTerms, listedBuilding, samples } from './fixtures.js';

/** The restricted sample's terms permit the engineer (these tests are about the formats). */
const forEngineer = { terms: engineerTerms };

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* slowly(records: readonly TwinRecord[]) {
  for (const record of records) {
    await Promise.resolve();
    yield record;
  }
}

describe('FeatureCollection', () => {
  it('round-trips through JSON losslessly', () => {
    const json = JSON.stringify(toFeatureCollection(samples, forEngineer));
    const parsed: unknown = JSON.parse(json);
    expect(parsed).toMatchObject({ type: 'FeatureCollection' });
    expect(parseFeatureCollection(parsed)).toEqual(samples);
  });

  it('collects an async stream', async () => {
    expect(await toFeatureCollection(slowly(samples), forEngineer)).toEqual({
      type: 'FeatureCollection',
      features: samples,
    });
  });

  it('names the first invalid feature', () => {
    const broken = {
      type: 'FeatureCollection',
      features: [listedBuilding, { ...listedBuilding, id: 'nope' }],
    };
    expect(() => parseFeatureCollection(broken)).toThrow(/feature 1.*id/);
    expect(() => parseFeatureCollection({ type: 'Feature' })).toThrow(SchemaError);
  });
});

describe('NDJSON', () => {
  it('writes one line per record, each a JSON record', async () => {
    const lines = await collect(toNdjson(slowly(samples), forEngineer));
    expect(lines).toHaveLength(samples.length);
    for (const [index, line] of lines.entries()) {
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toContain('\n');
      expect(JSON.parse(line)).toEqual(samples[index]);
    }
  });

  it('reads back records from chunks split anywhere', async () => {
    const text = (await collect(toNdjson(samples, forEngineer))).join('');
    const chunks = text.match(/[\s\S]{1,7}/g) ?? [];
    expect(await collect(parseNdjson(chunks))).toEqual(samples);
    expect(await collect(parseNdjson(`\n${text}\n\n`))).toEqual(samples);
  });

  it('names the line of a bad record', async () => {
    const text = `${JSON.stringify(listedBuilding)}\n{"type":"Feature"}\n`;
    await expect(collect(parseNdjson(text))).rejects.toThrow(/NDJSON line 2/);
    await expect(collect(parseNdjson('{oops'))).rejects.toThrow(/NDJSON line 1.*not JSON/);
  });

  it('streams as UTF-8 bytes', async () => {
    const body = await new Response(toReadableStream(toNdjson(samples, forEngineer))).text();
    expect(body).toBe((await collect(toNdjson(samples, forEngineer))).join(''));
    expect(body).toContain('µg/m³');
  });
});
