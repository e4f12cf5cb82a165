/**
 * Road corridor statuses (`/Road/{ids}`) to TransportDisruption records, one per corridor whatever
 * its status ("Good" included, as line statuses include "Good Service"), at the corridor's bounding
 * box (`locationPrecision: 'area'`).
 */
import type { TwinRecordOf } from '@ldn-twin/core';
import { twinRecord } from '@ldn-twin/core';
import type { Polygon } from 'geojson';
import { extraFields, type TflMappingContext, tflProvenance } from './common.js';
import { lineFromString } from './geometry.js';
import type { RawRoadCorridor } from './raw.js';

const MAPPED = new Set(['id', 'displayName', 'statusSeverity', 'bounds', 'envelope']);

/**
 * Maps one road corridor. A `bounds` that is not two `[lon, lat]` positions throws (the run reports it).
 *
 * @example
 * ```ts
 * mapRoadStatus(RawRoadCorridor.parse(corridor), { baseUrl, retrievedAt, licence }).properties.attributes.severity; // 'Good'
 * ```
 */
export function mapRoadStatus(
  raw: RawRoadCorridor,
  ctx: TflMappingContext,
): TwinRecordOf<'TransportDisruption'> {
  const name = raw.displayName ?? raw.id;
  return twinRecord('TransportDisruption', {
    id: ['tfl-road-status', raw.id],
    geometry: raw.bounds ? boundsPolygon(raw.bounds) : null,
    precision: 'area',
    name: `${name}: ${raw.statusSeverityDescription ?? raw.statusSeverity}`,
    identifiers: [{ scheme: 'other', value: raw.id, issuer: 'tfl-road' }],
    provenance: tflProvenance(ctx, 'Road status', raw.id, `/Road/${encodeURIComponent(raw.id)}`),
    licence: ctx.licence,
    attributes: {
      disruptionType: 'road',
      mode: 'road',
      severity: raw.statusSeverity,
      corridorIds: [raw.id],
      extra: extraFields(raw, MAPPED),
    },
  });
}

/** `"[[west,south],[east,north]]"` as the rectangle it bounds. */
function boundsPolygon(text: string): Polygon {
  const { coordinates } = lineFromString(text);
  const [sw, ne] = coordinates as [[number, number] | undefined, [number, number] | undefined];
  if (coordinates.length !== 2 || !sw || !ne || sw[0] > ne[0] || sw[1] > ne[1]) {
    throw new Error(`bounds is not "[[west,south],[east,north]]": ${text.slice(0, 60)}`);
  }
  const [w, s] = sw;
  const [e, n] = ne;
  return {
    type: 'Polygon',
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
}
