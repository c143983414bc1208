import { describe, expect, it } from 'vitest';
import {
  compensatedMean,
  medianSorted,
  quantileType7,
  sampleVariance,
  sobolIndices,
  type SobolIndex,
} from '../src/sensitivity/estimators.js';
import { saltelliDesign, saltelliRun, seededRandom, sobolMaxDimension, sobolPoint, uncertaintyRow, type Sampling } from '../src/sensitivity/sampling.js';
import { summariseRanks, summariseRuns } from '../src/sensitivity/uncertainty.js';
import { expectAllClose, expectClose } from './support/close.js';

const exact = { rel: 0, abs: 0 };

describe('R conventions of the summary statistics', () => {
  it('quantileType7 reproduces R quantile(type = 7)', () => {
    // R: quantile(1:4, 0.05) = 1.15; quantile(1:10, 0.95) = 9.55; quantile(c(2, 2, 7), 0.5) = 2
    expectClose(quantileType7(Float64Array.of(1, 2, 3, 4), 0.05), 1.15, { rel: 1e-15 });
    expectClose(quantileType7(Float64Array.from({ length: 10 }, (_, i) => i + 1), 0.95), 9.55, { rel: 1e-15 });
    expect(quantileType7(Float64Array.of(2, 2, 7), 0.5)).toBe(2);
    expect(quantileType7(Float64Array.of(5), 0.05)).toBe(5);
    expect(quantileType7(new Float64Array(0), 0.5)).toBeNaN();
  });

  it('medianSorted is the mean of the middle pair for an even count, as R median()', () => {
    expect(medianSorted(Float64Array.of(1, 2, 4, 10))).toBe(3);
    expect(medianSorted(Float64Array.of(1, 2, 4))).toBe(2);
  });

  it('sampleVariance divides by n - 1 as R var(): var(1:10) = 9.166667', () => {
    expectClose(sampleVariance(Float64Array.from({ length: 10 }, (_, i) => i + 1)), 55 / 6, { rel: 1e-15 });
    expect(sampleVariance(Float64Array.of(3))).toBeNaN();
  });

  it('summariseRanks (counting) gives the numbers of summariseRuns (sorting), missing values removed', () => {
    const runs = 101;
    const cells = 7;
    const random = seededRandom(5);
    const values = new Float64Array(runs * cells);
    for (let i = 0; i < values.length; i++) values[i] = random.nextDouble() < 0.05 ? NaN : 1 + random.nextInt(30);
    const counted = summariseRanks(values, runs, cells, 30);
    const sorted = summariseRuns(values, runs, cells);
    for (const key of ['mean', 'median', 'q05', 'q95'] as const) expectAllClose(counted[key], sorted[key], { rel: 1e-15 });
    expect(Array.from(counted.count)).toEqual(Array.from(sorted.count));
    // an independent check of one cell against the definitions
    const column = Array.from({ length: runs }, (_, r) => values[r * cells + 3]).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
    const h = (column.length - 1) * 0.95;
    expectClose(sorted.q95[3], column[Math.floor(h)] + (h - Math.floor(h)) * (column[Math.ceil(h)] - column[Math.floor(h)]), { rel: 1e-15 });
    expectClose(sorted.mean[3], column.reduce((s, v) => s + v, 0) / column.length, { rel: 1e-14 });
  });
});

describe('seeded random streams', () => {
  it('seededRandom(seed, ...stream) gives the same numbers every time, and other numbers for another stream or seed', () => {
    const draw = (seed: number, ...stream: number[]) => {
      const r = seededRandom(seed, ...stream);
      return Array.from({ length: 5 }, () => r.nextDouble());
    };
    expect(draw(42, 0, 7)).toEqual(draw(42, 0, 7));
    expect(draw(42, 0, 7)).not.toEqual(draw(42, 0, 8));
    expect(draw(42, 0, 7)).not.toEqual(draw(43, 0, 7));
    expect(draw(42, 1, 0)).not.toEqual(draw(42, 0, 1));
    for (const v of draw(2 ** 40, 3)) expect(v >= 0 && v < 1).toBe(true);
  });

  it('nextDouble is uniform: mean 1/2 and variance 1/12 within Monte Carlo error over 20 000 draws', () => {
    const r = seededRandom(1);
    const x = Float64Array.from({ length: 20000 }, () => r.nextDouble());
    // standard errors: 0.0020 for the mean, 0.0006 for the variance; 4 of them allowed
    expectClose(compensatedMean(x), 0.5, { abs: 0.008 });
    expectClose(sampleVariance(x), 1 / 12, { abs: 0.0025 });
  });

  it('rejects a negative or fractional seed', () => {
    expect(() => seededRandom(-1)).toThrow(/seed/);
    expect(() => seededRandom(1.5)).toThrow(/seed/);
  });
});

