/**
 * Output in the format asked for: a table for people (the default), or a machine format that
 * streams (json, geojson, ndjson, csv).
 */
import { type TwinRecord, toCsv, toFeatureCollection, toNdjson } from '@ldn-twin/core';
import type { QuestionReport } from '@ldn-twin/questions';

/** The formats `--format` accepts. */
export const FORMATS = ['table', 'json', 'geojson', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** Lines of text for records, in a format. */
export async function* recordLines(
  records: AsyncIterable<TwinRecord> | Iterable<TwinRecord>,
  format: Format,
): AsyncGenerator<string> {
  switch (format) {
    case 'ndjson':
      yield* toNdjson(records);
      return;
    case 'csv':
      yield* toCsv(records);
      return;
    case 'geojson': {
      const all: TwinRecord[] = [];
      for await (const record of records) all.push(record);
      yield `${JSON.stringify(toFeatureCollection(all), null, 2)}\n`;
      return;
    }
    case 'json': {
      const all: TwinRecord[] = [];
      for await (const record of records) all.push(record);
      yield `${JSON.stringify(all, null, 2)}\n`;
      return;
    }
    case 'table':
      for await (const record of records) yield `${tableRow(record)}\n`;
      return;
  }
}

/** Lines of text for a question's report, in a format. */
export async function* reportLines(report: QuestionReport, format: Format): AsyncGenerator<string> {
  if (format === 'json') {
    yield `${JSON.stringify(report, null, 2)}\n`;
    return;
  }
  if (format !== 'table') {
    yield* recordLines(report.records, format);
    return;
  }
  for (const line of report.summary) yield `${line}\n`;
  yield '\nSources:\n';
  for (const s of report.sources) {
    // One line per source: the short reason (the full message is in --format json).
    const detail = s.error
      ? `${s.error.code}: ${s.error.reason}`
      : s.status === 'skipped'
        ? (s.note ?? 'not asked')
        : `${s.records} records${s.issues ? `, ${s.issues} issues` : ''}`;
    yield `  ${s.status.padEnd(8)} ${s.source} (${detail}, ${s.ms} ms)\n`;
  }
  if (report.attributions.length > 0) {
    yield '\nAttribution:\n';
    for (const a of report.attributions) yield `  ${a.replaceAll('\n', ' ')}\n`;
  }
}

function tableRow(record: TwinRecord): string {
  return [record.featureType.padEnd(20), (record.properties.name ?? '').padEnd(40), record.id].join(' ');
}
