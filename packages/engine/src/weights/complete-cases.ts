import { problem, SoftPowerError } from '../errors.js';
import { mean } from '../stats/descriptive.js';

/* Helpers shared by the data-driven weighting methods (entropy, CRITIC, CV, PCA). */

/**
 * The rows (units) at which every column has a value: the complete cases, as R's
 * `na.omit()` on the group's data frame. Every data-driven weighting works on them, so a
 * unit with a gap in any child neither adds to nor distorts the statistics of the others.
 *
 * @example completeCases([Float64Array.of(1, NaN, 3), Float64Array.of(4, 5, 6)]) // [Float64Array [1, 3], Float64Array [4, 6]]
 */
export function completeCases(columns: readonly Float64Array[]): Float64Array[] {
  const units = columns.length === 0 ? 0 : columns[0].length;
  const keep: number[] = [];
  for (let u = 0; u < units; u++) if (columns.every((column) => !Number.isNaN(column[u]))) keep.push(u);
  return columns.map((column) => Float64Array.from(keep, (u) => column[u]));
}

/**
 * Checks the input common to every data-driven weighting and returns the complete cases:
 * at least one column, all of one length, and at least two units with a value for every
 * column (one unit has no spread to learn from). Anything else is an error naming the method.
 *
 * @example completeCasesForWeighting('entropy', [Float64Array.of(1, 2, NaN), Float64Array.of(3, 4, 5)]) // [Float64Array [1, 2], Float64Array [3, 4]]
 */
export function completeCasesForWeighting(method: string, columns: readonly Float64Array[]): Float64Array[] {
  if (columns.length === 0) {
    throw new SoftPowerError([problem('SPEC_BAD_PARAMETER', `${method} weights: the group has no children to weigh`, {})]);
  }
  const units = columns[0].length;
  const lengths = columns.map((c) => c.length);
  if (lengths.some((n) => n !== units)) {
    throw new SoftPowerError([problem('SPEC_BAD_PARAMETER', `${method} weights: the children have different numbers of units (${lengths.join(', ')})`, {})]);
  }
  const complete = completeCases(columns);
  const n = complete[0].length;
  if (n < 2) {
    throw new SoftPowerError([
      problem('DATA_EMPTY', `${method} weights: ${n === 0 ? 'no unit has' : 'only one unit has'} a value for every child of the group (of ${units} units); at least two are needed`, {
        value: n,
        hint: 'Impute the missing values first, or weigh this group with another method.',
      }),
    ]);
  }
  return complete;
}

/**
 * Pearson correlation matrix (row-major, columns × columns) of complete columns, as R's
 * `cor()`. A constant column has no defined correlation: its row and column are NaN
 * except the diagonal, which is 1.
 *
 * @example correlationMatrix([Float64Array.of(1, 2, 3), Float64Array.of(3, 2, 1)]) // Float64Array [1, -1, -1, 1]
 */
export function correlationMatrix(columns: readonly Float64Array[]): Float64Array {
  const m = columns.length;
  const centred = columns.map((column) => {
    const mu = mean(column);
    return Float64Array.from(column, (x) => x - mu);
  });
  const cross = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    for (let k = j; k < m; k++) {
      let s = 0;
      const a = centred[j];
      const b = centred[k];
      for (let u = 0; u < a.length; u++) s += a[u] * b[u];
      cross[j * m + k] = s;
      cross[k * m + j] = s;
    }
  }
  const constant = columns.map(isConstant);
  const r = new Float64Array(m * m);
  for (let j = 0; j < m; j++) {
    for (let k = 0; k < m; k++) {
      if (j === k) r[j * m + k] = 1;
      else if (constant[j] || constant[k]) r[j * m + k] = NaN;
      else r[j * m + k] = Math.max(-1, Math.min(1, cross[j * m + k] / Math.sqrt(cross[j * m + j] * cross[k * m + k])));
    }
  }
  return r;
}

/**
 * True when every value of a complete column equals the first (tested exactly, not by a
 * rounded spread, so a constant column is recognised whatever its value).
 *
 * @example isConstant(Float64Array.of(0.1, 0.1, 0.1)) // true
 */
export function isConstant(column: Float64Array): boolean {
  for (let u = 1; u < column.length; u++) if (column[u] !== column[0]) return false;
  return true;
}

/**
 * Sample standard deviation (n - 1, as R's `sd()`) of a complete column of at least two
 * values; exactly 0 for a constant one.
 *
 * @example sampleSd(Float64Array.of(1, 2, 3)) // 1
 */
export function sampleSd(column: Float64Array): number {
  if (isConstant(column)) return 0;
  const mu = mean(column);
  let ss = 0;
  for (let u = 0; u < column.length; u++) ss += (column[u] - mu) ** 2;
  return Math.sqrt(ss / (column.length - 1));
}

/**
 * `scores / Σ scores`; equal weights when every score is zero (the data give no reason to
 * prefer any child, and every weighting then yields the same aggregate ordering).
 *
 * @example shareOf(Float64Array.of(1, 3)) // Float64Array [0.25, 0.75]
 */
export function shareOf(scores: Float64Array): Float64Array {
  let total = 0;
  for (const s of scores) total += s;
  if (total === 0) return new Float64Array(scores.length).fill(1 / scores.length);
  return Float64Array.from(scores, (s) => s / total);
}
