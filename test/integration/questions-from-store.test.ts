// restrictionsAt read from a store instead of the network, tested by construction: a store synced
// from the very responses the network path reads must answer the same constraints, and say it
// answered from the store and as of when; what the store was never synced with, or cannot place,
// is not answered, never "nothing there".
//
// The recorded planning.data answer for a Lambeth site (real) had its `geometry` stripped by the
// recorder (fixtures SOURCES.md), and a store can only find a record at a place by its geometry. So
// most cases run on a documented-shape variant: the same four entities with a `geometry` (WKT, as
// the live API sends unless `exclude_field` is given) drawn by construction as a 20 m square around
// the site. The real body itself is the case of records the store cannot place.
import { readFileSync } from 'node:fs';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { connect, createClient, type TwinRecord } from '@ldn-twin/core';
import { restrictionsAt } from '@ldn-twin/questions';
import { type Store, type SyncCheckpoint, syncConnector } from '@ldn-twin/store';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshStore } from '../../packages/store/test/fixtures.ts';

const fixtures = new URL('../../packages/connectors/test/fixtures/planning-data/', import.meta.url);
const read = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));
// The real planning.data.gov.uk response for this site, and the datasets that query asked.
const lambeth = read('planningdata-entity-json-lambeth-point.json');
const RECORDED = read('planningdata-entity-json-lambeth-point.datasets.json') as string[];
const BASE = 'https://www.planning.data.gov.uk';
const site = { point: [-0.1198903, 51.4922191] as const };
const [LON, LAT] = site.point;
const d = 0.0002;
const square = `POLYGON ((${LON - d} ${LAT - d}, ${LON + d} ${LAT - d}, ${LON + d} ${LAT + d}, ${LON - d} ${LAT + d}, ${LON - d} ${LAT - d}))`;
// Documented shape (see above): the real entities, each given a geometry around the site.
const placed = {
  ...lambeth,
  entities: lambeth.entities.map((entity: object) => ({ ...entity, geometry: square })),
};
let body: Record<string, unknown> = placed;

