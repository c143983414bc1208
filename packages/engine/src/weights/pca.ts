import { problem, SoftPowerError } from '../errors.js';
import { completeCasesForWeighting, correlationMatrix, isConstant } from './complete-cases.js';
import { symmetricEigen } from '../stats/eigen.js';
import type { DataWeighting } from './types.js';

/**
 * PCA weights as COINr's `get_PCA(…, weights_to = …)` (R/PCA.R, COINr 1.1.14): the group's
 * indicators go through `stats::prcomp(center = TRUE, scale = TRUE)`, i.e. a PCA of their
 * correlation matrix, and the loadings of the first principal component (`rotation[, 1]`)
 * become the weights as they are: no absolute values, no squares. COINr stores them unscaled
 * and its aggregators divide by their sum (`a_amean`: `w <- w / sum(w)`); here they are
 * divided by their sum at once, which gives the same aggregates.
 *
 * `prcomp` leaves the sign of a component to LAPACK; here the loading vector is oriented so
 * that its largest-magnitude entry is positive (the first such entry on ties), which makes
 * the weights reproducible. Loadings of mixed sign stay mixed, so a child that runs against
 * the others gets a negative weight, as in COINr.
 *
 * Computed on the complete cases (COINr: `stats::na.omit`). Errors, each naming the cause:
 * fewer than two complete units; a constant child (R's `prcomp` refuses to rescale a
 * constant column); a first component that is not unique (the two largest eigenvalues
 * equal, e.g. uncorrelated children); loadings that sum to zero or less (children that
 * run against each other, e.g. two negatively correlated ones), which cannot be scaled to
 * weights summing to 1. A single child gets the weight 1.
 *
 * @example pca([Float64Array.of(12, 10, 10, 8), Float64Array.of(10, 12, 8, 10), Float64Array.of(12, 10, 8, 10)])
 * // Float64Array [0.2928…, 0.2928…, 0.4142…] (loadings (1, 1, √2) / 2, divided by their sum)
 */
export const pca: DataWeighting = (columns) => _pca(completeCasesForWeighting('pca', columns));

function _pca(columns: readonly Float64Array[]): Float64Array {
  const m = columns.length;
  const constant = columns.flatMap((column, j) => (isConstant(column) ? [`child ${j + 1}`] : []));
  if (constant.length > 0) {
    throw new SoftPowerError([
      problem('SPEC_BAD_PARAMETER', `pca weights: ${constant.join(', ')} ${constant.length > 1 ? 'are' : 'is'} constant over the complete cases, so the correlation matrix is undefined`, {
        hint: 'Screen out the constant indicator, or weigh this group with another method.',
      }),
    ]);
  }
  if (m === 1) return Float64Array.of(1);
  const { values, vectors } = symmetricEigen(correlationMatrix(columns), m);
  if (values[0] - values[1] <= 1e-10 * values[0]) {
    throw new SoftPowerError([
      problem('SPEC_BAD_PARAMETER', `pca weights: the first principal component is not unique (the two largest eigenvalues of the correlation matrix are ${values[0]} and ${values[1]}), so its loadings are arbitrary`, {
        hint: 'The children are uncorrelated or equally correlated in several directions; weigh this group with another method.',
      }),
    ]);
  }
  const loadings = vectors[0];
  let total = 0;
  for (const x of loadings) total += x;
  if (total <= 1e-10) {
    throw new SoftPowerError([
      problem('SPEC_BAD_PARAMETER', `pca weights: the loadings of the first principal component (${Array.from(loadings, (x) => x.toFixed(4)).join(', ')}) sum to ${total.toPrecision(3)}, so they cannot be scaled to weights that sum to 1`, {
        hint: 'Some children run against the others (negative correlations): check their directions, or weigh this group with another method.',
      }),
    ]);
  }
  return Float64Array.from(loadings, (x) => x / total);
}
