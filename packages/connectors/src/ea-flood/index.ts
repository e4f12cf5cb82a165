/**
 * Environment Agency real-time flood monitoring API (environment.data.gov.uk/flood-monitoring),
 * the environment twin's water: flood warnings and alerts in force (Alert records), flood areas
 * (AdministrativeArea records), monitoring stations near a point (Sensor records) and their latest
 * or recent readings (Observation records). No key; Open Government Licence v3 with the EA's
 * attribution.
 *
 * @packageDocumentation
 */
import {
  type ConnectorInfo,
  type Operation,
  type OperationContext,
  type TwinRecordOf,
  withOperations,
} from '@ldn-twin/core';
import * as z from 'zod';
import {
  EA_FLOOD_LICENCE,
  type EaMappingContext,
  mapFloodArea,
  mapFloodWarning,
  mapReading,
  mapStation,
} from './map.js';
import {
  RawEnvelope,
  RawFloodArea,
  RawFloodWarning,
  type RawMeasure,
  RawReading,
  RawStation,
} from './raw.js';

export { EA_FLOOD_LICENCE, EA_RAINFALL_LICENCE, floodAreaId, stationId } from './map.js';

const EaFloodConfig = z.object({
  /** The service root; override it to go through a proxy or a mirror. */
  baseUrl: z
    .url()
    .default('https://environment.data.gov.uk/flood-monitoring')
    .transform((url) => url.replace(/\/+$/, '')),
  /**
   * How to read the zoneless flood warning times (`timeRaised`, ...). The field guide assumes UTC;
   * that they are not UK local time in summer is unconfirmed.
   */
  zonelessTimes: z.enum(['UTC', 'Europe/London']).default('UTC'),
});
type EaFloodConfig = z.output<typeof EaFloodConfig>;

const Latitude = z.number().min(-90).max(90);
const Longitude = z.number().min(-180).max(180);
/** A point and a radius in km, as the EA's `lat`, `long` and `dist` parameters. */
const Near = z.object({ lat: Latitude, long: Longitude, distKm: z.number().positive() });
/** An EA id segment: letters, digits, `_`, `-` and `.` (flood ids, area codes, station references). */
const Segment = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'an EA id (letters, digits, _ . -)');

const FloodWarningsParams = z.object({
  /** Only warnings at this severity level or more severe (1 severe ... 4 no longer in force). */
  minSeverity: z.int().min(1).max(4).optional(),
  /** Only warnings in this county (the EA matches on its county names). */
  county: z.string().min(1).optional(),
  /** Only warnings whose area is within `distKm` of the point. */
  near: Near.optional(),
});
const FloodWarningParams = z.object({ id: Segment });
const FloodAreasParams = Near;
const FloodAreaParams = z.object({ code: Segment });
const StationsNearParams = Near.extend({
  /** Only stations measuring this parameter (`level`, `flow`, `rainfall`, ...). */
  parameter: z.string().min(1).optional(),
});
const LatestReadingsParams = z.object({ station: Segment });
const AllLatestReadingsParams = z.object({
  /** Only readings of this parameter (`level`, `flow`, `rainfall`, ...); every parameter when absent. */
  parameter: z
    .string()
    .regex(/^[A-Za-z]+$/, 'an EA parameter name (letters only)')
    .optional(),
});
const ReadingsParams = z.object({
  station: Segment,
  /** Readings since this instant (RFC 3339). */
  since: z.iso.datetime({ offset: true }),
  /** The most readings to ask for (`_limit`); the service's default and maximum are unconfirmed. */
  limit: z.int().positive().optional(),
});

type Alert = TwinRecordOf<'Alert'>;
type Area = TwinRecordOf<'AdministrativeArea'>;
type Sensor = TwinRecordOf<'Sensor'>;
type Observation = TwinRecordOf<'Observation'>;
type Ctx = OperationContext<EaFloodConfig>;
type Params = Record<string, string | number | boolean | undefined>;

function mapping(ctx: Ctx): EaMappingContext {
  return { retrievedAt: ctx.retrievedAt, zonelessTimes: ctx.config.zonelessTimes };
}

