/**
 * Sample twin records for the model tests: an open planning constraint, a measured observation, a
 * restricted underground asset and a simulated scenario result.
 */
import {
  LONDON_POLICIES,
  OGL_V3_URL,
  type PolicyTerms,
  policyRegistry,
  type TwinRecord,
  type TwinRecordOf,
  twinId,
} from '@ldn-twin/core';

export const HE_ATTRIBUTION =
  '© Historic England 2026. Contains Ordnance Survey data © Crown copyright 2026.';
export const OGL_ATTRIBUTION =
  'Contains public sector information licensed under the Open Government Licence v3.0.';

export const listedBuilding: TwinRecordOf<'PlanningConstraint'> = {
  type: 'Feature',
  id: twinId('PlanningConstraint', 'planning-entity', '31479426'),
  featureType: 'PlanningConstraint',
  geometry: { type: 'Point', coordinates: [-0.1195, 51.4952] },
  place: { type: 'Point', coordinates: [530600, 179100] },
  coordRefSys: 'http://www.opengis.net/def/crs/EPSG/0/27700',
  time: { interval: ['1951-10-19', '..'] },
  properties: {
    kind: 'PlanningConstraint',
    name: 'Lambeth Palace',
    identifiers: [{ scheme: 'planning-entity', value: '31479426' }],
    validFrom: '1951-10-19',
    recordedAt: '2024-03-01',
    locationPrecision: 'exact',
    relations: [{ rel: 'withinArea', target: twinId('AdministrativeArea', 'gss', 'E09000022') }],
    provenance: {
      publisher: 'Historic England',
      dataset: 'listed-building',
      sourceId: '31479426',
      sourceUrl: 'https://www.planning.data.gov.uk/entity/31479426',
      retrievedAt: '2026-11-26T09:30:00Z',
      method: 'reported',
      connector: 'planning-data',
    },
    licence: { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: [HE_ATTRIBUTION, OGL_ATTRIBUTION] },
    access: { classification: 'open' },
    attributes: {
      dataset: 'listed-building',
      constraintType: 'listed-building',
      reference: '1080470',
      organisationEntity: 16,
      grade: 'I',
      documentationUrl: 'https://historicengland.org.uk/listing/the-list/list-entry/1080470',
      extra: { wikidata: 'Q1360478' },
    },
  },
};

export const no2: TwinRecordOf<'Observation'> = {
  type: 'Feature',
  id: twinId('Observation', 'laqn', 'BL0/NO2/2026-11-26T09:00:00Z'),
  featureType: 'Observation',
  geometry: { type: 'Point', coordinates: [-0.125848, 51.522287] },
  time: { timestamp: '2026-11-26T09:00:00Z' },
  properties: {
    kind: 'Observation',
    name: 'NO2 at London Bloomsbury',
    identifiers: [],
    observedAt: '2026-11-26T09:00:00Z',
    recordedAt: '2026-11-26T09:30:00Z',
    locationPrecision: 'exact',
    relations: [{ rel: 'observes', target: twinId('Sensor', 'laqn', 'BL0') }],
    provenance: {
      publisher: 'Imperial College London',
      dataset: 'LAQN',
      retrievedAt: '2026-11-26T09:30:00Z',
      method: 'measured',
    },
    licence: {
      id: 'OGL-UK-3.0',
      attribution: ['London Air Quality Network, Imperial College London', OGL_ATTRIBUTION],
    },
    access: { classification: 'open' },
    attributes: {
      datastream: 'urn:ldntwin:sensor:laqn:BL0/NO2',
      observedProperty: 'http://vocab.nerc.ac.uk/collection/P01/current/NO2XXXXX/',
      unitOfMeasurement: {
        name: 'microgram per cubic metre',
        symbol: 'µg/m³',
        definition: 'http://unitsofmeasure.org/ucum.html#ug/m3',
      },
      result: 41.2,
      phenomenonTime: '2026-11-26T09:00:00Z',
    },
  },
};

export const waterMain: TwinRecordOf<'UndergroundAsset'> = {
  type: 'Feature',
  id: twinId('UndergroundAsset', 'thames-water', 'WM-000123'),
  featureType: 'UndergroundAsset',
  geometry: {
    type: 'LineString',
    coordinates: [
      [-0.12, 51.49],
      [-0.11, 51.5],
    ],
  },
  time: null,
  properties: {
    kind: 'UndergroundAsset',
    identifiers: [],
    recordedAt: '2026-11-20T12:00:00Z',
    locationPrecision: 'exact',
    relations: [],
    provenance: {
      publisher: 'Thames Water',
      dataset: 'water-network',
      retrievedAt: '2026-11-26T09:30:00Z',
      method: 'reported',
    },
    licence: { id: 'LicenceRef-NUAR', attribution: ['© Thames Water'] },
    access: {
      classification: 'official-sensitive',
      permittedOrganisations: ['thames-water', 'lambeth'],
      policies: ['https://example.org/odrl/nuar-terms'],
    },
    attributes: { assetType: 'water-main', owner: 'Thames Water', depthMetres: 1.2 },
  },
};

export const floodDepth: TwinRecordOf<'ScenarioResult'> = {
  type: 'Feature',
  id: twinId('ScenarioResult', 'flood-model', 'run-42:cell-7'),
  featureType: 'ScenarioResult',
  geometry: null,
  time: { date: '2080-01-01' },
  properties: {
    kind: 'ScenarioResult',
    identifiers: [],
    recordedAt: '2026-11-01T00:00:00Z',
    locationPrecision: 'none',
    relations: [{ rel: 'derivedFrom', target: twinId('SimulationRun', 'flood-model', 'run-42') }],
    provenance: {
      publisher: 'Example Flood Lab',
      dataset: 'flood-scenarios',
      retrievedAt: '2026-11-26T09:30:00Z',
      method: 'simulated',
    },
    licence: { id: 'CC-BY-4.0', attribution: ['© Example Flood Lab'] },
    access: { classification: 'open' },
    scenario: { runId: twinId('SimulationRun', 'flood-model', 'run-42'), scenario: 'rcp85-2080' },
    attributes: { metric: 'flood-depth', value: 0.4, unit: 'm' },
  },
};

export const samples: TwinRecord[] = [listedBuilding, no2, waterMain, floodDepth];

/** A deep copy that a test can break without touching the samples. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

/** The terms the restricted sample references: any use by its two organisations, with attribution. */
export const nuarTerms = {
  uid: 'https://example.org/odrl/nuar-terms',
  permission: [
    {
      action: 'use',
      constraint: [
        { leftOperand: 'recipient', operator: 'isAnyOf', rightOperand: ['thames-water', 'lambeth'] },
      ],
      duty: [{ action: 'attribute' }],
    },
  ],
};

/** An engineer of an organisation the restricted sample is shared with, and the registry of its terms. */
export const engineerTerms: PolicyTerms = {
  party: { clearance: 'official-sensitive', organisation: 'thames-water' },
  registry: policyRegistry([...LONDON_POLICIES, nuarTerms]),
};
