/**
 * Licences of London Datastore datasets. Each dataset has a `licence` field whose shape is
 * unconfirmed (`null` in the publisher's mock); the GLA's datasets are OGL v3 per their pages, and
 * many others are published under OGL v2 or v1. A value naming the Open Government Licence becomes
 * the version it names (`OGL-UK-1.0`, `-2.0`, `-3.0`; v3, the current one, when it names none) with
 * that version's attribution statement; the dataset's own Crown copyright statements ("Contains OS
 * data © Crown copyright and database right 2020") found in its description are kept after it. Any
 * other value is kept as the licence id; none at all is labelled as not stated, never as open.
 */
import { type Licence, OGL_V1_URL, OGL_V2_URL, OGL_V3_URL } from '@ldn-twin/core';

/**
 * The attribution statement the Open Government Licence v3.0 asks for where none other is given.
 *
 * @example
 * ```ts
 * OGL_ATTRIBUTION; // 'Contains public sector information licensed under the Open Government Licence v3.0.'
 * ```
 */
export const OGL_ATTRIBUTION =
  'Contains public sector information licensed under the Open Government Licence v3.0.';

/**
 * The licence of the GLA's own datasets (the Cultural Infrastructure Map, the Building Stock Model,
 * the statistical boundary files), OGL v3 per their dataset pages.
 *
 * @example
 * ```ts
 * GLA_OGL_LICENCE.id; // 'OGL-UK-3.0'
 * ```
 */
export const GLA_OGL_LICENCE: Licence = {
  id: 'OGL-UK-3.0',
  url: OGL_V3_URL,
  attribution: [`Greater London Authority. ${OGL_ATTRIBUTION}`],
};

/** The three versions of the Open Government Licence: SPDX id and text. */
const OGL_VERSIONS: Readonly<Record<'1' | '2' | '3', { id: string; url: string }>> = {
  '1': { id: 'OGL-UK-1.0', url: OGL_V1_URL },
  '2': { id: 'OGL-UK-2.0', url: OGL_V2_URL },
  '3': { id: 'OGL-UK-3.0', url: OGL_V3_URL },
};

/**
 * The licence of a dataset from its raw `licence` value, its publisher's name (if known) and its
 * description (HTML or text), whose Crown copyright statements are kept; `fallback` stands in for a
 * dataset that states no licence (else it is labelled not stated).
 *
 * @example
 * ```ts
 * datastoreLicence('OGL v3', 'Greater London Authority').id; // 'OGL-UK-3.0'
 * datastoreLicence('ogl-v2', 'Transport for London').attribution;
 * // ['Transport for London. Contains public sector information licensed under the Open Government Licence v2.0.']
 * datastoreLicence(null, 'Greater London Authority').id; // 'LicenseRef-not-stated'
 * ```
 */
export function datastoreLicence(
  raw: unknown,
  publisher: string | undefined,
  description?: string,
  fallback?: Licence,
): Licence {
  const text = licenceText(raw);
  const who = publisher ?? 'London Datastore';
  const own = crownStatements(description);
  if (text === undefined) {
    // A connector that knows its dataset's licence from elsewhere (its pages) gives it as the fallback.
    if (fallback) return { ...fallback, attribution: [...fallback.attribution, ...own] };
    return {
      id: 'LicenseRef-not-stated',
      attribution: [
        `${publisher ?? 'Publisher not stated'}, via the London Datastore; the dataset states no licence.`,
        ...own,
      ],
    };
  }
  if (/ogl|open[\s-]*government/i.test(text)) {
    const version = /(?:v(?:ersion)?|ogl|licen[cs]e)[\s.-]*([123])(?:\.0)?(?!\d)/i.exec(text)?.[1] as
      | '1'
      | '2'
      | '3'
      | undefined;
    const { id, url } = OGL_VERSIONS[version ?? '3'];
    const statement = `Contains public sector information licensed under the Open Government Licence v${version ?? '3'}.0.`;
    return { id, url, attribution: [`${who}. ${statement}`, ...own] };
  }
  return { id: text, attribution: [`${who}, licence: ${text}`, ...own] };
}

/**
 * The "Contains … © Crown copyright …" statements of a description (Ordnance Survey's, ONS's), in
 * order, each once, each ending at its full stop or its paragraph.
 */
function crownStatements(description: string | undefined): string[] {
  if (!description) return [];
  // A tag ends a statement as a full stop does (a paragraph without one).
  const text = description
    .replace(/<[^>]*>/g, '\n')
    .replace(/&copy;|&#169;/gi, '©')
    .replace(/&nbsp;|&#160;/gi, ' ')
    .replace(/&amp;/gi, '&');
  const found = text.match(/Contains [^.©\n]*?©\s*Crown copyright[^.\n]*/gi) ?? [];
  return [...new Set(found.map((statement) => `${statement.replace(/\s+/g, ' ').trim()}.`))];
}

/** A string, or an object's `id`/`title`/`name`, trimmed; absent when empty. */
function licenceText(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim() || undefined;
  if (typeof raw === 'object' && raw !== null) {
    for (const key of ['id', 'title', 'name']) {
      const value = (raw as Record<string, unknown>)[key];
      if (typeof value === 'string' && value.trim()) return value.trim();
    }
  }
  return undefined;
}
