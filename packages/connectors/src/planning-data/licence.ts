/**
 * Licence and attribution per dataset. planning.data publishes both in each dataset's metadata
 * (`licence`: `ogl3`; `attribution-text`: e.g. "© Historic England 2026. Contains Ordnance Survey
 * data © Crown copyright and database right 2026. ..."), so a record carries its own dataset's
 * statement. When the metadata cannot be had, records fall back to the generic OGL statement and the
 * fallback is logged: a record is never left without a licence.
 */
import { type HttpClient, type Licence, OGL_V3_URL } from '@ldn-twin/core';
import { RawDatasetList, RawDatasetMetadata } from './raw.js';

/**
 * The statement used when a dataset's own attribution cannot be had.
 *
 * @example
 * ```ts
 * GENERIC_LICENCE.id; // 'OGL-UK-3.0'
 * ```
 */
export const GENERIC_LICENCE: Licence = {
  id: 'OGL-UK-3.0',
  url: OGL_V3_URL,
  attribution: ['Contains public sector information licensed under the Open Government Licence v3.0.'],
};

/** planning.data licence codes → SPDX-style ids. Only `ogl3` is seen in the data. */
const LICENCE_IDS: Readonly<Record<string, { id: string; url?: string }>> = {
  ogl3: { id: 'OGL-UK-3.0', url: OGL_V3_URL },
};

/**
 * The licence of a dataset from its metadata: `ogl3` → `OGL-UK-3.0`; an unknown code is kept as the
 * id (without a URL); the `attribution-text` is the attribution, or the generic statement without one.
 *
 * @example
 * ```ts
 * licenceOf({ dataset: 'flood-risk-zone', licence: 'ogl3', 'attribution-text': '© Crown copyright and database right 2026' });
 * // { id: 'OGL-UK-3.0', url: OGL_V3_URL, attribution: ['© Crown copyright and database right 2026'] }
 * ```
 */
export function licenceOf(metadata: Pick<RawDatasetMetadata, 'licence' | 'attribution-text'>): Licence {
  const code = metadata.licence;
  const known = code ? LICENCE_IDS[code] : undefined;
  const attribution = metadata['attribution-text']
    ? [metadata['attribution-text']]
    : GENERIC_LICENCE.attribution;
  if (known) return { ...known, attribution };
  if (code) return { id: code, attribution };
  return { ...GENERIC_LICENCE, attribution };
}

/**
 * The licence of one dataset from its metadata (`/dataset/{dataset}.json`), or the generic OGL
 * statement (with a warning in the log) when the metadata cannot be had. The client caches the
 * metadata, so later runs do not ask again.
 *
 * @example
 * ```ts
 * const licence = await fetchLicence(client, 'https://www.planning.data.gov.uk', 'conservation-area', signal);
 * ```
 */
export async function fetchLicence(
  client: HttpClient,
  baseUrl: string,
  dataset: string,
  signal: AbortSignal | undefined,
): Promise<Licence> {
  try {
    const { data } = await client.json(
      `${baseUrl}/dataset/${encodeURIComponent(dataset)}.json`,
      RawDatasetMetadata,
      {
        ...(signal ? { signal } : {}),
        label: 'planning-data dataset metadata',
      },
    );
    return licenceOf(data);
  } catch (error) {
    if (signal?.aborted) throw error;
    client.logger.warn?.('planning-data: no dataset metadata, using the generic OGL attribution', {
      dataset,
      error: error instanceof Error ? error.message : String(error),
    });
    return GENERIC_LICENCE;
  }
}

/**
 * The licences `/dataset.json` gives for `datasets` in one request, by dataset. Only items that carry
 * the `attribution-text` key (the kebab-case shape of `/dataset/{dataset}.json`; the list's own key
 * casing is not confirmed by a capture) and parse as dataset metadata count; a dataset left out is
 * for {@link fetchLicence} to read. A failed request gives no licences (logged), never an error,
 * except an abort.
 *
 * @example
 * ```ts
 * const licences = await fetchListedLicences(client, 'https://www.planning.data.gov.uk', ['conservation-area'], undefined);
 * licences.get('conservation-area')?.attribution;
 * ```
 */
export async function fetchListedLicences(
  client: HttpClient,
  baseUrl: string,
  datasets: readonly string[],
  signal: AbortSignal | undefined,
): Promise<Map<string, Licence>> {
  const licences = new Map<string, Licence>();
  const url = new URL(`${baseUrl}/dataset.json`);
  for (const name of datasets) url.searchParams.append('dataset', name);
  url.searchParams.set('include_typologies', 'false');
  try {
    const { data } = await client.json(url, RawDatasetList, {
      ...(signal ? { signal } : {}),
      // Only a speed-up: a failed list falls back at once to the per-dataset reads, never retried.
      retries: 0,
      label: 'planning-data dataset list',
    });
    for (const item of data.datasets) {
      if (typeof item !== 'object' || item === null || !('attribution-text' in item)) continue;
      const parsed = RawDatasetMetadata.safeParse(item);
      if (parsed.success && datasets.includes(parsed.data.dataset))
        licences.set(parsed.data.dataset, licenceOf(parsed.data));
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    client.logger.warn?.("planning-data: no dataset list, reading each dataset's metadata instead", {
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return licences;
}
