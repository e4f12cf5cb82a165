// The arguments the live check (`pnpm live`) runs each operation with: one small London request per
// operation, mostly the params the fault harness runs with (test/<service>.kit.test.ts), moved to London and
// to dates the services still serve (ids are the real ones of the recorded fixtures). An operation missing here is reported as `no sample` by the
// dry run, and its test (test/live-dry-run.test.ts) fails until a sample or a skip reason is added.

/** Sample arguments of one operation, or why the live check does not run it. */
export type LiveSample = { readonly params: unknown } | { readonly skip: string };

/** The samples of one connector, and any config it needs besides its keys. */
export interface ConnectorSamples {
  readonly config?: Readonly<Record<string, unknown>>;
  readonly operations: Readonly<Record<string, LiveSample>>;
}

const day = 24 * 60 * 60 * 1000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoInstant = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

const NO_REQUEST = 'makes no request: it reads input the caller passes';
const NO_FIXED_SERVICE =
  'a generic client with no fixed public service: the connectors built on its protocol are checked';

const NHLE_LAYER =
  'https://services-eu1.arcgis.com/ZOdPfBS3aqqDYPUQ/arcgis/rest/services/National_Heritage_List_for_England_NHLE_v02_VIEW/FeatureServer/0';

/** Westminster, around Trafalgar Square: a point every London-wide service covers. */
const POINT: [number, number] = [-0.1281, 51.508];

/**
 * The samples, by connector id; `now` sets the dates of time-bound requests (street works today,
 * readings since yesterday).
 *
 * @example
 * ```ts
 * const samples = liveSamples(Date.now());
 * console.log(samples.tfl?.operations.lineStatus);
 * ```
 */
