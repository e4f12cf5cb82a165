/**
 * Recording and replaying HTTP exchanges as HAR 1.2 archives, the format browsers' developer tools
 * export. `recordHar` wraps a `fetch` and keeps every exchange with its secrets redacted, so an
 * archive can be committed as a test fixture; `replayHar` answers from such an archive with no
 * network. Only `fetch`, `Request`, `Response` and `Headers` are used, so both work in Node,
 * browsers and Deno; reading and writing `.har` files is left to the caller.
 */
import { ConfigError, HarNoMatchError } from '../errors.js';
import {
  type CompiledEntry,
  compileEntry,
  fromBase64,
  matchEntry,
  type ReplayRequest,
  toBase64,
} from './har-match.js';
import { createRedactor, type Redactor } from './redact.js';
import { SDK_VERSION } from './version.js';

/**
 * A name and value pair: a header, a query parameter or a cookie.
 *
 * @example
 * ```ts
 * const header: HarNameValue = { name: 'accept', value: 'application/json' };
 * ```
 */
export interface HarNameValue {
  name: string;
  value: string;
  comment?: string;
}

/**
 * The body of a recorded request.
 *
 * @example
 * ```ts
 * const postData: HarPostData = { mimeType: 'application/json', text: '{"q":"E1"}' };
 * ```
 */
export interface HarPostData {
  mimeType: string;
  text?: string;
  /**
   * `'base64'` when `text` holds a body that is not UTF-8 text. An ldn-twin extension (HAR allows
   * fields starting with `_`): HAR 1.2 has no way to record a binary request body.
   */
  _encoding?: 'base64';
  comment?: string;
}

/**
 * A recorded request.
 *
 * @example
 * ```ts
 * const request: HarRequest = {
 *   method: 'GET', url: 'https://api.tfl.gov.uk/Line/victoria/Status?app_key=[REDACTED]',
 *   httpVersion: 'HTTP/1.1', cookies: [], headers: [],
 *   queryString: [{ name: 'app_key', value: '[REDACTED]' }], headersSize: -1, bodySize: 0,
 * };
 * ```
 */
export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  postData?: HarPostData;
  headersSize: number;
  bodySize: number;
  comment?: string;
}

/**
 * A recorded response body: `text` as is, or base64 with `encoding: 'base64'` for binary bodies.
 *
 * @example
 * ```ts
 * const content: HarContent = { size: 2, mimeType: 'application/json', text: '{}' };
 * ```
 */
export interface HarContent {
  size: number;
  mimeType: string;
  text?: string;
  encoding?: string;
  comment?: string;
}

/**
 * A recorded response.
 *
 * @example
 * ```ts
 * const response: HarResponse = {
 *   status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [],
 *   content: { size: 2, mimeType: 'application/json', text: '[]' }, redirectURL: '',
 *   headersSize: -1, bodySize: 2,
 * };
 * ```
 */
export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  comment?: string;
}

/**
 * How long each phase of an exchange took, in milliseconds; -1 where unknown.
 *
 * @example
 * ```ts
 * const timings: HarTimings = { blocked: -1, dns: -1, connect: -1, send: 0, wait: 120, receive: 4 };
 * ```
 */
export interface HarTimings {
  blocked?: number;
  dns?: number;
  connect?: number;
  send: number;
  wait: number;
  receive: number;
  ssl?: number;
  comment?: string;
}

/**
 * One recorded exchange.
 *
 * @example
 * ```ts
 * for (const entry of archive.log.entries) console.log(entry.request.method, entry.request.url);
 * ```
 */
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, unknown>;
  timings: HarTimings;
  comment?: string;
}

/**
 * The program that wrote an archive.
 *
 * @example
 * ```ts
 * const creator: HarCreator = { name: 'my-notebook', version: '1.0.0' };
 * ```
 */
export interface HarCreator {
  name: string;
  version: string;
  comment?: string;
}

/**
 * The `log` of an archive: who wrote it and the entries in the order their requests started.
 *
 * @example
 * ```ts
 * const log: HarLog = { version: '1.2', creator: { name: 'ldn-twin', version: '1' }, entries: [] };
 * ```
 */
export interface HarLog {
  version: string;
  creator: HarCreator;
  entries: HarEntry[];
  comment?: string;
}

