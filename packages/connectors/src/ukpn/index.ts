/**
 * UK Power Networks Open Data Portal (an Opendatasoft portal): the electricity network's capacity
 * for growth in London (licence area LPN, "London Power Networks"). Headroom per substation, DFES
 * scenario and year as ScenarioResult records of the published DFES headroom run; the areas primary
 * substations feed; planned reinforcements (LTDS infrastructure projects); constraint decisions
 * (DNOA: flexibility or reinforcement). Needs a portal API key (`Authorization: Apikey …`).
 *
 * @packageDocumentation
 */
import {
  type Auth,
  type Connector,
  LicenceSchema,
  type Operation,
  type TwinRecordOf,
  twinId,
} from '@ldn-twin/core';
import { z } from 'zod';
import { odsAnd, odsRecords, odsString } from '../protocols/opendatasoft/index.js';
import {
  mapDnoa,
  mapFeedingArea,
  mapHeadroom,
  mapInfrastructureProject,
  type UkpnMappingContext,
} from './map.js';
import { RawDnoa, RawFeedingArea, RawHeadroom, RawInfrastructureProject } from './raw.js';

export { HEADROOM_METRIC } from './map.js';

/**
 * The licence areas as the portal writes them: London is `LPN`.
 *
 * @example
 * ```ts
 * import { LICENCE_AREAS } from '@ldn-twin/connectors/ukpn';
 * LICENCE_AREAS.LPN; // 'London Power Networks (LPN)'
 * ```
 */
export const LICENCE_AREAS = {
  LPN: 'London Power Networks (LPN)',
  EPN: 'Eastern Power Networks (EPN)',
  SPN: 'South Eastern Power Networks (SPN)',
} as const;

/**
 * The credit line records carry by default. UKPN's per-dataset licence and attribution wording are
 * unconfirmed (third-party catalogue reads say CC BY 4.0); set `licence` in config once checked.
 *
 * @example
 * ```ts
 * import { UKPN_ATTRIBUTION } from '@ldn-twin/connectors/ukpn';
 * footer.textContent = UKPN_ATTRIBUTION;
 * ```
 */
export const UKPN_ATTRIBUTION =
  'Contains data from UK Power Networks Open Data Portal, licensed under CC BY 4.0 (per-dataset licence unconfirmed)';

const DEFAULT_LICENCE = {
  id: 'CC-BY-4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
  attribution: [UKPN_ATTRIBUTION],
};

const UkpnConfig = z.object({
  /** The Explore API root; override it to go through a proxy. */
  baseUrl: z
    .url()
    .default('https://ukpowernetworks.opendatasoft.com/api/explore/v2.1')
    .transform((url) => url.replace(/\/+$/, '')),
  /** The portal API key (profile → API keys). Most datasets refuse records without one. */
  apiKey: z.string().min(1).optional(),
  /** Dataset ids (UKPN's client registry, verified 2026-02); change them when the portal renames one. */
  datasets: z
    .object({
      headroom: z.string().min(1).default('dfes-network-headroom-report'),
      feedingAreas: z.string().min(1).default('ukpn_primary_postcode_area'),
      infrastructureProjects: z.string().min(1).default('ukpn-ltds-infrastructure-projects'),
      dnoa: z.string().min(1).default('ukpn-dnoa'),
    })
    .default({
      headroom: 'dfes-network-headroom-report',
      feedingAreas: 'ukpn_primary_postcode_area',
      infrastructureProjects: 'ukpn-ltds-infrastructure-projects',
      dnoa: 'ukpn-dnoa',
    }),
  /**
   * The DFES edition the headroom report belongs to (e.g. `2025`): part of the run id of its
   * ScenarioResults. The portal does not say it in the records (unconfirmed), so it is configuration.
   */
  dfesEdition: z.string().min(1).optional(),
  /** The licence records carry (per-dataset licences are unconfirmed). */
  licence: LicenceSchema.default(DEFAULT_LICENCE),
});
type UkpnConfig = z.output<typeof UkpnConfig>;

const LicenceArea = z.enum(['LPN', 'EPN', 'SPN']).default('LPN');

const HeadroomParams = z.strictObject({
  licenceArea: LicenceArea,
  /** One year of the projection (2024-2050 in the report). */
  year: z.int().min(2000).max(2100).optional(),
  /** One DFES scenario, as the portal names it (names change with each edition: read them from the data). */
  scenario: z.string().min(1).optional(),
  /** Only these substations (their functional locations, `LPN-S…`). */
  substations: z.array(z.string().min(1)).min(1).optional(),
});

