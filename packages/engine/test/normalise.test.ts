import { describe, expect, it } from 'vitest';
import { normalisers } from '../src/normalise/index.js';
import type { NormaliseContext } from '../src/normalise/types.js';
import { rankDescending } from '../src/results/rank.js';
import type { Normalisation } from '../src/spec/schema.js';
import { expectAllClose } from './support/close.js';

function run(method: Normalisation['method'], values: number[], params: Partial<Normalisation> = {}, context: Partial<NormaliseContext> = {}): number[] {
  const direction = context.direction ?? 1;
  const input = Float64Array.from(values, (v) => v * direction);
  const out = new Float64Array(values.length);
  normalisers[method](input, out, { direction, params: { method, ...params }, ...context });
  return Array.from(out);
}

const x = [3, 7, NaN, 1, 9];

describe('normalisation methods', () => {
  it('min-max maps the minimum to l and the maximum to u, and keeps missing values missing', () => {
    expectAllClose(run('min-max', x, { range: [0, 100] }), [25, 75, NaN, 0, 100]);
    const out = run('min-max', x, { range: [1, 10] });
    expect(Math.min(...out.filter((v) => !Number.isNaN(v)))).toBe(1);
    expect(Math.max(...out.filter((v) => !Number.isNaN(v)))).toBe(10);
  });

  it('reversing the direction mirrors the ranks of every method that preserves order', () => {
    for (const method of ['min-max', 'z-score', 'rank', 'percentile-rank', 'distance-to-max', 'borda'] as const) {
      const up = rankDescending(run(method, x));
      const down = rankDescending(run(method, x, {}, { direction: -1 }));
      expect(Array.from(down), method).toEqual(Array.from(up).map((r) => (Number.isNaN(r) ? NaN : 5 - r)));
    }
  });

  it('min-max of a constant column is NaN for every unit (0/0, as COINr)', () => {
    expect(run('min-max', [4, 4, 4]).every(Number.isNaN)).toBe(true);
  });

  it('z-score has the requested mean and sample sd: x = 3, 7, 1, 9 → mean 5, sd √(40/3)', () => {
    const sd = Math.sqrt(40 / 3);
    expectAllClose(run('z-score', x, { mean: 10, sd: 2 }), [10 + (2 * (3 - 5)) / sd, 10 + (2 * (7 - 5)) / sd, NaN, 10 + (2 * (1 - 5)) / sd, 10 + (2 * (9 - 5)) / sd]);
  });

  it('rank, Borda and percentile rank put ties at the minimum, as R rank(ties.method = "min")', () => {
    expect(run('rank', [5, 1, 5, 3])).toEqual([3, 1, 3, 2]);
    expect(run('borda', [5, 1, 5, 3])).toEqual([2, 0, 2, 1]);
    expectAllClose(run('percentile-rank', [5, 1, 5, 3]), [2 / 3, 0, 2 / 3, 1 / 3]);
  });

  it('distance to a reference unit scores the reference 1 and the minimum 0, capped on request', () => {
    expectAllClose(run('distance-to-reference', [2, 4, 6], { reference: 'B' }, { referencePosition: 1 }), [0, 1, 2]);
    expectAllClose(run('distance-to-reference', [2, 4, 6], { reference: 'B', cap: true }, { referencePosition: 1 }), [0, 1, 1]);
  });

  it('distance to target uses the node target, flipped with the direction', () => {
    // lower is better, target 2: values 2, 4, 6 → -2, -4, -6; t = -2; min = -6 → 1 - (t - x)/(t - min)
    expectAllClose(run('distance-to-target', [2, 4, 6], {}, { direction: -1, target: 2 }), [1, 0.5, 0]);
  });

  it('fraction of max scores the best unit 1 in either direction; the COINr switch reproduces its direction defect', () => {
    expectAllClose(run('fraction-of-max', [2, 4, 8]), [0.25, 0.5, 1]);
    expectAllClose(run('fraction-of-max', [2, 4, 8], {}, { direction: -1 }), [1, 0.5, 0.25]);
    // COINr 1.1.14: n_fracmax(-x) = -x / max(-x) = -x / -2 → 1, 2, 4 (the best unit lowest)
    expectAllClose(run('fraction-of-max', [2, 4, 8], {}, { direction: -1, fractionOfMaxDirection: 'coinr' }), [1, 2, 4]);
  });

  it('goalposts clamp to [0, 1] and scale; flipped posts score the lower post 1 for lower-is-better', () => {
    expectAllClose(run('goalposts', [0, 5, 10, 20], { lower: 5, upper: 15, scale: 100 }), [0, 0, 50, 100]);
    expectAllClose(run('goalposts', [0, 5, 10, 20], { lower: 5, upper: 15, scale: 100 }, { direction: -1 }), [100, 100, 50, 0]);
    expectAllClose(run('goalposts', [0, 20], { lower: 5, upper: 15, truncate: false }), [-0.5, 1.5]);
  });

  it('scaled applies fixed bounds: (x - l)/(u - l) · 100', () => {
    expectAllClose(run('scaled', [0, 5, 10], { lower: 0, upper: 20 }), [0, 25, 50]);
  });
});
