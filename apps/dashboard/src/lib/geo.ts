import { geoEquirectangular } from 'd3-geo';
import { geoProject } from 'd3-geo-projection';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { createCountryMatcher, type CountryNameRecord } from '@softpower/engine';
import type { Country } from './api';

export interface WorldMap {
  /** GeoJSON in longitude/latitude, cut at the antimeridian, each feature's `name` the ISO3 code. */
  geoJson: FeatureCollection<Geometry, { name: string; label: string }>;
  /** ISO3 codes of the shapes. */
  iso3: Set<string>;
  /** world-atlas shapes no country of the reference matched. */
  unmatched: string[];
}

const antarctica = '010';

function flipY(coordinates: unknown): unknown {
  if (Array.isArray(coordinates) && typeof coordinates[0] === 'number') {
    const p = coordinates as Position;
    return [p[0], -p[1]];
  }
  return (coordinates as unknown[]).map(flipY);
}

/**
 * The world's country shapes for ECharts. world-atlas TopoJSON is converted with
 * topojson-client, then passed through an equirectangular projection scaled to degrees, so
 * that d3-geo cuts every ring at the antimeridian (Russia, Fiji, Kiribati would otherwise
 * be drawn as streaks across the map); the output is flipped back to latitude-up degrees.
 * Shapes are joined to ISO3 by ISO 3166 numeric code through the country reference, with
 * the reference's names for the few shapes world-atlas leaves without a code (Kosovo).
 */
export async function loadWorldMap(countries: readonly Country[]): Promise<WorldMap> {
  const topology = (await import('world-atlas/countries-50m.json')).default as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const kept: FeatureCollection<Geometry, { name: string }> = { type: 'FeatureCollection', features: collection.features.filter((f) => String(f.id) !== antarctica) };
  const started = performance.now();
  const degrees = geoEquirectangular().scale(180 / Math.PI).translate([0, 0]).precision(0.1);
  const projected = geoProject(kept, degrees);
  const records: CountryNameRecord[] = countries.map((c) => ({
    iso3: c.iso3,
    names: [c.nameEn, ...(c.nameZh ? [c.nameZh] : []), ...['name_fr', 'name_es'].map((k) => c.attributes[k]).filter((n): n is string => !!n)],
    codes: c.m49 ? { m49: c.m49.padStart(3, '0') } : {},
  }));
  const matcher = createCountryMatcher(records);
  const features: Feature<Geometry, { name: string; label: string }>[] = [];
  const unmatched: string[] = [];
  const iso3 = new Set<string>();
  for (const f of projected.features) {
    if (!f.geometry) continue;
    const byCode = f.id != null ? matcher.match(String(f.id).padStart(3, '0'), { codeSystem: 'm49' }) : undefined;
    const match = byCode?.status === 'matched' ? byCode : matcher.match(f.properties.name, { codeSystem: 'none' });
    if (match.status !== 'matched') {
      unmatched.push(f.properties.name);
      continue;
    }
    iso3.add(match.iso3);
    const geometry = { ...f.geometry, coordinates: flipY((f.geometry as { coordinates: unknown }).coordinates) } as Geometry;
    features.push({ type: 'Feature', geometry, properties: { name: match.iso3, label: f.properties.name } });
  }
  performance.measure('softpower:world-map', { start: started });
  return { geoJson: { type: 'FeatureCollection', features }, iso3, unmatched };
}
