/**
 * A geocoder with the shape map search boxes expect (`search(text)` giving id, address and centre;
 * `attribution()` giving the credits for what it returned), so a borough already using such map
 * components can put ldn-twin behind them. Postcodes go to postcodes.io (open, no key); any other
 * text goes to OS Places `find` (an OS Data Hub key; licensed data), when a key is given.
 */
import { osPlaces } from '@ldn-twin/connectors/os-places';
import { postcodesIo } from '@ldn-twin/connectors/postcodes-io';
import { attributions, connect, type HttpClient, type TwinRecord } from '@ldn-twin/core';
import { type ConfigOf, configFor } from './config.js';

/**
 * Options of {@link createGeocoder}.
 *
 * @example
 * ```ts
 * const options: GeocoderOptions = { client: createClient(), osPlacesKey: process.env.OS_PLACES_KEY, limit: 5 };
 * ```
 */
export interface GeocoderOptions {
  /** The shared HTTP client (a HAR replay for offline use). */
  readonly client: HttpClient;
  /**
   * An OS Data Hub project key with OS Places enabled, for free-text addresses. Without it only
   * postcodes are found: other text resolves to no results. The key is redacted from errors.
   */
  readonly osPlacesKey?: string;
  /** The most results a search returns (default 10, at most 100). */
  readonly limit?: number;
  /**
   * Connector configuration by connector id, as the questions take it: e.g. a proxy for a browser
   * app, which must not hold the OS key (`'os-places': { baseUrl: '/api/os-places' }`), or
   * `'postcodes-io': { baseUrl }` for a self-hosted postcodes.io.
   */
  readonly config?: {
    /** OS Places' config; its key may come from `osPlacesKey` instead (or from a proxy). */
    readonly 'os-places'?: Omit<ConfigOf<typeof osPlaces>, 'apiKey'> & { readonly apiKey?: string };
    readonly 'postcodes-io'?: ConfigOf<typeof postcodesIo>;
  };
}

/**
 * One place found.
 *
 * @example
 * ```ts
 * const result: GeocoderResult = {
 *   id: 'urn:ldntwin:administrative-area:postcode:SW1A%202DD',
 *   address: 'SW1A 2DD, Westminster',
 *   centre: [-0.127149, 51.50702],
 * };
 * ```
 */
export interface GeocoderResult {
  /** A stable id: the twin record id (a postcode or a UPRN URN). */
  readonly id: string;
  /** The address on one line, e.g. `SW1A 2DD, Westminster` or an OS Places address. */
  readonly address: string;
  /** Where to centre the map: `[longitude, latitude]`, WGS 84. */
  readonly centre: [longitude: number, latitude: number];
}

/**
 * Options of one {@link Geocoder.search}.
 *
 * @example
 * ```ts
 * let typing = new AbortController();
 * input.addEventListener('input', async () => {
 *   typing.abort();
 *   typing = new AbortController();
 *   show(await geocoder.search(input.value, { signal: typing.signal }));
 * });
 * ```
 */
export interface GeocoderSearchOptions {
  /** Aborts the search (a newer keystroke, an unmounted component): it rejects with the reason. */
  readonly signal?: AbortSignal;
}

/**
 * What {@link createGeocoder} returns: the search box contract of map components.
 *
 * @example
 * ```ts
 * const results = await geocoder.search('221B Baker Street');
 * footer.textContent = geocoder.attribution().join(' · ');
 * ```
 */
export interface Geocoder {
  /**
   * Places matching the text, best first. A postcode-looking text asks postcodes.io; anything
   * else asks OS Places (with a key). Unknown postcodes and blank text give `[]`; a service that
   * fails rejects with ldn-twin's typed error (no key in it).
   */
  search(text: string, options?: GeocoderSearchOptions): Promise<GeocoderResult[]>;
  /** The attribution statements of the results the latest completed search returned. */
  attribution(): string[];
}

/**
 * A full UK postcode in any case and spacing (`sw1a2dd`, `SW1A 2DD`, `GIR 0AA`).
 *
 * @example
 * ```ts
 * POSTCODE_PATTERN.test('se1 7pb'); // true
 * POSTCODE_PATTERN.test('Baker Street'); // false
 * ```
 */
export const POSTCODE_PATTERN = /^(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|GIR\s*0AA)$/i;

