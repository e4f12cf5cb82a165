/**
 * OGC API - Features: the protocol layer shared by the connectors built on it. Service connectors import
 * this index, never another service's folder.
 */

export { declaresCql2, RawConformance, serverDeclaresCql2 } from './conformance.js';
export { axisOf, CRS, mapPositions, toWgs84 } from './crs.js';
export {
  type CollectionMappingContext,
  FEATURE_KINDS,
  type FeatureKind,
  type FeatureMappingContext,
  type FeatureRecord,
  mapCollection,
  mapFeature,
  PropertyMap,
  type PropertyMapping,
} from './map.js';
export { RawCollection, RawCollections, RawFeature, RawItems, RawLink } from './raw.js';
export {
  CollectionsParams,
  ItemParams,
  ItemsParams,
  type OgcSettings,
  runCollections,
  runItem,
  runItems,
} from './run.js';
