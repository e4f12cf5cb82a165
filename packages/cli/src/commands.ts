/**
 * The command table: every command and flag of `ldn-twin`, declared once. The parser, the usage,
 * each command's `--help`, "did you mean" and the checks of flags are all generated from it, so a
 * new command or question is one entry here and one action in `actions.ts`.
 *
 * This module imports nothing heavy (no connector, no geo): `ldn-twin --help` loads only it.
 */
import type * as Actions from './actions.js';

/** One flag: its type, the placeholder of its value, and what it does. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** May be given more than once (each value kept). */
  readonly multiple?: boolean;
  readonly short?: string;
  /** The placeholder shown in help, such as `lon,lat`. */
  readonly value?: string;
  readonly description: string;
}

/** Every flag any command takes. */
export const FLAGS = {
  help: { type: 'boolean', short: 'h', description: 'show help (for a command: ldn-twin <command> --help)' },
  version: { type: 'boolean', description: 'print the version' },
  format: {
    type: 'string',
    value: 'table|json|geojson|ndjson|csv',
    description: 'output format (default table; the machine formats stream)',
  },
  out: { type: 'string', value: 'FILE', description: 'write the answer to FILE instead of stdout' },
  verbose: {
    type: 'boolean',
    description: 'more detail on failures (for a replayed archive: the closest recorded requests)',
  },
  offline: { type: 'boolean', description: 'answer from the bundled archive of real recorded responses' },
  'har-replay': { type: 'string', value: 'FILE', description: 'answer from a HAR archive' },
  'har-record': {
    type: 'string',
    value: 'FILE',
    description: 'record the run to a HAR archive (credentials redacted)',
  },
  'base-url': {
    type: 'string',
    multiple: true,
    value: 'connector=URL',
    description: 'route a connector through a proxy (plain http only to localhost or 127.0.0.1)',
  },
  param: {
    type: 'string',
    multiple: true,
    value: 'key=value',
    description: 'an operation parameter; JSON values parse (numbers, arrays); repeat a key for a list',
  },
  point: { type: 'string', value: 'lon,lat', description: 'a point in WGS 84, longitude first' },
  'grid-ref': { type: 'string', value: 'REF', description: 'an OS grid reference such as "TQ 30 78"' },
  borough: { type: 'string', value: 'NAME|GSS', description: 'a London borough by name or GSS code' },
  geojson: {
    type: 'string',
    value: 'FILE',
    description: 'an area: a Polygon or MultiPolygon, a Feature of one, or a FeatureCollection of them',
  },
  from: { type: 'string', value: 'DATE', description: 'start of the window, YYYY-MM-DD' },
  to: { type: 'string', value: 'DATE', description: 'end of the window, YYYY-MM-DD' },
  horizon: {
    type: 'string',
    value: 'current|24h|48h',
    description: 'how far ahead (default 48h; with --offline, current: the archive holds no forecast)',
  },
  sources: {
    type: 'string',
    value: 'a,b',
    description: 'the sources to ask: constraints, local-plan, borough, flood, applications',
  },
  datasets: {
    type: 'string',
    value: 'a,b',
    description:
      'the planning.data datasets to check, e.g. flood-risk-zone,ancient-woodland (with --offline: those its capture asked)',
  },
  audience: {
    type: 'string',
    value: 'CLEARANCE',
    description: 'who will see the output: open (default, the public), official, official-sensitive, secret',
  },
  organisation: {
    type: 'string',
    value: 'NAME',
    description: "the viewer's organisation; records the audience may not see are withheld",
  },
  purpose: {
    type: 'string',
    value: 'PURPOSE',
    description: 'what the output is for; records whose terms do not permit it are withheld',
  },
  policies: {
    type: 'string',
    value: 'FILE',
    description: "ODRL policies (a JSON array) the records' labels may name, beside London's open licences",
  },
  postcode: { type: 'string', value: 'POSTCODE', description: 'narrow to one postcode' },
  radius: { type: 'string', value: 'METRES', description: 'how far around the place, in metres' },
  types: {
    type: 'string',
    value: 'a,b',
    description: 'venue types to ask for, e.g. music-venues,cinemas (default every type)',
  },
  type: {
    type: 'string',
    value: 'domestic|non-domestic',
    description: 'which certificates (default domestic)',
  },
  top: { type: 'string', value: 'N', description: 'how many buildings to name' },
  'street-manager': {
    type: 'string',
    value: 'FILE|DIR',
    description:
      'Street Manager event messages you hold: a JSON array, or a folder of .json, .ndjson or .jsonl files',
  },
  year: { type: 'string', value: 'YYYY', description: 'the year of the DFES projection to compare against' },
  scenario: { type: 'string', value: 'NAME', description: 'one DFES scenario as UK Power Networks names it' },
  'as-of': {
    type: 'string',
    value: 'DATE',
    description: 'judge (or read the store) as at this date, YYYY-MM-DD',
  },
  'stalled-days': {
    type: 'string',
    value: 'N',
    description: 'a scheme is stalled after N days in its stage (default 730)',
  },
  store: {
    type: 'string',
    value: 'DIR|postgres://…',
    description: 'the store: a folder (embedded PostGIS) or a PostgreSQL + PostGIS URL',
  },
  kind: {
    type: 'string',
    multiple: true,
    value: 'KIND',
    description: 'records of this kind, e.g. PlanningApplication',
  },
  connector: { type: 'string', multiple: true, value: 'ID', description: 'records from this connector' },
  near: {
    type: 'string',
    value: 'lon,lat',
    description: 'records within --radius metres (default 250) of this point',
  },
  limit: { type: 'string', value: 'N', description: 'at most N records' },
  interval: {
    type: 'string',
    value: 'SECONDS',
    description: 'wait between polls (default 60; doubled after a failure, up to 16x)',
  },
  polls: { type: 'string', value: 'N', description: 'stop after N polls (default: until interrupted)' },
  head: {
    type: 'string',
    value: 'HASH',
    description: 'an access-log head hash published earlier, to verify against',
  },
} as const satisfies Record<string, FlagSpec>;

