import { readFileSync } from 'node:fs';
import { normaliseEventType, streetManager } from '@ldn-twin/connectors/street-manager';
import { connect, createClient } from '@ldn-twin/core';
import { validateConnector } from '@ldn-twin/core/testing';
import { bngToWgs84 } from '@ldn-twin/geo';
import { describe, expect, it } from 'vitest';

const text = readFileSync(
  new URL('./fixtures/street-manager/streetmanager-permit-event.json', import.meta.url),
  'utf8',
);
/** A real 2025 permit event (Sheffield; see fixtures/street-manager/SOURCES.md). */
const permitEvent = JSON.parse(text) as { object_data: Record<string, unknown> } & Record<string, unknown>;

/** The same message in London, with a line geometry and the old kebab-case event name. */
const londonEvent = {
  ...permitEvent,
  event_reference: 128587308,
  event_type: 'work-start',
  object_reference: 'LC10620213165-02',
  object_data: {
    ...permitEvent.object_data,
    permit_reference_number: 'LC10620213165-02',
    works_location_coordinates: 'LINESTRING(530000 180000,530100 180050)',
    street_name: 'WHITEHALL',
    town: 'LONDON',
  },
};

const works = () => connect(streetManager, { client: createClient() });

describe('street-manager parseMessages', () => {
  it('maps the real permit event to a StreetWork record', async () => {
    const { records, report } = await works().parseMessages({ messages: permitEvent }).collect();
    expect(report).toMatchObject({ received: 1, mapped: 1, failed: 0, complete: true });
    const [work] = records;
    expect(work?.id).toBe('urn:ldntwin:street-work:street-manager:LC10620213165-01');
    expect(work?.properties.name).toBe('LOWEDGES ROAD, SHEFFIELD');
    expect(work?.properties.identifiers).toContainEqual({ scheme: 'usrn', value: '34409447' });
    expect(work?.properties.recordedAt).toBe('2025-06-27T17:26:01.809Z');
    expect(work?.properties.validFrom).toBe('2025-06-16T06:47:17.000Z');
    expect(work?.properties.validTo).toBe('2025-07-04T22:59:00.000Z');
    expect(work?.time).toEqual({ interval: ['2025-06-16T06:47:17.000Z', '2025-07-04T22:59:00.000Z'] });
    expect(work?.properties.attributes).toMatchObject({
      workReference: 'LC10620213165',
      permitReference: 'LC10620213165-01',
      objectType: 'PERMIT',
      eventType: 'PERMIT_ALTERATION_GRANTED',
      promoter: 'SHEFFIELD CITY COUNCIL',
      promoterSwaCode: '4420',
      highwayAuthority: 'SHEFFIELD CITY COUNCIL',
      usrn: '34409447',
      status: 'Works in progress',
      permitStatus: 'granted',
      workCategory: 'Major',
      trafficManagement: 'Stop/go boards',
      roadCategory: '8',
      proposedStart: '2025-06-15T23:00:00.000Z',
      actualStart: '2025-06-16T06:47:17.000Z',
      trafficSensitive: true,
      ttroRequired: false,
      footwayClosed: false,
      collaborativeWorking: false,
    });
    // "" and null are absent, not empty values.
    expect(work?.properties.attributes.areaName).toBeUndefined();
    expect(work?.properties.attributes.actualEnd).toBeUndefined();
    expect(work?.properties.attributes.extra).toMatchObject({
      work_category_ref: 'major',
      work_status_ref: 'in_progress',
      crs_transform: 'helmert', // Sheffield is outside the London OSTN15 window
    });
    expect(work?.properties.provenance).toMatchObject({
      publisher: 'Department for Transport (Street Manager)',
      dataset: 'street-manager-permit-events',
      sourceId: '128587307',
      connector: 'street-manager',
    });
  });

  it('keeps the BNG WKT geometry in place and converts it to WGS 84 with OSTN15', async () => {
    const { records } = await works()
      .parseMessages({ messages: [permitEvent, londonEvent] })
      .collect();
    const [sheffield, london] = records;
    expect(sheffield?.place).toEqual({ type: 'Point', coordinates: [433674.488, 380502.109] });
    expect(sheffield?.coordRefSys).toBe('http://www.opengis.net/def/crs/EPSG/0/27700');
    const [lon, lat] = (sheffield?.geometry as { coordinates: number[] } | undefined)?.coordinates ?? [];
    // Lowedges Road, Sheffield.
    expect(lon).toBeCloseTo(-1.4956, 2);
    expect(lat).toBeCloseTo(53.3225, 2);
    expect(london?.place).toEqual({
      type: 'LineString',
      coordinates: [
        [530000, 180000],
        [530100, 180050],
      ],
    });
    const start = bngToWgs84(530000, 180000);
    expect(start.method).toBe('ostn15');
    expect(london?.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [start.lon, start.lat],
        [bngToWgs84(530100, 180050).lon, bngToWgs84(530100, 180050).lat],
      ],
    });
    expect(london?.properties.attributes.extra?.crs_transform).toBe('ostn15');
    expect(london?.properties.locationPrecision).toBe('exact');
  });

  it('normalises event names of both eras to UPPER_SNAKE', async () => {
    expect(normaliseEventType('work-start')).toBe('WORK_START');
    expect(normaliseEventType('WORK_START')).toBe('WORK_START');
    expect(normaliseEventType('permit-alteration-granted')).toBe('PERMIT_ALTERATION_GRANTED');
    const { records } = await works()
      .parseMessages({ messages: [londonEvent, { ...londonEvent, event_type: 'WORK_START' }] })
      .collect();
    expect(records.map((r) => r.properties.attributes.eventType)).toEqual(['WORK_START', 'WORK_START']);
  });

  it('unwraps an SNS notification', async () => {
    const notification = { Type: 'Notification', MessageId: 'x', Message: JSON.stringify(permitEvent) };
    const { records } = await works()
      .parseMessages({ messages: [notification] })
      .collect();
    expect(records[0]?.properties.attributes.permitReference).toBe('LC10620213165-01');
  });

  it('reports a bad message and still maps the rest', async () => {
    const badFlag = {
      ...permitEvent,
      object_data: { ...permitEvent.object_data, is_deemed: 'No', is_traffic_sensitive: 'Maybe' },
    };
    const badGeometry = {
      ...londonEvent,
      object_data: { ...londonEvent.object_data, works_location_coordinates: 'POINT(nonsense)' },
    };
    const noReference = {
      ...permitEvent,
      object_reference: null,
      object_data: { ...permitEvent.object_data, work_reference_number: null, permit_reference_number: null },
    };
    const { records, report } = await works()
      .parseMessages({ messages: [badFlag, permitEvent, badGeometry, noReference] })
      .collect();
    expect(records).toHaveLength(1);
    expect(report).toMatchObject({ received: 4, mapped: 1, failed: 3 });
    expect(report.issues[0]).toMatchObject({
      stage: 'parse',
      path: 'object_data.is_traffic_sensitive',
      raw: badFlag,
    });
    expect(report.issues[1]).toMatchObject({ stage: 'map', raw: badGeometry });
    expect(report.issues[2]?.message).toMatch(/no object, permit, activity or work reference/);
  });

  it('maps a message without coordinates with geometry null', async () => {
    const { records } = await works()
      .parseMessages({
        messages: {
          ...permitEvent,
          object_data: { ...permitEvent.object_data, works_location_coordinates: null },
        },
      })
      .collect();
    expect(records[0]?.geometry).toBeNull();
    expect(records[0]?.properties.locationPrecision).toBe('none');
    expect(records[0]?.place).toBeUndefined();
  });
});

