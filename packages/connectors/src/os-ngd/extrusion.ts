/**
 * Building records as flat GeoJSON for MapLibre's `fill-extrusion` layer. MapLibre cannot read the
 * nested `properties.attributes` of a twin record in a style expression (non-scalar properties are
 * serialised to strings when a GeoJSON source is tiled), so heights are lifted to top-level numbers.
 */
import type { TwinRecordOf } from '@ldn-twin/core';
import type { FeatureCollection, Geometry } from 'geojson';

/**
 * Flat properties of one extrusion feature.
 *
 * @example
 * ```ts
 * import type { ExtrusionProperties } from '@ldn-twin/connectors/os-ngd';
 * const p: ExtrusionProperties = { id: 'urn:ldntwin:building:os-ngd:bld-fts-building-4%3Aabc', heightMetres: 18.5, baseMetres: 0 };
 * ```
 */
export interface ExtrusionProperties {
  id: string;
  name?: string;
  /** Height of the top above the ground, metres (0 when unknown, so the footprint stays flat). */
  heightMetres: number;
  /** Height of the bottom above the ground, metres. */
  baseMetres: number;
}

/**
 * Building records as a FeatureCollection for a MapLibre `fill-extrusion` layer; see the os-ngd docs
 * page for the paint expression.
 *
 * @example
 * ```ts
 * import { toFillExtrusion } from '@ldn-twin/connectors/os-ngd';
 * map.addSource('buildings', { type: 'geojson', data: toFillExtrusion(records) });
 * map.addLayer({
 *   id: 'buildings-3d', type: 'fill-extrusion', source: 'buildings',
 *   paint: { 'fill-extrusion-height': ['get', 'heightMetres'], 'fill-extrusion-base': ['get', 'baseMetres'], 'fill-extrusion-color': '#b8b1a6' },
 * });
 * ```
 */
export function toFillExtrusion(
  buildings: Iterable<TwinRecordOf<'Building'>>,
): FeatureCollection<Geometry, ExtrusionProperties> {
  const features: FeatureCollection<Geometry, ExtrusionProperties>['features'] = [];
  for (const record of buildings) {
    if (record.geometry === null) continue;
    const { name, attributes } = record.properties;
    features.push({
      type: 'Feature',
      id: record.id,
      geometry: record.geometry,
      properties: {
        id: record.id,
        ...(name ? { name } : {}),
        heightMetres: attributes.heightMetres ?? 0,
        baseMetres: 0,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
