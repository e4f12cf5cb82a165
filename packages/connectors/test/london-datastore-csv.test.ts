import { resolveColumns } from '@ldn-twin/connectors/london-datastore';
import { type CsvRecord, csvRecords } from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';

/** Reads `text` fed in pieces cut at `cuts`, as records. */
async function read(text: string, cuts: number[] = []): Promise<CsvRecord[]> {
  const pieces: string[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  const out: CsvRecord[] = [];
  for await (const batch of csvRecords(pieces)) out.push(...batch.records);
  return out;
}

describe('csvRecords (RFC 4180, streaming)', () => {
  const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n"multi\nline",,z\n3,4,5';
  const expected: CsvRecord[] = [
    { line: 2, values: { a: '1', b: 'x, y', c: 'say "hi"' } },
    { line: 4, values: { a: 'multi\nline', b: '', c: 'z' } },
    { line: 6, values: { a: '3', b: '4', c: '5' } },
  ];

  it('reads quoted commas, doubled quotes, line breaks in quotes, CRLF, a blank line and a last line without a break', async () => {
    expect(await read(text)).toEqual(expected);
  });

  it('gives the same records wherever the chunks are cut (CRLF and quotes split across chunks)', async () => {
    for (let cut = 0; cut <= text.length; cut++) expect(await read(text, [cut])).toEqual(expected);
  });

  it('carries a wrong field count, text after a closing quote and an unclosed quote as problems', async () => {
    expect(await read('a,b\n1\n"x"y,z\n"open,1\n')).toEqual([
      { line: 2, values: { a: '1' }, problem: 'line 2: 1 fields, the header has 2' },
      { line: 3, values: { a: 'xy', b: 'z' }, problem: 'line 3: text after a closing quote' },
      { line: 4, values: { a: 'open,1\n' }, problem: 'line 4: a quoted field is not closed' },
    ]);
  });

  it('decodes bytes split inside a multi-byte character, drops a BOM and never keys __proto__', async () => {
    const bytes = new TextEncoder().encode('\uFEFFname,__proto__\nCafé,x\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 22)); // BOM 3 + header 15 + "Caf" 3: inside the two bytes of "é"
        controller.enqueue(bytes.slice(22));
        controller.close();
      },
    });
    const records: CsvRecord[] = [];
    for await (const batch of csvRecords(stream)) records.push(...batch.records);
    expect(records).toEqual([{ line: 2, values: { name: 'Café' } }]);
    expect(Object.getPrototypeOf(records[0]?.values)).toBe(Object.prototype);
  });
});

describe('resolveColumns', () => {
  it('takes the first candidate the header has, ignoring case, spaces and punctuation', () => {
    expect(
      resolveColumns(['Site Name', 'LATITUDE', 'Lat', 'longitude'], {
        name: ['name', 'site_name'],
        latitude: ['lat', 'latitude'],
        borough: ['borough'],
      }),
    ).toEqual({ name: 'Site Name', latitude: 'Lat' });
  });
});