const AreaParams = z.strictObject({ licenceArea: LicenceArea });
type LicenceAreaCode = z.output<typeof LicenceArea>;

/** The postcode-area and LTDS datasets name the licence area in `dno` (full names, as elsewhere: unconfirmed there). */
const byDno = (area: LicenceAreaCode) => `dno=${odsString(LICENCE_AREAS[area])}`;

type ScenarioResult = TwinRecordOf<'ScenarioResult'>;
type Facility = TwinRecordOf<'Facility'>;
type Project = TwinRecordOf<'InfrastructureProject'>;

function authOf(config: UkpnConfig): Auth | undefined {
  return config.apiKey
    ? { type: 'header', name: 'Authorization', value: `Apikey ${config.apiKey}` }
    : undefined;
}

function context(config: UkpnConfig, retrievedAt: string, dataset: string): UkpnMappingContext {
  return {
    retrievedAt,
    licence: config.licence,
    dataset,
    sourceUrl: `${config.baseUrl}/catalog/datasets/${dataset}/records`,
  };
}

/**
 * The run id of the DFES headroom report's ScenarioResults.
 *
 * @example
 * ```ts
 * headroomRunId('dfes-network-headroom-report', '2025'); // 'urn:ldntwin:simulation-run:ukpn:dfes-network-headroom-report%402025'
 * ```
 */
export function headroomRunId(dataset: string, edition?: string): string {
  return twinId('SimulationRun', 'ukpn', edition ? `${dataset}@${edition}` : dataset);
}

const headroom: Operation<typeof HeadroomParams, ScenarioResult, UkpnConfig> = {
  title: 'Network headroom by substation, scenario and year',
  description:
    'DFES network headroom (MW) per substation, scenario and year in a licence area (London by default): ScenarioResults of the published DFES run, never observations.',
  params: HeadroomParams,
  produces: ['ScenarioResult'],
  async *run(params, ctx) {
    const { config } = ctx;
    const dataset = config.datasets.headroom;
    const where = odsAnd([
      `licencearea=${odsString(LICENCE_AREAS[params.licenceArea])}`,
      params.year !== undefined ? `year=${params.year}` : undefined,
      params.scenario ? `scenario=${odsString(params.scenario)}` : undefined,
      params.substations
        ? params.substations.map((s) => `sitefunctionallocation=${odsString(s)}`).join(' OR ')
        : undefined,
    ]);
    const auth = authOf(config);
    const mapping = context(config, ctx.retrievedAt, dataset);
    const runId = headroomRunId(dataset, config.dfesEdition);
    for await (const page of odsRecords(ctx.client, {
      baseUrl: config.baseUrl,
      dataset,
      query: { ...(where ? { where } : {}), orderBy: 'sitefunctionallocation, scenario, year' },
      ...(auth ? { auth } : {}),
      signal: ctx.signal,
      label: 'ukpn headroom',
    })) {
      ctx.page(page.length);
      yield* ctx.mapper.each(page, RawHeadroom, (row) => mapHeadroom(row, mapping, runId));
    }
  },
};

/** One dataset read whole for a licence area, whose licence-area column is `column`. */
function areaOperation<S extends z.ZodType, R extends Facility | Project>(spec: {
  title: string;
  description: string;
  produces: R['featureType'];
  dataset: (config: UkpnConfig) => string;
  /** The ODSQL condition that keeps one licence area, or undefined to read the whole dataset. */
  where: (area: LicenceAreaCode) => string | undefined;
  /** For datasets without a licence-area column: which raw rows belong to the area. */
  keep?: (raw: unknown, area: LicenceAreaCode) => boolean;
  schema: S;
  map: (row: z.output<S>, ctx: UkpnMappingContext) => R;
}): Operation<typeof AreaParams, R, UkpnConfig> {
  return {
    title: spec.title,
    description: spec.description,
    params: AreaParams,
    produces: [spec.produces],
    async *run(params, ctx) {
      const { config } = ctx;
      const dataset = spec.dataset(config);
      const auth = authOf(config);
      const mapping = context(config, ctx.retrievedAt, dataset);
      const where = spec.where(params.licenceArea);
      for await (const page of odsRecords(ctx.client, {
        baseUrl: config.baseUrl,
        dataset,
        query: { ...(where ? { where } : {}) },
        ...(auth ? { auth } : {}),
        signal: ctx.signal,
        label: `ukpn ${dataset}`,
      })) {
        const rows = spec.keep ? page.filter((raw) => spec.keep?.(raw, params.licenceArea)) : page;
        ctx.page(rows.length);
        yield* ctx.mapper.each(rows, spec.schema, (row) => spec.map(row, mapping));
      }
    },
  };
}

