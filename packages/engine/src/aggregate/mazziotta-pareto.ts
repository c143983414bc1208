import { problem, SoftPowerError } from '../errors.js';
import { completeUnits } from './topsis.js';
import type { GroupAggregator } from './types.js';

/**
 * Mazziotta–Pareto Index (Mazziotta & Pareto 2016, "On a generalized non-compensatory
 * composite index for measuring socio-economic phenomena", Social Indicators Research
 * 127(3), 983–1003), computed as the R package Compind's `ci_mpi` (R/ci_mpi.R): each child is
 * standardised to z = 100 + 10 · (x - mean) / sd over the units, then each unit's mean M and
 * standard deviation S across its children give cv = S / M and
 * MPI = M - S · cv (`penalty: 'negative'`, the default: unbalanced profiles score lower; Compind's
 * `penalty = "POS"`, for children of positive polarity) or M + S · cv (`penalty: 'positive'`;
 * Compind's `"NEG"`).
 *
 * Both standard deviations are sample ones (n - 1, R's `var()` and `sd()`), as Compind
 * computes them (`ci_mpi` before version 3.2 standardised with `(apply(x, 2, var))^0.5`; from
 * 3.2 it expects `normalise_ci(method = 1)`, which uses `sd()`, and takes the row sd with
 * `var()`). Mazziotta & Pareto's paper and Compind's own `ci_ampi` divide by n instead; the
 * two conventions rank units alike but differ in level.
 *
 * Weights: Compind has none (every child counts equally). Here M is the weighted mean
 * Σ w z / Σ w and S² the weighted variance with reliability weights,
 * Σ w (z - M)² / (1 - Σ w²) for w re-scaled to sum to 1 (R's `cov.wt(method = "unbiased")`),
 * so equal weights reproduce Compind exactly and a zero weight drops its child. Negative
 * weights are an error.
 *
 * Missing values: the means and standard deviations of the children come from the complete
 * cases (units with a value for every child), and a unit that lacks any child gets NaN;
 * impute first to score every unit. Degenerate cases: a constant child, or a single complete
 * unit, has no spread and standardises to z = 100; a single child (or all the weight on one)
 * has S = 0, so MPI = its z; weights summing to zero, or M = 0, give NaN.
 *
 * @example mazziottaPareto([Float64Array.of(1, 2, 3), Float64Array.of(3, 1, 2)], Float64Array.of(1, 1), { method: 'mazziotta-pareto' }, out)
 * // out: [98, 94.4736…, 104.5238…] (z = (90, 110), (100, 90), (110, 100); MPI = M - S²/M)
 */
export const mazziottaPareto: GroupAggregator = (children, weights, params, out) => {
  const negativeWeights = Array.from(weights.subarray(0, children.length)).flatMap((w, c) => (w < 0 ? [`child ${c + 1} has weight ${w}`] : []));
  if (negativeWeights.length > 0) {
    throw new SoftPowerError([
      problem('WEIGHT_NEGATIVE', `aggregate: mazziotta-pareto needs non-negative weights, but ${negativeWeights.join(', ')}`, {
        hint: 'Use a weight set without negative weights (PCA weights can have them) for this level, or another aggregation method.',
      }),
    ]);
  }
  _mazziottaPareto(children, weights, params.penalty ?? 'negative', out);
};

function _mazziottaPareto(children: readonly Float64Array[], weights: Float64Array, penalty: 'negative' | 'positive', out: Float64Array): void {
  const units = out.length;
  const m = children.length;
  const complete = completeUnits(children, units);
  const n = complete.filter(Boolean).length;
  let sumW = 0;
  for (let c = 0; c < m; c++) sumW += weights[c];
  if (m === 0 || sumW === 0 || n === 0) {
    out.fill(NaN);
    return;
  }
  const share = Float64Array.from({ length: m }, (_, c) => weights[c] / sumW);
  let sumSquaredShares = 0;
  for (const w of share) sumSquaredShares += w * w;
  const z = children.map((child) => {
    let total = 0;
    for (let u = 0; u < units; u++) if (complete[u]) total += child[u];
    let mu = total / n;
    let correction = 0;
    for (let u = 0; u < units; u++) if (complete[u]) correction += child[u] - mu;
    mu += correction / n;
    let constant = true;
    let ss = 0;
    let first = NaN;
    for (let u = 0; u < units; u++) {
      if (!complete[u]) continue;
      if (Number.isNaN(first)) first = child[u];
      else if (child[u] !== first) constant = false;
      ss += (child[u] - mu) ** 2;
    }
    const sd = Math.sqrt(ss / (n - 1));
    return Float64Array.from(child, (x, u) => (!complete[u] ? NaN : constant ? 100 : 100 + (10 * (x - mu)) / sd));
  });
  const sign = penalty === 'positive' ? 1 : -1;
  for (let u = 0; u < units; u++) {
    if (!complete[u]) {
      out[u] = NaN;
      continue;
    }
    let mean = 0;
    for (let c = 0; c < m; c++) mean += share[c] * z[c][u];
    let ss = 0;
    for (let c = 0; c < m; c++) ss += share[c] * (z[c][u] - mean) ** 2;
    const variance = 1 - sumSquaredShares > 1e-12 ? ss / (1 - sumSquaredShares) : 0;
    out[u] = mean === 0 ? NaN : mean + (sign * variance) / mean;
  }
}
