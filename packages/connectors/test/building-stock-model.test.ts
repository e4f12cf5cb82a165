import { buildingStockModel } from '@ldn-twin/connectors/building-stock-model';
import { connect, createClient, isConfigError, type TwinRecordOf } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/*
 * No real London Building Stock Model response or file is recorded, and its columns are
 * UNCONFIRMED (see fixtures/london-datastore/SOURCES.md). Everything served here is BUILT FOR THESE
 * TESTS: the listing follows the layout of `GET /api/dataset/{id}` with per-borough resources named
 * as the field guide names them ("London Building Stock Model 2 - Lambeth"); the CSVs use the
 * connector's default candidate column names (guesses) or names given in the test's config.
 */
const BASE = 'https://data.london.gov.uk';
const SLUG = 'london-building-stock-model-2-lbsm-2-2k55d';
const LAMBETH = 'aaaaaaaa-1111-4222-8333-000000000001';
const HF = 'aaaaaaaa-1111-4222-8333-000000000002';

const resources = {
  [LAMBETH]: {
    title: 'London Building Stock Model 2 - Lambeth',
    url: `${BASE}/download/${SLUG}/${LAMBETH}/lbsm2_lambeth.csv`,
    order: 1,
    check_size: 4_000,
  },
  [HF]: {
    title: 'London Building Stock Model 2 - Hammersmith & Fulham',
    url: `${BASE}/download/${SLUG}/${HF}/lbsm2_hammersmith_and_fulham.csv`,
    order: 2,
  },
  'aaaaaaaa-1111-4222-8333-000000000003': {
    title: 'LBSM 2 data dictionary',
    url: `${BASE}/download/${SLUG}/aaaaaaaa-1111-4222-8333-000000000003/lbsm2_dictionary.pdf`,
    order: 3,
  },
};
const listing = { id: '2k55d', slug: SLUG, title: 'London Building Stock Model 2 (LBSM 2)', resources };

const lambethCsv = [
  'uprn,toid,age_band,floor_area,use,storeys,height,epc_rating,sap_score,easting,northing,wall_type',
  '100023336956,osgb1000005142312,1900-1929,84.5,Residential,3,10.2,D,61,530670,178610,Solid brick',
  '100023336957.0,,1945-1964,120,Residential,2.5,,C,70,,,Cavity',
  ',,Pre-1900,50,Commercial,1,4,,,,,',
  'not-a-uprn,,1930-1944,60,Residential,2,7,E,45,,,',
].join('\n');

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function serve(files: Record<string, string>) {
  const downloads: string[] = [];
  server.use(
    http.get(`${BASE}/api/dataset/${SLUG}`, () => HttpResponse.json(listing)),
    http.get(`${BASE}/download/${SLUG}/:id/:file`, ({ params }) => {
      downloads.push(String(params.id));
      const text = files[String(params.id)];
      return text === undefined
        ? new HttpResponse('missing', { status: 404 })
        : new HttpResponse(text, { headers: { 'content-type': 'text/csv' } });
    }),
  );
  return downloads;
}
const lbsm = (config: Record<string, unknown> = {}) =>
  connect(buildingStockModel, { client: createClient({ cache: false, retry: { limit: 0 } }), config });
type Building = TwinRecordOf<'Building'>;

describe('building-stock-model resources', () => {
  it('lists the per-borough files found through the dataset API as Dataset records', async () => {
    serve({});
    const { records } = await lbsm().resources({}).collect();
    expect(
      records.map((r) => [r.properties.name, r.properties.attributes.distributions?.[0]?.format]),
    ).toEqual([
      ['London Building Stock Model 2 - Lambeth', 'csv'],
      ['London Building Stock Model 2 - Hammersmith & Fulham', 'csv'],
      ['LBSM 2 data dictionary', 'pdf'],
    ]);
    expect(records[0]?.properties.relations).toEqual([
      { rel: 'partOf', target: 'urn:ldntwin:dataset:london-datastore:2k55d' },
    ]);
  });
});

