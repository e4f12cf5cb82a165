/**
 * Rows of a Datastore CSV as validated raw items: once the header is read, the configured column map
 * picks the columns, and a zod schema built for them parses each row, so a row with a bad number or a
 * broken line is one reported issue (`path` names the column) and the rest arrive. Coordinates come
 * as WGS 84 latitude/longitude or British National Grid eastings/northings (converted with OSTN15).
 */
import { optionalNumber, optionalText } from '@ldn-twin/core';
import { bngToWgs84 } from '@ldn-twin/geo';
import type { Point } from 'geojson';
import * as z from 'zod';
import { resolveColumns } from './columns.js';

/**
 * The type of a mapped column: text (`""` is absent) or a number (a numeric string; `""` is absent).
 *
 * @example
 * ```ts
 * const types: Record<string, ColumnType> = { name: 'text', latitude: 'number' };
 * ```
 */
export type ColumnType = 'text' | 'number';

/**
 * A row parsed by a `rowSchema`: the mapped fields by field name, every column as read, and
 * the line it came from.
 *
 * @example
 * ```ts
 * const name = (row: ParsedRow<'name'>) => row.fields.name;
 * ```
 */
export interface ParsedRow<F extends string> {
  readonly line: number;
  readonly fields: Partial<Record<F, string | number>>;
  readonly values: Readonly<Record<string, string>>;
}

/**
 * The columns a header gives each field, and a schema that parses a CSV record (`{ line, values, problem? }`) into a
 * {@link ParsedRow}: a record with a `problem` fails, a number column that is not a number fails at
 * `values.<column>`.
 *
 * @example
 * ```ts
 * const { columns, schema } = rowSchema(header, { name: ['name'], latitude: ['latitude'] }, { name: 'text', latitude: 'number' });
 * yield* ctx.mapper.each(records, schema, (row) => toRecord(row));
 * ```
 */
export function rowSchema<F extends string>(
  header: readonly string[],
  map: Readonly<Partial<Record<F, readonly string[]>>>,
  types: Readonly<Record<F, ColumnType>>,
) {
  const columns = resolveColumns<F>(header, map);
  const shape: Record<string, z.ZodType> = {};
  for (const [field, column] of Object.entries(columns) as [F, string][]) {
    shape[column] = types[field] === 'number' ? optionalNumber() : optionalText();
  }
  const fieldSchema = z.looseObject(shape);
  const schema = z
    .object({
      line: z.number(),
      values: z.record(z.string(), z.string()),
      problem: z.string().optional(),
    })
    .transform((row, ctx): ParsedRow<F> => {
      if (row.problem) {
        ctx.issues.push({ code: 'custom', path: ['problem'], message: row.problem, input: row.problem });
        return z.NEVER;
      }
      const parsed = fieldSchema.safeParse(row.values);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.issues.push({
            code: 'custom',
            path: ['values', ...issue.path],
            message: issue.message,
            input: row.values,
          });
        }
        return z.NEVER;
      }
      const fields: Partial<Record<F, string | number>> = {};
      for (const [field, column] of Object.entries(columns) as [F, string][]) {
        const value = (parsed.data as Record<string, unknown>)[column];
        if (typeof value === 'string' || typeof value === 'number') fields[field] = value;
      }
      return { line: row.line, fields, values: row.values };
    });
  return { columns, schema };
}

/**
 * The British National Grid CRS, for the JSON-FG `place` of converted points.
 *
 * @example
 * ```ts
 * record.coordRefSys === BNG_CRS; // the place is in eastings/northings
 * ```
 */
export const BNG_CRS = 'http://www.opengis.net/def/crs/EPSG/0/27700';

/**
 * A point from WGS 84 latitude/longitude, or else from BNG eastings/northings (converted with
 * OSTN15, the native point kept as `place`). Throws when a coordinate is out of range, so the row is
 * reported; `undefined` when the row has no coordinates.
 *
 * @example
 * ```ts
 * locate({ latitude: 51.5386, longitude: -0.1426 }); // { geometry: { type: 'Point', coordinates: [-0.1426, 51.5386] } }
 * locate({ easting: 530000, northing: 180000 }); // { geometry: ..., place: ..., coordRefSys: BNG_CRS }
 * ```
 */
export function locate(c: {
  readonly latitude?: number | undefined;
  readonly longitude?: number | undefined;
  readonly easting?: number | undefined;
  readonly northing?: number | undefined;
}): { geometry: Point; place?: Point; coordRefSys?: string } | undefined {
  if (c.latitude !== undefined && c.longitude !== undefined) {
    if (Math.abs(c.latitude) > 90 || Math.abs(c.longitude) > 180) {
      throw new Error(`latitude/longitude out of range: ${c.latitude}, ${c.longitude}`);
    }
    return { geometry: { type: 'Point', coordinates: [c.longitude, c.latitude] } };
  }
  if (c.easting !== undefined && c.northing !== undefined) {
    if (c.easting < 0 || c.easting > 700_000 || c.northing < 0 || c.northing > 1_300_000) {
      throw new Error(`easting/northing outside the British National Grid: ${c.easting}, ${c.northing}`);
    }
    const { lon, lat } = bngToWgs84(c.easting, c.northing);
    return {
      geometry: { type: 'Point', coordinates: [round(lon), round(lat)] },
      place: { type: 'Point', coordinates: [c.easting, c.northing] },
      coordRefSys: BNG_CRS,
    };
  }
  return undefined;
}

/** Seven decimal places of a degree: about a centimetre. */
function round(degrees: number): number {
  return Math.round(degrees * 1e7) / 1e7;
}

/**
 * A number field of a parsed row, or undefined.
 *
 * @example
 * ```ts
 * numberField(row.fields, 'latitude'); // 51.5386
 * ```
 */
export function numberField<F extends string>(
  fields: Partial<Record<F, string | number>>,
  field: F,
): number | undefined {
  const value = fields[field];
  return typeof value === 'number' ? value : undefined;
}

/**
 * A text field of a parsed row, or undefined.
 *
 * @example
 * ```ts
 * textField(row.fields, 'name'); // 'Jazz Cafe'
 * ```
 */
export function textField<F extends string>(
  fields: Partial<Record<F, string | number>>,
  field: F,
): string | undefined {
  const value = fields[field];
  return typeof value === 'string' ? value : undefined;
}
