/**
 * UKPN rows to twin records. Headroom rows are ScenarioResult records of a named published model run
 * (the DFES headroom report: `provenance.method` `simulated`, `scenario` naming the run and the DFES
 * scenario), never Observations: they are the network "as it could be". Feeding areas are Facility
 * records (a primary substation, located by the area it feeds); reinforcement schemes and DNOA
 * decisions are InfrastructureProject records.
 */
import { type Licence, type TwinRecordOf, twinRecord, withoutUndefined } from '@ldn-twin/core';
import type { RawDnoa, RawFeedingArea, RawHeadroom, RawInfrastructureProject } from './raw.js';

const CONNECTOR = 'ukpn';
const PUBLISHER = 'UK Power Networks';

/**
 * The metric name of headroom results.
 *
 * @example
 * ```ts
 * import { HEADROOM_METRIC } from '@ldn-twin/connectors/ukpn';
 * results.filter((r) => r.properties.attributes.metric === HEADROOM_METRIC);
 * ```
 */
export const HEADROOM_METRIC = 'network-headroom';

/** What every record of one run shares. */
export interface UkpnMappingContext {
  readonly retrievedAt: string;
  readonly licence: Licence;
  readonly dataset: string;
  readonly sourceUrl: string;
}

function provenance(ctx: UkpnMappingContext, sourceId: string, method: 'simulated' | 'reported') {
  return {
    publisher: PUBLISHER,
    dataset: ctx.dataset,
    sourceId,
    sourceUrl: ctx.sourceUrl,
    retrievedAt: ctx.retrievedAt,
    method,
    connector: CONNECTOR,
  };
}

const located = (point: readonly [number, number] | undefined) =>
  point ? { type: 'Point' as const, coordinates: [point[0], point[1]] } : null;

/**
 * Maps one headroom row to a ScenarioResult of the run `runId`.
 *
 * @example
 * ```ts
 * const result = mapHeadroom(row, ctx, 'urn:ldntwin:simulation-run:ukpn:dfes-network-headroom-report');
 * result.properties.scenario; // { runId: '…', scenario: 'Electric Engagement' }
 * ```
 */
export function mapHeadroom(
  row: RawHeadroom,
  ctx: UkpnMappingContext,
  runId: string,
): TwinRecordOf<'ScenarioResult'> {
  const local = [row.sitefunctionallocation, row.scenario, String(row.year), row.category ?? 'headroom'].join(
    '/',
  );
  const name = row.substation_name ?? row.sitefunctionallocation;
  return twinRecord('ScenarioResult', {
    id: [CONNECTOR, local],
    geometry: located(row.spatial_coordinates),
    time: { interval: [`${row.year}-01-01`, `${row.year}-12-31`] },
    name: `${name} headroom, ${row.scenario} ${row.year}`,
    identifiers: [{ scheme: 'other', value: row.sitefunctionallocation, issuer: CONNECTOR }],
    provenance: provenance(ctx, local, 'simulated'),
    licence: ctx.licence,
    scenario: { runId, scenario: row.scenario },
    attributes: {
      metric: HEADROOM_METRIC,
      value: row.headroom_mw,
      unit: 'MW',
      year: row.year,
      category: row.category,
      extra: withoutUndefined({
        substation_name: name,
        sitefunctionallocation: row.sitefunctionallocation,
        voltage_kv: text(row.voltage_kv),
        licencearea: row.licencearea,
        gridsupplypoint: row.gridsupplypoint,
        bulksupplypoint: row.bulksupplypoint,
      }),
    },
  });
}

const text = (value: number | string | undefined) => (value === undefined ? undefined : String(value));

/**
 * Maps one feeding-area row to a Facility: the primary substation, its geometry the area it feeds.
 *
 * @example
 * ```ts
 * const area = mapFeedingArea(row, ctx);
 * area.properties.attributes.extra?.primary_floc; // the substation's functional location
 * ```
 */