describe('Sobol sequence', () => {
  it('sobolPoint matches SciPy 1.17.1 qmc.Sobol(d, scramble=False), i.e. Joe and Kuo new-joe-kuo-6.21201 in Gray-code order', () => {
    // SciPy: qmc.Sobol(d=8, scramble=False).random(8)[4]
    expect(Array.from(sobolPoint(4, 8))).toEqual([0.375, 0.375, 0.625, 0.875, 0.375, 0.125, 0.375, 0.875]);
    expect(Array.from(sobolPoint(2, 8))).toEqual([0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75]);
    // SciPy: qmc.Sobol(d=65, scramble=False).random(12346)[i][[0, 1, 2, 10, 20, 32, 48, 64]]
    const dims = [0, 1, 2, 10, 20, 32, 48, 64];
    const p1000 = sobolPoint(1000, 65);
    expect(dims.map((d) => p1000[d])).toEqual([0.2197265625, 0.0966796875, 0.5185546875, 0.0849609375, 0.5224609375, 0.2958984375, 0.9990234375, 0.1298828125]);
    const p12345 = sobolPoint(12345, 65);
    expect(dims.map((d) => p12345[d])).toEqual([0.64093017578125, 0.81341552734375, 0.16033935546875, 0.07427978515625, 0.19927978515625, 0.50262451171875, 0.66314697265625, 0.94659423828125]);
  });

  it('the first 2^m points put exactly one point in each interval of width 2^-m, in every dimension', () => {
    const m = 8;
    const d = sobolMaxDimension();
    const seen = Array.from({ length: d }, () => new Uint8Array(2 ** m));
    const point = new Float64Array(d);
    for (let i = 0; i < 2 ** m; i++) {
      sobolPoint(i, d, point);
      for (let k = 0; k < d; k++) seen[k][Math.floor(point[k] * 2 ** m)]++;
    }
    for (const counts of seen) expect(counts.every((c) => c === 1)).toBe(true);
  });

  it('refuses more dimensions than the direction numbers cover', () => {
    expect(() => sobolPoint(1, sobolMaxDimension() + 1)).toThrow(/dimensions/);
  });
});

describe("Saltelli's design", () => {
  it('has N(d + 2) rows in COINr order: A, B, then AB_i = A with column i from B', () => {
    const n = 5;
    const d = 3;
    for (const sampling of ['random', 'sobol'] as Sampling[]) {
      const x = saltelliDesign(n, d, 9, sampling);
      expect(x.length).toBe(n * (d + 2) * d);
      const row = (r: number) => Array.from(x.subarray(r * d, (r + 1) * d));
      for (let j = 0; j < n; j++) {
        const a = row(j);
        const b = row(n + j);
        for (let i = 0; i < d; i++) {
          const expected = a.slice();
          expected[i] = b[i];
          expect(row((2 + i) * n + j)).toEqual(expected);
        }
      }
    }
  });

  it('any run is computed on its own, so a run is the same whichever chunk computes it', () => {
    const x = saltelliDesign(6, 2, 3);
    expect(Array.from(saltelliRun(17, 6, 2, 3, 'random'))).toEqual(Array.from(x.subarray(34, 36)));
    expect(Array.from(uncertaintyRow(9, 4, 3, 'random'))).toEqual(Array.from(uncertaintyRow(9, 4, 3, 'random')));
    expect(() => saltelliRun(24, 6, 2, 3, 'random')).toThrow(/outside/);
  });
});

/** Outputs of a function over Saltelli's design on [0, 1)^d. */
function evaluate(f: (x: Float64Array) => number, n: number, d: number, sampling: Sampling, seed = 1): Float64Array {
  const design = saltelliDesign(n, d, seed, sampling);
  const y = new Float64Array(n * (d + 2));
  for (let r = 0; r < y.length; r++) y[r] = f(design.subarray(r * d, (r + 1) * d));
  return y;
}

function maxError(indices: readonly SobolIndex[], first: readonly number[], total: readonly number[]): number {
  let worst = 0;
  indices.forEach((s, i) => (worst = Math.max(worst, Math.abs(s.first - first[i]), Math.abs(s.total - total[i]))));
  return worst;
}

