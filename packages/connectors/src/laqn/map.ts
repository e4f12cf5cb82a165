/**
 * Mapping of LAQN payloads to twin records: monitoring sites become Sensor records (with the species
 * they measure), hourly index entries and measurements Observation records in the SensorThings shape
 * (one datastream per site and species). An empty `@Value` is real data ("no measurement that
 * hour"): it becomes an Observation with `result: null` and a `resultQuality` note, not a dropped row.
 */
import type { AccessLabel, Licence, TwinRecordOf } from '@ldn-twin/core';
import { ERG_LAQN_POLICY, OGL_V2_URL, twinId, twinRecord, withoutUndefined } from '@ldn-twin/core';
import type { RawIndexSite, RawMeasurement, RawSite } from './raw.js';

/** The Open Government Licence v2, which the ERG API guide names for LAQN data (from core). */
export { OGL_V2_URL };

/**
 * The ERG's whole attribution statement from its API guide, licence sentence included (docs/laqn.md
 * gives the sources); connector config `attribution` replaces it.
 *
 * @example
 * ```ts
 * LAQN_ATTRIBUTION.endsWith('licensed under the terms of the Open Government Licence.'); // true
 * ```
 */
export const LAQN_ATTRIBUTION =
  'This information has been obtained from the Environmental Research Group of Kings College London (http://www.erg.kcl.ac.uk), using data from the London Air Quality Network (http://www.londonair.org.uk). This information is licensed under the terms of the Open Government Licence.';

/**
 * The label of LAQN records: open, under the ERG's terms as its API guide states them
 * (`ERG_LAQN_POLICY`: OGL v2 with ERG's statement) rather than the bare OGL v2 policy.
 *
 * @example
 * ```ts
 * LAQN_ACCESS.policies; // ['urn:ldn-twin:policy:erg-laqn']
 * ```
 */
export const LAQN_ACCESS: AccessLabel = Object.freeze({
  classification: 'open',
  policies: [ERG_LAQN_POLICY.uid],
});

/**
 * A unit of measurement, SensorThings-style: `definition` is the UCUM URI.
 *
 * @example
 * ```ts
 * const unit: Unit = { name: 'microgram per cubic metre', symbol: 'µg/m³', definition: 'http://unitsofmeasure.org/ucum.html#ug/m3' };
 * ```
 */
export interface Unit {
  readonly name: string;
  readonly symbol: string;
  readonly definition: string;
}

/**
 * The unit LAQN concentrations are taken to be in (µg/m³, UCUM `ug/m3`). LAQN does not label units
 * in its responses (unconfirmed per species), so the connector's `speciesUnits` config overrides it.
 *
 * @example
 * ```ts
 * MICROGRAM_PER_CUBIC_METRE.definition; // 'http://unitsofmeasure.org/ucum.html#ug/m3'
 * ```
 */
export const MICROGRAM_PER_CUBIC_METRE: Unit = {
  name: 'microgram per cubic metre',
  symbol: 'µg/m³',
  definition: 'http://unitsofmeasure.org/ucum.html#ug/m3',
};

/** The index is a dimensionless band number; UCUM writes a named count as an annotation. */
const INDEX_UNIT: Unit = {
  name: 'air quality index',
  symbol: 'index',
  definition: 'http://unitsofmeasure.org/ucum.html#{index}',
};

/**
 * What every record of one run shares.
 *
 * @example
 * ```ts
 * const ctx: LaqnMappingContext = { baseUrl, retrievedAt, licence, sourceUrl, unitOf: () => MICROGRAM_PER_CUBIC_METRE };
 * ```
 */
export interface LaqnMappingContext {
  readonly baseUrl: string;
  readonly retrievedAt: string;
  readonly licence: Licence;
  /** The URL the run's records came from. */
  readonly sourceUrl: string;
  readonly unitOf: (species: string) => Unit;
}

const PUBLISHER = 'Environmental Research Group (London Air Quality Network)';
const CONNECTOR = 'laqn';

/**
 * The twin id of a monitoring site.
 *
 * @example
 * ```ts
 * siteId('MY1'); // 'urn:ldntwin:sensor:laqn:MY1'
 * ```
 */
