/**
 * Records as CSV for spreadsheets: one flattened row per record with the attribution alongside,
 * RFC 4180 quoting, CRLF line ends, and cells neutralised against formula injection.
 *
 * Columns. A stream needs its header before its rows, so the header is fixed up front: either the
 * `columns` you pass (any names {@link flattenRecord} produces), or {@link CSV_ENVELOPE_COLUMNS}
 * followed by the `attributes.*` columns of the first `sampleSize` records (default 100), in
 * first-seen order. Buffering only those records keeps memory flat; attribute keys that first appear
 * later are left out, so pass `columns` when every field matters.
 *
 * Flattening. Nested objects become dotted paths (`attributes.unitOfMeasurement.symbol`,
 * `attributes.extra.listed-building`); arrays become JSON; null and absent become an empty cell. `lon`
 * and `lat` are the point of a Point geometry, otherwise the centre of the geometry's bounding box
 * rounded to 7 decimals (`locationPrecision` says how precise the geometry is); empty without geometry. Lists in the envelope
 * (`identifiers`, `relations`, `attribution`, permitted organisations/groups) are joined with `; `.
 */
import { type PolicyTerms, permittedBy } from '../policy/evaluate.js';
import type { TwinRecord } from './record.js';
import { PUBLIC_AUDIENCE } from './trust.js';

/**
 * The envelope columns of the CSV, in order.
 *
 * @example
 * ```ts
 * import { CSV_ENVELOPE_COLUMNS, toCsv } from '@ldn-twin/core';
 * const lines = toCsv(records, { columns: [...CSV_ENVELOPE_COLUMNS, 'attributes.grade'] });
 * ```
 */
export const CSV_ENVELOPE_COLUMNS = [
  'id',
  'kind',
  'name',
  'description',
  'lon',
  'lat',
  'locationPrecision',
  'identifiers',
  'relations',
  'validFrom',
  'validTo',
  'observedAt',
  'recordedAt',
  'provenance.publisher',
  'provenance.dataset',
  'provenance.sourceId',
  'provenance.sourceUrl',
  'provenance.retrievedAt',
  'provenance.method',
  'provenance.connector',
  'licence.id',
  'licence.url',
  'attribution',
  'access.classification',
  'access.permittedOrganisations',
  'access.permittedGroups',
  'access.policies',
  'scenario.runId',
  'scenario.scenario',
] as const;

/** A strict number literal cannot be a formula, so negative longitudes stay numbers in spreadsheets. */
const NUMBER_LITERAL = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * One CSV cell: neutralised against spreadsheet formula injection (a value starting with `=`, `+`,
 * `-`, `@`, tab or carriage return gets a leading `'`, unless it is a plain number such as `-0.1276`),
 * then quoted per RFC 4180 when it holds a comma, quote, CR or LF.
 *
 * @example
 * ```ts
 * import { csvCell } from '@ldn-twin/core';
 * csvCell('=HYPERLINK("http://evil")'); // '"\'=HYPERLINK(""http://evil"")"'
 * csvCell('Lambeth, London'); // '"Lambeth, London"'
 * csvCell('-0.1276'); // '-0.1276'
 * ```
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !NUMBER_LITERAL.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

function flattenInto(target: Record<string, string>, prefix: string, value: unknown): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flattenInto(target, `${prefix}.${key}`, inner);
  } else {
    target[prefix] = text(value);
  }
}

function positionsOf(geometry: NonNullable<TwinRecord['geometry']>): number[][] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat();
    case 'MultiPolygon':
      return geometry.coordinates.flat(2);
    case 'GeometryCollection':
      return geometry.geometries.flatMap(positionsOf);
  }
}

function representativePoint(geometry: TwinRecord['geometry']): [number, number] | undefined {
  if (geometry === null) return undefined;
  if (geometry.type === 'Point') {
    const [lon, lat] = geometry.coordinates;
    return lon === undefined || lat === undefined ? undefined : [lon, lat];
  }
  const positions = positionsOf(geometry);
  if (positions.length === 0) return undefined;
  const lons = positions.map((position) => position[0] ?? 0);
  const lats = positions.map((position) => position[1] ?? 0);
  // Seven decimals (about 1 cm) hide floating-point noise such as -0.11499999999999999.
  const centre = (values: number[]) =>
    Math.round(((Math.min(...values) + Math.max(...values)) / 2) * 1e7) / 1e7;
  return [centre(lons), centre(lats)];
}

