import { readFileSync } from 'node:fs';
import { createClient } from '@ldn-twin/core';
import { capacityForGrowth } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../connectors/test/fixtures/${path}`, import.meta.url), 'utf8'));
/** Real Datahub capture (Waltham Forest) and hand-made UKPN bodies of the documented shape. */
const walthamForest = fixture('planning-london-datahub/pld-applications-search.json');
const areasBody = fixture('ukpn/handmade-primary-postcode-area-lpn.json');
const headroomBody = fixture('ukpn/handmade-headroom-lpn-2030.json');

const ODS = 'https://ukpowernetworks.opendatasoft.com/api/explore/v2.1/catalog/datasets';
const PLD = 'https://planningdata.london.gov.uk/api-guest/applications/_search';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });

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
  dates: Record<string, string | null>,
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

describe('capacityForGrowth', () => {
  it('ranks areas by how far growth outruns headroom, on constructed data whose order is known', async () => {
    // 2 kW a home: X 100 permitted homes = 0.2 MW against 0.05 MW (short 0.15); Y 300 started = 0.6 MW
    // against 0.1 (short 0.5); Z 10 homes = 0.02 MW against 5 MW (fits); W 500 completed homes are
    // already connected (0 MW new) against 0.1 (fits). Right order: Y, X, Z, W.
    const areas = [
      square('LPN-X', -0.02),
      square('LPN-Y', -0.01),
      square('LPN-Z', 0.0),
      square('LPN-W', 0.01),
    ];
    const hits = [
      hit('X1', -0.02, 100, { actual_commencement_date: null }),
      hit('Y1', -0.01, 300, { actual_commencement_date: '01/01/2025' }),
      hit('Z1', 0.0, 10, {}),
      hit('W1', 0.01, 500, { actual_completion_date: '01/03/2025' }, 'Completed'),
    ];
    let where: string | null = null;
    server.use(
      http.get(`${ODS}/ukpn_primary_postcode_area/records`, () =>
        HttpResponse.json({ total_count: areas.length, results: areas }),
      ),
      http.get(`${ODS}/dfes-network-headroom-report/records`, ({ request }) => {
        where = new URL(request.url).searchParams.get('where');
        return HttpResponse.json({
          total_count: 8,
          results: [
            headroomRow('LPN-X', 'Electric Engagement', 0.05),
            headroomRow('LPN-X', 'Holistic Transition', 0.3),
            headroomRow('LPN-Y', 'Electric Engagement', 0.2),
            headroomRow('LPN-Y', 'Holistic Transition', 0.1),
            headroomRow('LPN-Z', 'Electric Engagement', 5),
            headroomRow('LPN-Z', 'Holistic Transition', 6),
            headroomRow('LPN-W', 'Electric Engagement', 0.1),
            headroomRow('LPN-W', 'Holistic Transition', 0.1),
          ],
        });
      }),
      http.post(PLD, () =>
        HttpResponse.json({ hits: { total: { value: hits.length, relation: 'eq' }, hits } }),
      ),
    );
    const report = await capacityForGrowth(
      { borough: 'Waltham Forest' },
      { client: client(), year: 2030, sources: ['applications'], config: { ukpn: { apiKey: 'k' } } },
    );
    expect(where).toContain('year=2030');
    expect(where).toContain('sitefunctionallocation="LPN-X"');
    expect(report.complete).toBe(true);
    expect(report.areas.map((a) => a.substation)).toEqual(['LPN-Y', 'LPN-X', 'LPN-Z', 'LPN-W']);
    const [y, x, , w] = report.areas;
    expect(y?.shortfallMw).toBeCloseTo(0.5);
    expect(y?.scenarios[0]).toMatchObject({ scenario: 'Holistic Transition', headroomMw: 0.1 });
    expect(x?.shortfallMw).toBeCloseTo(0.15);
    expect(x?.homes).toEqual({ permitted: 100, started: 0, completed: 0 });
    expect(w).toMatchObject({
      homes: { permitted: 0, started: 0, completed: 500 },
      newDemandMw: 0,
      shortfallMw: 0,
    });
    expect(report.summary[2]).toBe('Growth outruns capacity in 2 areas:');
    expect(report.summary[3]).toBe(
      '1. Constructed LPN-Y (LPN-Y): 0.6 MW new demand against 0.1 MW headroom under Holistic Transition, short by 0.5 MW; Electric Engagement 0.2 MW',
    );
    expect(report.geojson.features.map((f) => [f.id, f.properties?.rank, f.properties?.outruns])).toEqual([
      ['LPN-Y', 1, true],
      ['LPN-X', 2, true],
      ['LPN-Z', 3, false],
      ['LPN-W', 4, false],
    ]);
    expect(
      report.records.some(
        (r) => r.featureType === 'ScenarioResult' && r.properties.provenance.method === 'simulated',
      ),
    ).toBe(true);
  });

  it('changes the ranking when the demand assumption changes (the assumption is not hidden)', async () => {
    server.use(
      http.get(`${ODS}/ukpn_primary_postcode_area/records`, () =>
        HttpResponse.json({ total_count: 2, results: [square('LPN-X', -0.02), square('LPN-Y', -0.01)] }),
      ),
      http.get(`${ODS}/dfes-network-headroom-report/records`, () =>
        HttpResponse.json({
          total_count: 2,
          results: [headroomRow('LPN-X', 'S', 1), headroomRow('LPN-Y', 'S', 1)],
        }),
      ),
      http.post(PLD, () =>
        HttpResponse.json({
          hits: { total: { value: 1, relation: 'eq' }, hits: [hit('X1', -0.02, 400, {})] },
        }),
      ),
    );
    const at2kW = await capacityForGrowth(
      { borough: 'Waltham Forest' },
      { client: client(), year: 2030, sources: ['applications'] },
    );
    expect(at2kW.areas[0]?.shortfallMw).toBe(0);
    const at3kW = await capacityForGrowth(
      { borough: 'Waltham Forest' },
      { client: client(), year: 2030, sources: ['applications'], demand: { kwPerHome: 3 } },
    );
    expect(at3kW.areas[0]).toMatchObject({ substation: 'LPN-X' });
    expect(at3kW.areas[0]?.shortfallMw).toBeCloseTo(0.2);
    expect(at3kW.summary[1]).toContain('3 kW a home');
  });

  it('works on the real Datahub capture and the documented UKPN shape, and says when headroom is missing', async () => {
    server.use(
      http.get(`${ODS}/ukpn_primary_postcode_area/records`, () => HttpResponse.json(areasBody)),
      http.get(`${ODS}/dfes-network-headroom-report/records`, () => HttpResponse.json(headroomBody)),
      http.post(PLD, () => HttpResponse.json(walthamForest)),
    );
    const report = await capacityForGrowth(
      { borough: 'Waltham Forest' },
      { client: client(), year: 2030, sources: ['applications'] },
    );
    // 190520 (9 homes, approved) and 190563 (2 homes, completed) fall in area A; 181241 (0 homes) in B.
    const a = report.areas.find((area) => area.substation === 'LPN-S000000000901');
    expect(a?.homes).toEqual({ permitted: 9, started: 0, completed: 2 });
    expect(a?.shortfallMw).toBeCloseTo(0.418);
    expect(report.areas[0]?.substation).toBe('LPN-S000000000901');
    expect(report.summary.join('\n')).toContain('Electric Engagement');
  });

  it('names a failed network source and claims nothing about capacity', async () => {
    server.use(
      http.get(`${ODS}/ukpn_primary_postcode_area/records`, () =>
        HttpResponse.json({ message: 'ForbiddenAccess' }, { status: 403 }),
      ),
      http.post(PLD, () => HttpResponse.json(walthamForest)),
    );
    const report = await capacityForGrowth(
      { borough: 'Waltham Forest' },
      { client: client(), year: 2030, sources: ['applications'] },
    );
    expect(report.complete).toBe(false);
    expect(report.areas).toEqual([]);
    expect(report.summary.join('\n')).toMatch(/No headroom came back/);
    expect(report.summary[0]).toMatch(
      /cannot be assessed, because the substation feeding areas could not be asked/,
    );
    expect(report.summary.join('\n')).not.toMatch(/\b0 substation feeding areas/);
    expect(report.summary.join('\n')).toMatch(
      /Not answered: primary substation feeding areas \(UK Power Networks\) \(HTTP 403\)/,
    );
  });
});