/**
 * A HAR 1.2 archive, limited to the fields ldn-twin writes and reads; archives from browsers, with
 * more fields, are accepted as they are.
 *
 * @example
 * ```ts
 * const archive: HarArchive = parseHar(harFileText);
 * console.log(archive.log.entries.length);
 * ```
 */
export interface HarArchive {
  log: HarLog;
}

/**
 * Options of {@link recordHar}.
 *
 * @example
 * ```ts
 * const options: RecordHarOptions = { redactor: createRedactor({ secrets: [apiKey] }) };
 * ```
 */
export interface RecordHarOptions {
  /** The fetch that does the work; the global `fetch` (looked up at each call) by default. */
  fetch?: typeof fetch;
  /**
   * What to hide: `createRedactor()` by default, which hides well-known credential headers and
   * query parameters by name. Pass `createRedactor({ secrets })` to hide keys wherever they appear,
   * including in bodies a service echoes back.
   */
  redactor?: Redactor;
  /** The `creator` of the archive; `@ldn-twin/core` and its version by default. */
  creator?: HarCreator;
}

/**
 * A recording fetch, from {@link recordHar}.
 *
 * @example
 * ```ts
 * const recorder: HarRecorder = recordHar();
 * await recorder.fetch('https://example.london/api');
 * const archive = recorder.archive();
 * ```
 */
export interface HarRecorder {
  /** Passes each request through and records the exchange; the caller gets the response intact. */
  fetch: typeof fetch;
  /** A snapshot of the exchanges completed so far, in the order their requests started. */
  archive(): HarArchive;
}

/**
 * Wraps a fetch so that every exchange is recorded as a HAR 1.2 entry with its secrets redacted:
 * the URL and query string, every header (credential headers by name, known secrets by value), and
 * the bodies' text. The values of credential headers, parameters and cookies seen in any request
 * (an `app_key`, a Bearer token, the password of Basic credentials; eight characters or more) are
 * also hidden by value from then on, since services echo them back in bodies. A secret inside a binary body is overwritten
 * byte for byte, which breaks that body's format but keeps the secret out of the file.
 *
 * Each response body is read in full (from a clone) before the response is handed back, so the
 * entry is complete when `fetch` resolves; this suits recording fixtures, not streaming huge files.
 * A request that fails without a response is not recorded. HAR wants an HTTP version, which fetch
 * does not tell, so `HTTP/1.1` is written.
 *
 * @example
 * ```ts
 * const recorder = recordHar({ redactor: createRedactor({ secrets: [process.env.TFL_KEY!] }) });
 * await recorder.fetch(`https://api.tfl.gov.uk/Line/victoria/Status?app_key=${process.env.TFL_KEY}`);
 * await writeFile('test/fixtures/tfl.har', stringifyHar(recorder.archive()));
 * ```
 */
export function recordHar(options: RecordHarOptions = {}): HarRecorder {
  const base: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const redactor = options.redactor ?? createRedactor();
  const creator = options.creator ?? { name: '@ldn-twin/core', version: SDK_VERSION };
  // A slot per request, taken when it starts: concurrent requests finish in any order, but a replay
  // cycles through repeated requests in archive order, which must be the order they were made in.
  const slots: (HarEntry | undefined)[] = [];
  // Credentials seen by name (an `app_key` value, a Bearer token) are then hidden by value too, in
  // every later entry: services echo them back in bodies, and the default redactor knows no values.
  const learned = new Set<string>();
  let redactLearned = createRedactor();

  const recordingFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let copy: Request;
    let send: () => Promise<Response>;
    if (init?.body instanceof ReadableStream) {
      // A stream can be read once: send the Request built from it and record from its clone.
      const request = new Request(input, init);
      copy = request.clone();
      send = () => base(request);
    } else {
      // The underlying fetch gets exactly what the caller passed (runtime options such as Node's
      // `dispatcher` survive); the copy is for recording. Cloning first leaves a Request input unread.
      copy = input instanceof Request ? new Request(input.clone(), init) : new Request(input, init);
      send = () => base(input, init);
    }
    const slot = slots.length;
    slots.push(undefined);
    const started = Date.now();
    const requestBody = copy.body ? new Uint8Array(await copy.arrayBuffer()) : undefined;
    let response: Response;
    try {
      response = await send();
    } catch (error) {
      slots[slot] = undefined;
      throw error;
    }
    const headersAt = Date.now();
    let responseBody: Uint8Array;
    try {
      responseBody = new Uint8Array(await response.clone().arrayBuffer());
    } catch {
      // The body broke off; the caller sees the same error when reading it, so keep no entry.
      return response;
    }
    const finished = Date.now();
    const size = learned.size;
    learnSecrets(copy, response, redactor, learned);
    if (learned.size !== size) {
      // Short values are left to the by-name rules: hiding every "true" or "1234" in every body would
      // garble recordings, and real keys and tokens are long.
      redactLearned = createRedactor({ secrets: [...learned].filter((value) => value.length >= 8) });
    }
    const redact = chain(redactor, redactLearned);
    slots[slot] = {
      startedDateTime: new Date(started).toISOString(),
      time: finished - started,
      request: recordRequest(copy, requestBody, redact),
      response: recordResponse(response, responseBody, redact),
      cache: {},
      timings: {
        blocked: -1,
        dns: -1,
        connect: -1,
        send: 0,
        wait: headersAt - started,
        receive: finished - headersAt,
      },
    };
    return response;
  };

  return {
    fetch: recordingFetch,
    archive: () => ({
      log: {
        version: '1.2',
        creator: { ...creator },
        entries: structuredClone(slots.filter((entry): entry is HarEntry => entry !== undefined)),
      },
    }),
  };
}

