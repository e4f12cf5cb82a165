/**
 * An area as a request can carry it: planning.data.gov.uk takes the area as WKT in the URL, and a
 * detailed outline (10^6 vertices is 23.6 MB of URL) is refused or never sent. The outline is
 * simplified just enough to fit, and the report says so.
 */
import { simplifyToFit, toWkt } from '@ldn-twin/geo';
import type { MultiPolygon, Polygon } from 'geojson';

/**
 * The most characters an area's WKT may take in a request URL once encoded. planning.data.gov.uk
 * publishes no URL limit (unconfirmed); common front ends refuse URLs beyond 8,192 bytes, and the
 * request also carries every dataset's name, so the default leaves about 2,000 for them.
 */
export const DEFAULT_MAX_GEOMETRY_CHARS = 6_000;

/**
 * An area's WKT fitted to a URL limit, and the line the summary gives when it had to be changed.
 *
 * @example
 * ```ts
 * const { wkt, note } = geometryForRequest(site.polygon, 6000, 'planning.data.gov.uk');
 * if (note) summary.push(note);
 * ```
 */
export function geometryForRequest(
  geometry: Polygon | MultiPolygon,
  maxChars: number,
  service: string,
): { readonly wkt: string; readonly note?: string } {
  const fitted = simplifyToFit(geometry, { maxLength: maxChars, length: encodedLength });
  const wkt = toWkt(fitted.geometry);
  const limit = `to fit ${service}'s request limit (${maxChars.toLocaleString('en-GB')} characters of geometry)`;
  const from = `${fitted.originalVertices.toLocaleString('en-GB')} vertices`;
  switch (fitted.method) {
    case 'none':
      return { wkt };
    case 'rounded':
      return {
        wkt,
        note: `The area's outline (${from}) was sent with its coordinates rounded to 6 decimals (about 0.1 m) ${limit}.`,
      };
    case 'simplified':
      return {
        wkt,
        note: `The area's outline was simplified from ${from} to ${fitted.vertices.toLocaleString('en-GB')} ${limit}: what lies within metres of its edge may differ.`,
      };
    case 'envelope':
      return {
        wkt,
        note: `The area's outline (${from}) could not be simplified ${limit}: its bounding box was asked instead, so what was found may lie outside the area.`,
      };
  }
}

/** The length of a value once form-encoded in a URL's query, as URLSearchParams writes it. */
function encodedLength(value: string): number {
  return new URLSearchParams([['g', value]]).toString().length - 2;
}
