import { geometricMean } from './geometric-mean.js';
import { AggregationDomainError, type RowAggregator } from './types.js';

/**
 * Weighted generalised (power) mean (Σ w·x^p / Σw)^(1/p); p = 0 is the geometric mean.
 * Unlike COINr 1.1.14's `a_genmean`, which returns NA when any child is missing, missing
 * children are skipped and the weights re-scaled, as for every other mean.
 */
export const generalisedMean: RowAggregator = (values, weights, n, params) => {
  const p = params.p ?? 1;
  if (p === 0) return geometricMean(values, weights, n, params);
  if (n === 0) return NaN;
  let sumW = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x < 0 || (x === 0 && p < 0)) throw new AggregationDomainError(`generalised mean (p = ${p}) of ${x}`, x);
    s += weights[i] * Math.pow(x, p);
    sumW += weights[i];
  }
  return Math.pow(s / sumW, 1 / p);
};
