/**
 * NESO Data Portal (National Energy System Operator, CKAN): Great Britain's national electricity
 * demand forecasts, cardinal point by cardinal point (the day's peaks, troughs and fixed points),
 * 2 days and 2 to 14 days ahead, as `modelled` Observations with the forecast's publication time.
 * Keyless; the portal asks for at most one API call a second and two datastore queries a minute,
 * and blocks IPs that do not keep to it, so the connector declares the stricter limit for its host.
 *
 * @packageDocumentation
 */
import {
  ConfigError,
  type Connector,
  LicenceSchema,
  type Operation,
  type OperationContext,
  offsetPages,
  type TwinRecordOf,
} from '@ldn-twin/core';
import { z } from 'zod';
import { mapCardinalPoint } from './map.js';
import { RawCardinalPoint, RawDataPackage, RawDatastoreSearch, type RawResource } from './raw.js';

export { NATIONAL_DEMAND_PROPERTY } from './map.js';

/**
 * The licence records carry by default: the NESO Open Data Licence, as the dataset metadata names
 * it (real capture). Its attribution sentence is unconfirmed; replace it in config when checked.
 *
 * @example
 * ```ts
 * import { NESO_ATTRIBUTION } from '@ldn-twin/connectors/neso';
 * footer.textContent = NESO_ATTRIBUTION;
 * ```
 */
export const NESO_ATTRIBUTION = 'Supported by National Energy SO Open Data (NESO Open Data Licence)';

const DEFAULT_LICENCE = {
  id: 'NESO-Open-Data-Licence',
  url: 'https://www.neso.energy/data-portal/neso-open-licence',
  attribution: [NESO_ATTRIBUTION],
};

/**
 * The forecasts the connector knows, by the dataset slug of their portal page. Only the 2-day
 * forecast's resource id is on an official page; the others are resolved from the dataset.
 *
 * @example
 * ```ts
 * DEMAND_FORECASTS['two-day'].dataset; // '2-day-ahead-demand-forecast'
 * ```
 */
export const DEMAND_FORECASTS = {
  'two-day': { dataset: '2-day-ahead-demand-forecast', resourceId: 'cda26f27-4bb6-4632-9fb5-2d029ca605e1' },
  'two-to-fourteen-day': { dataset: '2-14-days-ahead-national-demand-forecast', resourceId: undefined },
  'seven-day': { dataset: '7-day-ahead-national-forecast', resourceId: undefined },
} as const;

const ForecastSource = z.object({
  /** The dataset slug (`datapackage_show?id=`): API slugs equal page slugs in the real capture; inferred for these. */
  dataset: z.string().min(1),
  /** The resource to query; unset: the dataset's first datastore resource. */
  resourceId: z.string().min(1).optional(),
});

const NesoConfig = z.object({
  /** The CKAN action root; override it to go through a proxy. */
  baseUrl: z
    .url()
    .default('https://api.neso.energy/api/3/action')
    .transform((url) => url.replace(/\/+$/, '')),
  /** Where each forecast lives; change an entry when NESO replaces a resource. */
  forecasts: z
    .object({
      'two-day': ForecastSource.default(DEMAND_FORECASTS['two-day']),
      'two-to-fourteen-day': ForecastSource.default({
        dataset: DEMAND_FORECASTS['two-to-fourteen-day'].dataset,
      }),
      'seven-day': ForecastSource.default({ dataset: DEMAND_FORECASTS['seven-day'].dataset }),
    })
    .default({
      'two-day': DEMAND_FORECASTS['two-day'],
      'two-to-fourteen-day': { dataset: DEMAND_FORECASTS['two-to-fourteen-day'].dataset },
      'seven-day': { dataset: DEMAND_FORECASTS['seven-day'].dataset },
    }),
  /**
   * The zone of cardinal point times: the pages disagree (UK clock time on the newer pages, UTC on
   * the older 7-day page), so it is configuration; UK clock time by default.
   */
  cardinalPointTimes: z.enum(['Europe/London', 'UTC']).default('Europe/London'),
  licence: LicenceSchema.default(DEFAULT_LICENCE),
});
type NesoConfig = z.output<typeof NesoConfig>;

const ForecastParams = z.strictObject({
  /** `two-day` (default), `two-to-fourteen-day` or `seven-day`. */
  forecast: z.enum(['two-day', 'two-to-fourteen-day', 'seven-day']).default('two-day'),
  /** Rows per datastore query (each costs one of the two a minute): high, so one query usually does. */
  pageSize: z.int().min(1).max(32_000).default(5000),
});

