// projectProgress and developmentPipeline read from a store instead of the network, tested by
// construction: a store synced from the very responses the network path reads must give the same
// answer without a request, and say it answered from the store and as of when; a sync narrowed by
// a filter, or of another place, holds nothing for the question (not answered, never "none"); what
// the audience may not see is withheld and counted.
//
// The Datahub hits are built in the shape of the real capture (packages/connectors/test/fixtures/
// planning-london-datahub, as packages/questions/test/progress.test.ts builds them), each placed by
// construction inside Waltham Forest; the brownfield entity is in its documented shape (digital-land
// specification fields, as packages/questions/test/honest-reports.test.ts builds it).
import { culturalInfrastructureMap } from '@ldn-twin/connectors/cultural-infrastructure-map';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { planningLondonDatahub } from '@ldn-twin/connectors/planning-london-datahub';
import { connect, createClient, type TwinRecord } from '@ldn-twin/core';
import { boroughAt } from '@ldn-twin/geo';
import {
  culturalInfrastructureNear,
  developmentPipeline,
  projectProgress,
  type QuestionReport,
} from '@ldn-twin/questions';
import { type Store, type SyncCheckpoint, syncConnector } from '@ldn-twin/store';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore } from '../../packages/store/test/fixtures.ts';

const PLD = 'https://planningdata.london.gov.uk/api-guest/applications/_search';
const PLANNING = 'https://www.planning.data.gov.uk';
const WALTHAM_FOREST = 'E09000031';
/** Walthamstow Central, in Waltham Forest. */
const CENTRE = [-0.0197, 51.583] as const;
const site = { point: CENTRE };

/** A hit in the real capture's shape, `north` metres north of the centre (a degree is ~111 km). */
const hit = (id: string, status: string, homes: number, north: number, dates: Record<string, string>) => ({
  _index: 'applications',
  _id: `Waltham_Forest-${id}`,
  _source: {
    lpa_name: 'Waltham Forest',
    lpa_app_no: id,
    status,
    centroid: { lon: CENTRE[0], lat: CENTRE[1] + north / 111_000 },
    application_details: { residential_details: { total_no_proposed_residential_units: homes } },
    ...dates,
  },
});
const HITS = [
  hit('A', 'Approved', 10, 100, { decision_date: '01/01/2024', lapsed_date: '31/01/2025' }),
  hit('B', 'Approved', 40, 200, { decision_date: '01/01/2020', actual_commencement_date: '01/01/2021' }),
  hit('C', 'Completed', 20, -150, {
    decision_date: '01/01/2021',
    actual_commencement_date: '02/03/2021',
    actual_completion_date: '02/03/2022',
  }),
  hit('D', 'Refused', 99, 300, { decision_date: '01/06/2023' }),
];
const BROWNFIELD = {
  entity: 1729000002,
  name: 'Former Depot, Hoe Street',
  dataset: 'brownfield-land',
  reference: 'BF-WF-1',
  'organisation-entity': '128',
  'entry-date': '2025-01-01',
  'start-date': '',
  'end-date': '',
  point: `POINT (${CENTRE[0] + 0.001} ${CENTRE[1]})`,
  'site-address': 'Former Depot, Hoe Street',
  'minimum-net-dwellings': '40',
  'maximum-net-dwellings': '65',
  'planning-permission-status': 'not-permissioned',
};

// The Cultural Infrastructure Map's dataset listing in its documented layout (no real file is
// recorded; as honest-reports.test.ts builds it), with one music venue beside the centre.
const DATASTORE = 'https://data.london.gov.uk';
const LISTING = {
  id: 'cultural-infrastructure-map-2025-2rj5o',
  title: 'Cultural Infrastructure Map 2025',
  sharing: 'public',
  tags: [],
  topics: [],
  resources: {
    '0f0e0d0c-1111-4222-8333-444455556666': {
      title: 'Music venues (grassroots)',
      url: `${DATASTORE}/download/cim/0f0e0d0c-1111-4222-8333-444455556666/music_venues.csv`,
      order: 1,
    },
  },
};
const VENUES = [
  'name,address,borough,latitude,longitude',
  `Jazz Basement,1 Hoe Street,Waltham Forest,${CENTRE[1] + 0.0001},${CENTRE[0]}`,
].join('\r\n');

