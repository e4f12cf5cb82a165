/**
 * @ldn-twin/core: the twin record model, the connector contract and the HTTP client. Transport
 * internals (cache, host rate limits, redaction) are in `@ldn-twin/core/http`, HAR recording and
 * replay in `@ldn-twin/core/har`, test helpers in `@ldn-twin/core/testing`.
 * @module index
 */
// The connector contract, running it, and mapping raw items to records.
export {
  type BoundConnector,
  type CallOptions,
  type CollectedRecords,
  type ConnectOptions,
  connect,
  credentialRedaction,
  DEFAULT_CALL_BOUNDS,
  type RecordStream,
} from './connector/connect.js';
export type {
  AnyConnector,
  AuthRequirement,
  Connector,
  CredentialSpec,
  LondonTwin,
  Operation,
  OperationContext,
  RateLimitsOf,
  SettingSpec,
} from './connector/contract.js';
export {
  createMappingSession,
  type MappingIssue,
  type MappingSession,
  mapPage,
  type RecordMapper,
  type RunReport,
} from './connector/mapping.js';
export { type TwinRecordInput, twinRecord } from './connector/record-builder.js';
export { type ConnectorInfo, withOperations } from './connector/with-operations.js';
export { type WithoutUndefined, withoutUndefined } from './connector/without-undefined.js';
// One error hierarchy.
export {
  ConfigError,
  HarNoMatchError,
  HttpError,
  isConfigError,
  isHarNoMatchError,
  isHttpError,
  isLdnTwinError,
  isNetworkError,
  isPagingError,
  isRateLimitedError,
  isRedirectError,
  isResponseTooLargeError,
  isSchemaError,
  isTimeoutError,
  LdnTwinError,
  type LdnTwinErrorCode,
  NetworkError,
  PagingError,
  RateLimitedError,
  type RedactedRequest,
  RedirectError,
  ResponseTooLargeError,
  SchemaError,
  TimeoutError,
} from './errors.js';
// The HTTP client and paging.
export {
  type Auth,
  type ClientOptions,
  createClient,
  type HttpClient,
  type JsonResponse,
  type Logger,
  type ProgressEvent,
  type RequestOptions,
  type SearchParams,
} from './http/client.js';
export {
  type CollectOptions,
  type CursorPage,
  type CursorPagesOptions,
  collect,
  cursorPages,
  items,
  type LinkPage,
  type LinkPagesOptions,
  linkPages,
  type OffsetPage,
  type OffsetPagesOptions,
  offsetPages,
} from './http/paging.js';
export type { RateLimit } from './http/rate-limit.js';
// The twin record model.
export {
  type AccessLabel,
  AccessLabelSchema,
  CLASSIFICATIONS,
  type Classification,
  ClassificationSchema,
  OPEN_ACCESS,
} from './model/access-label.js';
export { AddressAttributes } from './model/attributes/address.js';
export { AlertAttributes } from './model/attributes/alert.js';
export { BuildingAttributes } from './model/attributes/building.js';
export { CulturalVenueAttributes } from './model/attributes/cultural-venue.js';
export { DatasetAttributes, DatasetDistribution } from './model/attributes/dataset.js';
export { EnergyPerformanceAttributes } from './model/attributes/energy-performance.js';
export { FacilityAttributes } from './model/attributes/facility.js';
export { IncidentAttributes } from './model/attributes/incident.js';
export { ATTRIBUTE_SCHEMAS, type AttributesOf } from './model/attributes/index.js';
export { InfrastructureProjectAttributes } from './model/attributes/infrastructure-project.js';
export {
  AdministrativeAreaAttributes,
  APPLICATION_STAGES,
  AREA_TYPES,
  CONSTRAINT_TYPES,
  PlanningApplicationAttributes,
  PlanningConstraintAttributes,
  ResidentialDetails,
  ResidentialUnit,
} from './model/attributes/planning.js';
export { ScenarioResultAttributes } from './model/attributes/scenario-result.js';
export { ObservationAttributes, SensorAttributes } from './model/attributes/sensing.js';
export { SimulationRunAttributes } from './model/attributes/simulation-run.js';
export { StreetWorkAttributes } from './model/attributes/street-work.js';
export { DISRUPTION_TYPES, TransportDisruptionAttributes } from './model/attributes/transport-disruption.js';
export { TransportStopAttributes } from './model/attributes/transport-stop.js';
export { UndergroundAssetAttributes } from './model/attributes/underground-asset.js';
export {
  type AttributionPart,
  attributionDates,
  attributionParts,
  attributionText,
} from './model/attribution.js';
export { CSV_ENVELOPE_COLUMNS, type CsvOptions, csvCell, flattenRecord, toCsv } from './model/csv.js';
export {
  parseFeatureCollection,
  type TwinFeatureCollection,
  toFeatureCollection,
} from './model/feature-collection.js';
export {
  BBoxSchema,
  BNG_CRS,
  GeometrySchema,
  PlaceSchema,
  type TwinGeometry,
  type TwinPlace,
} from './model/geometry.js';
export {
  IDENTIFIER_SCHEMES,
  type Identifier,
  IdentifierSchema,
  RELATION_TYPES,
  type Relation,
  RelationSchema,
} from './model/identifiers.js';
export { twinRecordJsonSchema } from './model/json-schema.js';
export { isKind, KINDS, type Kind, KindSchema, kindFromKebab, kindToKebab } from './model/kinds.js';
export { type Licence, LicenceSchema, OGL_V1_URL, OGL_V2_URL, OGL_V3_URL } from './model/licence.js';
export { parseNdjson, toNdjson } from './model/ndjson.js';
export { parseTwinRecord } from './model/parse-record.js';
export {
  PROVENANCE_METHODS,
  type Provenance,
  ProvenanceSchema,
  type Scenario,
  ScenarioSchema,
} from './model/provenance.js';
export { toReadableStream } from './model/readable-stream.js';
export {
  LOCATION_PRECISIONS,
  type LocationPrecision,
  recordSchema,
  type TwinEnvelope,
  type TwinRecord,
  type TwinRecordOf,
  TwinRecordSchema,
} from './model/record.js';
export { IsoInstantSchema, type JsonFgTime, JsonFgTimeSchema } from './model/time.js';
export {
  type Audience,
  type AudienceFilterOptions,
  attributions,
  canSee,
  combineAccess,
  derivedTrust,
  filterForAudience,
  LABEL_WITHHOLDS,
  type Labelled,
  PUBLIC_AUDIENCE,
} from './model/trust.js';
export { isTwinId, parseTwinId, type TwinIdParts, twinId, twinIdPattern } from './model/twin-id.js';
// Parsing helpers for connectors.
export {
  type CsvBatch,
  CsvParser,
  type CsvRecord,
  type CsvRecordsOptions,
  type CsvRow,
  type CsvSource,
  csvRecords,
  csvRows,
  eachCsvRecord,
  isCsvSource,
} from './parse/csv-reader.js';
export { withFastPath } from './parse/fast-path.js';
export { hotSchema } from './parse/hot-schema.js';
export {
  oneOrMany,
  optionalIsoDate,
  optionalNumber,
  optionalText,
  optionalUkDate,
  requiredNumber,
} from './parse/lenient.js';
export { type ZonelessTimes, zonelessToUtc } from './parse/zoneless-time.js';
// ODRL policies: terms of use as data, evaluated at every exit.
export {
  evaluate,
  honourPolicies,
  POLICY_ACTIONS,
  type PolicyAction,
  type PolicyDecision,
  type PolicyRequest,
  type PolicyTerms,
  permittedBy,
  policyGate,
} from './policy/evaluate.js';
export {
  CC_BY_4_POLICY,
  ERG_LAQN_POLICY,
  EXAMPLE_SHARED_ASSETS_POLICY,
  LICENCE_POLICIES,
  LONDON_POLICIES,
  LONDON_POLICY_REGISTRY,
  OGL_V2_POLICY,
  OGL_V3_POLICY,
  sharedAssetsPolicy,
  TFL_OPEN_DATA_POLICY,
} from './policy/london.js';
export {
  type OdrlConstraint,
  OdrlConstraintSchema,
  type OdrlDuty,
  OdrlDutySchema,
  type OdrlPolicy,
  OdrlPolicySchema,
  type OdrlRule,
  OdrlRuleSchema,
  type PolicyRegistry,
  policyRegistry,
} from './policy/odrl.js';
