/**
 * What each command does, named by the command table (`commands.ts`). This module (and the
 * connectors, questions and geo behind it) loads only once a command runs, never for `--help`.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { openDataCommunitiesV1 } from '@ldn-twin/connectors/epc';
import {
  type Audience,
  CLASSIFICATIONS,
  type ClientOptions,
  canSee,
  connect,
  createClient,
  credentialRedaction,
  type HttpClient,
  LONDON_POLICIES,
  type PolicyRegistry,
  type PolicyTerms,
  policyRegistry,
  type RecordStream,
  type TwinRecord,
} from '@ldn-twin/core';
import { recordHar, replayHar, stringifyHar } from '@ldn-twin/core/har';
import { createRedactor } from '@ldn-twin/core/http';
import {
  capacityForGrowth,
  culturalInfrastructureNear,
  developmentPipeline,
  digOnce,
  energyOutlook,
  projectProgress,
  type QuestionOptions,
  type QuestionReport,
  RESTRICTION_SOURCES,
  type RecordStore,
  restrictionsAt,
  retrofitCandidates,
} from '@ldn-twin/questions';
import type { CliIo } from './cli.js';
import { type CommandSpec, PLACE_FLAGS } from './commands.js';
import { importEpc } from './import-epc.js';
import { choiceFrom, countFrom, listFrom, namesFrom, placeFrom, radiusFrom, windowFrom } from './inputs.js';
import { FORMATS, type Format, recordLines, reportLines } from './output.js';
import { UsageError, type Values } from './parse.js';
import { createProgress, type Progress } from './progress.js';
import { type CliConnector, CONNECTORS, findConnector } from './registry.js';
import { fileError, fileSink, type Sink, stdoutSink } from './sink.js';
import { streetWorksFrom } from './street-manager-files.js';
import { didYouMean } from './suggest.js';
import { safeText } from './text.js';

/** What an action is given: the parsed command line and the process. */
export interface ActionInput {
  readonly command: CommandSpec;
  readonly args: readonly string[];
  readonly values: Values;
  readonly io: CliIo;
}

const EXIT = { answered: 0, noAnswer: 2, partial: 3 } as const;

function formatFrom(values: Values): Format {
  return choiceFrom('format', values.format ?? 'table', FORMATS);
}

/** `ldn-twin connectors`: an aligned table with a header, or JSON. */
export async function listConnectors({ values, io }: ActionInput): Promise<number> {
  const format = choiceFrom('format', values.format ?? 'table', ['table', 'json'] as const);
  const rows = CONNECTORS.map(({ connector, env }) => ({
    id: connector.id,
    twins: connector.twins.join(', '),
    licence: connector.licence.id,
    auth: connector.auth.type,
    env: Object.values(env).join(', ') || '-',
  }));
  const sink = stdoutSink(io.stdout, () => {});
  if (format === 'json') {
    await sink.write(lines([`${JSON.stringify(rows, null, 2)}\n`]));
    return EXIT.answered;
  }
  const header = { id: 'CONNECTOR', licence: 'LICENCE', auth: 'AUTH', env: 'KEY VARIABLES', twins: 'TWINS' };
  const columns = ['id', 'licence', 'auth', 'env'] as const;
  const width = Object.fromEntries(
    columns.map((c) => [c, Math.max(...[header, ...rows].map((r) => r[c].length))]),
  ) as Record<(typeof columns)[number], number>;
  const line = (r: typeof header) => `${columns.map((c) => r[c].padEnd(width[c])).join('  ')}  ${r.twins}\n`;
  await sink.write(lines([header, ...rows].map(line)));
  return EXIT.answered;
}

async function* lines(all: readonly string[]): AsyncGenerator<string> {
  yield* all;
}

/** Who the output is for: `--audience` (default open, the public) and `--organisation`. */
function audienceFrom(values: Values): Audience {
  const clearance = choiceFrom('audience', values.audience ?? 'open', CLASSIFICATIONS);
  return {
    clearance,
    ...(values.organisation ? { organisation: values.organisation } : {}),
    ...(values.purpose ? { purpose: values.purpose } : {}),
  };
}

