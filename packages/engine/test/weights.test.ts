import { describe, expect, it } from 'vitest';
import { SoftPowerError } from '../src/errors.js';
import { ahp, checkPairwiseMatrix, saatyRandomIndex } from '../src/weights/ahp.js';
import { coefficientOfVariation } from '../src/weights/coefficient-of-variation.js';
import { critic } from '../src/weights/critic.js';
import { completeCases, correlationMatrix } from '../src/weights/complete-cases.js';
import { entropy } from '../src/weights/entropy.js';
import { dataWeightings } from '../src/weights/index.js';
import { pca } from '../src/weights/pca.js';
import { symmetricEigen } from '../src/stats/eigen.js';
import type { DataWeighting } from '../src/weights/types.js';
import { expectAllClose, expectClose } from './support/close.js';

const col = (...values: number[]) => Float64Array.from(values);

/** The problem code of the SoftPowerError thrown by `run`, or a failure if it does not throw one. */
function thrownCode(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(SoftPowerError);
    return (e as SoftPowerError).code;
  }
  throw new Error('expected a SoftPowerError');
}

/**
 * Eight units, four children sharing a common factor (so every pair is positively
 * correlated and PCA loadings are all positive), on a 0–100 scale as after min-max.
 */
const panel = [
  col(12, 25, 33, 47, 52, 68, 71, 90),
  col(20, 18, 40, 45, 61, 58, 80, 85),
  col(35, 30, 28, 50, 49, 66, 62, 70),
  col(5, 40, 22, 38, 70, 55, 64, 99),
];

const methods: [string, DataWeighting][] = [
  ['entropy', entropy],
  ['critic', critic],
  ['coefficient-of-variation', coefficientOfVariation],
  ['pca', pca],
];

describe('data-driven weights: invariants', () => {
  it('the registry maps every data-driven method id to its function', () => {
    expect(dataWeightings.entropy).toBe(entropy);
    expect(dataWeightings.critic).toBe(critic);
    expect(dataWeightings['coefficient-of-variation']).toBe(coefficientOfVariation);
    expect(dataWeightings.pca).toBe(pca);
  });

  for (const [name, weigh] of methods) {
    it(`${name}: weights are non-negative and sum to 1`, () => {
      const w = weigh(panel);
      expect(w.length).toBe(4);
      for (const x of w) expect(x).toBeGreaterThanOrEqual(0);
      expectClose(w.reduce((a, b) => a + b, 0), 1, { rel: 1e-14 });
    });

    it(`${name}: permuting the children permutes the weights`, () => {
      const order = [2, 0, 3, 1];
      const w = weigh(panel);
      const permuted = weigh(order.map((k) => panel[k]));
      expectAllClose(
        permuted,
        order.map((k) => w[k]),
        { rel: 1e-12 },
      );
    });

    it(`${name}: identical children get identical weights`, () => {
      const w = weigh([panel[0], panel[1], panel[0]]);
      expectClose(w[0], w[2], { rel: 1e-12 });
    });

    it(`${name}: units with a missing child are left out (complete cases)`, () => {
      const withGap = panel.map((c) => Float64Array.from([...c, 50]));
      withGap[1][8] = NaN;
      expectAllClose(weigh(withGap), weigh(panel), { rel: 1e-14 });
    });

    it(`${name}: fewer than two complete units is an error (DATA_EMPTY)`, () => {
      expect(thrownCode(() => weigh([col(1, NaN, 3), col(NaN, 2, 4)]))).toBe('DATA_EMPTY');
      expect(thrownCode(() => weigh([col(1), col(2)]))).toBe('DATA_EMPTY');
    });
  }

  it('completeCases keeps the units with a value for every column, and 0 is a value', () => {
    const [a, b] = completeCases([col(0, NaN, 3, 4), col(5, 6, NaN, 0)]);
    expectAllClose(a, [0, 4]);
    expectAllClose(b, [5, 0]);
  });
});

