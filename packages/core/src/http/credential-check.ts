/**
 * Credentials are checked before anything is sent: a key with a line break could split a header
 * (and the runtime's own error for it would print the key), and one outside Latin-1 cannot be a
 * header value at all. The error names where the credential sits, never its value.
 */
import { ConfigError } from '../errors.js';

// Control characters (CR, LF, NUL, ESC, DEL, ...) and anything past U+00FF.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSENDABLE = /[\u0000-\u001f\u007f-\u009f\u0100-\uffff]/;

/**
 * Throws a {@link ConfigError} naming `where` when `value` holds a control character (CR, LF, NUL,
 * ...) or a character outside Latin-1; the value itself is never printed.
 *
 * @example
 * ```ts
 * checkCredential(process.env.TFL_APP_KEY ?? '', 'tfl config appKey');
 * ```
 */
export function checkCredential(value: string, where: string): void {
  if (UNSENDABLE.test(value)) {
    throw new ConfigError(
      `${where}: the credential holds a line break, a control character or a character outside Latin-1 (not printed); it was not sent. Check for a stray newline or a pasted quote`,
    );
  }
}