export function siteId(siteCode: string): string {
  return twinId('Sensor', CONNECTOR, siteCode);
}

/**
 * The datastream of a site and species (the SensorThings series), as Observations name it.
 *
 * @example
 * ```ts
 * datastreamId('MY1', 'NO2'); // 'urn:ldntwin:sensor:laqn:MY1/NO2'
 * ```
 */
export function datastreamId(siteCode: string, species: string): string {
  return `${siteId(siteCode)}/${encodeURIComponent(species)}`;
}

/**
 * The observed property of a species: an ldn-twin URN (LAQN publishes no property URIs).
 *
 * @example
 * ```ts
 * observedProperty('PM25'); // 'urn:ldntwin:property:laqn:PM25'
 * ```
 */
export function observedProperty(species: string): string {
  return `urn:ldntwin:property:laqn:${encodeURIComponent(species)}`;
}

function point(lat: number | undefined, lon: number | undefined) {
  return lat !== undefined && lon !== undefined ? { type: 'Point' as const, coordinates: [lon, lat] } : null;
}

function provenance(
  dataset: string,
  sourceId: string,
  method: 'reported' | 'measured' | 'derived',
  ctx: LaqnMappingContext,
) {
  return {
    publisher: PUBLISHER,
    dataset,
    sourceId,
    sourceUrl: ctx.sourceUrl,
    retrievedAt: ctx.retrievedAt,
    method,
    connector: CONNECTOR,
  };
}

function textExtra(entries: Record<string, string | undefined>): Record<string, string> {
  return withoutUndefined(entries) as Record<string, string>;
}

/**
 * The species of a site, from the site species listing: every code it has measured, and those whose
 * measurement has finished.
 *
 * @example
 * ```ts
 * const species: SiteSpecies = { codes: ['NO2', 'PM10'], finished: ['PM10'] };
 * ```
 */
export interface SiteSpecies {
  readonly codes: readonly string[];
  readonly finished: readonly string[];
}

/**
 * Maps a monitoring site to a Sensor record with the species it measures (when asked for): every
 * species code in `observedProperties` and `datastreams`, the finished ones listed in `extra`.
 *
 * @example
 * ```ts
 * mapSite(RawSite.parse(site), { codes: ['NO2'], finished: [] }, ctx).properties.attributes.observedProperties; // ['NO2']
 * ```
 */
export function mapSite(
  raw: RawSite,
  species: SiteSpecies | undefined,
  ctx: LaqnMappingContext,
): TwinRecordOf<'Sensor'> {
  const code = raw['@SiteCode'];
  const geometry = point(raw['@Latitude'], raw['@Longitude']);
  const opened = raw['@DateOpened'];
  const closed = raw['@DateClosed'];
  return twinRecord('Sensor', {
    id: siteId(code),
    geometry,
    time: opened || closed ? { interval: [opened ?? '..', closed ?? '..'] } : null,
    name: raw['@SiteName'] || undefined,
    identifiers: [{ scheme: 'other', value: code, issuer: 'LAQN site code' }],
    validFrom: opened || undefined,
    validTo: closed || undefined,
    provenance: provenance('monitoring-sites', code, 'reported', ctx),
    licence: ctx.licence,
    access: LAQN_ACCESS,
    attributes: {
      sensorType: 'air-quality',
      ...(species
        ? {
            observedProperties: [...species.codes],
            datastreams: species.codes.map((s) => datastreamId(code, s)),
          }
        : {}),
      operator: raw['@DataManager'] || undefined,
      owner: raw['@DataOwner'] || undefined,
      status: closed ? 'closed' : 'open',
      siteType: raw['@SiteType'] || undefined,
      openedAt: opened || undefined,
      closedAt: closed || undefined,
      extra: textExtra({
        localAuthorityCode: raw['@LocalAuthorityCode'],
        localAuthorityName: raw['@LocalAuthorityName'],
        siteLink: raw['@SiteLink'],
        finishedSpecies: species?.finished.length ? species.finished.join(',') : undefined,
      }),
    },
  });
}