export function mapFeedingArea(row: RawFeedingArea, ctx: UkpnMappingContext): TwinRecordOf<'Facility'> {
  const geometry = row.geo_shape ?? null;
  const point = row.geo_point_2d;
  const name = row.primary ?? row.primary_floc;
  return twinRecord('Facility', {
    id: [CONNECTOR, `primary/${row.primary_floc}`],
    geometry: geometry ?? located(point),
    precision: geometry ? 'area' : 'centroid',
    name: `${name} feeding area`,
    identifiers: [{ scheme: 'other', value: row.primary_floc, issuer: CONNECTOR }],
    provenance: provenance(ctx, row.primary_floc, 'reported'),
    licence: ctx.licence,
    attributes: {
      facilityType: 'primary-substation',
      extra: withoutUndefined({
        primary: row.primary,
        primary_floc: row.primary_floc,
        grid_site: row.grid_site,
        grid_site_floc: row.grid_site_floc,
        grid_supply_point: row.grid_supply_point,
        grid_supply_point_floc: row.grid_supply_point_floc,
        operational_zone: row.operational_zone,
        dno: row.dno,
        demand: text(row.demand),
        demandrag: row.demandrag,
        firmcapacitysummer: text(row.firmcapacitysummer),
        firmcapacitywinter: text(row.firmcapacitywinter),
        seasonofconstraint: row.seasonofconstraint,
      }),
    },
  });
}

/**
 * Maps one LTDS infrastructure project (a planned reinforcement) to an InfrastructureProject.
 *
 * @example
 * ```ts
 * mapInfrastructureProject(row, ctx).properties.attributes.expectedCompletionYear; // 2028
 * ```
 */
export function mapInfrastructureProject(
  row: RawInfrastructureProject,
  ctx: UkpnMappingContext,
): TwinRecordOf<'InfrastructureProject'> {
  const local = `ltds/${row.site_functional_location ?? row.substation_or_circuit_ple_name}/${row.asset_type_or_quantity ?? ''}/${row.expected_start_year ?? ''}`;
  return twinRecord('InfrastructureProject', {
    id: [CONNECTOR, local],
    geometry: located(row.spatial_coordinates),
    name: `Reinforcement: ${row.substation_or_circuit_ple_name}`,
    description: row.justification_for_the_need,
    identifiers: row.site_functional_location
      ? [{ scheme: 'other', value: row.site_functional_location, issuer: CONNECTOR }]
      : [],
    provenance: provenance(ctx, local, 'reported'),
    licence: ctx.licence,
    attributes: {
      sponsor: PUBLISHER,
      status: 'planned',
      projectType: 'reinforcement',
      asset: row.asset_type_or_quantity,
      expectedStartYear: row.expected_start_year,
      expectedCompletionYear: row.expected_completion_year,
      siteFunctionalLocation: row.site_functional_location,
      gridSupplyPoint: row.associated_gsp,
      voltage: row.connectivity_voltage,
      licenceArea: row.dno,
      localAuthority: row.local_authority,
    },
  });
}

/**
 * Maps one DNOA row (a constraint and the decision taken: flexibility or reinforcement) to an
 * InfrastructureProject whose `status` is the published `current_status`.
 *
 * @example
 * ```ts
 * mapDnoa(row, ctx).properties.attributes.decision; // 'Flexibility'
 * ```
 */
export function mapDnoa(row: RawDnoa, ctx: UkpnMappingContext): TwinRecordOf<'InfrastructureProject'> {
  const local = `dnoa/${row.functional_location ?? row.substation_title}/${row.constraint_occurrence_year ?? ''}/${row.constraint_season ?? ''}`;
  return twinRecord('InfrastructureProject', {
    id: [CONNECTOR, local],
    geometry: located(row.spatial_coordinates),
    name: `Constraint decision: ${row.substation_title}`,
    description: row.constraint_description,
    identifiers: row.functional_location
      ? [{ scheme: 'other', value: row.functional_location, issuer: CONNECTOR }]
      : [],
    provenance: provenance(ctx, local, 'reported'),
    licence: ctx.licence,
    attributes: {
      sponsor: PUBLISHER,
      status: row.current_status,
      projectType: 'constraint-decision',
      decision: row.dnoa_result,
      decisionDescription: row.dnoa_result_description,
      constraintSeason: row.constraint_season,
      constraintYear: row.constraint_occurrence_year,
      customersServed: row.customers_served,
      traditionalSolution: row.traditional_solution,
      siteFunctionalLocation: row.functional_location,
      area: row.area,
      postcode: row.postcode,
    },
  });
}
