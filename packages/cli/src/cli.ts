/**
 * The `ldn-twin` command. `main` takes the arguments and the process's streams and returns the exit
 * code, so it is tested in-process as well as through the built binary.
 *
 * Exit codes: 0 answered, 1 bad input (or a missing key), 2 no source could answer, 3 answered in part.
 */
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openDataCommunitiesV1 } from '@ldn-twin/connectors/epc';
import {
  type Audience,
  CLASSIFICATIONS,
  type Classification,
  type ClientOptions,
  connect,
  createClient,
  filterForAudience,
  isConfigError,
  isLdnTwinError,
  type RecordStream,
  type TwinRecord,
} from '@ldn-twin/core';
import { recordHar, replayHar, stringifyHar } from '@ldn-twin/core/har';
import {
  culturalInfrastructureNear,
  developmentPipeline,
  digOnce,
  energyOutlook,
  PlaceError,
  type QuestionOptions,
  type QuestionReport,
  RESTRICTION_SOURCES,
  type RestrictionSource,
  restrictionsAt,
  retrofitCandidates,
  type Site,
} from '@ldn-twin/questions';
import type { Polygon } from 'geojson';
import { importEpc } from './import-epc.js';
import { FORMATS, type Format, recordLines, reportLines } from './output.js';
import { type CliConnector, CONNECTORS, findConnector } from './registry.js';
import { streetWorksFrom } from './street-manager-files.js';

/** The process the command runs in (injected, so tests need no child process). */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

const EXIT = { answered: 0, badInput: 1, noAnswer: 2, partial: 3 } as const;

const USAGE = `Usage: ldn-twin <command> [options]

Commands:
  connectors                          list every connector: twin, licence, auth and key variable
  fetch <connector> <operation>       run any operation; params as --param key=value (repeat for lists)
  ask restrictions                    what restrictions apply at a place? (--sources constraints,borough,flood,applications;
                                      --datasets any planning.data datasets, e.g. flood-risk-zone,ancient-woodland)
  ask pipeline                        where is growth coming? applications by stage, brownfield land
  ask dig-once                        where can works share one dig? (--from DATE --to DATE [--street-manager FILE|DIR])
  ask retrofit                        which buildings to retrofit first? (EPC; --borough or --postcode,
                                      --type domestic|non-domestic, --top N)
  import epc FILE                     stream a bulk EPC certificates CSV (either register's format; --type)
  ask culture                         cultural venues around a place and the pressure on them (--radius M, --types a,b)
  ask energy                          when is London's electricity cleanest? (--horizon current|24h|48h)
  audit verify --store S [--head H]   check the store's access log; exit 2 if edited, cut or reordered
  audit report --store S --from D --to D [--out DIR]
                                      the public oversight report (Markdown, JSON, SVG chart in DIR)

Place (ask): --point lon,lat | --grid-ref "TQ 30 78" | --borough NAME|GSS | --geojson FILE
Window:      --from DATE --to DATE (dig-once: the window; pipeline: decided in that range)
Output:      --format table|json|geojson|ndjson|csv (default table), --out FILE
Audience:    --audience open|official|official-sensitive|secret (default open: the public)
             --organisation NAME; records the audience may not see are withheld
Traffic:     --offline (bundled recorded responses), --har-replay FILE, --har-record FILE,
             --base-url connector=URL (a proxy; plain http only to localhost or 127.0.0.1)
Keys come from environment variables (see 'ldn-twin connectors'), never from the command line.
Exit codes: 0 answered, 1 bad input, 2 no source could answer, 3 answered in part.
`;

class UsageError extends Error {}