describe('building-stock-model buildings', () => {
  it("maps a borough's rows to Building records through the column map, reporting rows it cannot identify", async () => {
    const downloads = serve({ [LAMBETH]: lambethCsv });
    const { records, report } = await lbsm().buildings({ borough: 'Lambeth' }).collect();
    expect(downloads).toEqual([LAMBETH]);
    const first = records[0] as Building;
    // TOID first: one building, possibly many UPRNs.
    expect(first.id).toBe('urn:ldntwin:building:toid:osgb1000005142312');
    expect(first.properties.identifiers).toEqual([
      { scheme: 'toid', value: 'osgb1000005142312' },
      { scheme: 'uprn', value: '100023336956' },
    ]);
    expect(first.properties.attributes).toEqual({
      use: 'Residential',
      storeys: 3,
      heightMetres: 10.2,
      ageBand: '1900-1929',
      floorAreaSquareMetres: 84.5,
      energyRating: 'D',
      energyEfficiency: 61,
      extra: { wall_type: 'Solid brick' },
    });
    expect(first.properties.provenance).toMatchObject({
      method: 'modelled',
      connector: 'building-stock-model',
    });
    expect(first.properties.locationPrecision).toBe('centroid');
    expect(first.place).toEqual({ type: 'Point', coordinates: [530670, 178610] });

    const second = records[1] as Building;
    // A UPRN written as a float is read as its integer; a fractional storey count stays in extra.
    expect(second.id).toBe('urn:ldntwin:building:uprn:100023336957');
    expect(second.properties.attributes.storeys).toBeUndefined();
    expect(second.properties.attributes.extra).toEqual({ storeys: '2.5', wall_type: 'Cavity' });
    expect(second.geometry).toBeNull();

    expect(report).toMatchObject({ received: 4, mapped: 2, failed: 2 });
    expect(report.issues.map((i) => i.stage)).toEqual(['map', 'map']);
    expect(report.issues[0]?.message).toMatch(/^line 4: no toid, uprn, id value to identify the building/);
    expect(report.issues[1]?.message).toBe('not a UPRN: "not-a-uprn"');
    expect(report.issues[1]?.raw).toMatchObject({ line: 5, values: { uprn: 'not-a-uprn' } });
  });

  it('reads columns under configured names and orders the id sources as configured', async () => {
    const csv = 'UPRN,BLD_ID,AGE,TFA\n100021234567,B-1,1919-1944,72\n';
    serve({ [HF]: csv });
    const { records } = await lbsm({
      columns: { uprn: ['UPRN'], id: ['bld_id'], ageBand: ['AGE'], floorArea: ['TFA'] },
      idFrom: ['id', 'uprn'],
    })
      .buildings({ borough: 'Hammersmith and Fulham' })
      .collect();
    expect(records[0]?.id).toBe('urn:ldntwin:building:london-building-stock-model:B-1');
    expect(records[0]?.properties.attributes).toMatchObject({
      ageBand: '1919-1944',
      floorAreaSquareMetres: 72,
    });
  });

  it('says what the file has when no identifier column matches the column map', async () => {
    serve({ [LAMBETH]: 'ref,band\n1,A\n' });
    const error = await lbsm()
      .buildings({ borough: 'Lambeth' })
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(error) && error.message).toMatch(
      /no toid\/uprn\/id column .* its header is: ref, band/,
    );
  });

  it('gives a ConfigError listing the files when no single CSV matches', async () => {
    serve({});
    const none = await lbsm()
      .buildings({ borough: 'Bromley' })
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(none) && none.message).toMatch(/no CSV resources match "Bromley".*Lambeth \(csv\)/);
    const many = await lbsm()
      .buildings({})
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(many) && many.message).toMatch(/^building-stock-model: 2 CSV resources match/);
  });
});

describe('building-stock-model conformance', () => {
  it('passes validateConnector', async () => {
    serve({ [LAMBETH]: lambethCsv });
    const result = await validateConnector(buildingStockModel, {
      client: createClient({ cache: false, retry: { limit: 0 } }),
      cases: [
        { operation: 'resources', params: {}, minRecords: 3 },
        { operation: 'buildings', params: { borough: 'Lambeth' }, minRecords: 2 },
        { operation: 'buildings', params: { borough: 'Bromley' }, expectError: true },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});