/** Fetches one EA response; `items` comes back as an array whatever form it had. */
async function fetchItems(ctx: Ctx, path: string, searchParams: Params, label: string): Promise<unknown[]> {
  const { data } = await ctx.client.json(`${ctx.config.baseUrl}${path}`, RawEnvelope, {
    searchParams,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    label: `ea-flood ${label}`,
  });
  ctx.page(data.items.length);
  return data.items;
}

function nearParams(near: z.output<typeof Near> | undefined): Params {
  return near ? { lat: near.lat, long: near.long, dist: near.distKm } : {};
}

/**
 * The `floodWarnings` operation on its own, for a connector of only the operations a program calls
 * (a smaller browser bundle); {@link eaFlood} holds it with the others.
 *
 * @example
 * ```ts
 * import { connect, createClient, withOperations } from '@ldn-twin/core';
 * import { eaFloodInfo, floodWarnings } from '@ldn-twin/connectors/ea-flood';
 *
 * const flood = connect(withOperations(eaFloodInfo, { floodWarnings }), { client: createClient() });
 * const { records } = await flood.floodWarnings({ minSeverity: 2 }).collect();
 * ```
 */
export const floodWarnings: Operation<typeof FloodWarningsParams, Alert, EaFloodConfig> = {
  title: 'Flood warnings and alerts',
  description:
    'Flood warnings and alerts currently in force, optionally by minimum severity, county or distance from a point.',
  params: FloodWarningsParams,
  produces: ['Alert'],
  async *run(params, ctx) {
    const items = await fetchItems(
      ctx,
      '/id/floods',
      { 'min-severity': params.minSeverity, county: params.county, ...nearParams(params.near) },
      'flood warnings',
    );
    yield* ctx.mapper.each(items, RawFloodWarning, (raw) => mapFloodWarning(raw, mapping(ctx)));
  },
};

const floodWarning: Operation<typeof FloodWarningParams, Alert, EaFloodConfig> = {
  title: 'Flood warning',
  description: 'One flood warning or alert by its id, with its flood area expanded.',
  params: FloodWarningParams,
  produces: ['Alert'],
  async *run(params, ctx) {
    const items = await fetchItems(ctx, `/id/floods/${params.id}`, {}, 'flood warning');
    yield* ctx.mapper.each(items, RawFloodWarning, (raw) => mapFloodWarning(raw, mapping(ctx)));
  },
};

const floodAreas: Operation<typeof FloodAreasParams, Area, EaFloodConfig> = {
  title: 'Flood areas near a point',
  description: 'Flood alert and warning areas within a distance (km) of a point.',
  params: FloodAreasParams,
  produces: ['AdministrativeArea'],
  async *run(params, ctx) {
    const items = await fetchItems(ctx, '/id/floodAreas', nearParams(params), 'flood areas');
    yield* ctx.mapper.each(items, RawFloodArea, (raw) => mapFloodArea(raw, mapping(ctx)));
  },
};

const floodArea: Operation<typeof FloodAreaParams, Area, EaFloodConfig> = {
  title: 'Flood area',
  description: 'One flood area by its code (the `floodAreaID` of a warning).',
  params: FloodAreaParams,
  produces: ['AdministrativeArea'],
  async *run(params, ctx) {
    const items = await fetchItems(ctx, `/id/floodAreas/${params.code}`, {}, 'flood area');
    yield* ctx.mapper.each(items, RawFloodArea, (raw) => mapFloodArea(raw, mapping(ctx)));
  },
};

const stationsNear: Operation<typeof StationsNearParams, Sensor, EaFloodConfig> = {
  title: 'Stations near a point',
  description: 'Monitoring stations (river level, flow, rainfall, ...) within a distance (km) of a point.',
  params: StationsNearParams,
  produces: ['Sensor'],
  async *run(params, ctx) {
    const items = await fetchItems(
      ctx,
      '/id/stations',
      { ...nearParams(params), parameter: params.parameter },
      'stations',
    );
    yield* ctx.mapper.each(items, RawStation, (raw) => mapStation(raw, mapping(ctx)));
  },
};

