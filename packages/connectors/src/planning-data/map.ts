/**
 * Mapping of planning.data.gov.uk entities to twin records: constraint datasets become
 * PlanningConstraint records, local planning authorities AdministrativeArea records. The WKT
 * geometry (lon/lat, EPSG:4326) becomes GeoJSON; the dataset-specific fields the field guide names
 * become typed attributes and the rest are kept in `extra`. Dataset metadata becomes a Dataset record.
 */
import type { Licence, TwinRecordOf } from '@ldn-twin/core';
import { twinRecord } from '@ldn-twin/core';
import { parseWkt } from '@ldn-twin/geo';
import type { Geometry } from 'geojson';
import { splitFields } from './details.js';
import { COMMON_ENTITY_KEYS, type RawDatasetMetadata, type RawEntity } from './raw.js';

/**
 * The planning.data datasets this connector maps, with the constraint type each becomes.
 *
 * @example
 * ```ts
 * CONSTRAINT_DATASETS['listed-building-outline']; // 'listed-building'
 * ```
 */
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
  // Beyond the first 19: the datasets a constraints check needs that planning.data publishes
  // (digital-land/specification; see docs/planning-data.md). Those with no coarse type of their own
  // are `other`, and their `dataset` says which they are.
  'tree-preservation-order': 'tree-preservation',
  'ancient-woodland': 'other',
  'special-area-of-conservation': 'other',
  'special-protection-area': 'other',
  ramsar: 'other',
  battlefield: 'other',
  'area-of-outstanding-natural-beauty': 'other',
  'national-park': 'other',
  'heritage-coast': 'other',
  'flood-storage-area': 'other',
} as const;

/**
 * How a person reads each mapped dataset (planning.data's own dataset names, singular). A dataset
 * not listed reads as its name with spaces ({@link datasetLabel}).
 *
 * @example
 * ```ts
 * DATASET_LABELS['flood-risk-zone']; // 'Flood Risk Zone'
 * ```
 */
export const DATASET_LABELS: Readonly<Record<string, string>> = {
  'conservation-area': 'Conservation Area',
  'listed-building': 'Listed Building',
  'listed-building-outline': 'Listed Building',
  'locally-listed-building': 'Locally Listed Building',
  'article-4-direction-area': 'Article 4 Direction Area',
  'tree-preservation-zone': 'Tree Preservation Order',
  tree: 'Tree Preservation Order',
  'tree-preservation-order': 'Tree Preservation Order',
  'flood-risk-zone': 'Flood Risk Zone',
  'site-of-special-scientific-interest': 'Site of Special Scientific Interest',
  'scheduled-monument': 'Scheduled Monument',
  'green-belt': 'Green Belt',
  'brownfield-land': 'Brownfield Land register site',
  'world-heritage-site': 'World Heritage Site',
  'world-heritage-site-buffer-zone': 'World Heritage Site buffer zone',
  'park-and-garden': 'Registered Park and Garden',
  'central-activities-zone': 'Central Activities Zone',
  'archaeological-priority-area': 'Archaeological Priority Area',
  'protected-view': 'Protected View (LVMF)',
  'london-square': 'London Square',
  'ancient-woodland': 'Ancient Woodland',
  'special-area-of-conservation': 'Special Area of Conservation',
  'special-protection-area': 'Special Protection Area',
  ramsar: 'Ramsar site',
  battlefield: 'Registered Battlefield',
  'area-of-outstanding-natural-beauty': 'National Landscape (Area of Outstanding Natural Beauty)',
  'national-park': 'National Park',
  'heritage-coast': 'Heritage Coast',
  'flood-storage-area': 'Flood Storage Area',
};

/**
 * The label of any planning.data dataset: its entry in {@link DATASET_LABELS}, or its name spelt out.
 *
 * @example
 * ```ts
 * datasetLabel('flood-risk-zone'); // 'Flood Risk Zone'
 * datasetLabel('building-preservation-notice'); // 'building preservation notice'
 * ```
 */
export function datasetLabel(dataset: string): string {
  return DATASET_LABELS[dataset] ?? dataset.replaceAll('-', ' ');
}

/**
 * Datasets mapped to AdministrativeArea records.
 *
 * @example
 * ```ts
 * 'local-planning-authority' in AREA_DATASETS; // true
 * ```
 */
export const AREA_DATASETS = { 'local-planning-authority': 'local-planning-authority' } as const;

/**
 * Every dataset the connector has a specific mapping for. Any other planning.data dataset can be
 * asked by name too: its entities become PlanningConstraint records of type `other`.
 *
 * @example
 * ```ts
 * const dataset: PlanningDataset = 'conservation-area';
 * ```
 */
export type PlanningDataset = keyof typeof CONSTRAINT_DATASETS | keyof typeof AREA_DATASETS;

/**
 * What every record of one run shares.
 *
 * @example
 * ```ts
 * const ctx: MappingContext = { baseUrl: 'https://www.planning.data.gov.uk', retrievedAt: new Date().toISOString(), licence: () => GENERIC_LICENCE };
 * ```
 */
export interface MappingContext {
  readonly baseUrl: string;
  readonly retrievedAt: string;
  /** The licence of a dataset's records (from its metadata, or the generic OGL statement). */
  readonly licence: (dataset: string) => Licence;
}

type Mapped = TwinRecordOf<'PlanningConstraint'> | TwinRecordOf<'AdministrativeArea'>;

const PUBLISHER = 'Ministry of Housing, Communities and Local Government (planning.data.gov.uk)';

