/**
 * The Planning London Datahub (GLA), the growth-and-development twin: every planning application in
 * London's 33 boroughs and two development corporations, with decisions, dates and homes proposed, as
 * PlanningApplication records. It is a raw Elasticsearch index behind a guest proxy: queries are
 * Elasticsearch JSON bodies (built here from typed filters), POSTed with an `X-API-AllowRequest`
 * header. Browsers cannot call it (no CORS), so the base URL can point at a borough's own proxy.
 *
 * @packageDocumentation
 */
import {
  type Auth,
  type Connector,
  cursorPages,
  type HttpClient,
  LicenceSchema,
  mapPage,
  OGL_V3_URL,
  type Operation,
  type OperationContext,
  type TwinRecordOf,
} from '@ldn-twin/core';
import * as z from 'zod';
import { mapHit } from './map.js';
import { ApplicationFilters, buildCountBody, buildSearchBody, type QueryFields } from './query.js';
import { RawCountResponse, RawHit, RawSearchResponse } from './raw.js';

export { boroughCode, datahubName } from './boroughs.js';
export { stageOf } from './map.js';
export {
  ApplicationFilters,
  buildCountBody,
  buildQuery,
  buildSearchBody,
  DEFAULT_QUERY_FIELDS,
  type EsClause,
  type QueryFields,
  type SearchBodyOptions,
  type SortClause,
} from './query.js';

/**
 * The two hosts in use (field guide section 2): `legacy` is the one Colouring London and most public
 * clients call; a 2026 third-party document calls `current` the current host. Which is canonical is
 * unconfirmed, so the host is configuration.
 *
 * @example
 * ```ts
 * connect(planningLondonDatahub, { client, config: { baseUrl: PLD_HOSTS.current } });
 * ```
 */
export const PLD_HOSTS = {
  legacy: 'https://planningdata.london.gov.uk/api-guest',
  current: 'https://planninglondondatahub.london.gov.uk/api-guest',
} as const;

/**
 * The shared guest value of `X-API-AllowRequest` hard-coded in many public clients (field guide
 * section 2). Not a personal key; still sent as auth so it is redacted from errors and logs.
 *
 * @example
 * ```ts
 * connect(planningLondonDatahub, { client, config: { allowRequest: GUEST_ALLOW_REQUEST } });
 * ```
 */
export const GUEST_ALLOW_REQUEST = 'be2rmRnt&';

/**
 * The licence of the Datahub is unconfirmed (third-party docs say OGL; not verified), so this
 * default carries the OGL's generic statement and can be replaced in config.
 */
const DEFAULT_LICENCE = {
  id: 'OGL-UK-3.0',
  url: OGL_V3_URL,
  attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'],
};

const SortClauseSchema = z.record(z.string().min(1), z.enum(['asc', 'desc']));

const PlanningLondonDatahubConfig = z.object({
  /** The API root (`.../api-guest`); either host in {@link PLD_HOSTS}, or your own proxy. */
  baseUrl: z
    .url()
    .default(PLD_HOSTS.legacy)
    .transform((url) => url.replace(/\/+$/, '')),
  /** The `X-API-AllowRequest` value; `null` sends no header (a proxy that adds its own). */
  allowRequest: z.string().min(1).nullable().default(GUEST_ALLOW_REQUEST),
  /** The Elasticsearch index of applications. */
  index: z
    .string()
    .regex(/^[a-z0-9_][a-z0-9_.-]*$/)
    .default('applications'),
  /**
   * The sort of `search_after` paging; it must end on a unique field. Default `id` ascending, the
   * unique document field a working public client pages on (unconfirmed as the only choice).
   */
  sort: z
    .array(SortClauseSchema)
    .min(1)
    .default([{ id: 'asc' }]),
  /** The field borough names are matched on (`lpa_name` text, or `lpa_name.raw` keyword). */
  lpaNameField: z.string().min(1).default('lpa_name'),
  /** The geo_point field of bbox and distance filters (its mapping is unconfirmed). */
  geoField: z.string().min(1).default('centroid'),
  /** The fields free text is matched in. */
  textFields: z
    .array(z.string().min(1))
    .min(1)
    .default(['description', 'site_name', 'street_name', 'locality', 'postcode']),
  /** The licence and attribution records carry (the Datahub's own is unconfirmed). */
  licence: LicenceSchema.default(DEFAULT_LICENCE),
});
type PlanningLondonDatahubConfig = z.output<typeof PlanningLondonDatahubConfig>;

const SearchParams = z.strictObject({
  /** What to look for (all optional; none means every application). */
  filters: ApplicationFilters.default({}),
  /** Hits per request, up to 10,000 (what public clients use); 1,000 by default. */
  pageSize: z.int().min(1).max(10_000).default(1000),
});

type Application = TwinRecordOf<'PlanningApplication'>;

function requestOptions(config: PlanningLondonDatahubConfig, signal: AbortSignal | undefined, label: string) {
  const auth: Auth | undefined = config.allowRequest
    ? { type: 'header', name: 'X-API-AllowRequest', value: config.allowRequest }
    : undefined;
  // A search is a query, not a change: its answers may be cached like a GET's (keyed by the body).
  return {
    method: 'POST' as const,
    idempotent: true,
    cache: true,
    ...(auth ? { auth } : {}),
    ...(signal ? { signal } : {}),
    label,
  };
}

