/**
 * London Air Quality Network (LAQN), from the Environmental Research Group's API
 * (api.erg.ic.ac.uk/AirQuality): the environment twin's air. Monitoring sites as Sensor records,
 * the hourly air quality index and measurements of a site's species over a date range as
 * Observation records in the SensorThings shape. No key; the ERG asks that a server fetches, caches
 * and serves the data on (one fixed IP address), so browsers should go through a proxy (`baseUrl`).
 *
 * @packageDocumentation
 */
import {
  type Connector,
  type Licence,
  mapPage,
  type Operation,
  type OperationContext,
  type TwinRecordOf,
} from '@ldn-twin/core';
import * as z from 'zod';
import {
  LAQN_ATTRIBUTION,
  type LaqnMappingContext,
  MICROGRAM_PER_CUBIC_METRE,
  mapIndexSite,
  mapMeasurement,
  mapSite,
  OGL_V2_URL,
  type SiteSpecies,
} from './map.js';
import {
  indexSites,
  RawDailyIndexBody,
  RawIndexBody,
  RawIndexSite,
  RawMeasurement,
  RawSite,
  RawSiteData,
  RawSiteSpecies,
  RawSiteSpeciesData,
  RawSitesBody,
} from './raw.js';

export {
  datastreamId,
  LAQN_ATTRIBUTION,
  MICROGRAM_PER_CUBIC_METRE,
  OGL_V2_URL,
  observedProperty,
  siteId,
  type Unit,
} from './map.js';

const Unit = z.object({ name: z.string().min(1), symbol: z.string().min(1), definition: z.string().min(1) });

const LaqnConfig = z.object({
  /** The API root; override it to go through your own caching proxy, as the ERG asks. */
  baseUrl: z
    .url()
    .default('https://api.erg.ic.ac.uk/AirQuality')
    .transform((url) => url.replace(/\/+$/, '')),
  /** The site group (`GroupName=`); London by default. */
  groupName: z.string().min(1).default('London'),
  /**
   * Units by species code. LAQN does not label units; µg/m³ (UCUM `ug/m3`) is assumed for every
   * species not listed here (unconfirmed; CO, for one, is often published in mg/m³).
   */
  speciesUnits: z.record(z.string(), Unit).default({}),
  /** The attribution statements; the default is the ERG guide's statement as far as it is known. */
  attribution: z.array(z.string().min(1)).min(1).default([LAQN_ATTRIBUTION]),
});
type LaqnConfig = z.output<typeof LaqnConfig>;

/** A site or species code, as it goes into a path segment. */
const Code = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'a LAQN code (letters, digits, _ . -)');

const MonitoringSitesParams = z.object({
  /** Also read which species each site measures (one more request); default true. */
  withSpecies: z.boolean().default(true),
});
const HourlyIndexParams = z.object({});
const DailyIndexParams = z.object({
  /** The day, `YYYY-MM-DD`; the latest daily index when omitted. */
  date: z.iso.date().optional(),
});
const SiteDataParams = z
  .object({
    /** The site code, e.g. `MY1` (Marylebone Road). */
    site: Code,
    /** One species code (`NO2`, `PM10`, `PM25`, `O3`, ...); all of the site's species when omitted. */
    species: Code.optional(),
    /** First day, `YYYY-MM-DD`. */
    startDate: z.iso.date(),
    /** Last day, `YYYY-MM-DD`; whether the API includes it is unconfirmed (it appears exclusive). */
    endDate: z.iso.date(),
  })
  .refine((p) => p.startDate <= p.endDate, { message: 'endDate is before startDate', path: ['endDate'] });

type Sensor = TwinRecordOf<'Sensor'>;
type Observation = TwinRecordOf<'Observation'>;
type Ctx = OperationContext<LaqnConfig>;

function licenceOf(config: LaqnConfig): Licence {
  return { id: 'OGL-UK-2.0', url: OGL_V2_URL, attribution: config.attribution };
}

function mapping(ctx: Ctx, sourceUrl: string): LaqnMappingContext {
  return {
    baseUrl: ctx.config.baseUrl,
    retrievedAt: ctx.retrievedAt,
    licence: licenceOf(ctx.config),
    sourceUrl,
    unitOf: (species) => ctx.config.speciesUnits[species] ?? MICROGRAM_PER_CUBIC_METRE,
  };
}

function group(ctx: Ctx): string {
  return `GroupName=${encodeURIComponent(ctx.config.groupName)}`;
}

async function get<S extends z.ZodType>(
  ctx: Ctx,
  url: string,
  schema: S,
  label: string,
): Promise<z.output<S>> {
  const { data } = await ctx.client.json(url, schema, {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    label: `laqn ${label}`,
  });
  return data;
}

