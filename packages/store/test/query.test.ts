import { type Audience, filterForAudience, PUBLIC_AUDIENCE, type TwinRecord } from '@ldn-twin/core';
import type { Store } from '@ldn-twin/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { all, application, BRIXTON, CAMDEN, ENGINES, freshStore } from './fixtures.ts';

/** Metres per degree of latitude at Brixton on the WGS 84 ellipsoid (the margins below are 20 m). */
const M_PER_DEG_LAT = 111_257;
const north = (metres: number) => ({ lon: BRIXTON.lon, lat: BRIXTON.lat + metres / M_PER_DEG_LAT });

// Distances north of Brixton: 100, 200, 230 m lie within 250 m; 270, 300, 400 m do not.
const DISTANCES = [100, 200, 230, 270, 300, 400];
const byDistance = DISTANCES.map((metres, i) => application(i, north(metres)));
const camden = application(10, CAMDEN);
// Geometry in Lambeth, but the record says it is within Westminster: the relation wins.
const related: TwinRecord = {
  ...application(11),
  properties: {
    ...application(11).properties,
    relations: [{ rel: 'withinArea', target: 'urn:ldntwin:administrative-area:gss:E09000033' }],
  },
};
const official = application(20, { access: { classification: 'official' } });
const tfl = application(21, { access: { classification: 'official', permittedOrganisations: ['tfl'] } });
const digOnce = application(22, { access: { classification: 'open', permittedGroups: ['dig-once'] } });
const secret = application(23, { access: { classification: 'secret' } });
const otherConnector = application(30, { connector: 'other-planning' });
const old = application(31, { recordedAt: '2024-01-01T00:00:00Z' });
const ongoing = application(32, { recordedAt: '2026-01-01T00:00:00Z', validFrom: '2025-06-01' });
// A line from Brixton to 400 m north: intersects a small box at Brixton but is not within it.
const line: TwinRecord = {
  ...application(40),
  geometry: {
    type: 'LineString',
    coordinates: [
      [BRIXTON.lon, BRIXTON.lat],
      [north(400).lon, north(400).lat],
    ],
  },
};
const RECORDS: TwinRecord[] = [
  ...byDistance,
  camden,
  related,
  official,
  tfl,
  digOnce,
  secret,
  otherConnector,
  old,
  ongoing,
  line,
];
const ADMIN: Audience = { clearance: 'secret', organisation: 'tfl', groups: ['dig-once'] };
const box = (metres: number) => {
  const dLat = metres / M_PER_DEG_LAT;
  const dLon = dLat / Math.cos((BRIXTON.lat * Math.PI) / 180);
  const [w, e, s, n] = [BRIXTON.lon - dLon, BRIXTON.lon + dLon, BRIXTON.lat - dLat, BRIXTON.lat + dLat];
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [w, s],
        [e, s],
        [e, n],
        [w, n],
        [w, s],
      ],
    ],
  };
};
const ids = (records: readonly TwinRecord[]) => records.map((r) => r.id).sort();

describe.each(ENGINES)('queries on $engine', ({ engine }) => {
  let store: Store;
  beforeAll(async () => {
    store = await freshStore(engine);
    const report = await store.put(RECORDS);
    expect(report.stored).toBe(RECORDS.length);
  }, 120_000);
  afterAll(() => store?.close());

  const find = async (query: Parameters<Store['query']>[0]) => ids(await all(store.query(query)));

  it('finds records within N metres of a point', async () => {
    const near = { ...BRIXTON, radius: 250 };
    expect(await find({ near, audience: ADMIN, connector: 'test-planning' })).toEqual(
      ids([...byDistance.slice(0, 3), related, official, tfl, digOnce, secret, old, ongoing, line]),
    );
    expect(await find({ near: { ...north(400), radius: 1 }, audience: ADMIN })).toEqual(
      ids([byDistance[5]!, line]),
    );
  });

  it('finds records within and intersecting a geometry', async () => {
    const publicAtBrixton = [related, old, ongoing, otherConnector];
    expect(await find({ within: box(50) })).toEqual(ids(publicAtBrixton));
    expect(await find({ intersects: box(50) })).toEqual(ids([...publicAtBrixton, line]));
    expect(await find({ within: box(250) })).toEqual(ids([...publicAtBrixton, ...byDistance.slice(0, 3)]));
  });

  it('filters by borough (by the withinArea relation, else the geometry), kind and connector', async () => {
    expect(await find({ borough: 'Camden' })).toEqual(ids([camden]));
    expect(await find({ borough: 'E09000033' })).toEqual(ids([related]));
    const lambeth = await find({ borough: 'lambeth', audience: ADMIN });
    expect(lambeth).toEqual(ids(RECORDS.filter((r) => r !== camden && r !== related)));
    expect(await find({ connector: 'other-planning' })).toEqual(ids([otherConnector]));
    expect(await find({ kind: 'PlanningConstraint' })).toEqual([]);
    expect((await find({ kind: ['PlanningApplication', 'Building'], audience: ADMIN })).length).toBe(
      RECORDS.length,
    );
    await expect(find({ borough: 'Narnia' })).rejects.toThrow(/borough "Narnia": not a London borough/);
  });

  it('filters by time span', async () => {
    const publicIds = (records: TwinRecord[]) => ids(filterForAudience(records, PUBLIC_AUDIENCE));
    expect(await find({ time: { to: '2025-01-01' } })).toEqual(ids([old]));
    expect(await find({ time: { from: '2025-12-01', to: '2025-12-31' } })).toEqual(ids([ongoing]));
    expect(await find({ time: { from: '2026-01-01' } })).toEqual(publicIds(RECORDS.filter((r) => r !== old)));
  });

  it('honours access labels exactly as core does, for every audience', async () => {
    const audiences: Audience[] = [
      PUBLIC_AUDIENCE,
      { clearance: 'official' },
      { clearance: 'official', organisation: 'tfl' },
      { clearance: 'open', groups: ['dig-once'] },
      { clearance: 'official-sensitive', organisation: 'thames-water', groups: ['other'] },
      ADMIN,
    ];
    for (const audience of audiences) {
      const expected = ids(filterForAudience(RECORDS, audience));
      expect(await find({ audience })).toEqual(expected);
      expect(await store.count({ audience })).toBe(expected.length);
    }
    expect(await find({})).not.toContain(secret.id);
    expect(await store.get(secret.id)).toBeUndefined();
    expect(await store.get(secret.id, ADMIN)).toEqual(secret);
  });

  it('returns the records as put, streamed page by page, up to a limit', async () => {
    const everything = await all(store.query({ audience: ADMIN }));
    expect(everything).toEqual([...RECORDS].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect((await all(store.query({ audience: ADMIN, limit: 3 }))).length).toBe(3);
  });
});
