/**
 * EA `unitName` values to UCUM. The EA names units its own way (`mASD`: metres above stage datum,
 * `mAOD`: metres above ordnance datum); UCUM has no datum, so the datum becomes an annotation
 * (`m{ASD}`), which UCUM reads as metres. A name not in the table is kept as an annotation (`{x}`,
 * dimensionless to UCUM) rather than guessed, and the original name stays in `unitOfMeasurement.name`.
 */

const UCUM: Readonly<Record<string, string>> = {
  mm: 'mm',
  m: 'm',
  mASD: 'm{ASD}',
  mAOD: 'm{AOD}',
  mBDAT: 'm{BDAT}',
  'm3/s': 'm3/s',
  'l/s': 'L/s',
};

/**
 * The SensorThings unitOfMeasurement of an EA unit name.
 *
 * @example
 * ```ts
 * eaUnit('mASD'); // { name: 'mASD', symbol: 'mASD', definition: 'http://unitsofmeasure.org/ucum.html#m{ASD}' }
 * ```
 */
export function eaUnit(unitName: string | undefined): { name: string; symbol: string; definition: string } {
  const name = unitName ?? 'unknown';
  const code = UCUM[name] ?? `{${name.replace(/[{}]/g, '')}}`;
  return { name, symbol: name, definition: `http://unitsofmeasure.org/ucum.html#${code}` };
}