describe('entropy weights', () => {
  it('entropy([1, 1, 2], [1, 2, 3]) gives d = 1 - e with e derived by hand', () => {
    // n = 3, k = 1/ln 3.
    // Child A: p = (1/4, 1/4, 1/2); -Σ p ln p = ½ ln 4 + ½ ln 2 = (3/2) ln 2, so e_A = (3/2) ln 2 / ln 3.
    // Child B: p = (1/6, 2/6, 3/6); -Σ p ln p = (1/6) ln 6 + (1/3) ln 3 + (1/2) ln 2
    //          = (2/3) ln 2 + (1/2) ln 3, so e_B = (2/3) ln 2 / ln 3 + 1/2.
    const r = Math.LN2 / Math.log(3);
    const dA = 1 - 1.5 * r;
    const dB = 0.5 - (2 / 3) * r;
    const w = entropy([col(1, 1, 2), col(1, 2, 3)]);
    expectAllClose(w, [dA / (dA + dB), dB / (dA + dB)], { rel: 1e-12 });
    expectClose(w[0], 0.40309173531334175, { rel: 1e-12 }, 'w_A (the closed form evaluated)');
  });

  it('entropy treats 0 · ln 0 as 0: a child (0, 0, 1) has e = 0 and all of the divergence', () => {
    // p = (0, 0, 1): e = -(1/ln 3)(1 · ln 1) = 0, d = 1; child (1, 1, 1) is constant, d = 0.
    expectAllClose(entropy([col(0, 0, 1), col(1, 1, 1)]), [1, 0]);
  });

  it('entropy gives a constant child (and an all-zero child) weight 0', () => {
    const w = entropy([col(1, 2, 3), col(7, 7, 7), col(0, 0, 0)]);
    expectAllClose(w, [1, 0, 0]);
  });

  it('entropy gives equal weights when every child is constant', () => {
    expectAllClose(entropy([col(4, 4), col(0, 0), col(-1, -1)]), [1 / 3, 1 / 3, 1 / 3]);
  });

  it('entropy shifts a child with negative values by its minimum', () => {
    // (-1, -1, 0) shifted by its minimum -1 is (0, 0, 1): the child of the 0 · ln 0 case.
    expectAllClose(entropy([col(-1, -1, 0), col(1, 2, 3)]), entropy([col(0, 0, 1), col(1, 2, 3)]), { rel: 1e-14 });
  });
});

describe('CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995)', () => {
  it('critic([0, 1, 2], [0, 2, 4], [0, 0, 3]) matches the hand derivation', () => {
    // Sample sds: σ1 = 1, σ2 = 2, σ3 = √3 (deviations (-1, -1, 2), Σ² = 6, / 2 = 3).
    // r12 = 1 (child 2 = 2 × child 1); r13 = r23 = ((-1)(-1) + 0 · (-1) + 1 · 2) / (√2 · √6) = √3 / 2.
    // C1 = 1 · (0 + 1 + 1 - √3/2) = 1 - √3/2, C2 = 2 (1 - √3/2) = 2 - √3,
    // C3 = √3 · 2 (1 - √3/2) = 2√3 - 3; Σ C = √3 / 2.
    // w = (2/√3 - 1, 4/√3 - 2, 4 - 2√3) = (0.1547…, 0.3094…, 0.5359…).
    const s3 = Math.sqrt(3);
    expectAllClose(critic([col(0, 1, 2), col(0, 2, 4), col(0, 0, 3)]), [2 / s3 - 1, 4 / s3 - 2, 4 - 2 * s3], { rel: 1e-12 });
  });

  it('critic gives a constant child weight 0 and treats it as uncorrelated with the others', () => {
    // Child 1 (0, 1, 2) and child 2 (2, 1, 0): σ = 1 each, r12 = -1; child 3 constant, r taken as 0.
    // C1 = 1 · ((1 - 1) + (1 + 1) + (1 - 0)) = 3 = C2, C3 = 0.
    expectAllClose(critic([col(0, 1, 2), col(2, 1, 0), col(5, 5, 5)]), [0.5, 0.5, 0]);
  });

  it('critic gives equal weights when every child is constant', () => {
    expectAllClose(critic([col(1, 1, 1), col(2, 2, 2)]), [0.5, 0.5]);
  });

  it('correlationMatrix is Pearson r, as R cor(): cor(1:4, c(1, 3, 2, 4)) = 0.8', () => {
    // Deviations (-1.5, -0.5, 0.5, 1.5) and (-1.5, 0.5, -0.5, 1.5): Σ products 4, Σ squares 5 and 5.
    const r = correlationMatrix([col(1, 2, 3, 4), col(1, 3, 2, 4)]);
    expectAllClose(r, [1, 0.8, 0.8, 1], { rel: 1e-14 });
  });
});

describe('coefficient-of-variation weights', () => {
  it('coefficientOfVariation([1, 2, 3], [2, 4, 6], [4, 5, 6]) is CV (0.5, 0.5, 0.2) / 1.2', () => {
    // sd = 1, 2, 1 (sample, n - 1); mean = 2, 4, 5; CV = 0.5, 0.5, 0.2; Σ = 1.2.
    expectAllClose(coefficientOfVariation([col(1, 2, 3), col(2, 4, 6), col(4, 5, 6)]), [5 / 12, 5 / 12, 1 / 6], { rel: 1e-14 });
  });

  it('coefficientOfVariation uses |mean| for a child with a negative mean', () => {
    // (-3, -2, -1): sd 1, |mean| 2, CV 0.5, as (1, 2, 3).
    expectAllClose(coefficientOfVariation([col(-3, -2, -1), col(4, 5, 6)]), [0.5 / 0.7, 0.2 / 0.7], { rel: 1e-14 });
  });

  it('coefficientOfVariation gives a constant child (and an all-zero child) weight 0, and equal weights when all are constant', () => {
    expectAllClose(coefficientOfVariation([col(1, 2, 3), col(0, 0, 0), col(9, 9, 9)]), [1, 0, 0]);
    expectAllClose(coefficientOfVariation([col(0, 0, 0), col(9, 9, 9)]), [0.5, 0.5]);
  });

  it('coefficientOfVariation refuses a child that varies around a mean of zero (z-scores)', () => {
    expect(thrownCode(() => coefficientOfVariation([col(-1, 0, 1), col(1, 2, 3)]))).toBe('SPEC_BAD_PARAMETER');
  });
});

