import { completeCasesForWeighting, isConstant, shareOf } from './complete-cases.js';
import type { DataWeighting } from './types.js';

/**
 * Entropy weights (the Shannon entropy method): for child j over n units,
 * p_ij = x_ij / Σ_i x_ij, e_j = -(1 / ln n) Σ_i p_ij ln p_ij with 0 · ln 0 = 0, d_j = 1 - e_j
 * and w_j = d_j / Σ d. A child whose values are spread unevenly across the units has low
 * entropy and earns a high weight; a child on which every unit scores the same earns none.
 *
 * Computed on the complete cases (units with a value for every child; see `completeCases`).
 * The shares p need non-negative values: a child with a negative value is shifted by its
 * minimum first (x - min x, so its lowest unit gets the share 0). Degenerate cases: a
 * constant child (including one that is all zero) has e = 1 and weight 0; when every child is
 * constant the weights are equal. Fewer than two complete units is an error.
 *
 * @example entropy([Float64Array.of(1, 1, 2), Float64Array.of(1, 2, 3)])
 * // Float64Array [0.4030…, 0.5969…]
 */
export const entropy: DataWeighting = (columns) => _entropy(completeCasesForWeighting('entropy', columns));

function _entropy(columns: readonly Float64Array[]): Float64Array {
  const n = columns[0].length;
  const k = 1 / Math.log(n);
  const divergence = Float64Array.from(columns, (column) => {
    if (isConstant(column)) return 0;
    let lowest = Infinity;
    for (const x of column) lowest = Math.min(lowest, x);
    const shift = lowest < 0 ? lowest : 0;
    let total = 0;
    for (const x of column) total += x - shift;
    let sum = 0;
    for (const x of column) {
      const p = (x - shift) / total;
      if (p > 0) sum += p * Math.log(p);
    }
    return Math.max(0, 1 + k * sum);
  });
  return shareOf(divergence);
}
