// What a new user writes after `npm install @ldn-twin/...`: imports by package name and subpath, typed
// under their own compiler settings, answers known by construction. Run by scripts/consumer-check.mjs
// in Node, in Deno and as a browser bundle; it throws on any wrong answer.

import { type PlanningDataset, planningData } from '@ldn-twin/connectors/planning-data';
import { parseTwinRecord, type TwinRecord, toFeatureCollection, twinId } from '@ldn-twin/core';
import { boroughAt, formatGridRef, parseWkt, wgs84ToBng } from '@ldn-twin/geo';
import { restrictionsAt } from '@ldn-twin/questions';

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`consumer check failed: ${what}`);
}

const record: TwinRecord = parseTwinRecord({
  type: 'Feature',
  id: twinId('AdministrativeArea', 'gss', 'E09000022'),
  featureType: 'AdministrativeArea',
  geometry: { type: 'Point', coordinates: [-0.1167, 51.4607] },
  time: null,
  properties: {
    kind: 'AdministrativeArea',
    name: 'Lambeth',
    identifiers: [{ scheme: 'gss', value: 'E09000022' }],
    recordedAt: '2026-11-26T00:00:00Z',
    locationPrecision: 'centroid',
    relations: [],
    provenance: {
      publisher: 'Greater London Authority',
      dataset: 'london-boroughs',
      retrievedAt: '2026-11-26T00:00:00Z',
      method: 'reported',
    },
    licence: { id: 'OGL-UK-3.0', attribution: ['Contains National Statistics data © Crown copyright'] },
    access: { classification: 'open' },
    attributes: { areaType: 'borough', code: 'E09000022', parentCode: 'E12000007', extra: {} },
  },
});
check(toFeatureCollection([record]).features.length === 1, 'a parsed record goes into a FeatureCollection');

// Westminster Abbey's neighbourhood: Westminster by the boundaries, TQ 3 7 by the grid.
check(boroughAt(-0.1276, 51.5072)?.name === 'Westminster', 'boroughAt finds Westminster');
check(boroughAt(0, 0) === undefined, 'boroughAt is undefined outside London');
const bng = wgs84ToBng(-0.1276, 51.5072);
check(
  formatGridRef(bng.easting, bng.northing, { digits: 2 }) === 'TQ 3 8',
  'the grid square of Charing Cross',
);
check(formatGridRef(530123, 180456) === 'TQ 30123 80456', 'formatGridRef');
const point = parseWkt('POINT (-0.1276 51.5072)');
check(point.type === 'Point' && point.coordinates[0] === -0.1276, 'parseWkt');

const dataset: PlanningDataset = 'conservation-area';
check(planningData.id === 'planning-data' && dataset.length > 0, 'the planning-data connector by subpath');
check(typeof restrictionsAt === 'function', 'questions export restrictionsAt');

console.log('consumer program: all checks passed');
