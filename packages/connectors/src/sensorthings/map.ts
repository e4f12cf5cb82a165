/**
 * Mapping of SensorThings entities to twin records: a Thing (with its Locations) and a Datastream
 * each become a Sensor record, an Observation an Observation record that names its Datastream's
 * Sensor record as its `datastream`. Ids are only unique within one server, so every twin id carries
 * a per-server namespace (`sensorthings.<host>` by default) and the STA path of the entity
 * (`Things(1)`, `Datastreams(7)`, `Observations(1595550)`).
 */
import type { AccessLabel, Licence, TwinRecordOf } from '@ldn-twin/core';
import { GeometrySchema, twinId, twinRecord } from '@ldn-twin/core';
import type { IotId, RawDatastream, RawObservation, RawThing } from './raw.js';

/**
 * What every record of one run shares: the server, its namespace, and the publisher, licence, access
 * label and method the application configured for it.
 *
 * @example
 * ```ts
 * const ctx: StaMappingContext = { baseUrl, namespace: 'sensorthings.example.org', publisher: 'Example', licence, access, method: 'measured', retrievedAt };
 * ```
 */
export interface StaMappingContext {
  readonly baseUrl: string;
  readonly namespace: string;
  readonly publisher: string;
  readonly licence: Licence;
  readonly access: AccessLabel;
  readonly method: 'measured' | 'modelled' | 'reported' | 'derived';
  readonly retrievedAt: string;
}

const CONNECTOR = 'sensorthings';

/**
 * The STA path segment of an entity: `Things(1)` for a number, `Things('a''b')` for a string (OData
 * quoting, a quote doubled).
 *
 * @example
 * ```ts
 * entityPath('Datastreams', 7); // 'Datastreams(7)'
 * entityPath('Things', "saqn:t:o'1"); // "Things('saqn:t:o''1')"
 * ```
 */
export function entityPath(set: string, id: IotId): string {
  return typeof id === 'number' ? `${set}(${id})` : `${set}('${id.replaceAll("'", "''")}')`;
}

/**
 * The twin id of a Thing's or Datastream's Sensor record on this server.
 *
 * @example
 * ```ts
 * sensorId('sensorthings.example.org', 'Things', 1); // 'urn:ldntwin:sensor:sensorthings.example.org:Things(1)'
 * ```
 */
export function sensorId(namespace: string, set: 'Things' | 'Datastreams', id: IotId): string {
  return twinId('Sensor', namespace, entityPath(set, id));
}

function provenance(dataset: string, path: string, selfLink: string | undefined, ctx: StaMappingContext) {
  const sourceUrl = selfLink && URL.canParse(selfLink) ? selfLink : `${ctx.baseUrl}/${path}`;
  return {
    publisher: ctx.publisher,
    dataset,
    sourceId: path,
    sourceUrl,
    retrievedAt: ctx.retrievedAt,
    method: ctx.method,
    connector: CONNECTOR,
  };
}

