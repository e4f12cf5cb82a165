/**
 * Well-known text (WKT) read and write, with errors that say which text failed. One small reader
 * takes every type city data carries (POINT, LINESTRING, POLYGON, their MULTI forms and
 * GEOMETRYCOLLECTION, with Z, M or ZM, and EMPTY); it is written here rather than taken from a
 * generated parser so that a browser app that only reads WKT pays about 2 KB for it. A property test
 * checks it against @terraformer/wkt.
 */
import type { Geometry, GeometryCollection, Position } from 'geojson';

/**
 * Thrown for text that is not WKT.
 *
 * @example
 * ```ts
 * import { parseWkt, WktError } from '@ldn-twin/geo';
 * try { parseWkt('POINT (1)'); } catch (e) { e instanceof WktError; } // true
 * ```
 */
export class WktError extends Error {
  /** The text that failed to parse. */
  readonly input: string;
  constructor(input: string, cause: unknown) {
    const shown = input.length > 80 ? `${input.slice(0, 77)}...` : input;
    super(`Could not read WKT '${shown}': ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'WktError';
    this.input = input;
  }
}

/**
 * Reads WKT (POINT, LINESTRING, POLYGON, MULTI*, GEOMETRYCOLLECTION; Z and M accepted) as a GeoJSON
 * geometry. Coordinates are taken as they are: WKT carries no CRS.
 *
 * @throws {WktError} when the text is not WKT.
 * @example
 * ```ts
 * import { parseWkt } from '@ldn-twin/geo';
 * parseWkt('POINT (-0.1276 51.5072)'); // { type: 'Point', coordinates: [-0.1276, 51.5072] }
 * ```
 */
export function parseWkt(text: string): Geometry {
  try {
    const reader = new Reader(text);
    const geometry = reader.geometry();
    reader.end();
    return geometry;
  } catch (error) {
    throw new WktError(text, error);
  }
}

/**
 * Writes a GeoJSON geometry as WKT.
 *
 * @example
 * ```ts
 * import { toWkt } from '@ldn-twin/geo';
 * toWkt({ type: 'Point', coordinates: [-0.1276, 51.5072] }); // 'POINT (-0.1276 51.5072)'
 * ```
 */
export function toWkt(geometry: Geometry): string {
  if (geometry.type === 'GeometryCollection') {
    if (geometry.geometries.length === 0) return 'GEOMETRYCOLLECTION EMPTY';
    return `GEOMETRYCOLLECTION (${geometry.geometries.map(toWkt).join(', ')})`;
  }
  const keyword = geometry.type.toUpperCase();
  const c = geometry.coordinates;
  const first = firstPosition(c);
  if (!first) return `${keyword} EMPTY`;
  const z = first.length === 4 ? ' ZM' : first.length === 3 ? ' Z' : '';
  return `${keyword}${z} ${geometry.type === 'Point' ? `(${position(c as Position)})` : nested(c as Nested)}`;
}

type Nested = Position[] | Nested[];
const position = (p: Position) => p.join(' ');
const nested = (items: Nested): string =>
  `(${(items as (Position | Nested)[]).map((item) => (typeof item[0] === 'number' ? position(item as Position) : nested(item as Nested))).join(', ')})`;
function firstPosition(c: unknown): Position | undefined {
  let at = c;
  while (Array.isArray(at) && Array.isArray(at[0])) at = at[0];
  return Array.isArray(at) && at.length > 0 ? (at as Position) : undefined;
}

const TYPES: Record<string, Exclude<Geometry['type'], 'GeometryCollection'>> = {
  POINT: 'Point',
  LINESTRING: 'LineString',
  POLYGON: 'Polygon',
  MULTIPOINT: 'MultiPoint',
  MULTILINESTRING: 'MultiLineString',
  MULTIPOLYGON: 'MultiPolygon',
};
/** How deep each type nests its positions: 0 is one position, 1 a list of them, and so on. */
const DEPTH: Record<string, number> = {
  Point: 0,
  LineString: 1,
  MultiPoint: 1,
  Polygon: 2,
  MultiLineString: 2,
  MultiPolygon: 3,
};

const WORD = /[A-Za-z]+/y;

/** A recursive-descent reader over the text; each method consumes what it reads. */
class Reader {
  private at = 0;
  // A plain field, not a parameter property: Node's type stripping (which runs the sources in the
  // store's crash test) supports only erasable TypeScript.
  private readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  geometry(): Geometry {
    const keyword = this.word();
    if (!keyword) throw new Error(`expected a geometry type at character ${this.at + 1}`);
    const upper = keyword.toUpperCase();
    const dimensions = this.word(/^(?:ZM|Z|M)$/i);
    if (upper === 'GEOMETRYCOLLECTION') {
      const collection: GeometryCollection = { type: 'GeometryCollection', geometries: [] };
      if (this.empty()) return collection;
      collection.geometries = this.list(() => this.geometry());
      return collection;
    }
    const type = TYPES[upper];
    if (!type) throw new Error(`unknown geometry type ${keyword}`);
    const size = dimensions ? 2 + dimensions.length : undefined;
    if (this.empty()) return { type, coordinates: [] } as Geometry;
    const coordinates =
      type === 'Point'
        ? this.one(size)
        : type === 'MultiPoint'
          ? // MULTIPOINT writes its points with or without their own parentheses.
            this.list(() => (this.peek('(') ? this.one(size) : this.position(size)))
          : this.nested(DEPTH[type] as number, size);
    return { type, coordinates } as Geometry;
  }

  end(): void {
    this.skip();
    if (this.at !== this.text.length) throw new Error(`unexpected text at character ${this.at + 1}`);
  }

  private skip(): void {
    const text = this.text;
    let at = this.at;
    for (;;) {
      const c = text.charCodeAt(at);
      // space, tab, line feed, carriage return
      if (c === 32 || c === 9 || c === 10 || c === 13) at++;
      else break;
    }
    this.at = at;
  }

  private peek(char: string): boolean {
    this.skip();
    return this.text[this.at] === char;
  }

  /** `depth` levels of lists around positions (1: a list of positions), without a closure per list. */
  private nested(depth: number, size: number | undefined): unknown[] {
    this.expect('(');
    const items: unknown[] = [];
    do {
      if (items.length > 0) this.at++;
      items.push(depth === 1 ? this.position(size) : this.nested(depth - 1, size));
    } while (this.peek(','));
    this.expect(')');
    return items;
  }

  private expect(char: string): void {
    if (!this.peek(char)) throw new Error(`expected '${char}' at character ${this.at + 1}`);
    this.at++;
  }

  /** A keyword, or undefined (and nothing consumed) when the next word is not one or fails `only`. */
  private word(only?: RegExp): string | undefined {
    this.skip();
    WORD.lastIndex = this.at;
    const match = WORD.exec(this.text);
    if (!match || (only && !only.test(match[0]))) return undefined;
    this.at += match[0].length;
    return match[0];
  }

  private empty(): boolean {
    const at = this.at;
    if (this.word()?.toUpperCase() === 'EMPTY') return true;
    this.at = at;
    return false;
  }

  /** `( item, item, ... )` */
  private list<T>(item: () => T): T[] {
    this.expect('(');
    const items = [item()];
    while (this.peek(',')) {
      this.at++;
      items.push(item());
    }
    this.expect(')');
    return items;
  }

  /** `( x y )`: one position in parentheses. */
  private one(size: number | undefined): Position {
    this.expect('(');
    const p = this.position(size);
    this.expect(')');
    return p;
  }

  private position(size: number | undefined): Position {
    const numbers: number[] = [];
    const text = this.text;
    // Where the last number began and ended: the next may not start right there ('1..2' is not 1
    // and then .2), and where no number starts, a delimiter must ('1e', '.', '--1').
    let last = -1;
    let lastEnd = -1;
    for (;;) {
      this.skip();
      const at = this.at;
      const end = numberEnd(text, at);
      // A token right after a number ('1..2', '1e') is read from that number's start.
      const token = at === lastEnd ? last : at;
      if (end === at) {
        if (!closes(text, at)) throw notANumber(text, token);
        break;
      }
      if (at === lastEnd) throw notANumber(text, token);
      numbers.push(Number(text.slice(at, end)));
      last = at;
      lastEnd = end;
      this.at = end;
    }
    if (numbers.length < 2 || numbers.length > 4 || (size !== undefined && numbers.length !== size)) {
      throw new Error(`expected ${size ?? '2 to 4'} numbers in a position at character ${this.at + 1}`);
    }
    return numbers;
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** Whether `at` holds ',', ')' or '(', or is the end of the text: what may follow a position. */
function closes(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === 44 || c === 41 || c === 40 || at >= text.length;
}

/** The error for the token from `start` to the next space, ',' or bracket, which is not a number. */
function notANumber(text: string, start: number): Error {
  let stop = start;
  for (
    let c = text.charCodeAt(stop);
    !(c === 32 || c === 9 || c === 10 || c === 13);
    c = text.charCodeAt(++stop)
  ) {
    if (closes(text, stop)) break;
  }
  return new Error(`'${text.slice(start, stop)}' is not a number (character ${start + 1})`);
}

/**
 * Where the number starting at `at` ends (`at` when none starts there): the grammar
 * `[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?` (OGC Simple Features' signed numeric literal), read
 * without a match array per number. The caller checks that a delimiter follows.
 */
function numberEnd(text: string, start: number): number {
  let at = start;
  let c = text.charCodeAt(at);
  if (c === 43 || c === 45) c = text.charCodeAt(++at);
  const intStart = at;
  while (isDigit(c)) c = text.charCodeAt(++at);
  if (at > intStart) {
    if (c === 46) {
      c = text.charCodeAt(++at);
      while (isDigit(c)) c = text.charCodeAt(++at);
    }
  } else {
    if (c !== 46 || !isDigit(text.charCodeAt(at + 1))) return start;
    at += 1;
    c = text.charCodeAt(at);
    while (isDigit(c)) c = text.charCodeAt(++at);
  }
  if (c === 69 || c === 101) {
    let exp = at + 1;
    let e = text.charCodeAt(exp);
    if (e === 43 || e === 45) e = text.charCodeAt(++exp);
    if (isDigit(e)) {
      while (isDigit(e)) e = text.charCodeAt(++exp);
      at = exp;
    }
  }
  return at;
}