/** The name of a flag. */
export type FlagName = keyof typeof FLAGS;

/** One command: its words, its arguments, its flags and the action that runs it. */
export interface CommandSpec {
  /** The words that name it, such as `ask restrictions`. */
  readonly name: string;
  readonly summary: string;
  /** Positional arguments after the name, in order, such as `connector` and `operation`. */
  readonly args?: readonly string[];
  readonly flags: readonly FlagName[];
  /** The function of `actions.ts` that runs it (loaded only when it runs). */
  readonly action: keyof typeof Actions;
  readonly examples?: readonly string[];
  /** How the command's help explains its place flags, where the place is not simply required. */
  readonly placeNote?: string;
}

const OUTPUT: readonly FlagName[] = ['format', 'out', 'verbose'];
const TRAFFIC: readonly FlagName[] = ['offline', 'har-replay', 'har-record', 'base-url'];
const AUDIENCE: readonly FlagName[] = ['audience', 'organisation', 'purpose', 'policies'];
/** The flags that say where; a command takes exactly one of them. */
export const PLACE_FLAGS: readonly FlagName[] = ['point', 'grid-ref', 'borough', 'geojson'];
const QUESTION: readonly FlagName[] = [...PLACE_FLAGS, ...OUTPUT, ...TRAFFIC, ...AUDIENCE];
const STORE_FILTERS: readonly FlagName[] = [
  'store',
  'kind',
  'connector',
  'borough',
  'near',
  'radius',
  'from',
  'to',
  'as-of',
  'limit',
  'format',
  'out',
  ...AUDIENCE,
];

