/**
 * Licences of London Datastore datasets. Each dataset has a `licence` field whose shape is
 * unconfirmed (`null` in the publisher's mock); the GLA's datasets are OGL v3 per their pages. A
 * value naming the Open Government Licence becomes `OGL-UK-3.0` with the OGL attribution statement;
 * any other value is kept as the licence id; none at all is labelled as not stated, never as open.
 */
import { type Licence, OGL_V3_URL } from '@ldn-twin/core';

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

/**
 * The licence of a dataset from its raw `licence` value and its publisher's name (if known).
 *
 * @example
 * ```ts
 * datastoreLicence('OGL v3', 'Greater London Authority').id; // 'OGL-UK-3.0'
 * datastoreLicence(null, 'Greater London Authority').id; // 'LicenseRef-not-stated'
 * ```
 */
export function datastoreLicence(raw: unknown, publisher: string | undefined): Licence {
  const text = licenceText(raw);
  const who = publisher ?? 'London Datastore';
  if (text === undefined) {
    return {
      id: 'LicenseRef-not-stated',
      attribution: [
        `${publisher ?? 'Publisher not stated'}, via the London Datastore; the dataset states no licence.`,
      ],
    };
  }
  if (/\bogl\b|open[\s-]*government/i.test(text)) {
    return { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: [`${who}. ${OGL_ATTRIBUTION}`] };
  }
  return { id: text, attribution: [`${who}, licence: ${text}`] };
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
