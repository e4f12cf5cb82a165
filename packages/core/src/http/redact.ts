/**
 * Redaction of secrets from anything that leaves the runtime: error messages, log lines, progress
 * events and HAR recordings. Secrets are removed by value (every registered key, wherever it
 * appears, also URL-encoded) and by name (well-known credential
 * headers and query parameters), so a key is hidden even when a service echoes it back.
 *
 * Payloads are never rewritten as text: a key made of digits that also occur in the data would
 * turn valid JSON into invalid JSON. Parsed values are redacted inside their strings only
 * ({@link Redactor.value}), JSON text inside its string literals only ({@link Redactor.json}).
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Header names whose values are always credentials. Lower case. */
const SECRET_HEADERS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'app_key',
  'app-key',
  'key',
  'ocp-apim-subscription-key',
  'x-api-allowrequest',
];

/** Query parameter names whose values are always credentials. Lower case. */
const SECRET_PARAMS = [
  'key',
  'api_key',
  'apikey',
  'api-key',
  'app_key',
  'app_id',
  'access_token',
  'token',
  'subscription-key',
  'password',
];

/** Removes secrets from strings, URLs and headers. */
export interface Redactor {
  /** Replaces every known secret value in `text` (messages, log lines: never a payload to parse). */
  text(text: string): string;
  /**
   * A parsed JSON value with secrets replaced inside its strings and object keys; numbers,
   * booleans, nulls and the structure are kept, so the value keeps its meaning. Returns `input`
   * itself when it holds no secret.
   */
  value<T>(input: T): T;
  /**
   * JSON text with secrets replaced inside its string literals only (numbers and structure stay
   * byte for byte); text that is not JSON is redacted as {@link Redactor.text} does.
   */
  json(text: string): string;
  /** A URL with secret query parameters and secret values replaced. */
  url(url: string | URL): string;
  /** A copy of the headers as pairs, with credential headers and secret values replaced. */
  headers(headers: Headers | Iterable<[string, string]>): [string, string][];
  /** True when a header name always carries a credential. */
  isSecretHeader(name: string): boolean;
  /** True when a query parameter name always carries a credential. */
  isSecretParam(name: string): boolean;
}

/** Options of {@link createRedactor}. */
export interface RedactorOptions {
  /** Secret values to hide wherever they appear (API keys, passwords, tokens). */
  secrets?: Iterable<string>;
  /** Extra header names to treat as credentials (case-insensitive). */
  headerNames?: Iterable<string>;
  /** Extra query parameter names to treat as credentials (case-insensitive). */
  paramNames?: Iterable<string>;
}

function encodings(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  forms.add(new URLSearchParams({ x: secret }).toString().slice(2));
  // As the URL parser writes it in a path and in a query (it escapes fewer characters than
  // encodeURIComponent, and different ones in each place).
  forms.add(new URL(`https://x.invalid/${secret}`).pathname.slice(1));
  forms.add(new URL(`https://x.invalid/?${secret}`).search.slice(1));
  return [...forms].filter((form) => form.length > 0);
}

/**
 * Creates a redactor for a set of secrets and credential names.
 *
 * @example
 * ```ts
 * const redact = createRedactor({ secrets: ['s3cr3t-key'] });
 * redact.url('https://api.tfl.gov.uk/Line/Mode/tube/Status?app_key=s3cr3t-key');
 * // 'https://api.tfl.gov.uk/Line/Mode/tube/Status?app_key=[REDACTED]'
 * ```
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const headerNames = new Set([...SECRET_HEADERS, ...[...(options.headerNames ?? [])].map(lower)]);
  const paramNames = new Set([...SECRET_PARAMS, ...[...(options.paramNames ?? [])].map(lower)]);
  // Longest first, so a secret that contains another is replaced whole.
  const values = [
    ...new Set([...(options.secrets ?? [])].filter((s) => s.length >= 4).flatMap(encodings)),
  ].sort((a, b) => b.length - a.length);

  // The shortest form: a shorter string (most values of a record: codes, numbers, dates) holds none.
  const shortest = values.length === 0 ? 0 : (values.at(-1) as string).length;
  // Whether a string holds any form at all: one search for all of them (a few times faster than
  // an `includes` per form), most strings holding none.
  const any = values.length === 0 ? undefined : new RegExp(values.map(escapeRegExp).join('|'));
  const text = (input: string): string => {
    if (input.length < shortest || any === undefined || !any.test(input)) return input;
    let out = input;
    for (const value of values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  };

  const url = (input: string | URL): string => {
    let parsed: URL;
    try {
      parsed = new URL(String(input));
    } catch {
      return text(String(input));
    }
    if (parsed.username) parsed.username = REDACTED;
    if (parsed.password) parsed.password = REDACTED;
    for (const name of new Set(parsed.searchParams.keys())) {
      if (paramNames.has(lower(name))) {
        const count = parsed.searchParams.getAll(name).length;
        parsed.searchParams.delete(name);
        for (let i = 0; i < count; i++) parsed.searchParams.append(name, REDACTED);
      }
    }
    return text(parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED));
  };

  const headers = (input: Headers | Iterable<[string, string]>): [string, string][] =>
    [...input].map(([name, value]) => [name, headerNames.has(lower(name)) ? REDACTED : text(value)]);

  const value = <T>(input: T): T => {
    if (values.length === 0) return input;
    const visit = (node: unknown): unknown => {
      if (typeof node === 'string') return text(node);
      if (Array.isArray(node)) {
        const out = node.map(visit);
        return out.some((item, i) => item !== node[i]) ? out : node;
      }
      if (typeof node === 'object' && node !== null) {
        // A copy only once something changes (most items of a page hold no secret); own keys in
        // `for...in` order (Object.keys' order) without an array of them per object.
        const record = node as Record<string, unknown>;
        let out: Record<string, unknown> | undefined;
        for (const key in record) {
          if (!Object.hasOwn(record, key)) continue;
          const item = record[key];
          const k = text(key);
          const v = visit(item);
          if (!out && (k !== key || v !== item)) {
            out = {};
            for (const before in record) {
              if (before === key) break;
              if (Object.hasOwn(record, before)) out[before] = record[before];
            }
          }
          if (out) out[k] = v;
        }
        return out ?? node;
      }
      return node;
    };
    return visit(input) as T;
  };

  const json = (input: string): string => {
    if (values.length === 0) return input;
    if (!/^\s*[[{"]/.test(input)) return text(input);
    // String literals only: a secret in a number or between tokens is data, not an echoed key.
    return input.replace(/"(?:[^"\\]|\\.)*"/g, (literal) => text(literal));
  };

  return {
    text,
    value,
    json,
    url,
    headers,
    isSecretHeader: (name) => headerNames.has(lower(name)),
    isSecretParam: (name) => paramNames.has(lower(name)),
  };
}

/** `value` as a regular expression matching it literally. */
function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function lower(value: string): string {
  return value.toLowerCase();
}