describe('PCA weights (COINr get_PCA: first principal component of the correlation matrix)', () => {
  // Centred columns built from orthogonal contrasts u = (1, 1, -1, -1), v = (1, -1, 1, -1),
  // w = (1, -1, -1, 1): child 1 = 10 + u + v, child 2 = 10 + u - v, child 3 = 10 + u + w.
  // Then r12 = (|u|² - |v|²) / 8 = 0 and r13 = r23 = |u|² / 8 = 1/2, so
  // R = [[1, 0, ½], [0, 1, ½], [½, ½, 1]]. For R = [[1, a, b], [a, 1, b], [b, b, 1]] the vector
  // (1, 1, t) is an eigenvector when b t² + a t - 2b = 0; with a = 0, b = ½: t = √2 and
  // λ = 1 + a + b t = 1 + √2/2 = 1.7071…, above the other eigenvalues 1 - a = 1 (for (1, -1, 0))
  // and 1 - √2/2. Loadings (1, 1, √2) / 2, which sum to (2 + √2) / 2, so the weights are
  // (1, 1, √2) / (2 + √2) = (1 - 1/√2, 1 - 1/√2, √2 - 1).
  const children = [col(12, 10, 10, 8), col(10, 12, 8, 10), col(12, 10, 8, 10)];

  it('pca weights are the first-component loadings divided by their sum (hand-derived eigenvector)', () => {
    expectAllClose(pca(children), [1 - Math.SQRT1_2, 1 - Math.SQRT1_2, Math.SQRT2 - 1], { rel: 1e-12 });
  });

  it('pca weights do not depend on the scale or origin of a child (prcomp with center and scale)', () => {
    const rescaled = [Float64Array.from(children[0], (x) => 3 * x - 7), children[1], children[2]];
    expectAllClose(pca(rescaled), pca(children), { rel: 1e-12 });
  });

  it('pca refuses loadings that sum to zero: two negatively correlated children', () => {
    // r = -1: the first component is (1, -1) / √2, whose loadings sum to 0.
    expect(thrownCode(() => pca([col(1, 2, 3), col(3, 2, 1)]))).toBe('SPEC_BAD_PARAMETER');
  });

  it('pca refuses a first component that is not unique: uncorrelated children', () => {
    // (0, 1, 0, 1) and (0, 0, 1, 1) have r = 0: both eigenvalues are 1.
    expect(thrownCode(() => pca([col(0, 1, 0, 1), col(0, 0, 1, 1)]))).toBe('SPEC_BAD_PARAMETER');
  });

  it('pca refuses a constant child, as R prcomp(scale = TRUE) does', () => {
    expect(thrownCode(() => pca([col(1, 2, 3), col(5, 5, 5)]))).toBe('SPEC_BAD_PARAMETER');
  });

  it('pca gives a single child the weight 1', () => {
    expectAllClose(pca([col(1, 2, 3)]), [1]);
  });

  it('symmetricEigen of [[2, 1], [1, 2]] gives eigenvalues 3 and 1, eigenvectors (1, 1)/√2 and (1, -1)/√2', () => {
    const { values, vectors } = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expectAllClose(values, [3, 1], { rel: 1e-14 });
    expectAllClose(vectors[0], [Math.SQRT1_2, Math.SQRT1_2], { rel: 1e-14 });
    expectAllClose(vectors[1], [Math.SQRT1_2, -Math.SQRT1_2], { rel: 1e-14 });
  });

  it('symmetricEigen returns orthonormal vectors with A v = λ v, largest entry positive', () => {
    const m = 4;
    const a = Float64Array.of(4, 1, -2, 2, 1, 2, 0, 1, -2, 0, 3, -2, 2, 1, -2, -1);
    const { values, vectors } = symmetricEigen(a, m);
    for (let k = 0; k < m; k++) {
      if (k > 0) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
      const v = vectors[k];
      const av = Float64Array.from({ length: m }, (_, i) => v.reduce((s, x, j) => s + a[i * m + j] * x, 0));
      expectAllClose(av, Array.from(v, (x) => values[k] * x), { abs: 1e-13, rel: 1e-12 });
      const largest = v.reduce((best, x) => (Math.abs(x) > Math.abs(best) ? x : best), 0);
      expect(largest).toBeGreaterThan(0);
      for (let l = 0; l < m; l++) {
        const dot = v.reduce((s, x, i) => s + x * vectors[l][i], 0);
        expectClose(dot, k === l ? 1 : 0, { abs: 1e-14, rel: 1e-14 });
      }
    }
    // The trace is the sum of the eigenvalues: 4 + 2 + 3 - 1 = 8.
    expectClose(
      values.reduce((s, x) => s + x, 0),
      8,
      { rel: 1e-14 },
    );
  });
});

