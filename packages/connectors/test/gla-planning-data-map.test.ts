import { readFileSync } from 'node:fs';
import {
  classifyLayer,
  findAuthority,
  glaPlanningDataMap,
  LONDON_WIDE_ATTRIBUTION,
  osStatement,
  PLANNING_AUTHORITIES,
  parseGlaMetadata,
} from '@ldn-twin/connectors/gla-planning-data-map';
import { connect, createClient } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const read = (name: string) =>
  readFileSync(new URL(`./fixtures/gla-planning-data-map/${name}`, import.meta.url), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(read(name));

/** Real capture: the itemInfo of London-wide layer 219 (see fixtures/gla-planning-data-map/SOURCES.md). */
const itemInfo = fixture('gla-localplan-gis2-pdm02-layer219-iteminfo.json') as Record<string, string>;
/** Hand-made to the documented Esri shapes, with layer ids, names and extents from the layers table. */
const layers19 = fixture('handmade-layers-19.json');
const layers19Updated = fixture('handmade-layers-19-updated.json');
const layers04 = fixture('handmade-layers-04.json');
const siteAllocations = fixture('handmade-query-site-allocations.json');
const empty = fixture('handmade-query-empty.json');
const bexleyMol = fixture('handmade-query-bexley-mol.json');
const layer219 = fixture('handmade-londonwide-layer219.json');
const layer220 = fixture('handmade-londonwide-layer220.json');
/** The London-wide service's `/layers` listing: 219, 220 and 302 (hand-made, see SOURCES.md). */
const londonWideLayers = fixture('handmade-londonwide-layers.json') as { layers: Record<string, unknown>[] };
const tpa = fixture('handmade-query-londonwide-tpa.json');

const BASE = 'https://services.arcgis.com/drifeOPKLpgnJ8Qa/ArcGIS/rest/services';
const GIS2 = 'https://gis2.london.gov.uk/server/rest/services/apps/planning_data_map_02/FeatureServer';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const pdm = (config?: Record<string, unknown>) =>
  connect(glaPlanningDataMap, { client: createClient({ cache: false }), ...(config ? { config } : {}) });

/** Serves Islington's two services, the London-wide layers, and records every query asked. */
function serveIslington(
  pages: Record<string, unknown> = {},
  londonWide: Record<string, unknown> = londonWideLayers,
) {
  const queries: URL[] = [];
  server.use(
    http.get(`${GIS2}/layers`, () => HttpResponse.json(londonWide)),
    http.get(`${BASE}/planning_local_plan_data_19/FeatureServer/layers`, () => HttpResponse.json(layers19)),
    http.get(`${BASE}/planning_local_plan_data_19_updated/FeatureServer/layers`, () =>
      HttpResponse.json(layers19Updated),
    ),
    http.get(`${BASE}/:service/FeatureServer/:layer/query`, ({ request, params }) => {
      queries.push(new URL(request.url));
      return HttpResponse.json(pages[`${params.service}/${params.layer}`] ?? empty);
    }),
    http.get(`${GIS2}/219`, () => HttpResponse.json(layer219)),
    http.get(`${GIS2}/220`, () => HttpResponse.json(layer220)),
    http.get(`${GIS2}/:layer/query`, ({ request, params }) => {
      queries.push(new URL(request.url));
      return HttpResponse.json(pages[`london/${params.layer}`] ?? empty);
    }),
  );
  return queries;
}

const layerOf = (url: URL) => {
  const parts = url.pathname.split('/');
  return `${parts.at(-4)}/${parts.at(-2)}`; // <service>/FeatureServer/<layer>/query
};

describe('gla-planning-data-map concurrency', () => {
  it("asks a borough's layers together, not one after another, and keeps their order", async () => {
    let inFlight = 0;
    let most = 0;
    server.use(
      http.get(`${BASE}/planning_local_plan_data_19/FeatureServer/layers`, () => HttpResponse.json(layers19)),
      http.get(`${BASE}/planning_local_plan_data_19_updated/FeatureServer/layers`, () =>
        HttpResponse.json(layers19Updated),
      ),
      http.get(`${BASE}/:service/FeatureServer/:layer/query`, async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight -= 1;
        return HttpResponse.json(empty);
      }),
    );
    await pdm()
      .constraints({ authority: 'Islington', point: [-0.1025, 51.5362], londonWide: false })
      .collect();
    expect(most).toBeGreaterThan(1);
  });
});

