import { readFileSync } from 'node:fs';
import { epc } from '@ldn-twin/connectors/epc';
import { CsvParser, type CsvRow, connect, createClient, csvRecords, eachCsvRecord } from '@ldn-twin/core';
import { describe, expect, it } from 'vitest';

const row = JSON.parse(
  readFileSync(new URL('./fixtures/epc/epc-domestic-search-row-hammersmith.json', import.meta.url), 'utf8'),
) as Record<string, string>;
const LMK = '1573380469022017090821481343938953';

/** Parses `text` fed in pieces cut at `cuts`. */
function parse(text: string, cuts: number[] = []): CsvRow[] {
  const parser = new CsvParser();
  const rows: CsvRow[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    parser.push(text.slice(from, cut), rows);
    from = cut;
  }
  parser.end(rows);
  return rows;
}

const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
/** The fixture row as a bulk-file line, with the bulk files' UPPER_SNAKE header. */
const header = Object.keys(row)
  .map((k) => k.toUpperCase().replace(/-/g, '_'))
  .join(',');
const line = (values: Record<string, string>) => Object.values(values).map(quote).join(',');

describe('CsvParser (RFC 4180)', () => {
  const text = 'a,"b,1","say ""hi""",\r\n"multi\nline",x,,"é"\n\n3,4,5,6';
  const expected = [
    { line: 1, fields: ['a', 'b,1', 'say "hi"', ''] },
    { line: 2, fields: ['multi\nline', 'x', '', 'é'] },
    { line: 5, fields: ['3', '4', '5', '6'] },
  ];

  it('reads quoted commas, doubled quotes, line breaks in quotes, CRLF, blank lines and a last line without a break', () => {
    expect(parse(text)).toEqual(expected);
  });

  it('gives the same rows wherever the chunks are cut', () => {
    for (let cut = 0; cut <= text.length; cut++) expect(parse(text, [cut])).toEqual(expected);
    for (let a = 0; a <= text.length; a += 3)
      for (let b = a; b <= text.length; b += 5) expect(parse(text, [a, b])).toEqual(expected);
  });

  it('hands out the same rows one at a time (feed, next, finish) wherever the chunks are cut', () => {
    const oneByOne = (cuts: number[]) => {
      const parser = new CsvParser();
      const rows: CsvRow[] = [];
      let from = 0;
      for (const cut of [...cuts, text.length]) {
        parser.feed(text.slice(from, cut));
        from = cut;
        // Each row is handed out before the next is cut from the text.
        for (let row = parser.next(); row !== undefined; row = parser.next()) rows.push(row);
      }
      const last = parser.finish();
      if (last) rows.push(last);
      return rows;
    };
    for (let a = 0; a <= text.length; a++)
      for (let b = a; b <= text.length; b += 4) expect(oneByOne([a, b])).toEqual(expected);
  });

  it('carries an unterminated quote and text after a closing quote as row problems', () => {
    expect(parse('a,b\n"x"y,z\n"open,1\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['xy', 'z'], problem: 'line 2: text after a closing quote' },
      { line: 3, fields: ['open,1\n'], problem: 'line 3: a quoted field is not closed' },
    ]);
  });
});

describe('csvRecords', () => {
  it('decodes bytes split inside a multi-byte character and drops a BOM', async () => {
    const bytes = new TextEncoder().encode('\uFEFFNAME,TOWN\nCafé,Londres\n');
    const chunks = [bytes.slice(0, 2), bytes.slice(2, 15), bytes.slice(15, 16), bytes.slice(16)];
    const batches = [];
    for await (const batch of csvRecords(chunks, { normaliseName: (n) => n.toLowerCase() }))
      batches.push(...batch.records);
    expect(batches).toEqual([{ line: 2, values: { name: 'Café', town: 'Londres' } }]);
  });
});

