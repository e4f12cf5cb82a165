/**
 * TfL Unified API (api.tfl.gov.uk): the mobility twin's live state of London's transport. Road
 * disruptions and disrupted streets (TransportDisruption, StreetWork), line status by mode
 * (TransportDisruption), stop points near a place (TransportStop) and cycle hire docks with live
 * availability (Facility plus Observations). An `app_key` is optional and sent as a header, so it
 * never appears in a URL; TfL answers throttling with 403 or 429, both a RateLimitedError.
 *
 * @packageDocumentation
 */
import type {
  Connector,
  Licence,
  Operation,
  OperationContext,
  RequestOptions,
  SearchParams,
  TwinRecordOf,
} from '@ldn-twin/core';
import * as z from 'zod';
import type { TflMappingContext } from './common.js';
import { mapArrival } from './map-arrivals.js';
import { mapLineStatuses } from './map-lines.js';
import { mapCarParkOccupancy, mapChargeConnectorOccupancy } from './map-occupancy.js';
import { mapBikePoint, mapStopPoint } from './map-places.js';
import { mapRoadStatus } from './map-road-status.js';
import { mapRoadDisruption, mapStreetDisruption } from './map-roads.js';
import {
  RawBikePoint,
  RawCarParkOccupancy,
  RawChargeConnectorOccupancy,
  RawLine,
  RawList,
  RawPrediction,
  RawRoadCorridor,
  RawRoadDisruption,
  RawStopPoint,
  RawStopPointsResponse,
  RawStreetDisruption,
} from './raw.js';

export { TIME_TO_STATION_PROPERTY } from './map-arrivals.js';
export { BIKE_POINT_FIGURES, bikePointProperty } from './map-places.js';

/**
 * The attribution TfL asks for wherever its data is shown (field guide §1, "Licence").
 *
 * @example
 * ```ts
 * import { TFL_ATTRIBUTION } from '@ldn-twin/connectors/tfl';
 * footer.textContent = TFL_ATTRIBUTION; // 'Powered by TfL Open Data'
 * ```
 */
export const TFL_ATTRIBUTION = 'Powered by TfL Open Data';

const TflConfig = z.object({
  /** The service root; override it to go through a proxy. */
  baseUrl: z
    .url()
    .default('https://api.tfl.gov.uk')
    .transform((url) => url.replace(/\/+$/, '')),
  /** Your `app_key` from the TfL API portal; optional (anonymous calls are throttled harder). */
  appKey: z.string().min(1).optional(),
  /**
   * The requests a minute to allow towards `baseUrl`'s host. Default: 50 without a key, 500 with one.
   * TfL publishes no figures; these are unconfirmed third-party ones (see the docs), so set yours.
   */
  requestsPerMinute: z.number().positive().optional(),
  /** Disrupted-street categories that are works, mapped to StreetWork (the rest: TransportDisruption). */
  worksCategories: z.array(z.string().min(1)).default(['Works']),
  /**
   * The attribution statements records carry. TfL's exact licence text is unconfirmed, so add
   * statements (e.g. Ordnance Survey ones for geographic data) here if your agreement asks for them.
   */
  attribution: z.array(z.string().min(1)).min(1).default([TFL_ATTRIBUTION]),
});
type TflConfig = z.output<typeof TflConfig>;

const LICENCE: Licence = { id: 'LicenseRef-TfL-Open-Data', attribution: [TFL_ATTRIBUTION] };

