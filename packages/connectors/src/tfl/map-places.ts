/**
 * Stop points to TransportStop records, and bike points to a Facility (the docking station) plus an
 * Observation per live availability figure (`NbBikes`, `NbEmptyDocks`, ...), which TfL sends as
 * strings in `additionalProperties` key/value pairs.
 */
import type { TwinRecordOf } from '@ldn-twin/core';
import { twinId, twinRecord } from '@ldn-twin/core';
import type { Point } from 'geojson';
import { type TflMappingContext, tflProvenance } from './common.js';
import type { RawBikePoint, RawStopPoint } from './raw.js';

type Stop = TwinRecordOf<'TransportStop'>;
type Facility = TwinRecordOf<'Facility'>;
type Observation = TwinRecordOf<'Observation'>;

/**
 * Maps one stop point of a radius search.
 *
 * @example
 * ```ts
 * const stop = mapStopPoint(rawStopPoint, { baseUrl, retrievedAt, licence });
 * ```
 */
export function mapStopPoint(raw: RawStopPoint, ctx: TflMappingContext): Stop {
  const lines = raw.lines.map((l) => l.id);
  return twinRecord('TransportStop', {
    id: ['naptan', raw.naptanId],
    geometry: point(raw.lon, raw.lat),
    name: raw.commonName || undefined,
    identifiers: [{ scheme: 'other', value: raw.naptanId, issuer: 'naptan' }],
    provenance: tflProvenance(
      ctx,
      'StopPoint',
      raw.naptanId,
      `/StopPoint/${encodeURIComponent(raw.naptanId)}`,
    ),
    licence: ctx.licence,
    attributes: {
      naptanId: raw.naptanId,
      modes: raw.modes,
      stopType: raw.stopType,
      indicator: raw.indicator,
      stopLetter: raw.stopLetter,
      icsCode: raw.icsCode,
      stationNaptan: raw.stationNaptan,
      distanceMetres: raw.distance,
      status: raw.status ?? undefined,
      lines: lines.length > 0 ? lines : undefined,
    },
  });
}

/**
 * The availability figures of a bike point, each an Observation, with their unit.
 *
 * @example
 * ```ts
 * import { BIKE_POINT_FIGURES } from '@ldn-twin/connectors/tfl';
 * Object.keys(BIKE_POINT_FIGURES); // ['NbBikes', 'NbStandardBikes', 'NbEBikes', 'NbEmptyDocks', 'NbDocks']
 * ```
 */
export const BIKE_POINT_FIGURES = {
  NbBikes: { label: 'bikes available', unit: 'bike' },
  NbStandardBikes: { label: 'standard bikes available', unit: 'bike' },
  NbEBikes: { label: 'e-bikes available', unit: 'bike' },
  NbEmptyDocks: { label: 'empty docks', unit: 'dock' },
  NbDocks: { label: 'docks', unit: 'dock' },
} as const;

/** Properties mapped to Facility attributes or Observations; the rest go to `extra`. */
const MAPPED_PROPERTIES = new Set<string>([
  'TerminalName',
  'Installed',
  'Locked',
  'Temporary',
  'InstallDate',
  'RemovalDate',
  ...Object.keys(BIKE_POINT_FIGURES),
]);

/**
 * The observed property URI of a bike point figure: TfL's own key, under its BikePoint resource.
 *
 * @example
 * ```ts
 * import { bikePointProperty } from '@ldn-twin/connectors/tfl';
 * bikePointProperty('NbBikes', 'https://api.tfl.gov.uk'); // 'https://api.tfl.gov.uk/BikePoint#NbBikes'
 * ```
 */
export function bikePointProperty(key: keyof typeof BIKE_POINT_FIGURES, baseUrl: string): string {
  return `${baseUrl}/BikePoint#${key}`;
}

/**
 * Maps one bike point to its Facility and an Observation per availability figure.
 *
 * @example
 * ```ts
 * const [facility, ...observations] = mapBikePoint(rawBikePoint, { baseUrl, retrievedAt, licence });
 * ```
 */
