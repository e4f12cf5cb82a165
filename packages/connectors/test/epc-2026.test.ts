/*
 * The replacement EPC register (get-energy-performance-data). DOCUMENTED SHAPE, NO LIVE CAPTURE:
 * the responses are the publisher's OpenAPI example and its RdSAP-21.0.1 JSON sample (see
 * fixtures/epc-2026/SOURCES.md); no real response of the live service has been recorded.
 */
import { readFileSync } from 'node:fs';
import { energyPerformanceDataSource, epc, openDataCommunitiesV1 } from '@ldn-twin/connectors/epc';
import { connect, createClient, isConfigError, isPagingError } from '@ldn-twin/core';
import { recordHar } from '@ldn-twin/core/har';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/epc-2026/${name}`, import.meta.url), 'utf8'));
/** The OpenAPI example of `/api/domestic/search` (placeholder values). */
const searchExample = fixture('epc2026-domestic-search-openapi-example.json') as {
  data: Record<string, unknown>[];
  pagination: Record<string, unknown>;
};
const exampleRow = searchExample.data[0]!;
/** The publisher's RdSAP-21.0.1 certificate sample (the `data` object of `/api/certificate`). */
const certificateSample = fixture('epc2026-certificate-rdsap-21.0.1-publisher-sample.json') as Record<
  string,
  unknown
>;

const BASE = 'https://api.get-energy-performance-data.communities.gov.uk';
const TOKEN = 'bearer-T0ken-never-shown';
const NUMBER = '0000-0000-0000-0000-0000';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const register = (config: Record<string, unknown> = {}, fetcher?: typeof globalThis.fetch) =>
  connect(epc, {
    client: createClient({ cache: false, retry: { limit: 0 }, ...(fetcher ? { fetch: fetcher } : {}) }),
    config: { token: TOKEN, ...config },
  });

const page = (data: unknown[], nextPage: number | null, currentPage = 1) => ({
  data,
  pagination: { ...searchExample.pagination, currentPage, nextPage, totalPages: nextPage ?? currentPage },
});

describe('epc replacement register: search (documented shape, no live capture)', () => {
  it('is the default source: asks a London borough by name with the bearer token and maps the example row', async () => {
    let asked: Request | undefined;
    server.use(
      http.get(`${BASE}/api/domestic/search`, ({ request }) => {
        asked = request;
        return HttpResponse.json(searchExample);
      }),
    );
    const { records, report } = await register().search({ localAuthority: 'E09000013' }).collect();
    const url = new URL(asked!.url);
    expect(url.searchParams.getAll('council[]')).toEqual(['Hammersmith and Fulham']);
    expect(url.searchParams.get('page_size')).toBe('5000');
    expect(url.searchParams.get('current_page')).toBe('1');
    expect(asked!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, pages: 1, complete: true });

    const record = records[0]!;
    expect(record.id).toBe(`urn:ldntwin:energy-performance:epc-certificate-number:${NUMBER}`);
    expect(record.properties.identifiers).toEqual([
      { scheme: 'uprn', value: '100121241798' },
      { scheme: 'other', value: NUMBER, issuer: 'epc-certificate-number' },
      { scheme: 'gss', value: 'E09000013' },
    ]);
    expect(record.properties.relations).toEqual([
      { rel: 'observes', target: 'urn:ldntwin:building:uprn:100121241798' },
      { rel: 'withinArea', target: 'urn:ldntwin:administrative-area:gss:E09000013' },
    ]);
    expect(record.properties.attributes).toMatchObject({
      certificateType: 'domestic',
      certificateNumber: NUMBER,
      uprn: '100121241798',
      currentRating: 'B',
      lodgementDate: '2020-05-04',
      address: '1 Some Street',
      postcode: 'SW10 0AA',
      localAuthority: 'E09000013',
      localAuthorityLabel: 'Hammersmith and Fulham',
      extra: {
        posttown: 'Whitbury',
        'constituency-label': 'Chelsea and Fulham',
        'schema-type': 'RdSAP-Schema-20.0.0',
      },
    });
    expect(record.properties.attributes).not.toHaveProperty('lmkKey');
    expect(record.properties.provenance.sourceUrl).toBe(
      `${BASE}/api/certificate?certificate_number=${NUMBER}`,
    );
  });

  it('pages by number until nextPage is null, giving a certificate repeated by a shifted page once', async () => {
    const asked: (string | null)[] = [];
    const second = { ...exampleRow, certificateNumber: '1111-1111-1111-1111-1111' };
    server.use(
      http.get(`${BASE}/api/domestic/search`, ({ request }) => {
        const current = new URL(request.url).searchParams.get('current_page');
        asked.push(current);
        if (current === '1') return HttpResponse.json(page([exampleRow], 2, 1));
        // The data moved while loading: the first page's row shows up again on page 2.
        return HttpResponse.json(page([exampleRow, second], null, 2));
      }),
    );
    const { records, report } = await register()
      .search({ council: 'Hammersmith and Fulham', pageSize: 1 })
      .collect();
    expect(asked).toEqual(['1', '2']);
    expect(records.map((r) => r.properties.attributes.certificateNumber)).toEqual([
      NUMBER,
      '1111-1111-1111-1111-1111',
    ]);
    expect(report).toMatchObject({ pages: 2, received: 2, mapped: 2, complete: true });
  });

  it('ends with a PagingError, not at maxPages, when the register ignores current_page', async () => {
    const asked: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/api/domestic/search`, ({ request }) => {
        const current = Number(new URL(request.url).searchParams.get('current_page'));
        asked.push(String(current));
        // The same row on every page, with a next page that keeps advancing.
        return HttpResponse.json(page([exampleRow], current + 1, current));
      }),
    );
    const error = await register()
      .search({ council: 'Hammersmith and Fulham', pageSize: 1 })
      .collect()
      .catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
    expect((error as Error).message).toMatch(/page 2 lists the same certificates as an earlier page/);
    expect(asked).toEqual(['1', '2']);
  });

  it('reads the 404 "No certificates could be found" as an empty answer', async () => {
    server.use(
      http.get(`${BASE}/api/domestic/search`, () =>
        HttpResponse.json(
          { data: { error: 'No certificates could be found for that query' } },
          { status: 404 },
        ),
      ),
    );
    const { records, report } = await register().search({ postcode: 'SW6 7SR' }).collect();
    expect(records).toEqual([]);
    expect(report.complete).toBe(true);
  });

  it('with details, reads each certificate: efficiencies, CO2, floor area and recommendations', async () => {
    const asked: string[] = [];
    server.use(
      http.get(`${BASE}/api/domestic/search`, () => HttpResponse.json(searchExample)),
      http.get(`${BASE}/api/certificate`, ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('certificate_number') ?? '');
        return HttpResponse.json({ data: certificateSample });
      }),
    );
    const { records, report } = await register()
      .search({ localAuthority: 'E09000013', details: true })
      .collect();
    expect(asked).toEqual([NUMBER]);
    expect(report).toMatchObject({ received: 1, mapped: 1 });
    const a = records[0]!.properties.attributes;
    expect(a).toMatchObject({
      certificateNumber: NUMBER,
      currentEfficiency: 50,
      potentialEfficiency: 72,
      // The search row's values stand where both give one (placeholders disagree: B and E, two UPRNs).
      currentRating: 'B',
      uprn: '100121241798',
      lodgementDate: '2020-05-04',
      potentialRating: 'C',
      co2EmissionsCurrent: 2.4,
      co2EmissionsPotential: 1.4,
      floorArea: 55,
      inspectionDate: '2025-04-04',
      uprnSource: 'Energy Assessor',
    });
    expect(a.recommendations).toEqual([
      {
        sequence: 1,
        improvementType: 'G',
        improvementNumber: 66,
        indicativeCost: '£220 - £250',
        typicalSaving: 139,
        energyPerformanceRating: 70,
      },
      {
        sequence: 2,
        improvementType: 'N',
        improvementNumber: 19,
        indicativeCost: '£4,000 - £7,000',
        typicalSaving: 49,
        energyPerformanceRating: 72,
      },
      {
        sequence: 3,
        improvementType: 'U',
        improvementNumber: 34,
        indicativeCost: '£8,000 - £10,000',
        typicalSaving: 286,
        energyPerformanceRating: 83,
      },
    ]);
    // Coded values are kept as codes, not passed off as the v1 text columns.
    expect(a).not.toHaveProperty('builtForm');
    expect(a.extra).toMatchObject({
      'built-form-code': '2',
      'tenure-code': '1',
      'dwelling-type': 'Mid-terrace house',
    });
  });

  it('reads one certificate by its number', async () => {
    server.use(
      http.get(`${BASE}/api/certificate`, ({ request }) =>
        new URL(request.url).searchParams.get('certificate_number') === NUMBER
          ? HttpResponse.json({ data: certificateSample })
          : HttpResponse.json({ data: { error: 'Certificate not found' } }, { status: 404 }),
      ),
    );
    const found = await register().certificate({ key: NUMBER }).collect();
    expect(
      found.records.map((r) => [r.id, r.properties.attributes.uprn, r.properties.attributes.address]),
    ).toEqual([
      [`urn:ldntwin:energy-performance:epc-certificate-number:${NUMBER}`, '12457', '1 Some Street'],
    ]);
    const missing = await register().certificate({ key: 'nope' }).collect();
    expect(missing.records).toEqual([]);
  });

  it('maps non-domestic asset ratings through configurable field names (unconfirmed upstream)', async () => {
    // Constructed: no non-domestic certificate sample is published, so the body's field name is set here.
    server.use(
      http.get(`${BASE}/api/non-domestic/search`, () =>
        HttpResponse.json(page([{ ...exampleRow, relatedRrn: '2222-2222-2222-2222-2222' }], null)),
      ),
      http.get(`${BASE}/api/certificate`, () =>
        HttpResponse.json({ data: { asset_rating_value: 87, floor_area: 412 } }),
      ),
    );
    const source = energyPerformanceDataSource({ fields: { 'asset-rating': ['asset_rating_value'] } });
    const { records } = await register({ source })
      .search({ type: 'non-domestic', council: 'Camden', details: true })
      .collect();
    expect(records[0]?.properties.attributes).toMatchObject({
      certificateType: 'non-domestic',
      assetRating: 87,
      floorArea: 412,
      extra: { 'related-rrn': '2222-2222-2222-2222-2222' },
    });
    expect(records[0]?.properties.provenance.dataset).toBe('epc-non-domestic');
  });

  it('reports a row without a certificate number and maps the rest', async () => {
    const { certificateNumber: _none, ...noNumber } = exampleRow;
    server.use(
      http.get(`${BASE}/api/domestic/search`, () => HttpResponse.json(page([noNumber, exampleRow], null))),
    );
    const { records, report } = await register().search({ council: 'Camden' }).collect();
    expect(records).toHaveLength(1);
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
  });
});

