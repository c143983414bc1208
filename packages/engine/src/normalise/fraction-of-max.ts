import { minMaxOf, type Normaliser } from './types.js';

/**
 * Fraction of the best value. For direction +1: x / max(x). For direction -1 (lower is
 * better), the best value is the minimum and the score is min(x) / x, so the best unit scores 1
 * and scores stay in (0, 1] for positive data.
 *
 * COINr 1.1.14's `n_fracmax` receives x · direction and returns (x · d) / max(x · d), which for
 * d = -1 scores the best unit lowest-but-one and can exceed 1; `fractionOfMaxDirection:
 * "coinr"` reproduces it.
 */
export const fractionOfMax: Normaliser = (values, out, { direction, fractionOfMaxDirection }) => {
  const { min, max } = minMaxOf(values);
  if (direction === 1 || fractionOfMaxDirection === 'coinr') {
    for (let i = 0; i < values.length; i++) out[i] = values[i] / max;
    return;
  }
  // values = -x here, so min(x) = -max(values) and min(x) / x = max(values) / values.
  void min;
  for (let i = 0; i < values.length; i++) out[i] = max / values[i];
};