/**
 * Whether text looks like a full UK postcode (so {@link createGeocoder} asks postcodes.io).
 *
 * @example
 * ```ts
 * isPostcode(' sw1a 2dd '); // true
 * isPostcode('221B Baker Street'); // false
 * ```
 */
export function isPostcode(text: string): boolean {
  return POSTCODE_PATTERN.test(text.trim());
}

/**
 * A geocoder over postcodes.io (postcodes) and OS Places (free text, with `osPlacesKey`), with the
 * `search` / `attribution` shape of map search components.
 *
 * @example
 * ```ts
 * import { createClient } from '@ldn-twin/core';
 * import { createGeocoder } from '@ldn-twin/questions';
 *
 * const geocoder = createGeocoder({ client: createClient(), osPlacesKey: process.env.OS_PLACES_KEY });
 * const [first] = await geocoder.search('SW1A 2DD');
 * map.flyTo({ center: first.centre }); // [-0.127149, 51.50702]
 * credits.textContent = geocoder.attribution().join(' · ');
 * ```
 */
export function createGeocoder(options: GeocoderOptions): Geocoder {
  const limit = Math.max(1, Math.min(100, Math.trunc(options.limit ?? 10)));
  const configOf = (id: string) => {
    const config = configFor(options.config, id);
    return typeof config === 'object' && config !== null ? (config as Record<string, unknown>) : {};
  };
  const postcodes = connect(postcodesIo, { client: options.client, config: configOf(postcodesIo.id) });
  const placesConfig = configOf(osPlaces.id);
  const key =
    options.osPlacesKey?.trim() || (typeof placesConfig.apiKey === 'string' ? placesConfig.apiKey : '');
  const places = key
    ? connect(osPlaces, { client: options.client, config: { ...placesConfig, apiKey: key } })
    : undefined;
  let started = 0;
  let shown = 0;
  let credits: string[] = [];

  async function found(text: string, signal: AbortSignal | undefined): Promise<Found[]> {
    const call = signal ? { signal } : {};
    if (isPostcode(text)) {
      // An unknown or invalid postcode is a reported issue of the run, not an error: no records.
      const { records } = await postcodes.lookup({ postcode: text }, call).collect();
      return collectResults(records, limit, postcodeAddress);
    }
    if (!places) return [];
    const records: TwinRecord[] = [];
    // find pages until the service's total: stop after the first `limit` results.
    for await (const record of places.find({ query: text, maxresults: limit }, call)) {
      records.push(record);
      if (records.length >= limit) break;
    }
    return collectResults(records, limit, (r) =>
      r.featureType === 'Address'
        ? (r.properties.attributes.address ?? r.properties.name)
        : r.properties.name,
    );
  }

  return {
    async search(text, searchOptions = {}) {
      const signal = searchOptions.signal;
      signal?.throwIfAborted();
      const query = text.trim();
      const order = ++started;
      const results = query === '' ? [] : await found(query, signal);
      signal?.throwIfAborted();
      if (order >= shown) {
        shown = order;
        credits = attributions(results.map((r) => r.record));
      }
      return results.map(({ id, address, centre }) => ({ id, address, centre }));
    },
    attribution: () => [...credits],
  };
}

type Found = GeocoderResult & { readonly record: TwinRecord };

function collectResults(
  records: readonly TwinRecord[],
  limit: number,
  addressOf: (record: TwinRecord) => string | undefined,
): Found[] {
  const results: Found[] = [];
  for (const record of records) {
    const centre = centreOf(record);
    const address = addressOf(record);
    if (!centre || !address) continue;
    results.push({ id: record.id, address, centre, record });
    if (results.length >= limit) break;
  }
  return results;
}

function centreOf(record: TwinRecord): [number, number] | undefined {
  const geometry = record.geometry;
  if (geometry?.type !== 'Point') return undefined;
  const [lon, lat] = geometry.coordinates;
  return Number.isFinite(lon) && Number.isFinite(lat) ? [lon as number, lat as number] : undefined;
}

/** `SW1A 2DD, Westminster`: the postcode and, when known, its local authority district. */
function postcodeAddress(record: TwinRecord): string | undefined {
  if (record.featureType !== 'AdministrativeArea') return record.properties.name;
  const attributes = record.properties.attributes;
  const district = attributes.extra?.admin_district;
  return [attributes.code, district].filter((part) => typeof part === 'string' && part !== '').join(', ');
}
