import { mean, sd } from '../stats/descriptive.js';
import type { Normaliser } from './types.js';

/**
 * Z-score rescaled to mean m and standard deviation s (default 0 and 1):
 * (x - mean) / sd · s + m, with the sample sd (n - 1), as COINr's `n_zscore`.
 */
export const zScore: Normaliser = (values, out, { params }) => {
  const m = params.mean ?? 0;
  const s = params.sd ?? 1;
  const mu = mean(values);
  const sigma = sd(values);
  for (let i = 0; i < values.length; i++) out[i] = ((values[i] - mu) / sigma) * s + m;
};