describe('gla-planning-data-map London-wide layers', () => {
  it('queries every feature layer the London-wide service lists, Opportunity Areas included, but never the boundaries (302)', async () => {
    // A HYPOTHETICAL layer 999 "Opportunity Areas" added to the hand-made listing: whether the
    // service holds one, and under which id, is unconfirmed; what is tested is that any layer it
    // lists is queried and typed by its name.
    const opportunity = { ...layer220, id: 999, name: 'Opportunity Areas' };
    const queries = serveIslington({}, { layers: [...londonWideLayers.layers, opportunity] });
    server.use(http.get(`${GIS2}/999`, () => HttpResponse.json(opportunity)));
    await pdm()
      .constraints({ authority: 'Islington', point: [-0.1036, 51.5463] })
      .collect();
    expect(queries.map(layerOf).filter((layer) => layer.startsWith('planning_data_map_02'))).toEqual([
      'planning_data_map_02/219',
      'planning_data_map_02/220',
      'planning_data_map_02/999',
    ]);
    const onlyAreas = serveIslington(
      { 'london/999': tpa },
      { layers: [...londonWideLayers.layers, opportunity] },
    );
    const { records } = await pdm()
      .constraints({
        authority: 'Islington',
        point: [-0.1036, 51.5463],
        constraintTypes: ['opportunity-area'],
      })
      .collect();
    expect(onlyAreas.map(layerOf)).toEqual(['planning_data_map_02/999']);
    expect(records.map((r) => r.properties.attributes.constraintType)).toEqual(['opportunity-area']);
  });

  it('queries only the configured layer ids when given, and never an excluded one', async () => {
    const queries = serveIslington();
    await pdm({ londonWide: { layerIds: [220, 302], excludeLayerIds: [302] } })
      .constraints({ authority: 'Islington', point: [-0.1036, 51.5463] })
      .collect();
    expect(queries.map(layerOf).filter((layer) => layer.startsWith('planning_data_map_02'))).toEqual([
      'planning_data_map_02/220',
    ]);
  });
});