describe('eachCsvRecord', () => {
  const read = async (chunks: (string | Uint8Array)[]) => {
    const records = [];
    for await (const record of eachCsvRecord(chunks, { normaliseName: (n) => n.toLowerCase() }))
      records.push(record);
    return records;
  };

  it('gives the records csvRecords gives: BOM dropped, CRLF, quoted line breaks, short and long rows, no __proto__ key', async () => {
    const text =
      '\uFEFFNAME,NOTE,__proto__\r\n"Café, bar","two\r\nlines",x\r\nshort\r\n\r\nlong,1,2,3\r\nlast,"say ""hi""",y';
    const bytes = new TextEncoder().encode(text);
    // Bytes cut inside the BOM, inside "é" and between CR and LF.
    const chunks = [bytes.slice(0, 2), bytes.slice(2, 20), bytes.slice(20, 37), bytes.slice(37)];
    const batched = [];
    for await (const batch of csvRecords(chunks, { normaliseName: (n) => n.toLowerCase() }))
      batched.push(...batch.records);
    const records = await read(chunks);
    expect(records).toEqual(batched);
    expect(records).toEqual([
      { line: 2, values: { name: 'Café, bar', note: 'two\r\nlines' } },
      { line: 4, values: { name: 'short' }, problem: 'line 4: 1 fields, the header has 3' },
      { line: 6, values: { name: 'long', note: '1' }, problem: 'line 6: 4 fields, the header has 3' },
      { line: 7, values: { name: 'last', note: 'say "hi"' } },
    ]);
    expect(Object.getPrototypeOf(records[0]?.values)).toBe(Object.prototype);
  });

  it('keeps the last of two columns with one name, as csvRecords does', async () => {
    expect(await read(['A,B,A\n1,2,3\n'])).toEqual([{ line: 2, values: { a: '3', b: '2' } }]);
  });

  it('cuts a record from the text only when the one before has been taken', async () => {
    const source = ['H\n1\n2\n3\n'];
    const seen: string[] = [];
    for await (const record of eachCsvRecord(source)) {
      seen.push(record.values.H as string);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['1', '2']);
  });
});

describe('epc importCsv', () => {
  const anonymous = () => connect(epc, { client: createClient({ cache: false }) });

  it('streams a bulk file through the same mapping, with the UPPER_SNAKE header normalised', async () => {
    const second = { ...row, 'lmk-key': 'second', address1: '1, "The" Mews', address: '1, "The" Mews' };
    const csv = `${header}\r\n${line(row)}\r\n${line(second)}\r\n`;
    const bytes = new TextEncoder().encode(csv);
    // A byte stream in 100-byte chunks, as a fetch body would deliver it.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.slice(i, i + 100));
        controller.close();
      },
    });
    const { records, report } = await anonymous().importCsv({ csv: stream }).collect();
    expect(report).toMatchObject({ received: 2, mapped: 2, failed: 0, complete: true });
    expect(records[0]?.id).toBe(`urn:ldntwin:energy-performance:epc-lmk-key:${LMK}`);
    expect(records[0]?.properties.attributes).toMatchObject({
      uprn: '34053831',
      currentRating: 'D',
      currentEfficiency: 60,
      co2EmissionsCurrent: 5.6,
      floorArea: 133,
    });
    expect(records[0]?.properties.attributes.extra).not.toHaveProperty('address2');
    expect(records[1]?.properties.attributes.address).toBe('1, "The" Mews');
  });

  it('reports a malformed row (wrong field count) and a bad value, and maps the rest', async () => {
    const csv = [
      header,
      line(row),
      `${line({ ...row, 'lmk-key': 'short' })},extra-field`,
      line({ ...row, 'lmk-key': 'bad-band', 'current-energy-rating': 'Z' }),
      line({ ...row, 'lmk-key': 'last' }),
    ].join('\n');
    const { records, report } = await anonymous()
      .importCsv({ csv: [csv], batchSize: 2 })
      .collect();
    expect(records.map((r) => r.properties.attributes.lmkKey)).toEqual([LMK, 'last']);
    expect(report).toMatchObject({ received: 4, mapped: 2, failed: 2, pages: 2, complete: true });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [1, 'parse', 'problem'],
      [2, 'parse', 'values.current-energy-rating'],
    ]);
    expect(report.issues[0]?.message).toMatch(/line 3: 93 fields, the header has 92/);
    expect(report.issues[0]?.raw).toMatchObject({ line: 3, values: { 'lmk-key': 'short' } });
  });

  it('counts a page of the run report for every batchSize rows, and the rest as the last page', async () => {
    const csv = [header, ...Array.from({ length: 5 }, (_, i) => line({ ...row, 'lmk-key': `k${i}` }))].join(
      '\n',
    );
    const { records, report } = await anonymous()
      .importCsv({ csv: [csv], batchSize: 2 })
      .collect();
    expect(records).toHaveLength(5);
    expect(report).toMatchObject({ received: 5, mapped: 5, failed: 0, pages: 3, complete: true });
  });

  it('stops reading the stream when the consumer stops', async () => {
    let pulled = 0;
    const csv = (async function* () {
      yield `${header}\n`;
      // Bounded, so a regression fails the test instead of hanging it.
      for (let i = 0; i < 1000; i++) {
        pulled += 1;
        yield `${line(row)}\n`;
      }
    })();
    const { records } = await anonymous()
      .importCsv({ csv, batchSize: 10 })
      .collect({ limit: 5, onLimit: 'truncate' });
    expect(records).toHaveLength(5);
    expect(pulled).toBeLessThanOrEqual(10);
  });

  it('rejects a csv that is not a stream or an iterable', () => {
    expect(() => anonymous().importCsv({ csv: 'a,b' as never })).toThrow(/csv must be/);
  });
});
