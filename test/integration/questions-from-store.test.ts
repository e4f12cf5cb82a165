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
import { glaPlanningDataMap } from '@ldn-twin/connectors/gla-planning-data-map';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { connect, createClient, type TwinRecord } from '@ldn-twin/core';
import { boroughAt } from '@ldn-twin/geo';
import { developmentPipeline, restrictionsAt } from '@ldn-twin/questions';
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
    // No local-plan layers synced: not answered, not "no designation".
    const local = await restrictionsAt(site, { store, sources: ['local-plan'] });
    expect(local.sources[0]).toMatchObject({ status: 'failed', error: { code: 'NOT_IN_STORE' } });
    expect(local.outcome).toBe('none');
    expect(local.summary.join('\n')).not.toMatch(/No designation/);
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

describe('restrictionsAt({ store }): the local plan layers and recent applications', () => {
  // The GLA Planning Data Map in its documented Esri shapes (hand-made, see the connector's
  // fixtures SOURCES.md): Islington's layers, and a site inside both hand-made site allocations.
  const gla = (name: string) =>
    JSON.parse(
      readFileSync(
        new URL(`../../packages/connectors/test/fixtures/gla-planning-data-map/${name}`, import.meta.url),
        'utf8',
      ),
    );
  const ARCGIS = 'https://services.arcgis.com/drifeOPKLpgnJ8Qa/ArcGIS/rest/services';
  const GIS2 = 'https://gis2.london.gov.uk/server/rest/services/apps/planning_data_map_02/FeatureServer';
  const PLD = 'https://planningdata.london.gov.uk/api-guest/applications/_search';
  const islington = { point: [-0.1035, 51.5462] as const };
  const [x, y] = islington.point;
  const envelope: [number, number, number, number] = [x - 0.005, y - 0.005, x + 0.005, y + 0.005];
  /** A Datahub hit in the real capture's shape, beside the site, validated on `valid` (dd/mm/yyyy). */
  const hit = (id: string, valid: string) => ({
    _index: 'applications',
    _id: `Islington-${id}`,
    _source: {
      lpa_name: 'Islington',
      lpa_app_no: id,
      status: 'Approved',
      valid_date: valid,
      centroid: { lon: x, lat: y + 0.0005 },
    },
  });
  // By construction: R was validated last year (recent), O in 2015 (not recent, by the default 3 years).
  const lastYear = `01/06/${new Date().getUTCFullYear() - 1}`;
  const HITS = [hit('R', lastYear), hit('O', '01/06/2015')];
  const services = () => [
    http.get(`${ARCGIS}/planning_local_plan_data_19/FeatureServer/layers`, () => {
      requests += 1;
      return HttpResponse.json(gla('handmade-layers-19.json'));
    }),
    http.get(`${ARCGIS}/planning_local_plan_data_19_updated/FeatureServer/layers`, () =>
      HttpResponse.json(gla('handmade-layers-19-updated.json')),
    ),
    http.get(`${ARCGIS}/:service/FeatureServer/:layer/query`, ({ params }) =>
      HttpResponse.json(
        `${params.service}/${params.layer}` === 'planning_local_plan_data_19_updated/41'
          ? gla('handmade-query-site-allocations.json')
          : gla('handmade-query-empty.json'),
      ),
    ),
    http.get(`${GIS2}/layers`, () => HttpResponse.json(gla('handmade-londonwide-layers.json'))),
    http.get(`${GIS2}/219`, () => HttpResponse.json(gla('handmade-londonwide-layer219.json'))),
    http.get(`${GIS2}/220`, () => HttpResponse.json(gla('handmade-londonwide-layer220.json'))),
    http.get(`${GIS2}/:layer/query`, () => HttpResponse.json(gla('handmade-query-empty.json'))),
    // The Datahub applies a valid-date range itself: asked with one, it leaves O out.
    http.post(PLD, async ({ request }) => {
      requests += 1;
      const hits = (await request.text()).includes('valid_date') ? HITS.slice(0, 1) : HITS;
      return HttpResponse.json({ hits: { total: { value: hits.length, relation: 'eq' }, hits } });
    }),
  ];
  const map = () => connect(glaPlanningDataMap, { client: client() });
  let store: Store;
  beforeAll(async () => {
    store = await freshStore('pglite');
  }, 120_000);
  afterAll(() => store?.close());

  it("does not take a narrower or another place's sync of the map for the site", async () => {
    server.use(...services());
    expect(boroughAt(x, y)?.name).toBe('Islington');
    // Site allocations only; another point; a where clause: none holds every layer at the site.
    await syncConnector(store, map(), 'constraints', {
      authority: 'Islington',
      point: [x, y],
      constraintTypes: ['site-allocation'],
    });
    await syncConnector(store, map(), 'constraints', { authority: 'Islington', point: [x + 0.001, y] });
    await syncConnector(store, map(), 'constraints', {
      authority: 'E09000019',
      envelope,
      where: "sitename = 'Hand-made allocation one'",
    });
    const before = requests;
    const report = await restrictionsAt(islington, { store, sources: ['local-plan'] });
    expect(requests).toBe(before);
    expect(report.sources[0]).toMatchObject({ status: 'failed', error: { code: 'NOT_IN_STORE' } });
    expect(report.summary.join('\n')).not.toMatch(/No designation|Site allocation/);
  });

  it('answers the layers the network answers, from a sync of an envelope holding the site', async () => {
    server.use(...services());
    const sync = await syncConnector(store, map(), 'constraints', { authority: 'Islington', envelope });
    expect(sync.complete).toBe(true);
    const network = await restrictionsAt(islington, { client: client(), sources: ['local-plan'] });
    const before = requests;
    const stored = await restrictionsAt(islington, { store, sources: ['local-plan'] });
    expect(requests).toBe(before);
    expect(constraintsOf(network.records)).toHaveLength(2);
    expect(constraintsOf(stored.records)).toEqual(constraintsOf(network.records));
    expect(stored.summary.filter((l) => !l.startsWith('From the store'))).toEqual(network.summary);
    const checkpoint = await store.checkpoint<SyncCheckpoint>(sync.source);
    expect(stored.summary).toContain(
      `From the store, not the network: the borough's local plan layers (GLA Planning Data Map), synced ${checkpoint?.startedAt} (0 hours ago).`,
    );
    expect(stored.complete).toBe(true);
  });

  it('developmentPipeline: the site allocations the network gives, from the same sync', async () => {
    server.use(...services());
    // 300 m around the site: the synced envelope (about 345 m east and west of it) holds the circle.
    const network = await developmentPipeline(islington, {
      client: client(),
      radiusMetres: 300,
      connectors: [glaPlanningDataMap.id],
    });
    const before = requests;
    const stored = await developmentPipeline(islington, { store, radiusMetres: 300 });
    expect(requests).toBe(before);
    const allocations = (report: typeof stored) =>
      report.summary.filter((line) => line.startsWith('- site allocation'));
    expect(allocations(network)).toHaveLength(2);
    expect(allocations(stored)).toEqual(allocations(network));
    expect(stored.sources[1]).toMatchObject({ status: 'answered', store: { asOf: expect.any(String) } });
    // 500 m reaches past the envelope: not held, not "no site allocation".
    const wider = await developmentPipeline(islington, { store });
    expect(wider.sources[1]).toMatchObject({ status: 'failed', error: { code: 'NOT_IN_STORE' } });
    expect(wider.summary[0]).not.toMatch(/site allocation/);
  });

  it('counts the recent applications the network counts, from a sync of a circle holding the radius', async () => {
    server.use(...services());
    // A sync narrowed by its own valid-date range holds nothing for the question.
    await syncConnector(store, connect(planningLondonDatahub, { client: client() }), 'search', {
      filters: { near: { point: [x, y], distanceMetres: 500 }, validDate: { from: '2020-01-01' } },
    });
    const narrowed = await restrictionsAt(islington, { store, sources: ['applications'] });
    expect(narrowed.sources[0]).toMatchObject({ status: 'failed', error: { code: 'NOT_IN_STORE' } });
    expect(narrowed.summary.join('\n')).not.toMatch(/\d+ recent planning applications? around/);
    await syncConnector(store, connect(planningLondonDatahub, { client: client() }), 'search', {
      filters: { near: { point: [x, y], distanceMetres: 500 } },
    });
    const network = await restrictionsAt(islington, { client: client(), sources: ['applications'] });
    const before = requests;
    const stored = await restrictionsAt(islington, { store, sources: ['applications'] });
    expect(requests).toBe(before);
    // The store holds O (the sync asked for every date); "recent" leaves it out, as the Datahub did.
    expect(network.summary).toContain('1 recent planning application around the site.');
    expect(stored.summary.filter((l) => !l.startsWith('From the store'))).toEqual(network.summary);
    expect(stored.records.map((r) => r.id)).toEqual(network.records.map((r) => r.id));
  });
});
