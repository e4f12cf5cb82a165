import { readFileSync } from 'node:fs';
import { mapCertificate, openDataCommunitiesV1, RawCertificate } from '@ldn-twin/connectors/epc';
import { createClient, OPEN_ACCESS } from '@ldn-twin/core';
import {
  certifiedBuildings,
  rankRetrofit,
  retrofitCandidates,
  retrofitRankingLines,
} from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../connectors/test/fixtures/${path}`, import.meta.url), 'utf8'));

// A real v1 search row: 94 Lillie Road, UPRN 34053831, lodged 2017-09-08, 60 -> 76, CO2 5.6 -> 3.
const row = fixture('epc/epc-domestic-search-row-hammersmith.json') as Record<string, string>;
const KEY = 'epc-key-never-shown-0123456789';
const V1 = 'https://epc.opendatacommunities.org/api/v1';
const REGISTER = 'https://api.get-energy-performance-data.communities.gov.uk';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });
const v1 = { epc: { source: openDataCommunitiesV1, email: 'analyst@example.gov.uk', apiKey: KEY } };
const v1Rows = (type: string, rows: unknown[]) =>
  http.get(`${V1}/${type}/search`, () => HttpResponse.json({ 'column-names': Object.keys(row), rows }));

describe('retrofitCandidates ranks buildings, not certificates', () => {
  it('ranks the latest certificate of each building; a replaced one is history, not ranked or summed', async () => {
    // Constructed from the real row: the same home's earlier certificate (before a retrofit: 40
    // points, 8 t CO2), and a neighbour with one certificate (70 -> 80, lodged once).
    const before = {
      ...row,
      'lmk-key': 'before-retrofit',
      'lodgement-date': '2012-03-01',
      'inspection-date': '2012-02-28',
      'current-energy-efficiency': '40',
      'co2-emissions-current': '8',
    };
    const neighbour = {
      ...row,
      'lmk-key': 'neighbour',
      uprn: '34053832',
      address: '96 Lillie Road',
      'current-energy-efficiency': '70',
      'potential-energy-efficiency': '80',
      'co2-emissions-current': '4',
      'co2-emissions-potential': '3.5',
    };
    server.use(v1Rows('domestic', [before, neighbour, row]));
    const report = await retrofitCandidates(
      { borough: 'Hammersmith and Fulham' },
      { client: client(), config: v1, locate: false },
    );
    expect(report.buildings).toHaveLength(2);
    expect(
      report.candidates.map((c) => [c.building.key, c.record.properties.attributes.lmkKey, c.efficiencyGap]),
    ).toEqual([
      ['uprn:34053831', row['lmk-key'], 16],
      ['uprn:34053832', 'neighbour', 10],
    ]);
    const home = report.candidates[0]!.building;
    expect(home.history.map((c) => c.properties.attributes.lmkKey)).toEqual(['before-retrofit']);
    // 2.6 (94, latest) + 0.5 (96); the old certificate's 5 t is not added.
    expect(report.summary[0]).toBe(
      'Hammersmith and Fulham: 3 domestic certificates of 2 buildings (1 superseded kept as history, not ranked); 2 buildings ranked; 3.1 tonnes of CO2 a year at stake on their latest certificates.',
    );
    expect(report.summary[1]).toBe(
      'Domestic buildings ranked by efficiency gap (potential less current SAP points), largest first:',
    );
    expect(report.summary[2]).toMatch(
      /^1\. 94 Lillie Road \(UPRN 34053831\): D to C \(\+16 points, 2\.6 t CO2\/yr\), Maisonette.*, 1 earlier certificate superseded$/,
    );
    expect(report.summary.filter((l) => l.includes('94 Lillie Road'))).toHaveLength(1);
    expect(JSON.stringify(report)).not.toContain(KEY);
  });

  it('ranks non-domestic buildings by their own asset rating, worst first', async () => {
    const office = (key: string, uprn: string, rating: string, band: string) => ({
      ...row,
      'lmk-key': key,
      uprn,
      address: `${key} House`,
      'asset-rating': rating,
      'asset-rating-band': band,
      'floor-area': '412',
      'total-floor-area': '',
      'current-energy-efficiency': '',
      'potential-energy-efficiency': '',
    });
    server.use(v1Rows('non-domestic', [office('Low', '1', '48', 'B'), office('High', '2', '120', 'E')]));
    const report = await retrofitCandidates(
      { borough: 'Hammersmith and Fulham' },
      { client: client(), config: v1, type: 'non-domestic', locate: false },
    );
    expect(report.candidates.map((c) => [c.record.properties.attributes.address, c.assetRating])).toEqual([
      ['High House', 120],
      ['Low House', 48],
    ]);
    expect(report.summary[1]).toBe('Non-domestic buildings ranked by asset rating, worst (highest) first:');
    expect(report.summary[2]).toMatch(/^1\. High House \(UPRN 2\): asset rating 120 \(band E\), 412 m²/);
  });

  it('asks the replacement register by default, with certificate detail (documented shape, no live capture)', async () => {
    const search = fixture('epc-2026/epc2026-domestic-search-openapi-example.json');
    const certificate = fixture('epc-2026/epc2026-certificate-rdsap-21.0.1-publisher-sample.json');
    let council: string[] = [];
    server.use(
      http.get(`${REGISTER}/api/domestic/search`, ({ request }) => {
        council = new URL(request.url).searchParams.getAll('council[]');
        return HttpResponse.json(search);
      }),
      http.get(`${REGISTER}/api/certificate`, () => HttpResponse.json({ data: certificate })),
    );
    const report = await retrofitCandidates(
      { borough: 'Hammersmith and Fulham' },
      { client: client(), config: { epc: { token: 'tok-never-shown' } }, locate: false },
    );
    expect(council).toEqual(['Hammersmith and Fulham']);
    expect(report.candidates.map((c) => [c.building.key, c.efficiencyGap, c.co2AtStake])).toEqual([
      ['uprn:100121241798', 22, 1],
    ]);
    expect(report.candidates[0]?.record.properties.attributes.recommendations).toHaveLength(3);
    expect(JSON.stringify(report)).not.toContain('tok-never-shown');
  });
});

describe('retrofitCandidates counts only the certificates of the area asked', () => {
  // Built from the real Hammersmith row: the register's answer to "Lambeth" is not taken on trust.
  const at = (key: string, uprn: string, changes: Record<string, string>) => ({
    ...row,
    'lmk-key': key,
    uprn,
    address: `${key} Road`,
    ...changes,
  });
  const lambeth = at('lambeth', '1', { 'local-authority': 'E09000022', 'local-authority-label': 'Lambeth' });
  const lambethByName = at('named', '2', { 'local-authority': '', 'local-authority-label': 'Lambeth' });
  const hammersmith = at('hammersmith', '3', {}); // the real row's own code, E09000013
  // No local authority; its postcode (the recorded postcodes.io answer) lies in Lancashire.
  const preston = at('preston', '4', {
    'local-authority': '',
    'local-authority-label': '',
    postcode: 'PR3 0SG',
  });
  const nowhere = at('nowhere', '5', { 'local-authority': '', 'local-authority-label': '', postcode: '' });
  const bulk = http.post('https://api.postcodes.io/postcodes', () =>
    HttpResponse.json(fixture('postcodes-io/postcodes-io-bulk-lookup.json')),
  );

  it('places each certificate by its own local authority or postcode; received = counted + outside + unknown', async () => {
    server.use(v1Rows('domestic', [lambeth, lambethByName, hammersmith, preston, nowhere]), bulk);
    const report = await retrofitCandidates({ borough: 'Lambeth' }, { client: client(), config: v1 });
    expect(report.buildings.map((b) => b.key).sort()).toEqual(['uprn:1', 'uprn:2']);
    expect(report.candidates.map((c) => c.building.key).sort()).toEqual(['uprn:1', 'uprn:2']);
    expect(report.summary[0]).toMatch(
      /^Lambeth: 2 domestic certificates of 2 buildings \(of 5 the register returned; 0 superseded kept as history, not ranked\); 2 buildings ranked;/,
    );
    expect(report.summary).toContain(
      'Outside the area: 2 certificates the register returned lie outside Lambeth (Hammersmith and Fulham: 1, outside London: 1): not counted.',
    );
    expect(report.summary).toContain(
      'Area unknown: 1 certificate naming no local authority, not placed by postcode: not counted.',
    );
    expect(report.summary.join('\n')).not.toMatch(/hammersmith Road|preston Road|nowhere Road/);
    const certificates = report.records.filter((r) => r.featureType === 'EnergyPerformance');
    expect(certificates.map((r) => r.properties.attributes)).toHaveLength(2);
    // The Lancashire centroid placed a certificate that is not counted: it is not in the answer either.
    expect(report.records.filter((r) => r.featureType !== 'EnergyPerformance')).toEqual([]);
  });

  it('says no certificate of the area was returned when all lie elsewhere (the offline archive case)', async () => {
    server.use(v1Rows('domestic', [row]));
    const report = await retrofitCandidates(
      { borough: 'Lambeth' },
      { client: client(), config: v1, locate: false },
    );
    expect(report.summary.slice(0, 2)).toEqual([
      'Lambeth: no domestic certificate in Lambeth (of 1 the register returned).',
      'Outside the area: 1 certificate the register returned lies outside Lambeth (Hammersmith and Fulham: 1): not counted.',
    ]);
    expect(report.candidates).toEqual([]);
    expect(report.records).toEqual([]);
  });

  it('asked by postcode, counts the certificates of that postcode only', async () => {
    const other = at('other', '6', { postcode: 'SW6 7SS' });
    server.use(v1Rows('domestic', [row, other]));
    const report = await retrofitCandidates(
      { borough: 'Hammersmith and Fulham' },
      { client: client(), config: v1, postcode: 'sw6 7ss', locate: false },
    );
    expect(report.buildings.map((b) => b.key)).toEqual(['uprn:6']);
    expect(report.summary).toContain(
      `Outside the area: 1 certificate the register returned lies outside sw6 7ss (${row.postcode}: 1): not counted.`,
    );
  });
});

describe('rankRetrofit never mixes the two scores in one ranking', () => {
  const certificate = (type: 'domestic' | 'non-domestic', changes: Record<string, string>) =>
    mapCertificate(RawCertificate.parse({ ...row, ...changes }), {
      certificateType: type,
      retrievedAt: '2026-12-07T00:00:00Z',
      licence: { id: 'LicenseRef-test', attribution: ['test'] },
      access: OPEN_ACCESS,
      certificateUrl: () => undefined,
    });
  const home = (key: string, uprn: string, current: string, potential: string) =>
    certificate('domestic', {
      'lmk-key': key,
      uprn,
      address: key,
      'current-energy-efficiency': current,
      'potential-energy-efficiency': potential,
    });
  const office = (key: string, uprn: string, rating: string) =>
    certificate('non-domestic', {
      'lmk-key': key,
      uprn,
      address: key,
      'asset-rating': rating,
      'current-energy-efficiency': '',
      'potential-energy-efficiency': '',
    });

  it('ranks each type on its own score, with its own numbering, under a line naming the score', () => {
    // Interleaved by score the office rated 20 would sit between the homes (gaps 30 and 5).
    const ranked = rankRetrofit(
      certifiedBuildings([
        office('office-20', '20', '20'),
        home('home-5', '5', '70', '75'),
        office('office-120', '120', '120'),
        home('home-30', '30', '40', '70'),
      ]),
    );
    expect(ranked.map((c) => [c.building.key, c.rank])).toEqual([
      ['uprn:30', 1],
      ['uprn:5', 2],
      ['uprn:120', 1],
      ['uprn:20', 2],
    ]);
    expect(retrofitRankingLines(ranked, 1).map((line) => line.replace(/:.*$/, ''))).toEqual([
      'Domestic buildings ranked by efficiency gap (potential less current SAP points), largest first',
      '1. home-30 (UPRN 30)',
      'Non-domestic buildings ranked by asset rating, worst (highest) first',
      '1. office-120 (UPRN 120)',
    ]);
  });
});

describe('certifiedBuildings', () => {
  const certificate = (changes: Record<string, string>) =>
    mapCertificate(RawCertificate.parse({ ...row, ...changes }), {
      certificateType: 'domestic',
      retrievedAt: '2026-12-07T00:00:00Z',
      licence: { id: 'LicenseRef-test', attribution: ['test'] },
      access: OPEN_ACCESS,
      certificateUrl: () => undefined,
    });

  it('gathers certificates without a UPRN by the building reference, else keeps each alone', () => {
    const buildings = certifiedBuildings([
      certificate({
        'lmk-key': 'old',
        uprn: '',
        'building-reference-number': '7001',
        'lodgement-date': '2014-01-01',
      }),
      certificate({
        'lmk-key': 'new',
        uprn: '',
        'building-reference-number': '7001',
        'lodgement-date': '2021-06-01',
      }),
      certificate({ 'lmk-key': 'alone', uprn: '', 'building-reference-number': '' }),
    ]);
    expect(
      buildings.map((b) => [
        b.key,
        b.latest.properties.attributes.lmkKey,
        b.history.map((h) => h.properties.attributes.lmkKey),
      ]),
    ).toEqual([
      ['brn:7001', 'new', ['old']],
      ['certificate:urn:ldntwin:energy-performance:epc-lmk-key:alone', 'alone', []],
    ]);
    // Both buildings rank once each, on their latest certificates.
    expect(rankRetrofit(buildings).map((c) => c.record.properties.attributes.lmkKey)).toEqual([
      'new',
      'alone',
    ]);
  });
});

describe('retrofitCandidates joins the Building Stock Model and places buildings', () => {
  // Built for this test (no real model file is recorded; its columns are unconfirmed): the
  // Datastore listing layout the building-stock-model connector reads, with one borough file.
  const DATASTORE = 'https://data.london.gov.uk';
  const SLUG = 'london-building-stock-model-2-lbsm-2-2k55d';
  const HF = 'aaaaaaaa-1111-4222-8333-000000000002';
  const listing = {
    id: '2k55d',
    slug: SLUG,
    title: 'London Building Stock Model 2 (LBSM 2)',
    resources: {
      [HF]: {
        title: 'London Building Stock Model 2 - Hammersmith and Fulham',
        url: `${DATASTORE}/download/${SLUG}/${HF}/lbsm2_hammersmith_and_fulham.csv`,
        order: 1,
      },
    },
  };
  const csv = [
    'uprn,toid,age_band,floor_area,use,easting,northing',
    '34053831,osgb1000005142312,1900-1929,133,Residential,524600,177700',
    '34099999,osgb1000005142399,1930-1944,90,Residential,524700,177800',
  ].join('\n');

  it('joins certificates to buildings by UPRN, names the building with none, and places each building', async () => {
    // The neighbour's postcode is the one in the recorded postcodes.io bulk answer (PR3 0SG), so it
    // is placed at that centroid; a third building's postcode is not answered and stays unplaced.
    const neighbour = {
      ...row,
      'lmk-key': 'n',
      uprn: '34053832',
      address: '96 Lillie Road',
      postcode: 'PR3 0SG',
    };
    const unknown = {
      ...row,
      'lmk-key': 'u',
      uprn: '34053833',
      address: '98 Lillie Road',
      postcode: 'SW6 7SS',
    };
    let asked: unknown;
    server.use(
      v1Rows('domestic', [row, neighbour, unknown]),
      http.get(`${DATASTORE}/api/dataset/${SLUG}`, () => HttpResponse.json(listing)),
      http.get(
        `${DATASTORE}/download/${SLUG}/:id/:file`,
        () => new HttpResponse(csv, { headers: { 'content-type': 'text/csv' } }),
      ),
      http.post('https://api.postcodes.io/postcodes', async ({ request }) => {
        asked = await request.json();
        return HttpResponse.json(fixture('postcodes-io/postcodes-io-bulk-lookup.json'));
      }),
    );
    const report = await retrofitCandidates(
      { borough: 'Hammersmith and Fulham' },
      { client: client(), config: v1, buildingStock: true },
    );
    const byKey = new Map(report.buildings.map((b) => [b.key, b]));
    expect(byKey.get('uprn:34053831')?.building?.properties.identifiers).toContainEqual({
      scheme: 'toid',
      value: 'osgb1000005142312',
    });
    expect(byKey.get('uprn:34053831')?.location?.locationPrecision).toBe('centroid');
    // Only the buildings the model does not place are looked up, each postcode once.
    expect(asked).toEqual({ postcodes: ['PR30SG', 'SW67SS'] });
    expect(byKey.get('uprn:34053832')?.location).toEqual({
      point: [-2.723233, 53.873809],
      locationPrecision: 'postcode',
    });
    expect(byKey.get('uprn:34053833')?.location).toBeUndefined();
    expect(
      report.uncertified.map((b) => b.properties.identifiers.find((i) => i.scheme === 'uprn')?.value),
    ).toEqual(['34099999']);
    expect(report.summary.slice(-2)).toEqual([
      'Building Stock Model: 2 buildings, 1 joined to a certificate, 1 with none (e.g. UPRN 34099999).',
      '2 of 3 buildings placed on the map.',
    ]);
  });
});