const Longitude = z.number().min(-180).max(180);
const Latitude = z.number().min(-90).max(90);
const Ids = z.array(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a TfL id (letters, digits, - _ .)')).min(1);

const RoadDisruptionParams = z.object({
  /** Road ids (`a2`, `a406`) or `all` (default). */
  roads: Ids.default(['all']),
  /** Only these severities (from `/Road/Meta/Severities`), sent comma-separated. */
  severities: z.array(z.string().min(1)).optional(),
  /** Only these categories (from `/Road/Meta/Categories`), sent comma-separated. */
  categories: z.array(z.string().min(1)).optional(),
  /** Ask TfL for the short form (id, point, severity, dates, location, comments, streets). */
  stripContent: z.boolean().optional(),
  /** Include disruptions with closures whatever the severity filter (TfL's default: true). */
  closures: z.boolean().optional(),
});

/** An RFC 3339 date-time, as TfL's API definition types `startDate` and `endDate`. */
const DateTime = z.iso.datetime({ offset: true });

const StreetDisruptionParams = z
  .object({
    /** Start of the period, an RFC 3339 date-time (default: when the run starts). */
    startDate: DateTime.optional(),
    /** End of the period, an RFC 3339 date-time (default: one day after the start). */
    endDate: DateTime.optional(),
  })
  .refine(
    ({ startDate, endDate }) => !startDate || !endDate || Date.parse(startDate) <= Date.parse(endDate),
    { message: 'endDate must not be before startDate', path: ['endDate'] },
  );

const DAY_MS = 86_400_000;

/** The anonymous and keyed allowances (a minute), unconfirmed third-party figures (docs/tfl.md). */
const ANONYMOUS_PER_MINUTE = 50;
const KEYED_PER_MINUTE = 500;

const LineStatusParams = z.object({
  /** Modes, e.g. `tube`, `dlr`, `overground`, `elizabeth-line` (default `tube`). */
  modes: Ids.default(['tube']),
  /** Ask for affected stops and routes. */
  detail: z.boolean().optional(),
  /** Keep "Good Service" statuses (default true), so every line has a record. */
  includeGoodService: z.boolean().default(true),
});

const LineStatusByIdParams = z.object({
  /** Line ids, e.g. `bakerloo`, `elizabeth`, `mildmay` (from `/Line/Mode/{mode}`), sent comma-separated. */
  lines: Ids,
  /** Ask for affected stops and routes. */
  detail: z.boolean().optional(),
  /** Keep "Good Service" statuses (default true), so every line has a record. */
  includeGoodService: z.boolean().default(true),
});

const RoadStatusParams = z.object({
  /** Road ids, e.g. `a2`, `a406`, `city route` (from `/Road`), sent comma-separated. */
  roads: z
    .array(
      z
        .string()
        .regex(
          /^[A-Za-z0-9_.-]+( [A-Za-z0-9_.-]+)*$/,
          'a TfL road id (letters, digits, - _ . and single spaces)',
        ),
    )
    .min(1),
});

const ArrivalsParams = z.object({
  /** The stop's NaPTAN id (a bus stop `490000050E`, a station `940GZZLUOXC`), from `stopPointsNear`. */
  stop: z.string().regex(/^[A-Za-z0-9]+$/, 'a NaPTAN id (letters and digits)'),
});

const StopPointParams = z.object({
  /** A WGS 84 point `[longitude, latitude]`. */
  point: z.tuple([Longitude, Latitude]),
  /** NaPTAN stop types (from `/StopPoint/Meta/StopTypes`), sent comma-separated. */
  stopTypes: z
    .array(z.string().regex(/^[A-Za-z]+$/))
    .min(1)
    .default(['NaptanPublicBusCoachTram', 'NaptanMetroStation']),
  /** Search radius in metres (TfL's default 200). */
  radius: z.int().min(1).max(5000).default(200),
  /** Only stops served by these modes, sent comma-separated. */
  modes: Ids.optional(),
});

const BikePointParams = z.object({
  /** A place-name search (`/BikePoint/Search?query=`); all docks when absent. */
  query: z.string().trim().min(1).optional(),
});

const CarParkParams = z.object({
  /** One car park's TfL id (e.g. from an earlier call); every car park with occupancy data when absent. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, 'a TfL car park id (letters, digits, - _ .)')
    .optional(),
});

const ChargeConnectorParams = z.object({
  /** Connectors by the operator's id (`sourceSystemPlaceId`, e.g. `ChargePointESB-UT06NW-1`), sent comma-separated; every connector when absent. */
  ids: z
    .array(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a charge connector id (letters, digits, - _ .)'))
    .min(1)
    .optional(),
});

type Disruption = TwinRecordOf<'TransportDisruption'>;

function requestOptions(
  ctx: OperationContext<TflConfig>,
  label: string,
  searchParams?: SearchParams,
): RequestOptions {
  return {
    label,
    // TfL throttles anonymous and keyed callers with 403 as well as 429.
    rateLimitStatuses: [403],
    ...(searchParams ? { searchParams } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.config.appKey
      ? { auth: { type: 'header', name: 'app_key', value: ctx.config.appKey } as const }
      : {}),
  };
}

function mappingContext(ctx: OperationContext<TflConfig>): TflMappingContext {
  return {
    baseUrl: ctx.config.baseUrl,
    retrievedAt: ctx.retrievedAt,
    licence: { ...LICENCE, attribution: ctx.config.attribution },
  };
}

const joined = (values: readonly string[] | undefined) =>
  values && values.length > 0 ? values.join(',') : undefined;

const roadDisruptions: Operation<typeof RoadDisruptionParams, Disruption, TflConfig> = {
  title: 'Road disruptions',
  description:
    'Disruptions on the roads TfL manages (works, collisions, events...), with their polygon, street segments or point.',
  params: RoadDisruptionParams,
  produces: ['TransportDisruption'],
  async *run(params, ctx) {
    const url = `${ctx.config.baseUrl}/Road/${params.roads.map(encodeURIComponent).join(',')}/Disruption`;
    const { data } = await ctx.client.json(
      url,
      RawList,
      requestOptions(ctx, 'tfl road disruptions', {
        severities: joined(params.severities),
        categories: joined(params.categories),
        stripContent: params.stripContent,
        closures: params.closures,
      }),
    );
    ctx.page(data.length);
    const map = mappingContext(ctx);
    yield* ctx.mapper.each(data, RawRoadDisruption, (raw) => mapRoadDisruption(raw, map));
  },
};

const streetDisruptions: Operation<
  typeof StreetDisruptionParams,
  Disruption | TwinRecordOf<'StreetWork'>,
  TflConfig
> = {
  title: 'Disrupted streets',
  description:
    'Street segments affected by road disruptions between two date-times (default: the next day): works become StreetWork records, other causes TransportDisruption.',
  params: StreetDisruptionParams,
  produces: ['StreetWork', 'TransportDisruption'],
  async *run(params, ctx) {
    // TfL's API definition requires both dates.
    const startDate = params.startDate ?? ctx.retrievedAt;
    const endDate = params.endDate ?? new Date(Date.parse(startDate) + DAY_MS).toISOString();
    const { data } = await ctx.client.json(
      `${ctx.config.baseUrl}/Road/all/Street/Disruption`,
      RawList,
      requestOptions(ctx, 'tfl disrupted streets', { startDate, endDate }),
    );
    ctx.page(data.length);
    const map = mappingContext(ctx);
    yield* ctx.mapper.each(data, RawStreetDisruption, (raw) =>
      mapStreetDisruption(raw, map, ctx.config.worksCategories),
    );
  },
};

/** The statuses of the lines a `/Line/…/Status` path names, one record per status. */
async function* lineStatuses(
  ctx: OperationContext<TflConfig>,
  path: string,
  label: string,
  params: { readonly detail?: boolean; readonly includeGoodService: boolean },
): AsyncGenerator<Disruption, void, undefined> {
  const { data } = await ctx.client.json(
    `${ctx.config.baseUrl}${path}`,
    RawList,
    requestOptions(ctx, label, { detail: params.detail }),
  );
  ctx.page(data.length);
  const map = mappingContext(ctx);
  yield* ctx.mapper.each(data, RawLine, (line) => mapLineStatuses(line, map, params.includeGoodService));
}

const lineStatus: Operation<typeof LineStatusParams, Disruption, TflConfig> = {
  title: 'Line status by mode',
  description:
    'The current status of every line of the given modes, one record per status (Good Service included).',
  params: LineStatusParams,
  produces: ['TransportDisruption'],
  run: (params, ctx) =>
    lineStatuses(
      ctx,
      `/Line/Mode/${params.modes.map(encodeURIComponent).join(',')}/Status`,
      'tfl line status',
      params,
    ),
};

const lineStatusById: Operation<typeof LineStatusByIdParams, Disruption, TflConfig> = {
  title: 'Line status by line',
  description:
    'The current status of the given lines (any mode), one record per status (Good Service included).',
  params: LineStatusByIdParams,
  produces: ['TransportDisruption'],
  run: (params, ctx) =>
    lineStatuses(
      ctx,
      `/Line/${params.lines.map(encodeURIComponent).join(',')}/Status`,
      'tfl line status by id',
      params,
    ),
};

const roadStatus: Operation<typeof RoadStatusParams, Disruption, TflConfig> = {
  title: 'Road status by road',
  description:
    'The current status of the given TfL road corridors ("Good", "Serious", "Closure"...), one record per corridor at its bounding box.',
  params: RoadStatusParams,
  produces: ['TransportDisruption'],
  async *run(params, ctx) {
    const { data } = await ctx.client.json(
      `${ctx.config.baseUrl}/Road/${params.roads.map(encodeURIComponent).join(',')}`,
      RawList,
      requestOptions(ctx, 'tfl road status'),
    );
    ctx.page(data.length);
    const map = mappingContext(ctx);
    yield* ctx.mapper.each(data, RawRoadCorridor, (raw) => mapRoadStatus(raw, map));
  },
};

const arrivals: Operation<typeof ArrivalsParams, TwinRecordOf<'Observation'>, TflConfig> = {
  title: 'Arrivals at a stop',
  description:
    'The predicted arrivals at a stop (every line), soonest first: seconds until each vehicle arrives, with its line, destination and expected time.',
  params: ArrivalsParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const { data } = await ctx.client.json(
      `${ctx.config.baseUrl}/StopPoint/${params.stop}/Arrivals`,
      RawList,
      requestOptions(ctx, 'tfl arrivals'),
    );
    ctx.page(data.length);
    // TfL sends predictions in no order; soonest first, with any unparseable one kept for the report.
    const seconds = (item: unknown) => {
      const parsed = RawPrediction.safeParse(item);
      return parsed.success ? parsed.data.timeToStation : Number.POSITIVE_INFINITY;
    };
    const sorted = [...data].sort((a, b) => seconds(a) - seconds(b));
    const map = mappingContext(ctx);
    yield* ctx.mapper.each(sorted, RawPrediction, (raw) => mapArrival(raw, map));
  },
};

const stopPointsNear: Operation<typeof StopPointParams, TwinRecordOf<'TransportStop'>, TflConfig> = {
  title: 'Stop points near a place',
  description: 'Stops and stations of the given NaPTAN types within a radius of a point, nearest first.',
  params: StopPointParams,
  produces: ['TransportStop'],
  async *run(params, ctx) {
    const [lon, lat] = params.point;
    const { data } = await ctx.client.json(
      `${ctx.config.baseUrl}/StopPoint`,
      RawStopPointsResponse,
      requestOptions(ctx, 'tfl stop points by radius', {
        lat,
        lon,
        stopTypes: params.stopTypes.join(','),
        radius: params.radius,
        modes: joined(params.modes),
      }),
    );
    ctx.page(data.stopPoints.length);
    const map = mappingContext(ctx);
    yield* ctx.mapper.each(data.stopPoints, RawStopPoint, (stop) => mapStopPoint(stop, map));
  },
};

const bikePoints: Operation<
  typeof BikePointParams,
  TwinRecordOf<'Facility'> | TwinRecordOf<'Observation'>,
  TflConfig
> = {
  title: 'Cycle hire docks',
  description:
    'Santander Cycles docking stations (Facility) with an Observation per live figure: bikes, standard bikes, e-bikes, empty docks, docks.',
  params: BikePointParams,
  produces: ['Facility', 'Observation'],
  async *run(params, ctx) {
    const url = params.query ? `${ctx.config.baseUrl}/BikePoint/Search` : `${ctx.config.baseUrl}/BikePoint`;
    const { data } = await ctx.client.json(
      url,
      RawList,
      requestOptions(ctx, 'tfl bike points', params.query ? { query: params.query } : undefined),
    );
    ctx.page(data.length);
    const map = mappingContext(ctx);
    yield* ctx.mapper.each(data, RawBikePoint, (place) => mapBikePoint(place, map));
  },
};

const carParkOccupancy: Operation<
  typeof CarParkParams,
  TwinRecordOf<'Facility'> | TwinRecordOf<'Observation'>,
  TflConfig
> = {
  title: 'Car park occupancy',
  description:
    'TfL car parks with live occupancy data (Facility, without location) with an Observation of free and of occupied bays per bay type.',
  params: CarParkParams,
  produces: ['Facility', 'Observation'],
  async *run(params, ctx) {
    const base = `${ctx.config.baseUrl}/Occupancy/CarPark`;
    const url = params.id ? `${base}/${encodeURIComponent(params.id)}` : base;
    // One car park is one object; all of them a list.
    const { data } = await ctx.client.json(
      url,
      params.id ? z.unknown() : RawList,
      requestOptions(ctx, 'tfl car park occupancy'),
    );
    const items = Array.isArray(data) ? data : [data];
    ctx.page(items.length);
    const map = mappingContext(ctx);
    yield* ctx.mapper.each(items, RawCarParkOccupancy, (carPark) => mapCarParkOccupancy(carPark, map));
  },
};

const chargeConnectorOccupancy: Operation<
  typeof ChargeConnectorParams,
  TwinRecordOf<'Observation'>,
  TflConfig
> = {
  title: 'EV charge connector occupancy',
  description:
    "The live status of TfL's electric vehicle charge connectors (an Observation each, without location), all or by the operator's connector id.",
  params: ChargeConnectorParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const base = `${ctx.config.baseUrl}/Occupancy/ChargeConnector`;
    const url = params.ids ? `${base}/${params.ids.map(encodeURIComponent).join(',')}` : base;
    const { data } = await ctx.client.json(
      url,
      RawList,
      requestOptions(ctx, 'tfl charge connector occupancy'),
    );
    ctx.page(data.length);
    const map = mappingContext(ctx);
    yield* ctx.mapper.each(data, RawChargeConnectorOccupancy, (connector) =>
      mapChargeConnectorOccupancy(connector, map),
    );
  },
};

