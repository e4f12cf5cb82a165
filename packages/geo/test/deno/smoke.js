/**
 * Deno smoke test of the built package, as a notebook would use it: build first, then run
 * `bash scripts/deno-check.sh` (CI runs it).
 * Plain JavaScript so the type-check does not need a build; not part of vitest (it needs deno).
 */
import { bngToWgs84, boroughAt, createBngTransform, parseGridRef, wgs84ToBng } from '../../dist/index.js';
import { ostn15Gb } from '../../dist/ostn15-gb.js';

const fail = (message) => {
  throw new Error(message);
};
// OS test vector TP09 (© Crown copyright, Ordnance Survey), both directions, to 1 mm.
const tp09 = wgs84ToBng(-0.1199255718, 51.4893656495);
if (tp09.method !== 'ostn15') fail('London point did not use OSTN15');
if (Math.hypot(tp09.easting - 530624.974, tp09.northing - 178388.464) > 0.001)
  fail(`TP09 gave ${tp09.easting}`);
const back = bngToWgs84(530624.974, 178388.464);
if (Math.abs(back.lat - 51.4893656495) > 1e-8 || Math.abs(back.lon + 0.1199255718) > 1e-8)
  fail(`TP09 reverse gave ${back.lat}`);
const gb = createBngTransform({ grid: ostn15Gb }).toBng(-3.1883, 55.9533);
if (gb.method !== 'ostn15') fail('GB grid did not load');
if (boroughAt(-0.1276, 51.5072)?.name !== 'Westminster') fail('borough lookup failed');
if (parseGridRef('TQ 30 80').easting !== 530000) fail('grid reference parse failed');
console.log('deno smoke: ok', back, gb.method);
