/**
 * The London Datastore (DataPress): the protocol layer shared by the connectors built on it. Service connectors import
 * this index, never another service's folder.
 */
export {
  ColumnCandidates,
  containsPhrase,
  extraColumns,
  normaliseColumn,
  resolveColumns,
} from './columns.js';
export { DatastoreSettings } from './config.js';
export { mapCsvResource } from './csv-resource.js';
export {
  ContentTypeMismatchError,
  DeclaredSizeTooLargeError,
  type DownloadOptions,
  downloadResource,
  expectedTypes,
  isContentTypeMismatchError,
  type ResourceDownload,
} from './download.js';
export { datastoreLicence, GLA_OGL_LICENCE, OGL_ATTRIBUTION } from './licence.js';
export {
  type CatalogueContext,
  type DatasetRecord,
  datasetId,
  htmlToText,
  mapDatasetDetail,
  mapExportDataset,
  mapResource,
} from './map.js';
export { RawDetailResource, RawExport, RawExportDataset } from './raw.js';
export { type DatastoreResource, fromDetailResource, readDataset, toInstant } from './resources.js';
export { type ColumnType, locate, numberField, type ParsedRow, textField } from './tabular.js';
