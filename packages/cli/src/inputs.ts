/**
 * The values of flags checked before anything is asked: every bad input is one line naming the
 * flag and what is wrong with it (a {@link UsageError}, exit 1), never a request upstream.
 */
import { readFile } from 'node:fs/promises';
import { BOROUGHS, boroughAt, boroughBoundaries, gridRefToWgs84 } from '@ldn-twin/geo';
import type { Site } from '@ldn-twin/questions';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { PLACE_FLAGS } from './commands.js';
import { UsageError, type Values } from './parse.js';
import { didYouMean } from './suggest.js';

/** The largest `--radius` the CLI sends, in metres: beyond it a question is a borough-wide one. */
export const MAX_RADIUS_METRES = 10_000;

const inLondon = (lon: number, lat: number) => boroughAt(lon, lat) !== undefined;

function number(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** `lon,lat` in London, with a hint when the two are swapped. */
function pointFrom(text: string): Site {
  const parts = text.split(',').map(number);
  const [lon, lat] = parts;
  if (parts.length !== 2 || lon === undefined || lat === undefined) {
    throw new UsageError(`--point ${text}: expected lon,lat such as -0.1199,51.4922`);
  }
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
    throw new UsageError(`--point ${text}: not a longitude (-180 to 180), latitude (-90 to 90)`);
  }
  if (!inLondon(lon, lat)) {
    const hint = inLondon(lat, lon) ? `; did you mean --point ${lat},${lon} (longitude first)?` : '';
    throw new UsageError(`--point ${text}: outside Greater London (no borough contains it)${hint}`);
  }
  return { point: [lon, lat] };
}

function gridRefFrom(text: string): Site {
  let at: { lon: number; lat: number };
  try {
    at = gridRefToWgs84(text);
  } catch (error) {
    throw new UsageError(`--grid-ref ${text}: ${(error as Error).message}`);
  }
  if (!inLondon(at.lon, at.lat))
    throw new UsageError(`--grid-ref ${text}: outside Greater London (no borough contains it)`);
  return { gridRef: text };
}

/** A borough by name or GSS code (case, spaces and "&" for "and" do not matter). */
function boroughFrom(text: string): Site {
  const norm = (s: string) => s.toLowerCase().replace(/&/g, 'and').replace(/\s+/g, ' ').trim();
  const wanted = norm(text);
  const borough = BOROUGHS.find((b) => norm(b.code) === wanted || norm(b.name) === wanted);
  if (!borough) {
    const names = BOROUGHS.map((b) => b.name);
    throw new UsageError(
      `--borough: unknown borough "${text}"${didYouMean(text, names)} (a name such as Lambeth, or a GSS code E09000001 to E09000033)`,
    );
  }
  return { borough: borough.code };
}

/** London's bounding box from the bundled boundaries. */
function londonBbox(): [number, number, number, number] {
  const box: [number, number, number, number] = [180, 90, -180, -90];
  for (const feature of boroughBoundaries().features) {
    const polygons =
      feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    for (const ring of polygons.flat()) for (const [x, y] of ring) extend(box, x!, y!);
  }
  return box;
}

function extend(box: [number, number, number, number], x: number, y: number) {
  box[0] = Math.min(box[0], x);
  box[1] = Math.min(box[1], y);
  box[2] = Math.max(box[2], x);
  box[3] = Math.max(box[3], y);
}

type Geometry = { type?: unknown; coordinates?: unknown };

/** The polygons of one geometry, checked ring by ring; a message naming what is wrong otherwise. */
function polygonsOf(geometry: Geometry, where: string): Position[][][] {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as unknown[])
        : undefined;
  if (!polygons || !Array.isArray(geometry.coordinates)) {
    throw new Error(
      `${where} is ${JSON.stringify(geometry.type ?? 'untyped')}, not a Polygon or MultiPolygon`,
    );
  }
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) throw new Error(`${where} has an empty polygon`);
    for (const ring of polygon as unknown[]) {
      if (!Array.isArray(ring) || ring.length < 4)
        throw new Error(`${where} has a ring of fewer than 4 positions`);
      for (const position of ring as unknown[]) {
        if (
          !Array.isArray(position) ||
          position.length < 2 ||
          !position.every((n) => typeof n === 'number' && Number.isFinite(n))
        )
          throw new Error(`${where} has a position that is not [lon, lat]`);
      }
    }
  }
  return polygons as Position[][][];
}

/**
 * An area from a GeoJSON file: a Polygon or MultiPolygon, a Feature of one, or a FeatureCollection
 * of them (asked as one MultiPolygon), in WGS 84 and reaching into Greater London.
 */