describe('epc replacement register: rate limit', () => {
  it("declares the register's 6000 requests in 5 minutes for the host in use, and nothing for v1", () => {
    const added: unknown[] = [];
    const base = createClient({ cache: false });
    const client = { ...base, addHostLimits: (hosts: unknown) => added.push(hosts) };
    connect(epc, { client, config: { token: 'epc-t0ken-x' } });
    connect(epc, { client, config: { token: 'epc-t0ken-x', baseUrl: 'https://epc-proxy.example.org' } });
    connect(epc, { client, config: { source: openDataCommunitiesV1 } });
    expect(added).toEqual([
      { 'api.get-energy-performance-data.communities.gov.uk': { requestsPerSecond: 20 } },
      { 'epc-proxy.example.org': { requestsPerSecond: 20 } },
      {},
    ]);
  });
});

describe('epc replacement register: credentials', () => {
  it('asks for a token with a ConfigError before calling, and never shows the token', async () => {
    const anonymous = connect(epc, { client: createClient({ cache: false }) });
    const error = await anonymous
      .search({ council: 'Camden' })
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(/token/);

    server.use(
      http.get(`${BASE}/api/domestic/search`, ({ request }) =>
        HttpResponse.json(
          {
            errors: [{ code: 'UNAUTHORISED', title: 'You are not authenticated' }],
            got: request.headers.get('authorization'),
          },
          { status: 403 },
        ),
      ),
    );
    const recorder = recordHar();
    const denied = await register({}, recorder.fetch)
      .search({ council: 'Camden' })
      .collect()
      .catch((e: unknown) => e);
    const seen = [String(denied), JSON.stringify(denied), JSON.stringify(recorder.archive())].join('\n');
    expect(recorder.archive().log.entries).toHaveLength(1);
    expect(seen).not.toContain(TOKEN);
  });

  it('needs a council name outside London', () => {
    expect(() => register().search({ localAuthority: 'E08000035' })).not.toThrow();
    return expect(register().search({ localAuthority: 'E08000035' }).collect()).rejects.toThrow(/council/);
  });
});

