// Validate-and-map throughput of the planning-data connector against bare JSON.parse and a
// hand-written mapping (JSON.parse, WKT parsing and the same record shape, with no validation) of
// the same bytes: see ratios.ts. Writes .artifacts/bench/planning-data.json.
// Run after a build: `pnpm --filter @ldn-twin/connectors bench`.
import { readFileSync } from 'node:fs';
import { GENERIC_LICENCE, planningData } from '@ldn-twin/connectors/planning-data';
import { connect, createClient } from '@ldn-twin/core';
import { parseWkt } from '@ldn-twin/geo';
import { measureRatios } from './ratios.ts';

const real = JSON.parse(
  readFileSync(
    new URL('../test/fixtures/planning-data/planningdata-entity-json-lambeth-point.json', import.meta.url),
    'utf8',
  ),
) as { entities: Record<string, unknown>[] };

// A page of 20,000 entities made from the four real ones, each with its own number and a polygon.
const entities = Array.from({ length: 20_000 }, (_, i) => ({
  ...real.entities[i % real.entities.length],
  entity: 50_000_000 + i,
  geometry: `MULTIPOLYGON (((-0.12 51.49, -0.11 51.49, -0.11 ${(51.5 + i * 1e-7).toFixed(7)}, -0.12 51.49)))`,
}));
const body = JSON.stringify({ entities, links: {}, count: entities.length });

const fetchBody: typeof fetch = async () =>
  new Response(body, { headers: { 'content-type': 'application/json' } });
// Only the search is measured: dataset metadata (licences) is a separate, cached request.
const planning = connect(planningData, {
  client: createClient({ fetch: fetchBody, cache: false }),
  config: { datasetMetadata: false },
});

async function mapAll(): Promise<number> {
  const { records } = await planning
    .searchEntities({ point: [-0.12, 51.49], datasets: ['conservation-area'], pageSize: 500 })
    .collect({ limit: 1_000_000 });
  return records.length;
}

const COMMON = new Set([
  'entity',
  'name',
  'dataset',
  'typology',
  'reference',
  'prefix',
  'organisation-entity',
]);
COMMON.add('entry-date').add('start-date').add('end-date').add('geometry').add('point').add('quality');

/** The baseline: what a careful hand-written mapping of the same body does, without validation. */
function handMapped(): number {
  const retrievedAt = new Date().toISOString();
  const { entities: raws } = JSON.parse(body) as { entities: Record<string, unknown>[] };
  const out = [];
  for (const e of raws) {
    const local = String(e.entity);
    const dataset = e.dataset as string;
    const text = (key: string) =>
      typeof e[key] === 'string' && e[key] !== '' ? (e[key] as string) : undefined;
    const start = text('start-date');
    const end = text('end-date');
    const reference = text('reference');
    const wkt = text('geometry') ?? text('point');
    const extra: Record<string, string> = {};
    for (const key in e) {
      const value = e[key];
      if (!COMMON.has(key) && typeof value === 'string' && value !== '') extra[key] = value;
    }
    out.push({
      type: 'Feature',
      id: `urn:ldntwin:planning-constraint:planning-data:${local}`,
      featureType: 'PlanningConstraint',
      geometry: wkt ? parseWkt(wkt) : null,
      time: start || end ? { interval: [start ?? '..', end ?? '..'] } : null,
      properties: {
        kind: 'PlanningConstraint',
        identifiers: [
          { scheme: 'planning-entity', value: local, issuer: 'planning.data.gov.uk' },
          ...(reference ? [{ scheme: 'other', value: reference, issuer: dataset }] : []),
        ],
        validFrom: start,
        recordedAt: text('entry-date') ?? retrievedAt,
        locationPrecision: wkt ? 'exact' : 'none',
        relations: [],
        provenance: {
          publisher: 'Ministry of Housing, Communities and Local Government (planning.data.gov.uk)',
          dataset,
          sourceId: local,
          sourceUrl: `https://www.planning.data.gov.uk/entity/${local}`,
          retrievedAt,
          method: 'reported',
          connector: 'planning-data',
        },
        licence: GENERIC_LICENCE,
        access: { classification: 'open' },
        attributes: {
          dataset,
          constraintType: dataset,
          reference: reference ?? local,
          organisationEntity: Number(e['organisation-entity']),
          extra,
        },
      },
    });
  }
  return out.length;
}

await measureRatios({
  name: 'planning-data',
  items: entities.length,
  unit: 'entities',
  body,
  hand: handMapped,
  map: mapAll,
});