describe('sobolIndices (COINr SA_estimate: Saltelli 2010 first order, Jansen total)', () => {
  it('on y = x1 + 2 x2 + 3 x3 (COINr SA_estimate example) converges to S_i = ST_i = c_i^2 / 14 as N grows', () => {
    const f = (x: Float64Array) => x[0] + 2 * x[1] + 3 * x[2];
    const analytic = [1 / 14, 4 / 14, 9 / 14];
    const errors = [2 ** 8, 2 ** 12, 2 ** 16].map((n) => maxError(sobolIndices(evaluate(f, n, 3, 'sobol'), n, 3).indices, analytic, analytic));
    expect(errors[1]).toBeLessThan(errors[0]);
    expect(errors[2]).toBeLessThan(errors[1]);
    expect(errors[2], `largest |error| at N = 65536: ${errors[2]}`).toBeLessThan(0.002);
    // seeded pseudo-random sampling: within the Monte Carlo error at N = 2^14
    const random = sobolIndices(evaluate(f, 2 ** 14, 3, 'random'), 2 ** 14, 3).indices;
    expect(maxError(random, analytic, analytic)).toBeLessThan(0.03);
  });

  it('on the Ishigami function (a = 7, b = 0.1) converges to its analytic indices as N grows', () => {
    const a = 7;
    const b = 0.1;
    const pi = Math.PI;
    const f = (u: Float64Array) => {
      const x1 = -pi + 2 * pi * u[0];
      const x2 = -pi + 2 * pi * u[1];
      const x3 = -pi + 2 * pi * u[2];
      return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1);
    };
    // Ishigami & Homma (1990); Saltelli et al. (2008), Global Sensitivity Analysis: The Primer, §4.9
    const v1 = 0.5 * (1 + (b * pi ** 4) / 5) ** 2;
    const v2 = a ** 2 / 8;
    const v13 = (8 * b ** 2 * pi ** 8) / 225;
    const v = v1 + v2 + v13;
    const first = [v1 / v, v2 / v, 0];
    const total = [(v1 + v13) / v, v2 / v, v13 / v];
    expectClose(first[0], 0.3139, { abs: 1e-4 });
    expectClose(total[2], 0.2437, { abs: 1e-4 });
    const errors = [2 ** 8, 2 ** 12, 2 ** 16].map((n) => maxError(sobolIndices(evaluate(f, n, 3, 'sobol'), n, 3).indices, first, total));
    expect(errors[2]).toBeLessThan(errors[0]);
    expect(errors[2], `largest |error| at N = 65536: ${errors[2]}`).toBeLessThan(0.01);
    const random = sobolIndices(evaluate(f, 2 ** 14, 3, 'random'), 2 ** 14, 3).indices;
    expect(maxError(random, first, total)).toBeLessThan(0.05);
  });

  it('an input the function ignores has S = ST = 0 exactly, and so have its bootstrap quantiles', () => {
    const f = (x: Float64Array) => Math.exp(x[0]) + x[2] * x[0];
    const s = sobolIndices(evaluate(f, 200, 3, 'random'), 200, 3, { bootstrap: 50, random: seededRandom(1, 3) }).indices[1];
    expect([s.first, s.total, s.firstQ05, s.firstQ95, s.totalQ05, s.totalQ95].map((v) => Math.abs(v))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('bootstrap quantiles bracket the estimates and are reproducible with the same generator', () => {
    const f = (x: Float64Array) => x[0] + 2 * x[1] + 3 * x[2];
    const y = evaluate(f, 500, 3, 'random');
    const one = sobolIndices(y, 500, 3, { bootstrap: 200, random: seededRandom(7) });
    const two = sobolIndices(y, 500, 3, { bootstrap: 200, random: seededRandom(7) });
    expect(one).toEqual(two);
    for (const s of one.indices) {
      expect(s.firstQ05).toBeLessThan(s.first);
      expect(s.firstQ95).toBeGreaterThan(s.first);
      expect(s.totalQ05).toBeLessThan(s.total);
      expect(s.totalQ95).toBeGreaterThan(s.total);
    }
    // V is var(c(y_A, y_B)), as COINr
    expectClose(one.variance, sampleVariance(y.subarray(0, 1000)), exact);
  });

  it('checks its arguments', () => {
    expect(() => sobolIndices(new Float64Array(9), 2, 3)).toThrow(/N\(d \+ 2\)/);
    expect(() => sobolIndices(new Float64Array(10), 2, 3, { bootstrap: 5 })).toThrow();
  });
});