describe('gla-planning-data-map constraints', () => {
  it("queries every layer of the borough's services found by name, the updated service's layer replacing the base one", async () => {
    const queries = serveIslington({
      'planning_local_plan_data_19_updated/41': siteAllocations,
      'london/219': tpa,
    });
    const { records, report } = await pdm()
      .constraints({ authority: 'Islington', point: [-0.1036, 51.5463], distance: 50 })
      .collect();

    expect(queries.map(layerOf)).toEqual([
      'planning_local_plan_data_19/1',
      'planning_local_plan_data_19/5',
      'planning_local_plan_data_19/43',
      // In the base layer 40's place: the updated service's layer of the same name replaces it.
      'planning_local_plan_data_19_updated/41',
      'planning_local_plan_data_19_updated/3',
      'planning_data_map_02/219',
      'planning_data_map_02/220',
    ]);
    for (const query of queries) {
      expect(query.searchParams.get('outSR')).toBe('4326');
      expect(query.searchParams.get('f')).toBe('geojson');
      expect(query.searchParams.get('inSR')).toBe('4326');
      expect(query.searchParams.get('geometry')).toBe('-0.1036,51.5463');
      expect(query.searchParams.get('distance')).toBe('50');
    }
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0, complete: true });

    const [one, two, thames] = records;
    expect(one!.id).toBe('urn:ldntwin:planning-constraint:planning_local_plan_data_19_updated.41:1');
    expect(one!.properties.name).toBe('Hand-made allocation one');
    expect(one!.properties.attributes).toMatchObject({
      dataset: 'gla-planning-data-map',
      constraintType: 'site-allocation',
      reference: 'HM1',
    });
    expect(one!.properties.attributes.extra).toEqual({
      objectid: '1',
      layerreference: 'HAND-MADE-LR',
      address: 'Hand-made address 1',
      layerName: 'Site Allocations',
      layerId: '41',
      serviceName: 'planning_local_plan_data_19_updated',
      layerTopic: 'site-allocation',
      authority: 'Islington',
      authorityCode: 'E09000019',
      layerLastEditDate: '2024-11-01T00:00:00.000Z', // editingInfo.lastEditDate
    });
    // Site references are unique only within the authority.
    expect(one!.properties.identifiers).toEqual([{ scheme: 'other', value: 'HM1', issuer: 'E09000019' }]);
    expect(one!.properties.relations).toEqual([
      { rel: 'withinArea', target: 'urn:ldntwin:administrative-area:gss:E09000019' },
    ]);
    expect(one!.properties.provenance).toMatchObject({
      publisher: 'Greater London Authority (Planning Data Map)',
      dataset: 'planning_local_plan_data_19_updated/Site Allocations',
      sourceUrl: `${BASE}/planning_local_plan_data_19_updated/FeatureServer/41/1`,
      connector: 'gla-planning-data-map',
    });
    expect(one!.properties.licence.attribution).toEqual([
      'Greater London Authority (Planning Data Map / Planning Local Plan Data), data from London borough local plans; contains OS data © Crown copyright',
    ]);
    // No sitereference: the object id is the reference.
    expect(two!.properties.attributes.reference).toBe('2');

    expect(thames!.properties.attributes.constraintType).toBe('thames-policy-area');
    expect(thames!.properties.attributes.extra.layerName).toBe('Thames Policy Area (LPA)');
    expect(thames!.properties.relations).toEqual([]);
    // The layer's own GLA metadata string (the real one of layer 219) adds the OS statement.
    expect(thames!.properties.licence).toMatchObject({
      id: 'OGL-UK-3.0',
      attribution: [
        'Greater London Authority - Contains public sector information licensed under the Open Government Licence v3.0',
        'Contains OS data © Crown copyright and database rights 2020.',
      ],
    });
  });

  it('queries only the layers that map to the asked constraint types', async () => {
    const queries = serveIslington({ 'planning_local_plan_data_19_updated/41': siteAllocations });
    const { records } = await pdm()
      .constraints({
        authority: 'E09000019',
        envelope: [-0.11, 51.54, -0.1, 51.55],
        constraintTypes: ['site-allocation', 'opportunity-area'],
      })
      .collect();
    // London-wide layers are described (to learn their names) but not queried.
    expect(queries.map(layerOf)).toEqual(['planning_local_plan_data_19_updated/41']);
    expect(queries[0]!.searchParams.get('geometryType')).toBe('esriGeometryEnvelope');
    expect(records.map((r) => r.properties.attributes.constraintType)).toEqual([
      'site-allocation',
      'site-allocation',
    ]);
  });

  it('reads Bexley (Web Mercator, GlobalID, integer sitereference, blank display field) the same way', async () => {
    const queries: URL[] = [];
    server.use(
      http.get(`${BASE}/planning_local_plan_data_04/FeatureServer/layers`, () => HttpResponse.json(layers04)),
      http.get(`${BASE}/planning_local_plan_data_04/FeatureServer/:layer/query`, ({ request, params }) => {
        queries.push(new URL(request.url));
        return HttpResponse.json(params.layer === '3' ? bexleyMol : empty);
      }),
    );
    const { records } = await pdm()
      .constraints({ authority: 'London Borough of Bexley', point: [0.105, 51.445], londonWide: false })
      .collect();
    expect(queries).toHaveLength(3);
    expect(queries.every((q) => q.searchParams.get('outSR') === '4326')).toBe(true);
    expect(records).toHaveLength(1);
    expect(records[0]!.geometry?.type).toBe('Polygon');
    expect(records[0]!.properties.name).toBe('Hand-made MOL');
    expect(records[0]!.properties.attributes).toMatchObject({
      constraintType: 'metropolitan-open-land',
      reference: '12',
    });
    expect(records[0]!.properties.attributes.extra.GlobalID).toBe('{00000000-0000-0000-0000-000000000007}');
  });

  it('maps flood zone layers with their zone and keeps layers it cannot classify as other', async () => {
    const layers = {
      layers: [
        { ...(layers04.layers as Record<string, unknown>[])[0], id: 13, name: 'Flood Zone 3a' },
        { ...(layers04.layers as Record<string, unknown>[])[0], id: 0, name: 'Allotment Site' },
      ],
      tables: [],
    };
    const feature = { type: 'Feature', id: 1, geometry: null, properties: { objectid: 1, sitename: null } };
    server.use(
      http.get(`${BASE}/planning_local_plan_data_31/FeatureServer/layers`, () => HttpResponse.json(layers)),
      http.get(`${BASE}/planning_local_plan_data_31/FeatureServer/:layer/query`, () =>
        HttpResponse.json({ type: 'FeatureCollection', features: [feature] }),
      ),
    );
    const { records } = await pdm()
      .constraints({ authority: 'Waltham Forest', point: [-0.02, 51.59], londonWide: false })
      .collect();
    expect(
      records.map((r) => [r.properties.attributes.constraintType, r.properties.attributes.floodRiskLevel]),
    ).toEqual([
      ['flood-risk', '3a'],
      ['other', undefined],
    ]);
    expect(records[1]!.properties.attributes.extra.layerName).toBe('Allotment Site');
    expect(records[1]!.properties.name).toBeUndefined();
  });

  it('reports a malformed feature while the others arrive', async () => {
    const features = siteAllocations.features as Record<string, unknown>[];
    const broken = { ...features[0], properties: 'not an object' };
    serveIslington({
      'planning_local_plan_data_19_updated/41': { ...siteAllocations, features: [broken, features[1]] },
    });
    const { records, report } = await pdm()
      .constraints({ authority: 'Islington', point: [-0.1036, 51.5463], londonWide: false })
      .collect();
    expect(records).toHaveLength(1);
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(report.issues[0]).toMatchObject({ stage: 'parse', path: 'properties' });
  });

  it('uses configured service names for an authority the guide does not confirm', async () => {
    const queries: URL[] = [];
    server.use(
      http.get(`${BASE}/camden_mirror/FeatureServer/layers`, () => HttpResponse.json(layers19Updated)),
      http.get(`${BASE}/camden_mirror/FeatureServer/:layer/query`, ({ request }) => {
        queries.push(new URL(request.url));
        return HttpResponse.json(empty);
      }),
    );
    await pdm({ serviceOverrides: { '07': ['camden_mirror'] } })
      .constraints({ authority: 'Camden', point: [-0.14, 51.54], londonWide: false })
      .collect();
    expect(queries.map(layerOf)).toEqual(['camden_mirror/3', 'camden_mirror/41']);
  });

  it('falls back to the base service when an updated service answers an Esri error', async () => {
    const queries = serveIslington();
    server.use(
      http.get(`${BASE}/planning_local_plan_data_19_updated/FeatureServer/layers`, () =>
        HttpResponse.json({ error: { code: 400, message: 'Invalid URL', details: [] } }),
      ),
    );
    const lines: unknown[] = [];
    const bound = connect(glaPlanningDataMap, {
      client: createClient({ cache: false, logger: { warn: (message) => lines.push(message) } }),
    });
    const { report } = await bound
      .constraints({ authority: 'Islington', point: [-0.1036, 51.5463], londonWide: false })
      .collect();
    expect(report.complete).toBe(true);
    expect(queries.map(layerOf)).toEqual([
      'planning_local_plan_data_19/1',
      'planning_local_plan_data_19/5',
      'planning_local_plan_data_19/43',
      'planning_local_plan_data_19/40',
    ]);
    expect(lines).toContain('gla-planning-data-map: an updated service did not answer; using the base one');
  });

  it('rejects an unknown authority and a query with no place before sending anything', () => {
    expect(() => pdm().constraints({ authority: 'Slough', point: [-0.6, 51.5] })).toThrow(/authority/);
    expect(() => pdm().constraints({ authority: 'Islington' })).toThrow(/give a point or an envelope/);
  });
});

