import { readFileSync } from 'node:fs';
import { createClient, isLdnTwinError } from '@ldn-twin/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGeocoder, isPostcode } from '../src/geocoder.js';

const fixture = (path: string) =>
  JSON.parse(
    readFileSync(new URL(`../../connectors/test/fixtures/${path}`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

// postcodes.io's documented example for Westminster, SW1A 2DD (see the connectors' fixtures
// SOURCES.md), served as the lookup answer the way the connector's own tests do: without the
// reverse-geocode-only `distance`.
const reverse = fixture('postcodes-io/postcodes-io-reverse-geocode.json') as {
  result: Record<string, unknown>[];
};
const { distance: _distance, ...sw1a2dd } = reverse.result[0]!;
// The real OS Places capture of the Sherlock Holmes Museum (DPA, BNG coordinates), served as the
// answer to a free-text find: same header and record shape as every OS Places search.
const places = fixture('os-places/osplaces-uprn-dpa.json') as {
  header: Record<string, unknown>;
  results: Record<string, unknown>[];
};
const findBody = (totalresults: number) => ({
  header: { ...places.header, uri: 'https://api.os.uk/search/places/v1/find', totalresults },
  results: places.results,
});

const POSTCODES = 'https://api.postcodes.io';
const OS = 'https://api.os.uk/search/places/v1';
const KEY = 'os-key-4f1c9b2e7a';
const POSTCODE_STATEMENTS = [
  'Contains Ordnance Survey data © Crown copyright and database right 2025.',
  'Contains Royal Mail data © Royal Mail copyright and database right 2025.',
  'Contains National Statistics data © Crown copyright and database right 2025.',
  'Contains NRS data © Crown copyright and database right 2025.',
];

let asked: URL[] = [];
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  server.resetHandlers();
  asked = [];
});
afterAll(() => server.close());

const client = () => createClient({ cache: false, retry: { limit: 0 } });

function servePostcode(): void {
  server.use(
    http.get(`${POSTCODES}/postcodes/:postcode`, ({ request, params }) => {
      asked.push(new URL(request.url));
      return params.postcode === 'SW1A 2DD'
        ? HttpResponse.json({ status: 200, result: sw1a2dd })
        : HttpResponse.json({ status: 404, error: 'Postcode not found' }, { status: 404 });
    }),
  );
}

function serveFind(totalresults = 1): void {
  server.use(
    http.get(`${OS}/find`, ({ request }) => {
      asked.push(new URL(request.url));
      return HttpResponse.json(findBody(totalresults));
    }),
  );
}

describe('createGeocoder: postcodes', () => {
  it('sends a postcode to postcodes.io and gives id, address and centre', async () => {
    servePostcode();
    const geocoder = createGeocoder({ client: client(), osPlacesKey: KEY });
    const results = await geocoder.search(' SW1A 2DD ');
    expect(asked.map((url) => `${url.hostname}${url.pathname}`)).toEqual([
      'api.postcodes.io/postcodes/SW1A%202DD',
    ]);
    expect(results).toEqual([
      {
        id: 'urn:ldntwin:administrative-area:postcode:SW1A%202DD',
        address: 'SW1A 2DD, Westminster',
        centre: [-0.127149, 51.50702],
      },
    ]);
    expect(geocoder.attribution()).toEqual(POSTCODE_STATEMENTS);
  });

  it('gives no result, and no error, for an unknown postcode', async () => {
    servePostcode();
    const geocoder = createGeocoder({ client: client() });
    await expect(geocoder.search('ZZ9 9ZZ')).resolves.toEqual([]);
    expect(asked).toHaveLength(1);
    expect(geocoder.attribution()).toEqual([]);
  });

  it('rejects with a typed error when postcodes.io fails', async () => {
    server.use(http.get(`${POSTCODES}/postcodes/:postcode`, () => new HttpResponse(null, { status: 500 })));
    const error = await createGeocoder({ client: client() })
      .search('SW1A 2DD')
      .catch((caught: unknown) => caught);
    expect(isLdnTwinError(error)).toBe(true);
  });
});

describe('createGeocoder: free text through OS Places', () => {
  it('asks OS Places find with the key and maps the real DPA record', async () => {
    serveFind();
    const geocoder = createGeocoder({ client: client(), osPlacesKey: KEY });
    const results = await geocoder.search('221B Baker Street');
    expect(asked).toHaveLength(1);
    expect(asked[0]?.searchParams.get('query')).toBe('221B Baker Street');
    expect(asked[0]?.searchParams.get('key')).toBe(KEY);
    expect(asked[0]?.searchParams.get('maxresults')).toBe('10');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      id: 'urn:ldntwin:address:uprn:100023071949',
      address: 'SHERLOCK HOLMES MUSEUM, 221B, BAKER STREET, LONDON, NW1 6XE',
    });
    // BNG 527847, 182144 through OSTN15: Baker Street, Marylebone.
    const [lon, lat] = results[0]!.centre;
    expect(lon).toBeCloseTo(-0.1585, 3);
    expect(lat).toBeCloseTo(51.5237, 3);
    expect(geocoder.attribution()).toEqual([
      'Ordnance Survey, OS Places API. Licence terms and attribution statement unconfirmed.',
    ]);
  });

  it('stops after the first page: a search returns at most `limit` results', async () => {
    serveFind(250);
    const results = await createGeocoder({ client: client(), osPlacesKey: KEY, limit: 1 }).search(
      'Baker Street',
    );
    expect(results).toHaveLength(1);
    expect(asked.map((url) => url.searchParams.get('offset'))).toEqual(['0']);
    expect(asked[0]?.searchParams.get('maxresults')).toBe('1');
  });

  it('asks OS Places through a proxy given in config', async () => {
    server.use(
      http.get('https://borough.example/os-places/find', ({ request }) => {
        asked.push(new URL(request.url));
        return HttpResponse.json(findBody(1));
      }),
    );
    const geocoder = createGeocoder({
      client: client(),
      osPlacesKey: KEY,
      config: { 'os-places': { baseUrl: 'https://borough.example/os-places/' } },
    });
    const [museum] = await geocoder.search('Sherlock Holmes Museum');
    expect(museum?.id).toBe('urn:ldntwin:address:uprn:100023071949');
    expect(asked.map((url) => url.pathname)).toEqual(['/os-places/find']);
  });

  it('finds nothing for free text without a key, and asks no service', async () => {
    const geocoder = createGeocoder({ client: client() });
    await expect(geocoder.search('221B Baker Street')).resolves.toEqual([]);
    await expect(geocoder.search('   ')).resolves.toEqual([]);
  });

  it('never puts the key in an error, even when the service echoes it back', async () => {
    server.use(
      http.get(`${OS}/find`, ({ request }) =>
        HttpResponse.json(
          { error: { statuscode: 401, message: `Invalid key ${new URL(request.url).search}` } },
          { status: 401 },
        ),
      ),
    );
    const error = await createGeocoder({ client: client(), osPlacesKey: KEY })
      .search('221B Baker Street')
      .catch((caught: unknown) => caught);
    expect(isLdnTwinError(error)).toBe(true);
    const seen = [
      String(error),
      (error as Error).stack ?? '',
      JSON.stringify(error),
      JSON.stringify((error as { body?: unknown }).body ?? null),
      String((error as Error).cause ?? ''),
    ].join('\n');
    expect(seen).not.toContain(KEY);
  });

  it('credits what the latest search returned', async () => {
    servePostcode();
    serveFind();
    const geocoder = createGeocoder({ client: client(), osPlacesKey: KEY });
    await geocoder.search('SW1A 2DD');
    expect(geocoder.attribution()).toEqual(POSTCODE_STATEMENTS);
    await geocoder.search('Sherlock Holmes Museum');
    expect(geocoder.attribution()).toEqual([
      'Ordnance Survey, OS Places API. Licence terms and attribution statement unconfirmed.',
    ]);
    await geocoder.search('ZZ9 9ZZ');
    expect(geocoder.attribution()).toEqual([]);
  });

  it('rejects with the reason when the search is aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('superseded'));
    await expect(
      createGeocoder({ client: client(), osPlacesKey: KEY }).search('SW1A 2DD', {
        signal: controller.signal,
      }),
    ).rejects.toThrow('superseded');
  });
});

describe('isPostcode', () => {
  it('tells postcodes from other text', () => {
    for (const text of ['SW1A 2DD', 'sw1a2dd', 'SE1 7PB', 'M1 1AE', 'CR2 6XH', 'EC1A 1BB', 'GIR 0AA']) {
      expect(isPostcode(text), text).toBe(true);
    }
    for (const text of ['SW1A', 'Baker Street', '221B Baker Street', 'SW1A 2D', '12345']) {
      expect(isPostcode(text), text).toBe(false);
    }
  });
});
