/**
 * data.police.uk: street-level crime for England, Wales and Northern Ireland, the community-safety
 * twin. Crimes within a mile of a point, or within a custom area (split automatically when it
 * holds more than 10,000 crimes), for a month, as Incident records at anonymised street-level map
 * points. No key; published limit 15 requests a second with bursts of 30.
 *
 * @packageDocumentation
 */
import {
  type Connector,
  type HttpClient,
  isHttpError,
  type Licence,
  LicenceSchema,
  mapPage,
  OGL_V3_URL,
  type Operation,
  type OperationContext,
  type TwinRecordOf,
} from '@ldn-twin/core';
import type { Polygon } from 'geojson';
import * as z from 'zod';
import { AreaTooDenseError, polyParam, quadrants } from './area.js';
import { mapCrime, outcomeMapper, stopMapper } from './map.js';
import { RawAvailability, RawCrime, RawCrimeList, RawOutcome, RawStop } from './raw.js';

export { AreaTooDenseError, isAreaTooDenseError, polyParam, quadrants } from './area.js';

/**
 * The licence of police.uk data: the Open Government Licence (field guide section 5; the exact
 * version is unconfirmed, so v3.0 is the default and `config.licence` can override it).
 */
const LICENCE: Licence = {
  id: 'OGL-UK-3.0',
  url: OGL_V3_URL,
  attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'],
};

const PoliceConfig = z.object({
  /** The API root; override it to go through a proxy or a mirror. */
  baseUrl: z
    .url()
    .default('https://data.police.uk/api')
    .transform((url) => url.replace(/\/+$/, '')),
  /** How many times a too-dense area (503) may be split into quadrants before giving up. */
  maxSplitDepth: z.int().min(0).max(8).default(4),
  /** data.police.uk answers 400 to GET URLs longer than this (4094 characters, per its docs). */
  maxUrlLength: z.int().positive().default(4094),
  /** The licence put on records: OGL v3.0 by default (the version is unconfirmed upstream). */
  licence: LicenceSchema.default(LICENCE),
});
type PoliceConfig = z.output<typeof PoliceConfig>;

const Longitude = z.number().min(-180).max(180);
const Latitude = z.number().min(-90).max(90);
const LonLat = z.tuple([Longitude, Latitude]);
/** A police.uk crime category slug, e.g. `all-crime`, `burglary`, `anti-social-behaviour`. */
const Category = z
  .string()
  .regex(/^[a-z]+(?:-[a-z]+)*$/, 'a category slug such as all-crime or burglary')
  .default('all-crime');
/** The month, `YYYY-MM`; left out, data.police.uk answers with its latest month. */
const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
  .optional();

const AtPointParams = z.object({
  /** A WGS 84 point `[longitude, latitude]`: crimes within one mile of it. */
  point: LonLat,
  category: Category,
  date: Month,
});

/** A GeoJSON position `[lon, lat, ...]` in WGS 84 (typed as GeoJSON's `Position`, so turf output fits). */
const Position = z
  .array(z.number())
  .min(2)
  .refine(([lon, lat]) => Math.abs(lon!) <= 180 && Math.abs(lat!) <= 90, 'a WGS 84 [longitude, latitude]');

const PolygonParam = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(Position).min(4)).min(1),
});

const InAreaParams = z.object({
  /** A WGS 84 GeoJSON Polygon (its outer ring is sent), or the ring itself as `[lon, lat][]`. */
  polygon: z.union([PolygonParam, z.array(Position).min(3)]),
  category: Category,
  date: Month,
});

const StopsAtPointParams = z.object({
  /** A WGS 84 point `[longitude, latitude]`: stop and searches within one mile of it. */
  point: LonLat,
  date: Month,
});

const OutcomesAtPointParams = z.object({
  /** A WGS 84 point `[longitude, latitude]`: outcomes of crimes within one mile of it. */
  point: LonLat,
  date: Month,
});

type Incident = TwinRecordOf<'Incident'>;

