/**
 * How a replayed request is matched to a recorded HAR entry, and how a near miss is described.
 * Kept apart from `har.ts` so the rules can be read in one place. Recordings are redacted, so
 * wherever a recorded value holds `[REDACTED]`, that part matches anything.
 *
 * @internal
 */
import type { HarEntry } from './har.js';
import { REDACTED, type Redactor } from './redact.js';

/**
 * A request about to be answered from an archive, read once.
 *
 * @internal
 * @example
 * ```ts
 * const request: ReplayRequest = { method: 'GET', url: new URL('https://example.london/a'), body: undefined };
 * ```
 */
export interface ReplayRequest {
  method: string;
  url: URL;
  /** The body's bytes; undefined when there is none. */
  body: Uint8Array | undefined;
}

/**
 * A recorded entry prepared for matching: its URL parsed and its body decoded once, not per request.
 *
 * @internal
 * @example
 * ```ts
 * const compiled = compileEntry(archive.log.entries[0]);
 * ```
 */
export interface CompiledEntry {
  entry: HarEntry;
  method: string;
  /** Undefined when the recorded URL does not parse; such an entry never matches. */
  url: URL | undefined;
  path: string;
  query: [name: string, values: string[]][];
  body: RecordedBody | undefined;
}

type RecordedBody =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'text'; text: string; json: { value: unknown } | undefined };

/**
 * The outcome of matching one entry: `matched` is the number of recorded query values the request
 * matched (the specificity), `differences` what did not match, `penalty` how far off it is.
 *
 * @internal
 * @example
 * ```ts
 * const { differences } = matchEntry(compiled, request, createRedactor());
 * if (differences.length === 0) console.log('match');
 * ```
 */
export interface MatchResult {
  matched: number;
  differences: string[];
  penalty: number;
}

// How much each kind of difference weighs when ranking near misses: another host is further off
// than another path, which is further off than another method, than a query value or a body.
const PENALTY = { origin: 16, path: 8, method: 4, query: 1, body: 1 } as const;

/**
 * Prepares an entry for matching.
 *
 * @internal
 * @example
 * ```ts
 * const compiled = archive.log.entries.map(compileEntry);
 * ```
 */
export function compileEntry(entry: HarEntry): CompiledEntry {
  let url: URL | undefined;
  try {
    url = new URL(entry.request.url);
  } catch {
    url = undefined;
  }
  const query = new Map<string, string[]>();
  for (const [name, value] of url?.searchParams ?? []) {
    const values = query.get(name);
    if (values) values.push(value);
    else query.set(name, [value]);
  }
  return {
    entry,
    method: entry.request.method.toUpperCase(),
    url,
    // The URL parser escapes the brackets of a redacted path segment; put them back to match on.
    path: url ? url.pathname.replaceAll(encodeURIComponent(REDACTED), REDACTED) : '',
    query: [...query],
    body: recordedBody(entry),
  };
}

function recordedBody(entry: HarEntry): RecordedBody | undefined {
  const postData = entry.request.postData;
  if (!postData || postData.text === undefined || postData.text === '') return undefined;
  if (postData._encoding === 'base64') return { kind: 'bytes', bytes: fromBase64(postData.text) };
  return { kind: 'text', text: postData.text, json: parseJson(postData.text) };
}

/**
 * Matches a request against an entry. Method, origin and path must be equal; every recorded query
 * parameter must be in the request with the same values, in any order (the request may carry
 * more); the bodies must be equal, as JSON when both are JSON, else as text or bytes.
 *
 * @internal
 * @example
 * ```ts
 * const result = matchEntry(compiled, request, createRedactor());
 * ```
 */
export function matchEntry(compiled: CompiledEntry, request: ReplayRequest, redactor: Redactor): MatchResult {
  const differences: string[] = [];
  let penalty = 0;
  let matched = 0;
  if (compiled.method !== request.method) {
    differences.push(`method: ${request.method} ≠ ${compiled.method}`);
    penalty += PENALTY.method;
  }
  if (!compiled.url || compiled.url.origin !== request.url.origin) {
    differences.push(`origin: ${request.url.origin} ≠ ${compiled.url?.origin ?? 'unparsable URL'}`);
    penalty += PENALTY.origin;
  }
  if (!matchesPattern(compiled.path, request.url.pathname)) {
    differences.push(`path: ${shorten(redactor.text(request.url.pathname))} ≠ ${shorten(compiled.path)}`);
    penalty += PENALTY.path;
  }
  for (const [name, recorded] of compiled.query) {
    const actual = request.url.searchParams.getAll(name);
    if (valuesMatch(recorded, actual)) {
      matched += recorded.length;
    } else {
      const shown =
        actual.length === 0 ? 'missing' : actual.map((v) => showValue(name, v, redactor)).join(',');
      differences.push(`query ${name}: ${shown} ≠ ${recorded.map(shorten).join(',')}`);
      penalty += PENALTY.query;
    }
  }
  const bodyDifference = compareBodies(compiled.body, request.body);
  if (bodyDifference) {
    differences.push(bodyDifference);
    penalty += PENALTY.body;
  }
  return { matched, differences, penalty };
}

