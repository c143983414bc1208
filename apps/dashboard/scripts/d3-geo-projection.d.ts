declare module 'd3-geo-projection' {
  import type { GeoStreamWrapper } from 'd3-geo';
  import type { FeatureCollection } from 'geojson';
  /** Projects GeoJSON through a d3 projection, clipping and cutting as the projection does. */
  export function geoProject<T extends FeatureCollection>(object: T, projection: GeoStreamWrapper): T;
}
