/**
 * The venue types of the Cultural Infrastructure Map and how their files are recognised among the
 * dataset's resources. The field guide lists per-type CSVs (archives, artists' workspaces, arts
 * centres, cinemas, commercial galleries, dance performance, libraries, makerspaces, museums, music
 * venues, theatres) and a `Pubs` layer; the exact resource titles are not confirmed, so each type is
 * matched by phrases in the title or file name (config `venueTypes`), never by a resource id.
 */
import * as z from 'zod';
import { containsPhrase } from '../protocols/london-datastore/index.js';

/**
 * Default phrases per venue type (whole words, any case, punctuation ignored).
 *
 * @example
 * ```ts
 * DEFAULT_VENUE_TYPES['music-venues']; // ['music venue', 'music venues']
 * ```
 */
export const DEFAULT_VENUE_TYPES: Readonly<Record<string, readonly string[]>> = {
  archives: ['archive', 'archives'],
  'artists-workspaces': [
    "artists' workspaces",
    'artists workspaces',
    'artist workspaces',
    'artists workspace',
  ],
  'arts-centres': ['arts centre', 'arts centres'],
  cinemas: ['cinema', 'cinemas'],
  'commercial-galleries': ['commercial gallery', 'commercial galleries'],
  'dance-performance': ['dance performance'],
  libraries: ['library', 'libraries'],
  makerspaces: ['makerspace', 'makerspaces'],
  museums: ['museum', 'museums'],
  'music-venues': ['music venue', 'music venues'],
  theatres: ['theatre', 'theatres'],
  pubs: ['pub', 'pubs'],
};

/**
 * Config schema of the venue types: kebab-case key → phrases.
 *
 * @example
 * ```ts
 * VenueTypes.parse({ 'music-venues': ['grassroots music venues'] });
 * ```
 */
export const VenueTypes = z.record(
  z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case venue type'),
  z.array(z.string().min(1)).min(1),
);

/**
 * The venue type whose phrases a resource's title or file name contains (the first type in config
 * order), or undefined.
 *
 * @example
 * ```ts
 * venueTypeOf(['Music venues (grassroots)', 'music_venues.csv'], DEFAULT_VENUE_TYPES); // 'music-venues'
 * venueTypeOf(['Public houses'], DEFAULT_VENUE_TYPES); // undefined: 'pub' is a whole word
 * ```
 */
export function venueTypeOf(
  texts: readonly (string | undefined)[],
  types: Readonly<Record<string, readonly string[]>>,
): string | undefined {
  for (const [type, phrases] of Object.entries(types)) {
    if (phrases.some((phrase) => containsPhrase(texts, phrase))) return type;
  }
  return undefined;
}