/** Each recorded value must pair with its own request value; exact values pair first so a wildcard
 * does not take the value an exact one needs. */
function valuesMatch(recorded: readonly string[], actual: readonly string[]): boolean {
  if (recorded.length !== actual.length) return false;
  const left = [...actual];
  const ordered = [...recorded].sort((a, b) => Number(a.includes(REDACTED)) - Number(b.includes(REDACTED)));
  for (const pattern of ordered) {
    const index = left.findIndex((value) => matchesPattern(pattern, value));
    if (index < 0) return false;
    left.splice(index, 1);
  }
  return true;
}

// Bodies are not quoted in differences: they are long, and may hold what the redactor cannot know.
function compareBodies(
  recorded: RecordedBody | undefined,
  actual: Uint8Array | undefined,
): string | undefined {
  const hasActual = actual !== undefined && actual.length > 0;
  if (!recorded) return hasActual ? 'body: present ≠ none' : undefined;
  if (!hasActual) return 'body: none ≠ present';
  if (recorded.kind === 'bytes') return bytesEqual(recorded.bytes, actual) ? undefined : 'body: bytes differ';
  let text: string;
  try {
    text = utf8.decode(actual);
  } catch {
    return 'body: binary ≠ text';
  }
  if (recorded.json) {
    const json = parseJson(text);
    if (json) {
      const where = jsonDifference(recorded.json.value, json.value, '$');
      return where === undefined ? undefined : `body: JSON differs at ${where}`;
    }
  }
  return matchesPattern(recorded.text, text) ? undefined : 'body: text differs';
}

/** The path of the first difference between a recorded JSON value and a request's, or undefined. */
function jsonDifference(recorded: unknown, actual: unknown, path: string): string | undefined {
  if (typeof recorded === 'string') {
    return typeof actual === 'string' && matchesPattern(recorded, actual) ? undefined : path;
  }
  if (Array.isArray(recorded)) {
    if (!Array.isArray(actual) || actual.length !== recorded.length) return path;
    for (let i = 0; i < recorded.length; i++) {
      const where = jsonDifference(recorded[i], actual[i], `${path}[${i}]`);
      if (where !== undefined) return where;
    }
    return undefined;
  }
  if (recorded !== null && typeof recorded === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return path;
    const r = recorded as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = Object.keys(r);
    if (keys.length !== Object.keys(a).length) return path;
    for (const key of keys) {
      if (!Object.hasOwn(a, key)) return `${path}.${key}`;
      const where = jsonDifference(r[key], a[key], `${path}.${key}`);
      if (where !== undefined) return where;
    }
    return undefined;
  }
  return recorded === actual ? undefined : path;
}

/**
 * True when `value` matches a recorded `pattern`, in which each `[REDACTED]` stands for any text.
 * A plain scan, not a regular expression, so a long body cannot make matching slow.
 *
 * @internal
 * @example
 * ```ts
 * matchesPattern('Bearer [REDACTED]', 'Bearer abc123'); // true
 * ```
 */
export function matchesPattern(pattern: string, value: string): boolean {
  if (!pattern.includes(REDACTED)) return pattern === value;
  const parts = pattern.split(REDACTED);
  const first = parts[0] ?? '';
  const last = parts.at(-1) ?? '';
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  // Leftmost placement of each middle part is optimal for patterns whose only wildcard is "any text".
  let at = first.length;
  const end = value.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const found = value.indexOf(part, at);
    if (found < 0 || found + part.length > end) return false;
    at = found + part.length;
  }
  return true;
}

function showValue(name: string, value: string, redactor: Redactor): string {
  return redactor.isSecretParam(name) ? REDACTED : shorten(redactor.text(value));
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Base64 of bytes, with the platform's `btoa` (Node, browsers and Deno all have it).
 *
 * @internal
 * @example
 * ```ts
 * toBase64(new Uint8Array([0, 255])); // 'AP8='
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In chunks: spreading a whole large body into one call would overflow the argument limit.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Bytes of a base64 string, with the platform's `atob`.
 *
 * @internal
 * @example
 * ```ts
 * fromBase64('AP8='); // Uint8Array [0, 255]
 * ```
 */
export function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
