/**
 * Times that arrive without a zone (EA flood warnings' `"2015-12-10T14:14:00"`, NESO's cardinal
 * point times): whether a service means UTC or UK clock time is often unconfirmed, so connectors make
 * the zone config, and this turns a zoneless time into an RFC 3339 UTC instant in either reading.
 */

/**
 * How to read a time that has no zone.
 *
 * @example
 * ```ts
 * const zone: ZonelessTimes = 'Europe/London';
 * ```
 */
export type ZonelessTimes = 'UTC' | 'Europe/London';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An RFC 3339 UTC instant for a time that may lack a zone: a zoned time is kept (normalised to UTC), a zoneless one
 * read in `zone`. Throws on anything else, so the run reports the item.
 *
 * @example
 * ```ts
 * import { zonelessToUtc } from '@ldn-twin/core';
 * zonelessToUtc('2015-12-10T14:14:00', 'UTC'); // '2015-12-10T14:14:00Z'
 * zonelessToUtc('2015-07-10T14:14:00', 'Europe/London'); // '2015-07-10T13:14:00Z'
 * ```
 */
export function zonelessToUtc(value: string, zone: ZonelessTimes): string {
  if (ZONED.test(value) && !Number.isNaN(Date.parse(value))) return iso(Date.parse(value));
  const m = LOCAL.exec(value);
  if (!m) throw new Error(`not a date-time: ${JSON.stringify(value)}`);
  const [, y, mo, d, h, mi, s] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(wall)) throw new Error(`not a date-time: ${JSON.stringify(value)}`);
  if (zone === 'UTC') return iso(wall);
  // The offset at the wall time read as UTC, then again at the result, settles the DST changeover.
  const first = wall - londonOffsetMs(wall);
  return iso(wall - londonOffsetMs(first));
}

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function londonOffsetMs(utcMs: number): number {
  const parts = Object.fromEntries(londonFormat.formatToParts(utcMs).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
