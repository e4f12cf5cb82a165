/**
 * The twin record model: zod schemas and types of the record and its envelope, deterministic ids,
 * trust helpers (attribution, access labels) and serialisers (FeatureCollection, NDJSON, CSV).
 */
export * from './access-label.js';
export * from './attributes/index.js';
export * from './attribution.js';
export * from './csv.js';
export * from './feature-collection.js';
export * from './geometry.js';
export * from './identifiers.js';
export * from './json-schema.js';
export * from './kinds.js';
export * from './licence.js';
export * from './ndjson.js';
export * from './parse-record.js';
export * from './provenance.js';
export * from './readable-stream.js';
export {
  LOCATION_PRECISIONS,
  type LocationPrecision,
  recordSchema,
  type TwinEnvelope,
  type TwinRecord,
  type TwinRecordOf,
  TwinRecordSchema,
} from './record.js';
export * from './time.js';
export * from './trust.js';
export * from './twin-id.js';
