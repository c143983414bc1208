import type { RowAggregator } from './types.js';

/**
 * Weighted arithmetic mean Σ(w·x) / Σw over the present children, as COINr's `a_amean`
 * (weights re-scaled to sum to 1 first, then summed).
 *
 * @example arithmeticMean(Float64Array.of(10, 20), Float64Array.of(1, 3), 2, params) // 17.5
 */
export const arithmeticMean: RowAggregator = (values, weights, n) => {
  if (n === 0) return NaN;
  let sumW = 0;
  for (let i = 0; i < n; i++) sumW += weights[i];
  let s = 0;
  for (let i = 0; i < n; i++) s += (weights[i] / sumW) * values[i];
  return s;
};
