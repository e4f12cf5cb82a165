/**
 * One ArcGIS GeoJSON feature -> one PlanningConstraint record, following a resolved
 * {@link MappingPlan}. Geometry is already WGS 84 (the query asks `outSR=4326`). Every property the
 * plan does not use is kept in `attributes.extra` as a string (Esri dates, epoch milliseconds, as ISO
 * instants), beside the layer's and service's own names, so nothing is lost in mapping.
 */
import { type TwinRecordOf, twinRecord } from '@ldn-twin/core';
import type { Geometry } from 'geojson';
import type { MappedField, MappingPlan } from './mapping.js';
import type { RawGeoJsonFeature } from './raw.js';

/**
 * A PlanningConstraint record.
 *
 * @example
 * ```ts
 * const name = (record: ConstraintRecord) => record.properties.name;
 * ```
 */
export type ConstraintRecord = TwinRecordOf<'PlanningConstraint'>;

/**
 * Maps one parsed feature. Throws (and the run reports it) when the feature has neither the
 * reference field nor an object id to be known by.
 *
 * @example
 * ```ts
 * yield* ctx.mapper.each(features, RawGeoJsonFeature, (feature) => mapFeature(feature, plan));
 * ```
 */
export function mapFeature(feature: RawGeoJsonFeature, plan: MappingPlan): ConstraintRecord {
  const props = feature.properties ?? {};
  const used = new Set<string>();
  const read = (field: MappedField): unknown => {
    const name = plan.fields[field];
    if (name === undefined) return undefined;
    used.add(name);
    return props[name];
  };
  const objectIdValue = feature.id ?? (plan.objectIdField ? props[plan.objectIdField] : undefined);
  const objectId = text(objectIdValue);
  const referenceValue = text(read('reference'));
  if (referenceValue === undefined && objectId === undefined) {
    throw new Error(
      `feature has no ${plan.fields.reference ?? 'reference field'} and no object id to be known by`,
    );
  }
  const reference = referenceValue ?? (objectId as string);
  if (plan.idFrom === 'objectId' && objectId === undefined) {
    throw new Error('feature has no object id to be known by');
  }
  const local = plan.idFrom === 'objectId' ? (objectId as string) : reference;
  const name = text(read('name'));
  const grade = text(read('grade'));
  const dateValue = read('date');
  const designationDate = isoDate(dateValue);
  const documentationUrl =
    webUrl(text(read('documentationUrl'))) ??
    (plan.documentationUrlTemplate && referenceValue
      ? webUrl(plan.documentationUrlTemplate.replaceAll('{reference}', encodeURIComponent(referenceValue)))
      : undefined);

  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(props)) {
    if (used.has(key)) continue;
    const asText = plan.dateFields.has(key) ? isoDate(value) : text(value);
    if (asText !== undefined) extra[key] = asText;
  }
  // An unreadable designation date is kept as published rather than lost.
  const dateText = designationDate === undefined ? text(dateValue) : undefined;
  if (dateText !== undefined && plan.fields.date) extra[plan.fields.date] = dateText;
  Object.assign(extra, plan.extra);

  const geometry = (feature.geometry ?? null) as Geometry | null;
  return twinRecord('PlanningConstraint', {
    id: [plan.namespace, local],
    geometry,
    time: designationDate ? { interval: [designationDate, '..'] } : null,
    name: name || undefined,
    identifiers: referenceValue
      ? [{ scheme: 'other', value: referenceValue, issuer: plan.identifierIssuer }]
      : [{ scheme: 'other', value: reference, issuer: plan.layerUrl }],
    validFrom: designationDate || undefined,
    recordedAt: plan.retrievedAt,
    relations: [...plan.relations],
    provenance: {
      publisher: plan.publisher,
      dataset: plan.provenanceDataset,
      ...(objectId
        ? { sourceId: objectId, sourceUrl: `${plan.layerUrl}/${encodeURIComponent(objectId)}` }
        : {}),
      retrievedAt: plan.retrievedAt,
      method: 'reported',
      connector: plan.connector,
    },
    licence: plan.licence,
    attributes: {
      dataset: plan.dataset,
      constraintType: plan.constraintType,
      reference,
      grade: grade || undefined,
      floodRiskLevel: plan.floodRiskLevel || undefined,
      documentationUrl: documentationUrl || undefined,
      designationDate: designationDate || undefined,
      extra,
    },
  });
}

/** A non-empty trimmed string for strings, numbers and booleans; JSON for anything else. */
function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Esri dates arrive as epoch milliseconds in GeoJSON; some layers hold ISO strings. A midnight-UTC
 * instant (a date-only field) becomes a calendar date; anything unreadable is left out.
 */
function isoDate(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const iso = new Date(value).toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) return trimmed;
    if (
      /^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})$/.test(trimmed) &&
      !Number.isNaN(Date.parse(trimmed))
    ) {
      return trimmed;
    }
  }
  return undefined;
}

function webUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
