/**
 * Attribution statements shown to people, the same way everywhere: publishers write them with a
 * `[date]` to fill (Historic England's "… was obtained on [date].") and markdown links. These fill the
 * placeholder with the day the data was obtained and render the statement as plain text for a
 * terminal or as parts for a page. Machine outputs (JSON, NDJSON, CSV, GeoJSON) keep the statement
 * exactly as published.
 */

/**
 * A piece of an attribution statement: text, or a link. `href` is only ever an `http:` or `https:`
 * address with no space, control character or any of `"'<>\`\\` in it; `text` is text, never
 * markup (put it in a text node).
 *
 * @example
 * ```ts
 * import type { AttributionPart } from '@ldn-twin/core';
 * const part: AttributionPart = { text: 'HistoricEngland.org.uk', href: 'https://historicengland.org.uk' };
 * ```
 */
export interface AttributionPart {
  readonly text: string;
  readonly href?: string;
}

// A markdown link `[text](target)` (the target may hold one level of brackets), or a bare http(s)
// address (not its closing punctuation).
const LINKS = /\[([^\]]*)\]\(((?:[^()\s]|\([^()\s]*\))*)\)|(https?:\/\/[^\s)<>"']*[^\s)<>"'.,;:!?])/g;
const SAFE_HREF = /^https?:\/\/[^\s"'<>`\\\p{Cc}]+$/iu;

/**
 * A statement in parts, for a page: `[date]` as `obtainedOn` (a `YYYY-MM-DD` day, or an ISO instant
 * whose date is used), line breaks as spaces, and each markdown link or bare `http(s)` address a
 * part with an `href`. A link to anything but an `http(s)` address (`javascript:`, `data:`) is inert:
 * its text only. Render each part's `text` as a text node, never as HTML.
 *
 * @example
 * ```ts
 * import { attributionParts } from '@ldn-twin/core';
 * const nodes = attributionParts('Obtained on [date]. See [HE](https://historicengland.org.uk).', '2026-05-06')
 *   .map((p) => {
 *     if (!p.href) return document.createTextNode(p.text);
 *     const a = document.createElement('a');
 *     a.href = p.href;
 *     a.textContent = p.text;
 *     return a;
 *   });
 * footer.replaceChildren(...nodes); // Obtained on 2026-05-06. See <a href="https://historicengland.org.uk">HE</a>.
 * ```
 */
export function attributionParts(statement: string, obtainedOn: string): AttributionPart[] {
  const text = statement.replaceAll('[date]', obtainedOn.slice(0, 10)).replace(/\s*\n\s*/g, ' ');
  const parts: AttributionPart[] = [];
  const add = (part: AttributionPart) => {
    const last = parts.at(-1);
    if (part.text === '') return;
    if (!part.href && last && !last.href) parts[parts.length - 1] = { text: last.text + part.text };
    else parts.push(part);
  };
  let at = 0;
  for (const match of text.matchAll(LINKS)) {
    add({ text: text.slice(at, match.index) });
    const href = match[2] ?? match[3] ?? '';
    const label = match[1] ?? href;
    add(SAFE_HREF.test(href) ? { text: label || href, href } : { text: label });
    at = match.index + match[0].length;
  }
  add({ text: text.slice(at) });
  return parts;
}

/**
 * A statement as one line of plain text, for a terminal: as {@link attributionParts}, with a link
 * written `text (address)` (a bare address once).
 *
 * @example
 * ```ts
 * import { attributionText } from '@ldn-twin/core';
 * attributionText('Obtained on [date].\nSee [HE](https://historicengland.org.uk).', '2026-05-06T09:00:00.000Z');
 * // 'Obtained on 2026-05-06. See HE (https://historicengland.org.uk).'
 * ```
 */
export function attributionText(statement: string, obtainedOn: string): string {
  return attributionParts(statement, obtainedOn)
    .map((p) => (p.href && p.href !== p.text ? `${p.text} (${p.href})` : p.text))
    .join('');
}

/**
 * The day (`YYYY-MM-DD`, as `retrievedAt` writes it) each statement's data was obtained: the
 * earliest retrieval of the records carrying it, in first-seen order as `attributions` gives them. Pass it to
 * {@link attributionText} or {@link attributionParts}.
 *
 * @example
 * ```ts
 * import { attributionDates, attributionText, attributions } from '@ldn-twin/core';
 * const days = attributionDates(records);
 * const credits = attributions(records).map((s) => attributionText(s, days.get(s) ?? new Date().toISOString()));
 * ```
 */
export function attributionDates(
  records: Iterable<{
    readonly properties: {
      readonly licence: { readonly attribution: readonly string[] };
      readonly provenance: { readonly retrievedAt: string };
    };
  }>,
): Map<string, string> {
  const days = new Map<string, string>();
  for (const { properties } of records) {
    const day = properties.provenance.retrievedAt.slice(0, 10);
    for (const statement of properties.licence.attribution) {
      const seen = days.get(statement);
      if (seen === undefined || day < seen) days.set(statement, day);
    }
  }
  return days;
}
