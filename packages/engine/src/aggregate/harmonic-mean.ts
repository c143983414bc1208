import { AggregationDomainError, type RowAggregator } from './types.js';

/** Weighted harmonic mean Σw / Σ(w / x) over the present children, as COINr's `a_hmean`. */
export const harmonicMean: RowAggregator = (values, weights, n) => {
  if (n === 0) return NaN;
  let sumW = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x === 0) throw new AggregationDomainError('harmonic mean of a zero value', x);
    s += weights[i] / x;
    sumW += weights[i];
  }
  return sumW / s;
};
