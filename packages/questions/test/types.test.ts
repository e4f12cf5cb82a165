// The questions' public types: each report is typed by the kinds it returns, and per-connector
// config by each connector's own config schema (tsc checks this file; a wrong type fails the build).
import { buildingStockModel } from '@ldn-twin/connectors/building-stock-model';
import { carbonIntensity } from '@ldn-twin/connectors/carbon-intensity';
import { culturalInfrastructureMap } from '@ldn-twin/connectors/cultural-infrastructure-map';
import { eaFlood } from '@ldn-twin/connectors/ea-flood';
import { epc } from '@ldn-twin/connectors/epc';
import { glaPlanningDataMap } from '@ldn-twin/connectors/gla-planning-data-map';
import { neso } from '@ldn-twin/connectors/neso';
import { octopusAgile } from '@ldn-twin/connectors/octopus-agile';
import { osPlaces } from '@ldn-twin/connectors/os-places';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { postcodesIo } from '@ldn-twin/connectors/postcodes-io';
import { tfl } from '@ldn-twin/connectors/tfl';
import { ukpn } from '@ldn-twin/connectors/ukpn';
import type { Kind } from '@ldn-twin/core';
import type {
  capacityForGrowth,
  culturalInfrastructureNear,
  developmentPipeline,
  digOnce,
  energyOutlook,
  projectProgress,
  QuestionConfig,
  RestrictionsOptions,
  restrictionsAt,
  retrofitCandidates,
} from '@ldn-twin/questions';
import { describe, expect, expectTypeOf, it } from 'vitest';

type KindsOf<F extends (...args: never[]) => Promise<{ records: readonly { featureType: Kind }[] }>> =
  Awaited<ReturnType<F>>['records'][number]['featureType'];

describe('question report types', () => {
  it('types each report by the kinds its question returns', () => {
    expectTypeOf<KindsOf<typeof restrictionsAt>>().toEqualTypeOf<
      'PlanningConstraint' | 'AdministrativeArea' | 'Alert' | 'PlanningApplication'
    >();
    expectTypeOf<KindsOf<typeof developmentPipeline>>().toEqualTypeOf<
      'PlanningApplication' | 'PlanningConstraint' | 'AdministrativeArea'
    >();
    expectTypeOf<KindsOf<typeof projectProgress>>().toEqualTypeOf<'PlanningApplication'>();
    expectTypeOf<KindsOf<typeof capacityForGrowth>>().toEqualTypeOf<
      'Facility' | 'ScenarioResult' | 'PlanningApplication' | 'PlanningConstraint' | 'AdministrativeArea'
    >();
    expectTypeOf<KindsOf<typeof culturalInfrastructureNear>>().toEqualTypeOf<
      'CulturalVenue' | 'PlanningApplication'
    >();
    expectTypeOf<KindsOf<typeof energyOutlook>>().toEqualTypeOf<'Observation'>();
    expectTypeOf<KindsOf<typeof digOnce>>().toEqualTypeOf<
      'StreetWork' | 'TransportDisruption' | 'PlanningApplication' | 'UndergroundAsset'
    >();
    expectTypeOf<KindsOf<typeof retrofitCandidates>>().toEqualTypeOf<
      'EnergyPerformance' | 'Building' | 'AdministrativeArea'
    >();
  });
});

describe('question config types', () => {
  // One entry per key of QuestionConfig (the mapped type makes a missing or extra key a type error),
  // each the connector whose config it types.
  const byKey: { readonly [K in keyof Required<QuestionConfig>]: { readonly id: string } } = {
    'building-stock-model': buildingStockModel,
    'carbon-intensity': carbonIntensity,
    'cultural-infrastructure-map': culturalInfrastructureMap,
    'ea-flood': eaFlood,
    epc,
    'gla-planning-data-map': glaPlanningDataMap,
    neso,
    'octopus-agile': octopusAgile,
    'os-places': osPlaces,
    'planning-data': planningData,
    'planning-london-datahub': planningLondonDatahub,
    'postcodes-io': postcodesIo,
    tfl,
    ukpn,
  };

  it("keys each connector's config by that connector's id", () => {
    for (const [key, connector] of Object.entries(byKey)) expect(connector.id).toBe(key);
  });

  it('rejects a misspelt connector id or field, and a field of the wrong type', () => {
    const ok: RestrictionsOptions['config'] = { epc: { email: 'analyst@example.gov.uk', apiKey: 'k' } };
    // @ts-expect-error: no connector is called 'planing-data'
    const typo: QuestionConfig = { 'planing-data': {} };
    // @ts-expect-error: ukpn's key is `apiKey`
    const field: QuestionConfig = { ukpn: { apikey: 'k' } };
    // @ts-expect-error: a base URL is a string
    const wrong: QuestionConfig = { 'postcodes-io': { baseUrl: 42 } };
    expect([ok, typo, field, wrong]).toHaveLength(4);
  });
});