/** Adds the values of credential headers, parameters and cookies of an exchange to `into`. */
function learnSecrets(request: Request, response: Response, redactor: Redactor, into: Set<string>): void {
  for (const [name, value] of new URL(request.url).searchParams) {
    if (redactor.isSecretParam(name)) into.add(value);
  }
  for (const [name, value] of request.headers) {
    if (!redactor.isSecretHeader(name)) continue;
    into.add(value);
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      for (const pair of value.split(';')) into.add(pair.slice(pair.indexOf('=') + 1).trim());
      continue;
    }
    // "Bearer <token>", "Basic <base64 of user:password>": the token and the password on their own.
    const [scheme, credentials] = value.split(/\s+/, 2);
    if (!credentials) continue;
    into.add(credentials);
    if (scheme?.toLowerCase() === 'basic') {
      try {
        const decoded = atob(credentials);
        into.add(decoded);
        into.add(decoded.slice(decoded.indexOf(':') + 1));
      } catch {
        // Not base64 after all: the whole value is hidden already.
      }
    }
  }
  // Browsers never show Set-Cookie to scripts, and older ones lack getSetCookie.
  const setCookies =
    typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [];
  for (const cookie of setCookies) {
    into.add(
      cookie
        .slice(cookie.indexOf('=') + 1)
        .split(';', 1)[0]
        ?.trim() ?? '',
    );
  }
}

/** A redactor applying `first`, then `then` on what is left. */
function chain(first: Redactor, then: Redactor): Redactor {
  return {
    text: (text) => then.text(first.text(text)),
    value: (value) => then.value(first.value(value)),
    json: (text) => then.json(first.json(text)),
    url: (url) => then.text(first.url(url)),
    headers: (headers) => first.headers(headers).map(([name, value]) => [name, then.text(value)]),
    isSecretHeader: (name) => first.isSecretHeader(name),
    isSecretParam: (name) => first.isSecretParam(name),
  };
}

function recordRequest(request: Request, body: Uint8Array | undefined, redactor: Redactor): HarRequest {
  const url = redactor.url(request.url);
  const headers = pairs(redactor.headers(request.headers));
  const recorded: HarRequest = {
    method: request.method,
    url,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers,
    queryString: queryOf(url),
    headersSize: -1,
    bodySize: body?.length ?? 0,
  };
  if (body && body.length > 0) {
    const mimeType = request.headers.get('content-type') ?? '';
    const text = decodeUtf8(body);
    recorded.postData =
      text === undefined
        ? { mimeType, text: toBase64(redactBytes(body, redactor)), _encoding: 'base64' }
        : { mimeType, text: JSON_TYPE.test(mimeType) ? redactor.json(text) : redactor.text(text) };
  }
  return recorded;
}

