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
import { openStore, type Store, type SyncCheckpoint, syncConnector } from '@ldn-twin/store';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

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
    store = await openStore({ memory: true });
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
    const network = await retrofitCandidates(H_AND_F, { client: client(), config: { epc: v1 }, locate: false });
    const asked = requests;
    const stored = await retrofitCandidates(H_AND_F, { store, locate: false });
    expect(requests).toBe(asked);
    // By construction: 94 Lillie Road's 2012 certificate is history, its 2017 one ranks (+16 points).
    expect(network.buildings).toHaveLength(2);
    expect(stored.buildings.map((b) => [b.key, b.latest.properties.attributes.lmkKey, b.history.length])).toEqual(
      network.buildings.map((b) => [b.key, b.latest.properties.attributes.lmkKey, b.history.length]),
    );
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
    const later = await openStore({ memory: true });
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
      expect(report.summary[0]).toMatch(/2 domestic certificates of 1 building \(1 superseded kept as history/);
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
      expect(report.summary).toContain('Not asked: buildings (London Building Stock Model) (not read from a store yet).');
      expect(report.summary).toContain('Not asked: postcode centroids (postcodes.io) (not read from a store yet).');
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
    const publicly = await retrofitCandidates(H_AND_F, { store, locate: false, audience: { clearance: 'open' } });
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
