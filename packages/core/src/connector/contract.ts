/**
 * The connector contract. A connector is a declarative object: metadata that docs, the CLI catalogue
 * and dashboards read without running anything, and operations, each with a zod params schema and a
 * `run` that yields twin records as an async iterable. Check a connector with
 * `satisfies Connector` and test it with `validateConnector` from `@ldn-twin/core/testing`.
 */
import type { z } from 'zod';
import type { HttpClient } from '../http/client.js';
import type { RateLimit } from '../http/rate-limit.js';
import type { Kind, Licence, TwinRecord } from '../model/index.js';
import type { RecordMapper } from './mapping.js';

/** The London twins and open data families a connector can serve. */
export type LondonTwin =
  | 'planning-constraints'
  | 'growth-and-development'
  | 'infrastructure-coordination'
  | 'underground-assets'
  | '3d-model'
  | 'building-stock'
  | 'zero-carbon-and-retrofit'
  | 'cultural-infrastructure'
  | 'smart-energy'
  | 'mobility'
  | 'environment'
  | 'community-safety'
  | 'places-and-addresses'
  | 'simulation'
  | 'open-data-catalogue';

/**
 * One credential of a connector: where it sits in config, where it goes on the wire, and the
 * environment variable a command line reads it from. `connect` checks every declared credential
 * (no line breaks, control characters or characters outside Latin-1) and redacts exactly these
 * values from errors, logs, archives and records.
 *
 * @example
 * ```ts
 * const tflKey: CredentialSpec = {
 *   config: 'appKey',
 *   wire: { in: 'header', name: 'app_key' },
 *   env: 'LDN_TWIN_TFL_APP_KEY',
 * };
 * ```
 */
export interface CredentialSpec {
  /** Its path in the connector's config, dotted (`apiKey`, `auth.password`). */
  readonly config: string;
  /**
   * Where it goes: a header or query parameter (its name; `name` left out when the config names
   * it, as `apiKeyHeader` does), or one part of HTTP Basic auth.
   */
  readonly wire:
    | { readonly in: 'header' | 'query'; readonly name?: string }
    | { readonly in: 'basic'; readonly part: 'username' | 'password' };
  /** The environment variable the CLI reads it from, where it has one. */
  readonly env?: string;
  /**
   * The connector cannot work without it: a command line refuses to run, naming `env`, when it is
   * missing. Default false.
   */
  readonly required?: boolean;
}

/**
 * One setting of a connector that is not a secret (a base URL, an access label) but that a
 * command line reads from the environment: where it sits in config and its variable. A value
 * starting with `{` is read as JSON (an access label).
 *
 * @example
 * ```ts
 * const baseUrl: SettingSpec = { config: 'baseUrl', env: 'LDN_TWIN_OGC_BASE_URL', required: true };
 * ```
 */
export interface SettingSpec {
  /** Its field in the connector's config. */
  readonly config: string;
  /** The environment variable a command line reads it from. */
  readonly env: string;
  /** The connector cannot work without it (default false). */
  readonly required?: boolean;
}

/** How a service authenticates: documentation, and the credentials `connect` checks and redacts. */
export type AuthRequirement =
  | { readonly type: 'none' }
  | {
      readonly type: 'header' | 'query' | 'basic';
      /** The header or query parameter name (not for basic). */
      readonly name?: string;
      /** What the credential is and how to get one. */
      readonly description: string;
      readonly signupUrl?: string;
      /**
       * The credentials in config. Declared: exactly these are checked and redacted. Left out (a
       * third-party connector written before this field): config values under names like `key`,
       * `secret`, `password` or `token` are redacted, as before.
       */
      readonly credentials?: readonly CredentialSpec[];
    };

/** Everything the context of one operation run offers. */
export interface OperationContext<Config> {
  readonly client: HttpClient;
  readonly config: Config;
  readonly signal: AbortSignal | undefined;
  /** Validates and maps raw items one by one, reporting (never dropping) what fails. */
  readonly mapper: RecordMapper;
  /** When the run started: the `retrievedAt` of its records. */
  readonly retrievedAt: string;
  /**
   * Reports a page fetched (for progress bars and the run report); `total` is how many items the
   * whole listing holds, where the service says.
   */
  page(items: number, total?: number): void;
}

/** One operation of a connector. */
export interface Operation<
  P extends z.ZodType = z.ZodType,
  R extends TwinRecord = TwinRecord,
  Config = unknown,
> {
  readonly title: string;
  readonly description: string;
  /** The params schema: validated before the run, and the source of docs and CLI flags. */
  readonly params: P;
  /** The record kinds it yields. */
  readonly produces: readonly Kind[];
  run(params: z.output<P>, ctx: OperationContext<Config>): AsyncIterable<R>;
}

/**
 * Rate limits by host computed from a connector's config. A method type (as `run` is), so that every
 * connector, whatever its config, still fits {@link AnyConnector}.
 *
 * @example
 * ```ts
 * const limits: RateLimitsOf<{ appKey?: string }> = (config) => ({
 *   'api.tfl.gov.uk': { requestsPerSecond: (config.appKey ? 500 : 50) / 60 },
 * });
 * ```
 */
export type RateLimitsOf<Config> = {
  limits(config: Config): Readonly<Record<string, RateLimit>>;
}['limits'];

/** The declarative description of a connector. */
export interface Connector<
  Config extends z.ZodType = z.ZodType,
  Ops extends Record<string, Operation<z.ZodType, TwinRecord, z.output<Config>>> = Record<
    string,
    Operation<z.ZodType, TwinRecord, z.output<Config>>
  >,
> {
  /** Stable id, kebab-case; also the subpath export and the provenance `connector`. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly twins: readonly LondonTwin[];
  readonly publisher: { readonly name: string; readonly url?: string };
  readonly homepage: string;
  /** The licence and attribution of the data, unless a record carries a more specific one. */
  readonly licence: Licence;
  readonly auth: AuthRequirement;
  /**
   * Hosts besides a request's own that this service's redirects may lead to (a storage host for
   * downloads, say; `*.example.org` for subdomains). Credentials are stripped on the way; any other
   * redirect off the request's host is a `RedirectError`. Default: none.
   */
  readonly redirectHosts?: readonly string[];
  /**
   * The service's published limits by host, applied by the shared client when connecting; a function
   * of the config where they depend on it (a keyed allowance above the anonymous one, a proxy host).
   *
   * @example
   * ```ts
   * const rateLimits = (config: { appKey?: string }) => ({
   *   'api.tfl.gov.uk': { requestsPerSecond: (config.appKey ? 500 : 50) / 60 },
   * });
   * ```
   */
  readonly rateLimits?: Readonly<Record<string, RateLimit>> | RateLimitsOf<z.output<Config>>;
  /** Whether browsers can call it directly (CORS); if not, the connector takes a proxy base URL. */
  readonly browser: { readonly cors: boolean; readonly note?: string };
  /** Connector configuration (base URL, credentials, ...), validated when connecting. */
  readonly config: Config;
  /** Settings besides the credentials that a command line reads from the environment. */
  readonly settings?: readonly SettingSpec[];
  readonly operations: Ops;
}

/**
 * Any connector, for functions that accept them all (`run` is a method, so its context parameter is
 * checked bivariantly and every connector's config fits `unknown`).
 */
export type AnyConnector = Connector<z.ZodType, Record<string, Operation<z.ZodType, TwinRecord, unknown>>>;