/**
 * Runs the command.
 *
 * @example
 * ```ts
 * import { main } from '@ldn-twin/cli';
 * const code = await main(['ask', 'restrictions', '--grid-ref', 'TQ 30 78', '--offline'], process);
 * process.exitCode = code;
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof PlaceError || isConfigError(error)) {
      io.stderr.write(`ldn-twin: ${(error as Error).message}\n`);
      if (error instanceof UsageError) io.stderr.write(`\n${USAGE}`);
      return EXIT.badInput;
    }
    io.stderr.write(
      `ldn-twin: ${isLdnTwinError(error) ? `${error.code}: ` : ''}${(error as Error).message}\n`,
    );
    return EXIT.noAnswer;
  }
}

/** `--point -0.12,51.5` reads as an option to parseArgs: join a negative number to its flag. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else out.push(arg);
  }
  return out;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        format: { type: 'string', default: 'table' },
        out: { type: 'string' },
        offline: { type: 'boolean' },
        'har-replay': { type: 'string' },
        'har-record': { type: 'string' },
        'base-url': { type: 'string', multiple: true },
        param: { type: 'string', multiple: true },
        point: { type: 'string' },
        'grid-ref': { type: 'string' },
        borough: { type: 'string' },
        geojson: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        horizon: { type: 'string' },
        sources: { type: 'string' },
        audience: { type: 'string', default: 'open' },
        organisation: { type: 'string' },
        postcode: { type: 'string' },
        radius: { type: 'string' },
        type: { type: 'string' },
        top: { type: 'string' },
        'street-manager': { type: 'string' },
        types: { type: 'string' },
        datasets: { type: 'string' },
        store: { type: 'string' },
        head: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.stdout.write(USAGE);
    return command || values.help ? EXIT.answered : EXIT.badInput;
  }
  const format = values.format as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`unknown format "${values.format}"; use ${FORMATS.join(', ')}`);

  if (command === 'connectors') {
    const rows = CONNECTORS.map(({ connector, env }) => ({
      id: connector.id,
      twins: connector.twins.join(', '),
      licence: connector.licence.id,
      auth: connector.auth.type,
      env: Object.values(env).join(', ') || '-',
    }));
    if (format === 'json') io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else
      for (const r of rows)
        io.stdout.write(
          `${r.id.padEnd(26)} ${r.licence.padEnd(12)} ${r.auth.padEnd(7)} ${r.env.padEnd(30)} ${r.twins}\n`,
        );
    return EXIT.answered;
  }

  // Loaded on demand: only audit opens a store (PGlite, postgres).
  if (command === 'audit') return (await import('./audit.js')).audit(rest, values, io);

  const traffic = await trafficOptions(values, io);
  const client = createClient({ ...traffic.options, ...progress(io) });
  const write = output(values.out, io);
  try {
    if (command === 'fetch') return await fetchCommand(rest, values, client, format, write, io);
    if (command === 'import') {
      const [what, path] = rest;
      if (what !== 'epc' || !path) throw new UsageError('import: use ldn-twin import epc FILE');
      const { failed } = await importEpc({ path, type: certificateType(values), client, format, write, io });
      return failed > 0 ? EXIT.partial : EXIT.answered;
    }
    if (command === 'ask') {
      const [question] = rest;
      const ask = question ? QUESTIONS[question] : undefined;
      if (!ask)
        throw new UsageError(
          `unknown question "${question ?? ''}"; try: ${Object.keys(QUESTIONS).join(', ')}`,
        );
      const offline = values.offline === true;
      const config = questionConfig(values, io, offline ? [] : (NEEDS[question!] ?? []));
      const report = await ask(
        values,
        {
          client,
          audience: audienceFrom(values),
          // Offline, a key is never demanded: the archive's recorded requests carry none.
          config: offline ? { ...config, ...OFFLINE_CONFIG } : config,
          ...(offline ? { offline: true } : {}),
        },
        io,
      );
      await write(reportLines(report, format));
      // Answered in part needs a remote source to have answered: the borough lookup alone is none.
      return report.outcome === 'complete'
        ? EXIT.answered
        : report.outcome === 'partial'
          ? EXIT.partial
          : EXIT.noAnswer;
    }
    throw new UsageError(`unknown command "${command}"`);
  } finally {
    await traffic.save();
  }
}

type Values = Record<string, string | boolean | string[] | undefined>;

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

/** Connectors whose credentials a question cannot do without. */
const NEEDS: Readonly<Record<string, readonly string[]>> = { retrofit: ['epc'] };

/** `--type`: domestic (default) or non-domestic certificates. */
function certificateType(values: Values): 'domestic' | 'non-domestic' {
  const type = values.type ?? 'domestic';
  if (type !== 'domestic' && type !== 'non-domestic')
    throw new UsageError(`--type ${String(type)}: use domestic or non-domestic`);
  return type;
}

/** The questions `ask` knows, each from its flags. */
const QUESTIONS: Record<
  string,
  (values: Values, common: QuestionOptions, io: CliIo) => Promise<QuestionReport>
