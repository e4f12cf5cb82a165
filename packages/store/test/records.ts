/**
 * Test records built so the right answer is known by construction: planning applications on a
 * grid of points around Lambeth town hall, with chosen access labels and times.
 */
import { type AccessLabel, OPEN_ACCESS, type TwinRecordOf, twinId } from '@ldn-twin/core';

/** Lambeth town hall, Brixton (in Lambeth, E09000022). */
export const BRIXTON = { lon: -0.1146, lat: 51.4613 };
/** Camden town hall (in Camden, E09000007). */
export const CAMDEN = { lon: -0.1255, lat: 51.5301 };

/** Metres per degree of latitude, near enough for building test grids. */
export const METRES_PER_DEGREE_LAT = 111_320;

export interface ApplicationOptions {
  readonly lon?: number;
  readonly lat?: number;
  readonly access?: AccessLabel;
  readonly status?: string;
  readonly recordedAt?: string;
  readonly retrievedAt?: string;
  readonly connector?: string;
  readonly validFrom?: string;
}

/** A valid planning application record, number `n`. */
export function application(
  n: number,
  options: ApplicationOptions = {},
): TwinRecordOf<'PlanningApplication'> {
  const reference = `24/${String(n).padStart(5, '0')}/FUL`;
  return {
    type: 'Feature',
    id: twinId('PlanningApplication', 'lpa-test', reference),
    featureType: 'PlanningApplication',
    geometry: { type: 'Point', coordinates: [options.lon ?? BRIXTON.lon, options.lat ?? BRIXTON.lat] },
    time: null,
    properties: {
      kind: 'PlanningApplication',
      name: `Application ${reference}`,
      identifiers: [],
      recordedAt: options.recordedAt ?? '2026-01-01T00:00:00Z',
      ...(options.validFrom === undefined ? {} : { validFrom: options.validFrom }),
      locationPrecision: 'exact',
      relations: [],
      provenance: {
        publisher: 'Test authority',
        dataset: 'applications',
        retrievedAt: options.retrievedAt ?? '2026-12-01T00:00:00Z',
        method: 'reported',
        connector: options.connector ?? 'test-planning',
      },
      licence: { id: 'OGL-UK-3.0', attribution: ['Contains public sector information'] },
      access: options.access ?? OPEN_ACCESS,
      attributes: {
        reference,
        authority: 'Test authority',
        status: options.status ?? 'Registered',
        extra: {},
      },
    },
  };
}
