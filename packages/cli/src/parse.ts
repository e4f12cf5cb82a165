/**
 * The command line read against the command table (`commands.ts`): which command, its arguments and
 * its flags, with every mistake a {@link UsageError} of one line naming the input.
 */
import { parseArgs } from 'node:util';
import {
  COMMANDS,
  COMMON_FLAGS,
  type CommandSpec,
  commandHelp,
  FLAGS,
  type FlagName,
  type FlagSpec,
  groupHelp,
  usage,
} from './commands.js';
import { didYouMean } from './suggest.js';

/** Bad input on the command line: one line, exit 1. */
export class UsageError extends Error {}

/** The flags given, by name. */
export type Values = {
  readonly [K in FlagName]?: (typeof FLAGS)[K] extends { multiple: true }
    ? string[]
    : (typeof FLAGS)[K]['type'] extends 'boolean'
      ? boolean
      : string;
};

/** What the command line asks for. */
export type Parsed =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'run';
      readonly command: CommandSpec;
      readonly args: readonly string[];
      readonly values: Values;
    };

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

const GROUPS = [...new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]!))];
const TOP_WORDS = [...new Set(COMMANDS.map((c) => c.name.split(' ')[0]!))];

/**
 * Reads the command line.
 *
 * @example
 * ```ts
 * const parsed = parseCommandLine(['ask', 'energy', '--horizon', 'current']);
 * if (parsed.kind === 'run') console.log(parsed.command.name); // 'ask energy'
 * ```
 */
export function parseCommandLine(argv: readonly string[]): Parsed {
  const options = Object.fromEntries(
    Object.entries(FLAGS as Record<string, FlagSpec>).map(([name, flag]) => [
      name,
      {
        type: flag.type,
        ...(flag.multiple ? { multiple: true } : {}),
        ...(flag.short ? { short: flag.short } : {}),
      },
    ]),
  );
  const { tokens } = parseArgs({
    args: joinNegativeValues(argv),
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const words = tokens.flatMap((t) => (t.kind === 'positional' ? [t.value] : []));
  const asked = (name: string) => tokens.some((t) => t.kind === 'option' && t.name === name);
  const help = asked('help') || asked('h');

  const command =
    COMMANDS.find((c) => c.name === words.slice(0, 2).join(' ')) ?? COMMANDS.find((c) => c.name === words[0]);
  if (!command) {
    const [first, second] = words;
    if (first === undefined) {
      if (help) return { kind: 'help', text: usage() };
      if (asked('version')) return { kind: 'version' };
      throw new UsageError(`say what to do: ${TOP_WORDS.join(', ')} (see ldn-twin --help)`);
    }
    if (GROUPS.includes(first)) {
      if (help && second === undefined) return { kind: 'help', text: groupHelp(first) };
      const members = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) =>
        c.name.slice(first.length + 1),
      );
      if (second === undefined) throw new UsageError(`${first} what? ${members.join(', ')}`);
      throw new UsageError(
        `unknown ${first === 'ask' ? 'question' : 'command'} "${second}"${didYouMean(second, members)} (${first}: ${members.join(', ')})`,
      );
    }
    throw new UsageError(
      `unknown command "${first}"${didYouMean(first, TOP_WORDS)} (commands: ${TOP_WORDS.join(', ')})`,
    );
  }
  if (help) return { kind: 'help', text: commandHelp(command) };

  const allowed = new Set<string>([...command.flags, ...COMMON_FLAGS]);
  const values: Record<string, string | boolean | string[]> = {};
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const name = token.name;
    if (!allowed.has(name)) {
      const known = name in FLAGS;
      throw new UsageError(
        `${token.rawName}: ${known ? `not an option of ${command.name}` : 'unknown option'}${didYouMean(name, [...allowed], '--')}`,
      );
    }
    const flag: FlagSpec = FLAGS[name as FlagName];
    if (flag.type === 'boolean') {
      if (token.value !== undefined)
        throw new UsageError(`${token.rawName} takes no value (got "${token.value}")`);
      values[name] = true;
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      throw new UsageError(`${token.rawName} needs a value: ${token.rawName} ${flag.value ?? 'VALUE'}`);
    }
    if (token.value.trim() === '')
      throw new UsageError(`${token.rawName} is empty: give ${flag.value ?? 'a value'}`);
    if (flag.multiple) values[name] = [...((values[name] as string[] | undefined) ?? []), token.value];
    else if (name in values)
      throw new UsageError(`${token.rawName} given twice ("${values[name]}" and "${token.value}")`);
    else values[name] = token.value;
  }
  const args = words.slice(command.name.split(' ').length);
  const expected = command.args ?? [];
  if (args.length > expected.length) {
    throw new UsageError(
      `${command.name}: unexpected argument "${args[expected.length]}"${expected.length ? ` (it takes ${expected.map((a) => `<${a}>`).join(' ')})` : ''}`,
    );
  }
  return { kind: 'run', command, args, values: values as Values };
}
