/**
 * Output validation for bulk runs. {@link checkRecord} gives the same verdict as
 * `TwinRecordSchema.safeParse`, at a fraction of its cost on the records mappings make: a
 * hand-written pass checks the envelope (ids, times, geometry, identifiers, relations, provenance)
 * with the schema's own patterns and bounds, and the kind's attribute schema (zod) checks the
 * attributes. The pass only ever says "valid" for a record the schema accepts; whatever it is unsure
 * of (a `bbox`, a `place`, a scenario, anything it does not pass) goes to the zod schema, which
 * decides and names the issues. So a record is accepted exactly when the schema accepts it.
 */
import * as z from 'zod';
import { hotSchema } from '../parse/hot-schema.js';
import { AccessLabelSchema } from './access-label.js';
import { ATTRIBUTE_SCHEMAS } from './attributes/index.js';
import { IDENTIFIER_SCHEMES, RELATION_TYPES } from './identifiers.js';
import { isKind, type Kind } from './kinds.js';
import { LicenceSchema } from './licence.js';
import { PROVENANCE_METHODS } from './provenance.js';
import { LOCATION_PRECISIONS, type TwinRecord, TwinRecordSchema } from './record.js';
import { ISO_DATE, ISO_DATE_TIME } from './time.js';
import { twinIdPattern } from './twin-id.js';

type Check = { success: true } | { success: false; error: z.ZodError };

/**
 * Validates records like `TwinRecordSchema.safeParse`, with a fast path for the valid ones; one
 * checker per run, so licences and access labels shared by its records (the same object) are
 * checked once.
 *
 * @example
 * ```ts
 * const check = createRecordCheck();
 * const result = check(record);
 * if (!result.success) console.error(result.error.issues);
 * ```
 * @internal
 */
export function createRecordCheck(): (record: unknown) => Check {
  const shared = new WeakSet<object>();
  const sharedValid = (value: unknown, schema: z.ZodType): boolean => {
    if (typeof value !== 'object' || value === null) return false;
    if (shared.has(value)) return true;
    if (!schema.safeParse(value).success) return false;
    shared.add(value);
    return true;
  };
  return (record) => {
    if (fastValid(record, sharedValid)) return VALID;
    const result = TwinRecordSchema.safeParse(record);
    return result.success ? VALID : { success: false, error: result.error };
  };
}

/** One answer for every valid record: nothing to allocate per record. */
const VALID: Check = Object.freeze({ success: true });

const RECORD_KEYS = new Set(['type', 'id', 'featureType', 'geometry', 'time', 'properties']);
const PROPERTY_KEYS = new Set([
  'kind',
  'name',
  'description',
  'identifiers',
  'validFrom',
  'validTo',
  'observedAt',
  'recordedAt',
  'locationPrecision',
  'relations',
  'provenance',
  'licence',
  'access',
  'attributes',
]);
const PROVENANCE_KEYS = new Set([
  'publisher',
  'dataset',
  'sourceId',
  'sourceUrl',
  'retrievedAt',
  'method',
  'connector',
]);
const ID_PATTERNS = new Map<string, RegExp>();
const PRECISIONS = new Set<string>(LOCATION_PRECISIONS);
const SCHEMES = new Set<string>(IDENTIFIER_SCHEMES);
const RELATIONS = new Set<string>(RELATION_TYPES);
/** Provenance methods without `simulated`: a simulated record needs a scenario, left to the schema. */
const METHODS = new Set<string>(PROVENANCE_METHODS.filter((m) => m !== 'simulated'));
/** The relation target pattern of `RelationSchema`. */
const URN = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$/;
const Url = z.url();
/** `z.url()`'s rule (the URL parser accepts the trimmed text), without a parse result per record. */
const isUrl: (value: string) => boolean =
  typeof URL.canParse === 'function'
    ? (value) => URL.canParse(value.trim())
    : (value) => Url.safeParse(value).success;

type Shared = (value: unknown, schema: z.ZodType) => boolean;
type Obj = Record<string, unknown>;

/** `every` that visits holes too (zod reads a hole as `undefined`). */
function all(value: unknown, test: (item: unknown) => boolean): value is unknown[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!test(value[i])) return false;
  return true;
}

const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
const optionalText = (value: unknown): boolean => value === undefined || text(value);
const instant = (value: unknown): boolean =>
  typeof value === 'string' && (ISO_DATE.test(value) || ISO_DATE_TIME.test(value));
const optionalInstant = (value: unknown): boolean => value === undefined || instant(value);

