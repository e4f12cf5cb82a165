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

export { type AddressRecord, mapResult, type PlacesMappingContext } from './map.js';
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
const Lon = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);
const Easting = z.number().min(0).max(800_000);
const Northing = z.number().min(0).max(1_400_000);
/** A point: WGS 84 `{ lon, lat }` (converted to BNG with OSTN15) or BNG `{ easting, northing }`. */
const Point = z.union([z.object({ lon: Lon, lat: Lat }), z.object({ easting: Easting, northing: Northing })]);
const NearestParams = z.object({ ...common, point: Point });
const RadiusParams = z.object({
  ...paged,
  point: Point,
  /** The radius in metres; the API's maximum is unconfirmed. */
  radius: z.number().positive(),
});
const BboxParams = z.object({
  ...paged,
  /**
   * WGS 84 `{ west, south, east, north }` (sent as the BNG envelope of its four corners, which covers
   * it) or BNG `{ minEasting, minNorthing, maxEasting, maxNorthing }`.
   */
  bbox: z.union([
    z
      .object({ west: Lon, south: Lat, east: Lon, north: Lat })
      .refine((b) => b.west < b.east && b.south < b.north, 'west < east and south < north'),
    z
      .object({ minEasting: Easting, minNorthing: Northing, maxEasting: Easting, maxNorthing: Northing })
      .refine((b) => b.minEasting < b.maxEasting && b.minNorthing < b.maxNorthing, 'min < max'),
  ]),
});
const Ring = z.array(z.tuple([z.number(), z.number()])).min(4);
const PolygonParams = z.object({
  ...paged,
  /** A GeoJSON Polygon, `[lon, lat]` in WGS 84 (each vertex converted to BNG with OSTN15) or BNG. */
  polygon: z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) }),
  /** The polygon's coordinates: `WGS84` (default) or `BNG` (easting, northing). */
  crs: z.enum(['WGS84', 'BNG']).default('WGS84'),
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
    return single('nearest', { point: bngPoint(params.point), ...commonParams(params, ctx) }, ctx);
  },
};

const radius: Operation<typeof RadiusParams, AddressRecord, OsPlacesConfig> = {
  title: 'Addresses within a radius',
  description: 'Every address within a radius (metres) of a point, paging with offset and maxresults.',
  params: RadiusParams,
  produces: ['Address'],
  run: (params, ctx) =>
    pagedSearch(
      'radius',
      { point: bngPoint(params.point), radius: params.radius, ...commonParams(params, ctx) },
      params.maxresults,
      ctx,
    ),
};

const bbox: Operation<typeof BboxParams, AddressRecord, OsPlacesConfig> = {
  title: 'Addresses in a bounding box',
  description:
    'Every address in a bounding box (WGS 84 or BNG; sent as BNG), paging with offset and maxresults.',
  params: BboxParams,
  produces: ['Address'],
  run: (params, ctx) =>
    pagedSearch('bbox', { bbox: bngBbox(params.bbox), ...commonParams(params, ctx) }, params.maxresults, ctx),
};

const polygon: Operation<typeof PolygonParams, AddressRecord, OsPlacesConfig> = {
  title: 'Addresses in a polygon',
  description:
    'Every address inside a polygon (WGS 84 or BNG; sent as BNG GeoJSON in a POST), paging with offset and maxresults.',
  params: PolygonParams,
  produces: ['Address'],
  run: (params, ctx) => {
    const coordinates =
      params.crs === 'BNG'
        ? params.polygon.coordinates
        : params.polygon.coordinates.map((ring) =>
            ring.map(([lon, lat]) => {
              const { easting, northing } = wgs84ToBng(lon, lat);
              return [round2(easting), round2(northing)];
            }),
          );
    return pagedSearch(
      'polygon',
      { srs: 'EPSG:27700', ...commonParams(params, ctx) },
      params.maxresults,
      ctx,
      { type: 'Polygon', coordinates },
    );
  },
};

/** A point as the API's BNG `x,y`. */
function bngPoint(point: z.output<typeof Point>): string {
  const { easting, northing } = 'lon' in point ? wgs84ToBng(point.lon, point.lat) : point;
  return `${easting.toFixed(2)},${northing.toFixed(2)}`;
}

/** A bounding box as the API's BNG `minX,minY,maxX,maxY`; a WGS 84 box by the envelope of its corners. */
function bngBbox(box: z.output<typeof BboxParams>['bbox']): string {
  if ('minEasting' in box)
    return [box.minEasting, box.minNorthing, box.maxEasting, box.maxNorthing].join(',');
  const corners = [
    wgs84ToBng(box.west, box.south),
    wgs84ToBng(box.west, box.north),
    wgs84ToBng(box.east, box.south),
    wgs84ToBng(box.east, box.north),
  ];
  const es = corners.map((c) => c.easting);
  const ns = corners.map((c) => c.northing);
  return [Math.min(...es), Math.min(...ns), Math.max(...es), Math.max(...ns)].map(round2).join(',');
}

const round2 = (value: number) => Math.round(value * 100) / 100;

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
  endpoint: 'find' | 'postcode' | 'radius' | 'bbox' | 'polygon',
  query: QueryParams,
  maxresults: number,
  ctx: OperationContext<OsPlacesConfig>,
  /** A JSON body, sent by POST (the polygon search). */
  body?: unknown,
): AsyncGenerator<AddressRecord> {
  let outputSrs: string | undefined;
  const pages = offsetPages({
    pageSize: maxresults,
    signal: ctx.signal,
    fetchPage: async (offset, limit, signal) => {
      const data = await request(endpoint, { ...query, offset, maxresults: limit }, ctx, signal, body);
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
  body?: unknown,
): Promise<RawPlacesResponse> {
  const { data } = await ctx.client.json(`${ctx.config.baseUrl}/${endpoint}`, RawPlacesResponse, {
    searchParams,
    // The polygon search only reads: retried like a GET.
    ...(body === undefined ? {} : { method: 'POST' as const, json: body, idempotent: true }),
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
    credentials: [
      { config: 'apiKey', wire: { in: 'query', name: 'key' }, env: 'LDN_TWIN_OS_API_KEY', required: true },
    ],
  },
  // OS Data Hub live projects: 600 transactions a minute (field guide, section 6).
  rateLimits: { 'api.os.uk': { requestsPerSecond: 10, burst: 10 } },
  browser: {
    cors: false,
    note: 'CORS support is unconfirmed, and a browser app would expose its key: go through a proxy (baseUrl).',
  },
  config: OsPlacesConfig,
  operations: { find, postcode, uprn, nearest, radius, bbox, polygon },
} satisfies Connector<typeof OsPlacesConfig>;