> = {
  restrictions: async (values, common) => {
    const sources =
      typeof values.sources === 'string' ? values.sources.split(',').map((s) => s.trim()) : undefined;
    const unknown = sources?.filter((s) => !(RESTRICTION_SOURCES as readonly string[]).includes(s)) ?? [];
    if (unknown.length > 0)
      throw new UsageError(`--sources: unknown ${unknown.join(', ')}; use ${RESTRICTION_SOURCES.join(',')}`);
    // Offline, the datasets the archive's capture asked: a negative for any other would be invented.
    const datasets =
      typeof values.datasets === 'string'
        ? values.datasets.split(',').map((d) => d.trim())
        : values.offline
          ? (await offlineManifest()).datasets
          : undefined;
    return restrictionsAt(await siteFrom(values), {
      ...common,
      ...(sources ? { sources: sources as RestrictionSource[] } : {}),
      ...(datasets ? { datasets } : {}),
    });
  },
  pipeline: async (values, common) => {
    const decided = {
      ...(typeof values.from === 'string' ? { from: values.from } : {}),
      ...(typeof values.to === 'string' ? { to: values.to } : {}),
    };
    return developmentPipeline(await siteFrom(values), {
      ...common,
      ...(values.from || values.to ? { decided } : {}),
    });
  },
  'dig-once': async (values, common, io) => {
    const window =
      typeof values.from === 'string' && typeof values.to === 'string'
        ? { from: values.from, to: values.to }
        : // Offline, the window defaults to the one the archive was recorded for.
          values.offline && values.from === undefined && values.to === undefined
          ? (await offlineManifest()).window
          : undefined;
    if (!window) throw new UsageError('dig-once needs the window: --from DATE --to DATE');
    const held = values['street-manager'];
    return digOnce(await siteFrom(values), {
      ...common,
      window,
      ...(typeof held === 'string' ? { streetWorks: await streetWorksFrom(held, common.client, io) } : {}),
    });
  },
  retrofit: async (values, common) => {
    const top = values.top === undefined ? undefined : Number(values.top);
    if (top !== undefined && !(Number.isInteger(top) && top > 0))
      throw new UsageError(`--top ${String(values.top)}: expected a whole number above 0`);
    return retrofitCandidates(await siteFrom(values), {
      ...common,
      type: certificateType(values),
      ...(top ? { top } : {}),
      ...(typeof values.postcode === 'string' ? { postcode: values.postcode } : {}),
    });
  },
  culture: async (values, common) =>
    culturalInfrastructureNear(await siteFrom(values), {
      ...common,
      ...(typeof values.radius === 'string' ? { radiusMetres: Number(values.radius) } : {}),
      ...(typeof values.types === 'string' ? { types: values.types.split(',').map((t) => t.trim()) } : {}),
    }),
  energy: async (values, common) => {
    // Offline, the horizon the archive holds: London now (no forecast was recorded).
    const horizon = values.horizon ?? (values.offline ? 'current' : '48h');
    if (horizon !== 'current' && horizon !== '24h' && horizon !== '48h') {
      throw new UsageError(`--horizon ${String(horizon)}: use current, 24h or 48h`);
    }
    return energyOutlook({ ...common, horizon });
  },
};

async function fetchCommand(
  rest: string[],
  values: Values,
  client: ReturnType<typeof createClient>,
  format: Format,
  write: (lines: AsyncIterable<string>) => Promise<void>,
  io: CliIo,
): Promise<number> {
  const [id, operation] = rest;
  const entry = id ? findConnector(id) : undefined;
  if (!entry) throw new UsageError(`unknown connector "${id ?? ''}"; see 'ldn-twin connectors'`);
  if (!operation || !(operation in entry.connector.operations)) {
    throw new UsageError(
      `${entry.connector.id} has no operation "${operation ?? ''}"; it has ${Object.keys(entry.connector.operations).join(', ')}`,
    );
  }
  const config = connectorConfig(entry, values, io, true);
  const bound = connect(entry.connector, { client, config }) as unknown as Record<
    string,
    (params: unknown) => RecordStream<TwinRecord>
  >;
  const stream = bound[operation]!(paramsFrom(values.param as string[] | undefined));
  await write(recordLines(filterForAudience(stream, audienceFrom(values)), format));
  if (stream.report.failed > 0) {
    io.stderr.write(
      `ldn-twin: ${stream.report.failed} of ${stream.report.received} items could not be mapped\n`,
    );
    return EXIT.partial;
  }
  return EXIT.answered;
}

/**
 * A connector's configuration from the environment (credentials) and `--base-url`. With `strict`, a
 * missing required variable is bad input naming the variable and where to get a key.
 */
function connectorConfig(
  entry: CliConnector,
  values: Values,
  io: CliIo,
  strict: boolean,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [field, variable] of Object.entries(entry.env)) {
    const value = io.env[variable];
    if (value) config[field] = parseEnv(value);
    else if (strict && entry.required.includes(field)) {
      const auth = entry.connector.auth;
      const why =
        auth.type !== 'none' && /key|token|password|email/i.test(field)
          ? `: ${auth.description}${auth.signupUrl ? ` (${auth.signupUrl})` : ''}`
          : '';
      throw new UsageError(`${entry.connector.id} needs the environment variable ${variable}${why}`);
    }
  }
  const baseUrl = baseUrls(values)[entry.connector.id];
  if (baseUrl) config.baseUrl = baseUrl;
  return config;
}

