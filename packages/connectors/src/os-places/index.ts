/**
 * OS Places API (Ordnance Survey): addresses of Great Britain from AddressBase, by free text,
 * postcode, UPRN or nearest to a point, from the Royal Mail delivery points (DPA) or the local
 * authority gazetteer (LPI), as Address records keyed by UPRN. A premium/PSGA API behind an OS Data
 * Hub key sent as the `key` query parameter (redacted everywhere); not open data.
 *
 * @packageDocumentation
 */
import {
  AccessLabelSchema,
  type Connector,
  type Licence,
  LicenceSchema,
  type Operation,
  type OperationContext,
  offsetPages,
  type SearchParams as QueryParams,
} from '@ldn-twin/core';
import { wgs84ToBng } from '@ldn-twin/geo';
import * as z from 'zod';
import { type AddressRecord, mapResult, type PlacesMappingContext } from './map.js';
import { RawPlacesResponse, RawResult } from './raw.js';

export { type AddressRecord, mapResult } from './map.js';
export { RawAddress, RawPlacesResponse, RawResult } from './raw.js';

/**
 * The field guide gives no licence text or attribution statement for OS Places (OS premium/PSGA
 * terms, unconfirmed): this default names the source and does not invent a copyright line. Set
 * `licence` in config to the statement your OS licence requires (often with your licence number).
 */
const DEFAULT_LICENCE: Licence = {
  id: 'LicenseRef-OS-Places-premium-or-PSGA',
  attribution: ['Ordnance Survey, OS Places API. Licence terms and attribution statement unconfirmed.'],
};

const OsPlacesConfig = z.object({
  /** The API root; override it for a proxy. */
  baseUrl: z
    .url()
    .default('https://api.os.uk/search/places/v1')
    .transform((url) => url.replace(/\/+$/, '')),
  /** The OS Data Hub project API key, sent as `key=` (redacted in errors, logs and recordings). */
  apiKey: z.string().min(1),
  /**
   * The `output_srs` value sent for WGS 84 output. `EPSG:4326` by default; planning.data.gov.uk's
   * server sends `WGS84`. Which values OS accepts is unconfirmed, hence configurable.
   */
  wgs84OutputSrs: z.string().min(1).default('EPSG:4326'),
  /** The licence and attribution put on every record (see the docs page: unconfirmed). */
  licence: LicenceSchema.default(DEFAULT_LICENCE),
  /**
   * The access label put on every record: OS Places is licensed data, not open data, so `official`
   * by default; add `permittedOrganisations` for your licence.
   */
  access: AccessLabelSchema.default({ classification: 'official' }),
});
type OsPlacesConfig = z.output<typeof OsPlacesConfig>;

/** Options every operation takes. */
const common = {
  /** DPA (Royal Mail delivery points, the default), LPI (local gazetteer) or both. */
  dataset: z.enum(['DPA', 'LPI', 'DPA,LPI']).default('DPA'),
  /** Coordinates asked of the API: BNG (the API's default; converted with OSTN15) or WGS 84. */
  outputSrs: z.enum(['BNG', 'WGS84']).default('BNG'),
  /** A filter query passed as `fq`, e.g. `logical_status_code:1` or a classification code filter. */
  fq: z.string().min(1).optional(),
};
/** Paged operations: results per page (up to 100). */
const paged = { ...common, maxresults: z.int().min(1).max(100).default(100) };

const FindParams = z.object({
  ...paged,
  /** Free text, e.g. "221B Baker Street, London". */
  query: z.string().trim().min(1),
  /** The lowest match score to return, 0.1 to 1. */
  minmatch: z.number().min(0.1).max(1).optional(),
  /** Match precision, 1 to 10. */
  matchprecision: z.int().min(1).max(10).optional(),
});
const PostcodeParams = z.object({ ...paged, postcode: z.string().trim().min(2) });
const UprnParams = z.object({
  ...common,
  /** The UPRN, 1 to 12 digits (a string, or a number for UPRNs below 2^53). */
  uprn: z
    .union([z.string().trim(), z.int().nonnegative()])
    .transform(String)
    .pipe(z.string().regex(/^\d{1,12}$/, 'a UPRN is 1 to 12 digits')),
});
const NearestParams = z.object({
  ...common,
  /** The point: WGS 84 `{ lon, lat }` (converted to BNG with OSTN15) or BNG `{ easting, northing }`. */
  point: z.union([
    z.object({ lon: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) }),
    z.object({ easting: z.number().min(0).max(800_000), northing: z.number().min(0).max(1_400_000) }),
  ]),
});

const find: Operation<typeof FindParams, AddressRecord, OsPlacesConfig> = {
  title: 'Find addresses',
  description: 'Addresses matching free text, best first, paging with offset and maxresults.',
  params: FindParams,
  produces: ['Address'],
  run: (params, ctx) =>
    pagedSearch(
      'find',
      {
        query: params.query,
        minmatch: params.minmatch,
        matchprecision: params.matchprecision,
        ...commonParams(params, ctx),
      },
      params.maxresults,
      ctx,
    ),
};

const postcode: Operation<typeof PostcodeParams, AddressRecord, OsPlacesConfig> = {
  title: 'Addresses in a postcode',
  description: 'Every address in a full postcode, paging with offset and maxresults.',
  params: PostcodeParams,
  produces: ['Address'],
  run: (params, ctx) =>
    pagedSearch(
      'postcode',
      { postcode: params.postcode, ...commonParams(params, ctx) },
      params.maxresults,
      ctx,
    ),
};

