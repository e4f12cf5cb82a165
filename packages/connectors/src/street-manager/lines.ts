/**
 * Line-by-line reading of NDJSON, with flat memory: a ReadableStream of bytes or text is decoded
 * and split on newlines as it arrives (a line may span chunks); an async iterable of strings is
 * taken as one line per item. Blank lines are skipped.
 */

/**
 * A source of NDJSON: one line per item, or a stream of text or bytes.
 *
 * @example
 * ```ts
 * const source: NdjsonSource = (await fetch(url)).body!;
 * ```
 */
export type NdjsonSource = AsyncIterable<string> | Iterable<string> | ReadableStream<Uint8Array | string>;

/**
 * Whether a value can be read as an {@link NdjsonSource}.
 *
 * @example
 * ```ts
 * isNdjsonSource(new Response('{}\n').body); // true
 * ```
 */
export function isNdjsonSource(value: unknown): value is NdjsonSource {
  if (typeof value !== 'object' || value === null) return false;
  return (
    typeof (value as ReadableStream).getReader === 'function' ||
    Symbol.asyncIterator in value ||
    (Symbol.iterator in value && typeof value !== 'string')
  );
}

/**
 * The non-blank lines of a source, trimmed, one at a time.
 *
 * @example
 * ```ts
 * for await (const line of ndjsonLines(response.body!)) console.log(JSON.parse(line));
 * ```
 */
export async function* ndjsonLines(source: NdjsonSource, signal?: AbortSignal): AsyncGenerator<string> {
  if (isStream(source)) {
    yield* streamLines(source, signal);
    return;
  }
  for await (const item of source) {
    signal?.throwIfAborted();
    // One item is one line; a trailing newline (as `readline` keeps none, but files split by hand do) is dropped.
    const line = item.trim();
    if (line !== '') yield line;
  }
}

function isStream(source: NdjsonSource): source is ReadableStream<Uint8Array | string> {
  return typeof (source as ReadableStream).getReader === 'function';
}

async function* streamLines(
  stream: ReadableStream<Uint8Array | string>,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      pending += typeof value === 'string' ? value : decoder.decode(value, { stream: true });
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line !== '') yield line;
        newline = pending.indexOf('\n');
      }
    }
    const last = (pending + decoder.decode()).trim();
    if (last !== '') yield last;
  } finally {
    // Stopping early (break, abort, error) releases the stream instead of leaving it locked.
    void reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
