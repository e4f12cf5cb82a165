import { readFileSync } from 'node:fs';
import { headroomRunId, ukpn } from '@ldn-twin/connectors/ukpn';
import { connect, createClient, isPagingError, isSchemaError, type TwinRecordOf } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { odsRecords, parseLenientJson } from '../src/protocols/opendatasoft/index.js';

const text = (name: string) => readFileSync(new URL(`./fixtures/ukpn/${name}`, import.meta.url), 'utf8');
const json = <T>(name: string) => JSON.parse(text(name)) as T;
type Body = { total_count: number; results: Record<string, unknown>[] };
/** Hand-made to the documented shape (fixtures/ukpn/SOURCES.md): no raw UKPN body exists. */
const headroomBody = json<Body>('handmade-headroom-lpn-2030.json');
const areasBody = json<Body>('handmade-primary-postcode-area-lpn.json');
const projectsBody = json<Body>('handmade-ltds-infrastructure-projects-lpn.json');
const dnoaBody = json<Body>('handmade-dnoa.json');
/** Real records printed by UKPN's own client, re-packaged (fixtures/ukpn/SOURCES.md). */
const ltds3b = json<Record<string, unknown>[]>('ukpn-ltds-table-3b-records-repackaged.json');

const BASE = 'https://ukpowernetworks.opendatasoft.com/api/explore/v2.1';
const records = (dataset: string) => `${BASE}/catalog/datasets/${dataset}/records`;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => createClient({ cache: false, retry: { limit: 0 } });
const network = (config: Record<string, unknown> = { apiKey: 'secret-key-123' }) =>
  connect(ukpn, { client: client(), config });

describe('Opendatasoft protocol', () => {
  it('pages real LTDS records (re-packaged in the v2.1 envelope) by offset and limit until total_count', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get(records('ltds-table-3b-load-data-true'), ({ request }) => {
        const params = new URL(request.url).searchParams;
        asked.push(params);
        const offset = Number(params.get('offset'));
        const limit = Number(params.get('limit'));
        return HttpResponse.json({ total_count: 3, results: ltds3b.slice(offset, offset + limit) });
      }),
    );
    const pages: unknown[][] = [];
    for await (const page of odsRecords(client(), {
      baseUrl: BASE,
      dataset: 'ltds-table-3b-load-data-true',
      query: { refine: ['licencearea:Eastern Power Networks (EPN)'] },
      pageSize: 2,
      label: 'ltds 3b',
    }))
      pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(asked.map((p) => [p.get('offset'), p.get('limit'), p.get('refine')])).toEqual([
      ['0', '2', 'licencearea:Eastern Power Networks (EPN)'],
      ['2', '2', 'licencearea:Eastern Power Networks (EPN)'],
    ]);
    expect(pages.flat()[2]).toMatchObject({ substation: 'Ilmer Grid 33kV', firm_capacity_mw: 57.6 });
  });

  it('reads bare NaN and Infinity as null and leaves the words inside strings alone', () => {
    expect(parseLenientJson('{"a": NaN, "b": -Infinity, "c": "NaN and Infinity", "d": [Infinity]}')).toEqual({
      a: null,
      b: null,
      c: 'NaN and Infinity',
      d: [null],
    });
  });

  it('fails with a PagingError when more than the 10 000-record window match, before yielding a part', async () => {
    server.use(
      http.get(records('big'), ({ request }) => {
        const offset = Number(new URL(request.url).searchParams.get('offset'));
        return HttpResponse.json({
          total_count: 20_000,
          results: Array.from({ length: 100 }, (_, i) => ({ n: offset + i })),
        });
      }),
    );
    let seen = 0;
    const error = await (async () => {
      for await (const page of odsRecords(client(), { baseUrl: BASE, dataset: 'big', label: 'big' }))
        seen += page.length;
    })().catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
    expect(seen).toBe(0);
  });
});

