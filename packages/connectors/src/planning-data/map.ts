/**
 * Mapping of planning.data.gov.uk entities to twin records: constraint datasets become
 * PlanningConstraint records, local planning authorities AdministrativeArea records. The WKT
 * geometry (lon/lat, EPSG:4326) becomes GeoJSON; dataset-specific fields are kept in `extra`.
 */
import type { Licence, Relation, TwinRecordOf } from '@ldn-twin/core';
import { OPEN_ACCESS, twinId } from '@ldn-twin/core';
import { wktToGeoJSON } from '@terraformer/wkt';
import type { Geometry } from 'geojson';
import { COMMON_ENTITY_KEYS, type RawEntity } from './raw.js';

/** The planning.data datasets this connector maps, with the constraint type each becomes. */
export const CONSTRAINT_DATASETS = {
  'conservation-area': 'conservation-area',
  'listed-building': 'listed-building',
  'listed-building-outline': 'listed-building',
  'locally-listed-building': 'locally-listed-building',
  'article-4-direction-area': 'article-4-direction',
  'tree-preservation-zone': 'tree-preservation',
  tree: 'tree-preservation',
  'flood-risk-zone': 'flood-risk',
  'site-of-special-scientific-interest': 'site-of-special-scientific-interest',
  'scheduled-monument': 'scheduled-monument',
  'green-belt': 'green-belt',
  'brownfield-land': 'brownfield-land',
  'world-heritage-site': 'world-heritage-site',
  'world-heritage-site-buffer-zone': 'world-heritage-site',
  'park-and-garden': 'park-and-garden',
  'central-activities-zone': 'central-activities-zone',
  'archaeological-priority-area': 'archaeological-priority-area',
  'protected-view': 'protected-view',
  'london-square': 'london-square',
} as const;

/** Datasets mapped to AdministrativeArea records. */
export const AREA_DATASETS = { 'local-planning-authority': 'local-planning-authority' } as const;

/** Every dataset the connector accepts. */
export type PlanningDataset = keyof typeof CONSTRAINT_DATASETS | keyof typeof AREA_DATASETS;

/** What every record of one run shares. */
export interface MappingContext {
  readonly baseUrl: string;
  readonly retrievedAt: string;
  readonly licence: Licence;
}

type Mapped = TwinRecordOf<'PlanningConstraint'> | TwinRecordOf<'AdministrativeArea'>;

const PUBLISHER = 'Ministry of Housing, Communities and Local Government (planning.data.gov.uk)';

/** Maps one parsed entity. Throws (and the run reports it) for a dataset it has no mapping for. */
export function mapEntity(entity: RawEntity, ctx: MappingContext): Mapped {
  const { geometry, precision } = geometryOf(entity);
  const local = String(entity.entity);
  const common = {
    type: 'Feature' as const,
    geometry,
    time: interval(entity['start-date'], entity['end-date']),
  };
  const envelope = {
    ...(entity.name ? { name: entity.name } : {}),
    ...(entity['start-date'] ? { validFrom: entity['start-date'] } : {}),
    ...(entity['end-date'] ? { validTo: entity['end-date'] } : {}),
    recordedAt: entity['entry-date'] ?? ctx.retrievedAt,
    locationPrecision: precision,
    relations: [] as Relation[],
    provenance: {
      publisher: PUBLISHER,
      dataset: entity.dataset,
      sourceId: local,
      sourceUrl: `${ctx.baseUrl}/entity/${local}`,
      retrievedAt: ctx.retrievedAt,
      method: 'reported' as const,
      connector: 'planning-data',
    },
    licence: ctx.licence,
    access: OPEN_ACCESS,
  };
  const entityId = { scheme: 'planning-entity' as const, value: local, issuer: 'planning.data.gov.uk' };
  const extra = extraFields(entity);
  const organisationEntity =
    entity['organisation-entity'] === undefined ? {} : { organisationEntity: entity['organisation-entity'] };

  if (entity.dataset in AREA_DATASETS) {
    const code = entity.reference ?? local;
    return {
      ...common,
      id: twinId('AdministrativeArea', 'planning-data', local),
      featureType: 'AdministrativeArea',
      properties: {
        kind: 'AdministrativeArea',
        ...envelope,
        identifiers: [
          entityId,
          { scheme: entity.prefix === 'statistical-geography' ? 'gss' : 'other', value: code },
        ],
        attributes: {
          areaType: 'local-planning-authority',
          code,
          dataset: entity.dataset,
          ...organisationEntity,
          extra,
        },
      },
    };
  }

  const constraintType = CONSTRAINT_DATASETS[entity.dataset as keyof typeof CONSTRAINT_DATASETS];
  if (constraintType === undefined) throw new Error(`no mapping for dataset "${entity.dataset}"`);
  const { 'listed-building-grade': grade, 'park-and-garden-grade': parkGrade, ...rest } = extra;
  const { 'flood-risk-level': floodRiskLevel, 'documentation-url': documentationUrl, ...others } = rest;
  const { 'designation-date': designationDate, ...remaining } = others;
  return {
    ...common,
    id: twinId('PlanningConstraint', 'planning-data', local),
    featureType: 'PlanningConstraint',
    properties: {
      kind: 'PlanningConstraint',
      ...envelope,
      identifiers: [
        entityId,
        ...(entity.reference
          ? [{ scheme: 'other' as const, value: entity.reference, issuer: entity.dataset }]
          : []),
      ],
      attributes: {
        dataset: entity.dataset,
        constraintType,
        reference: entity.reference ?? local,
        ...organisationEntity,
        ...((grade ?? parkGrade) ? { grade: grade ?? parkGrade } : {}),
        ...(floodRiskLevel ? { floodRiskLevel } : {}),
        ...(documentationUrl ? { documentationUrl } : {}),
        ...(designationDate ? { designationDate } : {}),
        extra: remaining,
      },
    },
  };
}

/** Dataset-specific fields, as non-empty strings under their original keys. */
function extraFields(entity: RawEntity): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (COMMON_ENTITY_KEYS.has(key) || value === null || value === undefined || value === '') continue;
    extra[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return extra;
}

function geometryOf(entity: RawEntity): {
  geometry: Geometry | null;
  precision: 'exact' | 'centroid' | 'none';
} {
  if (entity.geometry) return { geometry: parseWkt(entity.geometry), precision: 'exact' };
  if (entity.point) return { geometry: parseWkt(entity.point), precision: 'centroid' };
  return { geometry: null, precision: 'none' };
}

function parseWkt(wkt: string): Geometry {
  try {
    return wktToGeoJSON(wkt) as Geometry;
  } catch (error) {
    throw new Error(`geometry is not valid WKT (${wkt.slice(0, 40)}...): ${(error as Error).message}`);
  }
}

function interval(start: string | undefined, end: string | undefined) {
  return start || end ? { interval: [start ?? '..', end ?? '..'] as [string, string] } : null;
}
