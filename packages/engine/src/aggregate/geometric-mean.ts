import { AggregationDomainError, type RowAggregator } from './types.js';

/**
 * Weighted geometric mean exp(Σ w·ln x / Σw) over the present children, as COINr's `a_gmean`.
 * A zero or negative child is outside the domain: the build reports which unit and child,
 * and suggests a min-max range that starts above zero (e.g. [1, 100]).
 */
export const geometricMean: RowAggregator = (values, weights, n) => {
  if (n === 0) return NaN;
  let sumW = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x <= 0) throw new AggregationDomainError('geometric mean of a value that is not positive', x);
    s += weights[i] * Math.log(x);
    sumW += weights[i];
  }
  return Math.exp(s / sumW);
};