export function mapBikePoint(raw: RawBikePoint, ctx: TflMappingContext): (Facility | Observation)[] {
  const props = new Map(raw.additionalProperties.map((p) => [p.key, p]));
  const text = (key: string): string | undefined => {
    const value = props.get(key)?.value;
    return value === null || value === undefined || String(value).trim() === ''
      ? undefined
      : String(value).trim();
  };
  const geometry = point(raw.lon, raw.lat);
  const facilityId = twinId('Facility', 'tfl-bikepoint', raw.id);
  const path = raw.url ?? `/Place/${encodeURIComponent(raw.id)}`;
  const capacity = text('NbDocks');
  const extra: Record<string, string> = {};
  for (const [key] of props) {
    const value = text(key);
    if (!MAPPED_PROPERTIES.has(key) && value !== undefined) extra[key] = value;
  }
  const facility: Facility = twinRecord('Facility', {
    id: facilityId,
    geometry,
    name: raw.commonName || undefined,
    identifiers: [{ scheme: 'other', value: raw.id, issuer: 'tfl-bikepoint' }],
    provenance: tflProvenance(ctx, 'BikePoint', raw.id, path),
    licence: ctx.licence,
    attributes: {
      facilityType: 'cycle-hire-dock',
      capacity: capacity === undefined ? undefined : count(capacity, 'NbDocks'),
      terminalName: text('TerminalName'),
      installed: flag(text('Installed'), 'Installed'),
      locked: flag(text('Locked'), 'Locked'),
      temporary: flag(text('Temporary'), 'Temporary'),
      installDate: epochMs(text('InstallDate'), 'InstallDate'),
      removalDate: epochMs(text('RemovalDate'), 'RemovalDate'),
      extra: Object.keys(extra).length > 0 ? extra : undefined,
    },
  });

  const observations: Observation[] = [];
  for (const [key, figure] of Object.entries(BIKE_POINT_FIGURES) as [
    keyof typeof BIKE_POINT_FIGURES,
    (typeof BIKE_POINT_FIGURES)[keyof typeof BIKE_POINT_FIGURES],
  ][]) {
    const value = text(key);
    if (value === undefined) continue;
    const at = props.get(key)?.modified ?? ctx.retrievedAt;
    observations.push(
      twinRecord('Observation', {
        id: ['tfl-bikepoint', `${raw.id}/${key}/${at}`],
        geometry,
        time: { timestamp: at },
        name: `${raw.commonName ?? raw.id}: ${figure.label}`,
        identifiers: [{ scheme: 'other', value: raw.id, issuer: 'tfl-bikepoint' }],
        observedAt: at,
        relations: [{ rel: 'observes', target: facilityId }],
        provenance: tflProvenance(ctx, 'BikePoint', `${raw.id}/${key}`, path, 'measured'),
        licence: ctx.licence,
        attributes: {
          datastream: `${facilityId}/${key}`,
          observedProperty: bikePointProperty(key, ctx.baseUrl),
          unitOfMeasurement: {
            name: figure.unit === 'bike' ? 'bicycles (count)' : 'docking points (count)',
            symbol: figure.unit === 'bike' ? 'bikes' : 'docks',
            // A UCUM annotation: a count of things, dimension 1.
            definition: `http://unitsofmeasure.org/ucum.html#{${figure.unit}}`,
          },
          result: count(value, key),
          phenomenonTime: at,
        },
      }),
    );
  }
  return [facility, ...observations];
}

function point(lon: number, lat: number): Point {
  return { type: 'Point', coordinates: [lon, lat] };
}

function count(value: string, key: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${key} is not a count: ${JSON.stringify(value)}`);
  return n;
}

function flag(value: string | undefined, key: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`${key} is not "true" or "false": ${JSON.stringify(value)}`);
}

/** `InstallDate`/`RemovalDate` are epoch milliseconds as strings. */
function epochMs(value: string | undefined, key: string): string | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms)) throw new Error(`${key} is not epoch milliseconds: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}
