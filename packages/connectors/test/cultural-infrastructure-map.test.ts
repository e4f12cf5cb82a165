import { culturalInfrastructureMap } from '@ldn-twin/connectors/cultural-infrastructure-map';
import { connect, createClient, isConfigError, type TwinRecordOf } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/*
 * No real Cultural Infrastructure Map response or file is recorded (see fixtures/london-datastore/
 * SOURCES.md). Everything served here is BUILT FOR THESE TESTS:
 * - the dataset listing follows the layout of `GET /api/dataset/{id}` (resources keyed by id); the
 *   GeoPackage resource's URL is the one the field guide gives; the CSV titles and ids are synthetic;
 * - the CSV files use the documented columns `latitude`, `longitude` and, for name, address and
 *   borough, the connector's default candidate names, which are UNCONFIRMED; rows are synthetic.
 */
const BASE = 'https://data.london.gov.uk';
const SLUG = 'cultural-infrastructure-map-2025-2rj5o';
const MUSIC_ID = '0f0e0d0c-1111-4222-8333-444455556666';
const THEATRES_ID = '1a2b3c4d-1111-4222-8333-444455556666';

const musicCsv = [
  'name,address,borough,latitude,longitude,capacity',
  'Jazz Basement,"1 Example Street, London",Camden,51.5386,-0.1426,200',
  '"The ""Quoted"" Room",2 Sample Road,Hackney,51.5450,-0.0553,',
  'Bad Latitude,3 Nowhere Lane,Lambeth,n/a,-0.1,80',
  'Short Row,4 Lane',
  'No Position,5 Somewhere,Islington,,,50',
].join('\r\n');

