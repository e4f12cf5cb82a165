/**
 * Mapping of EA flood monitoring items to twin records: flood warnings and alerts become Alert
 * records (related to their flood area), flood areas AdministrativeArea records, stations Sensor
 * records, readings Observation records in the SensorThings shape (a measure is a Datastream).
 */
import type { Licence, TwinRecordOf } from '@ldn-twin/core';
import { BNG_CRS, OGL_V3_URL, twinId, twinRecord, type ZonelessTimes, zonelessToUtc } from '@ldn-twin/core';
import type { RawFloodArea, RawFloodWarning, RawMeasure, RawReading, RawStation } from './raw.js';
import { eaUnit } from './units.js';

/**
 * The EA's licence: OGL v3 with the attribution its reference page asks for, word for word.
 *
 * @example
 * ```ts
 * EA_FLOOD_LICENCE.attribution[0]; // 'this uses Environment Agency flood and river level data …'
 * ```
 */
export const EA_FLOOD_LICENCE: Licence = {
  id: 'OGL-UK-3.0',
  url: OGL_V3_URL,
  attribution: ['this uses Environment Agency flood and river level data from the real-time data API (Beta)'],
};

/**
 * The licence of the EA's rainfall data: OGL v3 with the statement its rainfall API asks for
 * ("If you make use of this data please acknowledge this with the following attribution statement"),
 * not the flood one.
 *
 * @example
 * ```ts
 * EA_RAINFALL_LICENCE.attribution[0]; // 'This uses Environment Agency rainfall data from the real-time data API (Beta)'
 * ```
 */
export const EA_RAINFALL_LICENCE: Licence = {
  id: 'OGL-UK-3.0',
  url: OGL_V3_URL,
  attribution: ['This uses Environment Agency rainfall data from the real-time data API (Beta)'],
};

/** The licence for data of these parameters: rainfall's, the flood one's, or both statements. */
function licenceFor(parameters: readonly string[]): Licence {
  const rainfall = parameters.filter((p) => p === 'rainfall').length;
  if (rainfall === 0) return EA_FLOOD_LICENCE;
  if (rainfall === parameters.length) return EA_RAINFALL_LICENCE;
  return {
    ...EA_FLOOD_LICENCE,
    attribution: [...EA_FLOOD_LICENCE.attribution, ...EA_RAINFALL_LICENCE.attribution],
  };
}

const PUBLISHER = 'Environment Agency';
const CONNECTOR = 'ea-flood';

/**
 * What every record of one run shares.
 *
 * @example
 * ```ts
 * const ctx: EaMappingContext = { retrievedAt: '2026-11-26T04:00:00Z', zonelessTimes: 'UTC' };
 * ```
 */
export interface EaMappingContext {
  readonly retrievedAt: string;
  readonly zonelessTimes: ZonelessTimes;
}

/** The last path segment of an EA URI (`…/id/floods/93487` → `93487`). */
function lastSegment(uri: string): string {
  const segment = uri.replace(/\/+$/, '').split('/').at(-1);
  if (!segment) throw new Error(`no id in ${JSON.stringify(uri)}`);
  return decodeURIComponent(segment);
}

/** EA URIs are published as http; records link to the https service that answers them. */
function https(uri: string): string {
  return uri.replace(/^http:\/\//, 'https://');
}

function provenance(dataset: string, sourceId: string, sourceUrl: string | undefined, ctx: EaMappingContext) {
  return {
    publisher: PUBLISHER,
    dataset,
    sourceId,
    ...(sourceUrl ? { sourceUrl: https(sourceUrl) } : {}),
    retrievedAt: ctx.retrievedAt,
    method: 'reported' as const,
    connector: CONNECTOR,
  };
}

function point(lat: number | undefined, long: number | undefined) {
  return lat !== undefined && long !== undefined
    ? { type: 'Point' as const, coordinates: [long, lat] }
    : null;
}

function textExtra(entries: Record<string, string | number | boolean | undefined>): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined) extra[key] = String(value);
  return extra;
}

/**
 * The twin id of a flood area, from its notation (the code warnings give as `floodAreaID`).
 *
 * @example
 * ```ts
 * floodAreaId('122WAF946'); // 'urn:ldntwin:administrative-area:ea-flood-area:122WAF946'
 * ```
 */
export function floodAreaId(notation: string): string {
  return twinId('AdministrativeArea', 'ea-flood-area', notation);
}

/**
 * The twin id of a station, from its station reference.
 *
 * @example
 * ```ts
 * stationId('E3951'); // 'urn:ldntwin:sensor:ea-flood:E3951'
 * ```
 */
export function stationId(reference: string): string {
  return twinId('Sensor', CONNECTOR, reference);
}

