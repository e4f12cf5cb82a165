// retrofitCandidates and capacityForGrowth read from a store instead of the network, tested by
// construction: a store synced from the very responses the network path reads must give the same
// answer without a request, and say it answered from the store and as of when; a sync that does not
// hold what the question needs (another borough, another type, no detail, another year) is not
// answered, never "none"; what the audience may not see is withheld and counted.
//
// EPC: the real v1 search row (packages/connectors/test/fixtures/epc, 94 Lillie Road) and
// certificates constructed from it, as packages/questions/test/retrofit.test.ts builds them. UKPN:
// feeding areas and headroom rows in the documented shape (no live capture), as
// packages/questions/test/capacity.test.ts builds them; Datahub hits in the real capture's shape.
import { readFileSync } from 'node:fs';
import { epc, openDataCommunitiesV1 } from '@ldn-twin/connectors/epc';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { ukpn } from '@ldn-twin/connectors/ukpn';
import { connect, createClient, type TwinRecord } from '@ldn-twin/core';
import { capacityForGrowth, type QuestionReport, retrofitCandidates } from '@ldn-twin/questions';
import { type Store, type SyncCheckpoint, syncConnector } from '@ldn-twin/store';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshStore } from '../../packages/store/test/fixtures.ts';

const fixtures = new URL('../../packages/connectors/test/fixtures/', import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));

const V1 = 'https://epc.opendatacommunities.org/api/v1';
const ODS = 'https://ukpowernetworks.opendatasoft.com/api/explore/v2.1/catalog/datasets';
const PLD = 'https://planningdata.london.gov.uk/api-guest/applications/_search';

let requests = 0;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });
const ids = (records: readonly TwinRecord[]) => records.map((r) => r.id).sort();
/** The summary before the lines on where it came from and what was not asked. */
const reading = (report: QuestionReport) =>
  report.summary.filter((line) => !/^(From the store|Not asked|Not answered|Not counted)/.test(line));
const aged = (days: number) => new Date(Date.now() - days * 86_400_000 - 3_600_000).toISOString();

/** Makes a stored sync look `days` old for the length of `check`. */
async function staleFor(store: Store, key: string, days: number, check: (old: string) => Promise<void>) {
  const checkpoint = await store.checkpoint<SyncCheckpoint>(key);
  if (checkpoint === undefined) throw new Error(`no checkpoint ${key}`);
  const old = aged(days);
  await store.saveCheckpoint(key, { ...checkpoint, startedAt: old, completedAt: old });
  try {
    await check(old);
  } finally {
    await store.saveCheckpoint(key, checkpoint);
  }
}

