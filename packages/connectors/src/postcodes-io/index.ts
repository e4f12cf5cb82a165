/**
 * postcodes.io: UK postcode lookup, bulk lookup and reverse geocoding over the ONS Postcode
 * Directory, for the places-and-addresses twin. Postcodes become AdministrativeArea records of area
 * type `postcode` at their centroid, parented to their local authority district (GSS). No key; CORS
 * is open.
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
import * as z from 'zod';
import {
  mapBulkEntry,
  mapOutcode,
  mapPlace,
  mapPostcode,
  mapReverseResult,
  type PostcodeMappingContext,
} from './map.js';
import {
  RawBulkEntry,
  RawListBody,
  RawLookupBody,
  RawOutcode,
  RawPlace,
  RawPostcode,
  RawReverseEntry,
  RawValidateBody,
} from './raw.js';

/**
 * The most postcodes postcodes.io takes in one bulk request (`bulkLookup` chunks by it).
 *
 * @example
 * ```ts
 * const requests = Math.ceil(postcodes.length / BULK_LIMIT);
 * ```
 */
export const BULK_LIMIT = 100;

/** postcodes.io's data statements (`docs/licences.mdx`), which its licence asks users to show. */
const STATEMENTS = [
  'Contains Ordnance Survey data © Crown copyright and database right 2025.',
  'Contains Royal Mail data © Royal Mail copyright and database right 2025.',
  'Contains National Statistics data © Crown copyright and database right 2025.',
  'Contains NRS data © Crown copyright and database right 2025.',
];

/** Great Britain postcode data: the OS OpenData licence, which is the OGL v3.0. */
const LICENCE: Licence = { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: STATEMENTS };

/**
 * Northern Ireland postcodes (BT...) are under the ONSPD licence: non-commercial use is free,
 * commercial use needs a licence from NI Land & Property Services.
 */
const NORTHERN_IRELAND_LICENCE: Licence = {
  id: 'LicenseRef-ONSPD-Northern-Ireland',
  attribution: STATEMENTS,
};

const PostcodesConfig = z.object({
  /** The service root; override it for a self-hosted postcodes.io or a proxy. */
  baseUrl: z
    .url()
    .default('https://api.postcodes.io')
    .transform((url) => url.replace(/\/+$/, '')),
  /** The licence of Great Britain postcodes (the statements carry a year: override when it moves on). */
  licence: LicenceSchema.default(LICENCE),
  /** The licence of Northern Ireland (BT) postcodes. */
  northernIrelandLicence: LicenceSchema.default(NORTHERN_IRELAND_LICENCE),
});
type PostcodesConfig = z.output<typeof PostcodesConfig>;

const Postcode = z.string().trim().min(2).max(16);

const LookupParams = z.object({
  /** A postcode, any case and spacing (`sw1a2dd`, `SW1A 2DD`). */
  postcode: Postcode,
});

const BulkParams = z.object({
  /** Postcodes to look up; any number, sent 100 a request. */
  postcodes: z.array(Postcode).min(1),
});

const ReverseParams = z.object({
  /** A WGS 84 point `[longitude, latitude]`. */
  point: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
  /** How many postcodes, nearest first (server default 10, at most 100). */
  limit: z.int().min(1).max(100).optional(),
  /** Search radius in metres (server default 100, at most 2,000). */
  radius: z.number().positive().max(2000).optional(),
  /** Search up to 20 km (at most 10 results) when nothing is within `radius`. */
  widesearch: z.boolean().optional(),
});

const Point = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

const BulkReverseParams = z.object({
  /** WGS 84 points `[longitude, latitude]`; any number, sent 100 a request. */
  points: z.array(Point).min(1),
  /** How many postcodes per point, nearest first (server default 10, at most 100). */
  limit: z.int().min(1).max(100).optional(),
  /** Search radius in metres per point (server default 100, at most 2,000). */
  radius: z.number().positive().max(2000).optional(),
  /** Search up to 20 km (at most 10 results) when nothing is within `radius`. */
  widesearch: z.boolean().optional(),
});

const OutcodeParams = z.object({
  /** An outward code (`SW1A`, `se1`): the part of a postcode before the space. */
  outcode: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/, 'an outward code such as SW1A or SE1 (not a full postcode)'),
});

type Area = TwinRecordOf<'AdministrativeArea'>;

