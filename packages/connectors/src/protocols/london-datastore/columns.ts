/**
 * Column maps for Datastore CSV files whose column names are not confirmed (the Cultural
 * Infrastructure Map's, the Building Stock Model's): each field names candidate header names, the
 * first one the file has wins. Names are compared without case, spaces, underscores or punctuation,
 * so `Site Name`, `site_name` and `SITENAME` all match `site_name`.
 */
import * as z from 'zod';

/**
 * Candidate header names of one field, in order of preference.
 *
 * @example
 * ```ts
 * ColumnCandidates.parse(['latitude', 'lat']);
 * ```
 */
export const ColumnCandidates = z.array(z.string().min(1)).min(1);

/**
 * How a header name is compared.
 *
 * @example
 * ```ts
 * normaliseColumn('Site Name'); // 'sitename'
 * ```
 */
export function normaliseColumn(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Which header column each field reads: for each field, the first candidate the header has.
 * Fields with no candidate present are left out.
 *
 * @example
 * ```ts
 * resolveColumns(['Name', 'LATITUDE', 'longitude'], { name: ['name'], latitude: ['latitude', 'lat'] });
 * // { name: 'Name', latitude: 'LATITUDE' }
 * ```
 */
export function resolveColumns<K extends string>(
  header: readonly string[],
  map: Readonly<Partial<Record<K, readonly string[]>>>,
): Partial<Record<K, string>> {
  const byName = new Map<string, string>();
  for (const name of header) if (!byName.has(normaliseColumn(name))) byName.set(normaliseColumn(name), name);
  const resolved: Partial<Record<K, string>> = {};
  for (const [field, candidates] of Object.entries(map) as [K, readonly string[] | undefined][]) {
    for (const candidate of candidates ?? []) {
      const column = byName.get(normaliseColumn(candidate));
      if (column !== undefined) {
        resolved[field] = column;
        break;
      }
    }
  }
  return resolved;
}

/**
 * The non-empty values of the columns no field reads, for `extra`.
 *
 * @example
 * ```ts
 * extraColumns({ Name: 'Jazz Cafe', Notes: 'x', Empty: '' }, new Set(['Name'])); // { Notes: 'x' }
 * ```
 */
export function extraColumns(
  values: Readonly<Record<string, string>>,
  used: ReadonlySet<string>,
): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (!used.has(name) && value.trim() !== '') extra[name] = value.trim();
  }
  return extra;
}

/** Lower case, `&` as `and`, apostrophes dropped, other punctuation and underscores as spaces, padded. */
function words(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `;
}

/**
 * Whether any of the texts contains the phrase as whole words (any case; punctuation, underscores
 * and `&`/`and` ignored), as resource titles and file names are matched.
 *
 * @example
 * ```ts
 * containsPhrase(['London Building Stock Model 2 - Hammersmith & Fulham'], 'hammersmith and fulham'); // true
 * containsPhrase(['Public houses'], 'pub'); // false
 * ```
 */
export function containsPhrase(texts: readonly (string | undefined)[], phrase: string): boolean {
  const needle = words(phrase);
  return needle.trim() !== '' && texts.some((t) => t !== undefined && words(t).includes(needle));
}