/**
 * Maps a flood warning or alert to an Alert record. Its flood area is a relation (`affects`) and an
 * identifier; the single-item form's area centre becomes the geometry (a centroid), the list form
 * has none.
 *
 * @example
 * ```ts
 * const alert = mapFloodWarning(RawFloodWarning.parse(body.items[0]), ctx);
 * alert.properties.attributes.severityLevel; // 3
 * ```
 */
export function mapFloodWarning(raw: RawFloodWarning, ctx: EaMappingContext): TwinRecordOf<'Alert'> {
  const local = lastSegment(raw['@id']);
  const time = (value: string | undefined) =>
    value === undefined ? undefined : zonelessToUtc(value, ctx.zonelessTimes);
  const raisedAt = time(raw.timeRaised);
  const severityChangedAt = time(raw.timeSeverityChanged);
  const messageChangedAt = time(raw.timeMessageChanged);
  const geometry = point(raw.floodArea?.lat, raw.floodArea?.long);
  const area = raw.floodArea;
  return twinRecord('Alert', {
    id: [CONNECTOR, local],
    geometry,
    time: raisedAt ? { interval: [raisedAt, '..'] } : null,
    name: [raw.severity, raw.description].filter(Boolean).join(': ') || `Flood warning ${local}`,
    description: raw.message || undefined,
    identifiers: [
      { scheme: 'other', value: local, issuer: 'Environment Agency flood warning' },
      { scheme: 'other', value: raw.floodAreaID, issuer: 'Environment Agency flood area' },
    ],
    validFrom: raisedAt || undefined,
    recordedAt: messageChangedAt ?? ctx.retrievedAt,
    precision: 'centroid',
    relations: [{ rel: 'affects', target: floodAreaId(raw.floodAreaID) }],
    provenance: provenance('flood-warnings', local, raw['@id'], ctx),
    licence: EA_FLOOD_LICENCE,
    attributes: {
      severity: raw.severity || undefined,
      severityLevel: raw.severityLevel,
      area: raw.floodAreaID,
      message: raw.message || undefined,
      areaDescription: raw.description || undefined,
      operatorArea: raw.eaAreaName || undefined,
      operatorRegion: raw.eaRegionName || undefined,
      isTidal: typeof raw.isTidal === 'boolean' ? raw.isTidal : undefined,
      raisedAt: raisedAt || undefined,
      severityChangedAt: severityChangedAt || undefined,
      messageChangedAt: messageChangedAt || undefined,
      extra: textExtra({
        county: area?.county,
        riverOrSea: area?.riverOrSea,
        polygon: area?.polygon && https(area.polygon),
      }),
    },
  });
}

/**
 * Maps a flood area to an AdministrativeArea record (`areaType: 'other'`, `code`: its notation).
 * Its centre, when given, is the geometry (a centroid); the boundary is a separate GeoJSON
 * download (`polygon`), kept as a link in `extra`.
 *
 * @example
 * ```ts
 * mapFloodArea(RawFloodArea.parse(item), ctx).properties.attributes.code; // '122WAF946'
 * ```
 */
export function mapFloodArea(raw: RawFloodArea, ctx: EaMappingContext): TwinRecordOf<'AdministrativeArea'> {
  const geometry = point(raw.lat, raw.long);
  const name = raw.label ?? raw.description;
  return twinRecord('AdministrativeArea', {
    id: floodAreaId(raw.notation),
    geometry,
    name: name || undefined,
    description: raw.description && raw.description !== name ? raw.description : undefined,
    identifiers: [
      { scheme: 'other', value: raw.notation, issuer: 'Environment Agency flood area' },
      ...(raw.fwdCode && raw.fwdCode !== raw.notation
        ? [{ scheme: 'other' as const, value: raw.fwdCode, issuer: 'Environment Agency fwdCode' }]
        : []),
    ],
    precision: 'centroid',
    provenance: provenance('flood-areas', raw.notation, raw['@id'], ctx),
    licence: EA_FLOOD_LICENCE,
    attributes: {
      areaType: 'other',
      code: raw.notation,
      dataset: 'ea-flood-areas',
      extra: textExtra({
        county: raw.county,
        riverOrSea: raw.riverOrSea,
        eaAreaName: raw.eaAreaName,
        quickDialNumber: raw.quickDialNumber,
        polygon: raw.polygon && https(raw.polygon),
      }),
    },
  });
}

/**
 * Maps a station to a Sensor record: WGS 84 `lat`/`long` as the geometry, the native British
 * National Grid `easting`/`northing` as the JSON-FG `place`; its measures are its datastreams.
 *
 * @example
 * ```ts
 * mapStation(RawStation.parse(body.items[0]), ctx).id; // 'urn:ldntwin:sensor:ea-flood:E3951'
 * ```
 */
