/**
 * A generic OGC SensorThings API (Part 1: Sensing, v1.0 and v1.1) connector, for any server a
 * borough, utility or campus runs: Things (with their Locations) and Datastreams as Sensor records,
 * a Datastream's Observations as Observation records, paging through `@iot.nextLink`. The server's
 * base URL is required; its licence and attribution are the application's to state (no claim is
 * made for someone else's data: without `licence` config, records carry `LicenseRef-unknown`).
 *
 * @packageDocumentation
 */
import {
  AccessLabelSchema,
  type Auth,
  type Connector,
  type Licence,
  LicenceSchema,
  linkPages,
  mapPage,
  OPEN_ACCESS,
  type Operation,
  type OperationContext,
  PagingError,
  type TwinRecordOf,
} from '@ldn-twin/core';
import * as z from 'zod';
import { entityPath, mapDatastream, mapObservation, mapThing, type StaMappingContext } from './map.js';
import { IotId, RawCollection, RawDatastream, RawObservation, RawThing } from './raw.js';

export { entityPath, sensorId } from './map.js';

/**
 * The licence id records carry when the application has not said what the server's licence is.
 *
 * @example
 * ```ts
 * UNKNOWN_LICENCE_ID; // 'LicenseRef-unknown'
 * ```
 */
export const UNKNOWN_LICENCE_ID = 'LicenseRef-unknown';

const Credentials = z.discriminatedUnion('type', [
  z.object({ type: z.literal('basic'), username: z.string().min(1), password: z.string().min(1) }),
  z.object({ type: z.literal('header'), name: z.string().min(1), value: z.string().min(1) }),
  z.object({ type: z.literal('query'), name: z.string().min(1), value: z.string().min(1) }),
]);

const SensorThingsConfig = z
  .object({
    /** The service root with its version, e.g. `https://sensors.example.gov.uk/FROST-Server/v1.1`. Required. */
    baseUrl: z.url(),
    /** Who publishes the data (provenance); default: the server's host name. */
    publisher: z.string().min(1).optional(),
    /** The data's licence and exact attribution; default: `LicenseRef-unknown` naming the server. */
    licence: LicenceSchema.optional(),
    /** The access label of the records; default open, or `official` when credentials are configured. */
    access: AccessLabelSchema.optional(),
    /** The twin id namespace; default `sensorthings.<host><path>` without the version segment. */
    namespace: z.string().min(1).optional(),
    /** provenance.method of Observations: `measured` unless the server publishes model output. */
    method: z.enum(['measured', 'modelled', 'reported', 'derived']).default('measured'),
    /** Credentials, if the server needs them; redacted from every error and log line. */
    auth: Credentials.optional(),
  })
  .transform((config) => {
    const baseUrl = config.baseUrl.replace(/\/+$/, '');
    const url = new URL(baseUrl);
    const path = url.pathname.replace(/\/v\d+(?:\.\d+)?$/, '').replace(/\/+$/, '');
    const licence: Licence = config.licence ?? {
      id: UNKNOWN_LICENCE_ID,
      attribution: [`Data from the SensorThings API at ${url.origin}${url.pathname} (licence not stated)`],
    };
    return {
      baseUrl,
      publisher: config.publisher ?? url.hostname,
      licence,
      access: config.access ?? (config.auth ? { classification: 'official' as const } : OPEN_ACCESS),
      namespace: config.namespace ?? `sensorthings.${url.host}${path.replaceAll('/', '.')}`,
      method: config.method,
      auth: config.auth as Auth | undefined,
    };
  });
type SensorThingsConfig = z.output<typeof SensorThingsConfig>;

