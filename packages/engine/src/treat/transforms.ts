import type { TransformMethod } from '../spec/schema.js';
import { max as maxOf, min as minOf } from '../stats/descriptive.js';

/** Flag written on every cell of an indicator that a transformation was applied to (COINr's names). */
export const transformFlags: Record<Exclude<TransformMethod, 'none'>, string> = {
  'log-ct': 'log_CT',
  'log-ct-original': 'log_CT_orig',
  'log-gii': 'log_GII',
  log: 'log',
  log1p: 'log1p',
  'box-cox': 'boxcox',
};

/**
 * The second-stage transformations of outlier treatment. Missing values stay missing.
 * - log-ct: ln(x - min + 0.01·(max - min)), COINr's `log_CT` (the modified COIN Tool log).
 * - log-ct-original: ln(x - min + 1), COINr's `log_CT_orig`.
 * - log-gii: ln((max - 1)(x - min)/(max - min) + 1), the GII 2020 log. COINr 1.1.14's `log_GII`
 *   computes this and then returns the untransformed x; here the transformed values are returned.
 * - log: ln(x); log1p: ln(1 + x).
 * - box-cox: x is shifted to x - min + 1, then (x^λ - 1)/λ, or ln x for λ = 0, as COINr's `boxcox`.
 */
export function transform(method: Exclude<TransformMethod, 'none'>, values: Float64Array, lambda = 1): Float64Array {
  const mn = minOf(values);
  const mx = maxOf(values);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    switch (method) {
      case 'log-ct':
        out[i] = Math.log(x - mn + 0.01 * (mx - mn));
        break;
      case 'log-ct-original':
        out[i] = Math.log(x - mn + 1);
        break;
      case 'log-gii':
        out[i] = Math.log(((mx - 1) * (x - mn)) / (mx - mn) + 1);
        break;
      case 'log':
        out[i] = Math.log(x);
        break;
      case 'log1p':
        out[i] = Math.log1p(x);
        break;
      case 'box-cox': {
        const shifted = x - mn + 1;
        out[i] = lambda === 0 ? Math.log(shifted) : (Math.pow(shifted, lambda) - 1) / lambda;
        break;
      }
    }
  }
  return out;
}