export function liveSamples(now: number): Readonly<Record<string, ConnectorSamples>> {
  return {
    arcgis: {
      operations: {
        query: {
          params: {
            layerUrl: NHLE_LAYER,
            envelope: [-0.13, 51.507, -0.127, 51.509],
            mapping: {
              constraintType: 'listed-building',
              dataset: 'listed-building',
              publisher: 'Historic England',
              fields: { name: ['Name'], reference: 'ListEntry' },
            },
          },
        },
        listedBuildings: { params: { point: POINT, distance: 100 } },
        sitesOfSpecialScientificInterest: { params: { envelope: [-0.3, 51.5, -0.2, 51.6] } },
        layers: { params: { serviceUrl: NHLE_LAYER.replace(/\/0$/, '') } },
      },
    },
    'building-stock-model': {
      operations: { resources: { params: {} }, buildings: { params: { borough: 'Lambeth' } } },
    },
    'carbon-intensity': {
      operations: {
        nationalIntensity: { params: {} },
        regionalIntensity: { params: {} },
        nationalIntensityRange: { params: { from: isoInstant(now - day), to: isoInstant(now) } },
        regionalIntensityRange: { params: { from: isoInstant(now - day), to: isoInstant(now) } },
        regionalIntensityByPostcode: { params: { outcode: 'SE1' } },
        nationalGenerationMix: { params: {} },
      },
    },
    'cultural-infrastructure-map': {
      operations: { venueTypes: { params: {} }, venues: { params: { venueType: 'music-venues' } } },
    },
    'ea-flood': {
      operations: {
        floodWarnings: { params: {} },
        floodWarning: { skip: 'needs the id of a warning in force; floodWarnings is checked' },
        floodAreas: { params: { lat: 51.46, long: -0.19, distKm: 2 } },
        floodArea: { params: { code: '122FWF723' } },
        stationsNear: { params: { lat: 51.46, long: -0.19, distKm: 3 } },
        latestReadings: { params: { station: 'E7050' } },
        allLatestReadings: { params: { parameter: 'rainfall' } },
        readings: { params: { station: 'E3951', since: isoInstant(now - day), limit: 10 } },
      },
    },
    epc: {
      operations: {
        search: { params: { localAuthority: 'E09000022', pageSize: 10 } },
        certificate: { skip: 'needs a certificate key the search returns; the search is checked' },
        importCsv: { skip: NO_REQUEST },
      },
    },
    'gla-planning-data-map': {
      operations: {
        constraints: { params: { authority: 'Islington', point: [-0.1036, 51.5463], distance: 50 } },
        layers: { params: { authority: 'islington' } },
      },
    },
    laqn: {
      operations: {
        monitoringSites: { params: { withSpecies: false } },
        hourlyIndex: { params: {} },
        dailyIndex: { params: {} },
        siteData: {
          params: {
            site: 'MY1',
            species: 'NO2',
            startDate: isoDate(now - 2 * day),
            endDate: isoDate(now - day),
          },
        },
      },
    },
    'london-datastore': {
      operations: {
        searchDatasets: { params: {} },
        dataset: { params: { dataset: 'cultural-infrastructure-map' } },
        resources: { params: { dataset: 'cultural-infrastructure-map' } },
        boundaryResources: { params: {} },
      },
    },
    neso: { operations: { demandForecast: { params: { forecast: 'two-to-fourteen-day' } } } },
    'octopus-agile': { operations: { unitRates: { params: { region: 'C', from: isoInstant(now - day) } } } },
    'ogc-features': {
      operations: {
        collections: { skip: NO_FIXED_SERVICE },
        items: { skip: NO_FIXED_SERVICE },
        item: { skip: NO_FIXED_SERVICE },
      },
    },
    'os-ngd': {
      operations: {
        collections: { params: {} },
        buildings: { params: { bbox: [-0.1205, 51.4995, -0.117, 51.501] } },
        items: {
          params: {
            collection: 'bld-fts-building-4',
            kind: 'Building',
            bbox: [-0.1205, 51.4995, -0.117, 51.501],
          },
        },
        item: { skip: 'needs a feature id the items request returns; items is checked' },
      },
    },
    'os-places': {
      operations: {
        find: { params: { query: '10 Downing Street, London' } },
        postcode: { params: { postcode: 'SW1A 2AA' } },
        radius: { params: { point: { easting: 530047, northing: 179951 }, radius: 50 } },
        bbox: {
          params: {
            bbox: { minEasting: 530000, minNorthing: 179900, maxEasting: 530100, maxNorthing: 180000 },
          },
        },
        polygon: {
          params: {
            polygon: {
              type: 'Polygon',
              coordinates: [
                [
                  [-0.1277, 51.5034],
                  [-0.1267, 51.5034],
                  [-0.1267, 51.504],
                  [-0.1277, 51.5034],
                ],
              ],
            },
          },
        },
        uprn: { params: { uprn: '100023071949' } },
        nearest: { params: { point: { easting: 530047, northing: 179951 } } },
      },
    },
    'planning-data': {
      operations: {
        searchEntities: { params: { point: [-0.1199, 51.4922], datasets: ['conservation-area'] } },
        entity: { params: { entity: 44006852 } },
        dataset: { params: { dataset: 'conservation-area' } },
        datasets: { params: {} },
      },
    },
    'planning-london-datahub': {
      operations: { search: { params: { filters: { boroughs: ['Camden'] }, pageSize: 3 } } },
    },
    police: {
      operations: {
        crimesAtPoint: { params: { point: POINT } },
        stopsAtPoint: { params: { point: POINT } },
        outcomesAtPoint: { params: { point: POINT } },
        crimesInArea: {
          params: {
            polygon: [
              [-0.13, 51.507],
              [-0.126, 51.507],
              [-0.126, 51.509],
              [-0.13, 51.509],
              [-0.13, 51.507],
            ],
          },
        },
      },
    },
    'postcodes-io': {
      operations: {
        lookup: { params: { postcode: 'SW1A 2AA' } },
        bulkLookup: { params: { postcodes: ['SW1A 2AA', 'SE1 7PB'] } },
        bulkReverseGeocode: { params: { points: [POINT] } },
        outcode: { params: { outcode: 'SW1A' } },
        reverseGeocode: { params: { point: POINT } },
        places: { params: { query: 'Brixton', limit: 1 } },
      },
    },
    sensorthings: {
      operations: {
        things: { skip: NO_FIXED_SERVICE },
        datastreams: { skip: NO_FIXED_SERVICE },
        observations: { skip: NO_FIXED_SERVICE },
      },
    },
    'street-manager': {
      operations: {
        parseMessages: { skip: NO_REQUEST },
        parseJson: { skip: NO_REQUEST },
        parseNdjson: { skip: NO_REQUEST },
      },
    },
    tfl: {
      operations: {
        roadDisruptions: { params: {} },
        streetDisruptions: { params: { startDate: isoInstant(now), endDate: isoInstant(now + day) } },
        lineStatus: { params: { modes: ['tube'] } },
        stopPointsNear: { params: { point: POINT, radius: 100 } },
        bikePoints: { params: {} },
        lineStatusById: { params: { lines: ['bakerloo', 'circle'] } },
        roadStatus: { params: { roads: ['a2'] } },
        arrivals: { params: { stop: '940GZZLUCHX' } },
        carParkOccupancy: { params: {} },
        chargeConnectorOccupancy: { params: {} },
      },
    },
    ukpn: {
      operations: {
        headroom: { params: { year: 2030 } },
        feedingAreas: { params: {} },
        infrastructureProjects: { params: {} },
        constraintDecisions: { params: {} },
      },
    },
    'underground-assets': {
      operations: {
        importGeoJson: { skip: NO_REQUEST },
        items: {
          skip: "reads a utility's own endpoint (config `organisation` and its URL): no public service",
        },
        collections: {
          skip: "reads a utility's own endpoint (config `organisation` and its URL): no public service",
        },
      },
    },
  };
}
