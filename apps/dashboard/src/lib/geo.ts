import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { normaliseCountryName } from '@softpower/engine';
import type { Country, WorldShapes } from './api';

export interface WorldMap {
  /** world-atlas scale of the shapes. */
  scale: '110m' | '50m';
  /** GeoJSON in longitude/latitude, cut at the antimeridian, each feature's `name` the ISO3 code. */
  geoJson: FeatureCollection<Polygon | MultiPolygon, { name: string; label: string }>;
  /** ISO3 codes of the shapes. */
  iso3: Set<string>;
  /** world-atlas shapes no country of the reference matched. */
  unmatched: string[];
}

/**
 * Joins the country shapes (cut at build time, see scripts/world-shapes.ts) to ISO3 by
 * ISO 3166 numeric code through the country reference, and by the engine's normalised
 * country name for the few shapes world-atlas leaves without a code (Kosovo). A name two
 * countries share is not used.
 */
export function joinWorldShapes(shapes: WorldShapes, countries: readonly Country[]): Omit<WorldMap, 'scale'> {
  const started = performance.now();
  const byCode = new Map<number, string>();
  for (const c of countries) if (c.m49 != null && /^\d+$/.test(c.m49)) byCode.set(Number(c.m49), c.iso3);
  let byName: Map<string, string | null> | null = null;
  const nameIndex = () => {
    const index = new Map<string, string | null>();
    for (const c of countries)
      for (const n of [c.nameEn, c.attributes.name_fr, c.attributes.name_es]) {
        if (!n) continue;
        const key = normaliseCountryName(n);
        const seen = index.get(key);
        index.set(key, seen === undefined || seen === c.iso3 ? c.iso3 : null);
      }
    return index;
  };
  const features: Feature<Polygon | MultiPolygon, { name: string; label: string }>[] = [];
  const unmatched: string[] = [];
  const iso3 = new Set<string>();
  for (const f of shapes.features) {
    let code = f.id != null ? byCode.get(Number(f.id)) : undefined;
    if (code === undefined) code = (byName ??= nameIndex()).get(normaliseCountryName(f.properties.name)) ?? undefined;
    if (code === undefined) {
      unmatched.push(f.properties.name);
      continue;
    }
    iso3.add(code);
    features.push({ type: 'Feature', geometry: f.geometry, properties: { name: code, label: f.properties.name } });
  }
  performance.measure('softpower:world-map', { start: started });
  return { geoJson: { type: 'FeatureCollection', features }, iso3, unmatched };
}
