/**
 * Mapping of data.police.uk crimes to Incident records. police.uk never publishes where a crime
 * happened: each crime is moved to the nearest of a fixed set of anonymous map points (the centre
 * of a street, a public place), labelled "On or near ...". The point is therefore a street-level
 * approximation, said so with `locationPrecision: 'street'`; crimes without a location get
 * `geometry: null` and `'none'`.
 */
import { type Licence, type TwinRecordOf, twinId, twinRecord } from '@ldn-twin/core';
import type { RawCrime, RawOutcome, RawStop } from './raw.js';

/**
 * What every record of one run shares.
 *
 * @example
 * ```ts
 * const ctx: CrimeMappingContext = { retrievedAt: new Date().toISOString(), licence };
 * ```
 */
export interface CrimeMappingContext {
  readonly retrievedAt: string;
  readonly licence: Licence;
  /** The request the crimes answered (redacted), kept as the source URL. */
  readonly sourceUrl?: string;
}

/**
 * The publisher named in provenance.
 *
 * @example
 * ```ts
 * record.properties.provenance.publisher === PUBLISHER; // true
 * ```
 */
export const PUBLISHER = 'data.police.uk';

/** A police.uk record's provenance: the dataset (the endpoint) and the record's id in it. */
function provenance(ctx: CrimeMappingContext, dataset: string, sourceId: string) {
  return {
    publisher: PUBLISHER,
    dataset,
    sourceId,
    sourceUrl: ctx.sourceUrl || undefined,
    retrievedAt: ctx.retrievedAt,
    method: 'reported' as const,
    connector: 'police',
  };
}

/**
 * Maps one parsed crime to an Incident record. The id uses `persistent_id` (stable across releases)
 * where there is one; anti-social behaviour has none, so its id falls back to the API `id`, which
 * data.police.uk says is not stable between releases (namespace `police-uk-api-id` says so).
 *
 * @example
 * ```ts
 * const record = mapCrime(RawCrime.parse(json), { retrievedAt: new Date().toISOString(), licence });
 * record.properties.attributes.category; // 'other-theft'
 * ```
 */
export function mapCrime(crime: RawCrime, ctx: CrimeMappingContext): TwinRecordOf<'Incident'> {
  const apiId = String(crime.id);
  const location = crime.location ?? undefined;
  const street = location?.street ?? undefined;
  const streetName = street?.name;
  const outcome = crime.outcome_status ?? undefined;
  return twinRecord('Incident', {
    id: crime.persistent_id ? ['police-uk', crime.persistent_id] : ['police-uk-api-id', apiId],
    geometry: location ? { type: 'Point', coordinates: [location.longitude, location.latitude] } : null,
    precision: 'street',
    time: { interval: monthInterval(crime.month) },
    name: streetName ? `${crime.category}, ${streetName}` : crime.category,
    identifiers: [
      ...(crime.persistent_id
        ? [{ scheme: 'other' as const, value: crime.persistent_id, issuer: 'police.uk persistent_id' }]
        : []),
      { scheme: 'other', value: apiId, issuer: 'data.police.uk api id' },
    ],
    provenance: provenance(ctx, 'crimes-street', apiId),
    licence: ctx.licence,
    attributes: {
      category: crime.category,
      month: crime.month,
      outcome: outcome?.category || undefined,
      outcomeMonth: outcome?.date || undefined,
      streetName: streetName || undefined,
      streetId: street?.id !== undefined ? String(street.id) : undefined,
      locationType: crime.location_type || undefined,
      locationSubtype: crime.location_subtype || undefined,
      context: crime.context || undefined,
    },
  });
}

/**
 * A mapper of stop and searches to Incident records (category `stop-and-search`), for one response.
 * A stop and search has no id, so its record's id is its `datetime`, its map point's street id and
 * its rank among the stops of the response with the same two (`.../0`, `.../1`, ...): stable for
 * the same answer, not across releases. The person's published details (`gender`, `age_range`,
 * `self_defined_ethnicity`, `officer_defined_ethnicity`), the search (`type`, `legislation`,
 * `object_of_search`, ...) and the outcome's id are kept in `extra` as given.
 *
 * @example
 * ```ts
 * const toRecord = stopMapper({ retrievedAt: new Date().toISOString(), licence });
 * toRecord(RawStop.parse(json)).properties.attributes.category; // 'stop-and-search'
 * ```
 */
