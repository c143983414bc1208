import { problem, SoftPowerError } from '../errors.js';
import { mean } from '../stats/descriptive.js';
import { completeCasesForWeighting, sampleSd, shareOf } from './complete-cases.js';
import type { DataWeighting } from './types.js';

/**
 * Coefficient-of-variation weights: CV_j = sd_j / |mean_j| and w_j = CV_j / Σ CV, with the
 * sample standard deviation (n - 1, as R's `sd()`). A child that varies more relative to its
 * level earns more weight. The CV is scale-free but not shift-free: it suits children on a
 * ratio scale with a positive origin (min-max onto [0, 100], fraction of the maximum), not
 * z-scores, whose means are zero.
 *
 * Computed on the complete cases (units with a value for every child; see `completeCases`).
 * Degenerate cases: a constant child (including one that is all zero) has CV = 0 and weight
 * 0; when every child is constant the weights are equal. A child that varies around a mean
 * of zero (|mean| ≤ 1e-10 · sd) has no defined CV and is an error. Fewer than two complete
 * units is an error.
 *
 * @example coefficientOfVariation([Float64Array.of(1, 2, 3), Float64Array.of(2, 4, 6), Float64Array.of(4, 5, 6)])
 * // Float64Array [0.41666…, 0.41666…, 0.16666…] (CV 0.5, 0.5 and 0.2)
 */
export const coefficientOfVariation: DataWeighting = (columns) => _coefficientOfVariation(completeCasesForWeighting('coefficient-of-variation', columns));

function _coefficientOfVariation(columns: readonly Float64Array[]): Float64Array {
  const cv = new Float64Array(columns.length);
  const centred: string[] = [];
  columns.forEach((column, j) => {
    const sd = sampleSd(column);
    if (sd === 0) return;
    const mu = mean(column);
    if (Math.abs(mu) <= 1e-10 * sd) centred.push(`child ${j + 1} (mean ${mu}, sd ${sd})`);
    else cv[j] = sd / Math.abs(mu);
  });
  if (centred.length > 0) {
    throw new SoftPowerError([
      problem('SPEC_BAD_PARAMETER', `coefficient-of-variation weights: ${centred.join('; ')} varies around a mean of zero, so its coefficient of variation is undefined`, {
        hint: 'Normalise onto a scale with a positive origin (min-max onto [0, 100]) before weighing by the coefficient of variation, or use entropy or CRITIC weights.',
      }),
    ]);
  }
  return shareOf(cv);
}
