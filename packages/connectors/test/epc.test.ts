import { readFileSync } from 'node:fs';
import { type EpcSource, epc, openDataCommunitiesV1 } from '@ldn-twin/connectors/epc';
import {
  connect,
  createClient,
  isConfigError,
  isHttpError,
  isPagingError,
  type Logger,
} from '@ldn-twin/core';
import { recordHar } from '@ldn-twin/core/har';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/** One real domestic row (see fixtures/epc/SOURCES.md); every value a string, `""` for empty. */
const row = JSON.parse(
  readFileSync(new URL('./fixtures/epc/epc-domestic-search-row-hammersmith.json', import.meta.url), 'utf8'),
) as Record<string, string>;
const envelope = (rows: unknown[]) => ({ 'column-names': Object.keys(row), rows });
const LMK = '1573380469022017090821481343938953';

const BASE = 'https://epc.opendatacommunities.org/api/v1';
const EMAIL = 'analyst@example.gov.uk';
const KEY = 'k3y-Secret-99';
const BASIC = `Basic ${btoa(`${EMAIL}:${KEY}`)}`;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const certificates = (options: { logger?: Logger; fetch?: typeof fetch } = {}) =>
  connect(epc, {
    client: createClient({ cache: false, retry: { limit: 0 }, ...options }),
    config: { source: openDataCommunitiesV1, email: EMAIL, apiKey: KEY },
  });

