import { completeCasesForWeighting, correlationMatrix, sampleSd, shareOf } from './complete-cases.js';
import type { DataWeighting } from './types.js';

/**
 * CRITIC weights (CRiteria Importance Through Intercriteria Correlation; Diakoulaki,
 * Mavrotas & Papayannakis 1995, Computers & Operations Research 22(7), 763–770):
 * C_j = σ_j · Σ_k (1 - r_jk) and w_j = C_j / Σ C, where σ_j is the sample standard deviation
 * (n - 1, as R's `sd()`) of child j as given (the children arrive normalised) and r_jk the
 * Pearson correlation. A child earns weight by spreading the units widely and by disagreeing
 * with the others.
 *
 * Computed on the complete cases (units with a value for every child; see `completeCases`).
 * Degenerate cases: a constant child has σ = 0, so C = 0 and weight 0, and it counts as
 * uncorrelated (r = 0) in the sums of the others; when every C is 0 (every child constant,
 * or two children perfectly correlated and nothing else) the weights are equal. Fewer than
 * two complete units is an error.
 *
 * @example critic([Float64Array.of(0, 1, 2), Float64Array.of(0, 2, 4), Float64Array.of(0, 0, 3)])
 * // Float64Array [0.1547…, 0.3094…, 0.5359…] (2/√3 - 1, 4/√3 - 2, 4 - 2√3)
 */
export const critic: DataWeighting = (columns) => _critic(completeCasesForWeighting('critic', columns));

function _critic(columns: readonly Float64Array[]): Float64Array {
  const m = columns.length;
  const r = correlationMatrix(columns);
  const scores = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const sigma = sampleSd(columns[j]);
    if (sigma === 0) continue;
    let conflict = 0;
    for (let k = 0; k < m; k++) {
      const rjk = r[j * m + k];
      conflict += 1 - (Number.isNaN(rjk) ? 0 : rjk);
    }
    scores[j] = sigma * conflict;
  }
  return shareOf(scores);
}
