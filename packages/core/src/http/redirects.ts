/**
 * Redirects, followed by hand (`redirect: 'manual'`) so that no credential goes where it was not
 * meant to: a redirect is followed only to the request's own host, or to a host the request (or
 * the client, or the connector) names in `redirectHosts`; on any change of host the credentials
 * are stripped; private, loopback and link-local addresses (cloud metadata services) are refused
 * unless they are loopback hosts named in `allowHttpHosts`; https never drops to plain http.
 * Anything else is a {@link RedirectError}.
 */
import { type RedactedRequest, RedirectError } from '../errors.js';
import type { Redactor } from './redact.js';

/** The most redirects one request follows. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Headers that are never sent to another host after a redirect, whatever the request's auth. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

/** What the redirect rules need to know about one request. */
export interface RedirectScope {
  /** Extra hosts (exact names, or `*.example.org` for subdomains) a redirect may go to. */
  readonly hosts: readonly string[];
  /** Loopback hosts that plain http may reach (from `allowHttpHosts`). */
  readonly allowHttp: ReadonlySet<string>;
  /** Names the request's credentials (header and query names, secret values). */
  readonly redactor: Redactor;
  /** The header and query names the request's own auth uses (lower case). */
  readonly authNames: readonly string[];
  /** The secret values of the request (a query parameter holding one is removed on a host change). */
  readonly secrets: readonly string[];
  readonly request: RedactedRequest;
}

/** True when `host` matches one of `patterns` (exact, or `*.suffix` for any subdomain). */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  const name = host.toLowerCase();
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? name.endsWith(p.slice(1)) && name.length > p.length - 1 : name === p;
  });
}

/**
 * True for hosts that are not on the public internet: loopback, private (RFC 1918, unique-local),
 * link-local (169.254.0.0/16, fe80::/10: where cloud metadata services answer), carrier-grade NAT,
 * the unspecified address, and `metadata.google.internal`.
 */
export function isInternalHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost') || bare === 'metadata.google.internal') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(bare);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (bare.includes(':')) {
    return (
      bare === '::' ||
      bare === '::1' ||
      /^f[cd]/.test(bare) ||
      /^fe[89ab]/.test(bare) ||
      // IPv4-mapped (::ffff:a.b.c.d, written in hex by the URL parser): judged as the IPv4 address.
      /^::ffff:/.test(bare)
    );
  }
  return false;
}

/**
 * Sends `first` and follows its redirects under the rules above, returning the final response.
 * `send` makes one hop (the caller's fetch, with its signal and timers).
 */
export async function followRedirects(
  first: Request,
  send: (request: Request) => Promise<Response>,
  scope: RedirectScope,
): Promise<Response> {
  const origin = new URL(first.url);
  // A body can be sent once: keep its bytes for a 307/308, which repeats it (request bodies here
  // are small JSON or form bodies).
  const replay = first.body ? await first.clone().arrayBuffer() : undefined;
  let current = first;
  for (let hop = 0; ; hop++) {
    const response = await send(current);
    if (response.type === 'opaqueredirect') {
      throw new RedirectError(scope.request, 0, '(hidden by the browser)', 'redirects are not followed here');
    }
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    void response.body?.cancel().catch(() => {});
    const from = new URL(current.url);
    let target: URL;
    try {
      target = new URL(location, from);
    } catch {
      throw new RedirectError(
        scope.request,
        response.status,
        '(not a URL)',
        'the Location header is not a URL',
      );
    }
    const shown = scope.redactor.url(stripUserinfo(target));
    const refuse = (reason: string) => new RedirectError(scope.request, response.status, shown, reason);
    if (hop >= MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} redirects`);
    if (target.username || target.password) throw refuse('the target carries a user name or password');
    const host = target.hostname.toLowerCase();
    const loopbackAllowed = scope.allowHttp.has(host);
    if (isInternalHost(host) && !loopbackAllowed) {
      throw refuse('a private, loopback or link-local address (such as a cloud metadata service)');
    }
    if (target.protocol !== 'https:' && !(target.protocol === 'http:' && loopbackAllowed)) {
      throw refuse('only https is followed');
    }
    const sameHost = target.host === origin.host && target.protocol === origin.protocol;
    if (!sameHost && !hostMatches(host, scope.hosts)) {
      throw refuse(
        `${host} is not a host of this service (name it in redirectHosts to follow it, without credentials)`,
      );
    }
    // 303, and 301/302 after a POST, turn into a GET without a body (as browsers do).
    const toGet =
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && current.method === 'POST');
    const headers = new Headers(current.headers);
    if (!sameHost) {
      for (const name of [...headers.keys()]) {
        if (
          CREDENTIAL_HEADERS.includes(name) ||
          scope.authNames.includes(name) ||
          scope.redactor.isSecretHeader(name)
        )
          headers.delete(name);
      }
      for (const [name, value] of [...target.searchParams]) {
        if (
          scope.authNames.includes(name.toLowerCase()) ||
          scope.redactor.isSecretParam(name) ||
          scope.secrets.includes(value)
        )
          target.searchParams.delete(name);
      }
    }
    if (toGet) {
      headers.delete('content-type');
      headers.delete('content-length');
    }
    const body = toGet ? undefined : replay;
    current = new Request(target, {
      method: toGet ? 'GET' : current.method,
      headers,
      redirect: 'manual',
      signal: current.signal,
      ...(body ? { body } : {}),
    });
  }
}

function stripUserinfo(url: URL): URL {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  return copy;
}