const crimesAtPoint: Operation<typeof AtPointParams, Incident, PoliceConfig> = {
  title: 'Crimes at a point',
  description:
    'Street-level crimes within one mile of a point for a month (latest month when `date` is left out), one Incident per crime.',
  params: AtPointParams,
  produces: ['Incident'],
  async *run(params, ctx) {
    const url = `${ctx.config.baseUrl}/crimes-street/${params.category}`;
    const { data, url: sourceUrl } = await ctx.client.json(url, RawCrimeList, {
      searchParams: { lat: params.point[1], lng: params.point[0], date: params.date },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      label: 'police crimes-street at a point',
    });
    yield* mapPage(ctx, data, RawCrime, (crime) => mapCrime(crime, mappingContext(ctx, sourceUrl)));
  },
};

const crimesInArea: Operation<typeof InAreaParams, Incident, PoliceConfig> = {
  title: 'Crimes in an area',
  description:
    'Street-level crimes inside a polygon for a month. An area with more than 10,000 crimes (503) is split into the quadrants of its bounding box, clipped to the area, and the answers merged without counting a crime twice; past `maxSplitDepth` splits the run ends with an AreaTooDenseError.',
  params: InAreaParams,
  produces: ['Incident'],
  async *run(params, ctx) {
    const polygon: Polygon = Array.isArray(params.polygon)
      ? { type: 'Polygon', coordinates: [closed(params.polygon)] }
      : (params.polygon as Polygon);
    const seen = new Set<number>();
    for await (const { crimes, sourceUrl } of crimesIn(polygon, 0, params, ctx)) {
      ctx.page(crimes.length);
      // Crimes on a border shared by two quadrants come back in both answers.
      const fresh = crimes.filter((crime) => {
        const id = crimeId(crime);
        if (id === undefined) return true;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
      yield* ctx.mapper.each(fresh, RawCrime, (crime) => mapCrime(crime, mappingContext(ctx, sourceUrl)));
    }
  },
};

const stopsAtPoint: Operation<typeof StopsAtPointParams, Incident, PoliceConfig> = {
  title: 'Stop and searches at a point',
  description:
    'Stop and searches within one mile of a point for a month (latest month when `date` is left out), one Incident of category `stop-and-search` each, at its exact time.',
  params: StopsAtPointParams,
  produces: ['Incident'],
  async *run(params, ctx) {
    const { data, url: sourceUrl } = await ctx.client.json(
      `${ctx.config.baseUrl}/stops-street`,
      RawCrimeList,
      {
        searchParams: { lat: params.point[1], lng: params.point[0], date: params.date },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        label: 'police stops-street at a point',
      },
    );
    yield* mapPage(ctx, data, RawStop, stopMapper(mappingContext(ctx, sourceUrl)));
  },
};

const outcomesAtPoint: Operation<typeof OutcomesAtPointParams, Incident, PoliceConfig> = {
  title: 'Crime outcomes at a point',
  description:
    'Outcomes recorded in a month (latest month when `date` is left out) for crimes within one mile of a point, one Incident each: the crime with the outcome and its month.',
  params: OutcomesAtPointParams,
  produces: ['Incident'],
  async *run(params, ctx) {
    const { data, url: sourceUrl } = await ctx.client.json(
      `${ctx.config.baseUrl}/outcomes-at-location`,
      RawCrimeList,
      {
        searchParams: { lat: params.point[1], lng: params.point[0], date: params.date },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        label: 'police outcomes-at-location at a point',
      },
    );
    yield* mapPage(ctx, data, RawOutcome, outcomeMapper(mappingContext(ctx, sourceUrl)));
  },
};

/** The crimes of one area, or of its quadrants (depth first) when it is too dense. */
async function* crimesIn(
  polygon: Polygon,
  depth: number,
  params: z.output<typeof InAreaParams>,
  ctx: OperationContext<PoliceConfig>,
): AsyncGenerator<{ crimes: unknown[]; sourceUrl: string }> {
  const url = new URL(`${ctx.config.baseUrl}/crimes-street/${params.category}`);
  const form = { poly: polyParam(polygon), ...(params.date ? { date: params.date } : {}) };
  for (const [name, value] of Object.entries(form)) url.searchParams.set(name, value);
  // data.police.uk answers 400 to a GET beyond ~4,094 characters: long polygons go by POST.
  const byPost = url.href.length > ctx.config.maxUrlLength;
  try {
    const { data, url: sourceUrl } = await ctx.client.json(
      byPost ? url.origin + url.pathname : url,
      RawCrimeList,
      {
        ...(byPost ? { method: 'POST' as const, form } : {}),
        // A 503 here means "more than 10,000 crimes": split at once instead of retrying it; a POST of a
        // long polygon only reads. Throttling (429) and other outages are still retried.
        retryStatuses: [408, 429, 500, 502, 504],
        idempotent: true,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        label: 'police crimes-street in an area',
      },
    );
    yield { crimes: data, sourceUrl };
  } catch (error) {
    if (!(isHttpError(error) && error.status === 503)) throw error;
    if (depth >= ctx.config.maxSplitDepth) {
      throw new AreaTooDenseError(error.request, error.body, depth, { cause: error });
    }
    ctx.client.logger.info?.('police: area too dense (503), splitting into quadrants', { depth: depth + 1 });
    for (const piece of quadrants(polygon)) yield* crimesIn(piece, depth + 1, params, ctx);
  }
}

function crimeId(crime: unknown): number | undefined {
  const id = typeof crime === 'object' && crime !== null ? (crime as { id?: unknown }).id : undefined;
  return typeof id === 'number' ? id : undefined;
}

function closed(ring: readonly (readonly number[])[]): [number, number][] {
  const points = ring.map(([lon, lat]) => [lon!, lat!] as [number, number]);
  const [first] = points;
  const last = points[points.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) points.push([first[0], first[1]]);
  return points;
}

function mappingContext(ctx: OperationContext<PoliceConfig>, sourceUrl: string) {
  return { retrievedAt: ctx.retrievedAt, licence: ctx.config.licence, sourceUrl };
}

/**
 * One month data.police.uk has street-level data for.
 *
 * @example
 * ```ts
 * const month: AvailableMonth = { month: '2024-01', stopAndSearchForces: ['metropolitan', 'btp'] };
 * ```
 */
export interface AvailableMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  /** The forces (ids such as `metropolitan`, `btp`) that published stop and searches for it. */
  readonly stopAndSearchForces: readonly string[];
}

/**
 * The months data.police.uk has street-level crime for (`GET /crimes-street-dates`), as it lists
 * them, with the forces that published stop and searches for each: what `date` can be. A lookup, not
 * a record source, so a function beside the connector rather than an operation.
 *
 * @example
 * ```ts
 * import { createClient } from '@ldn-twin/core';
 * import { availableMonths } from '@ldn-twin/connectors/police';
 *
 * const months = await availableMonths(createClient());
 * const metStops = months.filter((m) => m.stopAndSearchForces.includes('metropolitan'));
 * ```
 */
export async function availableMonths(
  client: HttpClient,
  options: { readonly baseUrl?: string; readonly signal?: AbortSignal } = {},
): Promise<AvailableMonth[]> {
  const baseUrl = (options.baseUrl ?? 'https://data.police.uk/api').replace(/\/+$/, '');
  const { data } = await client.json(`${baseUrl}/crimes-street-dates`, RawAvailability, {
    ...(options.signal ? { signal: options.signal } : {}),
    label: 'police crimes-street-dates',
  });
  return data.map((entry) => ({ month: entry.date, stopAndSearchForces: entry['stop-and-search'] }));
}

/**
 * The data.police.uk connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { police } from '@ldn-twin/connectors/police';
 *
 * const crimes = connect(police, { client: createClient() });
 * // Crimes within a mile of Trafalgar Square in January 2024.
 * for await (const crime of crimes.crimesAtPoint({ point: [-0.1281, 51.508], date: '2024-01' })) {
 *   console.log(crime.properties.attributes.category, crime.properties.attributes.outcome);
 * }
 * ```
 */
export const police = {
  id: 'police',
  title: 'Police API (data.police.uk)',
  description:
    'Street-level crime and outcomes for England, Wales and Northern Ireland, published monthly by data.police.uk, at anonymised map points.',
  twins: ['community-safety'],
  publisher: { name: 'data.police.uk', url: 'https://data.police.uk' },
  homepage: 'https://data.police.uk/docs/',
  licence: LICENCE,
  auth: { type: 'none' },
  rateLimits: { 'data.police.uk': { requestsPerSecond: 15, burst: 30 } },
  browser: {
    cors: false,
    note: 'CORS is not documented by data.police.uk (unconfirmed): in a browser, set a proxy baseUrl.',
  },
  config: PoliceConfig,
  operations: { crimesAtPoint, crimesInArea, stopsAtPoint, outcomesAtPoint },
} satisfies Connector<typeof PoliceConfig>;