let requests = 0;
const server = setupServer(
  http.get(`${DATASTORE}/api/dataset/:key`, () => {
    requests += 1;
    return HttpResponse.json(LISTING);
  }),
  http.get(`${DATASTORE}/download/cim/:id/:file`, () => {
    requests += 1;
    return new HttpResponse(VENUES, { headers: { 'content-type': 'text/csv' } });
  }),
  http.post(PLD, () => {
    requests += 1;
    return HttpResponse.json({ hits: { total: { value: HITS.length, relation: 'eq' }, hits: HITS } });
  }),
  http.get(`${PLANNING}/entity.json`, () => {
    requests += 1;
    return HttpResponse.json({ entities: [BROWNFIELD], links: {}, count: 1 });
  }),
  http.get(`${PLANNING}/dataset/:name`, () => HttpResponse.json({ detail: 'not recorded' }, { status: 404 })),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const client = () => createClient({ cache: false, retry: { limit: 0 } });
const datahub = () => connect(planningLondonDatahub, { client: client() });
const ids = (records: readonly TwinRecord[]) => records.map((r) => r.id).sort();
/** The summary before the lines on where it came from and what was not asked. */
const reading = (report: QuestionReport) =>
  report.summary.filter((line) => !/^(From the store|Not asked|Not answered)/.test(line));
const AS_OF = '2024-12-07';

describe('questions read from a store', () => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore('pglite');
    // By construction: every hit is in Waltham Forest, within 300 m of the centre.
    expect(boroughAt(CENTRE[0], CENTRE[1])?.code).toBe(WALTHAM_FOREST);
    for (const h of HITS)
      expect(boroughAt(h._source.centroid.lon, h._source.centroid.lat)?.code).toBe(WALTHAM_FOREST);
  }, 120_000);
  afterAll(() => store?.close());

  it('does not count a sync narrowed by a filter or of another place: not answered, never none', async () => {
    // The store holds every hit, but neither sync asked for all of Waltham Forest's applications.
    await syncConnector(store, datahub(), 'search', {
      filters: { boroughs: [WALTHAM_FOREST], statuses: ['Approved'] },
    });
    await syncConnector(store, datahub(), 'search', { filters: { boroughs: ['Lambeth'] } });
    const before = requests;
    const report = await projectProgress({ borough: 'Waltham Forest' }, { store, asOf: AS_OF });
    expect(requests).toBe(before);
    expect(report.sources[0]).toMatchObject({
      status: 'failed',
      error: { code: 'NOT_IN_STORE', reason: 'no sync in the store covers this place' },
    });
    expect(report.outcome).toBe('none');
    expect(report.records).toEqual([]);
    expect(report.summary.join('\n')).not.toMatch(/permitted development|No scheme stalled/);
    expect(report.summary).toContain(
      'Not answered: planning applications (Planning London Datahub) (no sync in the store covers this place).',
    );
  });

  it('projectProgress: the answer the network gives on the same data, with no request, as of the sync', async () => {
    const sync = await syncConnector(store, datahub(), 'search', { filters: { boroughs: [WALTHAM_FOREST] } });
    expect(sync.complete).toBe(true);
    const network = await projectProgress({ borough: 'Waltham Forest' }, { client: client(), asOf: AS_OF });
    const before = requests;
    const stored = await projectProgress({ borough: 'Waltham Forest' }, { store, asOf: AS_OF });
    expect(requests).toBe(before);
    expect(network.progress.developments).toHaveLength(3);
    expect(ids(stored.records)).toEqual(ids(network.records));
    expect(stored.progress.byStage).toEqual(network.progress.byStage);
    expect(reading(stored)).toEqual(network.summary);
    const checkpoint = await store.checkpoint<SyncCheckpoint>(sync.source);
    expect(stored.sources[0]?.store?.asOf).toBe(checkpoint?.startedAt);
    expect(stored.summary).toContain(
      `From the store, not the network: planning applications (Planning London Datahub), synced ${checkpoint?.startedAt} (0 hours ago).`,
    );
    expect(stored.complete).toBe(true);
    expect(stored.attributions).toEqual(network.attributions);
  });

  it('says how old a stale sync is', async () => {
    const key = (await syncConnector(store, datahub(), 'search', { filters: { boroughs: [WALTHAM_FOREST] } }))
      .source;
    const checkpoint = await store.checkpoint<SyncCheckpoint>(key);
    if (checkpoint === undefined) throw new Error('no checkpoint');
    const old = new Date(Date.now() - 40 * 86_400_000 - 3_600_000).toISOString();
    await store.saveCheckpoint(key, { ...checkpoint, startedAt: old, completedAt: old });
    try {
      const report = await projectProgress({ borough: 'Waltham Forest' }, { store, asOf: AS_OF });
      expect(report.summary).toContain(
        `From the store, not the network: planning applications (Planning London Datahub), synced ${old} (40 days ago).`,
      );
    } finally {
      await store.saveCheckpoint(key, checkpoint);
    }
  });

  it('developmentPipeline around a point: the same applications and brownfield land, site allocations not answered', async () => {
    // A circle of 1 km and a box around the centre: each holds the 500 m asked.
    await syncConnector(store, datahub(), 'search', {
      filters: { near: { point: [...CENTRE], distanceMetres: 1000 } },
    });
    const d = 0.02;
    const [x, y] = CENTRE;
    await syncConnector(store, connect(planningData, { client: client() }), 'searchEntities', {
      datasets: ['brownfield-land'],
      geometry: `POLYGON ((${x - d} ${y - d}, ${x + d} ${y - d}, ${x + d} ${y + d}, ${x - d} ${y + d}, ${x - d} ${y - d}))`,
    });
    // The network path without the GLA map (not read from a store): the same two sources.
    const network = await developmentPipeline(site, {
      client: client(),
      connectors: [planningLondonDatahub.id, planningData.id],
    });
    const before = requests;
    const stored = await developmentPipeline(site, { store });
    expect(requests).toBe(before);
    expect(stored.summary[0]).toBe(
      '51.583, -0.0197 (Waltham Forest) within 500 m: 4 planning applications, 1 brownfield site.',
    );
    expect(reading(stored)).toEqual(reading(network));
    expect(ids(stored.records)).toEqual(ids(network.records));
    // No GLA Planning Data Map sync: site allocations are not answered (never "0 site allocations").
    expect(stored.sources.map((s) => s.status)).toEqual(['answered', 'failed', 'answered']);
    expect(stored.sources[1]?.error?.code).toBe('NOT_IN_STORE');
    expect(stored.summary[0]).not.toMatch(/site allocation/);
    expect(stored.sources[2]?.datasets?.[0]).toMatchObject({ status: 'found', records: 1 });
    expect(stored.summary.filter((l) => l.startsWith('From the store'))).toHaveLength(2);
    // `decided` is applied to what the store holds, as the Datahub applies it.
    const decided = { from: '2023-01-01', to: '2024-12-31' };
    const narrow = await developmentPipeline(site, { store, decided });
    // By construction, A (2024-01-01) and D (2023-06-01) were decided then; B and C before.
    expect(narrow.summary[0]).toMatch(/: 2 planning applications, 1 brownfield site\.$/);
  });

  it('culturalInfrastructureNear: the venues and applications the network gives, with no request', async () => {
    const cim = connect(culturalInfrastructureMap, { client: client() });
    await syncConnector(store, cim, 'venues', { venueType: 'music-venues' });
    const network = await culturalInfrastructureNear(site, { client: client(), types: ['music-venues'] });
    const before = requests;
    const stored = await culturalInfrastructureNear(site, { store, types: ['music-venues'] });
    expect(requests).toBe(before);
    expect(stored.summary[0]).toBe(
      '51.583, -0.0197 (Waltham Forest): 1 cultural venue within 500 m, 4 planning applications nearby.',
    );
    expect(reading(stored)).toEqual(reading(network));
    expect(ids(stored.records)).toEqual(ids(network.records));
    expect(stored.summary.filter((l) => l.startsWith('From the store'))).toHaveLength(2);
    // A type the store was never synced with is not answered, not "no venues".
    const theatres = await culturalInfrastructureNear(site, { store, types: ['theatres'] });
    expect(theatres.sources[0]).toMatchObject({ status: 'failed', error: { code: 'NOT_IN_STORE' } });
    expect(theatres.summary[0]).toBe('51.583, -0.0197 (Waltham Forest): 4 planning applications nearby.');
  });

  it('does not take a synced circle for a place it does not hold', async () => {
    // 800 m north: the 1 km circle does not hold a 500 m circle there (nor the borough sync a point).
    const report = await projectProgress(
      { point: [CENTRE[0], CENTRE[1] + 800 / 111_000] },
      { store, asOf: AS_OF },
    );
    expect(report.sources[0]?.status).toBe('failed');
    expect(report.outcome).toBe('none');
  });

  it('withholds what the audience may not see, counts it, and claims nothing of it', async () => {
    const open = (await projectProgress({ borough: 'Waltham Forest' }, { store, asOf: AS_OF })).records.find(
      (r) => r.properties.attributes.reference === 'A',
    );
    if (open === undefined) throw new Error('no application stored');
    const restricted = {
      ...open,
      id: `${open.id}-restricted`,
      properties: { ...open.properties, access: { classification: 'official-sensitive' } },
    };
    expect((await store.put([restricted])).stored).toBe(1);
    const ask = (clearance?: 'open' | 'official-sensitive') =>
      projectProgress(
        { borough: 'Waltham Forest' },
        { store, asOf: AS_OF, ...(clearance ? { audience: { clearance } } : {}) },
      );
    const publicly = await ask('open');
    expect(publicly.records.map((r) => r.id)).not.toContain(restricted.id);
    expect(publicly.withheld).toBe(1);
    expect(publicly.summary[0]).toBe(
      'Waltham Forest, as of 2024-12-07: 3 permitted developments of 4 applications.',
    );
    expect(publicly.summary).toContain('1 record withheld: their access labels do not allow this audience.');
    // No audience: a store reads as the public does, and says what it withheld.
    const unnamed = await ask();
    expect([unnamed.withheld, unnamed.summary[0]]).toEqual([1, publicly.summary[0]]);
    const cleared = await ask('official-sensitive');
    expect(cleared.withheld).toBe(0);
    expect(cleared.summary[0]).toBe(
      'Waltham Forest, as of 2024-12-07: 4 permitted developments of 5 applications.',
    );
  });

  it('needs a client or a store', async () => {
    await expect(projectProgress({ borough: 'Waltham Forest' }, {})).rejects.toThrow(
      'projectProgress: give a client or a store',
    );
    await expect(developmentPipeline(site, {})).rejects.toThrow(
      'developmentPipeline: give a client or a store',
    );
    await expect(culturalInfrastructureNear(site, {})).rejects.toThrow(
      'culturalInfrastructureNear: give a client or a store',
    );
  });
});

