/**
 * ArcGIS REST (FeatureServer/MapServer): the protocol layer shared by the connectors built on it. Service connectors import
 * this index, never another service's folder.
 */
export { queryLayer, readLayerInfo } from './layer.js';
export { type DatasetRecord, layerToDataset, readServiceInfo } from './listing.js';
export type { ConstraintRecord } from './map.js';
export {
  ConstraintMapping,
  type MappedField,
  type MappingPlan,
  type ResolveContext,
  resolveField,
  resolveMapping,
} from './mapping.js';
export { checkQueryFilter, LayerUrl, queryFilterShape, ServiceUrl, toLayerQuery } from './params.js';
export { DISTANCE_UNITS, type DistanceUnit, type LayerQuery, querySearchParams } from './query.js';
export { RawAllLayers, RawLayerInfo, RawServiceLayer } from './raw.js';
export { esriGet } from './request.js';