const listing = (resources: Record<string, Record<string, unknown>>) => ({
  id: SLUG,
  title: 'Cultural Infrastructure Map 2023',
  sharing: 'public',
  tags: [],
  topics: [],
  resources,
});
const resources: Record<string, Record<string, unknown>> = {
  'b4fe7632-deef-4c10-adb0-bb7eeba82611': {
    title: 'Cultural venues in GIS format',
    url: `${BASE}/download/cultural-infrastructure-map-2023/b4fe7632-deef-4c10-adb0-bb7eeba82611/cultural_venues_in_GIS_format.gpkg`,
    order: 0,
  },
  [MUSIC_ID]: {
    title: 'Music venues (grassroots)',
    url: `${BASE}/download/cultural-infrastructure-map-2023/${MUSIC_ID}/music_venues.csv`,
    order: 1,
    check_timestamp: '2023-06-01T09:00:00Z',
  },
  [THEATRES_ID]: {
    title: 'Theatres',
    url: `${BASE}/download/cultural-infrastructure-map-2023/${THEATRES_ID}/theatres.csv`,
    order: 2,
  },
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Serves the listing and the CSV files; returns the resource ids downloaded. */
function serve(files: Record<string, string>, body = listing(resources)) {
  const downloads: string[] = [];
  server.use(
    http.get(`${BASE}/api/dataset/:key`, ({ params }) =>
      params.key === SLUG
        ? HttpResponse.json(body)
        : HttpResponse.json({ error: 'not found' }, { status: 404 }),
    ),
    http.get(`${BASE}/download/cultural-infrastructure-map-2023/:id/:file`, ({ params }) => {
      downloads.push(String(params.id));
      const text = files[String(params.id)];
      return text === undefined
        ? new HttpResponse('missing', { status: 404 })
        : new HttpResponse(text, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
    }),
  );
  return downloads;
}

const cim = (config: Record<string, unknown> = {}) =>
  connect(culturalInfrastructureMap, { client: createClient({ cache: false, retry: { limit: 0 } }), config });
type Venue = TwinRecordOf<'CulturalVenue'>;

describe('cultural-infrastructure-map venueTypes', () => {
  it('finds the per-type files through the dataset API and names their venue type', async () => {
    serve({});
    const { records } = await cim().venueTypes({}).collect();
    expect(
      records.map((r) => [r.properties.name, (r.properties.attributes as { venueType?: string }).venueType]),
    ).toEqual([
      ['Cultural venues in GIS format', undefined],
      ['Music venues (grassroots)', 'music-venues'],
      ['Theatres', 'theatres'],
    ]);
    expect(records[0]?.properties.attributes.distributions?.[0]).toMatchObject({
      id: 'b4fe7632-deef-4c10-adb0-bb7eeba82611',
      format: 'gpkg',
    });
  });
});

describe('cultural-infrastructure-map venues', () => {
  it("downloads the type's CSV by the id the listing gives and maps rows to CulturalVenue records", async () => {
    const downloads = serve({ [MUSIC_ID]: musicCsv });
    const { records, report } = await cim().venues({ venueType: 'music-venues' }).collect();
    expect(downloads).toEqual([MUSIC_ID]);
    const jazz = records[0] as Venue;
    expect(jazz.properties.name).toBe('Jazz Basement');
    expect(jazz.geometry).toEqual({ type: 'Point', coordinates: [-0.1426, 51.5386] });
    expect(jazz.properties.locationPrecision).toBe('address-point');
    expect(jazz.properties.attributes).toEqual({
      venueType: 'music-venues',
      venueTypeLabel: 'Music venues (grassroots)',
      address: '1 Example Street, London',
      borough: 'Camden',
      extra: { capacity: '200' },
    });
    expect(jazz.id).toBe(
      'urn:ldntwin:cultural-venue:gla-cim:music-venues%3AJazz%20Basement%40-0.14260%2C51.53860',
    );
    expect(jazz.properties.recordedAt).toBe('2023-06-01T09:00:00Z');
    expect(jazz.properties.provenance).toMatchObject({
      publisher: 'Greater London Authority',
      sourceId: `${MUSIC_ID}#line=2`,
      method: 'reported',
      connector: 'cultural-infrastructure-map',
    });
    expect(jazz.properties.licence.id).toBe('OGL-UK-3.0');
    expect(records[1]?.properties.name).toBe('The "Quoted" Room');
    // A venue without coordinates is kept, without geometry.
    const unplaced = records.find((r) => r.properties.name === 'No Position');
    expect(unplaced?.geometry).toBeNull();
    expect(unplaced?.properties.locationPrecision).toBe('none');

    expect(report).toMatchObject({ received: 5, mapped: 3, failed: 2, complete: true });
    expect(report.issues.map((i) => [i.stage, i.path])).toEqual([
      ['parse', 'values.latitude'],
      ['parse', 'problem'],
    ]);
    expect(report.issues[0]?.raw).toMatchObject({ line: 4, values: { name: 'Bad Latitude' } });
    expect(report.issues[1]?.message).toMatch(/line 5: 2 fields, the header has 6/);
  });

  it("carries the dataset's own licence and Crown copyright statements, and the GLA's OGL v3 when it states none (built listing)", async () => {
    const os = 'Contains OS data © Crown copyright and database right 2023.';
    serve({ [MUSIC_ID]: musicCsv }, {
      ...listing(resources),
      licence: 'OGL v2',
      masthead: { id: 'gla', title: 'Greater London Authority' },
      description: `<p>The map of London's cultural infrastructure.</p><p>${os}</p>`,
    } as ReturnType<typeof listing>);
    const { records } = await cim().venues({ venueType: 'music-venues' }).collect();
    expect(records[0]?.properties.licence).toEqual({
      id: 'OGL-UK-2.0',
      url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/2/',
      attribution: [
        'Greater London Authority. Contains public sector information licensed under the Open Government Licence v2.0.',
        os,
      ],
    });
    serve({}, { ...listing(resources), description: `<p>${os}</p>` } as ReturnType<typeof listing>);
    const { records: files } = await cim().venueTypes({}).collect();
    expect(files[0]?.properties.licence).toEqual({
      id: 'OGL-UK-3.0',
      url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
      attribution: [
        'Greater London Authority. Contains public sector information licensed under the Open Government Licence v3.0.',
        os,
      ],
    });
  });

  it('converts BNG eastings/northings with OSTN15 when the file gives them (column names configurable)', async () => {
    const csv = 'Site Name,Easting,Northing\nPalace Theatre,529090,179645\n';
    serve({ [THEATRES_ID]: csv });
    const { records } = await cim({
      columns: { name: ['site name'], easting: ['easting'], northing: ['northing'] },
    })
      .venues({ venueType: 'theatres' })
      .collect();
    const venue = records[0] as Venue;
    expect(venue.properties.name).toBe('Palace Theatre');
    // TQ 29090 79645 is by Buckingham Palace: about 51.5010 N, 0.1416 W.
    if (venue.geometry?.type !== 'Point') throw new Error('expected a point');
    const [lon, lat] = venue.geometry.coordinates as [number, number];
    expect(lon).toBeCloseTo(-0.1416, 3);
    expect(lat).toBeCloseTo(51.501, 3);
    expect(venue.place).toEqual({ type: 'Point', coordinates: [529090, 179645] });
    expect(venue.coordRefSys).toBe('http://www.opengis.net/def/crs/EPSG/0/27700');
  });

  it('finds a new edition by its listing, whatever its resource id', async () => {
    const newId = '99999999-1111-4222-8333-444455556666';
    const edition = listing({
      [newId]: {
        title: 'Music venues',
        url: `${BASE}/download/cultural-infrastructure-map-2023/${newId}/mv.csv`,
      },
    });
    const downloads = serve({ [newId]: 'name,latitude,longitude\nA,51.5,-0.1\n' }, edition);
    const { records } = await cim().venues({ venueType: 'music-venues' }).collect();
    expect(downloads).toEqual([newId]);
    expect(records).toHaveLength(1);
  });

  it('says which columns the file has when none of the configured ones is there', async () => {
    serve({ [MUSIC_ID]: 'Venue,Lat,Lng\nA,51.5,-0.1\n' });
    const error = await cim({ columns: { name: ['title'], latitude: ['y'], longitude: ['x'] } })
      .venues({ venueType: 'music-venues' })
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(error)).toBe(true);
    expect((error as Error).message).toContain('Venue, Lat, Lng');
  });

  it('gives a ConfigError for an unknown venue type, or one with no CSV file', async () => {
    serve({});
    const unknown = await cim()
      .venues({ venueType: 'bowling-alleys' })
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(unknown) && unknown.message).toMatch(
      /unknown venue type "bowling-alleys"; known: archives/,
    );
    const missing = await cim()
      .venues({ venueType: 'museums' })
      .collect()
      .catch((e: unknown) => e);
    expect(isConfigError(missing) && missing.message).toMatch(
      /no CSV resource for "museums".*Theatres \(csv\)/,
    );
  });
});

describe('cultural-infrastructure-map conformance', () => {
  it('passes validateConnector', async () => {
    serve({ [MUSIC_ID]: musicCsv });
    const result = await validateConnector(culturalInfrastructureMap, {
      client: createClient({ cache: false, retry: { limit: 0 } }),
      cases: [
        { operation: 'venueTypes', params: {}, minRecords: 3 },
        { operation: 'venues', params: { venueType: 'music-venues' }, minRecords: 3 },
        { operation: 'venues', params: { venueType: 'theatres' }, expectError: true },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});