function recordResponse(response: Response, body: Uint8Array, redactor: Redactor): HarResponse {
  const mimeType = response.headers.get('content-type') ?? '';
  const text = mimeType === '' || TEXTUAL.test(mimeType) ? decodeUtf8(body) : undefined;
  let content: HarContent;
  if (text === undefined) {
    const redacted = redactBytes(body, redactor);
    content = { size: redacted.length, mimeType, text: toBase64(redacted), encoding: 'base64' };
  } else {
    // JSON keeps its meaning: only string literals are redacted (a numeric key is not a number).
    const redacted = JSON_TYPE.test(mimeType) ? redactor.json(text) : redactor.text(text);
    content = { size: encoder.encode(redacted).length, mimeType, text: redacted };
  }
  return {
    status: response.status,
    statusText: response.statusText,
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: pairs(redactor.headers(response.headers)),
    content,
    redirectURL: redactor.url(response.headers.get('location') ?? ''),
    headersSize: -1,
    // fetch hands back the decoded body; the size on the wire is only known when it was not encoded.
    bodySize: response.headers.has('content-encoding') ? -1 : body.length,
  };
}

/** Media types whose bodies are JSON. */
const JSON_TYPE = /json/i;

/** Media types whose bodies are text; anything else is kept as base64. */
const TEXTUAL = /^text\/|json|xml|javascript|ecmascript|csv|yaml|x-www-form-urlencoded|graphql|html/i;

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Redacts secrets in a binary body through its one-byte-per-character view, which keeps its length
 * where no secret is found and never lets an ASCII secret through. */
function redactBytes(bytes: Uint8Array, redactor: Redactor): Uint8Array {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const redacted = redactor.text(binary);
  if (redacted === binary) return bytes;
  const out = new Uint8Array(redacted.length);
  for (let i = 0; i < redacted.length; i++) out[i] = redacted.charCodeAt(i) & 0xff;
  return out;
}

function pairs(entries: [string, string][]): HarNameValue[] {
  return entries.map(([name, value]) => ({ name, value }));
}

function queryOf(url: string): HarNameValue[] {
  try {
    return pairs([...new URL(url).searchParams]);
  } catch {
    return [];
  }
}

/**
 * Options of {@link replayHar}.
 *
 * @example
 * ```ts
 * const options: ReplayHarOptions = { redactor: createRedactor({ secrets: [apiKey] }) };
 * ```
 */
export interface ReplayHarOptions {
  /**
   * Hides secrets of unmatched requests in {@link HarNoMatchError}; `createRedactor()` by default.
   */
  redactor?: Redactor;
}

/**
 * A fetch that answers from an archive, with no network. Rules, in order:
 *
 * - Method, origin and path must be equal.
 * - Every query parameter of the recorded URL must be in the request with the same values, in any
 *   order; the request may carry more parameters.
 * - Recordings are redacted, so wherever a recorded value (query value, path, body text or JSON
 *   string) holds `[REDACTED]`, that part matches any text: `app_key=[REDACTED]` matches any key.
 * - A body must be equal: as JSON when both bodies parse as JSON (deep equality, key order
 *   irrelevant), else as text (or bytes for a binary body). No body matches only no body.
 * - The most specific entry wins: the one matching the most recorded query values.
 * - Equally specific entries are used in archive order, each in turn, starting over after the last:
 *   a request made twice and recorded twice (polling, or paging over a moving result) replays the
 *   two answers in order, and a request recorded once is answered the same every time.
 * - With no match the fetch rejects with a {@link HarNoMatchError} naming up to three closest
 *   entries, nearest first, and what differs, e.g. `GET https://x/y?a=1 (query a: 2 ≠ 1)`.
 * - An aborted `signal` rejects with its reason, as fetch does.
 *
 * Responses are rebuilt with the recorded status, headers and body (base64 bodies decoded), and
 * `url` set to the request's URL. `content-encoding`, `content-length` and `transfer-encoding` are
 * left out: the recorded body is already decoded, and redaction may have changed its length.
 *
 * @example
 * ```ts
 * const fetch = replayHar(await readFile('test/fixtures/tfl.har', 'utf8'));
 * const client = createClient({ fetch });
 * ```
 */
