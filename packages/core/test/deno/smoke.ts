// Imports the built @ldn-twin/core under Deno 2, as a notebook would, and validates a record.
import { attributions, recordSchema, toFeatureCollection, twinId } from '../../dist/index.js';

const record = {
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
    licence: {
      id: 'OGL-UK-3.0',
      attribution: ['Contains National Statistics data © Crown copyright and database right'],
    },
    access: { classification: 'open' },
    attributes: { areaType: 'borough', code: 'E09000022', parentCode: 'E12000007', extra: {} },
  },
};

const parsed = recordSchema('AdministrativeArea').safeParse(record);
if (!parsed.success) throw new Error(`Deno: a valid record failed: ${JSON.stringify(parsed.error.issues)}`);
const broken = recordSchema('AdministrativeArea').safeParse({
  ...record,
  properties: { ...record.properties, access: undefined },
});
if (broken.success) throw new Error('Deno: a record without an access label passed');
const collection = toFeatureCollection([parsed.data]);
if (collection.features.length !== 1 || attributions([parsed.data]).length !== 1)
  throw new Error('Deno: serialiser mismatch');
console.log(`Deno ${Deno.version.deno}: @ldn-twin/core validated ${parsed.data.id}`);
