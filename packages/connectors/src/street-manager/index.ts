/**
 * DfT Street Manager open data: the permit, activity and Section 58 event messages that England's
 * highway authorities and utilities publish, for the infrastructure-coordination twin. Street
 * Manager pushes them to subscribers through AWS SNS (see the docs page); this connector makes no
 * HTTP call: it parses the messages you received (from a file, an array or an NDJSON stream) into
 * StreetWork records, converting the British National Grid WKT geometry to WGS 84.
 *
 * @packageDocumentation
 */
import {
  type Connector,
  type Licence,
  LicenceSchema,
  mapPage,
  OGL_V3_URL,
  type Operation,
  type OperationContext,
  type TwinRecordOf,
} from '@ldn-twin/core';
import * as z from 'zod';
import { isNdjsonSource, type NdjsonSource, ndjsonLines } from './lines.js';
import { mapEventMessage } from './map.js';
import { RawEventMessage } from './raw.js';

export { bngGeometry, type ConvertedGeometry } from './geometry.js';
export { isNdjsonSource, type NdjsonSource, ndjsonLines } from './lines.js';
export { normaliseEventType } from './map.js';

/**
 * The licence of Street Manager open data: not stated in the field guide (unconfirmed), so OGL
 * v3.0 is the default and `config.licence` can override it.
 */
const LICENCE: Licence = {
  id: 'OGL-UK-3.0',
  url: OGL_V3_URL,
  attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'],
};

const StreetManagerConfig = z.object({
  /** The licence put on records (unconfirmed upstream; OGL v3.0 by default). */
  licence: LicenceSchema.default(LICENCE),
});
type StreetManagerConfig = z.output<typeof StreetManagerConfig>;

/** How many lines make one reported page when reading NDJSON. */
const NDJSON_PAGE = 1000;

const MessagesParams = z.object({
  /** Event messages: an array (a saved file) or one message; SNS notifications are unwrapped. */
  messages: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]),
});

const JsonParams = z.object({
  /** JSON text: an array of messages or one message (e.g. a file's contents). */
  text: z.string(),
});

const NdjsonParams = z.object({
  /** One message per line: an (async) iterable of lines, or a ReadableStream of text or bytes. */
  source: z.custom<NdjsonSource>(isNdjsonSource, 'an (async) iterable of lines or a ReadableStream'),
});

type StreetWork = TwinRecordOf<'StreetWork'>;

/**
 * A message as received: itself, or inside an SNS `Notification` whose `Message` is its JSON text.
 * A line or SNS message that is not JSON becomes a parse issue carrying the raw text.
 */
const Received = z
  .unknown()
  .transform((value, ctx) => {
    let message: unknown = value;
    if (typeof message === 'string') message = parseJson(message, ctx);
    if (isSnsNotification(message)) message = parseJson(message.Message, ctx);
    return message;
  })
  .pipe(RawEventMessage);

function parseJson(text: string, ctx: z.RefinementCtx): unknown {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `not JSON: ${text.slice(0, 60)}` });
    return z.NEVER;
  }
}

function isSnsNotification(value: unknown): value is { Type: 'Notification'; Message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { Type?: unknown }).Type === 'Notification' &&
    typeof (value as { Message?: unknown }).Message === 'string'
  );
}

const parseMessages: Operation<typeof MessagesParams, StreetWork, StreetManagerConfig> = {
  title: 'Parse event messages',
  description:
    'Event messages already in memory (an array or one object, SNS notifications unwrapped) as StreetWork records; a message that cannot be mapped is reported.',
  params: MessagesParams,
  produces: ['StreetWork'],
  async *run(params, ctx) {
    const messages = Array.isArray(params.messages) ? params.messages : [params.messages];
    yield* mapPage(ctx, messages, Received, (message) => mapEventMessage(message, mappingContext(ctx)));
  },
};

const parseJsonText: Operation<typeof JsonParams, StreetWork, StreetManagerConfig> = {
  title: 'Parse a JSON file of event messages',
  description: 'JSON text holding an array of event messages or one message, as StreetWork records.',
  params: JsonParams,
  produces: ['StreetWork'],
  async *run(params, ctx) {
    // Text that is not JSON at all is one unreadable item: reported, not thrown.
    let parsed: unknown = params.text;
    try {
      parsed = JSON.parse(params.text);
    } catch {}
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    yield* mapPage(ctx, messages, Received, (message) => mapEventMessage(message, mappingContext(ctx)));
  },
};

const parseNdjson: Operation<typeof NdjsonParams, StreetWork, StreetManagerConfig> = {
  title: 'Parse an NDJSON stream of event messages',
  description:
    'One event message per line, read as it arrives (flat memory): each line becomes a StreetWork record or a reported issue carrying the line.',
  params: NdjsonParams,
  produces: ['StreetWork'],
  async *run(params, ctx) {
    let lines = 0;
    for await (const line of ndjsonLines(params.source, ctx.signal)) {
      yield* ctx.mapper.each([line], Received, (message) => mapEventMessage(message, mappingContext(ctx)));
      lines += 1;
      if (lines === NDJSON_PAGE) {
        ctx.page(lines);
        lines = 0;
      }
    }
    if (lines > 0) ctx.page(lines);
  },
};

function mappingContext(ctx: OperationContext<StreetManagerConfig>) {
  return { retrievedAt: ctx.retrievedAt, licence: ctx.config.licence };
}

/**
 * The DfT Street Manager open-data connector (parsing only; no HTTP).
 *
 * @example
 * ```ts
 * import { createReadStream } from 'node:fs';
 * import { Readable } from 'node:stream';
 * import { connect, createClient } from '@ldn-twin/core';
 * import { streetManager } from '@ldn-twin/connectors/street-manager';
 *
 * const works = connect(streetManager, { client: createClient() });
 * const source = Readable.toWeb(createReadStream('permits.ndjson')) as ReadableStream<Uint8Array>;
 * for await (const work of works.parseNdjson({ source })) {
 *   console.log(work.properties.attributes.eventType, work.properties.attributes.permitReference);
 * }
 * ```
 */
export const streetManager = {
  id: 'street-manager',
  title: 'DfT Street Manager open data',
  description:
    'Street works permits, activities and Section 58 restrictions in England, including every London borough and TfL, from the event messages the Department for Transport publishes.',
  twins: ['infrastructure-coordination'],
  publisher: {
    name: 'Department for Transport',
    url: 'https://department-for-transport-streetmanager.github.io/street-manager-docs/open-data',
  },
  homepage: 'https://department-for-transport-streetmanager.github.io/street-manager-docs/open-data',
  licence: LICENCE,
  auth: { type: 'none' },
  browser: { cors: true, note: 'No HTTP: the connector parses messages the application already has.' },
  config: StreetManagerConfig,
  operations: { parseMessages, parseJson: parseJsonText, parseNdjson },
} satisfies Connector<typeof StreetManagerConfig>;