type Observation = TwinRecordOf<'Observation'>;

/** CKAN timestamps are UTC without a zone (`2025-01-09T17:28:50.553793`). */
function ckanTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const withZone = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/**
 * The resource of a dataset to query: the one named, else the first with an active datastore.
 *
 * @example
 * ```ts
 * pickResource(dataPackage.result.resources, undefined)?.id;
 * ```
 */
export function pickResource(
  resources: readonly RawResource[],
  id: string | undefined,
): RawResource | undefined {
  return id ? resources.find((r) => r.id === id) : resources.find((r) => r.datastore_active);
}

async function resolve(ctx: OperationContext<NesoConfig>, source: z.output<typeof ForecastSource>) {
  const { data } = await ctx.client.json(`${ctx.config.baseUrl}/datapackage_show`, RawDataPackage, {
    searchParams: { id: source.dataset },
    label: 'neso datapackage_show',
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  const resource = pickResource(data.result.resources, source.resourceId);
  if (!resource) {
    throw new ConfigError(
      `neso: dataset ${source.dataset} has no ${source.resourceId ? `resource ${source.resourceId}` : 'datastore resource'}; set config.forecasts`,
    );
  }
  return { resource, forecastTime: ckanTime(resource.last_modified ?? resource.metadata_modified) };
}

const demandForecast: Operation<typeof ForecastParams, Observation, NesoConfig> = {
  title: 'National demand forecast',
  description:
    "GB National Demand forecast per cardinal point (peaks, troughs, fixed points), 2 days or 2-14 days ahead, with the forecast's publication time.",
  params: ForecastParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const source = ctx.config.forecasts[params.forecast];
    const { resource, forecastTime } = await resolve(ctx, source);
    const url = `${ctx.config.baseUrl}/datastore_search`;
    const mapping = {
      retrievedAt: ctx.retrievedAt,
      licence: ctx.config.licence,
      dataset: source.dataset,
      resourceId: resource.id,
      sourceUrl: `${url}?resource_id=${resource.id}`,
      forecastTime,
      zone: ctx.config.cardinalPointTimes,
    };
    const pages = offsetPages({
      pageSize: params.pageSize,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      fetchPage: async (offset, limit, signal) => {
        const { data } = await ctx.client.json(url, RawDatastoreSearch, {
          searchParams: { resource_id: resource.id, limit, offset, sort: '_id asc' },
          label: 'neso datastore_search',
          ...(signal ? { signal } : {}),
        });
        return {
          items: data.result.records,
          ...(data.result.total !== undefined ? { total: data.result.total } : {}),
        };
      },
    });
    for await (const rows of pages) {
      ctx.page(rows.length);
      yield* ctx.mapper.each(rows, RawCardinalPoint, (row) => mapCardinalPoint(row, mapping));
    }
  },
};

/**
 * The NESO Data Portal connector (demand forecasts).
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { neso } from '@ldn-twin/connectors/neso';
 *
 * const portal = connect(neso, { client: createClient() });
 * const { records } = await portal.demandForecast({ forecast: 'two-to-fourteen-day' }).collect();
 * const peak = records.reduce((a, b) => (Number(b.properties.attributes.result) > Number(a.properties.attributes.result) ? b : a));
 * ```
 */
export const neso = {
  id: 'neso',
  title: 'NESO Data Portal (demand forecasts)',
  description:
    "The National Energy System Operator's data portal: Great Britain's national electricity demand forecasts per cardinal point, 2 days and 2 to 14 days ahead.",
  twins: ['smart-energy'],
  publisher: { name: 'National Energy System Operator', url: 'https://www.neso.energy' },
  homepage: 'https://www.neso.energy/data-portal',
  licence: DEFAULT_LICENCE,
  auth: { type: 'none' },
  // "A maximum of two [datastore] requests per minute" and one API request a second; IPs that do not
  // keep to it are blocked. One host serves both, so the stricter budget holds for all: 2 a minute.
  rateLimits: { 'api.neso.energy': { requestsPerSecond: 1 / 30, burst: 2, concurrency: 1 } },
  browser: {
    cors: false,
    note: 'The portal demonstrates JSONP; CORS is unconfirmed. Call it server-side or through a proxy (`baseUrl`).',
  },
  config: NesoConfig,
  operations: { demandForecast },
} satisfies Connector<typeof NesoConfig>;
