/**
 * What every TfL record shares: publisher, licence, provenance and open access, and the small
 * helpers that keep upstream noise (`$type`, empty lists) out of `extra`.
 */
import type { Licence, Provenance } from '@ldn-twin/core';

/** What every record of one run shares. */
export interface TflMappingContext {
  readonly baseUrl: string;
  readonly retrievedAt: string;
  readonly licence: Licence;
}

/** The publisher named in provenance. */
export const TFL_PUBLISHER = 'Transport for London';

/** Provenance of one TfL record. `path` is TfL's own relative URL of the thing, if it has one. */
export function tflProvenance(
  ctx: TflMappingContext,
  dataset: string,
  sourceId: string,
  path: string | undefined,
  method: Provenance['method'] = 'reported',
): Provenance {
  return {
    publisher: TFL_PUBLISHER,
    dataset,
    sourceId,
    ...(path ? { sourceUrl: new URL(path, `${ctx.baseUrl}/`).href } : {}),
    retrievedAt: ctx.retrievedAt,
    method,
    connector: 'tfl',
  };
}

/**
 * Upstream fields not mapped to a named attribute, as strings under their original keys. `$type`,
 * `null`, `""`, and empty lists or objects are noise and left out.
 */
export function extraFields(
  raw: Record<string, unknown>,
  known: ReadonlySet<string>,
): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (known.has(key) || key === '$type' || value === null || value === undefined || value === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.keys(value).every((k) => k === '$type')
    ) {
      continue;
    }
    extra[key] = typeof value === 'string' ? value : JSON.stringify(value, dropType);
  }
  return extra;
}

function dropType(key: string, value: unknown): unknown {
  return key === '$type' ? undefined : value;
}

/** A JSON-FG time interval from optional ends, or null. */
export function interval(start: string | undefined, end: string | undefined) {
  return start || end ? { interval: [start ?? '..', end ?? '..'] as [string, string] } : null;
}