describe('applications a store holds for a borough but filed by another authority', () => {
  // By construction: application R lies inside Waltham Forest (100 m south of the centre) but is
  // filed by Redbridge, so a borough read of the store finds it by location and the guard leaves it out.
  const redbridge = {
    ...hit('R', 'Approved', 5, -100, { decision_date: '01/01/2024' }),
    _id: 'Redbridge-R',
  };
  redbridge._source = { ...redbridge._source, lpa_name: 'Redbridge' };
  let store: Store;
  beforeAll(async () => {
    expect(boroughAt(redbridge._source.centroid.lon, redbridge._source.centroid.lat)?.code).toBe(
      WALTHAM_FOREST,
    );
    server.use(
      http.post(PLD, () =>
        HttpResponse.json({ hits: { total: { value: 2, relation: 'eq' }, hits: [HITS[0], redbridge] } }),
      ),
    );
    store = await freshStore('pglite');
    await syncConnector(store, datahub(), 'search', { filters: { boroughs: [WALTHAM_FOREST] } });
  }, 120_000);
  afterAll(async () => {
    server.resetHandlers();
    await store?.close();
  });

  it('says the store held it, not that the Datahub returned it, and does not count it', async () => {
    const network = await projectProgress({ borough: 'Waltham Forest' }, { client: client(), asOf: AS_OF });
    const stored = await projectProgress({ borough: 'Waltham Forest' }, { store, asOf: AS_OF });
    const line = (from: string) =>
      `1 application ${from} lies outside Waltham Forest (Redbridge): not counted.`;
    expect(network.summary).toContain(line('the Datahub returned'));
    expect(stored.summary).toContain(line('the store holds for it'));
    expect(stored.summary.join('\n')).not.toContain('the Datahub returned');
    expect(ids(stored.records)).toEqual(ids(network.records));
    expect(stored.records.map((r) => r.properties.attributes.reference)).toEqual(['A']);
  });
});

