import { readFileSync } from 'node:fs';
import { streetManager } from '@ldn-twin/connectors/street-manager';
import {
  connect,
  createClient,
  LONDON_POLICIES,
  OPEN_ACCESS,
  policyRegistry,
  sharedAssetsPolicy,
  type TwinRecordOf,
  twinId,
} from '@ldn-twin/core';
import { wgs84ToBng } from '@ldn-twin/geo';
import { digOnce, planDigOnce } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../connectors/test/fixtures/${path}`, import.meta.url), 'utf8'));

// Real TfL responses: roadworks on Burlington Lane (W4) and a street segment on Windmill Road (TW8,
// 2025-07-09 to 2025-11-29, [-0.308696,51.489609] to [-0.308888,51.489881]), Hounslow.
const server = setupServer(
  http.get('https://api.tfl.gov.uk/Road/all/Disruption', () =>
    HttpResponse.json(fixture('tfl/tfl-road-disruption.json')),
  ),
  http.get('https://api.tfl.gov.uk/Road/all/Street/Disruption', () =>
    HttpResponse.json(fixture('tfl/tfl-road-street-disruption.json')),
  ),
  http.post('https://planningdata.london.gov.uk/api-guest/applications/_search', () =>
    HttpResponse.json({ hits: { total: { value: 0, relation: 'eq' }, hits: [] } }),
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The real Street Manager permit event (Sheffield), moved and re-dated to build each case. */
const template = fixture('street-manager/streetmanager-permit-event.json');
const WINDMILL_START: [number, number] = [-0.308696, 51.489609];

interface PermitCase {
  readonly permit: string;
  readonly usrn: string;
  readonly street?: string;
  /** WGS 84 point; moved `north` metres on the grid. */
  readonly at?: [number, number];
  readonly north?: number;
  readonly start: string;
  readonly end: string;
  readonly event?: string;
  readonly eventTime?: string;
  readonly status?: string;
  readonly actualStart?: string | null;
  readonly actualEnd?: string | null;
  /** Leave the coordinates out (some later events carry none). */
  readonly unplaced?: boolean;
}

function message(c: PermitCase) {
  const [lon, lat] = c.at ?? WINDMILL_START;
  const { easting, northing } = wgs84ToBng(lon, lat);
  return {
    ...template,
    event_type: c.event ?? 'PERMIT_GRANTED',
    event_time: c.eventTime ?? '2025-09-01T09:00:00.000Z',
    object_reference: c.permit,
    object_data: {
      ...template.object_data,
      work_reference_number: c.permit.replace(/-\d+$/, ''),
      permit_reference_number: c.permit,
      promoter_organisation: 'THAMES WATER UTILITIES LTD',
      works_location_coordinates: c.unplaced
        ? null
        : `POINT(${easting.toFixed(3)} ${(northing + (c.north ?? 0)).toFixed(3)})`,
      street_name: c.street ?? 'WINDMILL ROAD',
      usrn: c.usrn,
      town: 'BRENTFORD',
      proposed_start_date: c.start,
      proposed_start_time: c.start,
      proposed_end_date: c.end,
      proposed_end_time: c.end,
      actual_start_date_time: c.actualStart ?? null,
      actual_end_date_time: c.actualEnd ?? null,
      work_status: c.status ?? 'Planned',
    },
  };
}

async function permits(...cases: PermitCase[]): Promise<TwinRecordOf<'StreetWork'>[]> {
  const { records, report } = await connect(streetManager, { client: createClient() })
    .parseMessages({ messages: cases.map(message) })
    .collect();
  expect(report.failed).toBe(0);
  return records;
}

const client = () => createClient({ cache: false, retry: { limit: 0 } });
const window = { from: '2025-10-01', to: '2025-10-31' };

describe('digOnce works', () => {
  it('finds no shared dig between works 4 km apart, and says how many works it saw', async () => {
    const report = await digOnce(
      { borough: 'Hounslow' },
      { client: client(), window: { from: '2025-10-01', to: '2025-10-20' } },
    );
    expect(report.sources.every((s) => s.status === 'answered')).toBe(true);
    expect(report.opportunities).toEqual([]);
    expect(report.summary[0]).toMatch(
      /^Hounslow, 2025-10-01 to 2025-10-20: \d+ works in the window \(from \d+ records\), 0 chances to dig once\.$/,
    );
  });

  it('asks TfL for RFC 3339 date-times covering the whole window, and names a window date that is not one', async () => {
    let asked: URL | undefined;
    server.use(
      http.get('https://api.tfl.gov.uk/Road/all/Street/Disruption', ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(fixture('tfl/tfl-road-street-disruption.json'));
      }),
    );
    await digOnce({ borough: 'Hounslow' }, { client: client(), window });
    expect(asked?.searchParams.get('startDate')).toBe('2025-10-01T00:00:00.000Z');
    expect(asked?.searchParams.get('endDate')).toBe('2025-11-01T00:00:00.000Z');
    const bad = await digOnce(
      { borough: 'Hounslow' },
      { client: client(), window: { ...window, from: 'soon' } },
    );
    const streets = bad.sources.find((source) => source.source === 'street works (TfL street disruptions)');
    expect(streets?.status).toBe('failed');
    expect(streets?.error?.message).toBe('dig-once: window.from is not an ISO date: "soon"');
  });

  it('gives one work for a permit sent as two events (granted, then started): the later one stands', async () => {
    const [granted, started] = await permits(
      {
        permit: 'TW1-01',
        usrn: '20100001',
        start: '2025-10-06T00:00:00.000Z',
        end: '2025-10-16T00:00:00.000Z',
      },
      {
        permit: 'TW1-01',
        usrn: '20100001',
        start: '2025-10-06T00:00:00.000Z',
        end: '2025-10-16T00:00:00.000Z',
        event: 'WORK_START',
        eventTime: '2025-10-07T08:00:00.000Z',
        actualStart: '2025-10-07T07:30:00.000Z',
        status: 'Works in progress',
      },
    );
    const plan = planDigOnce([granted!, started!], { window, withinMetres: 50 });
    expect(plan).toMatchObject({ works: 1, records: 2, opportunities: [] });
    // With a second permit on the same street, one opportunity of two works (not three).
    const [other] = await permits({
      permit: 'TW2-01',
      usrn: '20100001',
      north: 400,
      start: '2025-10-20T00:00:00.000Z',
      end: '2025-10-23T00:00:00.000Z',
    });
    const { opportunities } = planDigOnce([granted!, started!, other!], { window, withinMetres: 50 });
    expect(opportunities).toHaveLength(1);
    const [tw1, tw2] = opportunities[0]!.works;
    expect([tw1?.reference, tw1?.events, tw1?.from, tw1?.record.properties.attributes]).toEqual([
      'TW1-01',
      2,
      '2025-10-07',
      expect.objectContaining({ status: 'Works in progress', eventType: 'WORK_START' }),
    ]);
    expect(tw2?.reference).toBe('TW2-01');
  });

  it('lets a later event without coordinates update the work, which keeps its place', async () => {
    const [started, stopped] = await permits(
      {
        permit: 'TW4-01',
        usrn: '20100004',
        start: '2025-10-06T00:00:00.000Z',
        end: '2025-10-16T00:00:00.000Z',
      },
      {
        permit: 'TW4-01',
        usrn: '20100004',
        start: '2025-10-06T00:00:00.000Z',
        end: '2025-10-16T00:00:00.000Z',
        event: 'WORK_STOP',
        eventTime: '2025-10-12T17:00:00.000Z',
        actualStart: '2025-10-06T08:00:00.000Z',
        actualEnd: '2025-10-12T16:00:00.000Z',
        unplaced: true,
      },
    );
    expect(stopped?.geometry).toBeNull();
    const [neighbour] = await permits({
      permit: 'TW5-01',
      usrn: '20100005',
      north: 20,
      start: '2025-10-06T00:00:00.000Z',
      end: '2025-10-08T00:00:00.000Z',
    });
    const { opportunities } = planDigOnce([started!, stopped!, neighbour!], { window, withinMetres: 50 });
    expect(opportunities[0]?.works.map((w) => [w.reference, w.from, w.to, w.events])).toEqual([
      ['TW4-01', '2025-10-06', '2025-10-12', 2],
      ['TW5-01', '2025-10-06', '2025-10-08', 1],
    ]);
    expect(opportunities[0]?.reasons).toEqual(['within 50 m (20 m apart)']);
  });

  it('groups a permit lying on a TfL works line (0 m from the line, 17 m from its centre)', async () => {
    const [onLine] = await permits({
      permit: 'TW3-01',
      usrn: '20100003',
      street: 'BOSTON MANOR ROAD',
      start: '2025-10-06T00:00:00.000Z',
      end: '2025-10-09T00:00:00.000Z',
    });
    const report = await digOnce(
      { borough: 'Hounslow' },
      { client: client(), window, streetWorks: [onLine!], withinMetres: 5 },
    );
    expect(report.opportunities).toHaveLength(1);
    const [o] = report.opportunities;
    expect(o?.works.map((w) => w.reference)).toEqual(['TIMS-213440', 'TW3-01']);
    expect(o?.reasons).toEqual(['within 5 m (0 m apart)']);
    // The permit's 3 days fall inside the roadworks: no extra day of disruption, no move needed.
    expect(o?.daysSaved).toBe(0);
    expect(o?.moves).toEqual([]);
  });

  it('groups sequential works on the same USRN, says which dig moves and by how many days; other streets stay apart', async () => {
    const works = await permits(
      // A: 10 days; B: 6 days, 400 m along the same street, 19 days later.
      {
        permit: 'A-01',
        usrn: '20200001',
        street: 'ACTON LANE',
        north: 2000,
        start: '2025-10-01T00:00:00.000Z',
        end: '2025-10-11T00:00:00.000Z',
      },
      {
        permit: 'B-01',
        usrn: '20200001',
        street: 'ACTON LANE',
        north: 2400,
        start: '2025-10-20T00:00:00.000Z',
        end: '2025-10-26T00:00:00.000Z',
      },
      // Controls: other streets, the same dates, 300 m and more away.
      {
        permit: 'C-01',
        usrn: '20200002',
        street: 'OTHER ROAD',
        north: 2700,
        start: '2025-10-01T00:00:00.000Z',
        end: '2025-10-11T00:00:00.000Z',
      },
      {
        permit: 'D-01',
        usrn: '20200003',
        street: 'THIRD ROAD',
        north: 3100,
        start: '2025-10-20T00:00:00.000Z',
        end: '2025-10-26T00:00:00.000Z',
      },
    );
    const { opportunities } = planDigOnce(works, { window, withinMetres: 50 });
    expect(opportunities).toHaveLength(1);
    const [o] = opportunities;
    expect(o?.works.map((w) => [w.reference, w.promoter, w.usrn, w.from, w.to, w.days])).toEqual([
      ['A-01', 'THAMES WATER UTILITIES LTD', '20200001', '2025-10-01', '2025-10-11', 10],
      ['B-01', 'THAMES WATER UTILITIES LTD', '20200001', '2025-10-20', '2025-10-26', 6],
    ]);
    expect(o?.reasons).toEqual(['same street (USRN 20200001)']);
    // 16 days of occupation as planned (10 + 6, no overlap) against 10 for one shared dig.
    expect(o?.daysSaved).toBe(6);
    expect(o?.moves).toEqual([{ reference: 'B-01', nextTo: 'A-01', days: -19 }]);
  });

  it('matches a TfL street name to a Street Manager USRN through geometry, and names it in the reasoning', async () => {
    const works = await permits(
      // On the TfL Windmill Road segment, then 400 m up the same USRN a week later.
      {
        permit: 'W1-01',
        usrn: '20300001',
        start: '2025-10-02T00:00:00.000Z',
        end: '2025-10-04T00:00:00.000Z',
      },
      {
        permit: 'W2-01',
        usrn: '20300001',
        north: 400,
        start: '2025-10-10T00:00:00.000Z',
        end: '2025-10-12T00:00:00.000Z',
      },
    );
    const report = await digOnce({ borough: 'Hounslow' }, { client: client(), window, streetWorks: works });
    const o = report.opportunities.find((x) => x.works.some((w) => w.reference === 'W2-01'));
    expect(o?.works.map((w) => [w.reference, w.usrn, w.usrnFrom])).toEqual([
      ['TIMS-213440', '20300001', 'geometry'],
      ['W1-01', '20300001', 'source'],
      ['W2-01', '20300001', 'source'],
    ]);
    expect(o?.reason).toContain('same street (USRN 20300001, matched to WINDMILL ROAD by geometry)');
    expect(report.summary[1]).toMatch(
      /W2-01 \(THAMES WATER UTILITIES LTD, USRN 20300001, 2025-10-10 to 2025-10-12\)/,
    );
  });
});

describe('digOnce underground assets', () => {
  const ORG = 'Example Water';
  const main: TwinRecordOf<'UndergroundAsset'> = {
    type: 'Feature',
    id: twinId('UndergroundAsset', 'test', 'WM-9'),
    featureType: 'UndergroundAsset',
    geometry: {
      type: 'LineString',
      coordinates: [
        [-0.3087, 51.4896],
        [-0.3089, 51.4899],
      ],
    },
    time: null,
    properties: {
      kind: 'UndergroundAsset',
      name: 'water main WM-9',
      identifiers: [],
      recordedAt: '2025-09-01T00:00:00Z',
      locationPrecision: 'exact',
      relations: [],
      provenance: {
        publisher: ORG,
        dataset: 'mains',
        retrievedAt: '2025-09-01T00:00:00Z',
        method: 'reported',
      },
      licence: { id: 'LicenseRef-restricted', attribution: [`(c) ${ORG}`] },
      access: { classification: 'official-sensitive', permittedOrganisations: [ORG] },
      attributes: {},
    },
  };

  it('names what lies under a grouped dig for a cleared audience, and never for the public', async () => {
    const works = await permits({
      permit: 'U-01',
      usrn: '20400001',
      start: '2025-10-02T00:00:00.000Z',
      end: '2025-10-04T00:00:00.000Z',
    });
    const cleared = await digOnce(
      { borough: 'Hounslow' },
      {
        client: client(),
        window,
        streetWorks: works,
        undergroundAssets: [main],
        audience: { clearance: 'official-sensitive', organisation: ORG },
      },
    );
    expect(cleared.opportunities[0]?.assets?.map((a) => a.id)).toEqual([main.id]);
    expect(cleared.summary.join('\n')).toContain('Under the dig: water main WM-9.');

    const open = await digOnce(
      { borough: 'Hounslow' },
      {
        client: client(),
        window,
        streetWorks: works,
        undergroundAssets: [main],
        audience: { clearance: 'open' },
      },
    );
    expect(open.opportunities).toHaveLength(1);
    expect(open.withheld).toBe(0);
    const text = JSON.stringify(open);
    for (const word of ['WM-9', 'water main', ORG, 'Under the dig']) expect(text).not.toContain(word);
    expect(OPEN_ACCESS.classification).toBe(open.access.classification);
  });

  it('names the assets only for the purposes their terms admit', async () => {
    const terms = sharedAssetsPolicy({
      uid: 'https://example.org/policy/example-water-assets',
      organisations: [ORG],
      purposes: ['safe-digging'],
    });
    const shared: TwinRecordOf<'UndergroundAsset'> = {
      ...main,
      properties: { ...main.properties, access: { ...main.properties.access, policies: [terms.uid] } },
    };
    const works = await permits({
      permit: 'U-01',
      usrn: '20400001',
      start: '2025-10-02T00:00:00.000Z',
      end: '2025-10-04T00:00:00.000Z',
    });
    const ask = (purpose: string) =>
      digOnce(
        { borough: 'Hounslow' },
        {
          client: client(),
          window,
          streetWorks: works,
          undergroundAssets: [shared],
          audience: { clearance: 'official-sensitive', organisation: ORG, purpose },
          policies: policyRegistry([...LONDON_POLICIES, terms]),
        },
      );
    expect((await ask('safe-digging')).opportunities[0]?.assets?.map((a) => a.id)).toEqual([main.id]);
    const marketing = await ask('marketing');
    expect(marketing.opportunities).toHaveLength(1);
    expect(JSON.stringify(marketing)).not.toContain('WM-9');
  });
});