describe('epc search', () => {
  it('searches a local authority with Basic auth and maps the real row', async () => {
    let asked: Request | undefined;
    server.use(
      http.get(`${BASE}/domestic/search`, ({ request }) => {
        asked = request;
        return HttpResponse.json(envelope([row]));
      }),
    );
    const { records, report } = await certificates().search({ localAuthority: 'E09000013' }).collect();

    const url = new URL(asked!.url);
    expect(url.searchParams.get('local-authority')).toBe('E09000013');
    expect(url.searchParams.get('size')).toBe('5000');
    expect(url.searchParams.has('search-after')).toBe(false);
    expect(asked!.headers.get('authorization')).toBe(BASIC);
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, pages: 1, complete: true });

    const [record] = records;
    expect(record?.id).toBe(`urn:ldntwin:energy-performance:epc-lmk-key:${LMK}`);
    expect(record?.geometry).toBeNull();
    expect(record?.properties.locationPrecision).toBe('none');
    expect(record?.properties.name).toBe('94 Lillie Road, SW6 7SR');
    expect(record?.properties.identifiers).toEqual([
      { scheme: 'uprn', value: '34053831' },
      { scheme: 'other', value: LMK, issuer: 'epc-lmk-key' },
      { scheme: 'gss', value: 'E09000013' },
    ]);
    expect(record?.properties.relations).toEqual([
      { rel: 'observes', target: 'urn:ldntwin:building:uprn:34053831' },
      { rel: 'withinArea', target: 'urn:ldntwin:administrative-area:gss:E09000013' },
    ]);
    expect(record?.properties.attributes).toMatchObject({
      certificateType: 'domestic',
      lmkKey: LMK,
      uprn: '34053831',
      uprnSource: 'Address Matched',
      currentRating: 'D',
      potentialRating: 'C',
      currentEfficiency: 60,
      potentialEfficiency: 76,
      co2EmissionsCurrent: 5.6,
      co2EmissionsPotential: 3,
      floorArea: 133,
      constructionAgeBand: 'England and Wales: 1900-1929',
      propertyType: 'Maisonette',
      builtForm: 'Mid-Terrace',
      tenure: 'rental (private)',
      lodgementDate: '2017-09-08',
      inspectionDate: '2017-09-07',
      postcode: 'SW6 7SR',
      localAuthorityLabel: 'Hammersmith and Fulham',
    });
    expect(record?.properties.validFrom).toBe('2017-09-08');
    expect(record?.properties.observedAt).toBe('2017-09-07');
    expect(record?.time).toEqual({ date: '2017-09-07' });
    expect(record?.properties.provenance).toMatchObject({
      dataset: 'epc-domestic',
      sourceId: LMK,
      sourceUrl: `${BASE}/domestic/certificate/${LMK}`,
      method: 'modelled',
      connector: 'epc',
    });
  });

  it('reads "" as absent and keeps sentinels and other columns as given in extra', async () => {
    server.use(http.get(`${BASE}/domestic/search`, () => HttpResponse.json(envelope([row]))));
    const { records } = await certificates().search({ postcode: 'SW6 7SR' }).collect();
    const { extra, ...typed } = records[0]!.properties.attributes;
    // "" columns (address2, photo-supply, floor-height, ...) are nowhere.
    for (const empty of ['address2', 'address3', 'photo-supply', 'floor-height', 'flat-storey-count'])
      expect(extra).not.toHaveProperty(empty);
    expect(Object.values(extra)).not.toContain('');
    expect(Object.values(typed)).not.toContain('');
    expect(extra['floor-energy-eff']).toBe('NO DATA!');
    expect(extra['sheating-energy-eff']).toBe('N/A');
    expect(extra['main-fuel']).toBe('mains gas (not community)');
    expect(extra['lodgement-datetime']).toBe('2017-09-08 21:48:13');
    // 92 columns: 22 typed (none of them empty here), the empty ones dropped, the rest in extra.
    const empties = Object.values(row).filter((v) => v === '').length;
    expect(Object.keys(row)).toHaveLength(92);
    expect(Object.keys(extra)).toHaveLength(92 - empties - 22);
  });

  it('treats sentinels and "" as absent in typed fields', async () => {
    const blank = {
      ...row,
      'current-energy-rating': '',
      'current-energy-efficiency': 'N/A',
      'total-floor-area': 'NO DATA!',
      uprn: '',
      tenure: 'NO DATA!',
    };
    server.use(http.get(`${BASE}/domestic/search`, () => HttpResponse.json(envelope([blank]))));
    const { records } = await certificates().search({ postcode: 'SW6 7SR' }).collect();
    const attributes = records[0]!.properties.attributes;
    for (const key of ['currentRating', 'currentEfficiency', 'floorArea', 'uprn', 'tenure'])
      expect(attributes).not.toHaveProperty(key);
    expect(records[0]!.properties.relations.map((r) => r.rel)).toEqual(['withinArea']);
    expect(records[0]!.properties.identifiers.map((i) => i.scheme)).toEqual(['other', 'gss']);
  });

  it('pages with the X-Next-Search-After header until a page has none', async () => {
    const asked: (string | null)[] = [];
    server.use(
      http.get(`${BASE}/domestic/search`, ({ request }) => {
        const after = new URL(request.url).searchParams.get('search-after');
        asked.push(after);
        if (after === null)
          return HttpResponse.json(envelope([row]), { headers: { 'X-Next-Search-After': 'cursor-1' } });
        if (after === 'cursor-1')
          return HttpResponse.json(envelope([{ ...row, 'lmk-key': 'second' }]), {
            headers: { 'X-Next-Search-After': 'cursor-2' },
          });
        return HttpResponse.json(envelope([{ ...row, 'lmk-key': 'third' }]));
      }),
    );
    const { records, report } = await certificates()
      .search({ localAuthority: 'E09000013', pageSize: 1 })
      .collect();
    expect(asked).toEqual([null, 'cursor-1', 'cursor-2']);
    expect(records.map((r) => r.properties.attributes.lmkKey)).toEqual([LMK, 'second', 'third']);
    expect(report).toMatchObject({ pages: 3, complete: true });
  });

  it('ends on an empty page even when a cursor comes with it', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/domestic/search`, () => {
        calls += 1;
        return HttpResponse.json(envelope([]), { headers: { 'X-Next-Search-After': `c${calls}` } });
      }),
    );
    const { records, report } = await certificates().search({ localAuthority: 'E09000013' }).collect();
    expect(records).toEqual([]);
    expect(calls).toBe(1);
    expect(report.complete).toBe(true);
  });

  it('ends with a PagingError when the server repeats a cursor', async () => {
    server.use(
      http.get(`${BASE}/domestic/search`, () =>
        HttpResponse.json(envelope([row]), { headers: { 'X-Next-Search-After': 'same' } }),
      ),
    );
    const error = await certificates()
      .search({ localAuthority: 'E09000013' })
      .collect()
      .catch((e: unknown) => e);
    expect(isPagingError(error)).toBe(true);
  });

  it('reports a malformed row and maps the rest', async () => {
    const { 'lmk-key': _dropped, ...noKey } = row;
    server.use(
      http.get(`${BASE}/domestic/search`, () =>
        HttpResponse.json(
          envelope([noKey, { ...row, 'current-energy-efficiency': 'sixty' }, { ...row, 'lmk-key': 'ok' }]),
        ),
      ),
    );
    const { records, report } = await certificates().search({ localAuthority: 'E09000013' }).collect();
    expect(records.map((r) => r.properties.attributes.lmkKey)).toEqual(['ok']);
    expect(report).toMatchObject({ received: 3, mapped: 1, failed: 2 });
    expect(report.issues.map((i) => [i.index, i.stage, i.path])).toEqual([
      [0, 'parse', 'lmk-key'],
      [1, 'parse', 'current-energy-efficiency'],
    ]);
    expect(report.issues[1]?.message).toMatch(/expected a number, got "sixty"/);
    expect(report.issues[1]?.raw).toMatchObject({ 'current-energy-efficiency': 'sixty' });
  });

  it('searches non-domestic certificates and maps asset rating and floor area', async () => {
    const nonDomestic = {
      ...row,
      'asset-rating': '48',
      'asset-rating-band': 'B',
      'floor-area': '412',
      'total-floor-area': '',
    };
    server.use(http.get(`${BASE}/non-domestic/search`, () => HttpResponse.json(envelope([nonDomestic]))));
    const { records } = await certificates()
      .search({ type: 'non-domestic', localAuthority: 'E09000013' })
      .collect();
    expect(records[0]?.properties.attributes).toMatchObject({
      certificateType: 'non-domestic',
      assetRating: 48,
      assetRatingBand: 'B',
      floorArea: 412,
    });
    expect(records[0]?.properties.provenance.dataset).toBe('epc-non-domestic');
  });

  it('needs a local authority or a postcode, and a GSS code that looks like one', () => {
    expect(() => certificates().search({})).toThrow(/localAuthority, a council or a postcode/);
    expect(() => certificates().search({ localAuthority: 'Hammersmith' })).toThrow(/localAuthority/);
  });
});

describe('epc certificate', () => {
  it('reads one certificate by its lmk-key', async () => {
    server.use(http.get(`${BASE}/domestic/certificate/${LMK}`, () => HttpResponse.json(envelope([row]))));
    const { records } = await certificates().certificate({ key: LMK }).collect();
    expect(records.map((r) => r.id)).toEqual([`urn:ldntwin:energy-performance:epc-lmk-key:${LMK}`]);
  });

  it('gives a typed HttpError for an unknown key', async () => {
    server.use(http.get(`${BASE}/domestic/certificate/nope`, () => new HttpResponse(null, { status: 404 })));
    const error = await certificates()
      .certificate({ key: 'nope' })
      .collect()
      .catch((e: unknown) => e);
    expect(isHttpError(error) && error.status).toBe(404);
  });
});

describe('epc credentials', () => {
  it('never puts the key in errors, logs or HAR recordings', async () => {
    server.use(
      http.get(`${BASE}/domestic/search`, ({ request }) =>
        HttpResponse.json(
          // A service that echoes the credentials back must not leak them either.
          { error: 'Unauthorized', got: request.headers.get('authorization'), key: KEY },
          { status: 401 },
        ),
      ),
    );
    const lines: string[] = [];
    const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields)}`);
    const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    const recorder = recordHar();
    const error = await certificates({ logger, fetch: recorder.fetch })
      .search({ localAuthority: 'E09000013' })
      .collect()
      .catch((e: unknown) => e);

    expect(isHttpError(error) && error.status).toBe(401);
    const seen = [
      String(error),
      (error as Error).stack ?? '',
      JSON.stringify(error),
      JSON.stringify((error as { body?: unknown }).body),
      JSON.stringify((error as { request?: unknown }).request),
      ...lines,
      JSON.stringify(recorder.archive()),
    ].join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(recorder.archive().log.entries).toHaveLength(1);
    for (const secret of [KEY, btoa(`${EMAIL}:${KEY}`)]) expect(seen).not.toContain(secret);
  });

  it('asks for credentials with a ConfigError before calling the API', async () => {
    const anonymous = connect(epc, {
      client: createClient({ cache: false }),
      config: { source: openDataCommunitiesV1 },
    });
    const error = await anonymous
      .search({ localAuthority: 'E09000013' })
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(/email.*apiKey/);
  });
});

