/**
 * Connectors' records reference the ODRL policy of the licence their publisher states (twinRecord
 * derives it from the licence id), and an export weighs it: tested on recorded responses (TfL
 * BikePoint, Carbon Intensity, LAQN sites; origins in the fixtures' SOURCES.md).
 */
import { readFileSync } from 'node:fs';
import { carbonIntensity } from '@ldn-twin/connectors/carbon-intensity';
import { laqn } from '@ldn-twin/connectors/laqn';
import { tfl } from '@ldn-twin/connectors/tfl';
import {
  CC_BY_4_POLICY,
  connect,
  createClient,
  ERG_LAQN_POLICY,
  LONDON_POLICIES,
  type PolicyDecision,
  PUBLIC_AUDIENCE,
  policyRegistry,
  TFL_OPEN_DATA_POLICY,
  type TwinRecord,
  toNdjson,
} from '@ldn-twin/core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => createClient({ cache: false, retry: { limit: 0 } });

async function collect(): Promise<Record<'tfl' | 'carbon' | 'laqn', TwinRecord[]>> {
  server.use(
    http.get('https://api.tfl.gov.uk/BikePoint', () => HttpResponse.json(fixture('tfl/tfl-bikepoint.json'))),
    http.get('https://api.carbonintensity.org.uk/intensity', () =>
      HttpResponse.json(fixture('carbon-intensity/carbonintensity-national-intensity-fw24h.json')),
    ),
    http.get('https://api.erg.ic.ac.uk/AirQuality/Information/MonitoringSites/GroupName=London/Json', () =>
      HttpResponse.json(fixture('laqn/laqn-monitoring-sites.json')),
    ),
  );
  const [bikes, intensity, sites] = await Promise.all([
    connect(tfl, { client: client() }).bikePoints({}).collect(),
    connect(carbonIntensity, { client: client() }).nationalIntensity({}).collect(),
    connect(laqn, { client: client() }).monitoringSites({ withSpecies: false }).collect(),
  ]);
  return { tfl: bikes.records, carbon: intensity.records, laqn: sites.records };
}

async function exported(records: readonly TwinRecord[], registry = policyRegistry(LONDON_POLICIES)) {
  const withheld: PolicyDecision[] = [];
  const lines: string[] = [];
  const terms = {
    party: PUBLIC_AUDIENCE,
    registry,
    onReport: (_: unknown, d: PolicyDecision) => withheld.push(d),
  };
  for await (const line of toNdjson(records, { terms })) lines.push(line);
  return { lines, withheld };
}

describe('licence policies on connector records', () => {
  it("carries the policy of each publisher's licence: TfL open data, CC BY 4.0, ERG's OGL v2 terms", async () => {
    const records = await collect();
    expect(records.tfl.length).toBeGreaterThan(0);
    expect(records.carbon.length).toBeGreaterThan(0);
    expect(records.laqn.length).toBeGreaterThan(0);
    for (const record of records.tfl)
      expect(record.properties.access.policies).toEqual([TFL_OPEN_DATA_POLICY.uid]);
    for (const record of records.carbon)
      expect(record.properties.access.policies).toEqual([CC_BY_4_POLICY.uid]);
    for (const record of records.laqn)
      expect(record.properties.access.policies).toEqual([ERG_LAQN_POLICY.uid]);
  });

  it('an export weighs the policy: the shipped terms let attributed records out; terms that prohibit distribution, or an unmet duty, keep them in', async () => {
    const { tfl: bikes, carbon } = await collect();
    const all = [...bikes, ...carbon];

    const shipped = await exported(all);
    expect(shipped.lines).toHaveLength(all.length);
    expect(shipped.withheld).toEqual([]);

    // The app's registry replaces TfL's policy with terms that prohibit distribution.
    const stricter = policyRegistry([
      ...LONDON_POLICIES,
      { ...TFL_OPEN_DATA_POLICY, prohibition: [{ action: 'distribute' }] },
    ]);
    const strict = await exported(all, stricter);
    expect(strict.lines).toHaveLength(carbon.length);
    expect(strict.lines.every((line) => !line.includes('tfl-bikepoint'))).toBe(true);
    expect(strict.withheld).toHaveLength(bikes.length);
    expect(strict.withheld[0]?.reasons).toEqual([`${TFL_OPEN_DATA_POLICY.uid}: prohibits distribute`]);

    // CC BY's duty to attribute is not met by a record stripped of its attribution lines.
    const [first] = carbon;
    if (first === undefined) throw new Error('no carbon intensity record');
    const unattributed = {
      ...first,
      properties: { ...first.properties, licence: { ...first.properties.licence, attribution: [] } },
    } as TwinRecord;
    const stripped = await exported([unattributed]);
    expect(stripped.lines).toEqual([]);
    expect(stripped.withheld[0]?.reasons.join(' ')).toMatch(/no attribution lines/);
  });
});