describe('ukpn headroom (documented shape)', () => {
  it('maps headroom rows to ScenarioResults of the named DFES run, with the key in the header only', async () => {
    let asked: Request | undefined;
    server.use(
      http.get(records('dfes-network-headroom-report'), ({ request }) => {
        asked = request;
        return HttpResponse.json(headroomBody);
      }),
    );
    const { records: results, report } = await network({ apiKey: 'secret-key-123', dfesEdition: '2025' })
      .headroom({ year: 2030 })
      .collect();
    expect(asked?.headers.get('authorization')).toBe('Apikey secret-key-123');
    const where = new URL(asked!.url).searchParams.get('where');
    expect(where).toBe('(licencearea="London Power Networks (LPN)") AND (year=2030)');
    expect(asked!.url).not.toContain('secret');
    expect(report).toMatchObject({ received: 4, mapped: 4, failed: 0 });
    const first = results[0] as TwinRecordOf<'ScenarioResult'>;
    expect(first.featureType).toBe('ScenarioResult');
    expect(first.properties.provenance.method).toBe('simulated');
    expect(first.properties.scenario).toEqual({
      runId: headroomRunId('dfes-network-headroom-report', '2025'),
      scenario: 'Electric Engagement',
    });
    expect(first.properties.attributes).toMatchObject({
      metric: 'network-headroom',
      value: -0.4,
      unit: 'MW',
      year: 2030,
      extra: { sitefunctionallocation: 'LPN-S000000000901' },
    });
    expect(first.geometry).toEqual({ type: 'Point', coordinates: [0.012, 51.555] });
    expect(results.map((r) => r.properties.scenario?.scenario)).toEqual([
      'Electric Engagement',
      'Holistic Transition',
      'Electric Engagement',
      'Holistic Transition',
    ]);
  });

  it('reports a NaN headroom as an issue and keeps the rest (received = mapped + failed)', async () => {
    const body = JSON.stringify(headroomBody)
      .replace('"headroom_mw": -0.4', '"headroom_mw": NaN')
      .replace('"headroom_mw":-0.4', '"headroom_mw":NaN');
    expect(body).toContain('NaN');
    server.use(
      http.get(
        records('dfes-network-headroom-report'),
        () => new HttpResponse(body, { headers: { 'content-type': 'application/json' } }),
      ),
    );
    const { records: results, report } = await network().headroom({}).collect();
    expect(results).toHaveLength(3);
    expect(report).toMatchObject({ received: 4, mapped: 3, failed: 1 });
    expect(report.issues[0]).toMatchObject({ index: 0, stage: 'parse', path: 'headroom_mw' });
  });

  it('asks for one scenario and substations with quoted ODSQL strings', async () => {
    let where: string | null = null;
    server.use(
      http.get(records('dfes-network-headroom-report'), ({ request }) => {
        where = new URL(request.url).searchParams.get('where');
        return HttpResponse.json({ total_count: 0, results: [] });
      }),
    );
    await network()
      .headroom({ scenario: 'Say "no"', substations: ['LPN-S1', 'LPN-S2'] })
      .collect();
    expect(where).toBe(
      '(licencearea="London Power Networks (LPN)") AND (scenario="Say \\"no\\"") AND (sitefunctionallocation="LPN-S1" OR sitefunctionallocation="LPN-S2")',
    );
  });

  it('gives a SchemaError for a body without results', async () => {
    server.use(http.get(records('dfes-network-headroom-report'), () => HttpResponse.json({ error: 'x' })));
    const error = await network()
      .headroom({})
      .collect()
      .catch((e: unknown) => e);
    expect(isSchemaError(error)).toBe(true);
  });
});

describe('ukpn feeding areas, reinforcements and constraint decisions (documented shape)', () => {
  it('maps feeding areas to Facilities whose geometry is the area, from a Feature or a bare geometry', async () => {
    server.use(http.get(records('ukpn_primary_postcode_area'), () => HttpResponse.json(areasBody)));
    const { records: areas } = await network().feedingAreas({}).collect();
    expect(areas.map((a) => [a.geometry?.type, a.properties.locationPrecision])).toEqual([
      ['Polygon', 'area'],
      ['Polygon', 'area'],
    ]);
    expect(areas[0]?.properties.attributes).toMatchObject({
      facilityType: 'primary-substation',
      extra: { primary_floc: 'LPN-S000000000901', firmcapacitywinter: '24' },
    });
  });

  it('maps planned reinforcements and keeps only London DNOA rows by functional location', async () => {
    server.use(
      http.get(records('ukpn-ltds-infrastructure-projects'), () => HttpResponse.json(projectsBody)),
      http.get(records('ukpn-dnoa'), ({ request }) => {
        expect(new URL(request.url).searchParams.get('where')).toBeNull();
        return HttpResponse.json(dnoaBody);
      }),
    );
    const { records: projects } = await network().infrastructureProjects({}).collect();
    expect(projects[0]?.properties.attributes).toMatchObject({
      projectType: 'reinforcement',
      expectedStartYear: 2026,
      expectedCompletionYear: 2028,
    });
    const { records: decisions, report } = await network().constraintDecisions({}).collect();
    expect(decisions.map((d) => d.properties.attributes.decision)).toEqual(['Flexibility']);
    expect(report).toMatchObject({ received: 1, mapped: 1 });
  });
});

describe('ukpn conformance', () => {
  it('passes validateConnector on the documented-shape responses', async () => {
    server.use(
      http.get(records('dfes-network-headroom-report'), () => HttpResponse.json(headroomBody)),
      http.get(records('ukpn_primary_postcode_area'), () => HttpResponse.json(areasBody)),
      http.get(records('ukpn-ltds-infrastructure-projects'), () => HttpResponse.json(projectsBody)),
      http.get(records('ukpn-dnoa'), () => HttpResponse.json(dnoaBody)),
    );
    const result = await validateConnector(ukpn, {
      client: client(),
      config: { apiKey: 'k' },
      cases: [
        { operation: 'headroom', params: { year: 2030 }, minRecords: 4 },
        { operation: 'feedingAreas', params: {}, minRecords: 2 },
        { operation: 'infrastructureProjects', params: {}, minRecords: 1 },
        { operation: 'constraintDecisions', params: {}, minRecords: 1 },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});