export function mapStation(raw: RawStation, ctx: EaMappingContext): TwinRecordOf<'Sensor'> {
  const reference = raw.stationReference ?? raw.notation ?? lastSegment(raw['@id']);
  const geometry = point(raw.lat, raw.long);
  const native =
    raw.easting !== undefined && raw.northing !== undefined
      ? { place: { type: 'Point' as const, coordinates: [raw.easting, raw.northing] }, coordRefSys: BNG_CRS }
      : {};
  const parameters = [...new Set(raw.measures.map((m) => m.parameter).filter((p): p is string => !!p))];
  const opened = raw.dateOpened && /^\d{4}-\d{2}-\d{2}$/.test(raw.dateOpened) ? raw.dateOpened : undefined;
  return twinRecord('Sensor', {
    id: stationId(reference),
    geometry,
    ...native,
    time: opened ? { interval: [opened, '..'] } : null,
    name: raw.label || undefined,
    identifiers: [
      { scheme: 'other', value: reference, issuer: 'Environment Agency station reference' },
      ...(raw.RLOIid
        ? [{ scheme: 'other' as const, value: raw.RLOIid, issuer: 'Environment Agency RLOIid' }]
        : []),
      ...(raw.wiskiID
        ? [{ scheme: 'other' as const, value: raw.wiskiID, issuer: 'Environment Agency WISKI' }]
        : []),
    ],
    validFrom: opened || undefined,
    provenance: provenance('stations', reference, raw['@id'], ctx),
    licence: licenceFor(parameters),
    attributes: {
      sensorType: 'flood-monitoring-station',
      observedProperties: parameters,
      datastreams: raw.measures.map((m) => https(m['@id'])),
      operator: PUBLISHER,
      status: raw.status ? lastSegment(raw.status) : undefined,
      openedAt: opened || undefined,
      extra: textExtra({
        riverName: raw.riverName,
        catchmentName: raw.catchmentName,
        town: raw.town,
        RLOIid: raw.RLOIid,
        wiskiID: raw.wiskiID,
        status: raw.status,
        stageScale: typeof raw.stageScale === 'string' ? https(raw.stageScale) : undefined,
      }),
    },
  });
}

/**
 * Maps a reading to an Observation. The measure gives the unit and parameter: the reading's own
 * expanded measure (`_view=full`), or else the station's measure with the same URI. A reading whose
 * measure is unknown cannot say what it measured, so it throws (and the run reports it).
 *
 * @example
 * ```ts
 * const measures = new Map(station.measures.map((m) => [m['@id'], m]));
 * mapReading(RawReading.parse(body.items[0]), measures, ctx).properties.attributes.result; // 0
 * ```
 */
export function mapReading(
  raw: RawReading,
  measures: ReadonlyMap<string, RawMeasure>,
  ctx: EaMappingContext,
): TwinRecordOf<'Observation'> {
  const measure = typeof raw.measure === 'string' ? measures.get(https(raw.measure)) : raw.measure;
  if (!measure)
    throw new Error(
      `unknown measure ${JSON.stringify(raw.measure)}: not expanded and not among the station's measures`,
    );
  if (!measure.parameter) throw new Error(`measure ${measure['@id']} names no parameter`);
  const at = zonelessToUtc(raw.dateTime, 'UTC');
  const measureId = lastSegment(measure['@id']);
  const station =
    measure.stationReference ??
    (typeof measure.station === 'string'
      ? lastSegment(measure.station)
      : measure.station?.['@id'] && lastSegment(measure.station['@id']));
  const result = raw.value ?? null;
  return twinRecord('Observation', {
    id: [CONNECTOR, `${measureId}/${at}`],
    time: { timestamp: at },
    observedAt: at,
    relations: station ? [{ rel: 'observes', target: stationId(station) }] : [],
    provenance: {
      ...provenance('readings', `${measureId}/${at}`, raw['@id'], ctx),
      method: 'measured',
    },
    licence: licenceFor([measure.parameter]),
    attributes: {
      datastream: https(measure['@id']),
      observedProperty: `urn:ldntwin:property:ea-flood:${encodeURIComponent(measure.parameter)}`,
      observedPropertyName: measure.parameterName || undefined,
      unitOfMeasurement: eaUnit(measure.unitName),
      result,
      phenomenonTime: at,
      resultQuality: result === null ? 'no value reported' : undefined,
      parameters: textExtra({
        parameter: measure.parameter,
        qualifier: measure.qualifier,
        valueType: measure.valueType,
        periodSeconds: measure.period,
      }),
    },
  });
}