describe('gla-planning-data-map layers', () => {
  it("lists an authority's layers with what each name maps to", async () => {
    serveIslington();
    const { records } = await pdm().layers({ authority: 'islington' }).collect();
    expect(
      records.map((r) => [
        r.properties.name,
        r.properties.attributes.constraintType,
        r.properties.attributes.serviceName,
      ]),
    ).toEqual([
      ['Adventure Playgrounds', 'other', 'planning_local_plan_data_19'],
      ['Central Activities Zone', 'central-activities-zone', 'planning_local_plan_data_19'],
      ['Town Centres', 'town-centre', 'planning_local_plan_data_19'],
      ['Site Allocations', 'site-allocation', 'planning_local_plan_data_19_updated'],
      [
        'Archaeological Priority Areas',
        'archaeological-priority-area',
        'planning_local_plan_data_19_updated',
      ],
    ]);
    expect(records[3]!.properties.attributes.modified).toBe('2024-11-01T00:00:00.000Z');
  });
});

/** The constraint type each distinct layer name of the field guide's layers table must map to. */
const EXPECTED: Record<string, string> = {
  'Conservation Areas': 'conservation-area',
  'Conservation Area': 'conservation-area',
  'Metropolitan Open Land': 'metropolitan-open-land',
  'Green Belt': 'green-belt',
  'Metropolitan Green Belt': 'green-belt',
  'Site Allocations': 'site-allocation',
  'Site Specific Allocations': 'site-allocation',
  'Site Proposals': 'site-allocation',
  'Strategic Sites': 'site-allocation',
  'Opportunity Sites': 'site-allocation',
  'Key Sites': 'site-allocation',
  'Strategic Industrial Locations': 'strategic-industrial-location',
  'Strategic Industrial Location': 'strategic-industrial-location',
  'Key Industrial and Business Areas': 'other',
  'Established Industrial Locations': 'other',
  'Locally Significant Industrial Sites': 'other',
  'Opportunity Areas': 'opportunity-area',
  'Opportunity Area': 'opportunity-area',
  'Nine Elms Vauxhall Opportunity Area': 'opportunity-area',
  'Micro Business Opportunity Areas': 'other',
  'Community Facility Opportunity Areas': 'other',
  'Town Centres': 'town-centre',
  'Town Centre Boundaries': 'town-centre',
  'Local Centres': 'town-centre',
  'Neighbourhood Centres': 'town-centre',
  'Wathamstow Major Centre': 'town-centre',
  'Archaeological Priority Areas': 'archaeological-priority-area',
  'Archaelogical Priority Areas': 'archaeological-priority-area',
  'Archaeological Priority Zones': 'archaeological-priority-area',
  'Archaeological Priority Zone': 'archaeological-priority-area',
  'Central Activities Zone': 'central-activities-zone',
  'Central Activities Zone Frontage': 'central-activities-zone',
  'Flood Zone 3': 'flood-risk',
  'Flood Zone 3a': 'flood-risk',
  'Flood Zone 3b': 'flood-risk',
  'Flood Zone 3B': 'flood-risk',
  'Flood Zone 3B Functional Floodplain': 'flood-risk',
  'Flood Zone 2': 'flood-risk',
  'Flood Risk Zone 3': 'flood-risk',
  'Viewing Corridor': 'protected-view',
  'Designated Linear View': 'protected-view',
  'View Points': 'protected-view',
  'Approaches to Westminster World Heritage Site': 'protected-view',
  'Thames Policy Area': 'thames-policy-area',
  'Site of Special Scientific Interest': 'site-of-special-scientific-interest',
  'Sites of Special Scientific Interest': 'site-of-special-scientific-interest',
  'Site of Metropolitan Importance for Nature Conservation': 'other',
  'Regionally Important Geological & Geomorphological Site': 'other',
  'Regionally Important Geological And Geomorphological Sites': 'other',
  'Thames Tideway Tunnel Safeguarded Planning Zones': 'other',
  'Areas of Townscape Value': 'other',
  'Open Space': 'other',
  'Designated Open Space': 'other',
  'Green Corridors': 'other',
  'Green Chains': 'other',
  'Green Nodes': 'other',
  'Special Policy Areas': 'other',
  'West End Retail And Leisure Special Policy Area': 'other',
  'Area Action Plans': 'other',
  'Twickenham Area Action Plan': 'other',
  'Burial Spaces': 'other',
  'Allotment Site': 'other',
  'Adventure Playgrounds': 'other',
  'Potential Waste Site': 'other',
  'Barking to Royal Docks Corridor': 'other',
  'Intensification Corridors': 'other',
  'Growth Areas': 'other',
  'Regeneration Areas': 'other',
  'Central Setting': 'other',
  'Focal Points of Activity': 'other',
  'Tower Hamlets Activity Areas': 'other',
  'LLDC Within Newham': 'other',
  'Area Spatial Strategy': 'other',
};