/** Every command, in the order help lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'connectors',
    summary: 'list every connector: licence, auth, key variable and twins',
    flags: ['format'],
    action: 'listConnectors',
  },
  {
    name: 'fetch',
    summary: 'run any operation of a connector',
    args: ['connector', 'operation'],
    flags: ['param', ...OUTPUT, ...TRAFFIC, ...AUDIENCE],
    action: 'fetchOperation',
    examples: [
      'ldn-twin fetch planning-data dataset --param dataset=conservation-area --offline --format ndjson',
    ],
  },
  {
    name: 'ask restrictions',
    summary: 'what restrictions apply at a place?',
    flags: [...QUESTION, 'sources', 'datasets', 'store'],
    action: 'askRestrictions',
    examples: [
      'ldn-twin ask restrictions --point -0.1198903,51.4922191 --sources constraints,borough --offline',
    ],
  },
  {
    name: 'ask pipeline',
    summary: 'where is growth coming? applications by stage, brownfield land',
    flags: [...QUESTION, 'from', 'to', 'store'],
    action: 'askPipeline',
  },
  {
    name: 'ask dig-once',
    summary: 'where can works share one dig? (needs --from and --to, except offline)',
    flags: [...QUESTION, 'from', 'to', 'street-manager'],
    action: 'askDigOnce',
    examples: [
      'ldn-twin ask dig-once --borough Camden --from 2025-06-20 --to 2025-07-10 --street-manager permits/',
    ],
  },
  {
    name: 'ask retrofit',
    summary: 'which buildings to retrofit first? (EPC)',
    flags: [...QUESTION, 'postcode', 'type', 'top', 'store'],
    action: 'askRetrofit',
    examples: [
      'ldn-twin ask retrofit --borough "Hammersmith and Fulham" --type domestic --top 10',
      'ldn-twin ask retrofit --borough "Hammersmith and Fulham" --store ./london-store',
    ],
  },
  {
    name: 'ask culture',
    summary: 'cultural venues around a place and the pressure on them',
    flags: [...QUESTION, 'radius', 'types', 'store'],
    action: 'askCulture',
  },
  {
    name: 'ask energy',
    summary: "when is London's electricity cleanest?",
    flags: [...QUESTION, 'horizon'],
    placeNote:
      "A place is optional and checked to be in London; the outlook is London's either way (one Carbon Intensity region).\n",
    action: 'askEnergy',
    examples: ['ldn-twin ask energy --horizon current --offline'],
  },
  {
    name: 'ask capacity',
    summary: 'where does growth outrun electricity network capacity? (UK Power Networks headroom)',
    flags: [...QUESTION, 'year', 'scenario', 'store'],
    action: 'askCapacity',
    examples: [
      'ldn-twin ask capacity --borough Lambeth --year 2030 --scenario "Leading the Way"',
      'ldn-twin ask capacity --borough Lambeth --year 2030 --store ./london-store',
    ],
  },
  {
    name: 'ask progress',
    summary: 'how are permitted developments progressing, from permission to completion?',
    flags: [...QUESTION, 'as-of', 'stalled-days', 'store'],
    action: 'askProgress',
    examples: [
      'ldn-twin ask progress --borough "Waltham Forest" --stalled-days 365',
      'ldn-twin ask progress --borough "Waltham Forest" --store ./london-store',
    ],
  },
  {
    name: 'import epc',
    summary: "stream a bulk EPC certificates CSV (either register's format) as records",
    args: ['file'],
    flags: ['type', 'format', 'out'],
    action: 'importEpcFile',
    examples: ['ldn-twin import epc certificates.csv --type domestic --format ndjson --out epc.ndjson'],
  },
  {
    name: 'sync',
    summary: 'run an operation into a store (an operation taking since resumes from its checkpoint)',
    args: ['connector', 'operation'],
    flags: ['store', 'param', ...TRAFFIC],
    action: 'syncOperation',
    examples: [
      'ldn-twin sync planning-data searchEntities --param datasets=conservation-area --param point=[-0.12,51.49] --store ./london-store',
    ],
  },
  {
    name: 'watch',
    summary: 'poll an operation into a store and stream its changes (added, changed, removed) as NDJSON',
    args: ['connector', 'operation'],
    flags: ['store', 'param', 'interval', 'polls', 'out', ...TRAFFIC],
    action: 'watchOperation',
    examples: [
      'ldn-twin watch tfl roadDisruptions --store ./london-store --interval 300 >> disruptions.ndjson',
    ],
  },
  {
    name: 'store query',
    summary: 'records from a store by kind, connector, borough, time and place',
    flags: STORE_FILTERS,
    action: 'queryStore',
    examples: [
      'ldn-twin store query --store ./london-store --kind PlanningConstraint --near -0.1199,51.4922 --radius 250',
    ],
  },
  {
    name: 'store export',
    summary: 'export records from a store: geoparquet, geojson, ndjson or csv',
    flags: STORE_FILTERS,
    action: 'exportStore',
    examples: ['ldn-twin store export --store ./london-store --format geoparquet --out london.parquet'],
  },
  {
    name: 'store policies',
    summary: 'keep ODRL policies in a store (--policies FILE) and list the ones it holds',
    flags: ['store', 'policies'],
    action: 'storePolicies',
    examples: ['ldn-twin store policies --store ./london-store --policies terms.json'],
  },
  {
    name: 'audit verify',
    summary: "check a store's access log; exit 2 naming the first entry edited, deleted or moved",
    flags: ['store', 'head'],
    action: 'auditVerify',
    examples: ['ldn-twin audit verify --store ./london-store --head 3f5a…'],
  },
  {
    name: 'audit report',
    summary: 'the public oversight report of a store: accesses by dataset, organisation and purpose',
    flags: ['store', 'head', 'from', 'to', 'out', 'format'],
    action: 'auditReport',
    examples: [
      'ldn-twin audit report --store ./london-store --from 2026-11-01 --to 2026-11-30 --out report/',
    ],
  },
];

/** Flags every command takes. */
export const COMMON_FLAGS: readonly FlagName[] = ['help'];

