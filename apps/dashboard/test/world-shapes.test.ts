import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { worldShapes } from '../scripts/world-shapes.js';

const ringsOf = (geometry: { type: string; coordinates: unknown }): Position[][] => (geometry.type === 'Polygon' ? (geometry.coordinates as Position[][]) : (geometry.coordinates as Position[][][]).flat());

describe('worldShapes', () => {
  const fine = worldShapes('50m');
  const coarse = worldShapes('110m');

  it('worldShapes("50m") keeps every world-atlas country but Antarctica, small ones included', () => {
    expect(fine.features).toHaveLength(240);
    const names = new Set(fine.features.map((f) => f.properties.name));
    for (const small of ['Monaco', 'Macao', 'Singapore', 'Malta', 'Bahrain', 'Kosovo']) expect(names).toContain(small);
    expect(names).not.toContain('Antarctica');
    for (const f of coarse.features) expect(names).toContain(f.properties.name);
  });

  it('worldShapes cuts rings at the antimeridian: no segment spans more than 180° of longitude', () => {
    for (const shapes of [fine, coarse])
      for (const f of shapes.features)
        for (const ring of ringsOf(f.geometry)) {
          expect(ring.length, f.properties.name).toBeGreaterThanOrEqual(4);
          for (let i = 1; i < ring.length; i++) expect(Math.abs(ring[i][0] - ring[i - 1][0]), f.properties.name).toBeLessThanOrEqual(180);
          for (const [x, y] of ring) expect(Math.abs(x) <= 180 && Math.abs(y) <= 90, f.properties.name).toBe(true);
        }
  });

  it('worldShapes never fills a country inside out: no shape spans the height of the map', () => {
    for (const shapes of [fine, coarse])
      for (const f of shapes.features) {
        const ys = ringsOf(f.geometry).flat().map((p) => p[1]);
        expect(Math.max(...ys) - Math.min(...ys), f.properties.name).toBeLessThan(100);
      }
  });

  it('worldShapes keeps world-atlas ids (ISO 3166 numeric) for the join: China is 156', () => {
    expect(fine.features.find((f) => f.properties.name === 'China')?.id).toBe('156');
  });
});