describe('applications a store holds without a location', () => {
  // By construction: application U is filed by Waltham Forest and has no centroid. The Datahub
  // answers a borough search with it, never a search by distance (it matches on the centroid).
  const { centroid: _none, ...unplacedSource } = hit('U', 'Approved', 7, 0, {
    decision_date: '01/01/2024',
  })._source;
  const unplaced = { ...hit('U', 'Approved', 7, 0, {}), _source: unplacedSource };
  let store: Store;
  beforeAll(async () => {
    server.use(
      http.post(PLD, async ({ request }) => {
        requests += 1;
        const byDistance = (await request.text()).includes('geo_distance');
        const hits = byDistance ? HITS : [...HITS, unplaced];
        return HttpResponse.json({ hits: { total: { value: hits.length, relation: 'eq' }, hits } });
      }),
    );
    store = await freshStore('pglite');
    // All London: it holds the borough and any circle in it.
    const sync = await syncConnector(store, datahub(), 'search', { filters: {} });
    expect((await store.checkpoint<SyncCheckpoint>(sync.source))?.withoutGeometry).toEqual({
      applications: 1,
    });
  }, 120_000);
  afterAll(async () => {
    server.resetHandlers();
    await store?.close();
  });

  it('for a borough: answers with those it can place and says how many in the synced area it could not', async () => {
    const network = await projectProgress({ borough: 'Waltham Forest' }, { client: client(), asOf: AS_OF });
    const before = requests;
    const stored = await projectProgress({ borough: 'Waltham Forest' }, { store, asOf: AS_OF });
    expect(requests).toBe(before);
    // The Datahub filed U under Waltham Forest and the network counts it; the store cannot place it.
    expect(network.summary[0]).toBe(
      'Waltham Forest, as of 2024-12-07: 4 permitted developments of 5 applications.',
    );
    expect(stored.summary[0]).toBe(
      'Waltham Forest, as of 2024-12-07: 3 permitted developments of 4 applications.',
    );
    expect(stored.summary).toContain(
      'Not counted: 1 record of it in the synced area has no location and could not be placed.',
    );
    expect(stored.sources[0]).toMatchObject({ status: 'partial', store: { unplaced: 1 } });
    expect([stored.complete, stored.outcome]).toEqual([false, 'partial']);
  });

  it('around a point: the same answer as the network, which never returns an application without a centroid', async () => {
    const network = await projectProgress(site, { client: client(), asOf: AS_OF });
    const stored = await projectProgress(site, { store, asOf: AS_OF });
    expect(ids(stored.records)).toEqual(ids(network.records));
    expect(reading(stored)).toEqual(network.summary);
    expect(stored.summary.join('\n')).not.toContain('Not counted');
    expect(stored.complete).toBe(true);
  });
});
