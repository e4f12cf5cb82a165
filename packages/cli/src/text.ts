/**
 * Text from upstream made safe for a terminal: escape sequences are removed and other control
 * characters (CR, BEL, backspace, C1 controls, bidirectional overrides) are shown as `�`, so a
 * record's name cannot move the cursor, ring the bell, rewrite a line or change the terminal's
 * title. Only human output (tables, summaries, messages) goes through this; JSON and NDJSON stay exact.
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and two-character escapes (ESC x).
const ESCAPES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x9b[0-?]*[ -/]*[@-~]|\x1b[@-_]?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of upstream text, safe to print: escapes removed, controls replaced, tabs and newlines
 * turned into spaces.
 *
 * @example
 * ```ts
 * safeText('Albert\x1b[2J Embankment\r'); // 'Albert Embankment�'
 * ```
 */
export function safeText(text: string): string {
  return text
    .replace(ESCAPES, '')
    .replace(/[\t\n]/g, ' ')
    .replace(CONTROLS, '\uFFFD');
}