const lookup: Operation<typeof LookupParams, Area, PostcodesConfig> = {
  title: 'Look up a postcode',
  description:
    'One postcode: its centroid, district and ward. An unknown or invalid postcode (404) is a reported issue naming it, not a crash.',
  params: LookupParams,
  produces: ['AdministrativeArea'],
  async *run(params, ctx) {
    let result: unknown;
    let error: string | undefined;
    try {
      ({ result } = (
        await ctx.client.json(
          `${ctx.config.baseUrl}/postcodes/${encodeURIComponent(params.postcode)}`,
          RawLookupBody,
          {
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            label: 'postcodes.io lookup',
          },
        )
      ).data);
    } catch (caught) {
      if (!(isHttpError(caught) && caught.status === 404)) throw caught;
      // postcodes.io says why: "Invalid postcode" or "Postcode not found".
      const body = caught.body as { error?: unknown } | undefined;
      result = null;
      error = typeof body?.error === 'string' ? body.error : undefined;
    }
    ctx.page(1);
    const entry = { query: params.postcode, result, ...(error ? { error } : {}) };
    yield* ctx.mapper.each([entry], RawBulkEntry, (raw) => mapBulkEntry(raw, mappingContext(ctx)));
  },
};

const bulkLookup: Operation<typeof BulkParams, Area, PostcodesConfig> = {
  title: 'Look up many postcodes',
  description:
    'Any number of postcodes, sent 100 a request (the service maximum). A postcode the service does not know (`result: null`) is a reported issue naming it; the others arrive.',
  params: BulkParams,
  produces: ['AdministrativeArea'],
  async *run(params, ctx) {
    for (let start = 0; start < params.postcodes.length; start += BULK_LIMIT) {
      const postcodes = params.postcodes.slice(start, start + BULK_LIMIT);
      const { data } = await ctx.client.json(`${ctx.config.baseUrl}/postcodes`, RawListBody, {
        method: 'POST',
        // A bulk lookup only reads: retried like a GET.
        idempotent: true,
        json: { postcodes },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        label: 'postcodes.io bulk lookup',
      });
      yield* mapPage(ctx, data.result, RawBulkEntry, (entry) => mapBulkEntry(entry, mappingContext(ctx)));
    }
  },
};

const reverseGeocode: Operation<typeof ReverseParams, Area, PostcodesConfig> = {
  title: 'Nearest postcodes to a point',
  description:
    'Postcodes nearest a point, nearest first, with their distance in metres (`extra.distance`). Nothing within the radius yields no records.',
  params: ReverseParams,
  produces: ['AdministrativeArea'],
  async *run(params, ctx) {
    const { data } = await ctx.client.json(`${ctx.config.baseUrl}/postcodes`, RawListBody, {
      searchParams: {
        lon: params.point[0],
        lat: params.point[1],
        limit: params.limit,
        radius: params.radius,
        widesearch: params.widesearch,
      },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      label: 'postcodes.io reverse geocode',
    });
    yield* mapPage(ctx, data.result, RawPostcode, (pc) => mapPostcode(pc, mappingContext(ctx)));
  },
};

const bulkReverseGeocode: Operation<typeof BulkReverseParams, Area, PostcodesConfig> = {
  title: 'Nearest postcodes to many points',
  description:
    "Postcodes nearest each of many points (bulk reverse geocoding), sent 100 points a request; each record keeps its point (`extra['query.longitude']`, `extra['query.latitude']`) and `distance`. A point the service calls invalid (`result: null`) is a reported issue naming it.",
  params: BulkReverseParams,
  produces: ['AdministrativeArea'],
  async *run(params, ctx) {
    const options = { limit: params.limit, radius: params.radius, widesearch: params.widesearch };
    for (let start = 0; start < params.points.length; start += BULK_LIMIT) {
      const geolocations = params.points
        .slice(start, start + BULK_LIMIT)
        .map(([longitude, latitude]) => ({ longitude, latitude, ...options }));
      const { data } = await ctx.client.json(`${ctx.config.baseUrl}/postcodes`, RawListBody, {
        method: 'POST',
        // A bulk reverse geocode only reads: retried like a GET.
        idempotent: true,
        json: { geolocations },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        label: 'postcodes.io bulk reverse geocode',
      });
      ctx.page(data.result.length);
      for (const item of data.result) {
        const entry = RawReverseEntry.safeParse(item);
        if (entry.success && entry.data.result !== null) {
          const { query, result } = entry.data;
          yield* ctx.mapper.each(result, RawPostcode, (pc) =>
            mapReverseResult(pc, query, mappingContext(ctx)),
          );
        } else {
          // A malformed entry is reported by the parse; an invalid geolocation by the mapping.
          yield* ctx.mapper.each([item], RawReverseEntry, ({ query }) => {
            throw new Error(
              `no postcodes for point [${query.longitude}, ${query.latitude}]: invalid geolocation`,
            );
          });
        }
      }
    }
  },
};