/** `--policies FILE`: the app's ODRL policies, beside London's open licences (default: those only). */
async function policiesFrom(values: Values): Promise<PolicyRegistry | undefined> {
  const policies = await policyFile(values);
  if (policies === undefined) return undefined;
  try {
    return policyRegistry([...LONDON_POLICIES, ...policies]);
  } catch (error) {
    throw new UsageError(`--policies ${values.policies}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The JSON array of `--policies FILE`, as read (validated where it is used). */
async function policyFile(values: Values): Promise<unknown[] | undefined> {
  const path = values.policies;
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fileError('--policies', path, error);
  }
  let policies: unknown;
  try {
    policies = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--policies ${path}: not JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (!Array.isArray(policies))
    throw new UsageError(`--policies ${path}: expected a JSON array of ODRL policies`);
  return policies;
}

/** `--base-url connector=URL` pairs, each naming a known connector and a URL. */
function baseUrls(values: Values): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of values['base-url'] ?? []) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--base-url ${pair}: expected connector=URL`);
    const id = pair.slice(0, at);
    if (!findConnector(id)) {
      const ids = CONNECTORS.map((c) => c.connector.id);
      throw new UsageError(`--base-url ${pair}: unknown connector "${id}"${didYouMean(id, ids)}`);
    }
    const url = pair.slice(at + 1);
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new UsageError(`--base-url ${pair}: "${url}" is not an http(s) URL`);
    }
    out[id] = url;
  }
  return out;
}

/** Everything a run shares: the client (with traffic options and progress), the sink and the audience. */
interface Session {
  readonly client: HttpClient;
  readonly sink: Sink;
  readonly progress: Progress;
  readonly audience: Audience;
  readonly format: Format;
  readonly verbose: boolean;
  /** The audience as the party of each record's terms; what they withhold is counted. */
  readonly terms: PolicyTerms;
  /** Writes the HAR recording, if one was asked for, and closes the output. */
  finish(): Promise<void>;
}