/**
 * Maps one parsed entity. An entity of a dataset without a specific mapping becomes a
 * PlanningConstraint of type `other` (its `dataset` says which it is).
 *
 * @example
 * ```ts
 * const record = mapEntity(RawEntity.parse(entity), { baseUrl, retrievedAt, licence: () => GENERIC_LICENCE });
 * ```
 */
export function mapEntity(entity: RawEntity, ctx: MappingContext): Mapped {
  const { geometry, precision } = geometryOf(entity);
  const local = String(entity.entity);
  const dataset = entity.dataset;
  const start = entity['start-date'];
  const end = entity['end-date'];
  // The fields both kinds share, written once per record (no envelope object spread into each).
  const shared = {
    id: ['planning-data', local] as const,
    geometry,
    precision,
    time: interval(start, end),
    name: entity.name,
    validFrom: start || undefined,
    validTo: end || undefined,
    recordedAt: entity['entry-date'] ?? ctx.retrievedAt,
    provenance: {
      publisher: PUBLISHER,
      dataset,
      sourceId: local,
      sourceUrl: `${ctx.baseUrl}/entity/${local}`,
      retrievedAt: ctx.retrievedAt,
      method: 'reported' as const,
      connector: 'planning-data',
    },
    licence: ctx.licence(dataset),
  };
  const entityId = { scheme: 'planning-entity' as const, value: local, issuer: 'planning.data.gov.uk' };
  const organisationEntity = entity['organisation-entity'];

  if (dataset in AREA_DATASETS) {
    const code = entity.reference ?? local;
    return twinRecord('AdministrativeArea', {
      ...shared,
      identifiers: [
        entityId,
        { scheme: entity.prefix === 'statistical-geography' ? 'gss' : 'other', value: code },
      ],
      attributes: {
        areaType: 'local-planning-authority',
        code,
        dataset,
        organisationEntity,
        extra: extraFields(entity),
      },
    });
  }

  const constraintType =
    CONSTRAINT_DATASETS[dataset as keyof typeof CONSTRAINT_DATASETS] ?? ('other' as const);
  const { typed, extra } = splitFields(extraFields(entity));
  return twinRecord('PlanningConstraint', {
    ...shared,
    identifiers: entity.reference
      ? [entityId, { scheme: 'other', value: entity.reference, issuer: dataset }]
      : [entityId],
    attributes: {
      dataset,
      constraintType,
      reference: entity.reference ?? local,
      organisationEntity,
      ...typed,
      extra,
    },
  });
}

/** Bulk downloads of every dataset (DLI `.env.example` DATA_FILE_URL and `templates/dataset.html`). */
const FILES = 'https://files.planning.data.gov.uk/dataset';
const DISTRIBUTIONS = [
  ['csv', 'text/csv'],
  ['geojson', 'application/geo+json'],
  ['json', 'application/json'],
  ['parquet', 'application/vnd.apache.parquet'],
] as const;

/**
 * Maps a dataset's metadata (`/dataset/{dataset}.json`) to a Dataset record: its name, description,
 * themes, entity count, phase and bulk downloads, under the dataset's own licence and attribution.
 *
 * @example
 * ```ts
 * const record = mapDataset(RawDatasetMetadata.parse(body), { baseUrl, retrievedAt, licence: () => GENERIC_LICENCE });
 * record.properties.attributes.entityCount; // 10907
 * ```
 */
export function mapDataset(metadata: RawDatasetMetadata, ctx: MappingContext): TwinRecordOf<'Dataset'> {
  const page = `${ctx.baseUrl}/dataset/${encodeURIComponent(metadata.dataset)}`;
  const optional = {
    entityCount: metadata['entity-count'],
    typology: metadata.typology,
    phase: metadata.phase,
    collection: metadata.collection,
    prefix: metadata.prefix,
    plural: metadata.plural,
    text: metadata.text,
    consideration: metadata.consideration,
    attributionCode: metadata.attribution,
    licenceCode: metadata.licence,
    licenceText: metadata['licence-text'],
    replacementDataset: metadata['replacement-dataset'],
    wikidata: metadata.wikidata,
    wikipedia: metadata.wikipedia,
  };
  return twinRecord('Dataset', {
    id: ['planning-data', metadata.dataset],
    time: interval(metadata['start-date'], metadata['end-date']),
    name: metadata.name || undefined,
    description: metadata.description || undefined,
    identifiers: [{ scheme: 'other', value: metadata.dataset, issuer: 'planning.data.gov.uk' }],
    validFrom: metadata['start-date'] || undefined,
    validTo: metadata['end-date'] || undefined,
    recordedAt: metadata['entry-date'] ?? ctx.retrievedAt,
    provenance: {
      publisher: PUBLISHER,
      dataset: 'dataset',
      sourceId: metadata.dataset,
      sourceUrl: `${page}.json`,
      retrievedAt: ctx.retrievedAt,
      method: 'reported',
      connector: 'planning-data',
    },
    licence: ctx.licence(metadata.dataset),
    attributes: {
      landingPage: page,
      themes: metadata.themes || undefined,
      distributions: DISTRIBUTIONS.map(([ext, mediaType]) => ({
        url: `${FILES}/${encodeURIComponent(metadata.dataset)}.${ext}`,
        mediaType,
      })),
      ...optional,
    },
  });
}

/** Dataset-specific fields, as non-empty strings under their original keys. */
function extraFields(entity: RawEntity): Record<string, string> {
  const extra: Record<string, string> = {};
  // for...in over the parsed entity (own keys only): no entries array per entity.
  for (const key in entity) {
    const value: unknown = entity[key];
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

function interval(start: string | undefined, end: string | undefined) {
  return start || end ? { interval: [start ?? '..', end ?? '..'] as [string, string] } : null;
}