const monitoringSites: Operation<typeof MonitoringSitesParams, Sensor, LaqnConfig> = {
  title: 'Monitoring sites',
  description:
    'Every monitoring site of the group (London by default), open and closed, with the species each measures.',
  params: MonitoringSitesParams,
  produces: ['Sensor'],
  async *run(params, ctx) {
    const url = `${ctx.config.baseUrl}/Information/MonitoringSites/${group(ctx)}/Json`;
    const body = await get(ctx, url, RawSitesBody, 'monitoring sites');
    let speciesBySite: Map<string, SiteSpecies> | undefined;
    if (params.withSpecies) {
      const speciesUrl = `${ctx.config.baseUrl}/Information/MonitoringSiteSpecies/${group(ctx)}/Json`;
      const listing = await get(ctx, speciesUrl, RawSitesBody, 'monitoring site species');
      speciesBySite = new Map();
      for (const site of listing.Sites.Site) {
        const parsed = RawSiteSpecies.safeParse(site);
        // A site of this listing that does not parse leaves its Sensor without species, not failed.
        if (parsed.success) {
          const species = parsed.data.Species;
          speciesBySite.set(parsed.data['@SiteCode'], {
            codes: [...new Set(species.map((s) => s['@SpeciesCode']))],
            finished: [
              ...new Set(species.filter((s) => s['@DateMeasurementFinished']).map((s) => s['@SpeciesCode'])),
            ],
          });
        }
      }
    }
    yield* mapPage(ctx, body.Sites.Site, RawSite, (site) =>
      mapSite(
        site,
        speciesBySite ? (speciesBySite.get(site['@SiteCode']) ?? { codes: [], finished: [] }) : undefined,
        mapping(ctx, url),
      ),
    );
  },
};

const hourlyIndex: Operation<typeof HourlyIndexParams, Observation, LaqnConfig> = {
  title: 'Hourly monitoring index',
  description:
    'The latest hourly air quality index (1-10, with its band) of each species at each site of the group.',
  params: HourlyIndexParams,
  produces: ['Observation'],
  async *run(_params, ctx) {
    const url = `${ctx.config.baseUrl}/Hourly/MonitoringIndex/${group(ctx)}/Json`;
    const body = await get(ctx, url, RawIndexBody, 'hourly monitoring index');
    const sites = indexSites(body.HourlyAirQualityIndex);
    yield* mapPage(ctx, sites, RawIndexSite, (site) => mapIndexSite(site, mapping(ctx, url)));
  },
};

const dailyIndex: Operation<typeof DailyIndexParams, Observation, LaqnConfig> = {
  title: 'Daily monitoring index',
  description:
    "The daily air quality index (1-10, with its band) of each species at each site of the group: the latest, or one day's.",
  params: DailyIndexParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const day = params.date ? `${group(ctx)}/Date=${params.date}` : `Latest/${group(ctx)}`;
    const url = `${ctx.config.baseUrl}/Daily/MonitoringIndex/${day}/Json`;
    const body = await get(ctx, url, RawDailyIndexBody, 'daily monitoring index');
    const sites = indexSites(body.DailyAirQualityIndex);
    yield* mapPage(ctx, sites, RawIndexSite, (site) => mapIndexSite(site, mapping(ctx, url), 'daily'));
  },
};

const siteData: Operation<typeof SiteDataParams, Observation, LaqnConfig> = {
  title: 'Site data for a date range',
  description:
    "Hourly measurements of one species (or all the site's species) at a site between two dates. An hour with no measurement is an Observation with result null.",
  params: SiteDataParams,
  produces: ['Observation'],
  async *run(params, ctx) {
    const range = `StartDate=${params.startDate}/EndDate=${params.endDate}`;
    if (params.species) {
      const url = `${ctx.config.baseUrl}/Data/SiteSpecies/SiteCode=${params.site}/SpeciesCode=${params.species}/${range}/Json`;
      const { RawAQData } = await get(ctx, url, RawSiteSpeciesData, 'site species data');
      ctx.page(RawAQData.Data.length);
      const species = RawAQData['@SpeciesCode'] ?? params.species;
      yield* ctx.mapper.each(RawAQData.Data, RawMeasurement, (row) =>
        mapMeasurement(row, params.site, species, mapping(ctx, url)),
      );
      return;
    }
    const url = `${ctx.config.baseUrl}/Data/Site/SiteCode=${params.site}/${range}/Json`;
    const { AirQualityData } = await get(ctx, url, RawSiteData, 'site data');
    yield* mapPage(ctx, AirQualityData.Data, RawMeasurement, (row) =>
      mapMeasurement(row, params.site, undefined, mapping(ctx, url)),
    );
  },
};

/**
 * The London Air Quality Network connector.
 *
 * @example
 * ```ts
 * import { connect, createClient } from '@ldn-twin/core';
 * import { laqn } from '@ldn-twin/connectors/laqn';
 *
 * const air = connect(laqn, { client: createClient() });
 * // NO2 at Marylebone Road on 10 December 2022, hour by hour
 * for await (const o of air.siteData({ site: 'MY1', species: 'NO2', startDate: '2022-12-10', endDate: '2022-12-11' })) {
 *   console.log(o.properties.attributes.phenomenonTime, o.properties.attributes.result);
 * }
 * ```
 */
export const laqn = {
  id: 'laqn',
  title: 'London Air Quality Network (LAQN)',
  description:
    "Air quality monitoring sites, the hourly air quality index and hourly measurements (NO2, PM10, PM2.5, O3, ...) across London, from the Environmental Research Group's LAQN API.",
  twins: ['environment'],
  publisher: {
    name: 'Environmental Research Group (London Air Quality Network)',
    url: 'https://www.londonair.org.uk',
  },
  homepage: 'https://www.londonair.org.uk',
  licence: { id: 'OGL-UK-2.0', url: OGL_V2_URL, attribution: [LAQN_ATTRIBUTION] },
  auth: { type: 'none' },
  browser: {
    cors: false,
    note: 'The ERG asks that one server fetches and caches the data and serves it on; CORS is unconfirmed. Point baseUrl at that proxy.',
  },
  config: LaqnConfig,
  operations: { monitoringSites, hourlyIndex, dailyIndex, siteData },
} satisfies Connector<typeof LaqnConfig>;