const outcode: Operation<typeof OutcodeParams, Area, PostcodesConfig> = {
  title: 'Look up an outward code',
  description:
    'One outward code (SW1A, SE1): its averaged centroid and the names of the districts, wards, parishes and countries its postcodes fall in.',
  params: OutcodeParams,
  produces: ['AdministrativeArea'],
  async *run(params, ctx) {
    const { data } = await ctx.client.json(
      `${ctx.config.baseUrl}/outcodes/${params.outcode}`,
      RawLookupBody,
      {
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        label: 'postcodes.io outcode',
      },
    );
    yield* mapPage(ctx, [data.result], RawOutcode, (oc) => mapOutcode(oc, mappingContext(ctx)));
  },
};

const PlacesParams = z.object({
  /** A place name or its start (`Brix`): postcodes.io matches names by prefix, case-insensitively. */
  query: z.string().trim().min(1).max(100),
  /** How many places (server default 10, at most 100). */
  limit: z.int().min(1).max(100).optional(),
});

const places: Operation<typeof PlacesParams, Area, PostcodesConfig> = {
  title: 'Find places by name',
  description:
    "OS Open Names places (cities, towns, suburbs, villages...) whose name starts with the query: each place's point, type, outcode and areas.",
  params: PlacesParams,
  produces: ['AdministrativeArea'],
  async *run(params, ctx) {
    const { data } = await ctx.client.json(`${ctx.config.baseUrl}/places`, RawListBody, {
      searchParams: { q: params.query, ...(params.limit === undefined ? {} : { limit: params.limit }) },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      label: 'postcodes.io places',
    });
    yield* mapPage(ctx, data.result, RawPlace, (place) => mapPlace(place, mappingContext(ctx)));
  },
};

function mappingContext(ctx: OperationContext<PostcodesConfig>): PostcodeMappingContext {
  return {
    baseUrl: ctx.config.baseUrl,
    retrievedAt: ctx.retrievedAt,
    licence: ctx.config.licence,
    northernIrelandLicence: ctx.config.northernIrelandLicence,
  };
}

/**
 * Whether postcodes.io knows a postcode (`GET /postcodes/{postcode}/validate`). A check, not a
 * record source, so it is a function beside the connector rather than an operation.
 *
 * @example
 * ```ts
 * import { createClient } from '@ldn-twin/core';
 * import { validatePostcode } from '@ldn-twin/connectors/postcodes-io';
 *
 * await validatePostcode(createClient(), 'SW1A 2DD'); // true
 * ```
 */
export async function validatePostcode(
  client: HttpClient,
  postcode: string,
  options: { readonly baseUrl?: string; readonly signal?: AbortSignal } = {},
): Promise<boolean> {
  const baseUrl = (options.baseUrl ?? 'https://api.postcodes.io').replace(/\/+$/, '');
  const { data } = await client.json(
    `${baseUrl}/postcodes/${encodeURIComponent(postcode.trim())}/validate`,
    RawValidateBody,
    { ...(options.signal ? { signal: options.signal } : {}), label: 'postcodes.io validate' },
  );
  return data.result;
}

/**
 * The postcodes.io connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { postcodesIo } from '@ldn-twin/connectors/postcodes-io';
 *
 * const postcodes = connect(postcodesIo, { client: createClient() });
 * const { records, report } = await postcodes.bulkLookup({ postcodes: ['SW1A 2DD', 'SE1 7PB'] }).collect();
 * for (const area of records) console.log(area.properties.attributes.code, area.properties.attributes.parentCode);
 * console.log(report.issues.map((issue) => issue.message)); // postcodes not found
 * ```
 */
export const postcodesIo = {
  id: 'postcodes-io',
  title: 'postcodes.io',
  description:
    'UK postcode lookup and reverse geocoding over the ONS Postcode Directory: centroids and the administrative, electoral and statistical areas each postcode is in; outward codes; and OS Open Names places by name.',
  twins: ['places-and-addresses'],
  publisher: { name: 'postcodes.io (Ideal Postcodes)', url: 'https://postcodes.io' },
  homepage: 'https://postcodes.io',
  licence: LICENCE,
  auth: { type: 'none' },
  browser: { cors: true },
  config: PostcodesConfig,
  operations: { lookup, bulkLookup, reverseGeocode, bulkReverseGeocode, outcode, places },
} satisfies Connector<typeof PostcodesConfig>;
