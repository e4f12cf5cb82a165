/** "Did you mean": the closest of some names to what was typed, when it is close enough. */

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(row[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * The name closest to `typed` (case-insensitive edit distance, or a name that starts with it), when
 * at most a third of its letters differ; otherwise undefined.
 *
 * @example
 * ```ts
 * closest('resrictions', ['restrictions', 'pipeline']); // 'restrictions'
 * ```
 */
export function closest(typed: string, names: readonly string[]): string | undefined {
  const wanted = typed.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const name of names) {
    const lower = name.toLowerCase();
    const score = wanted.length >= 3 && lower.startsWith(wanted) ? 0.5 : distance(wanted, lower);
    if (!best || score < best.score) best = { name, score };
  }
  return best && best.score <= Math.max(1, Math.floor(wanted.length / 3)) ? best.name : undefined;
}

/** ` (did you mean "x"?)`, or nothing. */
export function didYouMean(typed: string, names: readonly string[], prefix = ''): string {
  const match = closest(typed, names);
  return match ? `; did you mean ${prefix}${match}?` : '';
}
