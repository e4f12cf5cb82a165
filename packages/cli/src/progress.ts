/**
 * Progress on stderr when it is a terminal: items received (of the total, where the source says),
 * the rate and, with a total, the time left. One line, redrawn at most ten times a second, and
 * cleared before the answer is written; nothing at all in a pipe, and no line before the first item.
 */
import type { ProgressEvent } from '@ldn-twin/core';

/** The progress line of a run. */
export interface Progress {
  /** Feeds an event of the HTTP client (`onProgress`). */
  onEvent(event: ProgressEvent): void;
  /** Clears the line (before the answer, and at the end). */
  clear(): void;
}

const CLEAR = '\r\x1b[K';
const REDRAW_MS = 100;

function seconds(s: number): string {
  if (s < 90) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/**
 * The progress line, or a silent one when `stderr` is not a terminal. `now` is injectable for tests.
 *
 * @example
 * ```ts
 * const progress = createProgress(process.stderr);
 * const client = createClient({ onProgress: progress.onEvent });
 * ```
 */
export function createProgress(
  stderr: NodeJS.WritableStream & { isTTY?: boolean },
  now: () => number = Date.now,
): Progress {
  if (!stderr.isTTY) return { onEvent: () => {}, clear: () => {} };
  let shown = false;
  let lastDraw = 0;
  const started = new Map<string, number>();
  return {
    onEvent(event) {
      if (event.type !== 'records' || event.received === 0) return;
      const t = now();
      if (!started.has(event.operation)) started.set(event.operation, t);
      if (shown && t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      const elapsed = (t - started.get(event.operation)!) / 1000;
      const rate = elapsed > 0 ? event.received / elapsed : undefined;
      const total = event.total;
      const count = total === undefined ? `${event.received}` : `${event.received}/${total}`;
      const parts = [`${event.operation}: ${count} received`];
      if (rate !== undefined) parts.push(`${rate < 10 ? rate.toFixed(1) : Math.round(rate)}/s`);
      if (rate !== undefined && total !== undefined && total > event.received)
        parts.push(`ETA ${seconds((total - event.received) / rate)}`);
      stderr.write(`${CLEAR}${parts.join(', ')}`);
      shown = true;
    },
    clear() {
      if (!shown) return;
      stderr.write(CLEAR);
      shown = false;
    },
  };
}
