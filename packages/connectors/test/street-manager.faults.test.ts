import { readFileSync } from 'node:fs';
import { streetManager } from '@ldn-twin/connectors/street-manager';
import { connect, createClient, isLdnTwinError, isSchemaError } from '@ldn-twin/core';
import { FAULT_CASES } from '@ldn-twin/core/testing';
import { expect, it } from 'vitest';

/*
 * street-manager makes no request: it parses event messages the application already has (from
 * its SNS subscription or a saved file). The network fault cases (429, 503, timeouts, a dropped
 * connection, slow and dripping bodies, redirects, far Retry-After, endless pagers) do not apply. The payload cases do: each is made by
 * the harness's own fault wrappers from the real recorded message and fed to parseJson and
 * parseNdjson, which must end honestly: records, or a report that accounts for every message
 * (received = mapped + failed), or a typed error. Never an untyped crash, never a silent drop.
 */
const text = readFileSync(
  new URL('./fixtures/street-manager/streetmanager-permit-event.json', import.meta.url),
  'utf8',
);
const NETWORK_ONLY = new Set([
  '429 with Retry-After, then success',
  '503 twice, then success',
  'a timeout',
  'a slow body',
  'a dropped connection',
  'a pager that returns the same page forever',
  'a redirect to another host (credentials must not follow)',
  'a redirect to a link-local metadata address',
  'a Retry-After of a day',
  'a Retry-After as an HTTP date years ahead',
  'a body that drips a byte at a time',
  'a pager that serves new items forever',
]);
/** Body faults that leave no readable message: they may not end in plain success with records. */
const UNREADABLE = new Set([
  'truncated JSON',
  'an HTML error page with status 200',
  'an empty body',
  'a payload far larger than expected',
]);
const payloadCases = FAULT_CASES.filter((c) => !NETWORK_ONLY.has(c.name));

/** The message text after the case's fault, made by the harness's wrapper around a good answer. */
async function faulty(name: string): Promise<string> {
  const fault = FAULT_CASES.find((c) => c.name === name)!;
  const good: typeof fetch = async () =>
    new Response(text, { headers: { 'content-type': 'application/json' } });
  return (await fault.wrap(good)('https://example.invalid/event.json')).text();
}

const works = () => connect(streetManager, { client: createClient({ cache: false }) });

it.each(payloadCases.map((c) => [c.name]))(
  'street-manager parseJson ends honestly on %s',
  async (name) => {
    const body = await faulty(name);
    const stream = works().parseJson({ text: body });
    let records = 0;
    try {
      for await (const _ of stream) records += 1;
    } catch (error) {
      expect(isLdnTwinError(error), `untyped error: ${String(error)}`).toBe(true);
    }
    const { report } = stream;
    expect(report.received).toBe(report.mapped + report.failed);
    expect(report.records).toBe(records);
    if (UNREADABLE.has(name)) expect(records === 0 || report.failed > 0).toBe(true);
  },
  30_000,
); // The far larger payload takes seconds to parse on a loaded machine.

it.each(payloadCases.map((c) => [c.name]))(
  'street-manager parseNdjson ends honestly on %s',
  async (name) => {
    const body = await faulty(name);
    // One message per line: the faulty message, then the good one, which must still come through.
    const stream = works().parseNdjson({ source: [body.replace(/\n/g, ' '), text.replace(/\n/g, ' ')] });
    let records = 0;
    try {
      for await (const _ of stream) records += 1;
    } catch (error) {
      expect(isLdnTwinError(error), `untyped error: ${String(error)}`).toBe(true);
    }
    const { report } = stream;
    expect(report.received).toBe(report.mapped + report.failed);
    expect(report.records).toBe(records);
    // A blank line is no message (NDJSON skips it); every other line is one message received.
    expect(report.received).toBe(body.trim() === '' ? 1 : 2);
  },
  30_000,
);

/*
 * The harness's drift cases change the first item of the largest list, which in a permit event is
 * a list inside object_data that is read leniently; as the connector kit does, drift is looked for
 * field by field in the message itself: one field given another type must be noticed.
 */
it('street-manager parseJson notices schema drift: a field of the message of another type fails the message', async () => {
  const message = JSON.parse(text) as Record<string, unknown>;
  const noticed: string[] = [];
  for (const key of Object.keys(message)) {
    const changed = {
      ...message,
      [key]: typeof message[key] === 'number' ? 'not a number' : { unexpected: true },
    };
    const stream = works().parseJson({ text: JSON.stringify(changed) });
    try {
      for await (const _ of stream) {
        // Every record is counted by the report.
      }
      if (stream.report.failed > 0) noticed.push(key);
    } catch (error) {
      if (isSchemaError(error)) noticed.push(key);
    }
  }
  // Text fields taking any string (event_reference: 'not a number' is still text) and the loose
  // object_data pass; the event type and time, read as a string and an ISO date, cannot.
  expect(noticed).toEqual(expect.arrayContaining(['event_type', 'event_time']));
});
