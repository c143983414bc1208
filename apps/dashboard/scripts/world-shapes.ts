import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoEquirectangular } from 'd3-geo';
import { geoProject } from 'd3-geo-projection';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** Country shapes ready for ECharts: longitude/latitude degrees, cut at the antimeridian. */
export type WorldShapes = FeatureCollection<Polygon | MultiPolygon, { name: string }>;

export type WorldScale = '110m' | '50m';

/** ISO 3166 numeric code of Antarctica, left off the map. */
const antarctica = '010';

/** Squared distance from `p` to the segment `a`–`b`. */
function segmentDistance2(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/** Twice the signed area of a ring by the shoelace formula. */
function signedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return sum;
}

/** Douglas–Peucker (1973): the points of `line` that keep it within `tolerance` of the original; the ends are kept. */
function douglasPeucker(line: Position[], tolerance: number): Position[] {
  if (line.length <= 2) return line;
  const keep = new Uint8Array(line.length);
  keep[0] = keep[line.length - 1] = 1;
  const stack: [number, number][] = [[0, line.length - 1]];
  const limit = tolerance * tolerance;
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let worst = -1;
    let worstDistance = limit;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance2(line[i], line[first], line[last]);
      if (d > worstDistance) [worst, worstDistance] = [i, d];
    }
    if (worst < 0) continue;
    keep[worst] = 1;
    stack.push([first, worst], [worst, last]);
  }
  return line.filter((_, i) => keep[i]);
}

/**
 * Simplifies the arcs of a quantised TopoJSON topology in place, so that neighbours, which
 * share their border arcs, stay joined without slivers. The arcs of a ring of several arcs
 * smaller than twenty tolerances across (Monaco, Macao) are kept whole, or it would collapse;
 * a closed arc (an island) is cut at its farthest point from its start before simplifying,
 * and kept whole when it would be left with fewer than four points.
 */
function simplifyTopology(topology: Topology, tolerance: number): void {
  const transform = topology.transform;
  if (!transform) throw new Error('worldShapes: expected a quantised topology (world-atlas ships one)');
  const { scale, translate } = transform;
  const lines = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]): Position => [(x += dx) * scale[0] + translate[0], (y += dy) * scale[1] + translate[1]]);
  });
  const kept = new Set<number>();
  const ringsOf = (geometry: unknown): number[][] => {
    const g = geometry as { type: string; arcs?: unknown; geometries?: unknown[] };
    if (g.type === 'Polygon') return g.arcs as number[][];
    if (g.type === 'MultiPolygon') return (g.arcs as number[][][]).flat();
    if (g.type === 'GeometryCollection') return (g.geometries ?? []).flatMap(ringsOf);
    return [];
  };
  for (const object of Object.values(topology.objects))
    for (const ring of ringsOf(object)) {
      if (ring.length < 2) continue;
      const points = ring.flatMap((i) => lines[i < 0 ? ~i : i]);
      const xs = points.map((p) => p[0]);
      const ys = points.map((p) => p[1]);
      if (Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) < 20 * tolerance) for (const i of ring) kept.add(i < 0 ? ~i : i);
    }
  const simplified = lines.map((line, index) => {
    if (kept.has(index)) return line;
    const start = line[0];
    const end = line[line.length - 1];
    if (start[0] !== end[0] || start[1] !== end[1]) return douglasPeucker(line, tolerance);
    let far = 0;
    for (let i = 1; i < line.length; i++) if (segmentDistance2(line[i], start, start) > segmentDistance2(line[far], start, start)) far = i;
    const ring = [...douglasPeucker(line.slice(0, far + 1), tolerance), ...douglasPeucker(line.slice(far), tolerance).slice(1)];
    return ring.length >= 4 ? ring : line;
  });
  // A ring whose simplified outline turns the other way, or loses half its area, would be
  // filled inside out (the whole world but the country); its arcs are kept whole instead.
  const ringArea = (arcs: readonly Position[][], ring: number[]) => signedArea(ring.flatMap((i) => (i < 0 ? [...arcs[~i]].reverse() : arcs[i])));
  for (const object of Object.values(topology.objects))
    for (const ring of ringsOf(object)) {
      const before = ringArea(lines, ring);
      const after = ringArea(simplified, ring);
      if (Math.sign(before) !== Math.sign(after) || Math.abs(after) < Math.abs(before) / 2) for (const i of ring) simplified[i < 0 ? ~i : i] = lines[i < 0 ? ~i : i];
    }
  topology.arcs = simplified;
  delete topology.transform;
}

/**
 * world-atlas's country shapes at `scale`, simplified along the topology's shared arcs with
 * Douglas–Peucker to within `tolerance` degrees (0.05° is a fifth of a pixel on a 1280-pixel
 * world map), converted from TopoJSON with topojson-client and passed through an equirectangular projection scaled to degrees so that d3-geo cuts every
 * ring at the antimeridian (Russia, Fiji and Kiribati are otherwise drawn as streaks across
 * the map). Latitudes are flipped back up, coordinates rounded to `digits` decimals
 * (0.01° is about 1 km, well under a pixel at any map size the dashboard draws) and repeated
 * points dropped. Each feature keeps world-atlas's id (ISO 3166 numeric) and name, so that
 * the dashboard joins it to the country reference it gets from the API.
 *
 * @example
 * worldShapes('50m').features.length // 240, every country of world-atlas but Antarctica
 */
export function worldShapes(scale: WorldScale, { tolerance = 0.05, digits = 2 }: { tolerance?: number; digits?: number } = {}): WorldShapes {
  const require = createRequire(import.meta.url);
  const path = require.resolve(`world-atlas/countries-${scale}.json`);
  const topology = JSON.parse(readFileSync(path, 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  if (tolerance > 0) simplifyTopology(topology, tolerance);
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>;
  const kept: FeatureCollection<Geometry, { name: string }> = { type: 'FeatureCollection', features: collection.features.filter((f) => String(f.id) !== antarctica) };
  const degrees = geoEquirectangular()
    .scale(180 / Math.PI)
    .translate([0, 0])
    .precision(0.1);
  const projected = geoProject(kept, degrees);
  const factor = 10 ** digits;
  const round = (v: number) => Math.round(v * factor) / factor;
  const ring = (points: Position[]): Position[] => {
    const out: Position[] = [];
    for (const p of points) {
      const q = [round(p[0]), round(-p[1])];
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    return out;
  };
  const polygon = (rings: Position[][]): Position[][] => rings.map(ring).filter((r) => r.length >= 4);
  const features: Feature<Polygon | MultiPolygon, { name: string }>[] = [];
  for (const f of projected.features) {
    const g = f.geometry;
    if (!g) continue;
    let geometry: Polygon | MultiPolygon | null = null;
    if (g.type === 'Polygon') {
      const rings = polygon(g.coordinates);
      if (rings.length) geometry = { type: 'Polygon', coordinates: rings };
    } else if (g.type === 'MultiPolygon') {
      const polygons = g.coordinates.map(polygon).filter((p) => p.length);
      if (polygons.length) geometry = { type: 'MultiPolygon', coordinates: polygons };
    }
    if (!geometry) continue;
    features.push({ type: 'Feature', id: f.id == null ? undefined : String(f.id), geometry, properties: { name: f.properties.name } });
  }
  return { type: 'FeatureCollection', features };
}