/** Properties as text: strings as they are, anything else as JSON. */
function asText(value: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value ?? {})) {
    if (v === null || v === undefined) continue;
    out[key] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

/** A GeoJSON geometry from a Location's `location` (a geometry or a Feature), or null. */
function geometryOf(location: unknown) {
  const candidate =
    location !== null && typeof location === 'object' && (location as { type?: unknown }).type === 'Feature'
      ? (location as { geometry?: unknown }).geometry
      : location;
  const parsed = GeometrySchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}

const GEOJSON = /^application\/(?:vnd\.)?geo\+json$/i;

/**
 * Maps a Thing to a Sensor record: the first GeoJSON Location is its geometry; expanded Datastreams
 * are listed (names as observed properties, their Sensor ids as datastreams).
 *
 * @example
 * ```ts
 * mapThing(RawThing.parse(item), ctx).id; // 'urn:ldntwin:sensor:sensorthings.example.org:Things(1)'
 * ```
 */
export function mapThing(raw: RawThing, ctx: StaMappingContext): TwinRecordOf<'Sensor'> {
  const path = entityPath('Things', raw['@iot.id']);
  const location = raw.Locations?.find((l) => !l.encodingType || GEOJSON.test(l.encodingType));
  const geometry = location ? geometryOf(location.location) : null;
  const datastreams = raw.Datastreams ?? [];
  return twinRecord('Sensor', {
    id: sensorId(ctx.namespace, 'Things', raw['@iot.id']),
    geometry,
    name: raw.name || undefined,
    description: raw.description || undefined,
    identifiers: [{ scheme: 'other', value: String(raw['@iot.id']), issuer: `${ctx.baseUrl}/Things` }],
    provenance: provenance('Things', path, raw['@iot.selfLink'], ctx),
    licence: ctx.licence,
    access: ctx.access,
    attributes: {
      sensorType: 'sensorthings-thing',
      ...(raw.Datastreams
        ? {
            observedProperties: datastreams.map(
              (d) => d.ObservedProperty?.name ?? d.name ?? String(d['@iot.id']),
            ),
            datastreams: datastreams.map((d) => sensorId(ctx.namespace, 'Datastreams', d['@iot.id'])),
          }
        : {}),
      extra: {
        ...asText(raw.properties),
        ...(location?.name ? { locationName: location.name } : {}),
      },
    },
  });
}

/**
 * Maps a Datastream to a Sensor record, part of its Thing's when the Thing is expanded; its
 * `observedArea` (GeoJSON) is the geometry when the server gives one.
 *
 * @example
 * ```ts
 * mapDatastream(RawDatastream.parse(item), ctx).properties.relations; // [{ rel: 'partOf', target: '…Things(1)' }]
 * ```
 */
export function mapDatastream(raw: RawDatastream, ctx: StaMappingContext): TwinRecordOf<'Sensor'> {
  const path = entityPath('Datastreams', raw['@iot.id']);
  const geometry = raw.observedArea === undefined ? null : geometryOf(raw.observedArea);
  const unit = raw.unitOfMeasurement;
  const property = raw.ObservedProperty;
  return twinRecord('Sensor', {
    id: sensorId(ctx.namespace, 'Datastreams', raw['@iot.id']),
    geometry,
    name: raw.name || undefined,
    description: raw.description || undefined,
    identifiers: [{ scheme: 'other', value: String(raw['@iot.id']), issuer: `${ctx.baseUrl}/Datastreams` }],
    // observedArea is the area the observations cover, not one position.
    precision: geometry?.type === 'Point' ? 'exact' : 'area',
    relations: raw.Thing
      ? [{ rel: 'partOf', target: sensorId(ctx.namespace, 'Things', raw.Thing['@iot.id']) }]
      : [],
    provenance: provenance('Datastreams', path, raw['@iot.selfLink'], ctx),
    licence: ctx.licence,
    access: ctx.access,
    attributes: {
      sensorType: raw.Sensor?.name ?? 'sensorthings-datastream',
      ...(property
        ? { observedProperties: [property.definition ?? property.name ?? String(property['@iot.id'])] }
        : {}),
      datastreams: [sensorId(ctx.namespace, 'Datastreams', raw['@iot.id'])],
      extra: {
        ...asText(raw.properties),
        ...(raw.observationType ? { observationType: raw.observationType } : {}),
        ...(unit?.symbol ? { unitSymbol: unit.symbol } : {}),
        ...(unit?.definition ? { unitDefinition: unit.definition } : {}),
      },
    },
  });
}

/** An RFC 3339 instant, or the start of an ISO 8601 interval. */
function startOf(time: string): string {
  return time.split('/')[0] ?? time;
}

/**
 * Maps an Observation of a Datastream to an Observation record. The Datastream gives the unit and
 * the observed property (its definition URI, or an ldn-twin URN from its name when the server gives
 * no URI). A result that is not a number, string or null is kept as JSON text.
 *
 * @example
 * ```ts
 * mapObservation(RawObservation.parse(item), datastream, ctx).properties.attributes.result; // '7'
 * ```
 */
export function mapObservation(
  raw: RawObservation,
  datastream: RawDatastream,
  ctx: StaMappingContext,
): TwinRecordOf<'Observation'> {
  const path = entityPath('Observations', raw['@iot.id']);
  const unit = datastream.unitOfMeasurement;
  const property = datastream.ObservedProperty;
  const definition =
    property?.definition && URL.canParse(property.definition) ? property.definition : undefined;
  const propertyName = property?.name ?? datastream.name;
  const result =
    raw.result === undefined || raw.result === null
      ? null
      : typeof raw.result === 'number' || typeof raw.result === 'string'
        ? raw.result
        : JSON.stringify(raw.result);
  const quality =
    raw.resultQuality === undefined || raw.resultQuality === null
      ? result === null
        ? 'no result'
        : undefined
      : typeof raw.resultQuality === 'string'
        ? raw.resultQuality
        : JSON.stringify(raw.resultQuality);
  const interval = raw.phenomenonTime.includes('/');
  const [start, end] = raw.phenomenonTime.split('/');
  const parameters = asText(raw.parameters);
  return twinRecord('Observation', {
    id: [ctx.namespace, path],
    time: interval ? { interval: [start ?? '..', end ?? '..'] } : { timestamp: raw.phenomenonTime },
    identifiers: [{ scheme: 'other', value: String(raw['@iot.id']), issuer: `${ctx.baseUrl}/Observations` }],
    observedAt: startOf(raw.phenomenonTime),
    relations: [{ rel: 'observes', target: sensorId(ctx.namespace, 'Datastreams', datastream['@iot.id']) }],
    provenance: provenance('Observations', path, raw['@iot.selfLink'], ctx),
    licence: ctx.licence,
    access: ctx.access,
    attributes: {
      datastream: sensorId(ctx.namespace, 'Datastreams', datastream['@iot.id']),
      observedProperty:
        definition ??
        `urn:ldntwin:property:sensorthings:${encodeURIComponent(propertyName ?? String(datastream['@iot.id']))}`,
      observedPropertyName: propertyName || undefined,
      unitOfMeasurement: {
        // OM_Observation datastreams have no unit: every member null.
        name: unit?.name ?? unit?.symbol ?? 'unspecified',
        symbol: unit?.symbol ?? unit?.name ?? 'unspecified',
        definition: unit?.definition ?? 'unspecified',
      },
      result,
      phenomenonTime: raw.phenomenonTime,
      resultQuality: quality || undefined,
      resultTime: raw.resultTime || undefined,
      parameters: Object.keys(parameters).length > 0 ? parameters : undefined,
    },
  });
}
