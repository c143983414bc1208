import { minMaxOf, type Normaliser } from './types.js';

/**
 * Distance to a reference unit: 1 - (x_ref - x) / (x_ref - min), optionally capped at 1, as
 * COINr's `n_dist2ref`. A missing reference value gives missing scores.
 */
export const distanceToReference: Normaliser = (values, out, { params, referencePosition }) => {
  const position = referencePosition ?? -1;
  const reference = position >= 0 ? values[position] : NaN;
  const { min } = minMaxOf(values);
  for (let i = 0; i < values.length; i++) {
    const y = 1 - (reference - values[i]) / (reference - min);
    out[i] = params.cap && y > 1 ? 1 : y;
  }
};