/** Every connector's configuration for a question; `needs` are checked strictly. */
function questionConfig(values: Values, io: CliIo, needs: readonly string[] = []): Record<string, unknown> {
  return Object.fromEntries(
    CONNECTORS.map((entry) => [
      entry.connector.id,
      connectorConfig(entry, values, io, needs.includes(entry.connector.id)),
    ]),
  );
}

/**
 * Who the output is for: `--audience` is a clearance (default `open`, the public) and
 * `--organisation` the viewer's organisation; records their labels do not allow are withheld.
 */
function audienceFrom(values: Values): Audience {
  const clearance = values.audience;
  if (typeof clearance !== 'string' || !(CLASSIFICATIONS as readonly string[]).includes(clearance)) {
    throw new UsageError(`--audience ${String(clearance)}: use ${CLASSIFICATIONS.join(', ')}`);
  }
  return {
    clearance: clearance as Classification,
    ...(typeof values.organisation === 'string' ? { organisation: values.organisation } : {}),
  };
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

/** `--param key=value` pairs: JSON values where they parse (numbers, arrays), repeated keys as lists. */
function paramsFrom(pairs: readonly string[] = []): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--param ${pair}: expected key=value`);
    const key = pair.slice(0, at);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {}
    if (key in params) params[key] = [...[params[key]].flat(), value];
    else params[key] = value;
  }
  return params;
}

function baseUrls(values: Values): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (values['base-url'] as string[] | undefined) ?? []) {
    const at = pair.indexOf('=');
    if (at < 1) throw new UsageError(`--base-url ${pair}: expected connector=URL`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

async function siteFrom(values: Values): Promise<Site> {
  if (typeof values.point === 'string') {
    const [lon, lat] = values.point.split(',').map(Number);
    if (lon === undefined || lat === undefined || Number.isNaN(lon) || Number.isNaN(lat)) {
      throw new UsageError(`--point ${values.point}: expected lon,lat such as -0.1199,51.4922`);
    }
    return { point: [lon, lat] };
  }
  if (typeof values['grid-ref'] === 'string') return { gridRef: values['grid-ref'] };
  if (typeof values.borough === 'string') return { borough: values.borough };
  if (typeof values.geojson === 'string') {
    const json = JSON.parse(await readFile(values.geojson, 'utf8')) as { type: string; geometry?: Polygon };
    const geometry = json.type === 'Feature' ? json.geometry : (json as Polygon);
    if (geometry?.type !== 'Polygon' && geometry?.type !== 'MultiPolygon') {
      throw new UsageError(
        `--geojson ${values.geojson}: expected a Polygon or MultiPolygon (or a Feature of one)`,
      );
    }
    return { polygon: geometry };
  }
  throw new UsageError('say where: --point, --grid-ref, --borough or --geojson');
}

/** Where traffic goes: the network, a replayed archive, and optionally a recording. */
async function trafficOptions(
  values: Values,
  io: CliIo,
): Promise<{ options: ClientOptions; save: () => Promise<void> }> {
  const replayFile = values['har-replay'];
  const replay = values.offline
    ? new URL('../data/offline.har', import.meta.url)
    : typeof replayFile === 'string'
      ? replayFile
      : undefined;
  let fetcher: typeof fetch | undefined;
  if (replay) fetcher = replayHar(await readFile(replay, 'utf8'));
  const allowHttpHosts = Object.values(baseUrls(values))
    .map((url) => new URL(url))
    .filter((url) => url.protocol === 'http:')
    .map((url) => url.hostname);
  const recordTo = values['har-record'];
  if (typeof recordTo !== 'string') {
    return { options: { ...(fetcher ? { fetch: fetcher } : {}), allowHttpHosts }, save: async () => {} };
  }
  const recorder = recordHar(fetcher ? { fetch: fetcher } : {});
  return {
    options: { fetch: recorder.fetch, allowHttpHosts },
    save: async () => {
      await writeFile(recordTo, stringifyHar(recorder.archive()));
      io.stderr.write(
        `ldn-twin: recorded ${recorder.archive().log.entries.length} exchanges to ${recordTo}\n`,
      );
    },
  };
}

/** Progress on stderr when it is a terminal; nothing in pipes. */
function progress(io: CliIo): Pick<ClientOptions, 'onProgress'> {
  if (!io.stderr.isTTY) return {};
  return {
    onProgress: (event) => {
      if (event.type === 'records')
        io.stderr.write(`\r${event.operation}: ${event.received} received, ${event.mapped} mapped `);
    },
  };
}

function output(path: string | boolean | string[] | undefined, io: CliIo) {
  return async (lines: AsyncIterable<string>) => {
    if (typeof path !== 'string') {
      for await (const line of lines) io.stdout.write(line);
      return;
    }
    const file = createWriteStream(path);
    for await (const line of lines) {
      if (!file.write(line)) await new Promise<void>((resolve) => file.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) =>
      file.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  };
}
