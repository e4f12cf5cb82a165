/**
 * The GLA's metadata convention on its London-wide Planning Data Map layers: one pipe-delimited
 * `key:value` string in the layer's `description` (and in its itemInfo), e.g.
 * `licence:ogl-v3|maintainer:GLA Planning|description:"…"|update_frequency:,ad-hoc|tags:[planningconstraintsmap|MapLondon]|…`.
 * Bracketed lists contain `|` too, and the inner description may be quoted and contain anything,
 * so a plain split on `|` breaks it; the key set differs between layers (`topics` on 219, `topic`
 * on 302). The licence and the tags live only here (`licenseInfo` and `tags` are empty).
 */

/**
 * The parsed string: each key with its value, lists (`[a|b]`) as arrays, quotes and stray leading
 * commas removed.
 *
 * @example
 * ```ts
 * const meta: GlaMetadata = { licence: 'ogl-v3', tags: ['planningconstraintsmap', 'MapLondon'] };
 * ```
 */
export type GlaMetadata = Readonly<Record<string, string | readonly string[]>>;

/**
 * Parses a GLA metadata string; returns `undefined` when the text does not follow the convention
 * (no `licence:` or `maintainer:` style key at the start).
 *
 * @example
 * ```ts
 * parseGlaMetadata('licence:ogl-v3|update_frequency:,ad-hoc|tags:[planningconstraintsmap|MapLondon]');
 * // { licence: 'ogl-v3', update_frequency: 'ad-hoc', tags: ['planningconstraintsmap', 'MapLondon'] }
 * ```
 */
export function parseGlaMetadata(text: string | undefined): GlaMetadata | undefined {
  if (!text || !/^\s*[a-z_]+:/.test(text)) return undefined;
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '[') depth += 1;
    else if (!quoted && char === ']') depth = Math.max(0, depth - 1);
    if (char === '|' && depth === 0 && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  const out: Record<string, string | string[]> = {};
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const key = part.slice(0, colon).trim();
    const raw = part.slice(colon + 1).trim();
    if (raw.startsWith('[') && raw.endsWith(']')) {
      out[key] = raw
        .slice(1, -1)
        .split('|')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    } else {
      out[key] = raw
        .replace(/^"([\s\S]*)"$/, '$1')
        .replace(/^,+/, '')
        .trim();
    }
  }
  return out;
}

/**
 * The Ordnance Survey statement a GLA description carries ("Contains OS data © Crown copyright and
 * database rights 2020."), quoted exactly, or `undefined`.
 *
 * @example
 * ```ts
 * osStatement('… presumption to publish\'.Contains OS data © Crown copyright and database rights 2020.');
 * // 'Contains OS data © Crown copyright and database rights 2020.'
 * ```
 */
export function osStatement(text: string | undefined): string | undefined {
  return text
    ? /Contains OS data © Crown copyright(?: and database rights?)?(?: \d{4})?\.?/.exec(text)?.[0]
    : undefined;
}