describe('AHP', () => {
  it("saatyRandomIndex holds Saaty's RI for n = 3…10: 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49", () => {
    expect(saatyRandomIndex.slice(3, 11)).toEqual([0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]);
    expect(saatyRandomIndex.slice(0, 3)).toEqual([0, 0, 0]);
  });

  it('ahp on a perfectly consistent matrix (a_ij = w_i / w_j) recovers w exactly with λmax = n and CR = 0', () => {
    const w = [0.4, 0.3, 0.2, 0.1];
    const matrix = w.map((wi) => w.map((wj) => wi / wj));
    const result = ahp(matrix);
    expectAllClose(result.weights, w, { rel: 1e-14 });
    expectClose(result.lambdaMax, 4, { rel: 1e-14 });
    expectClose(result.consistencyIndex, 0, { abs: 1e-14 });
    expectClose(result.consistencyRatio, 0, { abs: 1e-14 });
    expect(result.randomIndex).toBe(0.9);
  });

  it('ahp on a 3 × 3 matrix matches the closed form: row geometric means and λmax = 1 + δ^⅓ + δ^-⅓', () => {
    // For n = 3 the principal eigenvector of a reciprocal matrix is the vector of row geometric
    // means (Crawford & Williams 1985, J. Math. Psychology 29, 387–405): here
    // (10^⅓, 1.5^⅓, (1/15)^⅓) normalised. With that vector, (A w)_1 / w_1 = 1 + δ^⅓ + δ^-⅓ where
    // δ = a12 · a23 / a13 = 2 · 3 / 5 = 1.2 (the same for every row), so
    // λmax = 3.0036945980636…, CI = (λmax - 3) / 2, CR = CI / 0.58.
    const matrix = [
      [1, 2, 5],
      [1 / 2, 1, 3],
      [1 / 5, 1 / 3, 1],
    ];
    const g = [10, 1.5, 1 / 15].map(Math.cbrt);
    const total = g[0] + g[1] + g[2];
    const lambdaMax = 1 + Math.cbrt(1.2) + 1 / Math.cbrt(1.2);
    const result = ahp(matrix);
    expectAllClose(
      result.weights,
      g.map((x) => x / total),
      { rel: 1e-12 },
    );
    expectClose(result.lambdaMax, lambdaMax, { rel: 1e-13 });
    expectClose(result.consistencyIndex, (lambdaMax - 3) / 2, { rel: 1e-9 });
    expectClose(result.consistencyRatio, (lambdaMax - 3) / 2 / 0.58, { rel: 1e-9 });
  });

  it('ahp([[1, 3], [1/3, 1]]) gives (0.75, 0.25) with CR = 0 (every 2 × 2 reciprocal matrix is consistent)', () => {
    const result = ahp([
      [1, 3],
      [1 / 3, 1],
    ]);
    expectAllClose(result.weights, [0.75, 0.25], { rel: 1e-14 });
    expect(result.consistencyRatio).toBe(0);
  });

  it('ahp refuses a matrix that is not positive reciprocal, listing every problem', () => {
    expect(
      thrownCode(() =>
        ahp([
          [1, 2],
          [2, 1],
        ]),
      ),
    ).toBe('SPEC_BAD_PARAMETER');
    expect(thrownCode(() => ahp([]))).toBe('SPEC_BAD_PARAMETER');
    expect(
      checkPairwiseMatrix(
        [
          [1, 2, NaN],
          [0.5, 2, 1],
          [4, 1, 1],
        ],
        3,
      ),
    ).toEqual(['entries [0][2] = NaN and [2][0] = 4 are not positive reciprocals', 'diagonal entry [1][1] is 2, must be 1']);
    expect(
      checkPairwiseMatrix(
        [
          [1, 2],
          [NaN, 1],
        ],
        2,
      ),
    ).toEqual(['entries [0][1] = 2 and [1][0] = NaN are not positive reciprocals']);
    expect(checkPairwiseMatrix([[1, 2]], 2)).toEqual(['the matrix must be 2 × 2 (one row and column per child in "order")']);
  });
});