export function replayHar(archive: HarArchive | string, options: ReplayHarOptions = {}): typeof fetch {
  const { log } = typeof archive === 'string' ? parseHar(archive) : checkArchive(archive);
  const redactor = options.redactor ?? createRedactor();
  const compiled = log.entries.map(compileEntry);
  // How many times each set of equally good entries has answered, to take them in turn.
  const turns = new Map<string, number>();

  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    init?.signal?.throwIfAborted();
    const request = new Request(input, init);
    const signal = init?.signal ?? request.signal;
    signal.throwIfAborted();
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    signal.throwIfAborted();
    const actual: ReplayRequest = { method: request.method.toUpperCase(), url: new URL(request.url), body };

    let candidates: number[] = [];
    let most = -1;
    const misses: Miss[] = [];
    compiled.forEach((entry, index) => {
      const result = matchEntry(entry, actual, redactor);
      if (result.differences.length > 0) {
        misses.push({ compiled: entry, penalty: result.penalty, differences: result.differences });
      } else if (result.matched > most) {
        most = result.matched;
        candidates = [index];
      } else if (result.matched === most) {
        candidates.push(index);
      }
    });

    if (candidates.length === 0) {
      throw new HarNoMatchError(
        { method: actual.method, url: redactor.url(request.url) },
        closest(misses, redactor),
      );
    }
    const key = candidates.join(',');
    const turn = turns.get(key) ?? 0;
    turns.set(key, turn + 1);
    const chosen = compiled[candidates[turn % candidates.length]!]!;
    return rebuildResponse(chosen.entry, request);
  };
}

interface Miss {
  compiled: CompiledEntry;
  penalty: number;
  differences: string[];
}

/** The three nearest misses, one line each, without repeats (an entry recorded twice is one line). */
function closest(misses: Miss[], redactor: Redactor): string[] {
  const lines: string[] = [];
  for (const miss of misses.sort((a, b) => a.penalty - b.penalty)) {
    const { method, url } = miss.compiled.entry.request;
    const line = `${method} ${redactor.url(url)} (${miss.differences.join('; ')})`;
    if (!lines.includes(line)) lines.push(line);
    if (lines.length === 3) break;
  }
  return lines;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const DROPPED_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding']);

function rebuildResponse(entry: HarEntry, request: Request): Response {
  const { status, statusText, headers, content } = entry.response;
  if (status < 200 || status > 599) {
    // Browsers record failed requests with status 0; fetch reports those as a TypeError.
    throw new TypeError(
      `fetch failed (recorded status ${status} for ${entry.request.method} ${entry.request.url})`,
    );
  }
  const rebuilt = new Headers();
  for (const { name, value } of headers) {
    // HTTP/2 pseudo-headers (":status") appear in browsers' archives and are not valid names.
    if (name.startsWith(':') || DROPPED_HEADERS.has(name.toLowerCase())) continue;
    try {
      rebuilt.append(name, value);
    } catch {
      // A header the platform refuses (a forbidden name) is left out rather than failing the replay.
    }
  }
  const text = content.text ?? '';
  const body =
    NULL_BODY_STATUSES.has(status) || request.method === 'HEAD'
      ? null
      : content.encoding === 'base64'
        ? fromBase64(text)
        : text;
  const response = new Response(body, { status, statusText, headers: rebuilt });
  // A constructed Response has an empty url; code that resolves relative links against it needs one.
  Object.defineProperty(response, 'url', { value: request.url });
  return response;
}

/**
 * Reads the text of a `.har` file. Throws a {@link ConfigError} when it is not JSON or has no
 * `log.entries` array.
 *
 * @example
 * ```ts
 * const archive = parseHar(await readFile('test/fixtures/tfl.har', 'utf8'));
 * ```
 */
export function parseHar(text: string): HarArchive {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError('Not a HAR archive: the text is not JSON', { cause });
  }
  return checkArchive(parsed);
}

/**
 * The text of a `.har` file for an archive: JSON indented by two spaces, ending with a newline, so
 * fixtures diff well under version control.
 *
 * @example
 * ```ts
 * await writeFile('test/fixtures/tfl.har', stringifyHar(recorder.archive()));
 * ```
 */
export function stringifyHar(archive: HarArchive): string {
  return `${JSON.stringify(archive, null, 2)}\n`;
}

function checkArchive(value: unknown): HarArchive {
  const log = (value as { log?: { entries?: unknown } } | null)?.log;
  if (!log || !Array.isArray(log.entries)) throw new ConfigError('Not a HAR archive: log.entries is missing');
  for (const [index, entry] of (log.entries as unknown[]).entries()) {
    const e = entry as Partial<HarEntry> | null;
    if (
      typeof e?.request?.method !== 'string' ||
      typeof e.request.url !== 'string' ||
      typeof e.response?.status !== 'number' ||
      !Array.isArray(e.response.headers) ||
      typeof e.response.content !== 'object'
    ) {
      throw new ConfigError(`Not a HAR archive: entry ${index} lacks a request method and URL or a response`);
    }
  }
  return value as HarArchive;
}
