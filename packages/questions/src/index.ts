/**
 * @ldn-twin/questions: London's questions answered across twins with one call. Each question takes a
 * place, asks the sources it needs concurrently, and returns a report with the records used, a
 * summary, how each source answered, and the combined attributions and access label.
 * @packageDocumentation
 */

export {
  assessCapacity,
  CAPACITY_SOURCES,
  type CapacityArea,
  type CapacityInputs,
  type CapacityOptions,
  type CapacityRecord,
  type CapacityReport,
  type CapacitySource,
  capacityForGrowth,
  DEFAULT_DEMAND,
  type DemandAssumptions,
  type ScenarioMargin,
} from './capacity.js';
export type { ConfigOf, QuestionConfig } from './config.js';
export { type CultureOptions, type CultureRecord, culturalInfrastructureNear } from './culture.js';
export {
  type DigOnceMove,
  type DigOnceOpportunity,
  type DigOnceOptions,
  type DigOnceRecord,
  type DigOnceWork,
  digOnce,
  type PlanOptions,
  planDigOnce,
} from './dig-once.js';
export { type CleanWindow, cleanestWindows, type EnergyOutlookOptions, energyOutlook } from './energy.js';
export {
  type RecordStore,
  type RecordStoreQuery,
  type StoredCoverage,
  type StoreSourceSpec,
  type SyncedSource,
  storeSource,
} from './from-store.js';
export {
  createGeocoder,
  type Geocoder,
  type GeocoderOptions,
  type GeocoderResult,
  type GeocoderSearchOptions,
  isPostcode,
  POSTCODE_PATTERN,
} from './geocoder.js';
export {
  developmentPipeline,
  type PipelineOptions,
  type PipelineRecord,
  type PipelineStage,
  pipelineStage,
} from './pipeline.js';
export { PlaceError, type ResolvedPlace, resolvePlace, type Site } from './place.js';
export {
  type Development,
  type Progress,
  type ProgressOptions,
  type ProgressReport,
  type ProgressStage,
  progressOf,
  projectProgress,
} from './progress.js';
export {
  askAll,
  buildReport,
  connectFor,
  type DatasetCheck,
  type QuestionOptions,
  type QuestionReport,
  type Source,
  type SourceReport,
  shortReason,
  type Withheld,
} from './report.js';
export {
  RESTRICTION_SOURCES,
  type RestrictionRecord,
  type RestrictionSource,
  type RestrictionsOptions,
  restrictionsAt,
} from './restrictions.js';
export {
  type BuildingLocation,
  type CertifiedBuilding,
  certifiedBuildings,
  type RetrofitCandidate,
  type RetrofitOptions,
  type RetrofitRecord,
  rankRetrofit,
  retrofitCandidates,
  retrofitRankingLines,
} from './retrofit.js';
