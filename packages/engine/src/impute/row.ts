import { mean, median } from '../stats/descriptive.js';
import type { ColumnStatistic } from './column.js';

/**
 * Row-wise imputation (COINr `impute_by = "row"`): a missing value of a unit is replaced by the
 * mean or median of that unit's other values in the same column group. With `normaliseFirst`
 * (the default, as in COINr) each column is first min-maxed onto [0, 1] after applying its
 * direction, the row statistic is taken on that scale, and the imputed value is mapped back.
 *
 * `columns` are the columns of one group, `rows` the rows of one year. Imputed values are
 * written into `outs` (copies of the columns); returns [column, row] pairs filled.
 */
export function imputeRows(
  columns: readonly Float64Array[],
  directions: readonly (1 | -1)[],
  rows: ArrayLike<number>,
  how: ColumnStatistic,
  normaliseFirst: boolean,
  outs: Float64Array[],
): [number, number][] {
  const c = columns.length;
  const lo = new Float64Array(c);
  const hi = new Float64Array(c);
  for (let j = 0; j < c; j++) {
    lo[j] = Infinity;
    hi[j] = -Infinity;
    for (let k = 0; k < rows.length; k++) {
      const v = columns[j][rows[k]] * directions[j];
      if (v < lo[j]) lo[j] = v;
      if (v > hi[j]) hi[j] = v;
    }
  }
  const scaledValue = (j: number, v: number) => (normaliseFirst ? (v * directions[j] - lo[j]) / (hi[j] - lo[j]) : v);
  const unscale = (j: number, s: number) => (normaliseFirst ? (s * (hi[j] - lo[j]) + lo[j]) * directions[j] : s);
  const rowValues = new Float64Array(c);
  const filled: [number, number][] = [];
  const stat = how === 'mean' ? mean : median;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    let missing = 0;
    for (let j = 0; j < c; j++) {
      rowValues[j] = scaledValue(j, columns[j][r]);
      if (Number.isNaN(columns[j][r])) missing++;
    }
    if (missing === 0 || missing === c) continue;
    const fill = stat(rowValues);
    for (let j = 0; j < c; j++) {
      if (Number.isNaN(columns[j][r])) {
        outs[j][r] = unscale(j, fill);
        filled.push([j, r]);
      }
    }
  }
  return filled;
}
