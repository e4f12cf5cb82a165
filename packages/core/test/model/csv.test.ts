import { CSV_ENVELOPE_COLUMNS, csvCell, flattenRecord, type TwinRecord, toCsv } from '@ldn-twin/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  copy,
  engineerTerms,
  HE_ATTRIBUTION,
  listedBuilding,
  no2,
  OGL_ATTRIBUTION,
  samples,
  waterMain,
} from './fixtures.js';

/** A small RFC 4180 reader: rows of fields, quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function csvText(
  records: Iterable<TwinRecord>,
  options?: Parameters<typeof toCsv>[1],
): Promise<string> {
  let text = '';
  // The restricted sample's terms permit the engineer (these tests are about the format).
  for await (const line of toCsv(records, { terms: engineerTerms, ...options })) text += line;
  return text;
}

const dangerous = /^[=+\-@\t\r]/;

/**
 * Any code point but a lone surrogate, drawn as fast-check's `unit: 'binary'` draws it (an index
 * over both ranges, small ones favoured), without the table of all 1.1 million that `'binary'`
 * builds on first use (seconds on a loaded machine).
 */
const codePoint = fc
  .nat({ max: 0x10ffff - 0x800 })
  .map((i) => String.fromCodePoint(i < 0xd800 ? i : i + 0x800));

describe('csvCell', () => {
  it('quotes per RFC 4180', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Lambeth, London')).toBe('"Lambeth, London"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it.each(['=HYPERLINK("http://evil","x")', '+cmd', "-2+3+cmd|' /C calc'!A0", '@SUM(A1)', '\t=1', '\r=1'])(
    'neutralises %j with a leading apostrophe',
    (value) => {
      const [[cell]] = parseCsv(csvCell(value)) as [[string]];
      expect(cell).toBe(`'${value}`);
    },
  );

  it('leaves plain numbers alone, so negative longitudes stay numbers', () => {
    expect(csvCell('-0.1276')).toBe('-0.1276');
    expect(csvCell('-1e-7')).toBe('-1e-7');
    expect(csvCell('-1+1')).toBe("'-1+1");
  });

  it('any string survives quoting (with an apostrophe before formula starts)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: codePoint }), { minLength: 1, maxLength: 5 }), (fields) => {
        const [row] = parseCsv(`${fields.map(csvCell).join(',')}\r\n`);
        const expected = fields.map((f) =>
          dangerous.test(f) && !/^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(f) ? `'${f}` : f,
        );
        expect(row).toEqual(expected);
      }),
    );
  });
});

describe('toCsv', () => {
  it('writes a header of envelope and sampled attribute columns, then one row per record', async () => {
    const rows = parseCsv(await csvText(samples));
    const [header, ...body] = rows as [string[], ...string[][]];
    expect(header.slice(0, CSV_ENVELOPE_COLUMNS.length)).toEqual([...CSV_ENVELOPE_COLUMNS]);
    expect(header).toContain('attributes.grade');
    expect(header).toContain('attributes.extra.wikidata');
    expect(header).toContain('attributes.unitOfMeasurement.symbol');
    expect(body).toHaveLength(samples.length);
    const first = Object.fromEntries(header.map((column, i) => [column, body[0]?.[i]]));
    expect(first).toMatchObject({
      id: listedBuilding.id,
      lon: '-0.1195',
      lat: '51.4952',
      attribution: `${HE_ATTRIBUTION}; ${OGL_ATTRIBUTION}`,
      'access.classification': 'open',
      'attributes.grade': 'I',
      'attributes.organisationEntity': '16',
    });
  });

  it('uses the given columns and streams without buffering', async () => {
    const text = await csvText([no2, waterMain], { columns: ['id', 'lon', 'lat', 'attributes.result'] });
    expect(text).toBe(
      `id,lon,lat,attributes.result\r\n${no2.id},-0.125848,51.522287,41.2\r\n${waterMain.id},-0.115,51.495,\r\n`,
    );
  });

  it('neutralises injection in record values and keeps quoting intact', async () => {
    const evil = copy(listedBuilding);
    evil.properties.name = '=HYPERLINK("http://evil","click")';
    evil.properties.attributes.extra.notes = '@SUM(A1), "quoted"\nsecond line';
    const rows = parseCsv(await csvText([evil]));
    const [header, body] = rows as [string[], string[]];
    expect(rows).toHaveLength(2);
    expect(body[header.indexOf('name')]).toBe(`'${evil.properties.name}`);
    expect(body[header.indexOf('attributes.extra.notes')]).toBe(`'${evil.properties.attributes.extra.notes}`);
  });

  it('leaves out attribute keys first seen after the sample', async () => {
    const rows = parseCsv(await csvText([no2, listedBuilding], { sampleSize: 1 }));
    expect(rows[0]).not.toContain('attributes.grade');
    expect(rows).toHaveLength(3);
  });

  it('flattens a record with the documented columns', () => {
    const flat = flattenRecord(waterMain);
    expect(flat['access.permittedOrganisations']).toBe('thames-water; lambeth');
    expect(flat['attributes.depthMetres']).toBe('1.2');
    expect(flattenRecord(samples[3] as TwinRecord)).toMatchObject({
      lon: '',
      lat: '',
      'scenario.scenario': 'rcp85-2080',
    });
  });
});
