/**
 * Output in the format asked for: a table for people (the default), or a machine format that
 * streams (json, geojson, ndjson, csv).
 */
import {
  attributionDates,
  attributionText,
  honourPolicies,
  type PolicyTerms,
  PUBLIC_AUDIENCE,
  type TwinRecord,
  toCsv,
  toFeatureCollection,
  toNdjson,
} from '@ldn-twin/core';
import type { QuestionReport } from '@ldn-twin/questions';
import { safeText } from './text.js';

/** The formats `--format` accepts. */
export const FORMATS = ['table', 'json', 'geojson', 'ndjson', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

async function* each<R>(records: AsyncIterable<R> | Iterable<R>): AsyncGenerator<R> {
  yield* records;
}

/**
 * Lines of text for records, in a format. Only records whose terms permit it to `terms.party` are
 * written: `display` for the table, `distribute` for the machine formats (default party: the public).
 */
export async function* recordLines(
  records: AsyncIterable<TwinRecord> | Iterable<TwinRecord>,
  format: Format,
  terms?: PolicyTerms,
): AsyncGenerator<string> {
  const options = terms ? { terms } : {};
  switch (format) {
    case 'ndjson':
      yield* toNdjson(records, options);
      return;
    case 'csv':
      yield* toCsv(records, options);
      return;
    case 'geojson': {
      const all: TwinRecord[] = [];
      for await (const record of records) all.push(record);
      yield `${JSON.stringify(toFeatureCollection(all, options), null, 2)}\n`;
      return;
    }
    case 'json': {
      const all: TwinRecord[] = [];
      for await (const record of honourPolicies(each(records), 'distribute', terms ?? PUBLIC_TERMS))
        all.push(record);
      yield `${JSON.stringify(all, null, 2)}\n`;
      return;
    }
    case 'table':
      for await (const record of honourPolicies(each(records), 'display', terms ?? PUBLIC_TERMS))
        yield `${tableRow(record)}\n`;
      return;
  }
}

const PUBLIC_TERMS: PolicyTerms = { party: PUBLIC_AUDIENCE };

/** How a question's report is written for people. */
export interface ReportStyle {
  /** Show the detail of failures (a replayed archive's closest recorded requests). */
  readonly verbose?: boolean;
}

const CLOSEST = '; closest:';

/** A failure's reason on one line: the message up to any list of closest recorded requests. */
function summaryLine(message: string): string {
  const at = message.indexOf(CLOSEST);
  return safeText(at < 0 ? message : message.slice(0, at));
}

/** The closest recorded requests a HAR no-match message lists, one per entry. */
function closestRequests(message: string): string[] {
  const at = message.indexOf(CLOSEST);
  if (at < 0) return [];
  return message
    .slice(at + CLOSEST.length)
    .split('\n')
    .map((line) => safeText(line.trim()))
    .filter((line) => line.length > 0);
}

/** Lines of text for a question's report, in a format. */
export async function* reportLines(
  report: QuestionReport,
  format: Format,
  style: ReportStyle = {},
  terms?: PolicyTerms,
): AsyncGenerator<string> {
  if (format === 'json') {
    yield `${JSON.stringify(report, null, 2)}\n`;
    return;
  }
  if (format !== 'table') {
    yield* recordLines(report.records, format, terms);
    return;
  }
  for (const line of report.summary) yield `${summaryLine(line)}\n`;
  yield '\nSources:\n';
  for (const s of report.sources) {
    // One line per source: the short reason (the full message is in --format json).
    const detail = s.error
      ? `${s.error.code}: ${safeText(s.error.reason)}`
      : s.status === 'skipped'
        ? safeText(s.note ?? 'not asked')
        : `${s.records} records${s.issues ? `, ${s.issues} issues` : ''}`;
    yield `  ${s.status.padEnd(8)} ${safeText(s.source)} (${detail}, ${s.ms} ms)\n`;
    if (style.verbose && s.error) {
      const closest = closestRequests(s.error.message);
      if (closest.length > 0) yield `           closest recorded requests:\n`;
      for (const line of closest) yield `             ${line}\n`;
    }
  }
  if (report.attributions.length > 0) {
    // As text: `[date]` the day the records carrying it were retrieved, links as "text (address)".
    // The machine formats keep each statement exactly as published.
    const days = attributionDates(report.records);
    yield '\nAttribution:\n';
    for (const a of report.attributions)
      yield `  ${safeText(attributionText(a, days.get(a) ?? report.askedAt))}\n`;
  }
}

function tableRow(record: TwinRecord): string {
  const name = safeText(String(record.properties.name ?? ''));
  return [record.featureType.padEnd(20), name.padEnd(40), safeText(record.id)].join(' ');
}