describe('street-manager parseJson', () => {
  it('reads a file holding one message or an array', async () => {
    const one = await works().parseJson({ text }).collect();
    const many = await works()
      .parseJson({ text: JSON.stringify([permitEvent, londonEvent]) })
      .collect();
    expect(one.records).toHaveLength(1);
    expect(many.records.map((r) => r.properties.attributes.permitReference)).toEqual([
      'LC10620213165-01',
      'LC10620213165-02',
    ]);
  });

  it('reports text that is not JSON', async () => {
    const { records, report } = await works().parseJson({ text: 'not json' }).collect();
    expect(records).toEqual([]);
    expect(report).toMatchObject({ received: 1, failed: 1 });
    expect(report.issues[0]?.message).toMatch(/not JSON/);
  });
});

describe('street-manager parseNdjson', () => {
  it('reads a byte stream whose lines span chunks, and reports a bad line', async () => {
    const body = `${JSON.stringify(permitEvent)}\n\n{oops\n${JSON.stringify(londonEvent)}`;
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // Chunks of 7 bytes: lines (and multi-byte characters, if any) cut anywhere.
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
        controller.close();
      },
    });
    const { records, report } = await works().parseNdjson({ source: stream }).collect();
    expect(records.map((r) => r.properties.attributes.permitReference)).toEqual([
      'LC10620213165-01',
      'LC10620213165-02',
    ]);
    expect(report).toMatchObject({ received: 3, mapped: 2, failed: 1, pages: 1, complete: true });
    expect(report.issues[0]).toMatchObject({ stage: 'parse', raw: '{oops' });
  });

  it('reads an async iterable of lines lazily: memory stays flat, stopping early stops reading', async () => {
    let pulled = 0;
    async function* lines() {
      for (let k = 0; k < 100_000; k++) {
        pulled += 1;
        yield JSON.stringify({ ...permitEvent, object_reference: `P-${k}` });
      }
    }
    const stream = works().parseNdjson({ source: lines() });
    const seen: string[] = [];
    for await (const work of stream) {
      seen.push(work.id);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([
      'urn:ldntwin:street-work:street-manager:P-0',
      'urn:ldntwin:street-work:street-manager:P-1',
      'urn:ldntwin:street-work:street-manager:P-2',
    ]);
    expect(pulled).toBe(3);
  });

  it('rejects a source that is neither lines nor a stream', () => {
    expect(() => works().parseNdjson({ source: 'just a string' as never })).toThrow(/invalid params/);
  });
});

describe('street-manager conformance', () => {
  it('passes validateConnector', async () => {
    const result = await validateConnector(streetManager, {
      client: createClient(),
      cases: [
        { operation: 'parseMessages', params: { messages: [permitEvent, londonEvent] }, minRecords: 2 },
        { operation: 'parseJson', params: { text } },
        { operation: 'parseNdjson', params: { source: [text.replace(/\n\s*/g, ' ')] } },
      ],
    });
    expect(result.problems).toEqual([]);
  });
});
