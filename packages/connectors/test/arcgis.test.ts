import { readFileSync } from 'node:fs';
import {
  arcgis,
  HISTORIC_ENGLAND_LISTED_BUILDINGS_URL,
  NATURAL_ENGLAND_SSSI_URL,
  querySearchParams,
  resolveField,
} from '@ldn-twin/connectors/arcgis';
import { connect, createClient, isHttpError, isPagingError, type Logger } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/** Hand-made to the documented Esri shapes (see fixtures/arcgis/SOURCES.md): no capture exists. */
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/arcgis/${name}`, import.meta.url), 'utf8'));

const nhleLayer = fixture('handmade-nhle-layer0.json');
const nhlePage1 = fixture('handmade-nhle-query-page1.json');
const nhlePage2 = fixture('handmade-nhle-query-page2.json');
const sssiLayer = fixture('handmade-sssi-layer0.json');
const sssiPage = fixture('handmade-sssi-query.json');
const serviceInfo = fixture('handmade-service-info.json');
const esriError = fixture('handmade-esri-error.json');

/**
 * The publisher's statement as planning.data.gov.uk publishes it (`attribution-text` of a real 2026
 * `/dataset/{dataset}.json` body; see fixtures/planning-data/SOURCES.md).
 */
const publishedAttribution = (file: string, dataset: string): string =>
  JSON.parse(readFileSync(new URL(`./fixtures/planning-data/${file}`, import.meta.url), 'utf8'))[dataset][
    'attribution-text'
  ];

const NHLE = HISTORIC_ENGLAND_LISTED_BUILDINGS_URL;
const SSSI = NATURAL_ENGLAND_SSSI_URL;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const layers = (logger?: Logger, config?: Record<string, string>) =>
  connect(arcgis, {
    client: createClient({ cache: false, ...(logger ? { logger } : {}) }),
    ...(config ? { config } : {}),
  });

/** Serves a layer description and its query pages (by resultOffset), recording every query URL. */
function serveLayer(
  layerUrl: string,
  info: JsonBodyType,
  pages: (url: URL) => JsonBodyType,
): { queries: URL[] } {
  const queries: URL[] = [];
  server.use(
    http.get(layerUrl, () => HttpResponse.json(info)),
    http.get(`${layerUrl}/query`, ({ request }) => {
      const url = new URL(request.url);
      queries.push(url);
      return HttpResponse.json(pages(url));
    }),
  );
  return { queries };
}

describe('arcgis listedBuildings (Historic England NHLE preset)', () => {
  it('asks for WGS 84 GeoJSON around a point, pages while exceededTransferLimit is true, and maps NHLE fields', async () => {
    const { queries } = serveLayer(NHLE, nhleLayer, (url) =>
      url.searchParams.get('resultOffset') === '0' ? nhlePage1 : nhlePage2,
    );
    const { records, report } = await layers()
      .listedBuildings({ point: [-0.1281, 51.508], distance: 100 })
      .collect();

    expect(queries).toHaveLength(2);
    const first = queries[0]!.searchParams;
    expect(Object.fromEntries(first)).toMatchObject({
      where: '1=1',
      outFields: '*',
      outSR: '4326',
      f: 'geojson',
      geometry: '-0.1281,51.508',
      geometryType: 'esriGeometryPoint',
      inSR: '4326',
      spatialRel: 'esriSpatialRelIntersects',
      distance: '100',
      units: 'esriSRUnit_Meter',
      resultOffset: '0',
      resultRecordCount: '2000', // the layer's maxRecordCount
      orderByFields: 'OBJECTID', // the layer's objectIdField, for stable pages
    });
    expect(queries[1]!.searchParams.get('resultOffset')).toBe('2000');
    expect(report).toMatchObject({ received: 3, mapped: 3, failed: 0, pages: 2, complete: true });

    const [one, two, three] = records;
    expect(one!.id).toBe('urn:ldntwin:planning-constraint:nhle:9000001');
    expect(one!.geometry).toEqual({ type: 'Point', coordinates: [-0.1281, 51.5081] });
    expect(one!.properties.name).toBe('HAND-MADE LISTED BUILDING ONE');
    expect(one!.properties.attributes).toMatchObject({
      dataset: 'listed-building',
      constraintType: 'listed-building',
      reference: '9000001',
      grade: 'I',
      designationDate: '1950-01-01', // ListDate -631152000000 ms, an esriFieldTypeDate
      documentationUrl: 'https://historicengland.org.uk/listing/the-list/list-entry/9000001',
    });
    expect(one!.properties.attributes.extra).toMatchObject({ NGR: 'TQ 30000 80000', OBJECTID: '101' });
    expect(one!.properties.attributes.extra.AmendDate).toBeUndefined(); // null is absent
    expect(one!.properties.provenance).toMatchObject({
      publisher: 'Historic England',
      sourceId: '101',
      sourceUrl: `${NHLE}/101`,
      method: 'reported',
      connector: 'arcgis',
    });
    // Historic England's own statement, as planning.data publishes it for HE data (a recorded body),
    // with the year and the date obtained taken from the run.
    const retrievedAt = one!.properties.provenance.retrievedAt;
    const published = publishedAttribution(
      'planningdata-dataset-metadata.json',
      'archaeological-priority-area',
    )
      .replaceAll('2026', retrievedAt.slice(0, 4))
      .replace('[date]', retrievedAt.slice(0, 10));
    expect(one!.properties.licence).toEqual({
      id: 'OGL-UK-3.0',
      url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      attribution: published.split('\n'),
    });
    // No hyperlink: the link is built from the list entry number; AmendDate (epoch ms) kept as a date.
    expect(two!.properties.attributes.documentationUrl).toBe(
      'https://historicengland.org.uk/listing/the-list/list-entry/9000002',
    );
    expect(two!.properties.attributes.grade).toBe('II*');
    expect(two!.properties.attributes.extra.AmendDate).toBe('2020-01-01');
    expect(two!.properties.validFrom).toBe('2003-01-01');
    expect(three!.properties.attributes.designationDate).toBeUndefined();
    expect(three!.time).toBeNull();
  });

  it('uses a configured layer URL instead of the default', async () => {
    const mirror = 'https://proxy.example.london/arcgis/rest/services/NHLE/FeatureServer/0';
    const { queries } = serveLayer(mirror, nhleLayer, () => nhlePage2);
    const { records } = await layers(undefined, { listedBuildingsLayerUrl: mirror })
      .listedBuildings({ envelope: [-0.13, 51.5, -0.12, 51.51] })
      .collect();
    expect(records).toHaveLength(1);
    expect(queries[0]!.searchParams.get('geometry')).toBe('-0.13,51.5,-0.12,51.51');
    expect(queries[0]!.searchParams.get('geometryType')).toBe('esriGeometryEnvelope');
  });

  it('reports a malformed feature while the others arrive', async () => {
    const features = (nhlePage2.features as Record<string, unknown>[])[0]!;
    const broken = { ...features, geometry: { coordinates: [0, 51] } }; // no geometry type
    serveLayer(NHLE, nhleLayer, () => ({
      ...nhlePage1,
      features: [broken, ...(nhlePage1.features as unknown[])],
      properties: { exceededTransferLimit: false },
    }));
    const { records, report } = await layers()
      .listedBuildings({ point: [-0.1281, 51.508] })
      .collect();
    expect(records).toHaveLength(2);
    expect(report).toMatchObject({ received: 3, mapped: 2, failed: 1 });
    expect(report.issues[0]).toMatchObject({ index: 0, stage: 'parse', path: 'geometry.type' });
    expect(report.issues[0]!.raw).toEqual(broken);
  });
});

describe('arcgis sitesOfSpecialScientificInterest (Natural England preset)', () => {
  it('finds the name field at run time (NAME, not SSSI_NAME) and stops on a short page without the flag', async () => {
    const { queries } = serveLayer(SSSI, sssiLayer, () => sssiPage);
    const { records, report } = await layers()
      .sitesOfSpecialScientificInterest({ envelope: [-0.3, 51.5, -0.2, 51.6] })
      .collect();
    expect(queries).toHaveLength(1);
    expect(report.complete).toBe(true);
    expect(records[0]!.id).toBe('urn:ldntwin:planning-constraint:natural-england-sssi:5');
    expect(records[0]!.properties.name).toBe('HAND-MADE SSSI');
    expect(records[0]!.properties.attributes).toMatchObject({
      constraintType: 'site-of-special-scientific-interest',
      reference: '5',
    });
    expect(records[0]!.properties.attributes.extra).toMatchObject({ Shape__Area: '123456.7', FID: '5' });
    expect(records[0]!.properties.attributes.extra.NAME).toBeUndefined(); // used as the name
    // Natural England's own statement (a recorded planning.data body), with the year of the run.
    const year = records[0]!.properties.provenance.retrievedAt.slice(0, 4);
    expect(records[0]!.properties.licence.attribution).toEqual([
      publishedAttribution('planningdata-dataset-metadata-nature-trees.json', 'ancient-woodland').replaceAll(
        '2026',
        year,
      ),
    ]);
  });

  it('takes field overrides when the schema changes again', async () => {
    const renamed = {
      ...sssiLayer,
      fields: [
        { name: 'FID', type: 'esriFieldTypeOID' },
        { name: 'SITE_LABEL', type: 'esriFieldTypeString' },
      ],
    };
    const page = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', id: 9, geometry: null, properties: { FID: 9, SITE_LABEL: 'Renamed' } }],
    };
    serveLayer(SSSI, renamed, () => page);
    const lines: unknown[][] = [];
    const logger: Logger = { warn: (...args) => lines.push(args) };
    const { records } = await layers(logger)
      .sitesOfSpecialScientificInterest({ point: [-0.25, 51.57], fields: { name: ['SITE_LABEL'] } })
      .collect();
    expect(records[0]!.properties.name).toBe('Renamed');
    expect(records[0]!.geometry).toBeNull();
    expect(records[0]!.properties.locationPrecision).toBe('none');
    expect(lines).toEqual([]); // every named field was found

    serveLayer(SSSI, renamed, () => page);
    await layers(logger)
      .sitesOfSpecialScientificInterest({ point: [-0.25, 51.57] })
      .collect();
    expect(lines).toEqual([
      ['arcgis: mapped fields not in the layer', { layerUrl: SSSI, missing: ['name'] }],
    ]);
  });
});

describe('arcgis query (any layer, pluggable mapping)', () => {
  const layerUrl = 'https://services.arcgis.com/example/arcgis/rest/services/borough_layers/FeatureServer/3';
  const mapping = {
    constraintType: 'conservation-area' as const,
    dataset: 'conservation-area',
    publisher: 'London Borough of Example',
    fields: { name: ['SITENAME'], reference: 'sitereference' },
  };
  const info = {
    id: 3,
    name: 'Conservation Areas',
    copyrightText: 'Borough of Example',
    objectIdField: 'objectid',
    maxRecordCount: 2000,
    fields: [
      { name: 'objectid', type: 'esriFieldTypeOID' },
      { name: 'sitereference', type: 'esriFieldTypeString' },
      { name: 'sitename', type: 'esriFieldTypeString' },
    ],
  };
  const feature = (id: number) => ({
    type: 'Feature',
    id,
    geometry: null,
    properties: { objectid: id, sitereference: `CA${id}`, sitename: `Area ${id}` },
  });

  it('resolves field names case-insensitively and quotes the layer copyright when the mapping has no licence', async () => {
    serveLayer(layerUrl, info, () => ({ type: 'FeatureCollection', features: [feature(1)] }));
    const { records } = await layers()
      .query({ layerUrl, mapping, point: [-0.1, 51.5] })
      .collect();
    expect(records[0]!.id).toBe('urn:ldntwin:planning-constraint:conservation-area:CA1');
    expect(records[0]!.properties.name).toBe('Area 1');
    expect(records[0]!.properties.licence).toEqual({
      id: 'NOASSERTION',
      attribution: ['Borough of Example'],
    });
    expect(records[0]!.properties.attributes.extra).toMatchObject({
      layerName: 'Conservation Areas',
      layerUrl,
    });
  });

  it('keeps a designation date it cannot read as published, in extra', async () => {
    const dated = { ...info, fields: [...info.fields, { name: 'DESIGNATED', type: 'esriFieldTypeString' }] };
    const page = {
      type: 'FeatureCollection',
      features: [{ ...feature(1), properties: { ...feature(1).properties, DESIGNATED: 'c. 1970' } }],
    };
    serveLayer(layerUrl, dated, () => page);
    const { records } = await layers()
      .query({ layerUrl, mapping: { ...mapping, fields: { ...mapping.fields, date: 'designated' } } })
      .collect();
    expect(records[0]!.properties.attributes.designationDate).toBeUndefined();
    expect(records[0]!.properties.attributes.extra.DESIGNATED).toBe('c. 1970');
    expect(records[0]!.properties.identifiers).toEqual([
      { scheme: 'other', value: 'CA1', issuer: 'conservation-area' },
    ]);
  });

  it('continues after a full page without the flag, and through empty pages that claim more', async () => {
    const byOffset: Record<string, JsonBodyType> = {
      '0': { type: 'FeatureCollection', features: [feature(1)] }, // full page (size 1), no flag
      '1': { type: 'FeatureCollection', features: [], properties: { exceededTransferLimit: true } },
      '2': {
        type: 'FeatureCollection',
        features: [feature(3)],
        properties: { exceededTransferLimit: false },
      },
    };
    const { queries } = serveLayer(layerUrl, info, (url) => byOffset[url.searchParams.get('resultOffset')!]);
    const { records, report } = await layers().query({ layerUrl, mapping, pageSize: 1 }).collect();
    expect(queries.map((q) => q.searchParams.get('resultOffset'))).toEqual(['0', '1', '2']);
    expect(records.map((r) => r.properties.attributes.reference)).toEqual(['CA1', 'CA3']);
    expect(report.pages).toBe(3);
  });

  it('caps the page size at the layer maxRecordCount', async () => {
    const { queries } = serveLayer(layerUrl, { ...info, maxRecordCount: 500 }, () => ({
      type: 'FeatureCollection',
      features: [],
    }));
    await layers().query({ layerUrl, mapping, pageSize: 5000 }).collect();
    expect(queries[0]!.searchParams.get('resultRecordCount')).toBe('500');
  });

  it('ends with a PagingError when a layer that cannot page holds more', async () => {
    serveLayer(layerUrl, { ...info, advancedQueryCapabilities: { supportsPagination: false } }, () => ({
      type: 'FeatureCollection',
      features: [feature(1)],
      properties: { exceededTransferLimit: true },
    }));
    const error = await layers()
      .query({ layerUrl, mapping })
      .collect()
      .catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
  });

  it('turns an Esri error body sent with HTTP 200 into a typed HttpError', async () => {
    server.use(
      http.get(layerUrl, () => HttpResponse.json(info)),
      http.get(`${layerUrl}/query`, () => HttpResponse.json(esriError)),
    );
    const error = await layers()
      .query({ layerUrl, mapping, where: 'nonsense' })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(400);
    expect((error as Error).message).toMatch(/Invalid or missing input parameters/);
    expect(isHttpError(error) && error.body).toEqual(esriError);
  });

  it('rejects bad params before sending anything', () => {
    const bound = layers();
    expect(() => bound.query({ layerUrl, mapping, point: [0, 51], envelope: [0, 51, 1, 52] })).toThrow(
      /not both/,
    );
    expect(() => bound.query({ layerUrl, mapping, distance: 5 })).toThrow(/distance needs a point/);
    expect(() => bound.query({ layerUrl: `${layerUrl}/query`, mapping })).toThrow(/layerUrl/);
    expect(() =>
      bound.query({ layerUrl, mapping: { ...mapping, constraintType: 'nonsense' as 'other' } }),
    ).toThrow(/mapping.constraintType/);
  });
});

describe('arcgis layers', () => {
  it('lists layers and tables as Dataset records', async () => {
    const serviceUrl =
      'https://services.arcgis.com/example/arcgis/rest/services/borough_layers/FeatureServer';
    server.use(http.get(serviceUrl, () => HttpResponse.json(serviceInfo)));
    const { records } = await layers().layers({ serviceUrl }).collect();
    expect(records.map((r) => [r.properties.name, r.properties.attributes.landingPage])).toEqual([
      ['Conservation Areas', `${serviceUrl}/0`],
      ['Site Allocations', `${serviceUrl}/1`],
      ['Lookup', `${serviceUrl}/2`],
    ]);
    expect(records[1]!.properties.attributes.distributions?.[0]?.url).toBe(
      `${serviceUrl}/1/query?where=1%3D1&outFields=*&outSR=4326&f=geojson`,
    );
    expect(records[0]!.properties.attributes.parentLayerId).toBeUndefined(); // -1 means top level
  });
});

describe('arcgis helpers', () => {
  it('builds the Esri query parameters', () => {
    expect(
      querySearchParams({ where: ' ', envelope: [-0.13, 51.5, -0.12, 51.51], outFields: ['Name', 'Grade'] }),
    ).toEqual({
      where: '1=1',
      outFields: 'Name,Grade',
      returnGeometry: 'true',
      outSR: '4326',
      f: 'geojson',
      geometry: '-0.13,51.5,-0.12,51.51',
      geometryType: 'esriGeometryEnvelope',
      inSR: '4326',
      spatialRel: 'esriSpatialRelIntersects',
    });
  });

  it('resolves the first candidate field the layer has, in its spelling', () => {
    const fields = [{ name: 'Name' }, { name: 'SSSI_NAME' }];
    expect(resolveField(['NAME', 'SSSI_NAME'], fields)).toBe('Name');
    expect(resolveField(['REF'], fields)).toBeUndefined();
    expect(resolveField('REF', [])).toBe('REF'); // no field list: trusted as given
  });
});

describe('arcgis conformance', () => {
  it('passes validateConnector', async () => {
    serveLayer(NHLE, nhleLayer, (url) =>
      url.searchParams.get('resultOffset') === '0' ? nhlePage1 : nhlePage2,
    );
    serveLayer(SSSI, sssiLayer, () => sssiPage);
    const serviceUrl = 'https://services.arcgis.com/example/arcgis/rest/services/x/FeatureServer';
    server.use(http.get(serviceUrl, () => HttpResponse.json(serviceInfo)));
    const result = await validateConnector(arcgis, {
      client: createClient({ cache: false }),
      cases: [
        { operation: 'listedBuildings', params: { point: [-0.1281, 51.508] }, minRecords: 3 },
        { operation: 'sitesOfSpecialScientificInterest', params: { point: [-0.25, 51.57] } },
        { operation: 'layers', params: { serviceUrl }, minRecords: 3 },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});
