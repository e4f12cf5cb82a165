// A generated section of a Markdown file: the text between `<!-- NAME:start -->` and
// `<!-- NAME:end -->` is derived from the code, never kept by hand. A test builds the section,
// compares it with the file, and fails when they drift; with REGEN=1 it rewrites the file instead.
import { readFileSync, writeFileSync } from 'node:fs';

/** The file as it is and as it would be with `content` between its `name` markers. */
export interface GeneratedSection {
  readonly actual: string;
  readonly expected: string;
}

/**
 * The text of `file` and the text it should have, with `content` between its `name` markers, for
 * the test to compare. With REGEN set, the file is rewritten and both are the new text. Throws when
 * the file has no such markers.
 *
 * @example
 * ```ts
 * const { actual, expected } = generatedSection(new URL('../README.md', import.meta.url), 'packages', table);
 * expect(actual).toBe(expected);
 * ```
 */
export function generatedSection(file: URL, name: string, content: string): GeneratedSection {
  const actual = readFileSync(file, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const [before, rest] = actual.split(start);
  const after = rest?.split(end)[1];
  if (before === undefined || after === undefined)
    throw new Error(`${file.pathname} needs ${start} and ${end}`);
  const expected = `${before}${start}\n${content}\n${end}${after}`;
  if (!process.env.REGEN) return { actual, expected };
  if (expected !== actual) writeFileSync(file, expected);
  return { actual: expected, expected };
}
