import { readFileSync } from 'node:fs';
import { createClient } from '@ldn-twin/core';
import { projectProgress } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/** Real Datahub capture (Waltham Forest, see connectors/test/fixtures/planning-london-datahub/SOURCES.md). */
const walthamForest = JSON.parse(
  readFileSync(
    new URL(
      '../../connectors/test/fixtures/planning-london-datahub/pld-applications-search.json',
      import.meta.url,
    ),
    'utf8',
  ),
);
const PLD = 'https://planningdata.london.gov.uk/api-guest/applications/_search';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
const client = () => createClient({ cache: false, retry: { limit: 0 } });

/** A hit in the capture's shape with the given status, dates and homes. */
const hit = (
  id: string,
  status: string,
  homes: number,
  dates: Record<string, string>,
  units?: unknown[],
) => ({
  _index: 'applications',
  _id: `Waltham_Forest-${id}`,
  _source: {
    lpa_name: 'Waltham Forest',
    lpa_app_no: id,
    status,
    centroid: { lon: 0.005, lat: 51.55 },
    application_details: {
      residential_details: {
        total_no_proposed_residential_units: homes,
        ...(units ? { residential_units: units } : {}),
      },
    },
    ...dates,
  },
});
const answer = (hits: unknown[]) =>
  http.post(PLD, () => HttpResponse.json({ hits: { total: { value: hits.length, relation: 'eq' }, hits } }));

describe('projectProgress', () => {
  it('follows constructed schemes from permission to completion or lapse, with known answers', async () => {
    server.use(
      answer([
        // Permitted 2024-01-01, not started: 341 days as of 2024-12-07; lapses 2025-01-31 (in 55 days).
        hit('A', 'Approved', 10, { decision_date: '01/01/2024', lapsed_date: '31/01/2025' }),
        // Permitted 2020-01-01, started 2021-01-01 (366 days), 3 of 40 units done, stalled (1436 days started).
        hit('B', 'Approved', 40, { decision_date: '01/01/2020', actual_commencement_date: '01/01/2021' }, [
          { change_type: 'Gain', actual_completion_date: '01/06/2023' },
          { change_type: 'Gain', actual_completion_date: '01/06/2023' },
          { change_type: 'Gain', actual_completion_date: '01/06/2023' },
          { change_type: 'Gain', actual_completion_date: '01/06/2030' },
        ]),
        // Permitted 2021-01-01, started 2021-03-02 (60 days), completed 2022-03-02 (365 days).
        hit('C', 'Completed', 20, {
          decision_date: '01/01/2021',
          actual_commencement_date: '02/03/2021',
          actual_completion_date: '02/03/2022',
        }),
        // Permitted 2019-01-01 and never started: lapsed 2022-01-01.
        hit('D', 'Approved', 5, { decision_date: '01/01/2019', lapsed_date: '01/01/2022' }),
        // Refused: not a permitted development.
        hit('E', 'Refused', 99, { decision_date: '01/01/2024' }),
      ]),
    );
    const report = await projectProgress(
      { borough: 'Waltham Forest' },
      { client: client(), asOf: '2024-12-07', stalledAfterDays: 730, lapsingWithinDays: 90 },
    );
    const { progress } = report;
    expect(progress.byStage).toEqual({
      permitted: { count: 1, homes: 10 },
      started: { count: 1, homes: 40 },
      completed: { count: 1, homes: 20 },
      lapsed: { count: 1, homes: 5 },
    });
    expect(progress.medianDays).toEqual({ toStart: 213, toComplete: 365 });
    expect(progress.stalled.map((d) => [d.record.properties.attributes.reference, d.daysInStage])).toEqual([
      ['B', 1436],
    ]);
    expect(progress.lapsing.map((d) => d.record.properties.attributes.reference)).toEqual(['A']);
    expect([progress.homesDelivered, progress.homesPermitted]).toEqual([23, 75]);
    expect(report.summary).toEqual([
      'Waltham Forest, as of 2024-12-07: 4 permitted developments of 5 applications.',
      '- permitted: 1 scheme, 10 homes',
      '- started: 1 scheme, 40 homes',
      '- completed: 1 scheme, 20 homes',
      '- lapsed: 1 scheme, 5 homes',
      'Homes delivered: 23 of 75 permitted.',
      'Median time from decision to start: 213 days; from start to completion: 365 days.',
      'Stalled beyond 730 days: Waltham Forest B (started 1436 days).',
      'Lapsing in the next 90 days: Waltham Forest A on 2025-01-31.',
    ]);
  });

  it('reads the real capture: two unstarted permissions have lapsed, one scheme is complete', async () => {
    server.use(http.post(PLD, () => HttpResponse.json(walthamForest)));
    const report = await projectProgress(
      { borough: 'Waltham Forest' },
      { client: client(), asOf: '2026-12-07' },
    );
    expect(report.progress.byStage.lapsed.count).toBe(2);
    expect(report.progress.byStage.completed).toEqual({ count: 1, homes: 2 });
    expect(report.summary[5]).toBe('Homes delivered: 2 of 11 permitted.');
  });

  it("counts no other borough's scheme as the asked borough's, and says which it left out", async () => {
    // Asked for Lambeth, the Datahub answers with Waltham Forest's applications (the real capture).
    server.use(http.post(PLD, () => HttpResponse.json(walthamForest)));
    const report = await projectProgress({ borough: 'Lambeth' }, { client: client(), asOf: '2026-12-07' });
    expect(report.progress.developments).toEqual([]);
    expect(report.records).toEqual([]);
    expect(report.summary.slice(0, 2)).toEqual([
      'Lambeth, as of 2026-12-07: 0 permitted developments of 0 applications.',
      '3 applications the Datahub returned lie outside Lambeth (Waltham Forest): not counted.',
    ]);
    expect(report.summary).toContain('Homes delivered: 0 of 0 permitted.');
  });

  it('claims nothing when the Datahub cannot be asked', async () => {
    server.use(http.post(PLD, () => HttpResponse.json({}, { status: 503 })));
    const report = await projectProgress(
      { borough: 'Waltham Forest' },
      { client: client(), asOf: '2026-12-07' },
    );
    expect(report.complete).toBe(false);
    expect(report.outcome).toBe('none');
    expect(report.summary[0]).toMatch(/^Nothing could be asked about Waltham Forest/);
    expect(report.summary.slice(1)).toEqual([
      expect.stringMatching(/^Not answered: .*Planning London Datahub.*HTTP 503/),
    ]);
  });
});
