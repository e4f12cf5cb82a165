/**
 * A guard on what the Planning London Datahub returns when asked by borough: an application whose
 * own authority code is another borough's is not counted (an application without one is).
 */
import type { TwinRecordOf } from '@ldn-twin/core';

type Application = TwinRecordOf<'PlanningApplication'>;

/**
 * Whether an application belongs to the borough of GSS `code` by its own authority code.
 *
 * @example
 * ```ts
 * const counted = applications.filter((a) => ofAuthority(a, 'E09000022'));
 * ```
 */
export function ofAuthority(application: Application, code: string): boolean {
  const own = application.properties.attributes.authorityCode;
  return own === undefined || own === code;
}

/**
 * The summary line for applications returned for a place they lie outside, naming their authorities.
 *
 * @example
 * ```ts
 * outsideLine(outside, 'Lambeth'); // "3 applications the Datahub returned lie outside Lambeth (Waltham Forest): not counted."
 * ```
 */
export function outsideLine(outside: readonly Application[], where: string): string {
  const authorities = [...new Set(outside.map((a) => a.properties.attributes.authority ?? 'unknown'))];
  const count = `${outside.length} application${outside.length === 1 ? '' : 's'}`;
  return `${count} the Datahub returned ${outside.length === 1 ? 'lies' : 'lie'} outside ${where} (${authorities.join(', ')}): not counted.`;
}