function flagLine(name: FlagName): string {
  const flag: FlagSpec = FLAGS[name];
  const left = `  --${name}${flag.value ? ` ${flag.value}` : ''}`;
  return `${left.padEnd(36)} ${flag.description}${flag.multiple ? ' (repeatable)' : ''}\n`;
}

/** The usage of the whole command. */
export function usage(): string {
  const rows = COMMANDS.map(
    (c) =>
      `  ${`${c.name}${c.args ? ` ${c.args.map((a) => `<${a}>`).join(' ')}` : ''}`.padEnd(34)} ${c.summary}\n`,
  ).join('');
  return `Usage: ldn-twin <command> [options]

Commands:
${rows}
Run 'ldn-twin <command> --help' for a command's options.
Keys come from environment variables (see 'ldn-twin connectors'), never from the command line.
Exit codes: 0 answered, 1 bad input, 2 no source could answer, 3 answered in part.
Options: --help, --version
`;
}

/** The help of one command, from its entry. */
export function commandHelp(command: CommandSpec): string {
  const args = command.args ? ` ${command.args.map((a) => `<${a}>`).join(' ')}` : '';
  const place =
    command.placeNote ??
    (command.flags.includes('point')
      ? 'Give exactly one place: --point, --grid-ref, --borough or --geojson.\n'
      : '');
  const examples = command.examples?.length
    ? `\nExamples:\n${command.examples.map((e) => `  ${e}\n`).join('')}`
    : '';
  return `Usage: ldn-twin ${command.name}${args} [options]

${command.summary}

Options:
${[...command.flags, ...COMMON_FLAGS].map(flagLine).join('')}${place}${examples}`;
}

/** The help for a group of commands, such as `ask`: its subcommands. */
export function groupHelp(group: string): string {
  const members = COMMANDS.filter((c) => c.name.startsWith(`${group} `));
  return `Usage: ldn-twin ${group} <${group === 'ask' ? 'question' : 'command'}> [options]

${members.map((c) => `  ${c.name.padEnd(22)} ${c.summary}\n`).join('')}
Run 'ldn-twin ${group} <${group === 'ask' ? 'question' : 'command'}> --help' for its options.
`;
}
