import { problem, SoftPowerError } from '../errors.js';
import type { AhpResult } from './types.js';

/**
 * Saaty's random consistency index RI(n) for n = 1…15 (Saaty, 1980, The Analytic Hierarchy
 * Process, Table 1.7; n = 11–15 from the same source's extended table).
 */
export const saatyRandomIndex: readonly number[] = [0, 0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59];

/**
 * Analytic hierarchy process: the weights are the principal right eigenvector of the pairwise
 * comparison matrix (power iteration to 1e-15, normalised to sum 1), λmax = mean of (A·w)_i / w_i,
 * CI = (λmax - n)/(n - 1), CR = CI / RI(n). The matrix must be square, positive and
 * reciprocal (a_ii = 1, a_ji = 1 / a_ij); anything else is an error listing every problem
 * (`checkPairwiseMatrix`). The caller decides what to do with CR ≥ 0.1. For n ≤ 2 every
 * reciprocal matrix is consistent and CI = CR = 0; above n = 15, RI(15) is used.
 *
 * @example ahp([[1, 3], [1 / 3, 1]]).weights // Float64Array [0.75, 0.25]
 */
export function ahp(matrix: readonly (readonly number[])[]): AhpResult {
  const problems = matrix.length === 0 ? ['the matrix is empty'] : checkPairwiseMatrix(matrix, matrix.length);
  if (problems.length > 0) {
    throw new SoftPowerError([problem('SPEC_BAD_PARAMETER', `ahp: ${problems.join('; ')}`, { hint: 'Give one row and one column per child, 1 on the diagonal and a_ji = 1 / a_ij.' })]);
  }
  return _ahp(matrix);
}

function _ahp(matrix: readonly (readonly number[])[]): AhpResult {
  const n = matrix.length;
  let w = new Float64Array(n).fill(1 / n);
  const next = new Float64Array(n);
  for (let iteration = 0; iteration < 10_000; iteration++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += matrix[i][j] * w[j];
      next[i] = s;
      total += s;
    }
    let change = 0;
    for (let i = 0; i < n; i++) {
      const v = next[i] / total;
      change = Math.max(change, Math.abs(v - w[i]));
      next[i] = v;
    }
    w = Float64Array.from(next);
    if (change < 1e-15) break;
  }
  let lambda = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += matrix[i][j] * w[j];
    lambda += s / w[i];
  }
  const lambdaMax = lambda / n;
  const consistencyIndex = n > 2 ? (lambdaMax - n) / (n - 1) : 0;
  const randomIndex = saatyRandomIndex[Math.min(n, saatyRandomIndex.length - 1)];
  const consistencyRatio = n > 2 && randomIndex > 0 ? consistencyIndex / randomIndex : 0;
  return { weights: w, lambdaMax, consistencyIndex, randomIndex, consistencyRatio };
}

/**
 * Problems with a pairwise comparison matrix (shape, unit diagonal, positive reciprocal
 * pairs within 1e-6), as messages; empty when the matrix is usable.
 *
 * @example checkPairwiseMatrix([[1, 2], [0.4, 1]], 2) // ['entries [0][1] = 2 and [1][0] = 0.4 are not positive reciprocals']
 */
export function checkPairwiseMatrix(matrix: readonly (readonly number[])[], size: number): string[] {
  const problems: string[] = [];
  if (matrix.length !== size || matrix.some((row) => row.length !== size)) {
    problems.push(`the matrix must be ${size} × ${size} (one row and column per child in "order")`);
    return problems;
  }
  for (let i = 0; i < size; i++) {
    if (!(Math.abs(matrix[i][i] - 1) <= 1e-12)) problems.push(`diagonal entry [${i}][${i}] is ${matrix[i][i]}, must be 1`);
    for (let j = i + 1; j < size; j++) {
      if (!(matrix[i][j] > 0) || !(Math.abs(matrix[i][j] * matrix[j][i] - 1) <= 1e-6)) {
        problems.push(`entries [${i}][${j}] = ${matrix[i][j]} and [${j}][${i}] = ${matrix[j][i]} are not positive reciprocals`);
      }
    }
  }
  return problems;
}