describe('epc source strategy', () => {
  it('maps rows from a swapped-in source (e.g. the replacement register) the same way', async () => {
    const calls: string[] = [];
    const replacement: EpcSource = {
      name: 'replacement-register',
      defaultBaseUrl: 'https://unused.example.gov.uk',
      row: openDataCommunitiesV1.row,
      async *search(query, ctx) {
        calls.push(`search ${query.type} ${query.localAuthority} ${ctx.baseUrl}`);
        yield [row];
      },
      async certificate() {
        return [];
      },
      certificateUrl: (type, key, baseUrl) => `${baseUrl}/certificate/${type}/${key}`,
    };
    const bound = connect(epc, {
      client: createClient({ cache: false }),
      config: { source: replacement, baseUrl: 'https://register.example.gov.uk/api' },
    });
    const { records } = await bound.search({ localAuthority: 'E09000013' }).collect();
    expect(calls).toEqual(['search domestic E09000013 https://register.example.gov.uk/api']);
    expect(records[0]?.properties.attributes.currentRating).toBe('D');
    expect(records[0]?.properties.provenance.sourceUrl).toBe(
      `https://register.example.gov.uk/api/certificate/domestic/${LMK}`,
    );
  });

  it('rejects a source that is not one', () => {
    expect(() => connect(epc, { client: createClient(), config: { source: {} as EpcSource } })).toThrow(
      /source must be an EpcSource/,
    );
  });
});

describe('epc conformance', () => {
  it('passes validateConnector on the recorded row', async () => {
    server.use(
      http.get(`${BASE}/domestic/search`, () => HttpResponse.json(envelope([row]))),
      http.get(`${BASE}/domestic/certificate/${LMK}`, () => HttpResponse.json(envelope([row]))),
      http.get(`${BASE}/domestic/certificate/missing`, () => new HttpResponse(null, { status: 404 })),
    );
    const csv = `${Object.keys(row).join(',')}\n${Object.values(row)
      .map((v) => JSON.stringify(v))
      .join(',')}\n`;
    const result = await validateConnector(epc, {
      client: createClient({ cache: false }),
      config: { source: openDataCommunitiesV1, email: EMAIL, apiKey: KEY },
      cases: [
        { operation: 'search', params: { localAuthority: 'E09000013' } },
        { operation: 'certificate', params: { key: LMK } },
        { operation: 'certificate', params: { key: 'missing' }, expectError: true },
        { operation: 'importCsv', params: { csv: [csv] } },
      ],
    });
    expect(result.problems).toEqual([]);
    expect(result.runs.map((r) => r.records)).toEqual([1, 1, 0, 1]);
  });
});
