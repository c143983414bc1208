import type { Normaliser } from './types.js';

/** Linear rescaling with fixed bounds: (x - lower) / (upper - lower) · scale (default 100), as COINr's `n_scaled`. */
export const scaled: Normaliser = (values, out, { params }) => {
  const lower = params.lower ?? 0;
  const upper = params.upper ?? 100;
  const factor = params.scale ?? 100;
  for (let i = 0; i < values.length; i++) out[i] = ((values[i] - lower) / (upper - lower)) * factor;
};
