import { compensatedMean, medianOfOrder, medianSorted, quantileOfOrder, quantileType7 } from './estimators.js';

/**
 * Summary statistics of the replications of an uncertainty analysis, per cell (one unit's
 * rank or score of one framework node), as COINr's `get_sensitivity` RankStats: mean,
 * median, and 5th and 95th percentiles by R's quantile type 7, missing values removed
 * (`na.rm = TRUE`).
 */
export interface CellStatistics {
  readonly mean: Float64Array;
  readonly median: Float64Array;
  readonly q05: Float64Array;
  readonly q95: Float64Array;
  /** How many replications gave the cell a value. */
  readonly count: Int32Array;
}

/**
 * Statistics of every column of a run-major matrix (`values[run * cells + cell]`), over the
 * first `runs` runs.
 *
 * @example
 * // two cells, three runs: ranks 1, 2, 3 and 5, NaN, 4
 * summariseRuns(Float64Array.of(1, 5, 2, NaN, 3, 4), 3, 2).median // Float64Array [2, 4.5]
 */
export function summariseRuns(values: Float64Array, runs: number, cells: number): CellStatistics {
  if (values.length < runs * cells) throw new RangeError(`summariseRuns: ${values.length} values for ${runs} runs of ${cells} cells`);
  const out: CellStatistics = {
    mean: new Float64Array(cells),
    median: new Float64Array(cells),
    q05: new Float64Array(cells),
    q95: new Float64Array(cells),
    count: new Int32Array(cells),
  };
  const column = new Float64Array(runs);
  for (let c = 0; c < cells; c++) {
    let m = 0;
    for (let r = 0; r < runs; r++) {
      const v = values[r * cells + c];
      if (!Number.isNaN(v)) column[m++] = v;
    }
    const sorted = column.subarray(0, m).sort();
    out.count[c] = m;
    out.mean[c] = compensatedMean(sorted, m);
    out.median[c] = medianSorted(sorted, m);
    out.q05[c] = quantileType7(sorted, 0.05, m);
    out.q95[c] = quantileType7(sorted, 0.95, m);
  }
  return out;
}

/**
 * `summariseRuns` for integer values in [1, maxValue] (ranks), by counting instead of
 * sorting: the same order statistics, so the same numbers, in O(runs + maxValue) per cell.
 */
export function summariseRanks(values: Float64Array, runs: number, cells: number, maxValue: number): CellStatistics {
  if (values.length < runs * cells) throw new RangeError(`summariseRanks: ${values.length} values for ${runs} runs of ${cells} cells`);
  const out: CellStatistics = {
    mean: new Float64Array(cells),
    median: new Float64Array(cells),
    q05: new Float64Array(cells),
    q95: new Float64Array(cells),
    count: new Int32Array(cells),
  };
  const counts = new Int32Array(maxValue + 2);
  // The k-th smallest value (0-based) from the cumulative counts.
  const at = (k: number) => {
    let seen = 0;
    for (let v = 1; v <= maxValue; v++) {
      seen += counts[v];
      if (seen > k) return v;
    }
    return NaN;
  };
  for (let c = 0; c < cells; c++) {
    counts.fill(0);
    let m = 0;
    let sum = 0;
    for (let r = 0; r < runs; r++) {
      const v = values[r * cells + c];
      if (Number.isNaN(v)) continue;
      if (!Number.isInteger(v) || v < 1 || v > maxValue) throw new RangeError(`summariseRanks: ${v} is not an integer in [1, ${maxValue}]`);
      counts[v]++;
      sum += v;
      m++;
    }
    out.count[c] = m;
    out.mean[c] = m === 0 ? NaN : sum / m;
    out.median[c] = medianOfOrder(at, m);
    out.q05[c] = quantileOfOrder(at, 0.05, m);
    out.q95[c] = quantileOfOrder(at, 0.95, m);
  }
  return out;
}