describe('retrofitCandidates({ store })', () => {
  // A real v1 row: 94 Lillie Road, UPRN 34053831, lodged 2017-09-08, 60 -> 76, CO2 5.6 -> 3.
  const row = read('epc/epc-domestic-search-row-hammersmith.json') as Record<string, string>;
  const v1 = { source: openDataCommunitiesV1, email: 'analyst@example.gov.uk', apiKey: 'k' };
  // By construction: the same home's earlier certificate (before a retrofit: 40 points, 8 t CO2),
  // superseded by the real one; and a neighbour with one certificate (70 -> 80).
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
  let rows: Record<string, string>[] = [];
  const register = () =>
    http.get(`${V1}/:type/search`, () => {
      requests += 1;
      return HttpResponse.json({ 'column-names': Object.keys(row), rows });
    });
  const certificates = () => connect(epc, { client: client(), config: v1 });
  const H_AND_F = { borough: 'Hammersmith and Fulham' };
  const params = { type: 'domestic', details: true, localAuthority: 'E09000013' } as const;
  let store: Store;
  let key: string;
  beforeAll(async () => {
    store = await freshStore('pglite');
  }, 120_000);
  afterAll(() => store?.close());

  it('is not answered from a sync that does not hold the borough whole, never "no certificate"', async () => {
    server.use(register());
    rows = [row];
    // Another borough, the other type, a postcode, no detail: none holds H&F's domestic certificates.
    await syncConnector(store, certificates(), 'search', { ...params, localAuthority: 'E09000022' });
    await syncConnector(store, certificates(), 'search', { ...params, type: 'non-domestic' });
    await syncConnector(store, certificates(), 'search', { ...params, postcode: 'SW6 7SR' });
    await syncConnector(store, certificates(), 'search', { type: 'domestic', localAuthority: 'E09000013' });
    const before = requests;
    const report = await retrofitCandidates(H_AND_F, { store, locate: false });
    expect(requests).toBe(before);
    expect(report.sources[0]).toMatchObject({
      status: 'failed',
      error: { code: 'NOT_IN_STORE', reason: 'no sync in the store covers this place' },
    });
    expect(report.outcome).toBe('none');
    expect(report.candidates).toEqual([]);
    expect(report.summary.join('\n')).not.toMatch(/no domestic certificate/);
    // A postcode is not read from a store at all.
    const postcode = await retrofitCandidates(H_AND_F, { store, postcode: 'SW6 7SR', locate: false });
    expect(postcode.sources[0]).toMatchObject({
      status: 'failed',
      error: { reason: 'a postcode is not read from a store: ask for the borough' },
    });
  });

  it('ranks the latest certificate per building as the network does, with a superseded one in the store', async () => {
    server.use(register());
    rows = [before, neighbour, row];
    const sync = await syncConnector(store, certificates(), 'search', params);
    expect(sync.complete).toBe(true);
    key = sync.source;
    const network = await retrofitCandidates(H_AND_F, {
      client: client(),
      config: { epc: v1 },
      locate: false,
    });
    const asked = requests;
    const stored = await retrofitCandidates(H_AND_F, { store, locate: false });
    expect(requests).toBe(asked);
    // By construction: 94 Lillie Road's 2012 certificate is history, its 2017 one ranks (+16 points).
    expect(network.buildings).toHaveLength(2);
    expect(
      stored.buildings.map((b) => [b.key, b.latest.properties.attributes.lmkKey, b.history.length]),
    ).toEqual(network.buildings.map((b) => [b.key, b.latest.properties.attributes.lmkKey, b.history.length]));
    const lillie = stored.buildings.find((b) => b.key === 'uprn:34053831');
    expect(lillie?.latest.properties.attributes.lmkKey).toBe(row['lmk-key']);
    expect(lillie?.history.map((c) => c.properties.attributes.lmkKey)).toEqual(['before-retrofit']);
    expect(stored.candidates.map((c) => [c.building.key, c.efficiencyGap, c.rank])).toEqual([
      ['uprn:34053831', 16, 1],
      ['uprn:34053832', 10, 2],
    ]);
    expect(reading(stored)).toEqual(network.summary);
    expect(ids(stored.records)).toEqual(ids(network.records));
    const checkpoint = await store.checkpoint<SyncCheckpoint>(key);
    expect(stored.sources[0]?.store?.asOf).toBe(checkpoint?.startedAt);
    expect(stored.summary).toContain(
      `From the store, not the network: domestic energy performance certificates (EPC register), synced ${checkpoint?.startedAt} (0 hours ago).`,
    );
    expect(stored.complete).toBe(true);
  });

  it('counts the latest lodged, not the latest synced: a superseded certificate synced after its successor', async () => {
    const later = await freshStore('pglite');
    try {
      server.use(register());
      rows = [row];
      await syncConnector(later, certificates(), 'search', params);
      // The same sync again, now returning only the 2012 certificate: the store holds both.
      rows = [before];
      await syncConnector(later, certificates(), 'search', params);
      const report = await retrofitCandidates(H_AND_F, { store: later, locate: false });
      expect(report.buildings).toHaveLength(1);
      expect(report.buildings[0]?.latest.properties.attributes.lmkKey).toBe(row['lmk-key']);
      expect(report.candidates.map((c) => c.efficiencyGap)).toEqual([16]);
      expect(report.summary[0]).toMatch(
        /2 domestic certificates of 1 building \(1 superseded kept as history/,
      );
    } finally {
      await later.close();
    }
  }, 120_000);

  it('says how old a stale sync is, and what it does not read from a store', async () => {
    await staleFor(store, key, 40, async (old) => {
      const report = await retrofitCandidates(H_AND_F, { store, buildingStock: true });
      expect(report.summary).toContain(
        `From the store, not the network: domestic energy performance certificates (EPC register), synced ${old} (40 days ago).`,
      );
      // Placing by postcode and the Building Stock Model are not read from a store: not asked.
      expect(report.summary).toContain(
        'Not asked: buildings (London Building Stock Model) (not read from a store yet).',
      );
      expect(report.summary).toContain(
        'Not asked: postcode centroids (postcodes.io) (not read from a store yet).',
      );
      expect(report.summary).toContain('0 of 2 buildings placed on the map.');
    });
  });

  it('withholds what the audience may not see, and counts it', async () => {
    const open = (await retrofitCandidates(H_AND_F, { store, locate: false })).buildings.find(
      (b) => b.key === 'uprn:34053832',
    )?.latest;
    if (open === undefined) throw new Error('no certificate stored');
    const restricted = {
      ...open,
      id: `${open.id}-restricted`,
      properties: {
        ...open.properties,
        access: { classification: 'official-sensitive' },
        attributes: { ...open.properties.attributes, uprn: '34053899', lmkKey: 'restricted' },
      },
    };
    expect((await store.put([restricted as TwinRecord])).stored).toBe(1);
    const publicly = await retrofitCandidates(H_AND_F, {
      store,
      locate: false,
      audience: { clearance: 'open' },
    });
    expect(publicly.buildings).toHaveLength(2);
    expect(publicly.withheld).toBe(1);
    expect(publicly.summary).toContain('1 record withheld: their access labels do not allow this audience.');
    const cleared = await retrofitCandidates(H_AND_F, {
      store,
      locate: false,
      audience: { clearance: 'official-sensitive' },
    });
    expect(cleared.buildings).toHaveLength(3);
    expect(cleared.withheld).toBe(0);
  });
});

describe('capacityForGrowth({ store })', () => {
  /** A square feeding area in Waltham Forest (documented `ukpn_primary_postcode_area` shape). */
  const square = (floc: string, west: number) => ({
    primary: `Constructed ${floc}`,
    primary_floc: floc,
    dno: 'London Power Networks (LPN)',
    geo_shape: {
      type: 'Polygon',
      coordinates: [
        [
          [west, 51.57],
          [west + 0.01, 51.57],
          [west + 0.01, 51.58],
          [west, 51.58],
          [west, 51.57],
        ],
      ],
    },
  });
  /** An application hit (the real capture's shape) at the middle of an area, with homes and a stage. */
  const hit = (
    id: string,
    west: number,
    homes: number,
    dates: Record<string, string>,
    status = 'Approved',
  ) => ({
    _index: 'applications',
    _id: `Waltham_Forest-${id}`,
    _source: {
      lpa_name: 'Waltham Forest',
      lpa_app_no: id,
      status,
      decision_date: '01/06/2024',
      centroid: { lon: west + 0.005, lat: 51.575 },
      application_details: { residential_details: { total_no_proposed_residential_units: homes } },
      ...dates,
    },
  });
  const headroomRow = (floc: string, scenario: string, headroom: number) => ({
    sitefunctionallocation: floc,
    substation_name: `Constructed ${floc}`,
    scenario,
    year: 2030,
    headroom_mw: headroom,
    licencearea: 'London Power Networks (LPN)',
  });
  // By construction (2 kW a home): X 100 permitted homes = 0.2 MW against 0.05 MW (short 0.15); Y
  // 300 started = 0.6 MW against 0.1 (short 0.5); Z 10 homes against 5 MW (fits). Order: Y, X, Z.
  const areas = [square('LPN-X', -0.02), square('LPN-Y', -0.01), square('LPN-Z', 0.0)];
  const hits = [
    hit('X1', -0.02, 100, {}),
    hit('Y1', -0.01, 300, { actual_commencement_date: '01/01/2025' }),
    hit('Z1', 0.0, 10, {}),
  ];
  const rows = [
    headroomRow('LPN-X', 'Electric Engagement', 0.05),
    headroomRow('LPN-X', 'Holistic Transition', 0.3),
    headroomRow('LPN-Y', 'Electric Engagement', 0.2),
    headroomRow('LPN-Y', 'Holistic Transition', 0.1),
    headroomRow('LPN-Z', 'Electric Engagement', 5),
    headroomRow('LPN-Z', 'Holistic Transition', 6),
  ];
  const services = () => [
    http.get(`${ODS}/ukpn_primary_postcode_area/records`, () => {
      requests += 1;
      return HttpResponse.json({ total_count: areas.length, results: areas });
    }),
    http.get(`${ODS}/dfes-network-headroom-report/records`, () => {
      requests += 1;
      return HttpResponse.json({ total_count: rows.length, results: rows });
    }),
    http.post(PLD, () => {
      requests += 1;
      return HttpResponse.json({ hits: { total: { value: hits.length, relation: 'eq' }, hits } });
    }),
  ];
  const config = { ukpn: { apiKey: 'k' } };
  const network = () => connect(ukpn, { client: client(), config: config.ukpn });
  const WF = { borough: 'Waltham Forest' };
  const ask = { year: 2030, sources: ['applications'] } as const;
  let store: Store;
  let headroomKey: string;
  beforeAll(async () => {
    store = await freshStore('pglite');
  }, 120_000);
  afterAll(() => store?.close());

  it('claims nothing of capacity when the store holds no London feeding areas', async () => {
    server.use(...services());
    // Another licence area's feeding areas: not London's.
    await syncConnector(store, network(), 'feedingAreas', { licenceArea: 'EPN' });
    const before = requests;
    const report = await capacityForGrowth(WF, { store, ...ask });
    expect(requests).toBe(before);
    expect(report.sources[0]).toMatchObject({ status: 'failed', error: { code: 'NOT_IN_STORE' } });
    expect(report.areas).toEqual([]);
    expect(report.summary.join('\n')).not.toMatch(/fits the headroom|outruns capacity/);
  });

  it("does not take another year's headroom sync for the year asked", async () => {
    server.use(...services());
    await syncConnector(store, network(), 'feedingAreas', { licenceArea: 'LPN' });
    await syncConnector(store, connect(planningLondonDatahub, { client: client() }), 'search', {
      filters: { boroughs: ['E09000031'] },
    });
    // The recorded rows are 2030's, but the sync asked for 2035: it does not hold 2030's headroom.
    await syncConnector(store, network(), 'headroom', { licenceArea: 'LPN', year: 2035 });
    const report = await capacityForGrowth(WF, { store, ...ask });
    expect(report.areas).toHaveLength(3);
    expect(report.sources.map((s) => s.status)).toEqual(['answered', 'answered', 'failed']);
    expect(report.areas.every((a) => a.scenarios.length === 0)).toBe(true);
    expect(report.summary).toContain(
      'No headroom came back, so no area can be said to fit or to outrun its capacity.',
    );
    expect(report.summary).toContain(
      'Not answered: DFES network headroom 2030 (UK Power Networks) (no sync in the store covers this place).',
    );
  });

  it('ranks the areas as the network does, with no request, as of the syncs', async () => {
    server.use(...services());
    headroomKey = (await syncConnector(store, network(), 'headroom', { licenceArea: 'LPN', year: 2030 }))
      .source;
    const online = await capacityForGrowth(WF, { client: client(), config, ...ask });
    const before = requests;
    const stored = await capacityForGrowth(WF, { store, ...ask });
    expect(requests).toBe(before);
    expect(online.areas.map((a) => a.substation)).toEqual(['LPN-Y', 'LPN-X', 'LPN-Z']);
    expect(stored.areas).toEqual(online.areas);
    expect(stored.geojson).toEqual(online.geojson);
    expect(reading(stored)).toEqual(online.summary);
    expect(ids(stored.records)).toEqual(ids(online.records));
    expect(stored.summary.filter((l) => l.startsWith('From the store'))).toHaveLength(3);
    expect(stored.complete).toBe(true);
    // One scenario asked: a sync of every scenario holds it.
    const one = await capacityForGrowth(WF, { store, ...ask, scenario: 'Holistic Transition' });
    expect(one.areas.map((a) => a.scenarios.map((s) => s.scenario))).toEqual([
      ['Holistic Transition'],
      ['Holistic Transition'],
      ['Holistic Transition'],
    ]);
  });

  it('says how old a stale headroom sync is', async () => {
    await staleFor(store, headroomKey, 40, async (old) => {
      const report = await capacityForGrowth(WF, { store, ...ask });
      expect(report.summary).toContain(
        `From the store, not the network: DFES network headroom 2030 (UK Power Networks), synced ${old} (40 days ago).`,
      );
    });
  });

  it('withholds the headroom the audience may not see, and counts it', async () => {
    const first = await capacityForGrowth(WF, { store, ...ask });
    const open = first.records.find(
      (r) =>
        r.featureType === 'ScenarioResult' &&
        r.properties.attributes.extra?.sitefunctionallocation === 'LPN-Z',
    );
    if (open?.featureType !== 'ScenarioResult') throw new Error('no headroom stored');
    // A restricted row putting Z's headroom at 0.01 MW: Z outruns capacity only for those cleared.
    const restricted = {
      ...open,
      id: `${open.id}-restricted`,
      properties: {
        ...open.properties,
        access: { classification: 'official-sensitive' },
        attributes: { ...open.properties.attributes, value: 0.01 },
      },
    };
    expect((await store.put([restricted as TwinRecord])).stored).toBe(1);
    const publicly = await capacityForGrowth(WF, { store, ...ask, audience: { clearance: 'open' } });
    expect(publicly.areas.map((a) => a.shortfallMw > 0)).toEqual([true, true, false]);
    expect(publicly.withheld).toBe(1);
    expect(publicly.summary).toContain('1 record withheld: their access labels do not allow this audience.');
    const cleared = await capacityForGrowth(WF, {
      store,
      ...ask,
      audience: { clearance: 'official-sensitive' },
    });
    expect(cleared.withheld).toBe(0);
    expect(cleared.areas.map((a) => a.shortfallMw > 0)).toEqual([true, true, true]);
  });
});
