/**
 * @ldn-twin/store: keep, query and share twin records. An embedded PostGIS store (PGlite) by
 * default, a PostgreSQL + PostGIS server when shared, GeoParquet export when it outgrows one machine.
 * @packageDocumentation
 */

export {
  type AccessEntry,
  type AccessLogVerification,
  type AccessOperation,
  type AccessShape,
  canonicalJson,
  GENESIS,
  type StoredAccessEntry,
  sha256Hex,
  verifyAccessLog,
  verifyChain,
} from './access-log.js';
export {
  type AccessReport,
  type AccessReportOptions,
  type AccessTally,
  accessReport,
} from './access-report.js';
export {
  runStoreExport,
  runStorePolicies,
  runStoreQuery,
  runSync,
  runWatch,
  type StoreFilterOptions,
  type StoreOption,
  type StoreOutputReport,
  type SyncCommandOptions,
  type WatchCommandOptions,
} from './commands.js';
export { EXPORT_FORMATS, type ExportFormat, exportRecords } from './export.js';
export { toGeoParquet } from './geoparquet.js';
export { MIGRATIONS, type Migration, SCHEMA_VERSION } from './migrations.js';
export type { StorePolicies } from './policies.js';
export type { PutOptions, PutReport, Rejection, WrittenBatch } from './put.js';
export type { StoreQuery, StoreWithheld, WithheldReason } from './query.js';
export {
  type OpenStoreOptions,
  openStore,
  type RecordVersion,
  type Store,
  type StoreLocation,
} from './store.js';
export {
  type SyncCheckpoint,
  type SyncOptions,
  type SyncParams,
  type SyncReport,
  syncConnector,
} from './sync.js';
export { type ChangeEvent, type WatchOptions, type WatchSummary, watchConnector } from './watch.js';