describe('gla-planning-data-map layer name table', () => {
  // The TSV's parentheses note the REST resource a row comes from, not part of the name.
  const rows = read('gla-planning-data-map-layers.tsv')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t'))
    .filter(([, id]) => id !== 'root')
    .map(([nn, id, name]) => ({ nn, id, name: name!.replace(/\s*\((?:layers? page)[^)]*\)$/, '') }));

  it('reads all 123 layer rows of the table', () => {
    expect(rows).toHaveLength(123);
  });

  it.each(rows.map((r) => [r.nn, r.id, r.name]))('%s/%s "%s" maps as expected', (_nn, _id, name) => {
    expect(EXPECTED[name!], `no expectation for "${name}"`).toBeDefined();
    expect(classifyLayer(name!).constraintType).toBe(EXPECTED[name!]);
  });

  it('reads the flood zone from the name', () => {
    expect(classifyLayer('Flood Zone 3B Functional Floodplain').floodRiskLevel).toBe('3b');
    expect(classifyLayer('Flood Risk Zone 3').floodRiskLevel).toBe('3');
    expect(classifyLayer('Flood Zone 2').floodRiskLevel).toBe('2');
  });

  it('maps the London-wide layer names', () => {
    expect(classifyLayer('Thames Policy Area (LPA)').constraintType).toBe('thames-policy-area');
    expect(classifyLayer('Protected Vistas (Extension)').constraintType).toBe('protected-view');
    expect(classifyLayer('Planning Authority').constraintType).toBe('other');
  });
});