/**
 * Maps one site of the hourly or daily monitoring index to one Observation per species: the index
 * (1-10) at the bulletin time, with its band and source as parameters. A site with no species maps
 * to none. Hourly and daily indexes are separate datastreams (`.../index`, `.../daily-index`).
 *
 * @example
 * ```ts
 * mapIndexSite(RawIndexSite.parse(site), ctx)[0]?.properties.attributes.result; // 2
 * mapIndexSite(RawIndexSite.parse(site), ctx, 'daily')[0]?.properties.attributes.datastream; // '.../daily-index'
 * ```
 */
export function mapIndexSite(
  raw: RawIndexSite,
  ctx: LaqnMappingContext,
  period: 'hourly' | 'daily' = 'hourly',
): TwinRecordOf<'Observation'>[] {
  const daily = period === 'daily';
  const code = raw['@SiteCode'];
  const at = raw['@BulletinDate'];
  const geometry = point(raw['@Latitude'], raw['@Longitude']);
  return raw.Species.map((species) => {
    const sp = species['@SpeciesCode'];
    const result = species['@AirQualityIndex'] ?? null;
    const local = `${code}/${sp}/${at}`;
    return twinRecord('Observation', {
      id: [daily ? 'laqn-daily-index' : 'laqn-index', local],
      geometry,
      time: { timestamp: at },
      ...(raw['@SiteName']
        ? {
            name: `${raw['@SiteName']}: ${species['@SpeciesDescription'] ?? sp} ${daily ? 'daily ' : ''}index`,
          }
        : {}),
      observedAt: at,
      relations: [{ rel: 'observes', target: siteId(code) }],
      provenance: provenance(`${period}-monitoring-index`, local, 'derived', ctx),
      licence: ctx.licence,
      access: LAQN_ACCESS,
      attributes: {
        datastream: `${datastreamId(code, sp)}/${daily ? 'daily-index' : 'index'}`,
        observedProperty: `urn:ldntwin:property:laqn-${daily ? 'daily-index' : 'index'}:${encodeURIComponent(sp)}`,
        observedPropertyName: `${species['@SpeciesDescription'] ?? sp} ${daily ? 'daily ' : ''}air quality index`,
        unitOfMeasurement: INDEX_UNIT,
        result,
        phenomenonTime: at,
        ...(result === null
          ? { resultQuality: `no index reported (band: ${species['@AirQualityBand'] ?? 'none'})` }
          : {}),
        parameters: textExtra({
          band: species['@AirQualityBand'],
          indexSource: species['@IndexSource'],
          siteType: raw['@SiteType'],
          localAuthorityName: raw['@LocalAuthorityName'],
        }),
      },
    });
  });
}

/**
 * Maps one measurement of a site and species to an Observation. An empty `@Value` gives
 * `result: null` with a `resultQuality` note: the hour was reported, with no measurement.
 *
 * @example
 * ```ts
 * mapMeasurement(RawMeasurement.parse(row), 'MY1', 'NO', ctx).properties.attributes.result; // 111.4
 * ```
 */
export function mapMeasurement(
  raw: RawMeasurement,
  siteCode: string,
  speciesCode: string | undefined,
  ctx: LaqnMappingContext,
): TwinRecordOf<'Observation'> {
  const species = raw['@SpeciesCode'] ?? speciesCode;
  if (!species) throw new Error('the measurement names no species');
  const at = raw['@MeasurementDateGMT'];
  const result = raw['@Value'] ?? null;
  const local = `${siteCode}/${species}/${at}`;
  return twinRecord('Observation', {
    id: [CONNECTOR, local],
    time: { timestamp: at },
    observedAt: at,
    relations: [{ rel: 'observes', target: siteId(siteCode) }],
    provenance: provenance('site-species-data', local, 'measured', ctx),
    licence: ctx.licence,
    access: LAQN_ACCESS,
    attributes: {
      datastream: datastreamId(siteCode, species),
      observedProperty: observedProperty(species),
      unitOfMeasurement: ctx.unitOf(species),
      result,
      phenomenonTime: at,
      resultQuality: result === null ? 'no measurement (empty @Value)' : undefined,
    },
  });
}
