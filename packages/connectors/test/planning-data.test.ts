import { readFileSync } from 'node:fs';
import { planningData } from '@ldn-twin/connectors/planning-data';
import { connect, createClient, isHttpError, isPagingError, type TwinRecord } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/planning-data/${name}`, import.meta.url), 'utf8'));

/** Real responses (see fixtures/SOURCES.md). */
const lambethPoint = fixture('planningdata-entity-json-lambeth-point.json') as {
  entities: Record<string, unknown>[];
  links: Record<string, string>;
  count: number;
};
const lambethPalace = fixture('planningdata-entity-conservation-area.json') as Record<string, unknown>[];

const BASE = 'https://www.planning.data.gov.uk';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const planning = () => connect(planningData, { client: createClient({ cache: false }) });
const point: [number, number] = [-0.1198903, 51.4922191];
const datasets = [
  'central-activities-zone',
  'conservation-area',
  'listed-building-outline',
  'article-4-direction-area',
] as const;

describe('planning-data searchEntities', () => {
  it('asks what intersects the site with repeated dataset parameters, and maps every entity', async () => {
    let asked: URL | undefined;
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) => {
        asked = new URL(request.url);
        return HttpResponse.json(lambethPoint);
      }),
    );
    const { records, report } = await planning()
      .searchEntities({ point, datasets: [...datasets] })
      .collect();

    expect(asked?.searchParams.getAll('dataset')).toEqual([...datasets]);
    expect(asked?.searchParams.get('geometry')).toBe('POINT(-0.1198903 51.4922191)');
    expect(asked?.searchParams.get('geometry_relation')).toBe('intersects');
    expect(asked?.searchParams.get('period')).toBe('current');
    expect(report).toMatchObject({ received: 4, mapped: 4, failed: 0, records: 4, pages: 1, complete: true });

    const byDataset = Object.fromEntries(records.map((r) => [r.properties.provenance.dataset, r]));
    const outline = byDataset['listed-building-outline'] as Extract<
      TwinRecord,
      { featureType: 'PlanningConstraint' }
    >;
    expect(outline.id).toBe('urn:ldntwin:planning-constraint:planning-data:42101437');
    expect(outline.properties.name).toBe('Southbank House, Black Prince Road');
    expect(outline.properties.attributes).toMatchObject({
      constraintType: 'listed-building',
      reference: '4/38',
      organisationEntity: 192,
      grade: 'II',
    });
    const caz = byDataset['central-activities-zone'] as Extract<
      TwinRecord,
      { featureType: 'PlanningConstraint' }
    >;
    expect(caz.properties.name).toBeUndefined(); // "" is absent, not an empty name
    expect(caz.properties.validFrom).toBe('2018-06-04');
    expect(caz.properties.validTo).toBeUndefined(); // "end-date": "" is open-ended
    expect(caz.properties.attributes.extra.notes).toMatch(/^Central London Area/);
    expect(caz.time).toEqual({ interval: ['2018-06-04', '..'] });
    // The recording had its geometry stripped: no geometry, said so.
    expect(caz.geometry).toBeNull();
    expect(caz.properties.locationPrecision).toBe('none');
    expect(caz.properties.licence.id).toBe('OGL-UK-3.0');
    expect(caz.properties.access.classification).toBe('open');
  });

  it('turns WKT geometry (lon lat) into GeoJSON', async () => {
    const withGeometry = {
      ...lambethPoint,
      entities: [
        {
          ...lambethPoint.entities[1],
          geometry: 'MULTIPOLYGON (((-0.12 51.49, -0.11 51.49, -0.11 51.5, -0.12 51.49)))',
          point: 'POINT (-0.115 51.493)',
        },
      ],
      count: 1,
    };
    server.use(http.get(`${BASE}/entity.json`, () => HttpResponse.json(withGeometry)));
    const { records } = await planning()
      .searchEntities({ point, datasets: ['conservation-area'] })
      .collect();
    expect(records[0]?.geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [-0.12, 51.49],
            [-0.11, 51.49],
            [-0.11, 51.5],
            [-0.12, 51.49],
          ],
        ],
      ],
    });
    expect(records[0]?.properties.locationPrecision).toBe('exact');
  });

  it('follows links.next through every page', async () => {
    const next = `${BASE}/entity.json?dataset=conservation-area&limit=4&offset=4`;
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) =>
        new URL(request.url).searchParams.get('offset') === '4'
          ? HttpResponse.json({ entities: lambethPalace, links: {}, count: 6 })
          : HttpResponse.json({ ...lambethPoint, links: { next }, count: 6 }),
      ),
    );
    const { records, report } = await planning()
      .searchEntities({ point, datasets: ['conservation-area'], pageSize: 4 })
      .collect();
    expect(records).toHaveLength(6);
    expect(report.pages).toBe(2);
    expect(records.map((r) => r.properties.provenance.sourceId)).toContain('44006852');
  });

  it('ends with a PagingError when the server sends the same page forever', async () => {
    server.use(
      http.get(`${BASE}/entity.json`, ({ request }) =>
        HttpResponse.json({ ...lambethPoint, links: { next: request.url } }),
      ),
    );
    const error = await planning()
      .searchEntities({ point, datasets: ['conservation-area'] })
      .collect()
      .catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
  });

  it('reports an entity with a missing or renamed field instead of crashing or dropping it', async () => {
    const [first, second, ...rest] = lambethPoint.entities;
    const { dataset: _dropped, ...missingDataset } = first!;
    const { entity: id, ...renamed } = second!;
    server.use(
      http.get(`${BASE}/entity.json`, () =>
        HttpResponse.json({
          ...lambethPoint,
          entities: [missingDataset, { ...renamed, 'entity-id': id }, ...rest],
        }),
      ),
    );
    const stream = planning().searchEntities({ point, datasets: [...datasets] });
    const { records, report } = await stream.collect();
    expect(records).toHaveLength(2);
    expect(report).toMatchObject({ received: 4, mapped: 2, failed: 2 });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [0, 'parse', 'dataset'],
      [1, 'parse', 'entity'],
    ]);
    expect(report.issues[1]?.raw).toMatchObject({ 'entity-id': id });
  });

  it('rejects a dataset it cannot map before sending anything', () => {
    expect(() =>
      planning().searchEntities({ point, datasets: ['title-boundary' as 'conservation-area'] }),
    ).toThrow(/invalid params: datasets.0/);
  });
});

describe('planning-data entity', () => {
  it('follows the 301 of a retired entity to its successor', async () => {
    server.use(
      http.get(
        `${BASE}/entity/3022165.json`,
        () => new HttpResponse(null, { status: 301, headers: { location: `${BASE}/entity/44006852.json` } }),
      ),
      http.get(`${BASE}/entity/44006852.json`, () => HttpResponse.json(lambethPalace[0])),
    );
    const { records } = await planning().entity({ entity: 3022165 }).collect();
    expect(records.map((r) => r.id)).toEqual(['urn:ldntwin:planning-constraint:planning-data:44006852']);
  });

  it.each([
    [410, { detail: 'Entity 3022165 has been removed' }],
    [404, { detail: 'entity not found' }],
  ])('gives a typed HttpError for %i', async (status, body) => {
    server.use(http.get(`${BASE}/entity/3022165.json`, () => HttpResponse.json(body, { status })));
    const error = await planning()
      .entity({ entity: 3022165 })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(status);
    expect(isHttpError(error) && error.body).toEqual(body);
  });
});

describe('planning-data conformance', () => {
  it('passes validateConnector on the recorded responses', async () => {
    server.use(
      http.get(`${BASE}/entity.json`, () => HttpResponse.json(lambethPoint)),
      http.get(`${BASE}/entity/44006852.json`, () => HttpResponse.json(lambethPalace[0])),
      http.get(`${BASE}/entity/1.json`, () =>
        HttpResponse.json({ detail: 'entity not found' }, { status: 404 }),
      ),
    );
    const result = await validateConnector(planningData, {
      client: createClient({ cache: false }),
      cases: [
        { operation: 'searchEntities', params: { point, datasets: [...datasets] }, minRecords: 4 },
        { operation: 'entity', params: { entity: 44006852 } },
        { operation: 'entity', params: { entity: 1 }, expectError: true },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([4, 1, 0]);
  });
});
