/**
 * Turns the line generators of the serialisers into a web `ReadableStream` of UTF-8 bytes: a `Response`
 * body, a file download in a browser, a `pipeTo` a Deno or Node writable stream.
 */

/**
 * A byte stream of `lines`, pulled one at a time so a slow consumer slows the producer.
 *
 * @example
 * ```ts
 * import { toNdjson, toReadableStream } from '@ldn-twin/core';
 * return new Response(toReadableStream(toNdjson(records)), {
 *   headers: { 'content-type': 'application/x-ndjson' },
 * });
 * ```
 */
export function toReadableStream(
  lines: Iterable<string> | AsyncIterable<string>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: AsyncIterator<string> | Iterator<string> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel(reason) {
      await iterator?.return?.(reason);
    },
  });
}
