/**
 * Access labels hold through a question: records an audience may not see never reach its report,
 * its summary, its attributions or anything else the report carries. Underground asset records
 * (restricted by default) and a restricted street works permit are handed to digOnce beside the
 * real TfL roadworks; the public's report must hold none of them.
 */
import { readFileSync } from 'node:fs';
import { undergroundAssets } from '@ldn-twin/connectors/underground-assets';
import {
  type AccessLabel,
  connect,
  createClient,
  filterForAudience,
  PUBLIC_AUDIENCE,
  type TwinRecordOf,
  twinId,
} from '@ldn-twin/core';
import { askAll, buildReport, digOnce } from '@ldn-twin/questions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../connectors/test/fixtures/${path}`, import.meta.url), 'utf8'));

const server = setupServer(
  http.get('https://api.tfl.gov.uk/Road/all/Disruption', () =>
    HttpResponse.json(fixture('tfl/tfl-road-disruption.json')),
  ),
  http.get('https://api.tfl.gov.uk/Road/all/Street/Disruption', () =>
    HttpResponse.json(fixture('tfl/tfl-road-street-disruption.json')),
  ),
  http.post('https://planningdata.london.gov.uk/api-guest/applications/_search', () =>
    HttpResponse.json({ hits: { total: { value: 0, relation: 'eq' }, hits: [] } }),
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => createClient({ cache: false, retry: { limit: 0 } });
const ORG = 'lb-hounslow';
const RESTRICTED: AccessLabel = { classification: 'official-sensitive', permittedOrganisations: [ORG] };
const SECRET_OWNER = 'Example Water';

/** The example water mains, imported as the connector does: restricted to the importing organisation. */
async function assets(): Promise<TwinRecordOf<'UndergroundAsset'>[]> {
  const { records } = await connect(undergroundAssets, { client: client(), config: { organisation: ORG } })
    .importGeoJson({
      dataset: 'water-mains',
      featureCollection: fixture('underground-assets/example-water-mains-bng.geojson'),
      map: {
        id: 'asset_id',
        assetType: 'asset_type',
        owner: 'owner',
        material: 'material',
        depth: 'depth_m',
      },
    })
    .collect();
  return records;
}

/** A restricted permit beside the TfL roadworks on Burlington Lane (as in dig-once.test.ts). */
function restrictedPermit(): TwinRecordOf<'StreetWork'> {
  const from = '2025-10-05';
  const to = '2025-10-15';
  return {
    type: 'Feature',
    id: twinId('StreetWork', 'street-manager', 'RESTRICTED-PERMIT-1'),
    featureType: 'StreetWork',
    geometry: { type: 'Point', coordinates: [-0.25318, 51.486126] },
    time: { interval: [from, to] },
    properties: {
      kind: 'StreetWork',
      name: `works for ${SECRET_OWNER} (restricted)`,
      identifiers: [],
      validFrom: from,
      validTo: to,
      recordedAt: from,
      locationPrecision: 'exact',
      relations: [],
      provenance: {
        publisher: SECRET_OWNER,
        dataset: 'restricted-permits',
        retrievedAt: from,
        method: 'reported',
      },
      licence: { id: 'LicenseRef-restricted', attribution: [`(c) ${SECRET_OWNER} restricted data`] },
      access: RESTRICTED,
      attributes: {},
    },
  };
}

const window = { from: '2025-10-01', to: '2025-10-20' };

describe('access labels through a question report', () => {
  it('underground asset records are restricted by default and withheld from the public', async () => {
    const records = await assets();
    expect(records).toHaveLength(3);
    for (const r of records) expect(r.properties.access.classification).not.toBe('open');
    expect(filterForAudience(records, PUBLIC_AUDIENCE)).toEqual([]);
    // The importing organisation, cleared for its label, sees them.
    expect(filterForAudience(records, { clearance: 'official-sensitive', organisation: ORG })).toHaveLength(
      3,
    );
  });

  it('askAll + buildReport for the public hold no restricted record, attribution or label', async () => {
    const records = await assets();
    const sources = [{ source: 'underground assets you hold', run: async () => records }];
    const asked = await askAll(sources, { audience: PUBLIC_AUDIENCE });
    expect(asked.records).toEqual([]);
    expect(asked.withheld).toBe(3);
    const report = buildReport('digOnce', undefined, asked.records, asked.sources, ['3 assets'], asked);
    expect(report.records).toEqual([]);
    expect(report.withheld).toBe(3);
    expect(report.withheldBecause).toEqual({ 'access label: not for this audience': 3 });
    expect(report.access).toEqual({ classification: 'open' });
    const text = JSON.stringify(report);
    for (const id of ['WM-0001', 'WM-0002', 'CH-0001', SECRET_OWNER]) expect(text).not.toContain(id);
  });

  it('digOnce for the public withholds the restricted works from records, attributions and label', async () => {
    const report = await digOnce(
      { borough: 'Hounslow' },
      {
        client: client(),
        window,
        streetWorks: [restrictedPermit()],
        undergroundAssets: await assets(),
        audience: PUBLIC_AUDIENCE,
      },
    );
    expect(report.records.every((r) => r.properties.access.classification === 'open')).toBe(true);
    expect(report.withheld).toBeGreaterThan(0);
    expect(report.records.map((r) => r.id)).not.toContain(restrictedPermit().id);
    expect(report.attributions.join(' ')).not.toContain(SECRET_OWNER);
    expect(report.access).toEqual({ classification: 'open' });
  });

  /**
   * Found at 04:45 UTC (while buildReport filtered after digOnce had grouped and summarised): a
   * restricted permit grouped with public roadworks reached the public's report whole through
   * `opportunities[].works`, and by name through a summary line. The lead's change that filters in
   * askAll, before any summary, makes this pass; it guards against a regression.
   */
  it('digOnce for the public holds no restricted work in its opportunities or summary', async () => {
    const report = await digOnce(
      { borough: 'Hounslow' },
      {
        client: client(),
        window,
        streetWorks: [restrictedPermit()],
        undergroundAssets: await assets(),
        audience: PUBLIC_AUDIENCE,
      },
    );
    const leaked = report.opportunities
      .flatMap((o) => o.works)
      .filter((w) => w.record.properties.access.classification !== 'open')
      .map((w) => w.record.id);
    expect(leaked).toEqual([]);
    expect(report.summary.filter((line) => line.includes(SECRET_OWNER))).toEqual([]);
    const text = JSON.stringify(report);
    for (const id of ['WM-0001', 'WM-0002', 'CH-0001', 'RESTRICTED-PERMIT-1', SECRET_OWNER]) {
      expect(text.includes(id), `the public's report names ${id}`).toBe(false);
    }
  });

  it('digOnce for the permitted organisation still finds the shared dig with its restricted permit', async () => {
    const report = await digOnce(
      { borough: 'Hounslow' },
      {
        client: client(),
        window,
        streetWorks: [restrictedPermit()],
        audience: { clearance: 'official-sensitive', organisation: ORG },
      },
    );
    expect(report.withheld).toBe(0);
    expect(report.opportunities.some((o) => o.works.some((w) => w.record.id === restrictedPermit().id))).toBe(
      true,
    );
  });
});
