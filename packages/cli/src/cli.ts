/**
 * The `ldn-twin` command. `main` takes the arguments and the process's streams and returns the exit
 * code, so it is tested in-process as well as through the built binary.
 *
 * Exit codes: 0 answered, 1 bad input (or a missing key), 2 no source could answer, 3 answered in part.
 *
 * Only the command table and the parser load before a command runs: `--help` and `--version` never
 * load a connector.
 */
import { readFileSync } from 'node:fs';
import { parseCommandLine, UsageError } from './parse.js';
import { safeText } from './text.js';

/** The process the command runs in (injected, so tests need no child process). */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

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
    const parsed = parseCommandLine(argv);
    if (parsed.kind === 'help') {
      io.stdout.write(parsed.text);
      return 0;
    }
    if (parsed.kind === 'version') {
      io.stdout.write(`ldn-twin ${version()}\n`);
      return 0;
    }
    const actions = await import('./actions.js');
    return await actions[parsed.command.action]({ ...parsed, io });
  } catch (error) {
    return await reportError(error, io);
  }
}

/** One line on stderr: bad input (and missing keys) exit 1, anything else 2. */
async function reportError(error: unknown, io: CliIo): Promise<number> {
  const message = safeText((error as Error)?.message?.split('\n')[0] ?? String(error));
  if (error instanceof UsageError) {
    io.stderr.write(`ldn-twin: ${message}\n`);
    return 1;
  }
  const { isConfigError, isLdnTwinError } = await import('@ldn-twin/core');
  if (isConfigError(error)) {
    io.stderr.write(`ldn-twin: ${message}\n`);
    return 1;
  }
  io.stderr.write(`ldn-twin: ${isLdnTwinError(error) ? `${error.code}: ` : ''}${message}\n`);
  return 2;
}
