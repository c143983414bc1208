import { mean, median } from '../stats/descriptive.js';

export type ColumnStatistic = 'mean' | 'median';

const statistic = { mean, median };

/**
 * Fills the missing entries of `values` at `rows` with the mean or median of the present
 * entries at those rows (COINr's `i_mean` / `i_median`). Writes into `out` (a copy of values)
 * and returns the rows it filled.
 */
export function imputeColumnAt(values: Float64Array, rows: ArrayLike<number>, how: ColumnStatistic, out: Float64Array): number[] {
  const subset = new Float64Array(rows.length);
  let missing = 0;
  for (let k = 0; k < rows.length; k++) {
    subset[k] = values[rows[k]];
    if (Number.isNaN(subset[k])) missing++;
  }
  if (missing === 0 || missing === rows.length) return [];
  const fill = statistic[how](subset);
  const filled: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    if (Number.isNaN(subset[k])) {
      out[rows[k]] = fill;
      filled.push(rows[k]);
    }
  }
  return filled;
}

/**
 * Group-wise version (COINr's `i_mean_grp` / `i_median_grp`): rows are split by their group
 * label and each group is imputed on its own. Rows whose label is missing are left as they are.
 */
export function imputeColumnByGroup(
  values: Float64Array,
  rows: ArrayLike<number>,
  labels: readonly (string | null)[],
  how: ColumnStatistic,
  out: Float64Array,
): number[] {
  const groups = new Map<string, number[]>();
  for (let k = 0; k < rows.length; k++) {
    const label = labels[rows[k]];
    if (label == null) continue;
    let list = groups.get(label);
    if (!list) groups.set(label, (list = []));
    list.push(rows[k]);
  }
  const filled: number[] = [];
  for (const members of groups.values()) filled.push(...imputeColumnAt(values, members, how, out));
  return filled;
}