/** Only own keys in `allowed` (a strict object's rule). */
function onlyKeys(value: Obj, allowed: ReadonlySet<string>): boolean {
  for (const key in value) if (Object.hasOwn(value, key) && !allowed.has(key)) return false;
  return true;
}

function idPattern(kind: Kind): RegExp {
  let pattern = ID_PATTERNS.get(kind);
  if (!pattern) {
    pattern = new RegExp(twinIdPattern(kind));
    ID_PATTERNS.set(kind, pattern);
  }
  return pattern;
}

function fastValid(record: unknown, shared: Shared): record is TwinRecord {
  if (!isObject(record) || !onlyKeys(record, RECORD_KEYS) || record.type !== 'Feature') return false;
  const kind = record.featureType;
  if (!isKind(kind) || typeof record.id !== 'string' || !idPattern(kind).test(record.id)) return false;
  const geometry = record.geometry;
  if (geometry !== null && !isWgs84Geometry(geometry)) return false;
  if (record.time !== null && !isJsonFgTime(record.time)) return false;
  const p = record.properties;
  if (!isObject(p) || !onlyKeys(p, PROPERTY_KEYS) || p.kind !== kind) return false;
  if (!optionalText(p.name) || !optionalText(p.description)) return false;
  if (!optionalInstant(p.validFrom) || !optionalInstant(p.validTo) || !optionalInstant(p.observedAt)) {
    return false;
  }
  if (!instant(p.recordedAt)) return false;
  if (p.validFrom !== undefined && p.validTo !== undefined) {
    const [from, to] = [Date.parse(p.validFrom as string), Date.parse(p.validTo as string)];
    if (!Number.isNaN(from) && !Number.isNaN(to) && from > to) return false;
  }
  const precision = p.locationPrecision;
  if (typeof precision !== 'string' || !PRECISIONS.has(precision)) return false;
  if ((geometry === null) !== (precision === 'none')) return false;
  if (!all(p.identifiers, isIdentifier)) return false;
  if (!all(p.relations, isRelation)) return false;
  if (!isProvenance(p.provenance)) return false;
  if (!shared(p.licence, LicenceSchema) || !shared(p.access, AccessLabelSchema)) return false;
  return attributesValid(kind, p.attributes);
}

/** A kind's attribute schema with `extra` checked apart, when `extra` is a plain string-to-string record. */
interface SplitAttributes {
  /** The schema with `extra` taken as anything (checked by {@link isTextRecord}). */
  readonly rest: z.ZodType;
  /** Whether the schema requires `extra` (neither optional nor defaulted). */
  readonly extraRequired: boolean;
}
const SPLITS = new Map<Kind, SplitAttributes | null>();

/**
 * The verdict of the kind's attribute schema. A verdict is all that is needed: `validate` (compiled,
 * it builds no output) answers as safeParse. A string-to-string `extra` (dozens of columns on a wide
 * row, most of zod's work there) is checked by hand, the rest by the schema without it.
 */
function attributesValid(kind: Kind, attributes: unknown): boolean {
  let split = SPLITS.get(kind);
  if (split === undefined) {
    split = splitExtra(ATTRIBUTE_SCHEMAS[kind]);
    SPLITS.set(kind, split);
  }
  if (split === null) return hotSchema<z.ZodType>(ATTRIBUTE_SCHEMAS[kind]).validate(attributes);
  if (!isObject(attributes)) return false;
  const extra = attributes.extra;
  if (extra === undefined ? split.extraRequired : !isTextRecord(extra)) return false;
  return hotSchema(split.rest).validate(attributes);
}

/** `schema` split as {@link SplitAttributes}, or null when its `extra` is anything else (or absent). */
function splitExtra(schema: z.ZodType): SplitAttributes | null {
  const shape = (schema as Partial<z.ZodObject>).shape;
  if (shape === undefined || shape.extra === undefined) return null;
  let extra = shape.extra as z.ZodType;
  let extraRequired = true;
  for (let def = extra._zod.def; def.type === 'optional' || def.type === 'default'; def = extra._zod.def) {
    extraRequired = false;
    extra = (def as z.core.$ZodOptionalDef | z.core.$ZodDefaultDef).innerType as z.ZodType;
  }
  const def = extra._zod.def as z.core.$ZodRecordDef;
  const plainString = (t: z.core.$ZodType) => t._zod.def.type === 'string' && !t._zod.def.checks?.length;
  if (
    def.type !== 'record' ||
    def.checks?.length ||
    !plainString(def.keyType) ||
    !plainString(def.valueType)
  ) {
    return null;
  }
  return { rest: (schema as z.ZodObject).extend({ extra: z.unknown() }), extraRequired };
}

