/**
 * `@ldn-twin/geo/ostn15-gb`: the whole-GB OSTN15 grid (about 2.3 MB of source), an opt-in subpath so
 * that only applications that ask for it load it. OSTN15 © Crown copyright, Ordnance Survey.
 *
 * @example
 * ```ts
 * import { createBngTransform } from '@ldn-twin/geo';
 * import { ostn15Gb } from '@ldn-twin/geo/ostn15-gb';
 * const gb = createBngTransform({ grid: ostn15Gb });
 * gb.toBng(-3.1883, 55.9533); // Edinburgh, exact
 * ```
 * @packageDocumentation
 */
export { ostn15Gb } from './data/ostn15-gb.js';
