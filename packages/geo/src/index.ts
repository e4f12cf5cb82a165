/**
 * @ldn-twin/geo: British National Grid with OSTN15, OS grid references, London boroughs, spatial
 * joins, measures in metres and aggregation. The whole-GB OSTN15 grid is the opt-in subpath
 * `@ldn-twin/geo/ostn15-gb`.
 * @module index
 */

export {
  type Aggregate,
  type AggregateOptions,
  aggregateByBorough,
  aggregateByGridSquare,
  aggregateByH3,
  type BoroughAggregates,
  boroughAggregatesToGeoJSON,
  type GridSquareAggregate,
  type GridSquareOptions,
  gridSquaresToGeoJSON,
  type H3Aggregate,
  h3CellsToGeoJSON,
} from './aggregate.js';
export { areaHectares, areaSquareMetres } from './area.js';
export { type BboxTransformOptions, bboxBngToWgs84, bboxWgs84ToBng } from './bbox.js';
export {
  type BatchTransformResult,
  type BngCoordinate,
  type BngTransform,
  type BngTransformOptions,
  bngToWgs84,
  bngToWgs84Batch,
  createBngTransform,
  type TransformMethod,
  type Wgs84Coordinate,
  wgs84ToBng,
  wgs84ToBngBatch,
} from './bng-transform.js';
export {
  BOROUGH_ATTRIBUTION,
  BOROUGHS,
  type Borough,
  type BoroughProperties,
  boroughBoundaries,
} from './borough-data.js';
export { boroughBoundariesForWeb } from './borough-web.js';
export {
  boroughAt,
  boroughAtBng,
  boroughIndexesAt,
  boroughIndexesAtBng,
  NO_BOROUGH,
  prepareBoroughIndex,
} from './boroughs.js';
export { type BufferMetresOptions, bufferMetres } from './buffer.js';
export { ostn15London } from './data/ostn15-london.js';
export {
  type FormatGridRefOptions,
  formatGridRef,
  type GridRef,
  type GridRefDigits,
  GridReferenceError,
  gridRefSquare,
  gridRefToWgs84,
  parseGridRef,
  wgs84ToGridRef,
} from './grid-ref.js';
export { helmertBngToWgs84, helmertWgs84ToBng } from './helmert.js';
export { createPointIndex, distanceMetres, type PointIndex, type PointMatch } from './nearest.js';
export {
  createPolygonRasterIndex,
  NO_POLYGON,
  type PolygonRasterIndex,
  type PolygonRasterIndexOptions,
} from './polygon-raster-index.js';
export { decodeShiftGrid, type EncodedShiftGrid, type ShiftGrid } from './shift-grid.js';
export {
  type FitOptions,
  type FittedGeometry,
  type SimplifyForWebOptions,
  simplifyForWeb,
  simplifyToFit,
} from './simplify.js';
export { createFeatureIndex, type FeatureIndex, pointsInPolygons } from './spatial-join.js';
export {
  AIRY_NATIONAL_GRID,
  GRS80_NATIONAL_GRID,
  type NationalGridProjection,
  projectNationalGrid,
  unprojectNationalGrid,
} from './transverse-mercator.js';
export { parseWkt, toWkt, WktError } from './wkt.js';