/** The OData query options every listing takes. */
const Listing = z.object({
  /** An OData `$filter`, e.g. `phenomenonTime ge 2026-11-01T00:00:00Z`. */
  filter: z.string().min(1).optional(),
  /** An OData `$orderby`, e.g. `phenomenonTime desc`. */
  orderby: z.string().min(1).optional(),
  /** Entities per page (`$top`); servers may cap it lower, and paging goes on through `@iot.nextLink`. */
  top: z.int().min(1).max(10_000).default(100),
  /** Entities to skip before the first (`$skip`). */
  skip: z.int().min(0).optional(),
});

const ThingsParams = Listing.extend({
  /** Expand Locations and Datastreams (one request instead of many); default true. */
  expand: z.boolean().default(true),
});
const DatastreamsParams = Listing.extend({
  /** Only the Datastreams of this Thing. */
  thing: IotId.optional(),
});
const ObservationsParams = Listing.extend({
  /** The Datastream whose Observations to read: it gives their unit and observed property. */
  datastream: IotId,
});

type Sensor = TwinRecordOf<'Sensor'>;
type Observation = TwinRecordOf<'Observation'>;
type Ctx = OperationContext<SensorThingsConfig>;

function mapping(ctx: Ctx): StaMappingContext {
  const { baseUrl, namespace, publisher, licence, access, method } = ctx.config;
  return { baseUrl, namespace, publisher, licence, access, method, retrievedAt: ctx.retrievedAt };
}

function requestOptions(ctx: Ctx, signal: AbortSignal | undefined, label: string) {
  return {
    ...(signal ? { signal } : {}),
    ...(ctx.config.auth ? { auth: ctx.config.auth } : {}),
    label: `sensorthings ${label}`,
  };
}

function firstPage(ctx: Ctx, path: string, params: z.output<typeof Listing>, expand?: string): URL {
  const url = new URL(`${ctx.config.baseUrl}/${path}`);
  url.searchParams.set('$top', String(params.top));
  if (params.skip !== undefined) url.searchParams.set('$skip', String(params.skip));
  if (params.filter) url.searchParams.set('$filter', params.filter);
  if (params.orderby) url.searchParams.set('$orderby', params.orderby);
  if (expand) url.searchParams.set('$expand', expand);
  return url;
}

/**
 * The next link to follow. Servers behind a TLS-terminating proxy often write their links as
 * `http://` (the recorded extract does): a link to the configured host is taken with the configured
 * scheme. A link to another host is not followed, since credentials would go with it.
 */
function nextLink(ctx: Ctx, next: string | undefined, current: string): string | undefined {
  if (!next) return undefined;
  const base = new URL(ctx.config.baseUrl);
  const url = new URL(next, current);
  if (url.host !== base.host) {
    throw new PagingError(`sensorthings: @iot.nextLink leaves ${base.host} for ${url.host}; not followed`);
  }
  url.protocol = base.protocol;
  return url.toString();
}

/** Every page of a collection, following `@iot.nextLink`, one `value` array at a time. */
function pages(ctx: Ctx, first: URL, label: string) {
  return linkPages({
    first,
    signal: ctx.signal,
    fetchPage: async (url, signal) => {
      const { data } = await ctx.client.json(url, RawCollection, requestOptions(ctx, signal, label));
      return { page: data.value, next: nextLink(ctx, data['@iot.nextLink'], url) };
    },
  });
}

const things: Operation<typeof ThingsParams, Sensor, SensorThingsConfig> = {
  title: 'Things',
  description: 'Things (stations, devices, buildings) with their Locations and Datastreams, page by page.',
  params: ThingsParams,
  produces: ['Sensor'],
  async *run(params, ctx) {
    const first = firstPage(
      ctx,
      'Things',
      params,
      params.expand ? 'Locations,Datastreams/ObservedProperty' : undefined,
    );
    for await (const page of pages(ctx, first, 'Things')) {
      yield* mapPage(ctx, page, RawThing, (thing) => mapThing(thing, mapping(ctx)));
    }
  },
};