const uprn: Operation<typeof UprnParams, AddressRecord, OsPlacesConfig> = {
  title: 'Address by UPRN',
  description: 'The address records of one UPRN (one DPA and/or LPI record).',
  params: UprnParams,
  produces: ['Address'],
  run: (params, ctx) => single('uprn', { uprn: params.uprn, ...commonParams(params, ctx) }, ctx),
};

const nearest: Operation<typeof NearestParams, AddressRecord, OsPlacesConfig> = {
  title: 'Nearest address',
  description: 'The address nearest to a point (given in WGS 84 or BNG; sent to the API as BNG).',
  params: NearestParams,
  produces: ['Address'],
  run: (params, ctx) => {
    const { easting, northing } =
      'lon' in params.point ? wgs84ToBng(params.point.lon, params.point.lat) : params.point;
    const point = `${easting.toFixed(2)},${northing.toFixed(2)}`;
    return single('nearest', { point, ...commonParams(params, ctx) }, ctx);
  },
};

/** The query parameters every operation sends. */
function commonParams(
  params: { dataset: string; outputSrs: 'BNG' | 'WGS84'; fq?: string | undefined },
  ctx: OperationContext<OsPlacesConfig>,
): QueryParams {
  return {
    dataset: params.dataset,
    // Without output_srs the API answers in BNG (EPSG:27700), the shape seen in real responses.
    output_srs: params.outputSrs === 'WGS84' ? ctx.config.wgs84OutputSrs : undefined,
    fq: params.fq,
  };
}

async function* pagedSearch(
  endpoint: 'find' | 'postcode',
  query: QueryParams,
  maxresults: number,
  ctx: OperationContext<OsPlacesConfig>,
): AsyncGenerator<AddressRecord> {
  let outputSrs: string | undefined;
  const pages = offsetPages({
    pageSize: maxresults,
    signal: ctx.signal,
    fetchPage: async (offset, limit, signal) => {
      const data = await request(endpoint, { ...query, offset, maxresults: limit }, ctx, signal);
      outputSrs = data.header.output_srs ?? srsOf(query);
      const total = data.header.totalresults;
      // Without totalresults, a short page ends the listing.
      return total === undefined ? { items: data.results } : { items: data.results, total };
    },
  });
  for await (const results of pages) {
    ctx.page(results.length);
    const mapping = mappingContext(ctx, outputSrs);
    yield* ctx.mapper.each(results, RawResult, (result) => mapResult(result, mapping));
  }
}

async function* single(
  endpoint: 'uprn' | 'nearest',
  query: QueryParams,
  ctx: OperationContext<OsPlacesConfig>,
): AsyncGenerator<AddressRecord> {
  const data = await request(endpoint, query, ctx, ctx.signal);
  ctx.page(data.results.length);
  const mapping = mappingContext(ctx, data.header.output_srs ?? srsOf(query));
  yield* ctx.mapper.each(data.results, RawResult, (result) => mapResult(result, mapping));
}

async function request(
  endpoint: string,
  searchParams: QueryParams,
  ctx: OperationContext<OsPlacesConfig>,
  signal: AbortSignal | undefined,
): Promise<RawPlacesResponse> {
  const { data } = await ctx.client.json(`${ctx.config.baseUrl}/${endpoint}`, RawPlacesResponse, {
    searchParams,
    auth: { type: 'query', name: 'key', value: ctx.config.apiKey },
    ...(signal ? { signal } : {}),
    label: `os-places ${endpoint}`,
  });
  return data;
}

/** The SRS asked for, when the response header does not say. */
function srsOf(query: QueryParams): string | undefined {
  return typeof query.output_srs === 'string' ? query.output_srs : undefined;
}

function mappingContext(
  ctx: OperationContext<OsPlacesConfig>,
  outputSrs: string | undefined,
): PlacesMappingContext {
  return {
    baseUrl: ctx.config.baseUrl,
    retrievedAt: ctx.retrievedAt,
    licence: ctx.config.licence,
    access: ctx.config.access,
    outputSrs,
  };
}

/**
 * The OS Places connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { osPlaces } from '@ldn-twin/connectors/os-places';
 *
 * const places = connect(osPlaces, { client: createClient(), config: { apiKey: process.env.OS_KEY! } });
 * const { records } = await places.uprn({ uprn: '100023071949' }).collect();
 * console.log(records[0]?.properties.attributes.address, records[0]?.geometry);
 * ```
 */
export const osPlaces = {
  id: 'os-places',
  title: 'OS Places API (Ordnance Survey)',
  description:
    'Addresses of Great Britain from Ordnance Survey AddressBase: find by free text, postcode, UPRN or nearest point, Royal Mail (DPA) or local authority (LPI) records, with classification and coordinates.',
  twins: ['places-and-addresses'],
  publisher: { name: 'Ordnance Survey', url: 'https://www.ordnancesurvey.co.uk' },
  homepage: 'https://osdatahub.os.uk',
  licence: DEFAULT_LICENCE,
  auth: {
    type: 'query',
    name: 'key',
    description:
      'An OS Data Hub project API key with OS Places enabled (premium or Public Sector Geospatial Agreement plan), config `apiKey`.',
    credentials: [{ config: 'apiKey', wire: { in: 'query', name: 'key' }, env: 'LDN_TWIN_OS_API_KEY' }],
  },
  // OS Data Hub live projects: 600 transactions a minute (field guide, section 6).
  rateLimits: { 'api.os.uk': { requestsPerSecond: 10, burst: 10 } },
  browser: {
    cors: false,
    note: 'CORS support is unconfirmed, and a browser app would expose its key: go through a proxy (baseUrl).',
  },
  config: OsPlacesConfig,
  operations: { find, postcode, uprn, nearest },
} satisfies Connector<typeof OsPlacesConfig>;
