import { minMaxOf, type Normaliser } from './types.js';

/** Distance to the best value: 1 - (max - x) / (max - min), as COINr's `n_dist2max`. */
export const distanceToMax: Normaliser = (values, out) => {
  const { min, max } = minMaxOf(values);
  for (let i = 0; i < values.length; i++) out[i] = 1 - (max - values[i]) / (max - min);
};
