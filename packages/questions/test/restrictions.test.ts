import { readFileSync } from 'node:fs';
import { createClient } from '@ldn-twin/core';
import { PlaceError, restrictionsAt } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

// The real planning.data.gov.uk response for this very site (see the connectors' fixtures SOURCES.md).
const lambeth = JSON.parse(
  readFileSync(
    new URL(
      '../../connectors/test/fixtures/planning-data/planningdata-entity-json-lambeth-point.json',
      import.meta.url,
    ),
    'utf8',
  ),
);
const BASE = 'https://www.planning.data.gov.uk';
const site = { point: [-0.1198903, 51.4922191] as const };
let asked: URL[] = [];
const server = setupServer(
  http.get(`${BASE}/entity.json`, ({ request }) => {
    asked.push(new URL(request.url));
    return HttpResponse.json(lambeth);
  }),
  http.get(`${BASE}/dataset/:name`, () => HttpResponse.json({ detail: 'not recorded' }, { status: 404 })),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  asked = [];
});
afterAll(() => server.close());

const client = () => createClient({ cache: false });

describe('restrictionsAt', () => {
  it('answers with the constraints that intersect the site and its borough', async () => {
    const report = await restrictionsAt(site, { client: client() });
    expect(asked[0]?.searchParams.get('geometry_relation')).toBe('intersects');
    expect(asked[0]?.searchParams.getAll('dataset')).toContain('conservation-area');
    expect(report.place?.borough).toMatchObject({ code: 'E09000022', name: 'Lambeth' });
    expect(report.records.filter((r) => r.featureType === 'PlanningConstraint')).toHaveLength(4);
    expect(report.records.find((r) => r.featureType === 'AdministrativeArea')?.id).toBe(
      'urn:ldntwin:administrative-area:gss:E09000022',
    );
    expect(report.summary[0]).toMatch(/in Lambeth \(E09000022\), Inner London/);
    expect(report.summary).toContain('- conservation area: Albert Embankment');
    expect(report.summary).toContain('- listed building: Southbank House, Black Prince Road (grade II)');
    expect(report.sources.map((s) => s.status)).toEqual(['answered', 'answered']);
    expect(report.complete).toBe(true);
    expect(report.attributions).toContain(
      'Contains Ordnance Survey data © Crown copyright and database right',
    );
    expect(report.access.classification).toBe('open');
  });

  it('still answers, and names the failed source, when planning.data fails', async () => {
    server.use(http.get(`${BASE}/entity.json`, () => HttpResponse.json({ detail: 'boom' }, { status: 500 })));
    const report = await restrictionsAt(site, {
      client: createClient({ cache: false, retry: { limit: 0 } }),
    });
    const failed = report.sources.find((s) => s.connector === 'planning-data');
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'HTTP' } });
    expect(report.complete).toBe(false);
    expect(report.records.map((r) => r.featureType)).toEqual(['AdministrativeArea']);
    expect(report.summary.at(-1)).toMatch(/^Could not ask planning constraints/);
  });

  it('resolves an OS grid reference and a borough name', async () => {
    const byGridRef = await restrictionsAt({ gridRef: 'TQ 30 78' }, { client: client() });
    expect(byGridRef.place?.borough?.name).toBe('Lambeth');
    expect(asked[0]?.searchParams.get('geometry')).toMatch(/^POINT\(-0\.1\d+ 51\.4\d+\)$/);
    const byBorough = await restrictionsAt({ borough: 'lambeth' }, { client: client() });
    expect(byBorough.place?.borough?.code).toBe('E09000022');
    expect(asked[1]?.searchParams.get('geometry')).toMatch(/^(MULTI)?POLYGON/);
  });

  it.each([
    [{ point: [-1.2577, 51.752] as const }, /outside Greater London/],
    [{ borough: 'Gotham' }, /unknown borough "Gotham"/],
    [{ gridRef: 'TQ 123' }, /./],
  ])('says clearly what is wrong with %j', async (badSite, message) => {
    await expect(restrictionsAt(badSite, { client: client() })).rejects.toThrow(message);
    await expect(restrictionsAt(badSite, { client: client() })).rejects.toBeInstanceOf(PlaceError);
    expect(asked).toHaveLength(0);
  });
});