/**
 * Accepted by `z.record(z.string(), z.string())`: the record reads own enumerable keys, symbols
 * included (which fail a string key). Only a plain object whose own string keys all hold strings,
 * with no symbol key, is said to pass; anything else goes to the schema.
 */
function isTextRecord(value: unknown): boolean {
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  // Object.prototype's keys are not enumerable: for...in meets the own enumerable ones.
  for (const key in value) if (typeof value[key] !== 'string') return false;
  return Object.getOwnPropertySymbols(value).length === 0;
}

function isIdentifier(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.scheme === 'string' &&
    SCHEMES.has(value.scheme) &&
    text(value.value) &&
    optionalText(value.issuer) &&
    onlyKeys(value, IDENTIFIER_KEYS)
  );
}
const IDENTIFIER_KEYS = new Set(['scheme', 'value', 'issuer']);

function isRelation(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.rel === 'string' &&
    RELATIONS.has(value.rel) &&
    typeof value.target === 'string' &&
    URN.test(value.target) &&
    onlyKeys(value, RELATION_KEYS)
  );
}
const RELATION_KEYS = new Set(['rel', 'target']);

function isProvenance(value: unknown): boolean {
  return (
    isObject(value) &&
    onlyKeys(value, PROVENANCE_KEYS) &&
    text(value.publisher) &&
    text(value.dataset) &&
    optionalText(value.sourceId) &&
    (value.sourceUrl === undefined || (typeof value.sourceUrl === 'string' && isUrl(value.sourceUrl))) &&
    instant(value.retrievedAt) &&
    typeof value.method === 'string' &&
    METHODS.has(value.method) &&
    optionalText(value.connector)
  );
}

const TIME_KEYS = new Set(['date', 'timestamp', 'interval']);
const intervalEnd = (value: unknown): boolean => value === '..' || instant(value);

/** `JsonFgTimeSchema`: a strict object with a date, a timestamp and/or a two-ended interval. */
function isJsonFgTime(value: unknown): boolean {
  if (!isObject(value) || !onlyKeys(value, TIME_KEYS)) return false;
  const { date, timestamp, interval } = value;
  if (date === undefined && timestamp === undefined && interval === undefined) return false;
  if (date !== undefined && !(typeof date === 'string' && ISO_DATE.test(date))) return false;
  if (timestamp !== undefined && !(typeof timestamp === 'string' && ISO_DATE_TIME.test(timestamp))) {
    return false;
  }
  return (
    interval === undefined ||
    (Array.isArray(interval) && interval.length === 2 && intervalEnd(interval[0]) && intervalEnd(interval[1]))
  );
}

/** A WGS 84 position of `GeometrySchema`: finite numbers, longitude and latitude in range. */
function isPosition(value: unknown): boolean {
  if (!Array.isArray(value) || value.length < 2) return false;
  const [lon, lat] = value;
  if (typeof lon !== 'number' || lon < -180 || lon > 180 || !Number.isFinite(lon)) return false;
  if (typeof lat !== 'number' || lat < -90 || lat > 90 || !Number.isFinite(lat)) return false;
  for (let i = 2; i < value.length; i++) {
    const n: unknown = value[i];
    if (typeof n !== 'number' || !Number.isFinite(n)) return false;
  }
  return true;
}

/** An array of positions, at least `min` long. */
function isPositions(value: unknown, min: number): boolean {
  return Array.isArray(value) && value.length >= min && all(value, isPosition);
}

const isRing = (value: unknown): boolean => isPositions(value, 4);
const isRings = (value: unknown): boolean => all(value, isRing);

/**
 * `GeometrySchema` without `bbox` (a geometry with one goes to the schema): a simple geometry, or a
 * collection of simple ones.
 */
function isWgs84Geometry(value: unknown, nested = false): boolean {
  if (!isObject(value) || value.bbox !== undefined) return false;
  const c = value.coordinates;
  switch (value.type) {
    case 'Point':
      return isPosition(c);
    case 'MultiPoint':
      return isPositions(c, 0);
    case 'LineString':
      return isPositions(c, 2);
    case 'MultiLineString':
      return all(c, (line) => isPositions(line, 2));
    case 'Polygon':
      return isRings(c);
    case 'MultiPolygon':
      return all(c, isRings);
    case 'GeometryCollection':
      return !nested && all(value.geometries, (g) => isWgs84Geometry(g, true));
    default:
      return false;
  }
}