/** The station's measures by URI, to give readings in the default view their unit and parameter. */
async function measuresOf(ctx: Ctx, station: string): Promise<Map<string, z.output<typeof RawMeasure>>> {
  const items = await fetchItems(ctx, `/id/stations/${station}`, {}, 'station');
  const parsed = RawStation.safeParse(items[0]);
  const measures = parsed.success ? parsed.data.measures : [];
  return new Map(measures.map((m) => [m['@id'].replace(/^http:\/\//, 'https://'), m]));
}

async function* readingsOf(ctx: Ctx, station: string, query: string, searchParams: Params, label: string) {
  const measures = await measuresOf(ctx, station);
  const items = await fetchItems(ctx, `/id/stations/${station}/readings${query}`, searchParams, label);
  yield* ctx.mapper.each(items, RawReading, (raw) => mapReading(raw, measures, mapping(ctx)));
}

const latestReadings: Operation<typeof LatestReadingsParams, Observation, EaFloodConfig> = {
  title: 'Latest readings of a station',
  description:
    "The latest reading of each of a station's measures. For every station in England, poll `/data/readings?latest` at most every 15 minutes instead (the EA's crawling note).",
  params: LatestReadingsParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    // `latest` is a bare flag (`?latest`), which URLSearchParams would write as `latest=`.
    yield* readingsOf(ctx, params.station, '?latest', {}, 'latest readings');
  },
};

const allLatestReadings: Operation<typeof AllLatestReadingsParams, Observation, EaFloodConfig> = {
  title: 'Latest readings of every station',
  description:
    'The latest reading of every measure in England in one call (`/data/readings?latest`), optionally one parameter; the EA asks for this at most every 15 minutes instead of polling station by station.',
  params: AllLatestReadingsParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    // `_view=full` expands each reading's measure, which gives its unit and parameter without a
    // station lookup per reading. `latest` stays a bare flag, so the query is written by hand.
    const parameter = params.parameter ? `&parameter=${params.parameter}` : '';
    const items = await fetchItems(
      ctx,
      `/data/readings?latest&_view=full${parameter}`,
      {},
      'all latest readings',
    );
    yield* ctx.mapper.each(items, RawReading, (raw) => mapReading(raw, new Map(), mapping(ctx)));
  },
};

const readings: Operation<typeof ReadingsParams, Observation, EaFloodConfig> = {
  title: 'Readings of a station since a time',
  description: "A station's readings since an instant, every measure, optionally capped with `limit`.",
  params: ReadingsParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    yield* readingsOf(ctx, params.station, '', { since: params.since, _limit: params.limit }, 'readings');
  },
};

/**
 * The Environment Agency real-time flood monitoring connector's description (id, licence, config,
 * ...) without its operations: with `withOperations` (`@ldn-twin/core`) and the operations a program calls (such
 * as {@link floodWarnings}) it makes a connector that bundles only those.
 *
 * @example
 * ```ts
 * import { eaFloodInfo } from '@ldn-twin/connectors/ea-flood';
 * console.log(eaFloodInfo.licence.attribution.join('; '));
 * ```
 */
export const eaFloodInfo = {
  id: 'ea-flood',
  title: 'Environment Agency real-time flood monitoring',
  description:
    'Flood warnings and alerts in force, flood areas, river level, flow and rainfall stations and their readings across England, from the Environment Agency (Beta service).',
  twins: ['environment', 'infrastructure-coordination'],
  publisher: {
    name: 'Environment Agency',
    url: 'https://environment.data.gov.uk/flood-monitoring/doc/reference',
  },
  homepage: 'https://environment.data.gov.uk/flood-monitoring/doc/reference',
  licence: EA_FLOOD_LICENCE,
  auth: { type: 'none' },
  browser: {
    cors: false,
    note: 'CORS support is unconfirmed; use baseUrl to go through a proxy if a browser call fails.',
  },
  config: EaFloodConfig,
} satisfies ConnectorInfo<typeof EaFloodConfig>;

/**
 * The Environment Agency real-time flood monitoring connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { eaFlood } from '@ldn-twin/connectors/ea-flood';
 *
 * const flood = connect(eaFlood, { client: createClient() });
 * // Warnings and alerts within 20 km of Westminster
 * for await (const alert of flood.floodWarnings({ near: { lat: 51.4995, long: -0.1248, distKm: 20 } })) {
 *   console.log(alert.properties.attributes.severity, alert.properties.attributes.area);
 * }
 * ```
 */
export const eaFlood = /* @__PURE__ */ withOperations(eaFloodInfo, {
  floodWarnings,
  floodWarning,
  floodAreas,
  floodArea,
  stationsNear,
  latestReadings,
  allLatestReadings,
  readings,
});
