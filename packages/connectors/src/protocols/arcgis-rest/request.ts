/**
 * One ArcGIS REST request: GET JSON through the shared client, then tell an Esri error body from a
 * real answer. ArcGIS servers report most failures (bad layer id, invalid where clause, unsupported
 * format) as HTTP 200 with `{"error": {...}}`; without this check such an answer would be read as
 * "no features". It becomes an {@link HttpError} whose `status` is the Esri error code.
 */
import { type HttpClient, HttpError, SchemaError } from '@ldn-twin/core';
import * as z from 'zod';
import { RawEsriError } from './raw.js';

/**
 * Options of {@link esriGet}.
 *
 * @example
 * ```ts
 * const options: EsriGetOptions = { searchParams: { f: 'json' }, label: 'arcgis layer description' };
 * ```
 */
export interface EsriGetOptions {
  readonly searchParams: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly signal?: AbortSignal | undefined;
  readonly label: string;
}

/**
 * GETs an ArcGIS REST resource and validates it with `schema`, turning an Esri error body into an
 * {@link HttpError} (status = the Esri code, 500 when absent) and a mismatch into a {@link SchemaError}.
 *
 * @example
 * ```ts
 * const info = await esriGet(client, `${layerUrl}`, RawLayerInfo, { searchParams: { f: 'json' }, label: 'layer' });
 * ```
 */
export async function esriGet<S extends z.ZodType>(
  client: HttpClient,
  url: string,
  schema: S,
  options: EsriGetOptions,
): Promise<z.output<S>> {
  const response = await client.json(url, z.unknown(), {
    searchParams: options.searchParams,
    label: options.label,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const error = RawEsriError.safeParse(response.data);
  if (error.success) {
    const { code, message } = error.data.error;
    throw new HttpError(code ?? 500, { method: 'GET', url: response.url }, response.data, {
      message: `${options.label}: the ArcGIS server answered error ${code ?? '(no code)'}: ${message ?? '(no message)'}`,
    });
  }
  const parsed = schema.safeParse(response.data);
  if (!parsed.success) throw new SchemaError(options.label, parsed.error.issues, response.data);
  return parsed.data;
}