describe('epc replacement register: bulk CSV', () => {
  it('imports a file keyed by CERTIFICATE_NUMBER through the same mapping as v1 files', async () => {
    // Constructed from the data dictionary's column names (no bulk file is recorded).
    const csv = [
      'CERTIFICATE_NUMBER,ADDRESS1,POSTCODE,CURRENT_ENERGY_RATING,POTENTIAL_ENERGY_RATING,CURRENT_ENERGY_EFFICIENCY,POTENTIAL_ENERGY_EFFICIENCY,LOCAL_AUTHORITY,LODGEMENT_DATE,UPRN,UPRN_SOURCE,REPORT_TYPE',
      `${NUMBER},1 Some Street,SW10 0AA,E,C,50,72,E09000013,2025-04-04,100121241798,Energy Assessor,100`,
      ',no number,SW10 0AA,E,C,50,72,E09000013,2025-04-04,,,100',
    ].join('\n');
    const { records, report } = await connect(epc, { client: createClient() })
      .importCsv({ csv: [csv] })
      .collect();
    expect(report).toMatchObject({ received: 2, mapped: 1, failed: 1 });
    expect(report.issues[0]).toMatchObject({
      stage: 'parse',
      path: 'values.lmk-key',
      message: 'values.lmk-key: the row has no lmk-key or certificate-number',
    });
    expect(records[0]?.id).toBe(`urn:ldntwin:energy-performance:epc-certificate-number:${NUMBER}`);
    expect(records[0]?.properties.attributes).toMatchObject({
      certificateNumber: NUMBER,
      currentEfficiency: 50,
      potentialEfficiency: 72,
      uprn: '100121241798',
      extra: { 'report-type': '100' },
    });
  });
});
