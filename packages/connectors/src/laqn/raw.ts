/**
 * The payloads of the London Air Quality Network API (api.erg.ic.ac.uk/AirQuality) as they really
 * arrive (see the connector's docs page): XML turned into JSON, so attributes are `@`-keys, every
 * value is a string (numbers and coordinates too), `""` means absent, and `Site`, `Species` and
 * `Data` are one object when there is one and an array when there are more (or missing when there
 * are none). Times are `YYYY-MM-DD HH:MM:SS` GMT with no zone.
 *
 * @example
 * ```ts
 * import { RawSitesBody, RawSite } from './raw.js';
 * const sites = RawSitesBody.parse(body).Sites.Site; // always an array
 * ```
 */
import { oneOrMany, optionalNumber, optionalText } from '@ldn-twin/core';
import * as z from 'zod';

/**
 * One item or many, always an array; a missing key is an empty array. (`oneOrMany` accepts
 * `undefined`, but in zod 4 only an optional schema lets an object key be absent.)
 *
 * @example
 * ```ts
 * z.object({ Site: many(z.unknown()) }).parse({}).Site; // []
 * ```
 */
export function many<T extends z.ZodType>(item: T) {
  return oneOrMany(item)
    .optional()
    .transform((items): z.output<T>[] => items ?? []);
}

/**
 * A GMT time `YYYY-MM-DD HH:MM:SS` (no zone) as an RFC 3339 UTC instant; `""` is absent.
 *
 * @example
 * ```ts
 * gmtTime().parse('2022-12-10 07:00:00'); // '2022-12-10T07:00:00Z'
 * ```
 */
export function gmtTime() {
  return optionalText().transform((value, ctx) => {
    if (value === undefined) return undefined;
    const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(value);
    const iso = m ? `${m[1]}T${m[2]!.length === 5 ? `${m[2]}:00` : m[2]}Z` : undefined;
    if (!iso || Number.isNaN(Date.parse(iso))) {
      ctx.issues.push({
        code: 'custom',
        message: `expected a GMT time YYYY-MM-DD HH:MM:SS, got ${JSON.stringify(value)}`,
        input: value,
      });
      return z.NEVER;
    }
    return iso;
  });
}

/**
 * One site of `/Information/MonitoringSites/GroupName={group}/Json` (keys per the public clients'
 * deserialiser). `@Latitude`/`@Longitude` are WGS 84 degrees; `@LatitudeWGS84`/`@LongitudeWGS84`
 * are NOT (metres in an undocumented projection) and are not read.
 *
 * @example
 * ```ts
 * RawSite.parse(body.Sites.Site[0])['@SiteCode']; // 'ME9'
 * ```
 */
export const RawSite = z.looseObject({
  '@SiteCode': z.string().min(1),
  '@SiteName': optionalText(),
  '@SiteType': optionalText(),
  '@Latitude': optionalNumber(),
  '@Longitude': optionalNumber(),
  '@LocalAuthorityCode': optionalText(),
  '@LocalAuthorityName': optionalText(),
  '@DataManager': optionalText(),
  '@DataOwner': optionalText(),
  '@DateOpened': gmtTime(),
  '@DateClosed': gmtTime(),
  '@SiteLink': optionalText(),
});
/** A parsed monitoring site. */
export type RawSite = z.output<typeof RawSite>;

/**
 * The monitoring sites body: `{ Sites: { Site: one or many } }`; sites stay unknown here.
 *
 * @example
 * ```ts
 * RawSitesBody.parse({ Sites: { Site: { '@SiteCode': 'ME9' } } }).Sites.Site.length; // 1
 * ```
 */
export const RawSitesBody = z.looseObject({
  Sites: z.looseObject({ Site: many(z.unknown()) }),
});

/**
 * One site of `/Information/MonitoringSiteSpecies/GroupName={group}/Json`: its species with the dates
 * each was measured from and to. The shape is known from client code only (no captured response).
 *
 * @example
 * ```ts
 * RawSiteSpecies.parse({ '@SiteCode': 'ME9', Species: { '@SpeciesCode': 'NO2' } }).Species.length; // 1
 * ```
 */
export const RawSiteSpecies = z.looseObject({
  '@SiteCode': z.string().min(1),
  Species: many(
    z.looseObject({
      '@SpeciesCode': z.string().min(1),
      '@SpeciesDescription': optionalText(),
      '@DateMeasurementStarted': optionalText(),
      '@DateMeasurementFinished': optionalText(),
    }),
  ),
});
/** A parsed site with its species. */
export type RawSiteSpecies = z.output<typeof RawSiteSpecies>;

/**
 * One species' index at a site, in the hourly monitoring index.
 *
 * @example
 * ```ts
 * RawIndexSpecies.parse({ '@SpeciesCode': 'NO2', '@AirQualityIndex': '1' })['@AirQualityIndex']; // 1
 * ```
 */
