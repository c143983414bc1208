import { minMaxOf, type Normaliser } from './types.js';

/**
 * Distance to a target: 1 - (t - x) / (t - min), optionally capped at 1, as COINr's
 * `n_dist2targ`. The target is given in the indicator's own orientation and multiplied by its
 * direction, like the values.
 */
export const distanceToTarget: Normaliser = (values, out, { params, target, direction }) => {
  const t = (params.target ?? target ?? NaN) * direction;
  const { min } = minMaxOf(values);
  for (let i = 0; i < values.length; i++) {
    const y = 1 - (t - values[i]) / (t - min);
    out[i] = params.cap && y > 1 ? 1 : y;
  }
};