/**
 * The TfL Unified API connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { tfl } from '@ldn-twin/connectors/tfl';
 *
 * const transport = connect(tfl, { client: createClient(), config: { appKey: process.env.TFL_APP_KEY } });
 * for await (const status of transport.lineStatus({ modes: ['tube', 'elizabeth-line'] })) {
 *   console.log(status.properties.name); // 'Circle: Part Closure'
 * }
 * const { records } = await transport.bikePoints({}).collect();
 * ```
 */
export const tfl = {
  id: 'tfl',
  title: 'TfL Unified API',
  description:
    "Transport for London's open data: road disruptions and disrupted streets, line status, stop points, cycle hire docks with live availability, and car park and EV charge connector occupancy.",
  twins: ['mobility', 'infrastructure-coordination'],
  publisher: { name: 'Transport for London', url: 'https://tfl.gov.uk' },
  homepage: 'https://api.tfl.gov.uk',
  licence: LICENCE,
  auth: {
    type: 'header',
    name: 'app_key',
    description:
      'Optional TfL API key (config `appKey`), sent as the `app_key` header. Anonymous calls work but are throttled harder.',
    signupUrl: 'https://api-portal.tfl.gov.uk',
    credentials: [{ config: 'appKey', wire: { in: 'header', name: 'app_key' }, env: 'LDN_TWIN_TFL_APP_KEY' }],
  },
  // Unconfirmed third-party figures (50 a minute anonymous, 500 with a key), configurable: docs/tfl.md.
  rateLimits: (config: TflConfig) => ({
    [new URL(config.baseUrl).hostname]: {
      requestsPerSecond:
        (config.requestsPerMinute ?? (config.appKey ? KEYED_PER_MINUTE : ANONYMOUS_PER_MINUTE)) / 60,
    },
  }),
  browser: {
    cors: false,
    note: 'CORS support is unconfirmed; from a browser, set `baseUrl` to a proxy (which also keeps your key server-side).',
  },
  config: TflConfig,
  operations: {
    roadDisruptions,
    streetDisruptions,
    lineStatus,
    lineStatusById,
    roadStatus,
    arrivals,
    stopPointsNear,
    bikePoints,
    carParkOccupancy,
    chargeConnectorOccupancy,
  },
} satisfies Connector<typeof TflConfig>;