async function areaFrom(path: string): Promise<Site> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code;
    throw new UsageError(`--geojson ${path}: cannot read it (${why})`);
  }
  let json: Geometry & { geometry?: Geometry; features?: unknown };
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--geojson ${path}: not JSON (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null)
    throw new UsageError(`--geojson ${path}: not a GeoJSON object`);
  let polygons: Position[][][];
  try {
    if (json.type === 'FeatureCollection') {
      if (!Array.isArray(json.features) || json.features.length === 0)
        throw new Error('the FeatureCollection has no features');
      polygons = (json.features as { geometry?: Geometry }[]).flatMap((feature, i) =>
        polygonsOf(feature?.geometry ?? {}, `feature ${i + 1}`),
      );
    } else if (json.type === 'Feature') polygons = polygonsOf(json.geometry ?? {}, "the Feature's geometry");
    else polygons = polygonsOf(json, 'the geometry');
  } catch (error) {
    throw new UsageError(
      `--geojson ${path}: ${(error as Error).message} (expected a Polygon or MultiPolygon, a Feature of one, or a FeatureCollection of them)`,
    );
  }
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of polygons.flat(2)) extend(box, x!, y!);
  if (Math.abs(box[0]) > 180 || Math.abs(box[2]) > 180 || Math.abs(box[1]) > 90 || Math.abs(box[3]) > 90) {
    throw new UsageError(
      `--geojson ${path}: coordinates are not longitude, latitude (British National Grid? GeoJSON is WGS 84)`,
    );
  }
  const london = londonBbox();
  if (box[2] < london[0] || box[0] > london[2] || box[3] < london[1] || box[1] > london[3]) {
    throw new UsageError(`--geojson ${path}: the area lies outside Greater London`);
  }
  const polygon: Polygon | MultiPolygon =
    polygons.length === 1
      ? { type: 'Polygon', coordinates: polygons[0]! }
      : { type: 'MultiPolygon', coordinates: polygons };
  return { polygon };
}

/**
 * The one place a question is asked about, from `--point`, `--grid-ref`, `--borough` or `--geojson`.
 *
 * @example
 * ```ts
 * await placeFrom({ borough: 'lambeth' }); // { borough: 'E09000022' }
 * ```
 */
export async function placeFrom(values: Values): Promise<Site> {
  const given = PLACE_FLAGS.filter((flag) => typeof values[flag] === 'string');
  if (given.length === 0)
    throw new UsageError('say where: --point lon,lat, --grid-ref, --borough or --geojson');
  if (given.length > 1)
    throw new UsageError(`give one place, not ${given.map((f) => `--${f}`).join(' and ')}`);
  const value = values[given[0]!] as string;
  switch (given[0]) {
    case 'point':
      return pointFrom(value);
    case 'grid-ref':
      return gridRefFrom(value);
    case 'borough':
      return boroughFrom(value);
    default:
      return areaFrom(value);
  }
}

/** A calendar date, `YYYY-MM-DD`, that exists. */
export function dateFrom(flag: 'from' | 'to', text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const date = match ? new Date(`${match[0]}T00:00:00Z`) : undefined;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0]) {
    throw new UsageError(`--${flag} ${text}: expected a date YYYY-MM-DD, such as 2026-12-01`);
  }
  return match[0];
}

/** `--from` and `--to`, each a date and in order; either may be missing unless `required`. */
export function windowFrom(values: Values, required: boolean): { from?: string; to?: string } {
  if (required && (values.from === undefined || values.to === undefined)) {
    throw new UsageError('needs the window: --from DATE --to DATE');
  }
  const from = values.from === undefined ? undefined : dateFrom('from', values.from);
  const to = values.to === undefined ? undefined : dateFrom('to', values.to);
  if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** `--radius` in metres: a number above 0 and at most {@link MAX_RADIUS_METRES}. */
export function radiusFrom(text: string): number {
  const metres = number(text);
  if (metres === undefined || metres <= 0 || metres > MAX_RADIUS_METRES) {
    throw new UsageError(`--radius ${text}: expected metres above 0 and at most ${MAX_RADIUS_METRES}`);
  }
  return metres;
}

/** A whole number above 0, such as `--top 10`. */
export function countFrom(flag: string, text: string): number {
  const n = number(text);
  if (n === undefined || !Number.isInteger(n) || n <= 0)
    throw new UsageError(`--${flag} ${text}: expected a whole number above 0`);
  return n;
}

/** A comma-separated list of names the CLI cannot check (they are a service's or a config's): none empty. */
export function namesFrom(flag: string, text: string): string[] {
  const names = text.split(',').map((s) => s.trim());
  if (names.some((name) => name === ''))
    throw new UsageError(`--${flag} ${text}: an empty name in the list (expected a,b)`);
  return names;
}

/** A comma-separated list of names, each one of `known`, with "did you mean". */
export function listFrom<T extends string>(flag: string, text: string, known: readonly T[]): T[] {
  const names = text.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(known as readonly string[]).includes(name)) {
      throw new UsageError(
        `--${flag}: unknown "${name}"${didYouMean(name, known)} (use ${known.join(', ')})`,
      );
    }
  }
  return names as T[];
}

/** One of `known`, with "did you mean". */
export function choiceFrom<T extends string>(flag: string, text: string, known: readonly T[]): T {
  if ((known as readonly string[]).includes(text)) return text as T;
  const choices = known.length === 2 ? known.join(' or ') : known.join(', ');
  throw new UsageError(`--${flag} ${text}: use ${choices}${didYouMean(text, known)}`);
}