const feedingAreas = areaOperation({
  title: 'Primary substation feeding areas',
  description:
    'The area each primary substation feeds (postcode-area polygons) with its firm capacity and demand, as Facility records.',
  produces: 'Facility',
  dataset: (config) => config.datasets.feedingAreas,
  where: byDno,
  schema: RawFeedingArea,
  map: mapFeedingArea,
});

const infrastructureProjects = areaOperation({
  title: 'Planned reinforcements (LTDS infrastructure projects)',
  description:
    'Reinforcement schemes the Long Term Development Statement plans, with expected start and completion years.',
  produces: 'InfrastructureProject',
  dataset: (config) => config.datasets.infrastructureProjects,
  where: byDno,
  schema: RawInfrastructureProject,
  map: mapInfrastructureProject,
});

const constraintDecisions = areaOperation({
  title: 'Constraint decisions (DNOA)',
  description:
    'Distribution Network Options Assessment: each network constraint and whether flexibility or reinforcement was chosen.',
  produces: 'InfrastructureProject',
  dataset: (config) => config.datasets.dnoa,
  // No licence-area column is documented for the DNOA (19 records): rows are kept by the licence
  // area prefix of their functional location (`LPN-S…`), read from the whole dataset.
  where: () => undefined,
  // A row without one cannot be placed and is kept (and reported if it fails to parse).
  keep: (raw, area) => {
    const floc =
      typeof raw === 'object' && raw !== null
        ? (raw as { functional_location?: unknown }).functional_location
        : undefined;
    return typeof floc !== 'string' || floc === '' || floc.startsWith(`${area}-`);
  },
  schema: RawDnoa,
  map: mapDnoa,
});

/**
 * The UK Power Networks open data connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { ukpn } from '@ldn-twin/connectors/ukpn';
 *
 * const network = connect(ukpn, { client: createClient(), config: { apiKey: process.env.UKPN_API_KEY } });
 * const { records } = await network.headroom({ year: 2030 }).collect();
 * for (const r of records) console.log(r.properties.scenario?.scenario, r.properties.attributes.value, 'MW');
 * ```
 */
export const ukpn = {
  id: 'ukpn',
  title: 'UK Power Networks Open Data Portal',
  description:
    "UK Power Networks' open data (Opendatasoft): DFES network headroom by substation, scenario and year, substation feeding areas, planned reinforcements and constraint decisions; London's licence area (LPN) first.",
  twins: ['smart-energy', 'infrastructure-coordination', 'simulation'],
  publisher: { name: 'UK Power Networks', url: 'https://www.ukpowernetworks.co.uk' },
  homepage: 'https://ukpowernetworks.opendatasoft.com',
  licence: DEFAULT_LICENCE,
  auth: {
    type: 'header',
    name: 'Authorization',
    description:
      'A portal API key (create one on the portal: profile → API keys), sent as `Authorization: Apikey <key>`.',
    signupUrl: 'https://ukpowernetworks.opendatasoft.com/account/api-keys/',
    credentials: [
      {
        config: 'apiKey',
        wire: { in: 'header', name: 'Authorization' },
        env: 'LDN_TWIN_UKPN_API_KEY',
        required: true,
      },
    ],
  },
  // UKPN's quota is unconfirmed (one third-party note: 10 000 anonymous calls a day): a polite default.
  rateLimits: { 'ukpowernetworks.opendatasoft.com': { requestsPerSecond: 2, burst: 4, concurrency: 2 } },
  browser: {
    cors: false,
    note: 'CORS is unconfirmed and the API key must not reach a browser: call through your own server-side proxy (`baseUrl`).',
  },
  config: UkpnConfig,
  operations: { headroom, feedingAreas, infrastructureProjects, constraintDecisions },
} satisfies Connector<typeof UkpnConfig>;