function fieldsOf(config: PlanningLondonDatahubConfig): QueryFields {
  return { lpaName: config.lpaNameField, geo: config.geoField, text: config.textFields };
}

const search: Operation<typeof SearchParams, Application, PlanningLondonDatahubConfig> = {
  title: 'Search applications',
  description:
    'Planning applications matching typed filters (borough, dates, decision, status, types, bbox or distance, free text), paging with search_after on a stable sort so memory stays flat however many there are.',
  params: SearchParams,
  produces: ['PlanningApplication'],
  async *run(params, ctx) {
    const { config } = ctx;
    const url = `${config.baseUrl}/${config.index}/_search`;
    const options = requestOptions(config, ctx.signal, 'planning-london-datahub search');
    let received = 0;
    const pages = cursorPages<unknown[], unknown[]>({
      signal: ctx.signal,
      fetchPage: async (searchAfter) => {
        const body = buildSearchBody(params.filters, {
          size: params.pageSize,
          sort: config.sort,
          fields: fieldsOf(config),
          ...(searchAfter ? { searchAfter } : {}),
        });
        const { data } = await ctx.client.json(url, RawSearchResponse, { ...options, json: body });
        const hits = data.hits.hits;
        received += hits.length;
        const total = data.hits.total;
        // An exact total (relation "eq") spares the request that would come back empty.
        const done = hits.length < params.pageSize || (total?.relation === 'eq' && received >= total.value);
        return { page: hits, cursor: done ? null : sortOf(hits.at(-1), ctx) };
      },
    });
    for await (const hits of pages) {
      yield* mapPage(ctx, hits, RawHit, (hit) =>
        mapHit(hit, { retrievedAt: ctx.retrievedAt, licence: config.licence, index: config.index }),
      );
    }
  },
};

/** The `sort` values of the last hit: the next page's `search_after`. */
function sortOf(hit: unknown, ctx: OperationContext<PlanningLondonDatahubConfig>): unknown[] | null {
  const sort = typeof hit === 'object' && hit !== null ? (hit as { sort?: unknown }).sort : undefined;
  if (Array.isArray(sort) && sort.length > 0) return sort;
  // Without sort values there is no way to the next page; say so rather than loop or guess.
  ctx.client.logger.warn?.('planning-london-datahub: a full page came without sort values; paging stops', {});
  return null;
}

/**
 * Counts the applications matching filters with `_count`, without fetching them (operations yield
 * records, so the count is a function beside the connector).
 *
 * @example
 * ```ts
 * import { createClient } from '@ldn-twin/core';
 * import { countApplications } from '@ldn-twin/connectors/planning-london-datahub';
 *
 * const n = await countApplications(createClient(), { boroughs: ['E09000031'], statuses: ['Approved'] });
 * ```
 */
export async function countApplications(
  client: HttpClient,
  filters: z.input<typeof ApplicationFilters> = {},
  options: {
    readonly config?: z.input<typeof PlanningLondonDatahubConfig>;
    readonly signal?: AbortSignal;
  } = {},
): Promise<number> {
  const config = PlanningLondonDatahubConfig.parse(options.config ?? {});
  const parsed = ApplicationFilters.parse(filters);
  const { data } = await client.json(`${config.baseUrl}/${config.index}/_count`, RawCountResponse, {
    ...requestOptions(config, options.signal, 'planning-london-datahub count'),
    json: buildCountBody(parsed, fieldsOf(config)),
  });
  return data.count;
}

/**
 * The Planning London Datahub connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
 *
 * const pld = connect(planningLondonDatahub, { client: createClient() });
 * for await (const application of pld.search({
 *   filters: { boroughs: ['E09000031'], decisionDate: { from: '2024-01-01' }, developmentTypes: ['New Build'] },
 * })) {
 *   const { reference, stage, residential } = application.properties.attributes;
 *   console.log(reference, stage, residential?.proposedUnits);
 * }
 * ```
 */
export const planningLondonDatahub = {
  id: 'planning-london-datahub',
  title: 'Planning London Datahub (GLA)',
  description:
    "London's planning applications from the Greater London Authority's Planning London Datahub, successor to the London Development Database: status, decision, dates, homes and floorspace, for all 33 boroughs, the LLDC and the OPDC.",
  twins: ['growth-and-development'],
  publisher: { name: 'Greater London Authority', url: 'https://www.london.gov.uk' },
  homepage: 'https://data.london.gov.uk/dataset/planning-london-datahub-applications-236qk/',
  licence: DEFAULT_LICENCE,
  auth: {
    type: 'header',
    name: 'X-API-AllowRequest',
    description:
      'A shared guest value that public clients send (built in as the default); set `allowRequest` in config to change it, or null when a proxy adds it.',
    credentials: [
      {
        config: 'allowRequest',
        wire: { in: 'header', name: 'X-API-AllowRequest' },
        env: 'LDN_TWIN_PLD_ALLOW_REQUEST',
      },
    ],
  },
  browser: {
    cors: false,
    note: 'The guest API sends no CORS headers, so browsers cannot call it: route it through your own server-side proxy and set `baseUrl` to the proxy.',
  },
  config: PlanningLondonDatahubConfig,
  operations: { search },
} satisfies Connector<typeof PlanningLondonDatahubConfig>;
