import type { Random } from './sampling.js';

/**
 * Estimators of variance-based sensitivity indices, as COINr 1.1.14's `SA_estimate`
 * (R/sensitivity.R): from the outputs of Saltelli's design (A, B, then AB_1 … AB_d, N rows
 * each),
 *
 *   V   = var(c(y_A, y_B))                      (sample variance, n - 1, as R's var())
 *   S_i = mean(y_B · (y_ABi − y_A)) / V         (Saltelli et al. 2010, Comput. Phys. Commun.
 *                                                181, 259–270, table 2 (b))
 *   ST_i = Σ (y_A − y_ABi)² / (2 N V)           (Jansen 1999, ibid. table 2 (f))
 *
 * Confidence intervals by bootstrap as COINr: for each index, the N terms of its estimator
 * are resampled with replacement (V kept), and the 5th and 95th percentiles (R's quantile
 * type 7) of the bootstrap replicates are reported.
 */

/**
 * Quantile of a sorted sample by R's default definition (type 7), computed as R's
 * `quantile.default` does: h = 1 + (n − 1)p, then (1 − f)·x[⌊h⌋] + f·x[⌈h⌉] with f = h − ⌊h⌋
 * (the interpolation is skipped when both neighbours are equal). NaN for an empty sample.
 *
 * @example quantileType7(Float64Array.of(1, 2, 3, 4), 0.05) // 1.15 (R: quantile(1:4, 0.05))
 */
export function quantileType7(sorted: ArrayLike<number>, p: number, length = sorted.length): number {
  return quantileOfOrder((k) => sorted[k], p, length);
}

/** `quantileType7` where the k-th smallest value (0-based) is given by a function. */
export function quantileOfOrder(at: (k: number) => number, p: number, length: number): number {
  if (length === 0) return NaN;
  const index = 1 + (length - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = at(lo - 1);
  const h = index - lo;
  if (index > lo) {
    const next = at(hi - 1);
    if (next !== qs) return (1 - h) * qs + h * next;
  }
  return qs;
}

/** Median of a sorted sample as R's `median()`: the mean of the two middle values for even n. */
export function medianSorted(sorted: ArrayLike<number>, length = sorted.length): number {
  return medianOfOrder((k) => sorted[k], length);
}

/** `medianSorted` where the k-th smallest value (0-based) is given by a function. */
export function medianOfOrder(at: (k: number) => number, length: number): number {
  if (length === 0) return NaN;
  const half = (length + 1) >> 1;
  return length % 2 === 1 ? at(half - 1) : (at(half - 1) + at(half)) / 2;
}

/** Sum by Neumaier's compensated summation. */
export function compensatedSum(values: ArrayLike<number>, length = values.length): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < length; i++) {
    const x = values[i];
    const t = sum + x;
    c += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
  }
  return sum + c;
}

/** Arithmetic mean with compensated summation. NaN for an empty sample. */
export function compensatedMean(values: ArrayLike<number>, length = values.length): number {
  return length === 0 ? NaN : compensatedSum(values, length) / length;
}

/** Sample variance (n − 1, as R's var()) by the two-pass algorithm with the correction term. */
export function sampleVariance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const mean = compensatedMean(values);
  let ss = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    ss += d * d;
    s += d;
  }
  return (ss - (s * s) / n) / (n - 1);
}

export interface SobolIndex {
  /** First-order index S_i. */
  readonly first: number;
  /** Total-order index ST_i. */
  readonly total: number;
  /** Bootstrap 5th and 95th percentiles of S_i and ST_i (NaN without bootstrap). */
  readonly firstQ05: number;
  readonly firstQ95: number;
  readonly totalQ05: number;
  readonly totalQ95: number;
}

export interface SobolEstimate {
  /** var(c(y_A, y_B)). */
  readonly variance: number;
  readonly indices: readonly SobolIndex[];
}

export interface SobolOptions {
  /** Number of bootstrap replicates (0 = none, COINr's `Nboot = NULL`). */
  readonly bootstrap?: number;
  /** The generator the bootstrap draws from; required when bootstrap > 0. */
  readonly random?: Random;
}