const datastreams: Operation<typeof DatastreamsParams, Sensor, SensorThingsConfig> = {
  title: 'Datastreams',
  description:
    'Datastreams (one series each: a Thing, a Sensor, an observed property, a unit), of one Thing or all.',
  params: DatastreamsParams,
  produces: ['Sensor'],
  async *run(params, ctx) {
    const path =
      params.thing === undefined ? 'Datastreams' : `${entityPath('Things', params.thing)}/Datastreams`;
    const first = firstPage(ctx, path, params, 'Thing,Sensor,ObservedProperty');
    for await (const page of pages(ctx, first, 'Datastreams')) {
      yield* mapPage(ctx, page, RawDatastream, (datastream) => mapDatastream(datastream, mapping(ctx)));
    }
  },
};

const observations: Operation<typeof ObservationsParams, Observation, SensorThingsConfig> = {
  title: 'Observations of a Datastream',
  description:
    "A Datastream's Observations, filtered and ordered with OData options, following @iot.nextLink to the end.",
  params: ObservationsParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const path = entityPath('Datastreams', params.datastream);
    const described = new URL(`${ctx.config.baseUrl}/${path}`);
    described.searchParams.set('$expand', 'ObservedProperty');
    const { data } = await ctx.client.json(
      described,
      RawDatastream,
      requestOptions(ctx, ctx.signal, 'Datastream'),
    );
    const first = firstPage(ctx, `${path}/Observations`, params);
    for await (const page of pages(ctx, first, 'Observations')) {
      yield* mapPage(ctx, page, RawObservation, (observation) =>
        mapObservation(observation, data, mapping(ctx)),
      );
    }
  },
};

/**
 * The generic OGC SensorThings API connector. `baseUrl` is required; state the server's licence and
 * attribution in `licence`.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { sensorThings } from '@ldn-twin/connectors/sensorthings';
 *
 * const sta = connect(sensorThings, {
 *   client: createClient(),
 *   config: {
 *     baseUrl: 'https://sensors.example.gov.uk/FROST-Server/v1.1',
 *     publisher: 'Example Borough Council',
 *     licence: { id: 'OGL-UK-3.0', attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'] },
 *   },
 * });
 * for await (const o of sta.observations({ datastream: 7, filter: 'phenomenonTime ge 2026-11-01T00:00:00Z' })) {
 *   console.log(o.properties.attributes.phenomenonTime, o.properties.attributes.result);
 * }
 * ```
 */
export const sensorThings = {
  id: 'sensorthings',
  title: 'OGC SensorThings API (any server)',
  description:
    'Things, Locations, Datastreams and Observations from any OGC SensorThings API server (v1.0/v1.1): smart energy meters, air and noise sensors, building monitoring. Configure the server, its publisher and its licence.',
  twins: ['smart-energy', 'environment'],
  publisher: { name: 'Configured per server (the SensorThings API operator)' },
  homepage: 'https://www.ogc.org/standards/sensorthings/',
  licence: {
    id: UNKNOWN_LICENCE_ID,
    attribution: ["Set per server: the licence and attribution given in the connector's licence config"],
  },
  auth: {
    type: 'basic',
    description:
      'Optional: none for open servers; HTTP Basic, a header or a query key when the server needs one (config.auth).',
    // config.auth says which: `value` for a header or query key, `username` and `password` for Basic.
    credentials: [
      { config: 'auth.value', wire: { in: 'header' } },
      { config: 'auth.username', wire: { in: 'basic', part: 'username' } },
      { config: 'auth.password', wire: { in: 'basic', part: 'password' } },
    ],
  },
  browser: {
    cors: false,
    note: 'Depends on the server; FROST and most servers can enable CORS. Use a proxy baseUrl otherwise.',
  },
  config: SensorThingsConfig,
  settings: [{ config: 'baseUrl', env: 'LDN_TWIN_SENSORTHINGS_BASE_URL', required: true }],
  operations: { things, datastreams, observations },
} satisfies Connector<typeof SensorThingsConfig>;