let requests = 0;
const server = setupServer(
  http.get(`${BASE}/entity.json`, () => {
    requests += 1;
    return HttpResponse.json(body);
  }),
  http.get(`${BASE}/dataset/:name`, () => HttpResponse.json({ detail: 'not recorded' }, { status: 404 })),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => createClient({ cache: false });
const constraintsOf = (records: readonly TwinRecord[]) =>
  records
    .filter((r) => r.featureType === 'PlanningConstraint')
    .map((r) => r.id)
    .sort();

describe('restrictionsAt({ store })', () => {
  let store: Store;
  let synced: string;
  beforeAll(async () => {
    store = await freshStore('pglite');
    const planning = connect(planningData, { client: client() });
    const sync = await syncConnector(store, planning, 'searchEntities', {
      datasets: RECORDED,
      point: [...site.point],
      pageSize: 500,
    });
    expect(sync.complete).toBe(true);
    synced = sync.source;
  }, 120_000);
  afterAll(() => store?.close());

  it('answers the constraints the network path answers on the same recorded data, as of the sync', async () => {
    const network = await restrictionsAt(site, {
      client: client(),
      sources: ['constraints', 'borough'],
      datasets: RECORDED,
    });
    const before = requests;
    const stored = await restrictionsAt(site, {
      store,
      sources: ['constraints', 'borough'],
      datasets: RECORDED,
    });
    expect(requests).toBe(before); // nothing asked of the network
    expect(constraintsOf(network.records)).toHaveLength(4);
    expect(constraintsOf(stored.records)).toEqual(constraintsOf(network.records));
    // The planner's reading is the same: designations, then the checked negatives.
    expect(stored.summary.slice(0, 7)).toEqual(network.summary.slice(0, 7));
    expect(stored.sources[0]?.datasets?.map((c) => [c.dataset, c.status, c.records])).toEqual(
      network.sources[0]?.datasets?.map((c) => [c.dataset, c.status, c.records]),
    );
    const checkpoint = await store.checkpoint<SyncCheckpoint>(synced);
    expect(stored.sources[0]?.store?.asOf).toBe(checkpoint?.startedAt);
    expect(stored.sources[0]?.datasets?.every((c) => c.asOf === checkpoint?.startedAt)).toBe(true);
    expect(stored.summary).toContain(
      `From the store, not the network: planning constraints (planning.data.gov.uk), synced ${checkpoint?.startedAt} (0 hours ago).`,
    );
    expect(network.summary.join('\n')).not.toContain('From the store');
    expect(stored.complete).toBe(true);
    expect(stored.attributions).toEqual(network.attributions);
  });

  it('records the read in the store access log, for the audience and purpose asked', async () => {
    const before = (await store.accessHead())?.seq ?? 0;
    await restrictionsAt(site, {
      store,
      sources: ['constraints'],
      datasets: RECORDED,
      audience: { clearance: 'open', organisation: 'lambeth', purpose: 'pre-application advice' },
    });
    const entries = [];
    for await (const stored of store.accessLog()) {
      const entry = JSON.parse(stored.text);
      if (entry.seq > before) entries.push(entry);
    }
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      what: { operation: 'query', connector: ['planning-data'] },
      shown: { 'conservation-area': 1 },
      complete: true,
    });
    expect(entries[0].who).toEqual({
      clearance: 'open',
      organisation: 'lambeth',
      purpose: 'pre-application advice',
    });
  });

  it('withholds what the audience may not see, as the store does', async () => {
    const first = await restrictionsAt(site, { store, sources: ['constraints'], datasets: RECORDED });
    const [open] = first.records;
    if (open === undefined) throw new Error('no constraint stored');
    // A restricted copy of a stored constraint, at the same place: the public never sees it.
    const restricted = {
      ...open,
      id: `${open.id}-restricted`,
      properties: { ...open.properties, access: { classification: 'official-sensitive' } },
    };
    expect((await store.put([restricted])).stored).toBe(1);
    const ask = (clearance: 'open' | 'official-sensitive') =>
      restrictionsAt(site, { store, sources: ['constraints'], datasets: RECORDED, audience: { clearance } });
    const publicly = await ask('open');
    expect(publicly.records.map((r) => r.id)).not.toContain(restricted.id);
    // Counted in the report, not only in the store's access log, and claimed nowhere in the summary.
    expect([publicly.withheld, publicly.withheldBecause]).toEqual([
      1,
      { 'access label: not for this audience': 1 },
    ]);
    expect(publicly.summary).toContain('1 record withheld: their access labels do not allow this audience.');
    expect(publicly.summary.filter((line) => !line.includes('withheld'))).toEqual(first.summary);
    const cleared = await ask('official-sensitive');
    expect(cleared.records.map((r) => r.id)).toContain(restricted.id);
    expect(cleared.withheld).toBe(0);
    // With no audience the store reads as the public (stricter than the network path) and says so.
    const unnamed = await restrictionsAt(site, { store, sources: ['constraints'], datasets: RECORDED });
    expect(unnamed.withheld).toBe(1);
  });

  it('reports a dataset the store was never synced with as not answered, never as a negative', async () => {
    const report = await restrictionsAt(site, {
      store,
      sources: ['constraints'],
      datasets: [...RECORDED, 'flood-risk-zone'],
    });
    const zone = report.sources[0]?.datasets?.find((c) => c.dataset === 'flood-risk-zone');
    expect(zone).toMatchObject({ status: 'not answered', records: 0 });
    expect(zone?.reason).toBe('no sync in the store covers this place');
    expect(report.sources[0]?.status).toBe('partial');
    expect(report.complete).toBe(false);
    expect(report.summary.join('\n')).not.toMatch(/not found here:.*Flood Risk Zone/);
  });

  it('reports a place no sync covers as not answered, and asks no store for what it does not read from one', async () => {
    // Local-plan layers are not read from a store yet: not asked, not "no designation".
    const local = await restrictionsAt(site, { store, sources: ['local-plan'] });
    expect(local.sources[0]).toMatchObject({ status: 'skipped', note: 'not read from a store yet' });
    expect(local.outcome).toBe('none');
    // 300 m away, still in Lambeth: the sync asked about one point, not this one.
    const elsewhere = await restrictionsAt(
      { point: [-0.1155, 51.4922] },
      { store, sources: ['constraints'], datasets: RECORDED },
    );
    expect(elsewhere.sources[0]?.status).toBe('failed');
    expect(elsewhere.outcome).toBe('none');
    expect(elsewhere.summary.join('\n')).not.toMatch(/No designation|not found here/);
    // Flood warnings are live: not asked of a store.
    const flood = await restrictionsAt(site, { store, sources: ['flood'] });
    expect(flood.sources[0]).toMatchObject({ status: 'skipped' });
    expect(flood.summary.join('\n')).not.toMatch(/No flood warning/);
  });

  it('does not answer for records synced without geometry (the real recorded body), and draws no negative from them', async () => {
    const bare = await freshStore('pglite');
    try {
      body = lambeth;
      const planning = connect(planningData, { client: client() });
      await syncConnector(bare, planning, 'searchEntities', { datasets: RECORDED, point: [...site.point] });
      const network = await restrictionsAt(site, {
        client: client(),
        sources: ['constraints'],
        datasets: RECORDED,
      });
      const stored = await restrictionsAt(site, {
        store: bare,
        sources: ['constraints'],
        datasets: RECORDED,
      });
      const status = (report: typeof stored) =>
        Object.fromEntries((report.sources[0]?.datasets ?? []).map((c) => [c.dataset, c.status]));
      // Where the network found a record, the store cannot say: not answered. Where it found none,
      // the store found none either.
      for (const [dataset, was] of Object.entries(status(network)))
        expect(status(stored)[dataset]).toBe(was === 'found' ? 'not answered' : was);
      expect(stored.records.filter((r) => r.featureType === 'PlanningConstraint')).toEqual([]);
      expect(stored.sources[0]?.status).toBe('partial');
      expect(stored.summary).toContain(
        'Not answered: Article 4 Direction Area, Central Activities Zone, Listed Building, Conservation Area (the store cannot place 1 record of it synced without geometry).',
      );
      expect(stored.summary.join('\n')).not.toMatch(/not found here:.*(Conservation Area|Listed Building)/);
    } finally {
      body = placed;
      await bare.close();
    }
  }, 120_000);

  it('says how old a stale store is', async () => {
    const checkpoint = await store.checkpoint<SyncCheckpoint>(synced);
    if (checkpoint === undefined) throw new Error('no checkpoint');
    const old = new Date(Date.now() - 40 * 86_400_000 - 3_600_000).toISOString();
    await store.saveCheckpoint(synced, { ...checkpoint, startedAt: old, completedAt: old });
    const report = await restrictionsAt(site, { store, sources: ['constraints'], datasets: RECORDED });
    expect(report.sources[0]?.store?.asOf).toBe(old);
    expect(report.summary).toContain(
      `From the store, not the network: planning constraints (planning.data.gov.uk), synced ${old} (40 days ago).`,
    );
    await store.saveCheckpoint(synced, checkpoint);
  });

  it('needs a client or a store', async () => {
    await expect(restrictionsAt(site, { sources: ['constraints'] })).rejects.toThrow(
      'restrictionsAt: give a client or a store',
    );
  });
});