export function stopMapper(ctx: CrimeMappingContext): (stop: RawStop) => TwinRecordOf<'Incident'> {
  const seen = new Map<string, number>();
  return (stop) => {
    const location = stop.location ?? undefined;
    const street = location?.street ?? undefined;
    const place = street?.id !== undefined ? String(street.id) : 'no-location';
    const key = `${stop.datetime}/${place}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    const local = `${key}/${rank}`;
    const outcome = stop.outcome ?? stop.outcome_object?.name;
    return twinRecord('Incident', {
      id: ['police-uk-stop', local],
      geometry: location ? { type: 'Point', coordinates: [location.longitude, location.latitude] } : null,
      precision: 'street',
      time: { timestamp: stop.datetime },
      name: street?.name ? `${stop.type}, ${street.name}` : stop.type,
      provenance: provenance(ctx, 'stops-street', local),
      licence: ctx.licence,
      attributes: {
        category: 'stop-and-search',
        month: stop.datetime.slice(0, 7),
        outcome: outcome || undefined,
        streetName: street?.name || undefined,
        streetId: street?.id !== undefined ? String(street.id) : undefined,
        extra: stopExtra(stop),
      },
    });
  };
}

/**
 * A mapper of outcomes to Incident records: the crime's category, street and map point with the
 * outcome (its name, else its code) and the outcome's month, `observedAt` nothing (only months are
 * given) and a `derivedFrom` relation to the crime's own Incident when the crime has a persistent id.
 * An outcome has no id: it is the crime's persistent id (else its street) with the outcome's code and
 * month, numbered in order when the same key repeats.
 *
 * @example
 * ```ts
 * const toIncident = outcomeMapper({ retrievedAt, licence });
 * const records = outcomes.map(toIncident);
 * ```
 */
export function outcomeMapper(ctx: CrimeMappingContext): (outcome: RawOutcome) => TwinRecordOf<'Incident'> {
  const seen = new Map<string, number>();
  return (outcome) => {
    const { crime } = outcome;
    const location = crime.location ?? undefined;
    const street = location?.street ?? undefined;
    const about = crime.persistent_id || `street-${street?.id ?? 'no-location'}/${crime.category}`;
    const key = `${about}/${outcome.category.code}/${outcome.date}`;
    const rank = seen.get(key) ?? 0;
    seen.set(key, rank + 1);
    const local = `${key}/${rank}`;
    const name = outcome.category.name || outcome.category.code;
    const personId =
      outcome.person_id === null || outcome.person_id === undefined ? undefined : String(outcome.person_id);
    return twinRecord('Incident', {
      id: ['police-uk-outcome', local],
      geometry: location ? { type: 'Point', coordinates: [location.longitude, location.latitude] } : null,
      precision: 'street',
      time: { interval: monthInterval(outcome.date) },
      name: street?.name ? `${name}: ${crime.category}, ${street.name}` : `${name}: ${crime.category}`,
      relations: crime.persistent_id
        ? [{ rel: 'derivedFrom', target: twinId('Incident', 'police-uk', crime.persistent_id) }]
        : [],
      provenance: provenance(ctx, 'outcomes-at-location', local),
      licence: ctx.licence,
      attributes: {
        category: crime.category,
        month: crime.month,
        outcome: name,
        outcomeMonth: outcome.date,
        streetName: street?.name || undefined,
        streetId: street?.id !== undefined ? String(street.id) : undefined,
        locationType: crime.location_type || undefined,
        locationSubtype: crime.location_subtype || undefined,
        context: crime.context || undefined,
        extra: {
          outcomeCode: outcome.category.code,
          ...(personId === undefined ? {} : { personId }),
          ...(crime.id === undefined ? {} : { crimeApiId: String(crime.id) }),
        },
      },
    });
  };
}

/** The stop's own fields, as strings; absent ones left out. */
function stopExtra(stop: RawStop): Record<string, string> {
  const fields: Record<string, string | boolean | undefined> = {
    type: stop.type,
    datetime: stop.datetime,
    involvedPerson: stop.involved_person,
    gender: stop.gender,
    ageRange: stop.age_range,
    selfDefinedEthnicity: stop.self_defined_ethnicity,
    officerDefinedEthnicity: stop.officer_defined_ethnicity,
    legislation: stop.legislation,
    objectOfSearch: stop.object_of_search,
    outcomeId: stop.outcome_object?.id,
    outcomeLinkedToObjectOfSearch: stop.outcome_linked_to_object_of_search,
    removalOfMoreThanOuterClothing: stop.removal_of_more_than_outer_clothing,
    operation: stop.operation,
    operationName: stop.operation_name,
  };
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) extra[key] = String(value);
  return extra;
}

/** `YYYY-MM` as the interval from its first to its last day. */
function monthInterval(month: string): [string, string] {
  const [year, mm] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  return [`${month}-01`, `${month}-${String(last).padStart(2, '0')}`];
}