async function readArchive(flag: string, path: string | URL): Promise<typeof fetch> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${flag} ${String(path)}: cannot read it (${(error as NodeJS.ErrnoException).code})`,
    );
  }
  try {
    return replayHar(text);
  } catch (error) {
    throw new UsageError(
      `${flag} ${String(path)}: not a HAR archive (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

/** Opens everything a run needs; any bad path or option is bad input before a request is sent. */
async function openSession(values: Values, io: CliIo): Promise<Session> {
  const format = formatFrom(values);
  const audience = audienceFrom(values);
  const urls = baseUrls(values);
  if (values.offline && values['har-replay'])
    throw new UsageError('give --offline or --har-replay, not both');
  const replay = values.offline
    ? await readArchive('--offline', new URL('../data/offline.har', import.meta.url))
    : values['har-replay']
      ? await readArchive('--har-replay', values['har-replay'])
      : undefined;
  const recordTo = values['har-record'];
  if (recordTo) {
    try {
      await (await open(recordTo, 'w')).close();
    } catch (error) {
      throw fileError('--har-record', recordTo, error);
    }
  }
  const sink = values.out ? await fileSink(values.out) : undefined;
  const progress = createProgress(io.stderr);
  const recorder = recordTo
    ? recordHar({ ...(replay ? { fetch: replay } : {}), redactor: harRedactor(values, io) })
    : undefined;
  const fetcher = recorder?.fetch ?? replay;
  const options: ClientOptions = {
    ...(fetcher ? { fetch: fetcher } : {}),
    allowHttpHosts: Object.values(urls)
      .map((url) => new URL(url))
      .filter((url) => url.protocol === 'http:')
      .map((url) => url.hostname),
    onProgress: progress.onEvent,
  };
  const out = sink ?? stdoutSink(io.stdout, progress.clear);
  const denied = new Map<string, number>();
  const registry = await policiesFrom(values);
  const terms: PolicyTerms = {
    party: audience,
    ...(registry ? { registry } : {}),
    onReport: (_record, decision) => {
      if (decision.permitted) return;
      const reason = decision.reasons[0] ?? 'their terms do not permit it';
      denied.set(reason, (denied.get(reason) ?? 0) + 1);
    },
  };
  return {
    client: createClient(options),
    sink: out,
    progress,
    audience,
    format,
    terms,
    verbose: values.verbose === true,
    async finish() {
      progress.clear();
      await out.close();
      if (denied.size > 0) {
        const n = [...denied.values()].reduce((a, b) => a + b, 0);
        io.stderr.write(
          `ldn-twin: withheld ${n} record${n === 1 ? '' : 's'} whose terms do not permit this output: ${[...denied].map(([why, count]) => `${count} ${safeText(why)}`).join('; ')}\n`,
        );
      }
      if (recorder && recordTo) {
        const archive = recorder.archive();
        try {
          await writeFile(recordTo, stringifyHar(archive));
        } catch (error) {
          throw fileError('--har-record', recordTo, error);
        }
        io.stderr.write(`ldn-twin: recorded ${archive.log.entries.length} exchanges to ${recordTo}\n`);
      }
    },
  };
}

/**
 * What a HAR recording hides: every connector's declared credential headers and parameters, and the
 * credential values the environment gives any of them (hidden wherever they appear, so a key under
 * a header its config names is hidden too).
 */
function harRedactor(values: Values, io: CliIo) {
  const all = CONNECTORS.map((entry) =>
    credentialRedaction(entry.connector, connectorConfig(entry, values, io, false)),
  );
  return createRedactor({
    secrets: all.flatMap((r) => r.secrets),
    headerNames: all.flatMap((r) => r.headerNames),
    paramNames: all.flatMap((r) => r.paramNames),
  });
}

/**
 * A connector's configuration from the environment (credentials) and `--base-url`. With `strict`, a
 * missing required variable is bad input naming the variable and where to get a key.
 */
function connectorConfig(entry: CliConnector, values: Values, io: CliIo, strict: boolean) {
  const config: Record<string, unknown> = {};
  for (const [field, variable] of Object.entries(entry.env)) {
    const value = io.env[variable];
    if (value) config[field] = parseEnv(value);
    else if (strict && entry.required.includes(field)) {
      const auth = entry.connector.auth;
      const why =
        auth.type !== 'none' && entry.credentials.includes(field)
          ? `: ${auth.description}${auth.signupUrl ? ` (${auth.signupUrl})` : ''}`
          : '';
      throw new UsageError(`${entry.connector.id} needs the environment variable ${variable}${why}`);
    }
  }
  const baseUrl = baseUrls(values)[entry.connector.id];
  if (baseUrl) config.baseUrl = baseUrl;
  return config;
}

/** Environment values: JSON where they parse as an object (an access label), else the text. */
function parseEnv(value: string): unknown {
  if (!value.trimStart().startsWith('{')) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Connectors whose credentials a question cannot do without. */
const NEEDS: Readonly<Record<string, readonly string[]>> = {
  'ask retrofit': ['epc'],
  'ask capacity': ['ukpn'],
};

/**
 * What the bundled archive was recorded with (see scripts/record-offline.ts): the window of its
 * street works, and the planning.data datasets its one real constraints capture asked.
 */
async function offlineManifest(): Promise<{ window: { from: string; to: string }; datasets: string[] }> {
  return JSON.parse(await readFile(new URL('../data/offline.json', import.meta.url), 'utf8'));
}

/**
 * Credentials stand-ins for the archive: the recorded requests hold redacted keys, which match any,
 * so no real key is needed (or sent anywhere: offline there is no network).
 */
// The archive's one EPC capture is the retired v1 API's (the replacement register has none yet).
const OFFLINE_CONFIG = {
  epc: { source: openDataCommunitiesV1, email: 'offline@example.invalid', apiKey: 'offline' },
};

/**
 * `--store` of a question that reads from one: opened (a folder that holds a store, or a
 * postgres:// URL), never created: a mistyped folder is bad input, not an empty store.
 */
async function askedStore(values: Values): Promise<(RecordStore & { close(): Promise<void> }) | undefined> {
  if (values.store === undefined) return undefined;
  const location = storeFrom(values);
  const url = /^postgres(ql)?:\/\//.test(location);
  if (!url && !existsSync(location))
    throw new UsageError(`--store ${location}: no store there (fill one with ldn-twin sync … --store)`);
  const { openStore } = await import('@ldn-twin/store');
  return openStore(url ? { url: location } : { path: location });
}

/** Runs a question: inputs checked first, then the session, then the report in the format asked. */
async function ask(
  { command, values, io }: ActionInput,
  question: (common: QuestionOptions & { readonly store?: RecordStore }) => Promise<QuestionReport>,
): Promise<number> {
  const offline = values.offline === true;
  // Offline, a key is never demanded: the archive's recorded requests carry none; nor is one read
  // from a store (the sync that filled it needed the key).
  const needs = offline || values.store !== undefined ? [] : (NEEDS[command.name] ?? []);
  const config = Object.fromEntries(
    CONNECTORS.map((entry) => [
      entry.connector.id,
      connectorConfig(entry, values, io, needs.includes(entry.connector.id)),
    ]),
  );
  const store = await askedStore(values);
  const session = await openSession(values, io);
  let report: QuestionReport;
  try {
    report = await question({
      client: session.client,
      // Given, the question reads from it instead of the network.
      ...(store ? { store } : {}),
      audience: session.audience,
      ...(session.terms.registry ? { policies: session.terms.registry } : {}),
      config: offline ? { ...config, ...OFFLINE_CONFIG } : config,
      ...(offline ? { offline: true } : {}),
    });
  } catch (error) {
    // Keep what was recorded: it is what a bug report needs.
    await session.finish().catch(() => {});
    throw error;
  } finally {
    await store?.close();
  }
  session.progress.clear();
  await session.sink.write(reportLines(report, session.format, { verbose: session.verbose }, session.terms));
  await session.finish();
  // The reader went away (`| head`): it took what it wanted.
  if (session.sink.closed) return EXIT.answered;
  // Answered in part needs a remote source to have answered: the borough lookup alone is none.
  return report.outcome === 'complete'
    ? EXIT.answered
    : report.outcome === 'partial'
      ? EXIT.partial
      : EXIT.noAnswer;
}

/** `ldn-twin ask restrictions`. */
export async function askRestrictions(input: ActionInput): Promise<number> {
  const site = await placeFrom(input.values);
  const sources = input.values.sources
    ? listFrom('sources', input.values.sources, RESTRICTION_SOURCES)
    : undefined;
  // Offline, the datasets the archive's capture asked: a negative for any other would be invented.
  const datasets = input.values.datasets
    ? namesFrom('datasets', input.values.datasets)
    : input.values.offline
      ? (await offlineManifest()).datasets
      : undefined;
  return ask(input, (common) =>
    restrictionsAt(site, { ...common, ...(sources ? { sources } : {}), ...(datasets ? { datasets } : {}) }),
  );
}

/** `ldn-twin ask pipeline`. */
export async function askPipeline(input: ActionInput): Promise<number> {
  const site = await placeFrom(input.values);
  const decided = windowFrom(input.values, false);
  return ask(input, (common) =>
    developmentPipeline(site, { ...common, ...(decided.from || decided.to ? { decided } : {}) }),
  );
}

/** `ldn-twin ask dig-once`. */
export async function askDigOnce(input: ActionInput): Promise<number> {
  const { values } = input;
  const site = await placeFrom(values);
  // Offline, the window defaults to the one the archive was recorded for.
  const window =
    values.offline && values.from === undefined && values.to === undefined
      ? (await offlineManifest()).window
      : windowFrom(values, true);
  const held = values['street-manager'];
  return ask(input, async (common) =>
    digOnce(site, {
      ...common,
      window: { from: window.from!, to: window.to! },
      ...(held ? { streetWorks: await streetWorksFrom(held, common.client, input.io) } : {}),
    }),
  );
}

/** `ldn-twin ask retrofit`. */
export async function askRetrofit(input: ActionInput): Promise<number> {
  const site = await placeFrom(input.values);
  const postcode = input.values.postcode?.trim().toUpperCase();
  if (postcode !== undefined && !/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/.test(postcode)) {
    throw new UsageError(`--postcode ${input.values.postcode}: not a UK postcode such as SE1 7PB`);
  }
  const type = certificateType(input.values);
  const top = input.values.top === undefined ? undefined : countFrom('top', input.values.top);
  return ask(input, (common) =>
    retrofitCandidates(site, {
      ...common,
      type,
      ...(top === undefined ? {} : { top }),
      ...(postcode ? { postcode } : {}),
    }),
  );
}

/** `--type`: domestic (default) or non-domestic certificates. */
function certificateType(values: Values): 'domestic' | 'non-domestic' {
  return choiceFrom('type', values.type ?? 'domestic', ['domestic', 'non-domestic'] as const);
}

/** `ldn-twin ask culture`. */
export async function askCulture(input: ActionInput): Promise<number> {
  const site = await placeFrom(input.values);
  const radius = input.values.radius === undefined ? undefined : radiusFrom(input.values.radius);
  // Venue types are the connector's configuration (its `venueTypes`), so any name is passed on.
  const types = input.values.types ? namesFrom('types', input.values.types) : undefined;
  return ask(input, (common) =>
    culturalInfrastructureNear(site, {
      ...common,
      ...(radius === undefined ? {} : { radiusMetres: radius }),
      ...(types ? { types } : {}),
    }),
  );
}

/** `ldn-twin ask energy`. */
export async function askEnergy(input: ActionInput): Promise<number> {
  // Offline, the horizon the archive holds: London now (no forecast was recorded).
  const horizon = choiceFrom('horizon', input.values.horizon ?? (input.values.offline ? 'current' : '48h'), [
    'current',
    '24h',
    '48h',
  ] as const);
  // A place is checked (one in London, well formed) though the outlook is London's either way.
  if (PLACE_FLAGS.some((flag) => input.values[flag] !== undefined)) await placeFrom(input.values);
  return ask(input, (common) => energyOutlook({ ...common, horizon }));
}

/** `ldn-twin ask capacity`. */
export async function askCapacity(input: ActionInput): Promise<number> {
  const site = await placeFrom(input.values);
  const year = yearFrom(input.values.year);
  const scenario = input.values.scenario?.trim();
  return ask(input, (common) =>
    capacityForGrowth(site, { ...common, year, ...(scenario ? { scenario } : {}) }),
  );
}

/** `--year`: a DFES projection year (default the next one). */
function yearFrom(value: string | undefined): number {
  if (value === undefined) return new Date().getUTCFullYear() + 1;
  const year = Number(value);
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new UsageError(`--year ${value}: give a year such as 2030`);
  return year;
}

/** `ldn-twin ask progress`. */
export async function askProgress(input: ActionInput): Promise<number> {
  const { values } = input;
  const site = await placeFrom(values);
  const asOf = values['as-of'] === undefined ? undefined : dateFrom('as-of', values['as-of']);
  const stalled =
    values['stalled-days'] === undefined ? undefined : countFrom('stalled-days', values['stalled-days']);
  return ask(input, (common) =>
    projectProgress(site, {
      ...common,
      ...(asOf ? { asOf } : {}),
      ...(stalled === undefined ? {} : { stalledAfterDays: stalled }),
    }),
  );
}

/** A flag's YYYY-MM-DD date, checked to be a real day. */
function dateFrom(flag: string, value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value)
    throw new UsageError(`--${flag} ${value}: give a date as YYYY-MM-DD`);
  return value;
}

/** `ldn-twin sync <connector> <operation> --store …`: one summary line on stderr. */
export async function syncOperation(input: ActionInput): Promise<number> {
  const { values, io } = input;
  const store = storeFrom(values);
  const { entry, operation, params, config } = operationFrom(input);
  const session = await openSession({ ...values, format: 'ndjson' }, io);
  const { runSync } = await import('@ldn-twin/store');
  const connector = connect(entry.connector, { client: session.client, config });
  try {
    const report = await runSync(
      { store, connector, operation, params: params as never },
      io.stderr as never,
    );
    return report.complete && report.run.failed === 0 && report.put.rejected === 0
      ? EXIT.answered
      : EXIT.partial;
  } finally {
    await session.finish();
  }
}

/** `ldn-twin watch <connector> <operation> --store …`: changes as NDJSON until interrupted. */
export async function watchOperation(input: ActionInput): Promise<number> {
  const { values, io } = input;
  const store = storeFrom(values);
  const { entry, operation, params, config } = operationFrom(input);
  const session = await openSession({ ...values, format: 'ndjson' }, io);
  const { runWatch } = await import('@ldn-twin/store');
  const connector = connect(entry.connector, { client: session.client, config });
  const stop = new AbortController();
  const interrupt = () => stop.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const out = await outStream(values.out, io);
  try {
    const summary = await runWatch(
      {
        store,
        connector,
        operation,
        params: params as never,
        signal: stop.signal,
        ...(values.interval === undefined ? {} : { interval: values.interval }),
        ...(values.polls === undefined ? {} : { polls: values.polls }),
      },
      out,
      io.stderr as never,
    );
    io.stderr.write(
      `watch: ${summary.polls} poll${summary.polls === 1 ? '' : 's'} (${summary.failed} failed): ${summary.added} added, ${summary.changed} changed, ${summary.removed} removed\n`,
    );
    return summary.failed > 0 ? EXIT.partial : EXIT.answered;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
    await closeStream(out, io);
    await session.finish();
  }
}

/** `ldn-twin store query`: matching records, NDJSON by default. */
export function queryStore(input: ActionInput): Promise<number> {
  return fromStore(input, 'query');
}

/** `ldn-twin store export --format geoparquet|geojson|ndjson|csv`. */
export function exportStore(input: ActionInput): Promise<number> {
  return fromStore(input, 'export');
}

async function fromStore({ values, io }: ActionInput, how: 'query' | 'export'): Promise<number> {
  const store = storeFrom(values);
  const format = values.format ?? (how === 'query' ? 'ndjson' : undefined);
  if (format === undefined)
    throw new UsageError('store export: which format? --format geoparquet, geojson, ndjson or csv');
  if (format === 'geoparquet' && values.out === undefined)
    throw new UsageError('--format geoparquet: give --out FILE (Parquet is binary)');
  const { runStoreExport } = await import('@ldn-twin/store');
  const policies = await policiesFrom(values);
  const out = await outStream(values.out, io);
  try {
    const report = await runStoreExport(
      {
        store,
        format,
        audience: audienceFrom(values),
        ...(values.purpose ? { purpose: values.purpose } : {}),
        ...(policies ? { policies } : {}),
        ...(values.kind ? { kind: values.kind } : {}),
        ...(values.connector ? { connector: values.connector } : {}),
        ...(values.borough ? { borough: values.borough } : {}),
        ...(values.near ? { near: values.near } : {}),
        ...(values.radius ? { radius: values.radius } : {}),
        ...(values.from ? { from: dateFrom('from', values.from) } : {}),
        ...(values.to ? { to: dateFrom('to', values.to) } : {}),
        ...(values['as-of'] ? { asOf: dateFrom('as-of', values['as-of']) } : {}),
        ...(values.limit ? { limit: values.limit } : {}),
      },
      out,
    );
    if (values.out) io.stderr.write(`ldn-twin: ${report.records} records written to ${values.out}\n`);
    return EXIT.answered;
  } finally {
    await closeStream(out, io);
  }
}

/** `ldn-twin store policies --store … [--policies FILE]`: stores the file's policies, lists the store's. */
export async function storePolicies({ values, io }: ActionInput): Promise<number> {
  const store = storeFrom(values);
  const policies = await policyFile(values);
  // Checked before the store is opened: a bad file stores nothing and says why in one line.
  if (policies !== undefined) await policiesFrom(values);
  const { runStorePolicies } = await import('@ldn-twin/store');
  const report = await runStorePolicies(
    { store, ...(policies ? { policies } : {}) },
    await outStream(undefined, io),
  );
  io.stderr.write(`ldn-twin: ${report.stored} policies stored; the store holds ${report.held}\n`);
  return EXIT.answered;
}

/** `ldn-twin audit verify --store … [--head HASH]`. */
export async function auditVerify({ values, io }: ActionInput): Promise<number> {
  const { audit } = await import('./audit.js');
  return audit(['verify'], values, io);
}

/** `ldn-twin audit report --store … --from DATE --to DATE [--out DIR]`. */
export async function auditReport({ values, io }: ActionInput): Promise<number> {
  const { audit } = await import('./audit.js');
  return audit(['report'], values, io);
}

/** `--store`: required by the store commands. */
function storeFrom(values: Values): string {
  const store = values.store?.trim();
  if (!store) throw new UsageError('--store: give a folder or a postgres:// URL');
  return store;
}

/** Where a store command writes: `--out FILE` (checked before anything runs) or stdout. */
async function outStream(path: string | undefined, io: CliIo): Promise<Writable> {
  if (path === undefined) return io.stdout as unknown as Writable;
  try {
    await (await open(path, 'w')).close();
  } catch (error) {
    throw fileError('--out', path, error);
  }
  return createWriteStream(path);
}

async function closeStream(out: Writable, io: CliIo): Promise<void> {
  if (out === (io.stdout as unknown)) return;
  await new Promise<void>((resolve) => out.end(resolve));
}

/** `ldn-twin import epc FILE`: a bulk certificates CSV streamed as records. */
export async function importEpcFile({ args, values, io }: ActionInput): Promise<number> {
  const [path] = args;
  if (!path) throw new UsageError('import epc: which file? ldn-twin import epc FILE');
  const type = certificateType(values);
  const format = formatFrom(values);
  // No traffic and no progress of the client's: the import draws its own bar (bytes of the file read).
  const sink = values.out ? await fileSink(values.out) : stdoutSink(io.stdout, () => {});
  const { failed } = await importEpc({
    path,
    type,
    client: createClient(),
    format,
    write: (lines) => sink.write(lines),
    io,
  });
  await sink.close();
  return failed > 0 && !sink.closed ? EXIT.partial : EXIT.answered;
}

/** The keys of an operation's params whose schema is a list, so `--param key=one` is a list of one. */
function listKeys(schema: unknown): Set<string> {
  type Def = { def?: { type?: string; innerType?: unknown; in?: unknown } };
  const shape = (schema as { shape?: Record<string, unknown> }).shape ?? {};
  const keys = new Set<string>();
  for (const [key, field] of Object.entries(shape)) {
    let def = (field as Def).def;
    while (def && (def.innerType !== undefined || def.type === 'pipe'))
      def = ((def.innerType ?? def.in) as Def).def;
    if (def?.type === 'array') keys.add(key);
  }
  return keys;
}

/** `--param key=value` pairs: JSON values where they parse (numbers, arrays), repeated keys as lists. */
function paramsFrom(pairs: readonly string[], lists: ReadonlySet<string>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--param ${pair}: expected key=value`);
    const key = pair.slice(0, at);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    if (/^[[{"\d-]|^(true|false|null)$/.test(raw)) {
      try {
        value = JSON.parse(raw);
      } catch {}
    }
    if (key in params) params[key] = [...[params[key]].flat(), value];
    else params[key] = lists.has(key) && !Array.isArray(value) ? [value] : value;
  }
  return params;
}

/** Why records were withheld from an audience, counted by reason. */
function withheldReasons(records: readonly TwinRecord[]): string {
  const reasons = new Map<string, number>();
  for (const record of records) {
    const access = record.properties.access;
    const parts = [`classified ${access.classification}`];
    if (access.permittedOrganisations)
      parts.push(`for ${access.permittedOrganisations.join(', ') || 'nobody'} only`);
    if (access.permittedGroups) parts.push(`for groups ${access.permittedGroups.join(', ')} only`);
    const reason = parts.join(', ');
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return [...reasons].map(([reason, n]) => `${n} ${reason}`).join('; ');
}

/** `<connector> <operation> --param …` of fetch, sync and watch: checked before any request. */
function operationFrom({ command, args, values, io }: ActionInput) {
  const [id, operation] = args;
  const ids = CONNECTORS.map((c) => c.connector.id);
  if (!id) throw new UsageError(`${command.name} which connector? (see 'ldn-twin connectors')`);
  const entry = findConnector(id);
  if (!entry)
    throw new UsageError(`unknown connector "${id}"${didYouMean(id, ids)} (see 'ldn-twin connectors')`);
  const operations = Object.keys(entry.connector.operations);
  if (!operation || !operations.includes(operation)) {
    throw new UsageError(
      `${entry.connector.id} has no operation "${operation ?? ''}"${operation ? didYouMean(operation, operations) : ''}; it has ${operations.join(', ')}`,
    );
  }
  const params = paramsFrom(values.param ?? [], listKeys(entry.connector.operations[operation]!.params));
  const config = connectorConfig(entry, values, io, true);
  return { entry, operation, params, config };
}

/** `ldn-twin fetch <connector> <operation>`. */
export async function fetchOperation(input: ActionInput): Promise<number> {
  const { values, io } = input;
  const { entry, operation, params, config } = operationFrom(input);
  const session = await openSession(values, io);
  const bound = connect(entry.connector, { client: session.client, config }) as unknown as Record<
    string,
    (params: unknown) => RecordStream<TwinRecord>
  >;
  const stream = bound[operation]!(params);
  const withheld: TwinRecord[] = [];
  let written = 0;
  async function* visible(): AsyncGenerator<TwinRecord> {
    for await (const record of stream) {
      if (canSee(record.properties.access, session.audience)) {
        written += 1;
        yield record;
      } else withheld.push(record);
    }
  }
  let failure: unknown;
  try {
    await session.sink.write(recordLines(visible(), session.format, session.terms));
  } catch (error) {
    // Bad input (a bad --out, a parameter the operation refuses) stays bad input.
    if (error instanceof UsageError || stream.report.pages === 0) {
      await session.finish().catch(() => {});
      throw error;
    }
    failure = error;
  }
  await session.finish();
  const { report } = stream;
  if (withheld.length > 0) {
    const who = `${session.audience.clearance} clearance${session.audience.organisation ? `, ${session.audience.organisation}` : ', no organisation'}`;
    io.stderr.write(
      `ldn-twin: withheld ${withheld.length} of ${withheld.length + written} records the audience (${who}) may not see: ${withheldReasons(withheld)}; see --audience and --organisation\n`,
    );
  }
  if (session.sink.closed) return EXIT.answered;
  if (failure !== undefined) {
    const { isLdnTwinError } = await import('@ldn-twin/core');
    const reason = `${isLdnTwinError(failure) ? `${failure.code}: ` : ''}${(failure as Error).message.split('\n')[0]}`;
    io.stderr.write(
      `ldn-twin: answered in part: ${report.pages} page${report.pages === 1 ? '' : 's'} (${report.records} records) arrived, then page ${report.pages + 1} failed (${reason}); page ${report.pages + 1} and any after it are lost\n`,
    );
    return EXIT.partial;
  }
  if (report.failed > 0) {
    io.stderr.write(`ldn-twin: ${report.failed} of ${report.received} items could not be mapped\n`);
    return EXIT.partial;
  }
  return EXIT.answered;
}