/**
 * One record as a flat map of column name to cell text (before quoting): the
 * {@link CSV_ENVELOPE_COLUMNS} plus `attributes.*` by dotted path.
 *
 * @example
 * ```ts
 * import { flattenRecord } from '@ldn-twin/core';
 * flattenRecord(record)['attributes.grade']; // 'II*'
 * ```
 */
export function flattenRecord(record: TwinRecord): Record<string, string> {
  const p = record.properties;
  const point = representativePoint(record.geometry);
  const row: Record<string, string> = {
    id: record.id,
    kind: p.kind,
    name: text(p.name),
    description: text(p.description),
    lon: text(point?.[0]),
    lat: text(point?.[1]),
    locationPrecision: p.locationPrecision,
    identifiers: p.identifiers
      .map(
        (identifier) =>
          `${identifier.scheme}:${identifier.value}${identifier.issuer ? `@${identifier.issuer}` : ''}`,
      )
      .join('; '),
    relations: p.relations.map((relation) => `${relation.rel} ${relation.target}`).join('; '),
    validFrom: text(p.validFrom),
    validTo: text(p.validTo),
    observedAt: text(p.observedAt),
    recordedAt: p.recordedAt,
    'provenance.publisher': p.provenance.publisher,
    'provenance.dataset': p.provenance.dataset,
    'provenance.sourceId': text(p.provenance.sourceId),
    'provenance.sourceUrl': text(p.provenance.sourceUrl),
    'provenance.retrievedAt': p.provenance.retrievedAt,
    'provenance.method': p.provenance.method,
    'provenance.connector': text(p.provenance.connector),
    'licence.id': p.licence.id,
    'licence.url': text(p.licence.url),
    attribution: p.licence.attribution.join('; '),
    'access.classification': p.access.classification,
    'access.permittedOrganisations': (p.access.permittedOrganisations ?? []).join('; '),
    'access.permittedGroups': (p.access.permittedGroups ?? []).join('; '),
    'access.policies': (p.access.policies ?? []).join('; '),
    'scenario.runId': text(p.scenario?.runId),
    'scenario.scenario': text(p.scenario?.scenario),
  };
  flattenInto(row, 'attributes', p.attributes);
  return row;
}

/**
 * Options of {@link toCsv}.
 *
 * @example
 * ```ts
 * import type { CsvOptions } from '@ldn-twin/core';
 * const options: CsvOptions = { columns: ['id', 'name', 'attribution', 'attributes.grade'] };
 * ```
 */
export interface CsvOptions {
  /** The columns, in order; default: the envelope columns plus the attribute columns of the sample. */
  readonly columns?: readonly string[];
  /** How many leading records to read to find attribute columns when `columns` is not given. */
  readonly sampleSize?: number;
  /**
   * Who the export is for: only records whose policies permit `distribute` to `terms.party` are
   * written, the others are told to `terms.onReport`. Default: the public.
   */
  readonly terms?: PolicyTerms;
}

function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * Writes records as CSV: a header line, then one line per record (each with its CRLF), as they
 * arrive, leaving out records whose policies do not permit `distribute` ({@link CsvOptions.terms}).
 * See the module notes for how columns are chosen and values flattened.
 *
 * @example
 * ```ts
 * import { toCsv, toReadableStream } from '@ldn-twin/core';
 * const body = toReadableStream(toCsv(connectorStream));
 * return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
 * ```
 */
export async function* toCsv(
  records: Iterable<TwinRecord> | AsyncIterable<TwinRecord>,
  options: CsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  const permitted = permittedBy('distribute', options.terms ?? { party: PUBLIC_AUDIENCE });
  const source: AsyncGenerator<TwinRecord, void, undefined> = (async function* () {
    for await (const record of records) if (permitted(record)) yield record;
  })();
  const sample: Record<string, string>[] = [];
  let columns = options.columns;
  if (columns === undefined) {
    const sampleSize = options.sampleSize ?? 100;
    const found = new Set<string>(CSV_ENVELOPE_COLUMNS);
    while (sample.length < sampleSize) {
      const next = await source.next();
      if (next.done) break;
      const row = flattenRecord(next.value);
      for (const key of Object.keys(row)) found.add(key);
      sample.push(row);
    }
    columns = [...found];
  }
  const header = columns;
  yield csvLine(header);
  for (const row of sample) yield csvLine(header.map((column) => row[column] ?? ''));
  for await (const record of { [Symbol.asyncIterator]: () => source }) {
    const row = flattenRecord(record);
    yield csvLine(header.map((column) => row[column] ?? ''));
  }
}
