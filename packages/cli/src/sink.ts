/**
 * Where the answer goes: stdout or `--out FILE`. A reader that goes away (`| head`) ends the run
 * quietly; a file that cannot be written is one line naming it, never a stack trace.
 */
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { UsageError } from './parse.js';

/** The answer's destination. */
export interface Sink {
  /** Writes the lines in order, with backpressure; stops early when the reader has gone. */
  write(lines: AsyncIterable<string>): Promise<void>;
  /** True once stdout's reader went away (EPIPE): the run ends with exit 0 and no more output. */
  readonly closed: boolean;
  close(): Promise<void>;
}

const WHY: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is too large',
};

/** One line for a file that cannot be written: `--out site.geojson: cannot write it (its folder does not exist)`. */
export function fileError(flag: string, path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return new UsageError(`${flag} ${path}: cannot write it (${WHY[code] ?? code ?? 'unknown error'})`);
}

/**
 * Writes chunks in order with backpressure. A stream's error is caught by a listener that stays on
 * (a write error can surface after `write` returned) and thrown at the next chunk or at the end.
 */
function writer(stream: NodeJS.WritableStream) {
  let failure: NodeJS.ErrnoException | undefined;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    failure ??= error;
  });
  return {
    get failure() {
      return failure;
    },
    async put(chunk: string): Promise<void> {
      if (failure) throw failure;
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
  };
}

/** stdout, ending quietly when its reader goes away. */
export function stdoutSink(stdout: NodeJS.WritableStream, beforeWrite: () => void): Sink {
  const out = writer(stdout);
  const closed = () => out.failure?.code === 'EPIPE';
  return {
    get closed() {
      return closed();
    },
    async write(lines) {
      for await (const line of lines) {
        beforeWrite();
        try {
          await out.put(line);
        } catch (error) {
          if (closed()) return;
          throw error;
        }
      }
    },
    async close() {
      if (out.failure && !closed()) throw out.failure;
    },
  };
}

/**
 * A file for `--out`, opened before anything is asked, so a path that cannot be written is bad
 * input at once rather than after the answer came in.
 */
export async function fileSink(path: string): Promise<Sink> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'w');
  } catch (error) {
    throw fileError('--out', path, error);
  }
  const file = handle.createWriteStream();
  const out = writer(file);
  const failed = (error: unknown) => fileError('--out', path, error);
  return {
    closed: false,
    async write(lines) {
      try {
        for await (const line of lines) await out.put(line);
      } catch (error) {
        if (out.failure) throw failed(out.failure);
        throw error;
      }
    },
    async close() {
      if (out.failure) throw failed(out.failure);
      await new Promise<void>((resolve, reject) =>
        file.end((error?: Error | null) => (error ? reject(failed(out.failure ?? error)) : resolve())),
      );
    },
  };
}