/**
 * First- and total-order Sobol indices from the N(d + 2) outputs of Saltelli's design, in
 * COINr's run order (see `saltelliRun`). When an assumption changes nothing, y_ABi = y_A
 * exactly and both of its indices are exactly 0. When V = 0 (no output varies) the indices
 * are NaN, as in COINr.
 *
 * @example
 * // y = x1 + 2 x2 + 3 x3 on a design of N = 4096: S ≈ [1/14, 4/14, 9/14] (COINr's SA_estimate example)
 * sobolIndices(y, 4096, 3).indices.map((s) => s.first)
 */
export function sobolIndices(y: ArrayLike<number>, n: number, d: number, options: SobolOptions = {}): SobolEstimate {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`sobolIndices: N must be an integer of at least 2, got ${n}`);
  if (!Number.isInteger(d) || d < 1) throw new RangeError(`sobolIndices: d must be a positive integer, got ${d}`);
  if (y.length !== n * (d + 2)) throw new RangeError(`sobolIndices: expected N(d + 2) = ${n * (d + 2)} outputs, got ${y.length}`);
  const bootstrap = options.bootstrap ?? 0;
  if (bootstrap > 0 && !options.random) throw new RangeError('sobolIndices: a bootstrap needs a seeded generator (options.random)');
  const yAB = new Float64Array(2 * n);
  for (let j = 0; j < 2 * n; j++) yAB[j] = y[j];
  const variance = sampleVariance(yAB);
  const firstTerms = new Float64Array(n);
  const totalTerms = new Float64Array(n);
  const indices: SobolIndex[] = [];
  const bootFirst = new Float64Array(bootstrap);
  const bootTotal = new Float64Array(bootstrap);
  const termsByIndex: { first: Float64Array; total: Float64Array }[] = [];
  for (let i = 0; i < d; i++) {
    const offset = (2 + i) * n;
    for (let j = 0; j < n; j++) {
      const yA = y[j];
      const yB = y[n + j];
      const yABi = y[offset + j];
      firstTerms[j] = yB * (yABi - yA);
      const diff = yA - yABi;
      totalTerms[j] = diff * diff;
    }
    termsByIndex.push({ first: firstTerms.slice(), total: totalTerms.slice() });
  }
  const meanOf = (terms: Float64Array) => compensatedMean(terms);
  const sumOf = (terms: Float64Array) => compensatedSum(terms);
  const firstBoot: Float64Array[] = termsByIndex.map(() => new Float64Array(bootstrap));
  const totalBoot: Float64Array[] = termsByIndex.map(() => new Float64Array(bootstrap));
  if (bootstrap > 0) {
    const random = options.random!;
    const resampled = new Float64Array(n);
    for (let b = 0; b < bootstrap; b++) {
      for (let i = 0; i < d; i++) {
        const terms = termsByIndex[i].first;
        for (let j = 0; j < n; j++) resampled[j] = terms[random.nextInt(n)];
        firstBoot[i][b] = meanOf(resampled) / variance;
      }
      for (let i = 0; i < d; i++) {
        const terms = termsByIndex[i].total;
        for (let j = 0; j < n; j++) resampled[j] = terms[random.nextInt(n)];
        totalBoot[i][b] = sumOf(resampled) / (2 * n * variance);
      }
    }
  }
  for (let i = 0; i < d; i++) {
    const { first, total } = termsByIndex[i];
    bootFirst.set(firstBoot[i]);
    bootTotal.set(totalBoot[i]);
    bootFirst.sort();
    bootTotal.sort();
    indices.push({
      first: meanOf(first) / variance,
      total: sumOf(total) / (2 * n * variance),
      firstQ05: bootstrap > 0 ? quantileType7(bootFirst, 0.05) : NaN,
      firstQ95: bootstrap > 0 ? quantileType7(bootFirst, 0.95) : NaN,
      totalQ05: bootstrap > 0 ? quantileType7(bootTotal, 0.05) : NaN,
      totalQ95: bootstrap > 0 ? quantileType7(bootTotal, 0.95) : NaN,
    });
  }
  return { variance, indices };
}