export const RawIndexSpecies = z.looseObject({
  '@SpeciesCode': z.string().min(1),
  '@SpeciesDescription': optionalText(),
  '@AirQualityIndex': optionalNumber(),
  '@AirQualityBand': optionalText(),
  '@IndexSource': optionalText(),
});

/**
 * One site of the hourly monitoring index with its species (one or many), and the local authority
 * it was listed under (added when the body is flattened, see {@link indexSites}).
 *
 * @example
 * ```ts
 * RawIndexSite.parse(site).Species[0]?.['@SpeciesCode']; // 'PM10'
 * ```
 */
export const RawIndexSite = z.looseObject({
  '@SiteCode': z.string().min(1),
  '@SiteName': optionalText(),
  '@SiteType': optionalText(),
  '@BulletinDate': gmtTime().pipe(z.string({ error: 'a site needs its @BulletinDate' })),
  '@Latitude': optionalNumber(),
  '@Longitude': optionalNumber(),
  '@LocalAuthorityName': optionalText(),
  '@LocalAuthorityCode': optionalText(),
  Species: many(RawIndexSpecies),
});
/** A parsed index site. */
export type RawIndexSite = z.output<typeof RawIndexSite>;

/** The group level of a monitoring index body: local authorities, each with sites kept unknown. */
const RawIndexGroup = z.looseObject({
  '@GroupName': optionalText(),
  LocalAuthority: oneOrMany(
    z.looseObject({
      '@LocalAuthorityCode': optionalText(),
      '@LocalAuthorityName': optionalText(),
      Site: many(z.unknown()),
    }),
  ),
});

/**
 * The hourly monitoring index body. A local authority may have no `Site` at all (City of London in
 * the recording); sites stay unknown here.
 *
 * @example
 * ```ts
 * RawIndexBody.parse(body).HourlyAirQualityIndex.LocalAuthority[1]?.Site.length; // 2
 * ```
 */
export const RawIndexBody = z.looseObject({ HourlyAirQualityIndex: RawIndexGroup });

/**
 * The daily monitoring index body (`/Daily/MonitoringIndex/...`): the hourly body's shape under
 * `DailyAirQualityIndex`, with a `@MonitoringIndexDate`.
 *
 * @example
 * ```ts
 * RawDailyIndexBody.parse(body).DailyAirQualityIndex.LocalAuthority.length; // 2
 * ```
 */
export const RawDailyIndexBody = z.looseObject({ DailyAirQualityIndex: RawIndexGroup });

/**
 * Every site of a monitoring index body (hourly or daily: pass its group level), each with the
 * local authority it was listed under.
 *
 * @example
 * ```ts
 * indexSites(RawIndexBody.parse(body).HourlyAirQualityIndex).length; // 2
 * ```
 */
export function indexSites(group: z.output<typeof RawIndexGroup>): unknown[] {
  return group.LocalAuthority.flatMap((authority) =>
    authority.Site.map((site) =>
      site !== null && typeof site === 'object' && !Array.isArray(site)
        ? {
            '@LocalAuthorityCode': authority['@LocalAuthorityCode'],
            '@LocalAuthorityName': authority['@LocalAuthorityName'],
            ...site,
          }
        : site,
    ),
  );
}

/**
 * One measurement of `/Data/SiteSpecies/...` (or `/Data/Site/...`, which adds `@SpeciesCode`).
 * `@Value` is a string and `""` when there was no measurement.
 *
 * @example
 * ```ts
 * RawMeasurement.parse({ '@MeasurementDateGMT': '2022-12-10 00:00:00', '@Value': '' })['@Value']; // undefined
 * ```
 */
export const RawMeasurement = z.looseObject({
  '@MeasurementDateGMT': gmtTime().pipe(z.string({ error: 'a measurement needs its @MeasurementDateGMT' })),
  '@Value': optionalNumber(),
  '@SpeciesCode': optionalText(),
});
/** A parsed measurement. */
export type RawMeasurement = z.output<typeof RawMeasurement>;

/**
 * The `/Data/SiteSpecies/...` body: `{ RawAQData: { @SiteCode, @SpeciesCode, Data: one or many } }`.
 *
 * @example
 * ```ts
 * RawSiteSpeciesData.parse(body).RawAQData.Data.length; // 4
 * ```
 */
export const RawSiteSpeciesData = z.looseObject({
  RawAQData: z.looseObject({
    '@SiteCode': optionalText(),
    '@SpeciesCode': optionalText(),
    Data: many(z.unknown()),
  }),
});

/**
 * The `/Data/Site/...` body (all species of a site): `{ AirQualityData: { @SiteCode, Data } }`. Its
 * shape is known from mocks only.
 *
 * @example
 * ```ts
 * RawSiteData.parse(body).AirQualityData.Data.length;
 * ```
 */
export const RawSiteData = z.looseObject({
  AirQualityData: z.looseObject({ '@SiteCode': optionalText(), Data: many(z.unknown()) }),
});