describe('gla-planning-data-map authorities', () => {
  it('numbers the services by the GSS code, then LLDC 34 and OPDC 35', () => {
    expect(PLANNING_AUTHORITIES).toHaveLength(35);
    for (let n = 1; n <= 33; n++) {
      const nn = String(n).padStart(2, '0');
      expect(findAuthority(`E090000${nn}`)?.nn).toBe(nn);
    }
    expect(findAuthority('E09000001')?.name).toBe('City of London');
    expect(findAuthority('Hammersmith & Fulham')?.gss).toBe('E09000013');
    expect(findAuthority('Royal Borough of Kensington and Chelsea')?.nn).toBe('20');
    expect(findAuthority('LLDC')).toMatchObject({ nn: '34', confirmed: true });
    expect(findAuthority('opdc')).toMatchObject({ nn: '35', confirmed: false });
    expect(PLANNING_AUTHORITIES.filter((a) => !a.confirmed).map((a) => a.nn)).toEqual(['02', '07', '35']);
    expect(findAuthority('Slough')).toBeUndefined();
  });
});

describe('GLA metadata string (real layer 219 itemInfo)', () => {
  it('parses the pipe-delimited description, lists and quoted text intact', () => {
    const meta = parseGlaMetadata(itemInfo.description);
    expect(meta).toMatchObject({
      licence: 'ogl-v3',
      maintainer: 'GLA Planning',
      update_frequency: 'ad-hoc',
      tags: ['planningconstraintsmap', 'MapLondon'],
      topics: ['Planning', 'Housing', 'Environment'],
      london_smallest_geography: 'Custom Polygons',
    });
    expect(meta?.description).toMatch(/^The Thames Policy Area \(TPA\) is established/);
    expect(osStatement(meta?.description as string)).toBe(
      'Contains OS data © Crown copyright and database rights 2020.',
    );
    expect(parseGlaMetadata('')).toBeUndefined();
  });

  it('uses the accessInformation statement of the capture as the London-wide attribution', () => {
    expect(LONDON_WIDE_ATTRIBUTION).toBe(itemInfo.accessInformation);
  });
});

describe('gla-planning-data-map conformance', () => {
  it('passes validateConnector', async () => {
    serveIslington({ 'planning_local_plan_data_19_updated/41': siteAllocations, 'london/219': tpa });
    const result = await validateConnector(glaPlanningDataMap, {
      client: createClient({ cache: false }),
      cases: [
        {
          operation: 'constraints',
          params: { authority: 'Islington', point: [-0.1036, 51.5463] },
          minRecords: 3,
        },
        { operation: 'layers', params: { authority: 'E09000019' }, minRecords: 5 },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});
