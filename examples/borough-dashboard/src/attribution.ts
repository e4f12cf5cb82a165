/**
 * Attribution statements as publishers write them, made readable: a markdown link `[text](url)` and
 * a bare `http(s)://` address become links, line breaks become spaces, and the `[date]` that Historic
 * England's statement leaves to be filled ("… was obtained on [date].") becomes the day the records
 * carrying it were obtained.
 */
import type { TwinRecord } from '@ldn-twin/core';

/** A piece of a statement: text, or a link. */
export type StatementPart = { readonly text: string; readonly href?: string };

const PIECES = /\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)|(https?:\/\/[^\s)]+)/g;

/** A statement in parts, with `[date]` read as `obtainedOn` (YYYY-MM-DD). */
export function statementParts(statement: string, obtainedOn: string): StatementPart[] {
  const text = statement.replaceAll('[date]', obtainedOn).replace(/\s*\n\s*/g, ' ');
  const parts: StatementPart[] = [];
  let at = 0;
  for (const match of text.matchAll(PIECES)) {
    if (match.index > at) parts.push({ text: text.slice(at, match.index) });
    const href = match[2] ?? match[3] ?? '';
    parts.push({ text: match[1] ?? href, href });
    at = match.index + match[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at) });
  return parts;
}

/**
 * Each statement of these records (first seen first, as `attributions` orders them) with the day the
 * earliest record carrying it was retrieved.
 */
export function statementsWithDates(
  records: readonly TwinRecord[],
): { statement: string; obtainedOn: string }[] {
  const earliest = new Map<string, string>();
  for (const record of records) {
    const day = record.properties.provenance.retrievedAt.slice(0, 10);
    for (const statement of record.properties.licence.attribution) {
      const seen = earliest.get(statement);
      if (seen === undefined || day < seen) earliest.set(statement, day);
    }
  }
  return [...earliest].map(([statement, obtainedOn]) => ({ statement, obtainedOn }));
}
